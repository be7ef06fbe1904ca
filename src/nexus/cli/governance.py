"""`nexus gov`: setup, propose, vote (or sign a ballot), submit-votes, queue, execute, status, list, advance."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..exceptions import GovernanceInputError
from ._common import console, get_settings, open_nexus, print_json, sender_option
from ._gov_keys import ballot_key

__all__ = ["FromOpt", "JsonOpt", "gov_app", "open_chain", "sender_of"]

gov_app = typer.Typer(no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]
IdArg = Annotated[str, typer.Argument(help="Proposal id, or its index (#0, #1, ...; see `nexus gov list`).")]


@contextmanager
def open_chain(ctx: typer.Context, readonly: bool = False) -> Iterator[Any]:
    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=readonly)
    with nexus:
        yield nexus


def sender_of(nexus: Any, who: str | None) -> str | None:
    return sender_option(nexus, who, GovernanceInputError)


def _show(st: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(st)
    else:
        _print_status(st)


def _print_status(st: dict[str, Any]) -> None:
    v = st["votes"]
    out = console()
    out.print(f"proposal [bold]#{st['index']}[/] {st['id']}: [bold]{st['state']}[/]  {st['description']}")
    out.print(f"  votes for {v['for']}  against {v['against']}  abstain {v['abstain']}  (quorum {st['quorum']})")
    out.print(
        f"  voting blocks {st['snapshot'] + 1}-{st['deadline']} (now {st['block_number']})"
        + (f"; executable at {st['eta']} (now {st['timestamp']})" if st.get("eta") else "")
    )


# --- nexus gov --------------------------------------------------------------------------------
@gov_app.command()
def setup(
    ctx: typer.Context,
    voting_delay: Annotated[int, typer.Option(help="Blocks between a proposal and its vote.")] = 1,
    voting_period: Annotated[int, typer.Option(help="Blocks a vote lasts.")] = 30,
    quorum_bps: Annotated[int, typer.Option(help="Quorum in basis points of the supply.")] = 400,
    min_delay: Annotated[int, typer.Option(help="Timelock delay in seconds.")] = 3600,
    max_fairness_gap: Annotated[
        str, typer.Option(help="Largest fairness gap an activated version may report.")
    ] = "0.1",
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Deploy the governance token, timelock, governor and model registry (or show them)."""
    from ..governance import GovConfig, service

    cfg = GovConfig(
        voting_delay=voting_delay,
        voting_period=voting_period,
        quorum_bps=quorum_bps,
        min_delay=min_delay,
        max_fairness_gap=service.parse_gap(max_fairness_gap),
    )
    with open_chain(ctx) as nexus:
        out = service.setup(nexus, cfg, sender=sender_of(nexus, sender))
    if as_json:
        print_json(out)
        return
    for k in ("token", "timelock", "governor", "registry"):
        console().print(f"{k}: {out[k]}")


