"""Demo chapter 5, "The oracle": a storm, faulty stations, signed reports, automatic insurance payouts."""

from __future__ import annotations

from rich.table import Table

from ..exceptions import InsuranceError
from ..oracle._crypto import dev_node_key
from ..oracle.disputes import DisputeDesk, assess_claim
from ..oracle.feeds import register_feed
from ..oracle.insurance import buy_policy, claims, create_product
from ..oracle.network import NodeLike, OracleNetwork
from ..oracle.node import OracleNode
from ..oracle.onchain import deploy_contract, deploy_feed
from ..oracle.simulated import Fault, Storm, WeatherStation, WeatherWorld
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
    ctx.step("Four oracle nodes (n = 3f+1, f = 1), each with its own secp256k1 key, watch five weather"
             " stations per region. In region A a storm is coming; station 3 is stuck and station 4"
             " is manipulated to report calm weather.")
    nets = {}
    for region in ("A", "B"):
        feed = deploy_feed(chain, f"severity index region {region}", [k.address for k in keys], 1,
                           decimals=2, history=64, cache_dir=cache)
        register_feed(nx, f"severity:{region}", feed)
        nodes: list[NodeLike] = [OracleNode(i, k, _stations(world, region, t0), observe_offset=7 * i)
                                 for i, k in enumerate(keys)]
        nets[region] = OracleNetwork(feed, nodes)
        con.print(f"feed severity:{region} → aggregator {short(feed.address)} (quorum 2 signatures)")

    for region in nets:  # the same functions `nexus insurance` and `/insurance` call
        create_product(nx, f"storm-{region}", feed=f"severity:{region}", tiers=[(60.0, "1"), (85.0, "2")],
                       premium_bps=500, pool="10", max_band=15.0, max_staleness=2 * HOUR)
    holders = chain.accounts[1:5]
    for holder, region in zip(holders, "AABB"):
        buy_policy(nx, f"storm-{region}", tier=0, duration=2 * 24 * HOUR, sender=holder)
    ctx.step("Parametric insurance (`nexus insurance create|buy`): products storm-A and storm-B pay 1"
             " ether when the severity index reaches 60 with the whole trusted band, the nodes agreeing"
             " within 15 points; two policies in each region.")
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
        paid = sum(t["paid"] for t in claims(nx, trigger=True)["triggered"])
        row.append(str(paid) if paid else "")
        table.add_row(*row)
    con.print(table)
    try:
        buy_policy(nx, "storm-A", tier=0, sender=chain.accounts[7])
    except InsuranceError as exc:
        con.print(f"  buying storm-A cover now is refused: {exc}")
    paid_claims = claims(nx)["claims"]
    con.print(f"  `nexus insurance claims`: {len(paid_claims)} claims paid, each once: "
              + ", ".join(f"{c['product']} #{c['policy_id']} at severity {c['severity']:.1f}" for c in paid_claims))

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

    ctx.step("Optimistic path: someone asserts that region B's severity reached 80 and bonds 1 ether;"
             " a watcher disputes; the AI attaches its assessment for the arbiter.")
    oo = deploy_contract(chain, "OptimisticOracle", chain.accounts[8], chain.accounts[9], 2 * HOUR, ETH // 10,
                         cache_dir=cache)
    desk = DisputeDesk(oo)
    aid = desk.assert_claim("severity:B >= 80 at hour 8", 8000, ETH, sender=chain.accounts[5])
    desk.dispute(aid, sender=chain.accounts[6])
    verdict = assess_claim(80.0, nets["B"].nodes[0].assess(chain.timestamp()))  # type: ignore[attr-defined]
    desk.attach(aid, verdict, sender=chain.accounts[9])
    oo.resolve(aid, verdict.supports_claim, sender=chain.accounts[8])
    con.print(f"  AI assessment: supports claim = {verdict.supports_claim}, confidence"
              f" {verdict.confidence_bps / 100:.0f} %, assessed severity {verdict.evidence['assessed']:.1f};"
              f" arbiter resolved it {'true' if verdict.supports_claim else 'false'}: state"
              f" {desk.state(aid)['state']}, the disputer took both bonds.")
