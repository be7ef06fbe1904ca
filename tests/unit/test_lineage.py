"""Lineage records and `training_run`: what a run records, upstream graphs, failures, in-toto."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import nexus
from nexus.exceptions import UnknownModel
from nexus.ledger import open_ledger
from nexus.ledger.lineage import (
    DATASET,
    MODEL,
    RUN,
    Lineage,
    code_identity,
    current_run,
    in_toto_statement,
    lineage_graph,
    training_run,
)


@pytest.fixture
def ledger(nexus_home: Path):  # type: ignore[no-untyped-def]
    with open_ledger() as led:
        yield led


def _csv(path: Path, n: int = 50) -> Path:
    path.write_text("x,y\n" + "".join(f"{i},{i % 2}\n" for i in range(n)))
    return path


def test_run_records_everything_and_links_model_to_data(ledger: Any, tmp_path: Path) -> None:
    data = _csv(tmp_path / "d.csv")
    with training_run(
        "t1", data={"train": data}, config={"epochs": 2}, params={"lr": 0.1}, seed=3, ledger=ledger
    ) as run:
        assert current_run() is run
        run.log_metrics(loss=0.5)
        run.log_metrics(step=1, acc=0.7)
        run.log_metrics(step=2, acc=0.8)
        weights = tmp_path / "w.bin"
        weights.write_bytes(b"weights")
        run.log_model(weights, name="net")
    assert current_run() is None
    p = run.record.payload  # type: ignore[union-attr]
    assert p["status"] == "ok" and p["params"] == {"lr": 0.1} and p["config"] == {"epochs": 2}
    assert p["seeds"]["seed"] == 3 and "random" in p["seeds"]["applied_to"]
    assert p["metrics"] == {"loss": 0.5, "acc": [[1, 0.7], [2, 0.8]]}
    assert p["data"]["train"]["fingerprint"] == nexus.fingerprint(data).digest
    assert p["models"][0]["fingerprint"] == nexus.fingerprint(weights).digest
    assert "pytest" in p["environment"]["packages"] and p["environment"]["python"]
    assert p["code"]["entry"]["path"] == Path(__file__).name
    lin = Lineage(ledger)
    model = lin.model_of(weights)
    assert model.kind == MODEL and model.payload["run"] == run.id  # type: ignore[index]
    graph = lineage_graph(lin, model)
    kinds = {n.record.kind for n in graph.walk()}
    assert kinds == {MODEL, RUN, DATASET}
    assert graph.nodes[run.id].upstream == [p["data"]["train"]["id"]]  # type: ignore[index]


def test_same_dataset_is_registered_once(ledger: Any, tmp_path: Path) -> None:
    lin = Lineage(ledger)
    a = lin.dataset(_csv(tmp_path / "a.csv"), name="a")
    b = lin.dataset(_csv(tmp_path / "b.csv"), name="b")  # same content elsewhere
    assert a.id == b.id and lin.find(a.fingerprint).id == a.id  # type: ignore[arg-type]


def test_transforms_chain_datasets(ledger: Any, tmp_path: Path) -> None:
    lin = Lineage(ledger)
    raw = lin.dataset(_csv(tmp_path / "raw.csv", 80), name="raw")
    step = lin.transform("dedupe", inputs=[raw.id], params={"keep": "first"})
    clean = lin.dataset(_csv(tmp_path / "clean.csv", 40), name="clean", parents=[raw.id], transform=step.id)
    graph = lineage_graph(lin, clean)
    assert set(graph.nodes) == {raw.id, step.id, clean.id}
    assert graph.nodes[step.id].upstream == [raw.id]


def test_failed_run_is_recorded_and_the_error_propagates(ledger: Any, tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError), training_run("boom", ledger=ledger) as run:
        run.log_model(b"never registered", name="m")
        1 / 0  # noqa: B018
    assert run.record.payload["status"] == "failed"  # type: ignore[union-attr]
    assert "ZeroDivisionError" in run.record.payload["error"]  # type: ignore[union-attr]
    assert run.models == []
    with pytest.raises(UnknownModel):
        Lineage(ledger).model_of(nexus.fingerprint(b"never registered").digest)


def test_decorator_makes_a_fresh_run_per_call_and_logs_the_returned_model(ledger: Any) -> None:
    @nexus.training_run("deco", params={"k": 1}, ledger=ledger)
    def train(v: int) -> bytes:
        assert current_run() is not None
        return bytes([v]) * 10

    train(1)
    first = train.last_run  # type: ignore[attr-defined]
    train(2)
    second = train.last_run  # type: ignore[attr-defined]
    assert first.id != second.id and len(first.models) == len(second.models) == 1
    assert first.models[0].fingerprint != second.models[0].fingerprint


def test_sklearn_model_with_saved_file_is_found_by_either(ledger: Any, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    import pickle

    from sklearn.linear_model import LogisticRegression

    X, y = [[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1]
    with training_run("sk", ledger=ledger) as run:
        clf = LogisticRegression(C=2.0).fit(X, y)
        (tmp_path / "clf.pkl").write_bytes(pickle.dumps(clf))
        run.log_model(clf, name="clf", path=tmp_path / "clf.pkl")
    assert run.record.payload["models"][0]["params"]["C"] == 2.0  # type: ignore[index]
    lin = Lineage(ledger)
    by_file = lin.model_of(tmp_path / "clf.pkl")
    assert by_file.id == run.models[0].id == lin.model_of(nexus.fingerprint(clf).digest).id
    st = in_toto_statement(lin, by_file, lineage_graph(lin, by_file))
    assert st["_type"] == "https://in-toto.io/Statement/v1"
    assert st["predicateType"] == "https://slsa.dev/provenance/v1"
    import hashlib

    digests = [s["digest"]["sha256"] for s in st["subject"]]
    assert hashlib.sha256((tmp_path / "clf.pkl").read_bytes()).hexdigest() in digests
    json.dumps(st)  # plain JSON


def test_code_identity_in_and_out_of_git(tmp_path: Path) -> None:
    assert code_identity(tmp_path)["git"] is None and "not in a git" in code_identity(tmp_path)["reason"]
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    assert code_identity(repo)["git"]["commit"] is None  # no commit yet
    (repo / "train.py").write_text("print(1)\n")
    git("add", ".")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "c")
    clean = code_identity(repo)["git"]
    assert len(clean["commit"]) == 40 and not clean["dirty"] and clean["diff_sha256"] is None
    (repo / "train.py").write_text("print(2)\n")
    one = code_identity(repo)["git"]
    (repo / "train.py").write_text("print(3)\n")
    two = code_identity(repo)["git"]
    assert one["dirty"] and two["dirty"] and one["diff_sha256"] != two["diff_sha256"]
    (repo / "train.py").write_text("print(1)\n")
    (repo / "notes.txt").write_text("untracked")
    untracked = code_identity(repo)["git"]
    assert untracked["dirty"] and untracked["untracked_files"] == 1
