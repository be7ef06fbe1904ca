"""`nexus lineage` and `nexus verify model`: graphs, in-toto export, anchoring and tampering."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import nexus
from nexus.cli import app

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0].lower()
    assert "Traceback" not in result.output


def _train(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data.csv"
    data.write_text("a,b\n" + "".join(f"{i},{i * i}\n" for i in range(100)))
    model = tmp_path / "model.bin"
    with nexus.training_run("cli", data={"train": data}, params={"depth": 2}) as r:
        model.write_bytes(b"trained weights")
        r.log_model(model, name="m")
        r.log_metrics(acc=0.9)
    return data, model


def test_lineage_json_text_and_in_toto(nexus_home: Path, tmp_path: Path) -> None:
    data, model = _train(tmp_path)
    out = run("lineage", str(model), "--json")
    assert out.exit_code == 0, out.output
    graph = json.loads(out.stdout)
    kinds = sorted(n["kind"] for n in graph["nodes"])
    assert kinds == ["lineage.dataset", "lineage.model", "lineage.run"]
    text = run("lineage", str(model))
    assert "run" in text.stdout and "acc=0.9" in text.stdout and "not anchored yet" in text.stdout
    target = tmp_path / "st.json"
    assert run("lineage", str(model), "--in-toto", str(target)).exit_code == 0
    st = json.loads(target.read_text())
    assert st["subject"][0]["name"] == "m" and st["predicate"]["buildDefinition"]["externalParameters"]["params"] == {
        "depth": 2
    }
    one_line_error(run("lineage", str(data), "--in-toto", str(target)), 32, "needs a model")


def test_verify_model_needs_anchoring_then_passes_and_catches_tampering(nexus_home: Path, tmp_path: Path) -> None:
    _, model = _train(tmp_path)
    one_line_error(run("verify", "model", str(model)), 23, "not anchored yet")
    assert run("ledger", "anchor").exit_code == 0
    ok = run("verify", "model", str(model), "--json")
    assert ok.exit_code == 0, ok.output
    report = json.loads(ok.stdout)
    assert report["ok"] and report["onchain"] and len(report["lineage"]["nodes"]) == 3
    assert all(n["verified"] for n in report["lineage"]["nodes"])
    text = run("verify", "model", str(model), "--offline")
    assert text.exit_code == 0 and "model verified" in text.stdout
    model.write_bytes(b"trained weightz")
    one_line_error(run("verify", "model", str(model)), 33, "not a registered model")
    one_line_error(run("verify", "model", str(tmp_path / "gone.bin")), 31, "no such file")


def test_lineage_of_unknown_things(nexus_home: Path, tmp_path: Path) -> None:
    one_line_error(run("lineage", "999"), 33, "no ledger record 999")
    one_line_error(run("lineage", "sha256:" + "ab" * 32), 33, "no model or dataset")
