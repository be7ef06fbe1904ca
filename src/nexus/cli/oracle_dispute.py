"""`nexus dispute assert | dispute | assess | settle | list`: optimistic claims about oracle feeds,
disputes, the AI first pass (its recommendation hashed on chain first) and the committee's outcome.

The commands are plain functions on `app` (a typer app), so the lead can mount them into a shared
`nexus dispute` group: `register(group)` adds each command to another typer app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from ..exceptions import DisputeError
from ._common import console, get_settings, open_nexus, print_json
from .insurance import resolve_account

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["COMMANDS", "app", "register"]

app = typer.Typer(no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]
IdArg = Annotated[int, typer.Argument(help="Assertion id (see `nexus dispute list`).")]


@contextmanager
def _nexus(ctx: typer.Context, readonly: bool = False) -> Iterator[Nexus]:
    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=readonly)
    with nexus:
        yield nexus


def _show(out: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(out)
        return
    rec = out.get("recommendation")
    line = f"assertion {out['id']}: {out['text']} · {out['state']} · bond {out['bond']}"
    if rec:
        side = "abstains" if rec["supports_claim"] is None else ("supports" if rec["supports_claim"] else "rejects")
        line += f" · AI {side} the claim (p_true {rec['p_true']:.3f}, hash {out['recommendation_hash'][:12]}…)"
    console().print(line)


def assert_(
    ctx: typer.Context,
    feed: Annotated[str, typer.Argument(help="Oracle feed the claim is about.")],
    value: Annotated[float, typer.Argument(help="The claimed value (feed units).")],
    bond: Annotated[str, typer.Option(help="Bond in ether.")] = "1",
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Claim a feed's value now, bonding ether; it settles as true unless disputed in liveness."""
    from ..oracle.dispute_service import assert_claim

    with _nexus(ctx) as nx:
        _show(assert_claim(nx, feed, value, bond=bond, sender=resolve_account(nx, sender)), as_json)


def dispute(ctx: typer.Context, assertion: IdArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Dispute a claim in liveness with an equal bond."""
    from ..oracle.dispute_service import dispute as run

    with _nexus(ctx) as nx:
        _show(run(nx, assertion, sender=resolve_account(nx, sender)), as_json)


def assess(ctx: typer.Context, assertion: IdArg, as_json: JsonOpt = False) -> None:
    """The AI first pass on a dispute: recommendation, evidence, confidence (or abstention),
    its hash committed on chain before the committee decides."""
    from ..oracle.dispute_service import assess as run

    with _nexus(ctx) as nx:
        _show(run(nx, assertion), as_json)


def settle(
    ctx: typer.Context,
    assertion: IdArg,
    vote: Annotated[str | None, typer.Option(help="On a dispute: a member's vote, true or false.")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Settle an undisputed claim after liveness, or vote on a dispute as a committee member."""
    from ..oracle.dispute_service import settle as run

    if vote not in (None, "true", "false"):
        raise DisputeError(f"--vote is true or false, not {vote!r}")
    with _nexus(ctx) as nx:
        _show(
            run(nx, assertion, vote=None if vote is None else vote == "true", sender=resolve_account(nx, sender)),
            as_json,
        )


def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every claim: liveness, bonds, the AI's recommendation and confidence, the outcome."""
    from ..oracle.dispute_service import list_assertions

    with _nexus(ctx, readonly=True) as nx:
        rows = list_assertions(nx)
    if as_json:
        print_json(rows)
        return
    t = Table(
        "id",
        "claim",
        "state",
        "bond",
        "live left",
        "AI",
        "p_true",
        "outcome",
        title="oracle claims",
        title_justify="left",
    )
    for r in rows:
        rec = r["recommendation"]
        ai = "-" if not rec else ("abstain" if rec["supports_claim"] is None else str(rec["supports_claim"]).lower())
        t.add_row(
            str(r["id"]),
            r["text"] or "?",
            r["state"],
            r["bond"],
            f"{r['live_seconds_left']}s",
            ai,
            f"{rec['p_true']:.3f}" if rec else "",
            r["outcome"] or "",
        )
    console().print(t)


COMMANDS: dict[str, Callable[..., None]] = {
    "assert": assert_,
    "dispute": dispute,
    "assess": assess,
    "settle": settle,
    "list": list_,
}


def register(group: typer.Typer) -> None:
    """Add the oracle-dispute commands to `group` (e.g. a shared `nexus dispute` app)."""
    for name, fn in COMMANDS.items():
        group.command(name)(fn)


register(app)
