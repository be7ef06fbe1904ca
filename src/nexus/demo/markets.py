"""Demo chapter 6, "Prediction markets": AI forecasters price the risk of an exploit; the market settles."""

from __future__ import annotations

import random

from rich.table import Table

from ..markets import Markets
from ..markets.agents import (
    CalibratedEnsemble,
    ChainVenue,
    Forecaster,
    GaussianNaiveBayes,
    LiquidityAgent,
    LogisticModel,
    SimulatedGuardSignals,
)
from ..markets.units import fmt_units
from ._render import short
from ._tour import DemoContext, chapter

__all__ = ["prediction_markets"]

W = 10**18
DAY = 86_400
QUESTION = "Will the sandbox lending pool be exploited this week?"
EXPLOIT_DAY = 4  # in this tour's (simulated) week the attack lands on day 5


@chapter(6, "Prediction markets")
def prediction_markets(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    chain = nx.chain
    markets = Markets(chain, nx.deployer)
    creator, resolver = chain.accounts[0], chain.accounts[5]
    names = ["logistic", "bayes", "ensemble", "liquidity"]
    accounts = dict(zip(names, chain.accounts[6:10]))
    markets.setup()
    markets.faucet(creator, 200 * W)
    token = markets.token()
    for addr in accounts.values():  # every agent starts the week with exactly 300 NXD
        held = token.balanceOf(addr)
        if held > 300 * W:
            token.transfer(creator, held - 300 * W, sender=addr)
        elif held < 300 * W:
            markets.faucet(addr, 300 * W - held)
    m = markets.create(QUESTION, ["Yes", "No"], 200 * W, fee_bps=50, dispute_window=3600,
                       close_time=chain.timestamp() + 7 * DAY, resolver=resolver, sender=creator)
    ctx.step(f"Market #{m.info.index} at {short(m.address)}: [bold]{QUESTION}[/] An LMSR market maker funded"
             f" with 200 NXD (b = {fmt_units(m.contract.B0())}): that is its worst-case loss, whatever happens."
             f" Resolver: {short(resolver)} (stands in for the oracle network; any contract can resolve).")

    # Forecasters learn P(exploit | guard signals) from 300 past weeks, then read this week's signals.
    X, y = SimulatedGuardSignals.history(300, seed=11)
    labels = [0 if v == 1 else 1 for v in y]  # market outcome 0 is "Yes" (exploited)
    signals = SimulatedGuardSignals(seed=5, exploit_day=EXPLOIT_DAY)
    noise = lambda x, rng: [v + rng.gauss(0, 0.05) for v in x]
    agents = [Forecaster("logistic", LogisticModel(), kelly=0.3, observe=noise),
              Forecaster("bayes", GaussianNaiveBayes(), kelly=0.3, observe=noise),
              Forecaster("ensemble", CalibratedEnsemble([LogisticModel(), GaussianNaiveBayes()]), kelly=0.3,
                         observe=noise),
              LiquidityAgent("liquidity", size=0.05)]
    for a in agents[:3]:
        a.model.fit(X, labels)  # type: ignore[attr-defined]
    ctx.step(f"Three forecasters (logistic regression, Bayes, a calibrated ensemble) trained on 300 past"
             f" weeks of {signals.label} [dim](SIMULATED: the guard's live findings plug in through"
             " GuardFindingsSignal)[/], plus a liquidity trader. Each day they trade when their belief"
             " beats the price, staking 30% of the Kelly amount:")
    venue, rng = ChainVenue(m, accounts), random.Random(6)
    table = Table("day", "guard signal: max score / critical / high", "beliefs P(yes)", "trades", "price of Yes")
    for day in range(EXPLOIT_DAY + 1):
        feats = signals.features(day)
        made = []
        for a in rng.sample(agents, len(agents)):
            made += a.act(venue, feats, rng)
        beliefs = " ".join(f"{a.beliefs[-1][0]:.2f}" for a in agents[:3])  # type: ignore[attr-defined]
        volume = sum(o.amount for o in made) / W
        trades = f"{len(made)} ({volume:.0f} NXD)" if made else "-"
        table.add_row(str(day + 1), f"{feats[0]:.2f} / {feats[1]:.0f} / {feats[2]:.0f}", beliefs, trades,
                      f"{m.prices()[0] / W:.3f}")
        if day < EXPLOIT_DAY:
            chain.time_travel(seconds=DAY)
    con.print(table)

    ctx.step("Day 5: the exploit happens. The resolver proposes [bold]Yes[/], which halts trading at once;"
             " after the one-hour dispute window anyone can finalize.")
    m.resolve("Yes")
    chain.time_travel(seconds=3601)
    m.finalize()
    pnl = Table("trader", "redeemed", "P&L (NXD)")
    for name, addr in accounts.items():
        paid = m.redeem(sender=addr) if m.contract.balanceOf(addr, 0) else 0
        pnl.add_row(name, fmt_units(paid), f"{(m.token.balanceOf(addr) - 300 * W) / W:+.2f}")
    surplus = m.withdraw_surplus()
    pnl.add_row("market maker", "-", f"{(surplus - 200 * W) / W:+.2f} (bound -200)")
    con.print(pnl)
    ctx.step("Winners redeemed 1 NXD per Yes share; the maker's loss stayed within its funding."
             " Try `nexus market list` and `nexus market simulate` for the forecasters' calibration.")
