"""Demo chapter 6, "Prediction markets": forecasters trade on the live guard; the oracle network settles."""

from __future__ import annotations

import random
from typing import Any

from rich.table import Table

from ..exceptions import ManifestError
from ..guard import build_monitor
from ..guard.detectors.anomaly import load_default_anomaly
from ..markets import Markets
from ..markets.agents import (
    CalibratedEnsemble,
    ChainVenue,
    Forecaster,
    GaussianNaiveBayes,
    GuardFindingsSignal,
    HubVenue,
    LiquidityAgent,
    LogisticModel,
    SimConfig,
    SimulatedGuardSignals,
    run_simulation,
)
from ..markets.units import fmt_units
from ..oracle.onchain import deploy_contract
from ..sandbox import TrafficSimulator, deploy_sandbox, load_sandbox, sandbox_manifest
from ..sandbox.deploy import Sandbox
from ..sandbox.scenarios import get_scenario
from ._render import short
from ._tour import DemoContext, chapter

__all__ = ["prediction_markets"]

W = 10**18
DAY = 86_400
LIVENESS = 2 * 3600
QUESTION = "Will the sandbox lending pool be exploited this week?"
BENIGN_PER_DAY = 20
SETUP_DAY, EXPLOIT_DAY = 3, 4  # the attacker sets up on day 4 and strikes on day 5 (0-based 3, 4)
SCENARIO = "flash-oracle"  # flash-loan manipulation of the price the lending pool reads


def _sandbox(ctx: DemoContext) -> Sandbox:
    chain, st = ctx.nexus.chain, ctx.settings
    cache = st.cache_dir / "contracts"
    path = sandbox_manifest(st.deployments_dir, chain.chain_id)
    try:
        sb = load_sandbox(chain, path, cache)
    except ManifestError:
        sb = deploy_sandbox(chain, cache_dir=cache)
        sb.save(path)
    if sb["lending"].paused():  # an earlier tour tripped the breaker: the admin resumes
        sb["lending"].unpause(sender=sb.admin)
    return sb


def _hub_week(
    ctx: DemoContext,
    markets: Markets,
    agents: list[Any],
    accounts: dict[str, str],
    found: list[dict[str, Any]],
    starts: list[int],
    close: int,
    resolver: str,
) -> HubVenue:
    """The same question and the same days' guard features, traded in a MarketHub market."""
    chain = ctx.nexus.chain
    markets.faucet(chain.accounts[0], 200 * W)
    hm = markets.create_on_hub(
        QUESTION, ["Yes", "No"], 200 * W, fee_bps=50, close_time=close, resolver=resolver, sender=chain.accounts[0]
    )
    create_gas = sum(r.gas_used for r in chain.get_block(hm.info.block).receipts if r.to == hm.address)
    venue, rng = HubVenue(hm, accounts), random.Random(7)
    path = []
    for day in range(len(starts)):
        feats = GuardFindingsSignal(found, day_starts=starts).features(day)
        for a in rng.sample(agents, len(agents)):
            a.act(venue, feats, rng)
        path.append(f"{hm.prices()[0] / W:.2f}")
    mean_gas = sum(venue.gas) // max(1, len(venue.gas))
    ctx.step(
        f"The same question as hub market [bold]{hm.ref}[/] in the singleton MarketHub {short(hm.address)}:"
        f" creating it took {create_gas:,} gas (a few storage writes, no contract deployment), and the"
        f" forecasters' {len(venue.gas)} trades on the same days' guard features cost {mean_gas:,} gas on"
        f" average. Price of Yes day by day: {' → '.join(path)}. It is listed with the others"
        f" (`nexus market list`, the API's /markets/{hm.ref}, the dashboard's Markets view);"
        " `nexus market migrate` copies open per-market contracts onto the hub."
    )
    return venue


