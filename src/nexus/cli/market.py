"""`nexus market`: create, list, show, quote, buy, sell, resolve, claim, dispute, finalize, redeem, faucet,
simulate, migrate (per-market contracts onto the singleton hub)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from ..exceptions import MarketError
from ..markets.units import fmt_units, parse_amount, parse_duration
from ._common import console, get_settings, open_nexus, print_json

if TYPE_CHECKING:  # the market client (vyper, mpmath) loads when a command needs it
    from ..markets import Market, Markets
    from ..markets.hub import HubMarket

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]
MarketArg = Annotated[
    str, typer.Argument(help="Market address, index or hub:<id> (a hub market; see `nexus market list`).")
]
OutcomeOpt = Annotated[str, typer.Option(help="Outcome name or index.")]


@contextmanager
def _markets(ctx: typer.Context, readonly: bool = False) -> Iterator[tuple[Markets, Any]]:
    from ..markets import Markets

    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=readonly)
    with nexus:
        yield Markets(nexus.chain, nexus.deployer), nexus


def _sender(nexus: Any, who: str | None) -> str | None:
    if who is None:
        return None
    if who.isdigit():
        accounts = nexus.chain.accounts
        if int(who) >= len(accounts):
            raise MarketError(f"no dev account {who} (there are {len(accounts)})")
        return str(accounts[int(who)])
    if not (who.startswith("0x") and len(who) == 42):
        raise MarketError(f"--from {who!r} is neither an address nor an account index")
    return who


def _summary(m: Market | HubMarket) -> dict[str, Any]:
    st = m.state()
    return {
        k: st[k]
        for k in (
            "kind",
            "ref",
            "index",
            "address",
            "question",
            "outcomes",
            "prices",
            "status",
            "outcome",
            "funding",
            "fee_bps",
            "alpha",
            "close_time",
            "oracle",
        )
    }


@app.command()
def create(
    ctx: typer.Context,
    question: Annotated[str, typer.Option(help="The question, up to 256 bytes.")],
    outcomes: Annotated[str, typer.Option(help="Comma-separated outcome names, 2-16 (e.g. Yes,No).")],
    funding: Annotated[str, typer.Option(help="Collateral the maker puts in: its worst-case loss.")],
    fee_bps: Annotated[int, typer.Option(help="Trading fee in basis points (max 1000).")] = 0,
    alpha: Annotated[str, typer.Option(help="LS-LMSR spread (e.g. 0.05); 0 = classic LMSR.")] = "0",
    closes_in: Annotated[str, typer.Option(help="Trading closes after this long (7d, 12h, ...).")] = "7d",
    resolver: Annotated[
        str | None,
        typer.Option(
            help="Who reports the outcome: an address or dev account index (default: the sender), or"
            " oracle:<address> of an oracle feed or optimistic oracle (resolved on chain after the close)."
        ),
    ] = None,
    oracle_threshold: Annotated[
        str | None,
        typer.Option(
            help="With an oracle feed and 2 outcomes: the first outcome wins when the feed's answer at the"
            " close is at or above this (feed units); without it the answer is the outcome index."
        ),
    ] = None,
    dispute_window: Annotated[str, typer.Option(help="Time to dispute a proposed outcome (0 = final at once).")] = "1h",
    dispute_bond: Annotated[str, typer.Option(help="Collateral a disputer posts.")] = "0",
    collateral: Annotated[str | None, typer.Option(help="ERC-20 collateral (default: the dev token NXD).")] = None,
    hub: Annotated[
        bool,
        typer.Option(
            "--hub", help="Create it in the singleton MarketHub (~140k gas, no deployment; classic LMSR, no dispute)."
        ),
    ] = False,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create and fund a market (deploys the market factory, or with --hub the hub, on first use)."""
    names = [o.strip() for o in outcomes.split(",")]
    fund = parse_amount(funding, "funding")
    a = parse_amount(alpha, "alpha", allow_zero=True)
    window, bond, close_in = (
        parse_duration(dispute_window),
        parse_amount(dispute_bond, "bond", allow_zero=True),
        parse_duration(closes_in),
    )
    if hub and (a or oracle_threshold is not None or collateral):
        raise MarketError("market: a hub market is classic LMSR on the dev collateral (no --alpha/--collateral/oracle)")
    with _markets(ctx) as (markets, nexus):
        who = _sender(nexus, sender)
        by = resolver if resolver and resolver.strip().lower().startswith("oracle:") else _sender(nexus, resolver)
        m: Market | HubMarket
        if hub:
            m = markets.create_on_hub(
                question,
                names,
                fund,
                fee_bps=fee_bps,
                close_time=nexus.chain.timestamp() + close_in,
                resolver=by,
                sender=who,
            )
        else:
            m = markets.create(
                question,
                names,
                fund,
                alpha=a,
                fee_bps=fee_bps,
                close_time=nexus.chain.timestamp() + close_in,
                resolver=by,
                dispute_window=window,
                dispute_bond=bond,
                collateral=collateral,
                oracle_threshold=oracle_threshold,
                sender=who,
            )
        out = _summary(m)
    if as_json:
        print_json(out)
        return
    oracle = f"; resolved by the {out['oracle']['kind']} oracle {out['oracle']['oracle']}" if out["oracle"] else ""
    console().print(
        f"market [bold]{out['ref'] if out['kind'] == 'hub' else '#' + str(out['index'])}[/] at {out['address']}:"
        f" {out['question']}"
        f" ({', '.join(out['outcomes'])}), funding {fmt_units(fund)}{oracle}"
    )


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every market the factory has made, with its prices and status."""
    with _markets(ctx, readonly=True) as (markets, _):
        rows = [_summary(m) for m in markets.list()]
    if as_json:
        print_json(rows)
        return
    table = Table("#", "question", "prices", "status", "address")
    for r in rows:
        prices = "  ".join(f"{o} {p:.3f}" for o, p in zip(r["outcomes"], r["prices"]))
        status = r["status"] + (f" → {r['outcome']}" if r["outcome"] else "")
        table.add_row(r["ref"] if r["kind"] == "hub" else str(r["index"]), r["question"], prices, status, r["address"])
    console().print(table if rows else "no markets yet (`nexus market create`)")


@app.command()
def show(ctx: typer.Context, market: MarketArg, as_json: JsonOpt = False) -> None:
    """One market's parameters, prices, quantities and status."""
    with _markets(ctx, readonly=True) as (markets, _):
        st = markets.get(market).state()
    if as_json:
        print_json(st)
        return
    for k, v in st.items():
        console().print(f"[bold]{k}[/]: {v}")


