"""Watch targets as data (parse, TOML file, service functions, CLI) and the standard event decoders."""

from __future__ import annotations

from pathlib import Path

import pytest
from eth_abi import encode
from eth_utils import keccak, to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from nexus.chain.types import Block, Log, Tx, TxReceipt
from nexus.exceptions import WatchTargetError, WatchTargetNotFound
from nexus.guard import Finding, FindingType, GuardContext, Severity, decode_tx
from nexus.guard.monitor import Monitor
from nexus.guard.targets import STANDARDS, WatchTargets, make_target, parse_target
from nexus.guard.watchlist import add_target, describe_targets, load_targets, remove_target
from nexus.settings import load_settings

A = to_checksum_address("0x" + "11" * 20)
B = to_checksum_address("0x" + "22" * 20)
POOL = to_checksum_address("0x" + "33" * 20)


def _t(sig: str) -> bytes:
    return keccak(text=sig)


def _at(a: str) -> bytes:
    return bytes(12) + bytes.fromhex(a[2:])


def _view(logs: list[tuple[tuple[bytes, ...], bytes]], to: str = POOL):  # type: ignore[no-untyped-def]
    h = "0x" + "ab" * 32
    lg = tuple(Log(POOL, t, d, 5, h, 0, i) for i, (t, d) in enumerate(logs))
    tx = Tx(h, A, to, 0, b"", 0, 100_000, 1, 5, 0)
    rc = TxReceipt(h, 5, 0, A, to, True, 50_000, None, lg)
    return decode_tx(tx, rc, Block(5, "0x" + "cd" * 32, "0x00", 1, (tx,), (rc,)))


# --- targets ---------------------------------------------------------------------------------------
def test_parse_target_checksums_and_defaults_the_kind() -> None:
    t = parse_target("0x" + "ab" * 20 + ":ERC4626")
    assert t.address == to_checksum_address("0x" + "ab" * 20) and t.kind == "erc4626" and t.standard == "erc4626"
    assert parse_target("0x" + "ab" * 20).kind == "contract"
    assert parse_target("0x" + "ab" * 20 + ":bridge").standard == "bridge"
    for bad in ("0x12", "nothex", "0x" + "ab" * 20 + ":bad kind!", "0x" + "ab" * 20 + ":"):
        if bad.endswith(":"):
            assert parse_target(bad).kind == "contract"
            continue
        with pytest.raises(WatchTargetError):
            parse_target(bad)
    with pytest.raises(WatchTargetError):
        make_target(A, "erc20", abi=[{"type": "function", "name": "f"}])


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.binary(min_size=20, max_size=20),
            st.sampled_from(STANDARDS + ("amm", "x_1")),
            st.booleans(),
            st.text(max_size=20),
        ),
        max_size=6,
    )
)
def test_targets_file_round_trips(tmp_path_factory: pytest.TempPathFactory, rows: list) -> None:  # type: ignore[type-arg]
    ts = WatchTargets(guardian=B, operator=A)
    for raw, kind, pausable, name in rows:
        ts.add(
            make_target(
                "0x" + raw.hex(),
                kind,
                pausable=pausable,
                protocol=name,
                abi=[{"type": "event", "name": "Ping", "inputs": [{"type": "uint256", "name": "n"}]}],
            )
        )
    path = tmp_path_factory.mktemp("t") / "targets.toml"
    ts.save(path)
    back = WatchTargets.load(path)
    assert back.targets == ts.targets and back.guardian == B and back.operator == A


def test_a_malformed_file_is_an_error_and_a_missing_one_is_empty(tmp_path: Path) -> None:
    assert WatchTargets.load(tmp_path / "none.toml").targets == {}
    bad = tmp_path / "bad.toml"
    bad.write_text("[[target]]\nkind = 'erc20'\n")
    with pytest.raises(WatchTargetError):
        WatchTargets.load(bad)
    bad.write_text("[[target\n")
    with pytest.raises(WatchTargetError):
        WatchTargets.load(bad)