def _versus_best(ctx: DemoContext) -> None:
    """The market against its best forecaster on the same events: one live week cannot score a
    forecast, so this runs the seeded simulation (exact contract maths, known Bayes-optimal truth)."""
    rep = run_simulation(SimConfig(events=40, rounds=6, seed=6))
    s = {k: v["brier"] for k, v in rep.scores.items()}
    agents = ("logistic", "bayes", "ensemble")
    best = min(agents, key=s.__getitem__)
    table = Table("forecast (last round, same 40 events, dispersed information)", "Brier", "log loss")
    for k in ("market", *agents, "truth", "naive"):
        table.add_row(k, f"{s[k]:.3f}", f"{rep.scores[k]['log_loss']:.3f}")
    ctx.console.print(table)
    gap = s["market"] - s[best]
    verdict = (
        f"the market's final price [bold]beat[/] its best forecaster ({best}) by {-gap:.3f} Brier"
        if gap <= 0
        else f"the market's final price did [bold]not[/] beat its best forecaster ({best}): {gap:+.3f} Brier"
    )
    luck = (
        f" On so few events even the Bayes-optimal forecast ({s['truth']:.3f}) scores worse than {best}:"
        " 40 events cannot rank forecasters this close."
        if s["truth"] > s[best]
        else f" The Bayes-optimal forecast scores {s['truth']:.3f}."
    )
    truth_gap = s["market"] - s["truth"]
    ctx.step(
        f"Scored over many events (`nexus market simulate`, 40 simulated events, seed 6): {verdict}.{luck}"
        f" The market is {truth_gap:+.3f} Brier from the Bayes-optimal forecast. Each forecaster sees"
        " only its own part of the evidence (the default dispersed world); the price aggregates it:"
        " every forecaster's first order shows its belief on the tape; each then infers what the others"
        " saw from their beliefs and its own features (`InferringForecaster`), and the price moves to"
        " the pool of those inferences. Held-out seeds, both worlds:"
        " `python benchmarks/bench_markets.py aggregation`."
    )


def _day_label(findings: list[Any]) -> str:
    if not findings:
        return "none"
    counts: dict[str, int] = {}
    for f in findings:
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    return ", ".join(f"{n} {sev}" for sev, n in sorted(counts.items()))


