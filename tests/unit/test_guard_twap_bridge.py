"""The multi-block TWAP-pump rule and the unbacked-bridge rule on hand-built transactions: what
fires (a pumper collecting from a lender; a release or wrapped mint with no deposit) and what must
not (an arbitrageur restoring a knocked pool; a one-block push; someone else collecting; releases
matched by deposits of the same bridge protocol, fees included)."""

from __future__ import annotations

from eth_utils import keccak

from nexus.chain.types import Block, Log, Tx, TxReceipt
from nexus.guard import GuardContext, decode_tx
from nexus.guard.detectors import TwapPumpRule, UnbackedBridgeRule
from nexus.guard.targets import WatchTargets, make_target

A = "0x" + "11" * 20  # trader / attacker
B = "0x" + "22" * 20  # someone else
P = "0x" + "33" * 20  # pool
L = "0x" + "44" * 20  # lender reading the pool
U = "0x" + "55" * 20  # USD token
X = "0x" + "66" * 20  # ALT token
BR = "0x" + "77" * 20  # bridge side 1 (escrow)
W = "0x" + "88" * 20  # bridge side 2 (wrapped token)
BR2 = "0x" + "99" * 20  # another bridge protocol
ZERO = "0x" + "00" * 20
WAD = 10**18
T_TRANSFER = keccak(text="Transfer(address,address,uint256)")
T_SYNC = keccak(text="Sync(uint112,uint112)")
T_SWAP = keccak(text="Swap(address,uint256,uint256,uint256,uint256,address)")


def _t(a: str) -> bytes:
    return bytes(12) + bytes.fromhex(a[2:])


def _w(*xs: int) -> bytes:
    return b"".join(x.to_bytes(32, "big") for x in xs)


def _transfer(token: str, src: str, dst: str, amount: int) -> Log:
    return Log(token, (T_TRANSFER, _t(src), _t(dst)), _w(amount), 1, "0x", 0, 0)


def _view(n: int, sender: str, logs: list[Log], to: str = P):  # type: ignore[no-untyped-def]
    h = "0x" + keccak(f"tx{n}{sender}{len(logs)}".encode()).hex()
    tx = Tx(h, sender, to, 0, b"\x12\x34\x56\x78", 0, 100_000, 1, n, 0)
    rc = TxReceipt(h, n, 0, sender, to, True, 50_000, None, tuple(logs), None)
    block = Block(n, "0x" + keccak(str(n).encode()).hex(), "0x00", 1_700_000_000 + n, (tx,), (rc,))
    return decode_tx(tx, rc, block, None)


class Pool:
    """A constant-product USD/ALT pool that emits V2 Sync and Swap logs."""

    def __init__(self, r0: int = 1_000_000 * WAD, r1: int = 500_000 * WAD) -> None:
        self.r0, self.r1 = r0, r1

    def swap(self, who: str, usd_in: int = 0, alt_in: int = 0) -> list[Log]:
        if usd_in:
            out = usd_in * self.r1 // (self.r0 + usd_in)
            self.r0, self.r1 = self.r0 + usd_in, self.r1 - out
            amounts = (usd_in, 0, 0, out)
        else:
            out = alt_in * self.r0 // (self.r1 + alt_in)
            self.r0, self.r1 = self.r0 - out, self.r1 + alt_in
            amounts = (0, alt_in, out, 0)
        return [
            Log(P, (T_SYNC,), _w(self.r0, self.r1), 1, "0x", 0, 0),
            Log(P, (T_SWAP, _t(who), _t(who)), _w(*amounts), 1, "0x", 0, 1),
        ]


def _twap_ctx() -> GuardContext:
    return GuardContext(None, protocols={P: "uniswap-v2-pair", L: "lending"})


def _payout(n: int, to: str = A, sender: str = A):  # type: ignore[no-untyped-def]
    return _view(n, sender, [_transfer(U, L, to, 50_000 * WAD)], to=L)


def test_a_multi_block_pump_then_a_payout_from_the_reader_fires_with_the_loss() -> None:
    rule, ctx, pool = TwapPumpRule(), _twap_ctx(), Pool()
    for n in (10, 11, 12):
        assert rule.on_tx(_view(n, A, pool.swap(A, usd_in=150_000 * WAD)), ctx) == []
    found = rule.on_tx(_payout(14), ctx)
    assert len(found) == 1
    f = found[0]
    assert f.alert_id == "NEXUS-TWAP-MANIPULATION" and f.victims() == [L]
    assert f.metadata["victim_loss"] == {L: {U: str(50_000 * WAD)}}
    assert f.roles[P] == "manipulated-pool" and f.score > 0.5


def test_a_pump_that_nobody_collects_on_or_someone_else_collects_is_only_trading() -> None:
    rule, ctx, pool = TwapPumpRule(), _twap_ctx(), Pool()
    for n in (10, 11, 12):
        rule.on_tx(_view(n, A, pool.swap(A, usd_in=150_000 * WAD)), ctx)
    assert rule.on_tx(_payout(13, to=B, sender=B), ctx) == []  # B borrows at the pumped price: not B's push
    assert rule.on_tx(_view(14, A, [_transfer(U, B, A, WAD)], to=B), ctx) == []  # paid by a non-watched account


