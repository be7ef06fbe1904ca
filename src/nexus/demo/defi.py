"""Demo chapter 10, "DeFi intelligence": a credit-scored loan (signed score, explanation, liquidation
after a price drop), fee advice, the validator leaderboard and the difficulty controller, and the
portfolio agent against its benchmarks."""

from __future__ import annotations

import importlib.util

from rich.table import Table

from ..cli.lend import QUORUM, oracle_signers
from ..exceptions import LendingError
from ..lending import service as lending
from ._tour import DemoContext, chapter

__all__ = ["defi_intelligence"]

WAD = 10**18


@chapter(10, "DeFi intelligence")
def defi_intelligence(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    ctx.step("Deploy the credit pool; the oracle network's nodes (3 of 4) will sign borrowers' scores")
    nodes, signers = oracle_signers()
    pool = lending.ensure_pool(nx, nodes=nodes, quorum=QUORUM, model=lending.scorer_fingerprint())
    lender = keeper = nx.chain.accounts[1]
    fresh = [a for a in nx.chain.accounts[2:] if pool.contract.score_at(a) == 0]
    borrower = fresh[0] if fresh else nx.chain.accounts[2]  # a new borrower per tour while accounts last
    if pool.contract.principal(borrower):
        pool.token.mint(borrower, 10_000 * WAD, sender=borrower)
        lending.repay(pool, sender=borrower)
    feed = nx.deployer.attach()["SandboxPriceFeed"]
    feed.transact("set_price", 2_000 * WAD)  # a second tour starts from the same price
    pool.token.mint(lender, 10_000 * WAD, sender=lender)
    lending.deposit(pool, "5000", sender=lender)
    con.print(
        f"pool {pool.address}: {lending.pool_state(pool)['cash']} NXD to lend, ETH at"
        f" {lending.pool_state(pool)['price']} NXD"
    )

    if fresh:
        ctx.step("No loan opens without a valid, fresh score:")
        try:
            lending.borrow(pool, "100", "1", sender=borrower)
        except LendingError as e:
            con.print(f"[red]refused[/]: {e}")
    s = lending.score(pool, borrower, signers=signers[:QUORUM], fraud_probability=0.05)
    con.print(
        f"score {s['score']} / 10000 (P(default) {s['p_default']:.1%}), model {s['model'][:14]}…, "
        f"posted with {s['signers']} node signatures"
    )
    for r in s["reasons"]:
        con.print(f"  · {r['text']}")
    loan = lending.borrow(pool, "1000", "1", sender=borrower)
    con.print(
        f"borrowed {loan['principal']} NXD at {loan['rate_pct']}% against {loan['collateral_eth']} ETH"
        f" (collateral factor {loan['cf_pct']}%, health {loan['health_pct']}%)"
    )

    ctx.step("ETH falls to 1,100: the loan is under its threshold and a keeper liquidates it for the bonus")
    feed.transact("set_price", 1_100 * WAD)
    pool.token.mint(keeper, 2_000 * WAD, sender=keeper)
    out = lending.liquidate(pool, borrower, sender=keeper)
    con.print(
        f"liquidated: keeper repaid {out['debt_repaid']} NXD; the borrower's record now shows"
        f" {out['loan']['liquidations']} liquidation, which its next score will count"
    )

    ctx.step("Fee advice for 90% inclusion within 3 blocks (eth_feeHistory on RPC chains)")
    from ..fees.service import advise_fees

    adv = advise_fees(nx.chain, within=3, probability=0.9)
    con.print(
        f"maxFeePerGas {adv['max_fee_per_gas']} wei, maxPriorityFeePerGas {adv['max_priority_fee_per_gas']}"
        f" wei (tip from {adv['tip_source']}; the embedded chain has no base fee)"
    )

    ctx.step("Validators: Rated-style leaderboard on a simulated network, and PoW difficulty rules under shocks")
    from ..validators.pow import compare_rules
    from ..validators.service import leaderboard

    t = Table("validator", "effectiveness", "predicted next", "cluster", title="top 3", title_justify="left")
    for r in leaderboard(validators=60, epochs=100, top=3):
        t.add_row(str(r["validator"]), f"{r['effectiveness']:.4f}", f"{r['predicted_next']:.4f}", str(r["cluster"]))
    con.print(t)
    for r in compare_rules(blocks=3000, seeds=1):
        con.print(
            f"  {r['rule']}: block-time RMSE {r['rolling_mean_rmse']:.3f}, recovery"
            f" {r['mean_recovery_blocks']:.0f} blocks"
        )

    ctx.step("Portfolio agent (10% volatility target) vs buy-and-hold and monthly rebalancing")
    if importlib.util.find_spec("backtesting") is None:
        con.print("[dim]install the [defi] extra for the bundled GOOG series[/]")
        return
    from ..portfolio.service import backtest

    for r in backtest("GOOG")["strategies"]:
        con.print(
            f"  {r['strategy']:>13}: return {r['total_return']:.0%}, vol {r['volatility']:.1%},"
            f" max drawdown {r['max_drawdown']:.0%}, gas {r['gas_spent']:.0f}"
        )