@chapter(6, "Prediction markets")
def prediction_markets(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    chain, cache = nx.chain, ctx.settings.cache_dir / "contracts"
    sb = _sandbox(ctx)
    markets = Markets(chain, nx.deployer)
    creator, arbiter, watcher = chain.accounts[0], chain.accounts[4], chain.accounts[5]
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

    # The oracle network's optimistic oracle settles the question: a yes/no fact with evidence.
    oo = deploy_contract(chain, "OptimisticOracle", arbiter, watcher, LIVENESS, W // 10, cache_dir=cache)
    m = markets.create(
        QUESTION,
        ["Yes", "No"],
        200 * W,
        fee_bps=50,
        dispute_window=3600,
        close_time=chain.timestamp() + 7 * DAY,
        resolver=f"oracle:{oo.address}",
        sender=creator,
    )
    ctx.step(
        f"Market #{m.info.index} at {short(m.address)}: [bold]{QUESTION}[/] An LMSR market maker funded"
        f" with 200 NXD (b = {fmt_units(m.contract.B0())}): that is its worst-case loss, whatever happens."
        f" It is resolved by the oracle network: the OracleResolver contract reads a bonded assertion on"
        f" the optimistic oracle {short(oo.address)} (liveness 2 h, disputes to an arbiter) after the"
        " close, then the market's own one-hour dispute window applies."
    )

    # Forecasters: trained on past weeks, then reading this week's live guard findings.
    X, y = SimulatedGuardSignals.history(300, seed=11)
    labels = [0 if v == 1 else 1 for v in y]  # market outcome 0 is "Yes" (exploited)
    noise = lambda x, rng: [v + rng.gauss(0, 0.05) for v in x]
    agents = [
        Forecaster("logistic", LogisticModel(), kelly=0.3, observe=noise),
        Forecaster("bayes", GaussianNaiveBayes(), kelly=0.3, observe=noise),
        Forecaster("ensemble", CalibratedEnsemble([LogisticModel(), GaussianNaiveBayes()]), kelly=0.3, observe=noise),
        LiquidityAgent("liquidity", size=0.05),
    ]
    for a in agents[:3]:
        a.model.fit(X, labels)  # type: ignore[attr-defined]
    mon = build_monitor(
        chain, targets=sb.watch_targets(), anomaly=load_default_anomaly(), start=chain.block_number() + 1
    )
    sim = TrafficSimulator(sb, seed=6, accounts=20)
    sim.setup()
    mon.poll()  # the users' funding: not part of the week
    ctx.step(
        "Three forecasters (logistic regression, Bayes, a calibrated ensemble) learned P(exploit | guard"
        " features) from 300 past weeks. [dim]Those training weeks are SIMULATED (SimulatedGuardSignals:"
        " synthetic findings on the same three features); we have no record of real past weeks.[/] This"
        " week's features come from the [bold]real guard[/] (the chapter 4 monitor) watching live sandbox"
        f" traffic ({BENIGN_PER_DAY} benign transactions a day), through GuardFindingsSignal: the strongest"
        " finding (how far past its detector's threshold) and the counts of critical and high findings so far."
        " Each day they trade when their belief beats the price, staking 30% of the Kelly amount; a liquidity"
        " trader adds noise."
    )

    venue, rng = ChainVenue(m, accounts), random.Random(6)
    scenario = get_scenario(SCENARIO)(sb, 6, cache)
    scenario.price = sb["amm"].spot_price() / W
    before = scenario.holdings(scenario.price)
    found: list[dict[str, Any]] = []
    prep: list[dict[str, Any]] = []
    starts: list[int] = []
    table = Table("day", "new guard findings", "features", "beliefs P(yes)", "trades", "price of Yes")
    for day in range(EXPLOIT_DAY + 1):
        starts.append(chain.block_number() + 1)
        sim.run(BENIGN_PER_DAY)
        found += [f.to_json() for f in mon.poll()]
        if day == SETUP_DAY:  # the attacker funds itself, deploys its contract, posts collateral
            scenario.prepare()
            prep = [f.to_json() for f in mon.poll()]
            found += prep
        if day == EXPLOIT_DAY:  # the exploit, with the guard (and its breaker) running between steps
            for _, step in scenario.steps():
                step()
                found += [f.to_json() for f in mon.poll()]
        signal = GuardFindingsSignal(found, day_starts=starts)
        feats = signal.features(day)
        made = []
        for a in rng.sample(agents, len(agents)):
            made += a.act(venue, feats, rng)
        beliefs = " ".join(f"{a.beliefs[-1][0]:.2f}" for a in agents[:3])  # type: ignore[attr-defined]
        volume = sum(o.amount for o in made) / W
        table.add_row(
            str(day + 1),
            _day_label(signal.on_day(day)),
            f"{feats[0]:.2f} / {feats[1]:.0f} / {feats[2]:.0f}",
            beliefs,
            f"{len(made)} ({volume:.0f} NXD)" if made else "-",
            f"{m.prices()[0] / W:.3f}",
        )
        chain.time_travel(seconds=DAY)
    con.print(table)
    extracted = scenario.holdings(scenario.price) - before - scenario.capital
    critical = [f for f in found if f["severity"] == "Critical"]
    paused = [a.name for a in (mon.breaker.actions if mon.breaker else []) if a.ok]
    ctx.step(
        f"Day 4: the attacker's set-up (funding, deploying its contract, posting collateral) drew"
        f" {len(prep)} guard finding(s). Day 5: the {SCENARIO} exploit took {extracted:,.0f} USD from the"
        f" lending pool; the guard raised {len(critical)} critical finding(s)"
        + (f" and its breaker paused {', '.join(paused)}" if paused else "")
        + "."
    )

    hub_venue = _hub_week(ctx, markets, agents, accounts, found, starts, m.info.close_time, watcher)

    chain.time_travel(seconds=m.info.close_time - chain.timestamp())
    hub_venue.settle(0)
    con.print(
        f"  {hub_venue.hub_market.ref}: its resolver names Yes (final at once: hub markets have no dispute"
        " window yet); the agents redeem there."
    )
    link = m.oracle
    assert link is not None
    evidence = critical[0]["txHash"] if critical else "none"
    aid = link.assert_outcome("Yes", W // 10, sender=watcher)
    ctx.step(
        f"The week closes. A watcher asserts [bold]Yes[/] on the optimistic oracle (assertion #{aid}, bond"
        f" 0.1 ether; evidence: the guard's critical finding on tx {evidence[:14]}…). Nobody disputes it"
        " within the 2-hour liveness, so it settles true; anyone may then call the resolver:"
    )
    chain.time_travel(seconds=LIVENESS)
    res = link.resolve()
    con.print(
        f"  OracleResolver.resolve: proposed [bold]{res['outcome']}[/] from assertion #{res['evidence']}"
        f" (gas {res['gas_used']:,}); market {res['status']}, disputable for one hour."
    )
    chain.time_travel(seconds=3601)
    m.finalize()
    pnl = Table("trader", "redeemed", "P&L, both markets (NXD)")
    for name, addr in accounts.items():
        paid = m.redeem(sender=addr) if m.contract.balanceOf(addr, 0) else 0
        pnl.add_row(name, fmt_units(paid), f"{(m.token.balanceOf(addr) - 300 * W) / W:+.2f}")
    surplus = m.withdraw_surplus()
    pnl.add_row("market maker", "-", f"{(surplus - 200 * W) / W:+.2f} (bound -200)")
    con.print(pnl)
    if sb["lending"].paused():  # leave the sandbox as chapter 4 found it
        sb["lending"].unpause(sender=sb.admin)
    ctx.step(
        "Winners redeemed 1 NXD per Yes share; the maker's loss stayed within its funding."
        " One week resolves one question, which says nothing about who forecasts better:"
    )
    _versus_best(ctx)
