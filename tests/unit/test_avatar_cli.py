"""`nexus avatar create|login` across invocations, their exit codes (157-159, one error line, nothing
changed), a JSON sample file as the microphone, and demo chapter 15."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from avatar_env import build_cache
from typer.testing import CliRunner

from nexus.cli import app

if importlib.util.find_spec("sktime") is None:
    pytest.skip("the voice data set ships in the sktime wheel ([avatar] extra)", allow_module_level=True)

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr


@pytest.fixture
def home(nexus_home: Path) -> Path:
    shutil.copytree(build_cache() / "contracts", nexus_home / "cache" / "contracts")
    return nexus_home


def test_create_then_login_in_another_invocation_and_exit_codes(home: Path, tmp_path: Path) -> None:
    made = run("avatar", "create", "--speaker", "9", "--json")
    assert made.exit_code == 0, made.stderr
    avatar = json.loads(made.stdout)
    assert avatar["soulbound"] is True and avatar["token_id"] == 1 and Path(avatar["template_file"]).is_file()
    did = avatar["did"]
    good = run("avatar", "login", "--did", did, "--speaker", "9", "--utterance", "2", "--json")
    assert good.exit_code == 0, good.stderr
    assert json.loads(good.stdout)["ok"] is True
    one_line_error(run("avatar", "login", "--did", did, "--speaker", "7"), 159, "does not match")
    one_line_error(run("avatar", "create", "--did", did), 157, "has an avatar already")
    one_line_error(run("avatar", "create", "--speaker", "10"), 158, "speakers 1-9")
    one_line_error(run("avatar", "login"), 158, "--did")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([[1.0, 2.0]]))
    one_line_error(run("avatar", "login", "--did", did, "--sample-file", str(bad)), 158, "12 numbers")
    # a sample file holding speaker 9's fresh utterance (frames x 12) logs in like the data set does
    from nexus.avatar.service import speaker_samples

    sample = tmp_path / "fresh.json"
    sample.write_text(json.dumps(speaker_samples(9, session=1, count=1, offset=4)[0].T.tolist()))
    assert run("avatar", "login", "--did", did, "--sample-file", str(sample)).exit_code == 0
    listing = json.loads(run("avatar", "create", "--speaker", "8", "--transferable", "--json").stdout)
    assert listing["token_id"] == 2 and listing["soulbound"] is False


def test_demo_chapter_15_runs_twice(home: Path) -> None:
    for _ in range(2):
        r = run("demo", "--chapter", "15")
        assert r.exit_code == 0, r.output
        assert "ok = True" in r.stdout and r.stdout.count("refused (") == 2 and "accepted" not in r.stdout
