"""Fraud model: CSV reading errors, JSON model safety, contributions, export fidelity, CLI score/train."""

from __future__ import annotations

import csv
import json
import math
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nexus.cli import app
from nexus.exceptions import ConfigError
from nexus.guard.fraud import FEATURE_COLUMNS, FraudModel, load_default_model, read_accounts

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "eth-fraud" / "accounts.csv"
needs_data = pytest.mark.skipif(not DATA.is_file(), reason="shared eth-fraud data not present")


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _synthetic(n: int, seed: int = 0, flag: bool = True) -> tuple[list[str], list[list[object]]]:
    rnd = random.Random(seed)
    header = (["FLAG"] if flag else []) + [" " + c if i % 7 == 0 else c for i, c in enumerate(FEATURE_COLUMNS)]
    header += ["ERC20 most sent token type"]
    rows = []
    for _ in range(n):
        y = int(rnd.random() < 0.3)
        feats = [rnd.gauss(2.0 * y, 1.0) if i < 5 else rnd.random() for i in range(len(FEATURE_COLUMNS))]
        if rnd.random() < 0.05:
            feats[3] = ""
        rows.append(([y] if flag else []) + feats + ["SomeToken"])
    return header, rows


def test_read_accounts_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing column"):
        read_accounts(_write(tmp_path / "a.csv", ["FLAG", "x"], [[0, 1]]))
    header, rows = _synthetic(3)
    rows[1][2] = "abc"
    with pytest.raises(ConfigError, match=r"b.csv:3: not a number"):
        read_accounts(_write(tmp_path / "b.csv", header, rows))
    (tmp_path / "c.csv").write_text("")
    with pytest.raises(ConfigError, match="is empty"):
        read_accounts(tmp_path / "c.csv")
    with pytest.raises(ConfigError, match="cannot read"):
        read_accounts(tmp_path / "missing.csv")
    header, rows = _synthetic(2, flag=False)
    X, y = read_accounts(_write(tmp_path / "d.csv", header, rows))
    assert y is None and len(X) == 2 and len(X[0]) == len(FEATURE_COLUMNS)
    with pytest.raises(ConfigError, match="no FLAG column"):
        read_accounts(tmp_path / "d.csv", need_label=True)


def test_shipped_model_is_json_and_explains_itself() -> None:
    m = load_default_model()
    assert 0 < m.thresholds["high_recall"] <= m.thresholds["high_precision"] < 1
    x = [0.0] * len(FEATURE_COLUMNS)
    bias, contrib = m.contributions(x)
    assert math.isclose(bias + sum(contrib), m.raw(x), rel_tol=1e-9, abs_tol=1e-9)
    assert m.decide(0.999) == "act" and m.decide(0.0) == "ok"
    assert m.decide((m.thresholds["high_recall"] + m.thresholds["high_precision"]) / 2) == "investigate"


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.one_of(st.floats(-1e6, 1e9, allow_nan=False), st.just(float("nan"))),
        min_size=len(FEATURE_COLUMNS),
        max_size=len(FEATURE_COLUMNS),
    )
)
def test_contributions_add_up_to_the_score(x: list[float]) -> None:
    m = load_default_model()
    bias, contrib = m.contributions(x)
    assert math.isclose(bias + sum(contrib), m.raw(x), rel_tol=1e-7, abs_tol=1e-7)
    assert 0.0 <= m.predict_proba([x])[0] <= 1.0


