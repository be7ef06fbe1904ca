"""`nexus oracle` commands, the oracle API router, node keys and EIP-712 digests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eth_account import Account
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nexus.cli import app
from nexus.exceptions import OracleError
from nexus.oracle import NodeKey, OracleReport, dev_node_key
from nexus.oracle._crypto import Signature, domain_separator, recover

runner = CliRunner()


def _one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_simulate_json_reports_every_round(nexus_home: Path) -> None:
    r = runner.invoke(
        app,
        ["oracle", "simulate", "--nodes", "4", "--byzantine", "1", "--faulty-sources", "2", "--rounds", "2", "--json"],
    )
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["f"] == 1 and out["safe"] and len(out["rounds"]) == 2
    for row in out["rounds"]:
        assert row["in_range"] and row["honest_range"][0] <= row["answer"] <= row["honest_range"][1]


@pytest.mark.parametrize(
    "args, code, fragment",
    [
        (["--nodes", "3"], 41, "--nodes must be 4..31"),
        (["--nodes", "40"], 41, "--nodes must be 4..31"),
        (["--byzantine", "9"], 41, "--byzantine"),
        (["--faulty-sources", "8"], 41, "--faulty-sources"),
        (["--rounds", "0"], 41, "--rounds"),
        (["--quorum", "1"], 41, "quorum"),
        (["--nodes", "four"], 2, "--nodes"),
    ],
)
def test_simulate_bad_input_is_one_line_and_nonzero(
    nexus_home: Path, args: list[str], code: int, fragment: str
) -> None:
    _one_line_error(runner.invoke(app, ["oracle", "simulate", *args]), code, fragment)


def test_up_then_feeds_and_the_api(nexus_home: Path) -> None:
    r = runner.invoke(app, ["oracle", "feeds"])
    assert r.exit_code == 0 and "no oracle feeds" in r.stdout
    r = runner.invoke(app, ["oracle", "up", "--nodes", "4", "--rounds", "2", "--interval", "0"])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count("answer") == 2
    r = runner.invoke(app, ["oracle", "feeds", "--json"])
    feeds = json.loads(r.stdout)["feeds"]
    assert [f["name"] for f in feeds] == ["SIM/USD"] and feeds[0]["latest_round"] == 2
    assert feeds[0]["nodes"] == 4 and feeds[0]["quorum"] == 2
    r = runner.invoke(app, ["oracle", "up", "--nodes", "4", "--rounds", "1", "--interval", "0"])
    assert "round 3" in r.stdout  # re-attached to the registered feed

    from nexus.api import create_app
    from nexus.node import Node
    from nexus.settings import load_settings

    with Node(load_settings(), services=[]) as node:
        client = TestClient(create_app(node))
        assert client.get("/oracle/feeds").json()[0]["latest_round"] == 3
        body = client.get("/oracle/feeds/SIM/USD/rounds", params={"limit": 2}).json()
        assert [r["round_id"] for r in body["rounds"]] == [3, 2]
        assert client.get("/oracle/feeds/nope/rounds").status_code == 404
        assert client.get("/oracle/feeds/SIM/USD/rounds", params={"limit": 0}).status_code == 400


def test_up_rejects_bad_node_counts(nexus_home: Path) -> None:
    _one_line_error(runner.invoke(app, ["oracle", "up", "--nodes", "2", "--rounds", "1"]), 41, "--nodes")


def test_node_keys_never_show_and_digests_match_eth_account() -> None:
    key = dev_node_key(1, "t")
    secret = key.export_hex()
    assert secret not in repr(key) and secret not in str(key)
    with pytest.raises(OracleError) as err:
        NodeKey.from_hex("zz" + secret[2:])
    assert secret[2:10] not in str(err.value)
    dom = domain_separator(1337, "0x" + "11" * 20)
    rep = OracleReport(1, 5, 1_700_000_000, (-200, -123, 50), 1)
    full = {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            "Report": [
                {"name": n, "type": t}
                for n, t in [
                    ("configVersion", "uint32"),
                    ("roundId", "uint64"),
                    ("observedAt", "uint64"),
                    ("observations", "int256[]"),
                ]
            ],
        },
        "primaryType": "Report",
        "domain": {"name": "NexusOracle", "version": "1", "chainId": 1337, "verifyingContract": "0x" + "11" * 20},
        "message": {"configVersion": 1, "roundId": 5, "observedAt": 1_700_000_000, "observations": [-200, -123, 50]},
    }
    signed = Account.sign_typed_data(bytes.fromhex(secret), full_message=full)
    assert signed.message_hash == rep.digest(dom)
    sig = key.sign(rep.digest(dom))
    assert (sig.r, sig.s, sig.parity + 27) == (signed.r, signed.s, signed.v)


@settings(max_examples=15, deadline=None)
@given(secret=st.integers(1, 2**255), digest=st.binary(min_size=32, max_size=32))
def test_property_recover_matches_eth_account(secret: int, digest: bytes) -> None:
    key = NodeKey(secret.to_bytes(32, "big"))
    sig = key.sign(digest)
    assert recover(digest, sig) == key.address
    assert Account._recover_hash(digest, vrs=(sig.parity + 27, sig.r, sig.s)) == key.address
    assert recover(digest, Signature(sig.parity, sig.r, 0)) is None
    assert Signature.from_hex(sig.to_hex()) == sig