def test_service_functions_add_remove_and_reject_without_changing_anything(tmp_path: Path) -> None:
    s = load_settings(home=tmp_path)
    add_target(s, "0x" + "ab" * 20, "uniswap-v2-pair", protocol="my pair", pausable=True)
    with pytest.raises(WatchTargetError):
        add_target(s, "0x1234", "erc20")
    rows = describe_targets(load_targets(s), {to_checksum_address("0x" + "ab" * 20): 7})
    assert [(r["kind"], r["protocol"], r["pausable"], r["last_activity"]) for r in rows] == [
        ("uniswap-v2-pair", "my pair", True, 7)
    ]
    with pytest.raises(WatchTargetNotFound):
        remove_target(s, A)
    remove_target(s, "0x" + "ab" * 20)
    assert load_targets(s).targets == {}


def test_cli_watch_target_is_kept_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    from nexus.cli import app

    env = {"NEXUS_HOME": str(tmp_path)}
    r = CliRunner().invoke(app, ["guard", "watch", "--once", "--no-anomaly", "--target", f"{B}:erc4626"], env=env)
    assert r.exit_code == 0, r.output
    assert "1 contract(s)" in r.output
    r = CliRunner().invoke(app, ["guard", "watch", "--once", "--target", "0xnope:erc20"], env=env)
    assert r.exit_code == 43
    r = CliRunner().invoke(app, ["guard", "targets", "--json"], env=env)
    assert B in r.output and "erc4626" in r.output
    r = CliRunner().invoke(app, ["guard", "targets", "--remove", A], env=env)
    assert r.exit_code == 44


# --- decoders --------------------------------------------------------------------------------------
def test_uniswap_v2_sync_and_swap_give_a_swap_with_reserves() -> None:
    v = _view(
        [
            ((_t("Sync(uint112,uint112)"),), encode(["uint112", "uint112"], [1100, 910])),
            (
                (_t("Swap(address,uint256,uint256,uint256,uint256,address)"), _at(A), _at(B)),
                encode(["uint256"] * 4, [100, 0, 0, 90]),
            ),
        ]
    )
    assert len(v.swaps) == 1
    s = v.swaps[0]
    assert (s.amm, s.trader, s.amount_in, s.amount_out, s.reserve0, s.reserve1, s.zero_in) == (
        POOL,
        B,
        100,
        90,
        1100,
        910,
        True,
    )
    from nexus.guard.context import price_impacts

    move = price_impacts(v, GuardContext())[POOL]  # before: 1000/1000 -> after 910/1100
    assert move == pytest.approx(1 - (910 / 1100), rel=1e-9)