@app.command()
def quote(
    ctx: typer.Context,
    market: MarketArg,
    outcome: OutcomeOpt,
    shares: Annotated[str, typer.Option(help="Number of shares.")],
    sell: Annotated[bool, typer.Option("--sell", help="Quote a sale instead of a purchase.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """What buying (or selling) shares costs (returns) right now, fee included."""
    from ..markets import service

    with _markets(ctx, readonly=True) as (_, nexus):
        out = service.quote(nexus, market, outcome, shares, "sell" if sell else "buy")
    if as_json:
        print_json(out)
        return
    verb = "returns" if sell else "costs"
    console().print(
        f"{out['side']} {out['shares']} {out['outcome']} {verb} {out['total']} (fee {out['fee']},"
        f" average price {out['average_price']:.4f})"
    )


def _trade(
    ctx: typer.Context,
    market: str,
    side: str,
    as_json: bool,
    sender: str | None,
    *,
    outcome: str,
    shares: str | None,
    limit: str | None,
    spend: str | None = None,
) -> None:
    """One buy or sell through the same service call the API makes; prints the result."""
    from ..markets import service

    with _markets(ctx) as (_, nexus):
        res = service.trade(
            nexus,
            market,
            side=side,
            outcome=outcome,
            shares=shares,
            spend=spend,
            limit=limit,
            sender=_sender(nexus, sender),
        )
    if as_json:
        print_json(res)
        return
    verb = "paid" if res["side"] == "buy" else "received"
    console().print(
        f"{res['side']} {res['shares']} {res['outcome']}: {verb} {res['amount']}"
        f" (fee {res['fee']}, gas {res['gas_used']:,}); prices now"
        f" {', '.join(f'{p:.3f}' for p in res['prices'])}"
    )


@app.command()
def buy(
    ctx: typer.Context,
    market: MarketArg,
    outcome: OutcomeOpt,
    shares: Annotated[str | None, typer.Option(help="Shares to buy.")] = None,
    spend: Annotated[str | None, typer.Option(help="Or: collateral to spend (fee included).")] = None,
    max_cost: Annotated[str | None, typer.Option(help="Revert above this cost (default: quote + 1%).")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Buy shares of an outcome (the collateral approval is sent when needed)."""
    if (shares is None) == (spend is None):
        raise MarketError("give exactly one of --shares or --spend")
    _trade(ctx, market, "buy", as_json, sender, outcome=outcome, shares=shares, spend=spend, limit=max_cost)


@app.command()
def sell(
    ctx: typer.Context,
    market: MarketArg,
    outcome: OutcomeOpt,
    shares: Annotated[str, typer.Option(help="Shares to sell.")],
    min_proceeds: Annotated[str | None, typer.Option(help="Revert below this (default: quote - 1%).")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Sell shares of an outcome back to the market maker."""
    _trade(ctx, market, "sell", as_json, sender, outcome=outcome, shares=shares, limit=min_proceeds)


def _done(message: str, data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(data)
    else:
        console().print(message)


@app.command()
def resolve(
    ctx: typer.Context,
    market: MarketArg,
    outcome: Annotated[
        str | None, typer.Option(help="Winning outcome name/index, or 'invalid' (markets with an account resolver).")
    ] = None,
    evidence: Annotated[
        int | None,
        typer.Option(help="Oracle markets: the assertion id or feed round to use (default: found on chain)."),
    ] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Report the outcome: as the resolver account (--outcome), or, for an oracle market, from its
    oracle once the market has closed (anyone may send it). Trading stops; final after the dispute window."""
    with _markets(ctx) as (markets, nexus):
        m = markets.get(market)
        link = m.oracle
        if link is None:
            if outcome is None:
                raise MarketError("market: give --outcome (this market's resolver is an account, not an oracle)")
            if evidence is not None:
                raise MarketError("market: --evidence applies to oracle markets only")
            status = m.resolve(outcome, sender=_sender(nexus, sender))
            out: dict[str, Any] = {"status": status, "outcome": outcome}
        else:
            if outcome is not None:
                raise MarketError("market: this market is resolved by its oracle; drop --outcome")
            out = link.resolve(evidence, sender=_sender(nexus, sender))
            status = out["status"]
    note = "" if status == "final" else " (run `nexus market finalize` once the dispute window has passed)"
    via = f" from the {out['kind']} oracle (evidence #{out['evidence']})" if link is not None else ""
    _done(f"proposed {out['outcome']!r}{via}: market is {status}{note}", out, as_json)


@app.command()
def claim(
    ctx: typer.Context,
    market: MarketArg,
    outcome: OutcomeOpt,
    bond: Annotated[str, typer.Option(help="Ether bonded on the optimistic oracle (at least its minimum).")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Assert a closed market's outcome on its optimistic oracle, bonding ether; unless disputed within
    the oracle's liveness it settles true, and `nexus market resolve` then uses it."""
    with _markets(ctx) as (markets, nexus):
        m = markets.get(market)
        link = m.oracle
        if link is None:
            raise MarketError("market: this market is not resolved by an oracle")
        aid = link.assert_outcome(outcome, parse_amount(bond, "bond"), sender=_sender(nexus, sender))
        name = (
            m.info.outcomes[m.outcome_index(outcome)] if m.outcome_index(outcome) < len(m.info.outcomes) else "invalid"
        )
    _done(
        f"asserted {name!r} as assertion #{aid}; it settles after the oracle's liveness unless disputed",
        {"assertion": aid, "outcome": name},
        as_json,
    )


@app.command()
def dispute(ctx: typer.Context, market: MarketArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Dispute the proposed outcome (posting the bond); the arbiter decides."""
    with _markets(ctx) as (markets, nexus):
        m = markets.get(market)
        m.dispute(sender=_sender(nexus, sender))
    _done("disputed: the arbiter will settle it", {"status": "disputed"}, as_json)


@app.command()
def finalize(ctx: typer.Context, market: MarketArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Make an undisputed proposal final after its window (or a silent resolver's market invalid)."""
    with _markets(ctx) as (markets, nexus):
        status = markets.get(market).finalize(sender=_sender(nexus, sender))
    _done(f"market is {status}", {"status": status}, as_json)


@app.command()
def redeem(ctx: typer.Context, market: MarketArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Turn winning shares (or, if invalid, all shares at 1/n) into collateral."""
    with _markets(ctx) as (markets, nexus):
        paid = markets.get(market).redeem(sender=_sender(nexus, sender))
    _done(f"redeemed: received {fmt_units(paid)}", {"payout": fmt_units(paid)}, as_json)


@app.command()
def migrate(
    ctx: typer.Context,
    markets_: Annotated[
        list[str] | None, typer.Argument(metavar="[MARKET]...", help="Markets to copy (default: all of yours).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would move; send nothing.")] = False,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Copy your open per-market-contract markets onto the singleton hub (same question, outcomes,
    funding, fee, resolver, close); old contracts keep working until they resolve."""
    from ..markets.migrate import migrate_to_hub

    with _markets(ctx) as (markets, nexus):
        rows = migrate_to_hub(markets, markets_ or (), sender=_sender(nexus, sender), dry_run=dry_run)
    if as_json:
        print_json(rows)
        return
    for r in rows:
        to = f" -> {r['to']}" if r["to"] else ""
        why = f" ({r['reason']})" if r["reason"] else ""
        console().print(f"{r['from']}{to}: {r['status']}{why}")
    if not rows:
        console().print("no per-market-contract markets to migrate")


@app.command()
def faucet(
    ctx: typer.Context,
    amount: Annotated[str, typer.Option(help="Dev collateral (NXD) to mint.")] = "1000",
    to: Annotated[str | None, typer.Option(help="Receiver: address or dev account index.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Mint dev collateral (NXD) on a dev chain."""
    with _markets(ctx) as (markets, nexus):
        who = _sender(nexus, to) or nexus.chain.default_account
        balance = markets.faucet(who, parse_amount(amount))
    _done(f"{who} now holds {fmt_units(balance)} NXD", {"account": who, "balance": fmt_units(balance)}, as_json)


def _forecaster_loader(ctx: typer.Context) -> Any:
    """The DAO's forecasters (`forecaster-<name>` in the model registry) when this node's chain has
    a registry; models it never registered are trained inside the simulation as before."""
    from ..exceptions import NexusError
    from ..models.loader import serving_loader

    if not get_settings(ctx).deployments_dir.exists():
        return None  # no contracts here: no registry either
    try:
        nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
    except NexusError:
        return None  # no chain to ask: nothing is governed here
    with nexus:
        loader = serving_loader(nexus, registered_only=True)
        served = {n: loader(f"forecaster-{n}") for n in ("logistic", "bayes", "ensemble")}
    return lambda name: served.get(name.removeprefix("forecaster-"))


@app.command()
def simulate(
    ctx: typer.Context,
    events: Annotated[int, typer.Option(help="Markets (events with a known ground truth).")] = 60,
    rounds: Annotated[int, typer.Option(help="Trading rounds per market; information improves each round.")] = 6,
    outcomes: Annotated[int, typer.Option(help="Outcomes per event (2-16).")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same report.")] = 0,
    alpha: Annotated[float, typer.Option(help="LS-LMSR spread; 0 = classic LMSR.")] = 0.0,
    fee_bps: Annotated[int, typer.Option(help="Trading fee in basis points.")] = 0,
    kelly: Annotated[float, typer.Option(help="Fraction of the Kelly stake forecasters bet.")] = 0.25,
    backend: Annotated[str, typer.Option(help="math (exact contract maths, fast) or chain (real contracts).")] = "math",
    pooling: Annotated[bool, typer.Option(help="Forecasters learn from the market (tape + track record).")] = True,
    passes: Annotated[int, typer.Option(help="Trading passes per round.")] = 3,
    maker: Annotated[str, typer.Option(help="Liquidity policy: fixed or volume (funding follows volume).")] = "fixed",
    info: Annotated[
        str, typer.Option(help="dispersed (each forecaster sees its own features) or shared (all see all).")
    ] = "dispersed",
    pool: Annotated[
        str,
        typer.Option(
            help="Later passes: infer (own features + the others' revealed beliefs), "
            "stack (learned pool of the beliefs) or record (track-record pool)."
        ),
    ] = "infer",
    train: Annotated[int, typer.Option(help="Past events every forecaster learns from before the first market.")] = 300,
    as_json: JsonOpt = False,
) -> None:
    """Simulate forecasters trading on markets with known outcomes; score them, the market and a
    naive baseline (Brier, log loss, calibration), and the market's accuracy round by round."""
    from ..markets.agents import SimConfig, run_simulation

    cfg = SimConfig(
        events=events,
        rounds=rounds,
        outcomes=outcomes,
        seed=seed,
        alpha=alpha,
        fee_bps=fee_bps,
        kelly=kelly,
        backend=backend,
        pooling=pooling,
        passes=passes,
        maker=maker,
        info=info,
        pool=pool,
        train=train,
    )
    cfg.check()
    cache = get_settings(ctx).cache_dir if backend == "chain" else None
    report = run_simulation(cfg, cache_dir=cache, model_loader=_forecaster_loader(ctx))
    if as_json:
        print_json(report.to_json())
        return
    out = console()
    table = Table(
        "forecast",
        "Brier",
        "log loss",
        "calibration error",
        "expected gap to truth",
        title=f"{events} events x {rounds} rounds, seed {seed} (lower is better)",
        title_justify="left",
    )
    gaps = report.extra["expected_excess"]
    for name, s in report.scores.items():
        gap = f"{gaps[name]:.4f}" if name in gaps else "-"
        table.add_row(name, f"{s['brier']:.4f}", f"{s['log_loss']:.4f}", f"{s['calibration_error']:.4f}", gap)
    out.print(table)
    by_round = Table(
        "round", "market Brier", "market log loss", title="market accuracy over time", title_justify="left"
    )
    for r in report.market_by_round:
        by_round.add_row(str(r["round"]), f"{r['brier']:.4f}", f"{r['log_loss']:.4f}")
    out.print(by_round)
    curve = Table(
        "bin", "market: mean p", "market: frequency", "n", title="market reliability curve", title_justify="left"
    )
    for b in report.reliability["market"]:
        curve.add_row(
            f"{b['lo']:.1f}-{b['hi']:.1f}", f"{b['mean_forecast']:.3f}", f"{b['frequency']:.3f}", str(b["count"])
        )
    out.print(curve)
    pnl = ", ".join(f"{k} {v:+.1f}" for k, v in report.pnl.items())
    out.print(
        f"P&L: {pnl}; {report.trades} trades; mean maker loss {report.funding_loss:.1f} per market"
        f" (worst {report.extra['max_maker_loss']:.1f}, bound {report.extra['funding']:.0f})"
    )