@gov_app.command()
def propose(
    ctx: typer.Context,
    activate: Annotated[
        str | None,
        typer.Option(
            "--activate",
            help="NAME@VERSION, NAME@FINGERPRINT or NAME@bounty:ID (a bounty's winning model) to activate.",
        ),
    ] = None,
    max_fairness_gap: Annotated[
        str | None, typer.Option("--max-fairness-gap", help="Propose a new fairness bound for activations (e.g. 0.1).")
    ] = None,
    description: Annotated[str | None, typer.Option(help="Proposal text (default: generated).")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Propose activating a registered model version (its fairness report attached), or a new fairness bound."""
    from ..governance import service

    if (activate is None) == (max_fairness_gap is None):
        raise GovernanceInputError("gov: propose takes one of --activate NAME@VERSION or --max-fairness-gap GAP")
    if max_fairness_gap is not None:
        service.parse_gap(max_fairness_gap)
        with open_chain(ctx) as nexus:
            st = service.propose_bound(
                nexus, max_fairness_gap, description=description, sender=sender_of(nexus, sender)
            )
        _show(st, as_json)
        return
    assert activate is not None
    name, sep, ref = activate.partition("@")
    if not sep or not name or not ref:
        raise GovernanceInputError(f"gov: --activate takes NAME@VERSION or NAME@FINGERPRINT, not {activate!r}")
    with open_chain(ctx) as nexus:
        if ref.startswith("bounty:"):
            from ..bounty.service import winning_fingerprint

            ref = winning_fingerprint(nexus, ref.removeprefix("bounty:"))
        st = service.propose_activation(nexus, name, ref, description=description, sender=sender_of(nexus, sender))
    _show(st, as_json)


@gov_app.command()
def vote(
    ctx: typer.Context,
    proposal: IdArg,
    choice: Annotated[str, typer.Argument(help="for, against or abstain.")],
    sign: Annotated[bool, typer.Option("--sign", help="Write a signed ballot instead of sending a vote.")] = False,
    out: Annotated[Path | None, typer.Option(help="With --sign: write the ballot here (default: stdout).")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Vote on a proposal, or (--sign) sign a ballot anyone can submit with `submit-votes`."""
    from ..governance import service, write_ballots
    from ..governance.ballots import support_code

    support_code(choice)
    with open_chain(ctx) as nexus:
        if sign:
            gov = service.open_governance(nexus)
            p = gov.get(proposal)
            text = write_ballots([gov.sign(p.id, choice, ballot_key(nexus, sender))], out)
            if out is None:
                typer.echo(text, nl=False)
            else:
                console().print(f"ballot written to {out}")
            return
        st = service.vote(nexus, proposal, choice, sender=sender_of(nexus, sender))
    if as_json:
        print_json(st)
        return
    console().print(f"voted {choice} with weight {st['weight']}")
    _print_status(st)


@gov_app.command("submit-votes")
def submit_votes(
    ctx: typer.Context,
    proposal: IdArg,
    files: Annotated[list[Path], typer.Argument(help="Ballot JSON files (one ballot or a list each).")],
    lenient: Annotated[bool, typer.Option(help="Send even if some ballots would be skipped.")] = False,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Count signed ballots in one transaction (refused whole, before sending, if any is invalid)."""
    from ..governance import read_ballots, service

    ballots = read_ballots(files)
    with open_chain(ctx) as nexus:
        out = service.submit_ballots(nexus, proposal, ballots, strict=not lenient, sender=sender_of(nexus, sender))
    if as_json:
        print_json(out)
        return
    console().print(f"{out['counted']} ballot(s) counted, {len(out['rejected'])} skipped, gas {out['gas_used']:,}")
    for r in out["rejected"]:
        console().print(f"  skipped {r['voter']}: {r['reason']}")
    _print_status(out["status"])


def _step(ctx: typer.Context, proposal: str, what: str, sender: str | None, as_json: bool) -> None:
    from ..governance import service

    with open_chain(ctx) as nexus:
        fn = service.queue if what == "queue" else service.execute
        st = fn(nexus, proposal, sender=sender_of(nexus, sender))
    _show(st, as_json)


@gov_app.command()
def queue(ctx: typer.Context, proposal: IdArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Schedule a succeeded proposal in the timelock."""
    _step(ctx, proposal, "queue", sender, as_json)


@gov_app.command()
def execute(ctx: typer.Context, proposal: IdArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Run a queued proposal once the timelock's delay has passed."""
    _step(ctx, proposal, "execute", sender, as_json)


@gov_app.command()
def status(ctx: typer.Context, proposal: IdArg, as_json: JsonOpt = False) -> None:
    """A proposal's state, live tally, quorum and timing."""
    from ..governance import service

    with open_chain(ctx, readonly=True) as nexus:
        st = service.proposal_status(nexus, proposal)
    _show(st, as_json)


@gov_app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every proposal with its state and tally."""
    from ..governance import service

    with open_chain(ctx, readonly=True) as nexus:
        rows = service.list_proposals(nexus)
    if as_json:
        print_json(rows)
        return
    table = Table("#", "state", "for", "against", "abstain", "description")
    for r in rows:
        table.add_row(
            str(r["index"]),
            r["state"],
            r["votes"]["for"],
            r["votes"]["against"],
            r["votes"]["abstain"],
            r["description"],
        )
    console().print(table if rows else "no proposals yet (`nexus gov propose --activate NAME@VERSION`)")


@gov_app.command()
def advance(
    ctx: typer.Context,
    blocks: Annotated[int, typer.Option(help="Empty blocks to mine.")] = 0,
    seconds: Annotated[int, typer.Option(help="Move the clock forward first (then mine at least one block).")] = 0,
) -> None:
    """Dev chains: mine blocks and move time (to end a voting period or a timelock delay)."""
    from ..governance import service

    with open_chain(ctx) as nexus:
        out = service.advance(nexus, blocks=blocks, seconds=seconds)
    console().print(f"block {out['block_number']}, time {out['timestamp']}")


@gov_app.command()
def delegate(
    ctx: typer.Context,
    to: Annotated[str, typer.Argument(help="Delegatee: an address or a dev account index.")],
    sender: FromOpt = None,
) -> None:
    """Give the sender's voting power to an account (itself to vote with its own tokens)."""
    from ..governance import service

    with open_chain(ctx) as nexus:
        who = sender_of(nexus, sender) or nexus.chain.default_account
        service.open_governance(nexus).token.delegate(sender_of(nexus, to), sender=who)
    console().print(f"{who} delegates to {to}")


@gov_app.command()
def transfer(
    ctx: typer.Context,
    to: Annotated[str, typer.Argument(help="An address or a dev account index.")],
    amount: Annotated[str, typer.Argument(help="Whole tokens (e.g. 1000 or 0.5).")],
    sender: FromOpt = None,
) -> None:
    """Send governance tokens (their voting power follows the receiver's delegate)."""
    from ..governance import service

    with open_chain(ctx) as nexus:
        service.open_governance(nexus).token.transfer(
            sender_of(nexus, to), service.parse_tokens(amount), sender=sender_of(nexus, sender)
        )
    console().print(f"sent {amount} to {to}")
