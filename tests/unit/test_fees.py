"""Fee advisor: tips from busy blocks only, the fallback, base-fee bounds, monotone in the target, clear
errors; and a short calibration against a real anvil with bursts of load."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.exceptions import FeeAdviceError
from nexus.fees import FeeHistory, advise, predict_load

GWEI = 10**9


def hist(ratios: list[float], bars: list[int], base: list[int] | None = None) -> FeeHistory:
    base = base or [GWEI] * (len(ratios) + 1)
    return FeeHistory(100, base, ratios, [[b, b * 2, b * 3, b * 4, b * 5] for b in bars])


def test_blocks_under_ten_percent_do_not_count_for_tips() -> None:
    # the near-empty blocks report huge tips (one whale): they must not move the advice
    h = hist([0.05, 0.5, 0.05, 0.6, 0.09], [50 * GWEI, GWEI, 80 * GWEI, 2 * GWEI, 90 * GWEI])
    a = advise(h, 0.9, 1)
    assert a.tip_source == "history" and a.busy_blocks == 2
    assert a.max_priority_fee_per_gas <= 2 * GWEI + 1


def test_fallback_to_node_tip_when_no_busy_block() -> None:
    h = hist([0.0, 0.01, 0.09], [0, 0, 0])
    a = advise(h, 0.8, 2, fallback_tip=7)
    assert a.tip_source == "fallback" and a.max_priority_fee_per_gas == 7
    with pytest.raises(FeeAdviceError, match="fallback"):
        advise(h, 0.8, 2)


def test_max_fee_covers_base_fee_growth_within_the_protocol_bound() -> None:
    rising = [int(GWEI * 1.125**i) for i in range(21)]
    h = hist([1.0] * 20, [GWEI] * 20, rising)
    a = advise(h, 0.95, 3)
    assert a.predicted_base_fee >= rising[-1] * 1.125**3 * 0.999  # full blocks: assume the worst
    assert a.predicted_base_fee <= rising[-1] * 1.125**3 + 1
    assert a.max_fee_per_gas == a.predicted_base_fee + a.max_priority_fee_per_gas


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=3, max_size=30), st.data())
def test_more_certainty_never_costs_less(ratios: list[float], data: st.DataObject) -> None:
    bars = data.draw(st.lists(st.integers(0, 100 * GWEI), min_size=len(ratios), max_size=len(ratios)))
    h = hist(ratios, bars)
    lo, hi = sorted(data.draw(st.lists(st.floats(0.01, 0.99), min_size=2, max_size=2)))
    n = data.draw(st.integers(1, 10))
    a, b = advise(h, lo, n, fallback_tip=GWEI), advise(h, hi, n, fallback_tip=GWEI)
    assert b.max_priority_fee_per_gas >= a.max_priority_fee_per_gas and b.max_fee_per_gas >= a.max_fee_per_gas
    # a longer deadline never needs a higher tip
    assert advise(h, hi, n + 5, fallback_tip=GWEI).max_priority_fee_per_gas <= b.max_priority_fee_per_gas


def test_bad_targets_and_history_are_one_error() -> None:
    h = hist([0.5], [GWEI])
    for p, n in [(0.0, 3), (1.0, 3), (1.5, 3), (0.5, 0), (0.5, 5000)]:
        with pytest.raises(FeeAdviceError):
            advise(h, p, n)
    with pytest.raises(FeeAdviceError):
        FeeHistory.from_rpc({"baseFeePerGas": ["0x1"], "gasUsedRatio": [0.5], "oldestBlock": "0x1"})


def test_load_prediction_follows_recent_blocks() -> None:
    assert predict_load(hist([0.1] * 10 + [0.9] * 8, [GWEI] * 18)) > 0.8
    assert predict_load(hist([0.9] * 10 + [0.0] * 8, [GWEI] * 18)) < 0.1


def test_calibration_on_anvil_bursts() -> None:
    from anvil import AnvilNode, anvil_binary

    from nexus.fees.calibrate import JsonRpc, run_calibration

    if anvil_binary() is None:
        pytest.skip("anvil is not installed")
    per = 20
    with AnvilNode(extra_args=("--gas-limit", str(21_000 * per), "--accounts", "20")) as node:
        accounts = JsonRpc(node.url)("eth_accounts")
        r = run_calibration(node.url, rounds=25, accounts=accounts, targets=[(0.9, 3)], per_block=per, seed=3)
    by = {s["strategy"]: s for s in r["strategies"]}
    ours = by["advisor p=0.9 N=3"]
    assert ours["probes"] >= 8 and ours["observed"] >= 0.6
    # a real eth_feeHistory was read and advice was cheaper than ethers' flat 1.5 gwei tip
    assert ours["mean_tip_paid_gwei"] < by["ethers v5 default"]["mean_tip_paid_gwei"]


def test_the_node_prices_its_own_transactions_with_the_advisor(anvil) -> None:  # type: ignore[no-untyped-def]
    from anvil import dev_key
    from eth_account import Account

    from nexus.chain.accounts import Signer
    from nexus.chain.base import TxRequest
    from nexus.chain.rpc import RPCChain
    from nexus.fees.node import FeeAdvisorService
    from nexus.settings import load_settings

    chain = RPCChain(anvil.url, signer=Signer(Account.from_key(dev_key(7))))
    svc = FeeAdvisorService(load_settings(fee_advisor=True, fee_probability=0.9, fee_within=2))
    svc._chain, chain.fee_policy = chain, svc.policy
    sink = "0x000000000000000000000000000000000000bEEF"
    rc = chain.send(TxRequest(to=sink, value=1, gas=21_000))
    tx = chain._plain("eth_getTransactionByHash", rc.tx_hash)
    hist = FeeHistory.from_rpc(chain._plain("eth_feeHistory", hex(20), "latest", [5.0, 25.0, 50.0, 75.0, 95.0]))
    assert svc.advised == 1
    # not the default rule (2 x base + tip): the advisor's cap over a 2-block deadline
    base = int(chain._plain("eth_getBlockByNumber", hex(rc.block_number - 1), False)["baseFeePerGas"], 16)
    assert int(tx["maxFeePerGas"], 16) != 2 * base + int(tx["maxPriorityFeePerGas"], 16)
    assert int(tx["maxFeePerGas"], 16) <= hist.base_fees[-1] * 1.125**2 * 1.2 + int(tx["maxPriorityFeePerGas"], 16)
    # a failing policy falls back to the default rule instead of failing the send
    chain.fee_policy = lambda base, tip: (_ for _ in ()).throw(FeeAdviceError("no history"))
    chain.send(TxRequest(to=sink, value=1, gas=21_000))
    chain.fee_policy = None
