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
    enrol = tmp_path / "enrol.json"
    enrol.write_text(json.dumps([u.T.tolist() for u in speaker_samples(8, session=0, count=10)]))
    made = run("avatar", "create", "--sample-file", str(enrol), "--transferable", "--json")
    assert made.exit_code == 0, made.stderr
    second = json.loads(made.stdout)
    assert second["token_id"] == 2 and second["soulbound"] is False and second["samples"] == 10
    assert run("avatar", "login", "--did", second["did"], "--speaker", "8").exit_code == 0


def test_a_sample_file_is_frames_of_12_even_when_it_has_12_frames() -> None:
    import numpy as np

    from nexus.avatar.model import from_frames
    from nexus.exceptions import AvatarInputError

    square = np.arange(144.0).reshape(12, 12)  # 12 frames of 12 numbers: ambiguous unless the format says
    assert (from_frames(square.tolist()) == square.T).all()
    for bad in ([], [[1.0] * 12] * 2, [[1.0] * 11] * 5, "x", [[float("nan")] * 12] * 5, [["a"] * 12] * 5):
        with pytest.raises(AvatarInputError):
            from_frames(bad)


def test_demo_chapter_15_runs_twice(home: Path) -> None:
    for _ in range(2):
        r = run("demo", "--chapter", "15")
        assert r.exit_code == 0, r.output
        assert "ok = True" in r.stdout and r.stdout.count("refused (") == 2 and "accepted" not in r.stdout
