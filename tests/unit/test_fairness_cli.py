"""`nexus fairness audit` (JSON shape, ledger anchor, one-line errors) and `POST /fairness/audit`
(token, paths confined to <home>/fairness, skops only, inline CSV)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from apicontract import check_answer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

pytest.importorskip("fairlearn")
pytest.importorskip("skops")

from nexus.api import create_app  # noqa: E402
from nexus.cli import app  # noqa: E402
from nexus.fairness import load_data, save_model  # noqa: E402
from nexus.fairness.baseline import baseline_model  # noqa: E402
from nexus.ledger import open_ledger  # noqa: E402
from nexus.services import build_node
from nexus.settings import load_settings  # noqa: E402

DATA = Path("/work/shared/data/credit-fairness")
for _up in Path(__file__).resolve().parents:
    if (_up / "shared" / "data" / "credit-fairness" / "german.data").is_file():
        DATA = _up / "shared" / "data" / "credit-fairness"
        break
GERMAN = DATA / "german.data"
pytestmark = pytest.mark.skipif(not GERMAN.is_file(), reason="shared UCI data not present")
runner = CliRunner()


@pytest.fixture(scope="module")
def model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ds = load_data(GERMAN)
    return save_model(
        baseline_model(ds.X, drop=["age_group"]).fit(ds.X, ds.y), tmp_path_factory.mktemp("m") / "german.skops"
    )


def test_cli_json_shape_and_anchor(nexus_home: Path, model_file: Path, tmp_path: Path) -> None:
    saved = tmp_path / "report.json"
    r = runner.invoke(
        app,
        [
            "fairness",
            "audit",
            str(model_file),
            str(GERMAN),
            "--protected",
            "sex",
            "--protected",
            "age_group",
            "--mitigate",
            "--json",
            "--out",
            str(saved),
        ],
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert set(out) == {"report", "fingerprint", "metric_1e6", "record"}
    rep = out["report"]
    assert rep["format"] == "nexus.fairness/1" and rep["evaluated_on"] == "held-out" and rep["rows"] == 300
    assert set(rep["attributes"]) == {"sex", "age_group"}
    assert set(rep["attributes"]["sex"]["groups"]) == {"female", "male"}
    assert {"accuracy", "demographic_parity_difference", "equalized_odds_difference", "groups"} <= set(
        rep["attributes"]["sex"]["mitigated"]
    )
    assert rep["source"]["model_file"].startswith("sha256:") and out["metric_1e6"] == rep["gate"]["value_1e6"]
    assert "sha256:" + hashlib.sha256(saved.read_bytes()).hexdigest() == out["fingerprint"]  # what the registry hashes
    with open_ledger(load_settings()) as ledger:
        rec = ledger.record(out["record"])
        assert rec.kind == "fairness.report" and rec.payload["fingerprint"] == out["fingerprint"]


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["--protected", "gender"], 81, "unknown protected column 'gender'"),
        (["--label", "nope"], 81, "no label column"),
    ],
)
def test_cli_bad_input_is_one_line(
    nexus_home: Path, model_file: Path, tmp_path: Path, args: list[str], code: int, fragment: str
) -> None:
    data = tmp_path / "g.csv"
    ds = load_data(GERMAN)
    ds.X.assign(credit=ds.y).to_csv(data, index=False)
    extra = args if "--label" in args else ["--label", "credit", *args]
    r = runner.invoke(app, ["fairness", "audit", str(model_file), str(data), "--no-anchor", *extra])
    assert r.exit_code == code, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in r.output


def test_cli_corrupt_model_is_one_line(nexus_home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.skops"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    r = runner.invoke(app, ["fairness", "audit", str(bad), str(GERMAN), "--no-anchor"])
    assert r.exit_code == 82 and r.stderr.startswith("error: ") and "corrupt" in r.stderr


def _dummy_model():  # type: ignore[no-untyped-def]
    from sklearn.dummy import DummyClassifier

    return DummyClassifier().fit([[0], [1]], [0, 1])


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, model_file: Path) -> Iterator[TestClient]:
    home: Path = tmp_path_factory.mktemp("fair-api")
    folder = home / "fairness"
    folder.mkdir()
    (folder / "german.skops").write_bytes(model_file.read_bytes())
    (folder / "german.data").write_bytes(GERMAN.read_bytes())  # a node's own copy, in a temp home
    save_model(_dummy_model(), folder / "m.joblib")
    (home / "secret.csv").write_text("a,label\n1,0\n")
    (folder / "link.csv").symlink_to(home / "secret.csv")  # a symlink leading out of the folder
    with build_node(load_settings(home=home, ledger_anchor=False)) as node:
        api = create_app(node)
        c = TestClient(api)
        c.headers["Authorization"] = f"Bearer {api.state.tokens.get()}"
        yield c


def test_api_audits_a_file_in_the_fairness_folder_and_anchors(client: TestClient) -> None:
    r = client.post("/fairness/audit", json={"model": "german.skops", "data": "german.data", "protected": ["sex"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["report"]["rows"] == 1000 and body["record"] is not None
    check_answer(client.app, "POST", "/fairness/audit", body)
    assert client.get(f"/ledger/records/{body['record']}").json()["kind"] == "fairness.report"
    ds = load_data(GERMAN)
    csv = ds.X.head(200).assign(credit=ds.y.head(200)).to_csv(index=False)
    r = client.post(
        "/fairness/audit", json={"model": "german.skops", "csv": csv, "label": "credit", "protected": ["sex"]}
    )
    assert r.status_code == 200, r.text
    assert r.json()["report"]["rows"] == 200 and r.json()["report"]["source"]["data"] == "inline"


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"model": "german.skops", "data": "../secret.csv", "label": "label"}, 400, "relative"),
        ({"model": "german.skops", "data": "/etc/passwd", "label": "label"}, 400, "relative"),
        ({"model": "german.skops", "data": "link.csv", "label": "label"}, 400, "outside"),
        ({"model": "m.joblib", "data": "german.data"}, 400, "only .skops"),
        ({"model": "german.skops"}, 400, "exactly one"),
        ({"model": "german.skops", "data": "german.data", "protected": ["gender"]}, 400, "unknown protected"),
    ],
)
def test_api_refuses_paths_outside_and_pickles(client: TestClient, body: dict, status: int, fragment: str) -> None:
    r = client.post("/fairness/audit", json=body)
    assert r.status_code == status and fragment in r.json()["error"], r.text


def test_api_needs_the_token(client: TestClient) -> None:
    bare = TestClient(client.app)
    assert bare.post("/fairness/audit", json={"model": "german.skops", "data": "german.data"}).status_code == 401
