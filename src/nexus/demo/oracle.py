"""Demo chapter 5, "The oracle": a storm, faulty stations, signed reports, automatic insurance payouts,
a dispute with the learned first pass, and a forecast feed on real weather."""

from __future__ import annotations

from rich.table import Table

from ..exceptions import InsuranceError, OracleInputError
from ..oracle._crypto import dev_node_key
from ..oracle.dispute_service import assert_claim, assess, dispute, settle
from ..oracle.feeds import register_feed
from ..oracle.firstpass import FirstPass, evidence_from_assessment, simulated_claims
from ..oracle.forecast import Forecaster, evaluate, read_forecast
from ..oracle.forecast_net import deploy_forecast, publish_forecast
from ..oracle.insurance import buy_policy, claims, create_product, list_products
from ..oracle.network import NodeLike, OracleNetwork
from ..oracle.node import OracleNode
from ..oracle.onchain import deploy_feed
from ..oracle.simulated import Fault, Storm, WeatherStation, WeatherWorld
from ..oracle.weather import load_seattle
from ._render import short
from ._tour import DemoContext, chapter

__all__ = ["the_oracle"]

ETH = 10**18
HOUR = 3600


def _stations(world: WeatherWorld, region: str, t0: int) -> list[WeatherStation]:
    out = [WeatherStation(f"{region}-station-{i}", world, region, seed=i) for i in range(3)]
    if region == "A":  # one stuck before the storm, one manipulated to deny the storm
        out.append(WeatherStation("A-station-3", world, "A", fault=Fault("stuck", t0 + 2 * HOUR), seed=3))
        out.append(WeatherStation("A-station-4", world, "A", fault=Fault("manipulated", t0 + 3 * HOUR, 6.0), seed=4))
    else:
        out += [WeatherStation(f"B-station-{i}", world, "B", seed=i) for i in (3, 4)]
    return out


