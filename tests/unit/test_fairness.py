"""Fairness audit: metrics equal a numpy recomputation on the real UCI data, mitigation narrows the
demographic-parity gap on Adult, the report's fingerprint and ledger anchor, and bad inputs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("fairlearn")
pytest.importorskip("skops")

from nexus.exceptions import FairnessInputError, MissingExtra, ModelLoadError  # noqa: E402
from nexus.fairness import FairnessReport, audit, load_data, load_model, save_model  # noqa: E402
from nexus.fairness.baseline import baseline_model  # noqa: E402
from nexus.ledger import open_ledger  # noqa: E402

DATA = next(
    (
        p / "shared/data/credit-fairness"
        for p in Path(__file__).resolve().parents
        if (p / "shared/data/credit-fairness/adult.data").is_file()
    ),
    Path("/work/shared/data/credit-fairness"),
)  # shared/ sits beside the checkout
pytestmark = pytest.mark.skipif(not (DATA / "adult.data").is_file(), reason="shared UCI data not present")


@pytest.fixture(scope="module")
def german():  # type: ignore[no-untyped-def]
    ds = load_data(DATA / "german.data")
    return ds, baseline_model(ds.X, drop=["age_group"]).fit(ds.X, ds.y)


def _by_hand(y: np.ndarray, pred: np.ndarray, groups: np.ndarray) -> dict:
    out, sel, tpr, fpr = {}, [], [], []
    for g in sorted(set(groups.tolist())):
        m = groups == g
        acc = float((pred[m] == y[m]).sum() / m.sum())
        s = float(pred[m].sum() / m.sum())
        t = float(((pred == 1) & (y == 1) & m).sum() / ((y == 1) & m).sum())
        f = float(((pred == 1) & (y == 0) & m).sum() / ((y == 0) & m).sum())
        out[g] = (int(m.sum()), acc, s, t, f)
        sel.append(s), tpr.append(t), fpr.append(f)
    return {"groups": out, "dp": max(sel) - min(sel), "eo": max(max(tpr) - min(tpr), max(fpr) - min(fpr))}


def test_german_loader_reads_sex_from_column_9_and_age(german) -> None:  # type: ignore[no-untyped-def]
    ds, _ = german
    raw = [line.split() for line in (DATA / "german.data").read_text().splitlines()]
    assert len(ds) == len(raw) == 1000 and int(ds.y.sum()) == sum(r[20] == "1" for r in raw) == 700
    female = sum(r[8] in ("A92", "A95") for r in raw)
    assert int((ds.X["sex"] == "female").sum()) == female
    assert int((ds.X["age_group"] == "<=25").sum()) == sum(int(r[12]) <= 25 for r in raw)
    assert ds.X["age"].dtype.kind == "i" and ds.protected == ["sex", "age_group"]


def test_metrics_equal_an_independent_numpy_recomputation(german) -> None:  # type: ignore[no-untyped-def]
    ds, model = german
    report = audit(model, ds.X, ds.y, ["sex", "age_group"])
    pred, y = np.asarray(model.predict(ds.X)), np.asarray(ds.y)
    assert report.data["overall"]["accuracy"] == pytest.approx(float((pred == y).mean()), abs=1e-6)
    for col in ("sex", "age_group"):
        want, got = _by_hand(y, pred, ds.X[col].to_numpy().astype(str)), report.attributes[col]
        assert set(got["groups"]) == set(want["groups"])
        for g, (n, acc, sel, tpr, fpr) in want["groups"].items():
            row = got["groups"][g]
            assert row["count"] == n
            assert [row["accuracy"], row["selection_rate"], row["tpr"], row["fpr"]] == pytest.approx(
                [acc, sel, tpr, fpr], abs=1e-6
            )
        assert got["demographic_parity_difference"] == pytest.approx(want["dp"], abs=1e-6)
        assert got["equalized_odds_difference"] == pytest.approx(want["eo"], abs=1e-6)
    worst = max(report.attributes[c]["demographic_parity_difference"] for c in ("sex", "age_group"))
    assert report.metric_1e6 == round(worst * 1e6) and report.metric == pytest.approx(worst)


def test_mitigation_lowers_the_parity_gap_on_adult() -> None:
    ds = load_data(DATA / "adult.data")
    rows = np.random.default_rng(7).choice(len(ds), 8000, replace=False)
    X, y = ds.X.iloc[rows].reset_index(drop=True), ds.y.iloc[rows].reset_index(drop=True)
    model = baseline_model(X).fit(X, y)
    report = audit(model, X, y, ["sex"], mitigate=True, seed=1)
    sex = report.attributes["sex"]
    assert report.data["evaluated_on"] == "held-out" and report.data["mitigation"]["test_rows"] == 2400
    assert sex["demographic_parity_difference"] > 0.1  # the unconstrained model's gap by sex
    assert sex["mitigated"]["demographic_parity_difference"] < sex["demographic_parity_difference"] / 2
    assert sex["mitigated"]["accuracy"] > 0.7


def test_report_fingerprint_is_sha256_of_canonical_json_and_anchors_once(german, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ds, model = german
    report = audit(model, ds.X, ds.y, ["sex"])
    canonical = json.dumps(report.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert report.fingerprint() == "sha256:" + hashlib.sha256(canonical).hexdigest()
    assert FairnessReport.loads(report.dumps()).fingerprint() == report.fingerprint()
    edited = report.to_json()
    edited["gate"]["value_1e6"] = 0
    with pytest.raises(FairnessInputError, match="does not match"):
        FairnessReport.loads(json.dumps(edited))
    with open_ledger(path=tmp_path / "l.db") as ledger:
        rid = report.anchor(ledger)
        assert report.anchor(ledger) == rid and ledger.size() == 1
        rec = ledger.record(rid)
        assert rec.kind == "fairness.report" and rec.payload["fingerprint"] == report.fingerprint()
        assert rec.payload["metric_1e6"] == report.metric_1e6 and rec.payload["report"] == report.data


def test_bad_inputs_raise_one_clear_error(german, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ds, model = german
    with pytest.raises(FairnessInputError, match="unknown protected column 'gender'"):
        audit(model, ds.X, ds.y, ["gender"])
    with pytest.raises(FairnessInputError, match="groups"):
        audit(model, ds.X, ds.y, ["amount"])  # continuous: must be binned first
    table = tmp_path / "t.csv"
    ds.X.assign(credit=ds.y * 2 + (ds.X["age"] > 40)).to_csv(table, index=False)  # four values
    with pytest.raises(FairnessInputError, match="not binary"):
        load_data(table, "credit")
    with pytest.raises(FairnessInputError, match="no label column 'target'"):
        load_data(table, "target")
    good = tmp_path / "m.skops"
    save_model(model, good)
    corrupt = tmp_path / "bad.skops"
    corrupt.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(ModelLoadError, match="corrupt"):
        load_model(corrupt)
    pkl = tmp_path / "m.joblib"
    save_model(model, pkl)
    with pytest.raises(ModelLoadError, match="--trust-pickle"):
        load_model(pkl)
    assert type(load_model(pkl, trust_pickle=True)).__name__ == "Pipeline"
    with pytest.raises(ModelLoadError, match="no such model"):
        load_model(tmp_path / "none.skops")


def test_a_missing_extra_is_a_one_line_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from nexus.fairness._deps import require

    monkeypatch.setitem(sys.modules, "fairlearn.postprocessing", None)  # as if not installed
    with pytest.raises(MissingExtra, match=r"fairlearn; run: pip install 'symbiotic-nexus\[fair\]'"):
        require("fairlearn.postprocessing")


def test_every_public_name_resolves() -> None:
    import nexus.fairness as fairness

    for name in fairness.__all__:
        assert getattr(fairness, name) is not None and name in dir(fairness)


def test_group_metrics_match_a_hand_recomputation_property() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from nexus.fairness import group_metrics

    rows = st.tuples(st.integers(0, 1), st.integers(0, 1), st.sampled_from(["a", "b", "c"]))

    @settings(max_examples=40, deadline=None)
    @given(st.lists(rows, min_size=12, max_size=60))
    def check(data: list[tuple[int, int, str]]) -> None:
        y, pred, groups = (np.array(col) for col in zip(*data))
        for g in set(groups.tolist()):  # every group needs both labels for TPR and FPR to exist
            if len(set(y[groups == g].tolist())) < 2:
                return
        got, want = group_metrics(y, pred, groups), _by_hand(y, pred, groups.astype(str))
        for g, (n, acc, sel, tpr, fpr) in want["groups"].items():
            row = got["groups"][g]
            assert row["count"] == n and [
                row["accuracy"],
                row["selection_rate"],
                row["tpr"],
                row["fpr"],
            ] == pytest.approx([acc, sel, tpr, fpr], abs=1e-6)
        assert got["demographic_parity_difference"] == pytest.approx(want["dp"], abs=1e-6)
        assert got["equalized_odds_difference"] == pytest.approx(want["eo"], abs=1e-6)

    check()


def test_a_skops_file_with_untrusted_types_is_refused(tmp_path: Path) -> None:
    import os

    from sklearn.preprocessing import FunctionTransformer

    evil = tmp_path / "evil.skops"
    save_model(FunctionTransformer(func=os.system), evil)  # would call os.system on predict
    with pytest.raises(ModelLoadError, match="untrusted types: .*system"):
        load_model(evil)


def test_table_loader_fuzz_gives_a_dataset_or_one_input_error(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from nexus.fairness.service import inline_csv

    cell = st.one_of(st.sampled_from(["0", "1", "", "2", "x", "nan", "1.0", '"', ",", "\n"]), st.text(max_size=4))
    text = st.lists(st.lists(cell, min_size=1, max_size=4), min_size=0, max_size=8).map(
        lambda rows: "\n".join(",".join(r) for r in [["a", "label"], *rows])
    )

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.one_of(text, st.binary(max_size=64).map(lambda b: b.decode("latin-1"))))
    def check(body: str) -> None:
        path = tmp_path / "fuzz.csv"
        path.write_bytes(body.encode("utf-8", "surrogatepass"))
        for load in (lambda: load_data(path, "label"), lambda: inline_csv(body, "label", ["a"])):
            try:
                ds = load()
            except FairnessInputError:
                continue
            assert set(np.unique(ds.y).tolist()) <= {0, 1} and len(ds.X) == len(ds.y)

    check()
