"""Two judgements that need more than one number, on hand-built transactions: the anomaly
detector alarms only on an off-envelope transaction that extracted value (not on a big two-sided
trade), and the drain rule counts a borrower's collateral in another asset, valued at the last
pool price it saw, as backing for its loans."""

from __future__ import annotations

from eth_utils import keccak

from nexus.chain.types import Block, Log, Tx, TxReceipt
from nexus.guard import GuardContext, decode_tx
from nexus.guard.detectors import AnomalyDetector, EnvelopeModel
from nexus.guard.detectors.anomaly import extraction
from nexus.guard.detectors.defi import DrainRule

A = "0x" + "11" * 20  # trader / borrower
B = "0x" + "22" * 20  # another user
P = "0x" + "33" * 20  # USD/ALT pool
L = "0x" + "44" * 20  # lender
U = "0x" + "55" * 20  # USD
X = "0x" + "66" * 20  # ALT
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


def _view(n: int, sender: str, logs: list[Log], to: str):  # type: ignore[no-untyped-def]
    h = "0x" + keccak(f"tx{n}{sender}{len(logs)}".encode()).hex()
    tx = Tx(h, sender, to, 0, b"\x12\x34\x56\x78", 0, 100_000, 1, n, 0)
    rc = TxReceipt(h, n, 0, sender, to, True, 50_000, None, tuple(logs), None)
    block = Block(n, "0x" + keccak(str(n).encode()).hex(), "0x00", 1_700_000_000 + n, (tx,), (rc,))
    return decode_tx(tx, rc, block, None)


def _buy_alt(n: int, who: str, usd_in: int, r0: int = 1_000_000 * WAD, r1: int = 500_000 * WAD):  # type: ignore[no-untyped-def]
    """`who` swaps USD for ALT through P (reserves r0 USD, r1 ALT before): Transfers, Sync, Swap."""
    out = usd_in * r1 // (r0 + usd_in)
    logs = [
        _transfer(U, who, P, usd_in),
        _transfer(X, P, who, out),
        Log(P, (T_SYNC,), _w(r0 + usd_in, r1 - out), 1, "0x", 0, 2),
        Log(P, (T_SWAP, _t(who), _t(who)), _w(usd_in, 0, 0, out), 1, "0x", 0, 3),
    ]
    return _view(n, who, logs, to=P)


# --- anomaly: an off-envelope transaction must also have taken value from someone -----------
def _tight_model() -> EnvelopeModel:
    quiet = [[0.0] * 15 for _ in range(50)]  # fitted on nothing happening: every real tx is off it
    return EnvelopeModel(baseline="nothing").fit(quiet)


def test_a_big_two_sided_trade_is_not_an_anomaly_alarm_but_a_one_sided_payout_is() -> None:
    ctx = GuardContext(None, protocols={P: "uniswap-v2-pair", L: "lending"})
    trade = _buy_alt(1, A, 900_000 * WAD)  # moves the pool ~3.6x: far outside any envelope
    assert extraction(trade, ctx.protocols) is None
    assert AnomalyDetector(_tight_model()).on_tx(trade, ctx) == []
    assert AnomalyDetector(_tight_model(), corroborate=False).on_tx(trade, ctx)  # the envelope alone fires

    payout = _view(2, A, [_transfer(U, L, A, 10 * WAD), _transfer(U, L, B, 10 * WAD)], to=L)
    why = extraction(payout, ctx.protocols)
    assert why is not None and "only gained" in why
    (f,) = AnomalyDetector(_tight_model()).on_tx(payout, ctx)
    assert any(s.name == "value_extracted" and s.value == 1.0 for s in f.signals)


def test_a_third_party_that_only_loses_is_extraction_and_mints_are_not_parties() -> None:
    zero = "0x" + "00" * 20
    pull = _view(3, A, [_transfer(U, B, L, 5 * WAD), _transfer(X, zero, B, 1)], to=L)  # B pays, gets a mint
    watched = {L: "lending"}
    assert extraction(pull, watched) is None  # B got something back (a minted receipt): an exchange
    take = _view(4, A, [_transfer(U, B, L, 5 * WAD)], to=L)
    assert B in (extraction(take, watched) or "")