@chapter(5, "The oracle")
def the_oracle(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    chain, cache = nx.chain, ctx.settings.cache_dir / "contracts"
    nx.deploy()
    t0 = chain.timestamp()
    world = WeatherWorld((Storm("A", peak=t0 + 6 * HOUR, rain_mm_h=95, wind_m_s=40),))
    keys = [dev_node_key(i, "demo weather") for i in range(4)]
    ctx.step(
        "Four oracle nodes (n = 3f+1, f = 1), each with its own secp256k1 key, watch five weather"
        " stations per region. In region A a storm is coming; station 3 is stuck and station 4"
        " is manipulated to report calm weather."
    )
    nets = {}
    for region in ("A", "B"):
        feed = deploy_feed(
            chain,
            f"severity index region {region}",
            [k.address for k in keys],
            1,
            decimals=2,
            history=64,
            cache_dir=cache,
        )
        register_feed(nx, f"severity:{region}", feed)
        nodes: list[NodeLike] = [
            OracleNode(i, k, _stations(world, region, t0), observe_offset=7 * i) for i, k in enumerate(keys)
        ]
        nets[region] = OracleNetwork(feed, nodes)
        con.print(f"feed severity:{region} → aggregator {short(feed.address)} (quorum 2 signatures)")

    tag = f"-{chain.block_number()}" if list_products(nx) else ""  # the tour may run again on this chain
    for region in nets:  # the same functions `nexus insurance` and `/insurance` call
        create_product(
            nx,
            f"storm-{region}{tag}",
            feed=f"severity:{region}",
            tiers=[(60.0, "1"), (85.0, "2")],
            premium_bps=500,
            pool="10",
            max_band=15.0,
            max_staleness=2 * HOUR,
        )
    holders = chain.accounts[1:5]
    for holder, region in zip(holders, "AABB"):
        buy_policy(nx, f"storm-{region}{tag}", tier=0, duration=2 * 24 * HOUR, sender=holder)
    ctx.step(
        "Parametric insurance (`nexus insurance create|buy`): products storm-A and storm-B pay 1"
        " ether when the severity index reaches 60 with the whole trusted band, the nodes agreeing"
        " within 15 points; two policies in each region."
    )
    before = {h: chain.balance(h) for h in holders}

    table = Table("hour", "A severity", "A band", "B severity", "paid", title="hourly rounds", title_justify="left")
    for hour in range(1, 9):
        chain.mine(1, seconds=HOUR)
        row = [str(hour)]
        for region in ("A", "B"):
            out = nets[region].run_round(force=True)
            rep = out.accepted
            row.append(f"{rep.answer / 100:.1f}" if rep else "-")
            if region == "A":
                row.append(f"[{rep.low / 100:.1f}, {rep.high / 100:.1f}]" if rep else "-")
        paid = sum(t["paid"] for r in "AB" for t in claims(nx, f"storm-{r}{tag}", trigger=True)["triggered"])
        row.append(str(paid) if paid else "")
        table.add_row(*row)
    con.print(table)
    try:
        buy_policy(nx, f"storm-A{tag}", tier=0, sender=chain.accounts[7])
    except InsuranceError as exc:
        con.print(f"  buying storm-A cover now is refused: {exc}")
    paid_claims = [c for r in "AB" for c in claims(nx, f"storm-{r}{tag}")["claims"]]
    con.print(
        f"  `nexus insurance claims`: {len(paid_claims)} claims paid, each once: "
        + ", ".join(f"{c['product']} #{c['policy_id']} at severity {c['severity']:.1f}" for c in paid_claims)
    )

    node0 = nets["A"].nodes[0]
    assert isinstance(node0, OracleNode)
    _, assessment = max(node0.last.items())[1]
    ctx.step("What node 0 made of region A's stations in the last round (flags from its learned model):")
    for s in assessment.scores:
        mark = "[green]used[/]" if s.kept else f"[red]dropped: {', '.join(s.flags)}[/]"
        con.print(f"  {s.source}: {s.value:.1f} (z vs peers {s.z_peer:+.1f}) {mark}")
    for holder, region in zip(holders, "AABB"):
        gain = (chain.balance(holder) - before[holder]) / ETH
        shown = "[green]paid" if gain > 0.5 else "[dim]not paid"
        con.print(f"  policy holder {short(holder)} in region {region}: {shown} ({gain:+.3f} ether)[/]")

    ctx.step(
        "Optimistic path (`nexus dispute`): someone asserts that region B's severity is 80 and bonds"
        " 1 ether; a watcher disputes. The AI first pass, a calibrated model trained on resolved"
        " claims (simulated adversarial ones here), commits its recommendation's hash on chain before"
        " the arbiter committee (2 of 3) votes."
    )
    fp = FirstPass().fit([c for s in range(3) for c in simulated_claims(120, seed=s)])
    acc = chain.accounts
    aid = assert_claim(nx, "severity:B", 80.0, bond="1", sender=acc[5])["id"]
    dispute(nx, aid, sender=acc[9])
    ev = evidence_from_assessment(nets["B"].nodes[0].assess(chain.timestamp()))  # type: ignore[attr-defined]
    verdict = assess(nx, aid, evidence=ev, model=fp)
    rec = verdict["recommendation"]
    side = "abstains" if rec["supports_claim"] is None else ("supports" if rec["supports_claim"] else "rejects")
    con.print(
        f"  AI first pass {side} the claim: p(true) {rec['p_true']:.3f}, network answer"
        f" {rec['evidence']['answer']:.1f}; hash {short(verdict['recommendation_hash'])} on chain while"
        f" the claim is still {verdict['state']}"
    )
    for member in acc[6:8]:
        verdict = settle(nx, aid, vote=bool(rec["supports_claim"]), sender=member)
    winner = "asserter" if verdict["outcome"] == "true" else "disputer"
    con.print(f"  committee outcome: {verdict['outcome']}; the {winner} took both bonds")
    _forecast(ctx)


def _forecast(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    try:
        days = load_seattle()
    except OracleInputError as exc:
        con.print(f"  (forecasts skipped: {exc})")
        return
    y = [d.temp_max for d in days]
    doy, years = [d.day.timetuple().tm_yday for d in days], [d.year for d in days]
    cut = years.index(2015)
    ctx.step(
        "Forecasts as an oracle product: each node fits its own model on Seattle's daily maximum"
        " temperature 2012-2014 (real data bundled by vega-datasets); the network reports the next"
        " day's forecast and its 90 % interval like any answer, so node 3, which forecasts from"
        " corrupted history, cannot move it."
    )
    models = [Forecaster(alpha=0.5 + i).fit(y[:cut], doy[:cut]) for i in range(4)]
    honest = lambda now: (y[:cut], doy[cut])
    liar = lambda now: ([v + 30 for v in y[:cut]], doy[cut])
    nets = deploy_forecast(
        nx, "seattle-tmax", [dev_node_key(i, "demo forecast") for i in range(4)], models, [honest, honest, honest, liar]
    )
    publish_forecast(nets)
    f = read_forecast(nx, "seattle-tmax")
    con.print(
        f"  on chain (`nexus oracle forecast seattle-tmax`): next day {f['forecast_next']:.1f} °C, interval"
        f" [{f['forecast_lo']:.1f}, {f['forecast_hi']:.1f}]; it was {y[cut]:.1f} °C"
    )
    r = evaluate(y, doy, years, 2015)
    con.print(
        f"  through 2015, one step ahead: MAE {r['mae_model']:.2f} °C vs naive {r['mae_naive']:.2f} and"
        f" seasonal naive {r['mae_seasonal_naive']:.2f}; 90 % interval covered"
        f" {100 * r['interval_coverage']:.1f} %"
    )