def test_a_one_block_push_is_not_a_multi_block_pump() -> None:
    rule, ctx, pool = TwapPumpRule(), _twap_ctx(), Pool()
    rule.on_tx(_view(10, A, pool.swap(A, usd_in=300_000 * WAD) + pool.swap(A, usd_in=300_000 * WAD)), ctx)
    assert rule.on_tx(_payout(11), ctx) == []


def test_an_arbitrageur_restoring_a_knocked_pool_then_borrowing_is_silent() -> None:
    rule, ctx, pool = TwapPumpRule(), _twap_ctx(), Pool()
    rule.on_tx(_view(5, B, pool.swap(B, usd_in=1_000 * WAD)), ctx)  # the pool trades normally
    rule.on_tx(_view(30, B, pool.swap(B, alt_in=150_000 * WAD)), ctx)  # knocked down ~40%
    for n in (31, 32, 33):  # A buys it back up in steps, toward the earlier price
        rule.on_tx(_view(n, A, pool.swap(A, usd_in=80_000 * WAD)), ctx)
    assert pool.r0 / pool.r1 < 2.1  # (not pushed past the old price)
    assert rule.on_tx(_payout(34), ctx) == []
    # ...but pushing on far past the old level and collecting is a pump again
    for n in (35, 36, 37):
        rule.on_tx(_view(n, A, pool.swap(A, usd_in=250_000 * WAD)), ctx)
    assert [f.alert_id for f in rule.on_tx(_payout(38), ctx)] == ["NEXUS-TWAP-MANIPULATION"]


def _bridge_ctx() -> GuardContext:
    ts = WatchTargets()
    for addr, proto in ((BR, "wrap-bridge"), (W, "wrap-bridge"), (BR2, "other-bridge")):
        ts.add(make_target(addr, "bridge", pausable=True, protocol=proto))
    ctx = GuardContext(None)
    ctx.set_targets(ts)
    return ctx


def test_a_release_with_no_deposit_is_unbacked_and_names_the_loss() -> None:
    rule, ctx = UnbackedBridgeRule(), _bridge_ctx()
    found = rule.on_tx(_view(1, B, [_transfer(U, BR, A, 700 * WAD)], to=BR), ctx)
    assert [f.alert_id for f in found] == ["NEXUS-BRIDGE-UNBACKED"]
    assert found[0].victims() == [BR] and found[0].metadata["victim_loss"] == {BR: {U: str(700 * WAD)}}


def test_each_deposit_backs_one_withdrawal_of_its_size_less_a_fee() -> None:
    rule, ctx = UnbackedBridgeRule(fee=0.01), _bridge_ctx()
    assert rule.on_tx(_view(1, A, [_transfer(U, A, BR, 1_000 * WAD)], to=BR), ctx) == []  # lock
    assert rule.on_tx(_view(2, B, [_transfer(U, BR, A, 995 * WAD)], to=BR), ctx) == []  # relayed, 0.5% fee
    again = rule.on_tx(_view(3, B, [_transfer(U, BR, A, 995 * WAD)], to=BR), ctx)  # the same deposit twice
    assert [f.alert_id for f in again] == ["NEXUS-BRIDGE-UNBACKED"]
    rule.on_tx(_view(4, A, [_transfer(U, A, BR, 1_000 * WAD)], to=BR), ctx)
    assert rule.on_tx(_view(5, B, [_transfer(U, BR, A, 900 * WAD)], to=BR), ctx)  # 10% less: not a fee


def test_wrapped_mints_need_a_lock_and_burns_back_home_releases() -> None:
    rule, ctx = UnbackedBridgeRule(), _bridge_ctx()
    forged = rule.on_tx(_view(1, A, [_transfer(W, ZERO, A, 500 * WAD)], to=W), ctx)
    assert [f.name for f in forged] == ["Unbacked bridge mint"] and forged[0].victims() == [W]
    assert rule.on_tx(_view(2, A, [_transfer(U, A, BR, 500 * WAD)], to=BR), ctx) == []  # lock home side
    assert rule.on_tx(_view(3, B, [_transfer(W, ZERO, A, 500 * WAD)], to=W), ctx) == []  # mint it
    assert rule.on_tx(_view(4, A, [_transfer(W, A, ZERO, 200 * WAD)], to=W), ctx) == []  # burn to go home
    assert rule.on_tx(_view(5, B, [_transfer(U, BR, A, 200 * WAD)], to=BR), ctx) == []  # released for it


def test_a_deposit_into_one_bridge_does_not_back_another_bridge() -> None:
    rule, ctx = UnbackedBridgeRule(), _bridge_ctx()
    rule.on_tx(_view(1, A, [_transfer(U, A, BR, 300 * WAD)], to=BR), ctx)
    assert rule.on_tx(_view(2, B, [_transfer(U, BR2, A, 300 * WAD)], to=BR2), ctx)
    # and an unwatched contract paying out is not a bridge at all
    assert rule.on_tx(_view(3, B, [_transfer(U, L, A, 300 * WAD)], to=L), ctx) == []
