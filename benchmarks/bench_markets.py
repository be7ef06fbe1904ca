"""Prediction markets: gas per trade (2-16 outcomes), create/resolve/redeem gas, price accuracy
against a 50-digit reference, and forecasters' Brier score against the market and a naive baseline."""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import mpmath

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.contracts import Deployer  # noqa: E402
from nexus.markets import MarketMath, Markets, claim_for  # noqa: E402
from nexus.markets import fixedpoint as fp  # noqa: E402
from nexus.markets.agents import SimConfig, run_simulation  # noqa: E402
from nexus.markets.client import MAX_UINT  # noqa: E402
from nexus.oracle import deploy_contract  # noqa: E402

W = 10**18
CACHE = Path(__file__).resolve().parents[1] / ".pytest_cache" / "d" / "nexus-build"


def gas_rows(chain: EmbeddedChain, markets: Markets) -> list[dict]:
    creator, traders = chain.accounts[0], chain.accounts[1:6]
    markets.faucet(creator, 10**6 * W)
    for t in traders:
        markets.faucet(t, 10**7 * W)
    rows = []
    for n, alpha in ((2, 0), (4, 0), (8, 0), (16, 0), (2, 5 * 10**16), (8, 5 * 10**16)):
        t0 = chain.block_number()
        m = markets.create(
            "bench?", [f"o{i}" for i in range(n)], 1000 * W, alpha=alpha, fee_bps=30, dispute_window=0, sender=creator
        )
        create_gas = sum(
            r.gas_used
            for b in range(t0 + 1, chain.block_number() + 1)
            for r in chain.get_block(b).receipts
            if r.to == markets.factory.address
        )
        for t in traders:
            m.token.approve(m.address, MAX_UINT, sender=t)
        rng = random.Random(n)
        first, repeat, sells = [], [], []
        for k in range(4 * len(traders)):
            t, i = traders[k % len(traders)], rng.randrange(n) if k >= len(traders) else k % n
            new_position = m.contract.balanceOf(t, i) == 0
            rc = m.contract.buy(i, rng.randint(1, 50) * W, MAX_UINT, sender=t)
            (first if new_position else repeat).append(rc.gas_used)
        for t in traders:
            held = [m.contract.balanceOf(t, i) for i in range(n)]
            i = max(range(n), key=held.__getitem__)
            sells.append(m.contract.sell(i, held[i] // 2, 0, sender=t).gas_used)
        resolve = m.contract.propose(0, sender=m.info.resolver).gas_used
        redeem = [m.contract.redeem(sender=t).gas_used for t in traders if m.contract.balanceOf(t, 0)]
        surplus = m.contract.withdraw_surplus(sender=creator).gas_used
        rows.append(
            {
                "market": f"{'LS-LMSR' if alpha else 'LMSR'} n={n}",
                "create": create_gas,
                "buy (new position)": int(statistics.mean(first)) if first else "-",
                "buy (new, max)": max(first) if first else "-",
                "buy (existing)": int(statistics.mean(repeat)) if repeat else "-",
                "sell": int(statistics.mean(sells)),
                "resolve": resolve,
                "redeem": int(statistics.mean(redeem)) if redeem else "-",
                "surplus": surplus,
            }
        )
    return rows


def minimal_proxy(address: str) -> bytes:
    """Init code of an EIP-1167 minimal proxy delegating every call to `address` (written from the EIP)."""
    runtime = (
        bytes.fromhex("363d3d373d3d3d363d73")
        + bytes.fromhex(address[2:])
        + bytes.fromhex("5af43d82803e903d91602b57fd5bf3")
    )
    return bytes.fromhex("602d8060093d393df3") + runtime


def proxy_overhead(chain: EmbeddedChain, markets: Markets) -> dict:
    """What an EIP-1167 clone of LMSRMarket would cost per trade, measured: the same buys sent to a
    market and to a minimal proxy of it (the clone runs the same code, immutables included, on its
    own storage), plus the config reads a clone must do from storage instead of its code."""
    creator, traders = chain.accounts[0], chain.accounts[1:6]
    m = markets.create("proxy?", ["a", "b"], 1000 * W, fee_bps=30, dispute_window=0, sender=creator)
    rc = chain.deploy(minimal_proxy(m.address), sender=creator)
    clone = m.contract.__class__(chain, rc.contract_address, m.contract.abi, "clone")
    for t in traders:
        m.token.approve(m.address, MAX_UINT, sender=t)
        m.token.approve(clone.address, MAX_UINT, sender=t)
    warm = traders[0]
    for i in (0, 1):  # make both quantity words non-zero on both (the clone has no sentinel word)
        m.contract.buy(i, W, MAX_UINT, sender=warm)
        clone.buy(i, W, MAX_UINT, sender=warm)
    direct, proxied = [], []
    for k, t in enumerate(traders[1:]):
        shares = (5 + 7 * k) * W
        direct.append(m.contract.buy(k % 2, shares, MAX_UINT, sender=t).gas_used)
        proxied.append(clone.buy(k % 2, shares, MAX_UINT, sender=t).gas_used)
    hop = statistics.mean(p - d for p, d in zip(proxied, direct))
    # Config a trade reads: collateral (160 bits), n, fee, close time (40), alpha (60) and b0 or x0
    # (up to 117 bits) = at least 391 bits: two storage slots, each a cold SLOAD (2,100 gas) in a trade.
    config_sloads = 2 * 2100
    return {
        "buy_direct_new_position": int(statistics.mean(direct)),
        "buy_via_proxy": int(statistics.mean(proxied)),
        "delegatecall_hop": round(hop),
        "config_sloads_min": config_sloads,
        "clone_deploy_gas": rc.gas_used,
    }


def accuracy(samples: int = 400) -> dict:
    """Fixed-point C(q) and prices against mpmath at 50 digits, with the contract's integer b."""
    rng = random.Random(1)
    worst_cost, worst_price, worst_trade, worst_margin = 0.0, 0.0, 0.0, 0.0
    with mpmath.workdps(50):
        for _ in range(samples):
            n = rng.choice([2, 3, 4, 8, 16])
            mm = MarketMath(n, rng.randint(10**18, 10**24), rng.choice([0, 0, 3 * 10**16]))
            b = mm.b([0] * n)
            q = [rng.randint(0, 20 * b) if rng.random() < 0.8 else 0 for _ in range(n)]
            ref = mm.reference_cost(q)
            err = abs(mm.cost(q) - ref)
            worst_cost = max(worst_cost, float(err / ref))
            worst_margin = max(worst_margin, float(err / fp.margin(mm.b(q), n)))
            worst_price = max(
                worst_price,
                max(float(abs(mpmath.mpf(p) / W - r)) for p, r in zip(mm.prices(q), mm.reference_prices(q))),
            )
            i, shares = rng.randrange(n), rng.randint(W, 10 * b)
            after = list(q)
            after[i] += shares
            exact = mm.reference_cost(after) - ref
            worst_trade = max(worst_trade, float((mm.quote_buy(q, i, shares).cost - exact) / exact))
    return {
        "samples": samples,
        "max_rel_error_cost": worst_cost,
        "max_abs_error_price": worst_price,
        "max_rel_overcharge_trade": worst_trade,
        "max_error_over_margin": worst_margin,
    }


# Seeds the aggregation mechanism was tuned on (101-110) are never reported; these are held out
# (1, 2, 11 and 12 are the seeds issue 16 measured).
REPORT_SEEDS = (1, 2, 11, 12, 21, 22, 31, 32)
MECHANISMS = {
    "before: agents ignore the price, 1 pass": {"pooling": False, "passes": 1},
    "track-record consensus, 3 passes": {"pool": "record"},
    "learned stack, fixed funding": {"pool": "stack"},
    "learned stack + liquidity follows volume": {"pool": "stack", "maker": "volume"},
    # round 6: each forecaster infers the others' evidence from what they revealed
    "inferring forecasters (default), fixed funding": {},
    "inferring forecasters + liquidity follows volume": {"maker": "volume"},
}
WORLDS = ("dispersed", "shared")  # dispersed (default): each forecaster sees its own features
AGENTS = ("logistic", "bayes", "ensemble")


def forecasting(seeds: tuple[int, ...] = REPORT_SEEDS) -> list[dict]:
    """Final-round market Brier against the best single forecaster and the Bayes-optimal forecast
    ("truth"), seed by seed, for the old agents and the aggregating ones (150 events x 6 rounds)."""
    rows = []
    for world, (label, kw) in ((w, m) for w in WORLDS for m in MECHANISMS.items()):
        for seed in seeds:
            cfg = SimConfig(events=150, rounds=6, seed=seed, info=world, **kw)  # type: ignore[arg-type]
            rep = run_simulation(cfg)
            s = {k: v["brier"] for k, v in rep.scores.items()}
            best = min(AGENTS, key=lambda a: s[a])
            rows.append(
                {
                    "world": world,
                    "mechanism": label,
                    "seed": seed,
                    "market": round(s["market"], 4),
                    "best agent": f"{best} {s[best]:.4f}",
                    "truth": round(s["truth"], 4),
                    "market - best": round(s["market"] - s[best], 4),
                    "market - truth": round(s["market"] - s["truth"], 4),
                    # the Bayes-optimal forecast itself can lose to the best agent on 150 events
                    "truth - best": round(s["truth"] - s[best], 4),
                    "market log loss": round(rep.scores["market"]["log_loss"], 4),
                    "max loss / funding": round(rep.extra["max_loss_over_funding"], 3),
                    "mean funding": round(rep.extra["mean_funding"], 1),
                }
            )
    return rows


def oracle_resolve_gas(chain: EmbeddedChain, markets: Markets) -> dict:
    """Gas of resolving a 2-outcome market through OracleResolver from a settled assertion."""
    creator = chain.accounts[0]
    oo = deploy_contract(
        chain,
        "OptimisticOracle",
        chain.accounts[8],
        chain.accounts[9],
        3600,
        W // 10,
        cache_dir=CACHE / "contracts" if CACHE.is_dir() else None,
    )
    m = markets.create(
        "oracle?",
        ["Yes", "No"],
        1000 * W,
        dispute_window=0,
        close_time=chain.timestamp() + 60,
        resolver=f"oracle:{oo.address}",
        sender=creator,
    )
    bind = chain.get_block(chain.block_number()).receipts[-1].gas_used  # create() ends with the bind
    chain.time_travel(seconds=61)
    asserted = oo.assert_claim(claim_for(m.address), 0, value=W // 10)
    chain.time_travel(seconds=3600)
    settle = oo.settle(oo.decode(asserted)[0].args["assertion_id"]).gas_used
    assert m.oracle is not None
    return {
        "bind (at creation)": bind,
        "assert (on the oracle)": asserted.gas_used,
        "settle (on the oracle)": settle,
        "resolve (OracleResolver -> propose)": m.oracle.resolve()["gas_used"],
    }


def hub_adversarial_buy(chain: EmbeddedChain, hub: Any, n: int, setup: str, fresh: str) -> int:
    """Gas of the dearest buy we can construct: a trader's first position, overtaking the maximum
    (so every term is recomputed) with every other quantity distinct (no term reused), into the
    last quantity word, untouched until then (written from zero where no sentinel pre-paid it)."""
    hub.contract.create(
        "worst?", [f"o{i}" for i in range(n)], 1000 * W, 30, setup, chain.timestamp() + 10**6, sender=setup
    )
    mid = int(hub.contract.market_count()) - 1
    target = n - 1
    for j in range(n):
        if j >> 1 != target >> 1:
            hub.contract.buy(mid, j, (j + 1) * W // 3 + j, MAX_UINT, sender=setup)
    return int(hub.contract.buy(mid, target, 100 * W, MAX_UINT, sender=fresh).gas_used)


def hub_rows(chain: EmbeddedChain, markets: Markets) -> list[dict]:
    """Gas of the singleton MarketHub, measured like gas_rows (fee 0.3 %, 5 traders), plus the
    constructed worst case of a first buy (hub_adversarial_buy)."""
    from nexus.markets.hub import MarketHub

    creator, traders, fresh = chain.accounts[0], chain.accounts[1:6], chain.accounts[6:10]
    token = markets.token()
    hub = MarketHub.deploy(chain, token.address, CACHE if CACHE.is_dir() else None, sender=creator)
    markets.faucet(creator, 10**6 * W)
    for a in (creator, *traders, *fresh):
        markets.faucet(a, 10**7 * W)
        token.approve(hub.address, MAX_UINT, sender=a)
    rows = []
    for k, n in enumerate((2, 4, 8, 16)):
        outs = [f"o{i}" for i in range(n)]
        rc = hub.contract.create("bench?", outs, 1000 * W, 30, creator, chain.timestamp() + 10**6, sender=creator)
        mid = int(hub.contract.market_count()) - 1
        rng = random.Random(n)
        first, repeat, sells = [], [], []
        for k2 in range(4 * len(traders)):
            t, i = traders[k2 % len(traders)], rng.randrange(n) if k2 >= len(traders) else k2 % n
            new_position = hub.contract.balanceOf(t, mid, i) == 0
            g = hub.contract.buy(mid, i, rng.randint(1, 50) * W, MAX_UINT, sender=t).gas_used
            (first if new_position else repeat).append(g)
        for t in traders:
            held = [hub.contract.balanceOf(t, mid, i) for i in range(n)]
            i = max(range(n), key=held.__getitem__)
            sells.append(hub.contract.sell(mid, i, held[i] // 2, 0, sender=t).gas_used)
        resolve = hub.contract.resolve(mid, 0, sender=creator).gas_used
        redeem = [hub.contract.redeem(mid, sender=t).gas_used for t in traders if hub.contract.balanceOf(t, mid, 0)]
        surplus = hub.contract.withdraw_surplus(mid, sender=creator).gas_used
        rows.append(
            {
                "market": f"MarketHub n={n}",
                "create": rc.gas_used,
                "buy (new position)": int(statistics.mean(first)) if first else "-",
                "buy (new, max)": max(first) if first else "-",
                "buy (new, worst constructed)": hub_adversarial_buy(chain, hub, n, creator, fresh[k]),
                "buy (existing)": int(statistics.mean(repeat)) if repeat else "-",
                "buy (existing, max)": max(repeat) if repeat else "-",
                "sell": int(statistics.mean(sells)),
                "sell (max)": max(sells),
                "resolve": resolve,
                "redeem": int(statistics.mean(redeem)) if redeem else "-",
                "surplus": surplus,  # the hub pays the fee income with it
            }
        )
    return rows


def aligned(rows: list[dict]) -> list[dict]:
    """Every row with every column, in first-seen order ("-" where a row has no figure)."""
    cols = list(dict.fromkeys(c for r in rows for c in r))
    return [{c: r.get(c, "-") for c in cols} for r in rows]


def main_hub() -> None:
    """`python benchmarks/bench_markets.py hub`: singleton hub vs per-market contracts (gas only)."""
    with tempfile.TemporaryDirectory() as d:
        chain = EmbeddedChain(Path(d) / "chain")
        markets = Markets(chain, Deployer(chain, Path(d) / "deployments", CACHE if CACHE.is_dir() else None))
        markets.setup()
        rows = aligned(gas_rows(chain, markets)[:4] + hub_rows(chain, markets))
        chain.close()
    report(
        "markets_hub",
        rows,
        {
            "gnosis_lmsr_trade_gas": "161-262k (issue 16)",
            "goals": {"create": 250_000, "trade n=2": 80_000, "trade n=16": 130_000},
            "fee": "0.3 %; every hub trade records its income (fee + margin, units of 2**32 wei), paid with surplus",
        },
    )


def main_aggregation() -> None:
    """`python benchmarks/bench_markets.py aggregation`: only the aggregation table (no chain)."""
    started = time.time()
    fc = forecasting()
    report(
        "markets_aggregation",
        fc,
        {
            "seeds": list(REPORT_SEEDS),
            "tuning_seeds": list(range(101, 111)),
            "seconds": round(time.time() - started, 1),
        },
    )


DEFI = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "defi-incidents" / "incidents.csv"


def main_real(path: Path) -> None:
    """`python benchmarks/bench_markets.py real [incidents.csv]`: the real-data task (weekly DeFi
    exploit counts, time-ordered split 60/40), market vs forecasters vs climatology, 4 seeds
    (the seed only drives trading order and the liquidity trader; data and split are fixed)."""
    from nexus.markets.agents.realdata import defi_weekly_questions, run_real_market

    X, y, when = defi_weekly_questions(path)
    rows = []
    for seed in (0, 1, 2, 3):
        r = run_real_market(X, y, seed=seed)
        for name, s in r["scores"].items():
            rows.append(
                {"seed": seed, "forecast": name, "brier": round(s["brier"], 4), "log_loss": round(s["log_loss"], 4)}
            )
    report(
        "markets_real",
        rows,
        {
            "questions": len(X),
            "train": r["train"],
            "test": r["test"],
            "first_test_week": when[r["train"]],
            "last_test_week": when[-1],
            "yes_rate_test": r["yes_rate_test"],
            "max_maker_loss": r["max_maker_loss"],
        },
    )


def main() -> None:
    if sys.argv[1:] == ["aggregation"]:
        main_aggregation()
        return
    if sys.argv[1:] == ["hub"]:
        main_hub()
        return
    if sys.argv[1:2] == ["real"]:
        main_real(Path(sys.argv[2]) if len(sys.argv) > 2 else DEFI)
        return
    started = time.time()
    with tempfile.TemporaryDirectory() as d:
        chain = EmbeddedChain(Path(d) / "chain")
        markets = Markets(chain, Deployer(chain, Path(d) / "deployments", CACHE if CACHE.is_dir() else None))
        markets.setup()
        gas = aligned(gas_rows(chain, markets) + hub_rows(chain, markets))
        proxy = proxy_overhead(chain, markets)
        oracle = oracle_resolve_gas(chain, markets)
        chain.close()
    n2 = gas[0]
    proxy["projected_proxy_buy_new_position"] = (
        n2["buy (new position)"] + proxy["delegatecall_hop"] + proxy["config_sloads_min"]
    )
    proxy["blueprint_create"] = n2["create"]
    print("\n== EIP-1167 minimal proxy instead of a blueprint, 2 outcomes (measured hop + 2 cold SLOADs) ==")
    for k, v in proxy.items():
        print(f"{k:34s} {v:,}")
    print("\n== resolution through OracleResolver (optimistic oracle assertion) ==")
    for k, v in oracle.items():
        print(f"{k:34s} {v:,}")
    print("\n== accuracy of the fixed-point maths (contract == Python mirror, bit for bit) ==")
    acc = accuracy()
    for k, v in acc.items():
        print(f"{k:28s} {v:.3g}" if isinstance(v, float) else f"{k:28s} {v}")
    print("\n== aggregation: final market Brier vs best forecaster vs truth (150 events x 6 rounds) ==")
    fc = forecasting()
    cols = [
        "world",
        "seed",
        "market",
        "best agent",
        "truth",
        "market - best",
        "market - truth",
        "truth - best",
        "max loss / funding",
        "mean funding",
    ]
    for label in MECHANISMS:
        print(f"-- {label}")
        print("  ".join(f"{c:>14s}" for c in cols))
        for r in (r for r in fc if r["mechanism"] == label):
            print("  ".join(f"{str(r[c]):>14s}" for c in cols))
    print("\n== gas (embedded chain, Prague rules; fee 0.3%) ==")
    report(
        "markets",
        gas,
        {
            "accuracy": acc,
            "forecasting": fc,
            "minimal_proxy": proxy,
            "oracle_resolution": oracle,
            "seconds": round(time.time() - started, 1),
        },
    )


if __name__ == "__main__":
    main()
