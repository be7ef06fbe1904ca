"""`nexus game run|npc` end to end on the embedded chain (one-line errors with the game's exit codes), and
the /game API: open reads validated against their models, the episode write behind the token."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from apicontract import check_answer
from fastapi.testclient import TestClient
from game_env import build_cache
from typer.testing import CliRunner

from nexus.api import create_app
from nexus.cli import app
from nexus.game.npc import npc_address
from nexus.services import build_node
from nexus.settings import load_settings

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result


def ok(*args: str) -> dict:  # type: ignore[type-arg]
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr


def test_game_cli_and_api(nexus_home: Path) -> None:
    shutil.copytree(build_cache() / "contracts", nexus_home / "cache" / "contracts")  # compiled once per run
    before = ok("game", "npc", "merchant")
    assert before["deployed"] is False and before["players"] == [] and before["address"] == npc_address("merchant")
    one_line_error(run("game", "run", "--episodes", "0"), 155, "episodes must be")
    one_line_error(run("game", "run", "--npc", "dragon"), 156, "no NPC 'dragon'")
    one_line_error(run("game", "npc", "dragon"), 156, "no NPC 'dragon'")

    played = ok("game", "run", "--episodes", "1", "--seed", str(2**31 + 5), "--npc", "merchant", "--npc", "smith")
    by = {n["npc"]: n for n in played["npcs"]}
    assert set(by) == {"merchant", "smith"} and played["seeds"] == [2**31 + 5]
    for n in by.values():  # the chain played the simulator's game
        assert n["mean_revenue"] == n["simulated_revenue"] and n["gas"]["list"] > 0
    assert by["merchant"]["mean_revenue"] > by["smith"]["mean_revenue"]

    after = ok("game", "npc", "merchant", "--limit", "50")
    ep = by["merchant"]["episodes"][0]
    assert after["deployed"] and len(after["recent_offers"]) == ep["offers"]
    assert sum(p["paid"] for p in after["players"]) == ep["revenue"]
    assert after["holdings"] == by["merchant"]["holdings"]
    assert "merchant at" in run("game", "npc", "merchant").stdout

    with build_node(load_settings(home=nexus_home, ledger_anchor=False)) as node:
        api = create_app(node)
        client = TestClient(api)
        state = client.get("/game").json()
        check_answer(api, "GET", "/game", state)
        assert state["deployed"] and {n["name"] for n in state["npcs"]} == {"merchant", "smith", "pedlar"}
        assert state["escrow"]["TOOL"] == 0 and state["offers"] == []  # every offer was taken or cancelled
        npc = client.get("/game/npcs/merchant").json()
        check_answer(api, "GET", "/game/npcs/{name}", npc)
        assert client.get("/game/npcs/dragon").status_code == 404
        curve = client.get("/game/curve").json()
        check_answer(api, "GET", "/game/curve", curve)
        assert curve["baselines"]["learned"] > max(curve["baselines"]["fixed"], curve["baselines"]["markdown"])
        assert client.post("/game/episodes", json={}).status_code == 401
        client.headers["Authorization"] = f"Bearer {api.state.tokens.get()}"
        assert client.post("/game/episodes", json={"episodes": 0}).status_code == 422
        r = client.post("/game/episodes", json={"episodes": 1, "seed": 2**31 + 5, "npcs": ["pedlar"]})
        assert r.status_code == 200, r.text
        check_answer(api, "POST", "/game/episodes", r.json())
        assert r.json()["npcs"][0]["npc"] == "pedlar"