def test_model_files_are_validated(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    for text, match in [
        ("{not json", "cannot read model"),
        ('{"format": "pickle"}', "not a nexus-fraud-gbt/1"),
        ('{"format": "nexus-fraud-gbt/1", "features": ["a"]}', "other feature columns"),
    ]:
        bad.write_text(text)
        with pytest.raises(ConfigError, match=match):
            FraudModel.load(bad)
    good = load_default_model().to_json()
    good["trees"][0]["l"][0] = 10**6  # a child index outside the tree
    bad.write_text(json.dumps(good))
    with pytest.raises(ConfigError, match="malformed tree"):
        FraudModel.load(bad)


def test_export_matches_sklearn(tmp_path: Path) -> None:
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    from nexus.guard.fraud.train import export_hgb

    threadpool_limits(limits=1)  # an oversubscribed OpenMP pool is orders of magnitude slower

    header, rows = _synthetic(400, seed=2)
    X, y = read_accounts(_write(tmp_path / "s.csv", header, rows), need_label=True)
    clf = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, early_stopping=False).fit(np.asarray(X), y)
    m = export_hgb(clf, {"high_precision": 0.9, "high_recall": 0.2}, {})
    assert np.allclose(m.predict_proba(X), clf.predict_proba(np.asarray(X))[:, 1], atol=1e-6)
    m.save(tmp_path / "m.json")
    assert FraudModel.load(tmp_path / "m.json").predict_proba(X[:5]) == m.predict_proba(X[:5])


def test_cli_score_keeps_rows_in_order_and_ignores_flag(tmp_path: Path) -> None:
    header, rows = _synthetic(30, seed=4)
    with_flag = _write(tmp_path / "in.csv", header, rows)
    without = _write(tmp_path / "in2.csv", header[1:], [r[1:] for r in rows])
    runner = CliRunner()
    r1 = runner.invoke(app, ["guard", "score", str(with_flag), "--out", str(tmp_path / "o1.csv")])
    r2 = runner.invoke(app, ["guard", "score", str(without), "--out", str(tmp_path / "o2.csv"), "--explain", "2"])
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    o1 = list(csv.DictReader((tmp_path / "o1.csv").open()))
    o2 = list(csv.DictReader((tmp_path / "o2.csv").open()))
    assert [int(r["row"]) for r in o1] == list(range(30))
    assert [r["fraud_probability"] for r in o1] == [r["fraud_probability"] for r in o2]
    assert all(0.0 <= float(r["fraud_probability"]) <= 1.0 for r in o1)
    assert all(r["decision"] in ("act", "investigate", "ok") for r in o1)
    assert all(len(r["top_features"].split("; ")) == 2 for r in o2)


def test_cli_score_bad_input_is_one_line_and_nonzero(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.csv", ["FLAG", "nonsense"], [[1, 2]])
    r = CliRunner().invoke(app, ["guard", "score", str(bad), "--out", str(tmp_path / "o.csv")])
    assert r.exit_code == 2
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "missing column" in lines[0]
    r = CliRunner().invoke(app, ["guard", "score", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv")])
    assert r.exit_code == 2 and "cannot read" in r.output


def test_cli_train_writes_a_loadable_model(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    header, rows = _synthetic(300, seed=5)
    data = _write(tmp_path / "t.csv", header, rows)
    r = CliRunner().invoke(app, ["guard", "train", "--data", str(data), "--out", str(tmp_path / "m.json")])
    assert r.exit_code == 0, r.output
    m = FraudModel.load(tmp_path / "m.json")
    X, y = read_accounts(data, need_label=True)
    p = m.predict_proba(X)
    assert y is not None
    pos = [pi for pi, yi in zip(p, y) if yi]
    neg = [pi for pi, yi in zip(p, y) if not yi]
    assert sum(pos) / len(pos) > sum(neg) / len(neg)  # it learned the planted signal
    assert m.meta["rows"] == 300 and "cv_roc_auc" in m.meta


@needs_data
def test_shipped_model_ranks_real_fraud_above_benign() -> None:
    X, y = read_accounts(DATA)
    assert y is not None
    sample = list(range(0, len(X), 25))
    p = load_default_model().predict_proba([X[i] for i in sample])
    pos = [p[k] for k, i in enumerate(sample) if y[i]]
    neg = [p[k] for k, i in enumerate(sample) if not y[i]]
    wins = sum(1 for a in pos for b in neg if a > b) / (len(pos) * len(neg))
    assert wins > 0.9  # training data: a sanity check of the export, not a generalisation figure