def test_uniswap_v3_swap_erc4626_lending_governor_nft_approval() -> None:
    q96 = 2**96
    v = _view(
        [
            (
                (_t("Swap(address,address,int256,int256,uint160,uint128,int24)"), _at(A), _at(B)),
                encode(["int256", "int256", "uint160", "uint128", "int24"], [-5, 10, 2 * q96, 1, 0]),
            ),
            ((_t("Deposit(address,address,uint256,uint256)"), _at(A), _at(B)), encode(["uint256"] * 2, [200, 100])),
            (
                (_t("Withdraw(address,address,address,uint256,uint256)"), _at(A), _at(B), _at(A)),
                encode(["uint256"] * 2, [50, 25]),
            ),
            (
                (_t("Supply(address,address,address,uint256,uint16)"), _at(B), _at(A), bytes(32)),
                encode(["address", "uint256"], [A, 77]),
            ),
            ((_t("Mint(address,uint256,uint256)"),), encode(["address", "uint256", "uint256"], [A, 9, 90])),
            ((_t("ProposalExecuted(uint256)"),), encode(["uint256"], [42])),
            (
                (_t("VoteCast(address,uint256,uint8,uint256,string)"), _at(A)),
                encode(["uint256", "uint8", "uint256", "string"], [42, 1, 1000, "yes"]),
            ),
            ((_t("Transfer(address,address,uint256)"), _at(A), _at(B), (7).to_bytes(32, "big")), b""),
            ((_t("Approval(address,address,uint256)"), _at(A), _at(B)), encode(["uint256"], [2**256 - 1])),
            ((_t("Initialized(uint8)"),), encode(["uint8"], [1])),
        ]
    )
    assert v.swaps[0].zero_in is False and v.swaps[0].amount_in == 10 and v.swaps[0].amount_out == 5
    assert (POOL, 4.0, "spot") in v.prices and (POOL, 2.0, "share") in v.prices
    assert [op[:2] for op in v.vault_ops] == [(POOL, "deposit"), (POOL, "withdraw")]
    assert (POOL, "supply", A, B, 77) in v.lending and (POOL, "supply", A, POOL, 9) in v.lending
    assert (POOL, "executed", 42) in v.governance and (POOL, A, 42, 1000) in v.votes
    assert v.nft_transfers == [(POOL, A, B, 7)] and v.approvals == [(POOL, A, B, 2**256 - 1)]
    assert v.admin == [(POOL, "initialized", "1")]
    assert v.transfers == []  # the ERC-721 Transfer is not an ERC-20 amount


def test_a_targets_own_abi_is_decoded() -> None:
    ev = {
        "type": "event",
        "name": "Bridged",
        "inputs": [{"type": "address", "name": "to", "indexed": True}, {"type": "uint256", "name": "amount"}],
    }
    ts = WatchTargets()
    ts.add(make_target(POOL, "bridge", abi=[ev]))
    ctx = GuardContext()
    ctx.set_targets(ts)
    lg = Log(POOL, (_t("Bridged(address,uint256)"), _at(B)), encode(["uint256"], [5]), 5, "0x", 0, 0)
    tx = Tx("0x01", A, POOL, 0, b"", 0, 1, 1, 5, 0)
    rc = TxReceipt("0x01", 5, 0, A, POOL, True, 1, None, (lg,))
    v = decode_tx(tx, rc, Block(5, "0x02", "0x00", 1, (tx,), (rc,)), None, ctx.abis)
    assert v.events == [(POOL, "Bridged", {"to": B, "amount": 5})]


# --- findings name their protocol --------------------------------------------------------------------
class _Chain:
    chain_id = 1337

    def block_number(self) -> int:
        return 0


def test_findings_carry_the_protocol_of_their_victim_and_targets_change_live() -> None:
    from nexus.guard.detectors.base import Detector

    class Always(Detector):
        name = "always"

        def on_tx(self, view, ctx):  # type: ignore[no-untyped-def]
            return [
                self.finding(
                    view,
                    title="x",
                    description="x",
                    severity=Severity.HIGH,
                    score=1,
                    threshold=1,
                    signals=[],
                    roles={A: "attacker", POOL: "victim"},
                    ftype=FindingType.EXPLOIT,
                )
            ]

    mon = Monitor(_Chain(), [Always()], start=1, traces=False)  # type: ignore[arg-type]
    v = _view([])
    blk = Block(1, "0x" + "ee" * 32, "0x00", 1, (v.tx,), (v.receipt,))
    assert mon.process_block(blk)[0].protocol == "unwatched"
    ts = WatchTargets()
    ts.add(make_target(POOL, "uniswap-v2-pair", protocol="DEX pair"))
    mon.set_targets(ts)
    f = mon.process_block(Block(2, "0x" + "ef" * 32, "0x00", 1, (v.tx,), (v.receipt,)))[0]
    assert f.protocol == "DEX pair" and f.to_dict()["protocol"] == "DEX pair"
    assert Finding.from_json(f.to_json()).protocol == "DEX pair"
    assert mon.ctx.last_activity[POOL] == 2