# --- drain rule: collateral in another asset backs a loan ---------------------------------
def _lender_ctx() -> GuardContext:
    ctx = GuardContext(None, protocols={L: "lending"})
    ctx._balances[(L, U)] = 1_000_000 * WAD  # what the lender holds (the book would read it once)
    return ctx


def _borrow_after_collateral(rule: DrainRule, ctx: GuardContext, alt: int, usd: int, price_seen: bool) -> list:  # type: ignore[type-arg]
    n = 10
    if price_seen:
        rule.on_tx(_buy_alt(n, B, 1_000 * WAD), ctx)  # someone trades the pool: ALT ~ 2 USD
    for i, view in enumerate(
        [
            _view(n + 1, A, [_transfer(X, A, L, alt)], to=L),  # post ALT collateral
            _view(n + 2, A, [_transfer(U, L, A, usd)], to=L),  # borrow USD against it
        ]
    ):
        found = rule.on_tx(view, ctx)
        ctx.apply(view)
        if i == 1:
            return found
    return []


def test_a_borrower_backed_by_collateral_in_another_asset_is_not_a_drain() -> None:
    # 200k USD is 20% of the lender: past the 10% share; 150k ALT at ~2 USD backs it
    assert _borrow_after_collateral(DrainRule(), _lender_ctx(), 150_000 * WAD, 200_000 * WAD, True) == []


def test_collateral_with_no_price_seen_or_worth_too_little_does_not_back_a_loan() -> None:
    (f,) = _borrow_after_collateral(DrainRule(), _lender_ctx(), 150_000 * WAD, 200_000 * WAD, False)
    assert f.alert_id == "NEXUS-PROTOCOL-DRAIN"
    (g,) = _borrow_after_collateral(DrainRule(), _lender_ctx(), 1_000 * WAD, 200_000 * WAD, True)
    assert int(g.metadata["amount"]) > 190_000 * WAD  # ~2k USD of ALT backs ~2k of the 200k


# --- share inflation on a vault that is not ERC-4626: a zero mint of its own share token --------
def test_a_watched_contract_minting_zero_shares_to_a_payer_is_share_inflation() -> None:
    from nexus.guard.detectors import ShareInflationRule

    zero = "0x" + "00" * 20
    vault, farm = B, P  # a vault with its own share token, its assets held by a strategy
    ctx = GuardContext(None, protocols={vault: "contract", farm: "contract"})

    def stake(n: int, shares: int, token: str = vault) -> list:  # type: ignore[type-arg]
        logs = [_transfer(U, A, farm, 2_000 * WAD), _transfer(token, zero, A, shares)]
        return ShareInflationRule().on_tx(_view(n, A, logs, to=vault), ctx)

    (f,) = stake(1, 0)
    assert f.alert_id == "NEXUS-SHARE-INFLATION" and "minted 0" in f.description
    assert stake(2, 10 * WAD) == []  # an ordinary stake
    assert stake(3, 0, token=X) == []  # a token nobody watches


class _PairCtx(GuardContext):
    """A context whose chain answers token0/token1 of the watched pair P (USD/ALT)."""

    def address_view(self, contract: str, which: str) -> str | None:
        return {"token0": U, "token1": X}.get(which) if contract == P else None


def test_with_no_swap_seen_a_watched_pairs_balances_price_the_collateral() -> None:
    ctx = _PairCtx(None, protocols={L: "lending", P: "uniswap-v2-pair"})
    ctx._balances[(L, U)] = 1_000_000 * WAD
    ctx._balances[(P, U)], ctx._balances[(P, X)] = 1_000_000 * WAD, 500_000 * WAD  # ALT = 2 USD
    assert _borrow_after_collateral(DrainRule(), ctx, 150_000 * WAD, 200_000 * WAD, False) == []
    unwatched = _PairCtx(None, protocols={L: "lending"})  # the same pair, not watched: no price
    unwatched._balances[(L, U)] = 1_000_000 * WAD
    assert _borrow_after_collateral(DrainRule(), unwatched, 150_000 * WAD, 200_000 * WAD, False)
