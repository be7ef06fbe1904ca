"""`nexus bounty`: create, commit, reveal, judge, dispute, claim, list, show (model bounties)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..exceptions import BountyInputError
from ._common import console, duration, ether, get_settings, open_nexus, print_json, say

if TYPE_CHECKING:
    from ..bounty import BountyBoard

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]
IdArg = Annotated[int, typer.Argument(help="Bounty id.")]


@contextmanager
def _board(ctx: typer.Context, deploy: bool = True) -> Iterator[tuple[BountyBoard, Any, Path]]:
    from ..bounty.service import bounty_board
    from ..exceptions import BountyNotFound

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        board = bounty_board(nexus, deploy=deploy)
        if board is None:
            raise BountyNotFound("no Bounty contract on this chain yet (create a bounty first)")
        yield board, nexus, settings.home


def _account(nexus: Any, who: str | None) -> str:
    accounts = nexus.chain.accounts
    if who is None:
        return str(nexus.chain.default_account)
    if who.isdigit():
        if int(who) >= len(accounts):
            raise BountyInputError(f"no dev account {who} (there are {len(accounts)})")
        return str(accounts[int(who)])
    if not (who.startswith("0x") and len(who) == 42):
        raise BountyInputError(f"{who!r} is neither an address nor an account index")
    return who


def _wei(text: str, what: str) -> int:
    return ether(text, what, BountyInputError)


def _seconds(text: str) -> int:
    return duration(text, BountyInputError)


@app.command()
def create(
    ctx: typer.Context,
    test: Annotated[
        Path, typer.Option(help="The hidden test set (CSV with a `label` column); only its fingerprint goes on chain.")
    ],
    reward: Annotated[str, typer.Option(help="Reward in ether, escrowed now.")] = "1",
    commit: Annotated[str, typer.Option(help="Commit period (90, 30m, 12h, 7d).")] = "1d",
    reveal: Annotated[str, typer.Option(help="Reveal period after the commit deadline.")] = "1d",
    dispute: Annotated[str, typer.Option(help="Dispute window after scores are posted.")] = "1d",
    judges: Annotated[int, typer.Option(help="Judges: the first N dev oracle-node keys.")] = 4,
    quorum: Annotated[int, typer.Option(help="Judge signatures that post scores.")] = 2,
    dispute_quorum: Annotated[int, typer.Option(help="Signatures that resolve a dispute (0: arbiter only).")] = 3,
    arbiter: Annotated[str, typer.Option(help="Dispute arbiter (address or dev index), not the sponsor.")] = "9",
    bond: Annotated[str, typer.Option(help="Dispute bond in ether.")] = "0.1",
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Escrow a reward for the best model on a hidden test set (its fingerprint committed)."""
    from ..bounty import file_fingerprint, new_salt
    from ..bounty.service import judge_keys, save_secret

    if not test.is_file():
        raise BountyInputError(f"{test}: no such test-set file")
    fp, salt = file_fingerprint(test), new_salt()
    keys = judge_keys(judges)
    amounts = _wei(reward, "--reward"), _wei(bond, "--bond")
    periods = _seconds(commit), _seconds(reveal), _seconds(dispute)
    secret = {"test_set": fp, "salt": "0x" + salt.hex()}
    with _board(ctx) as (board, nexus, home):
        who = _account(nexus, sender)
        # kept before the transaction: a crash after it must not lose the only copy of the salt
        save_secret(home, f"test:{board.contract.address}:pending:{fp}", secret)
        bid = board.create(
            amounts[0],
            fp,
            salt,
            commit_seconds=periods[0],
            reveal_seconds=periods[1],
            dispute_seconds=periods[2],
            judges=[k.address for k in keys],
            quorum=quorum,
            dispute_quorum=dispute_quorum,
            arbiter=_account(nexus, arbiter),
            bond=amounts[1],
            sender=who,
        )
        save_secret(home, f"test:{board.contract.address}:{bid}", secret)
    say(
        {"id": bid, "test_set": fp, "sponsor": who},
        as_json,
        f"bounty {bid} created; test-set salt kept in <home>/bounty/secrets.json (reveal after the commit deadline)",
    )


@app.command("commit")
def commit_cmd(
    ctx: typer.Context,
    bounty: IdArg,
    model: Annotated[Path, typer.Argument(help="Your model file (.skops).")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Commit your model's fingerprint (salted, bound to your address) before the commit deadline."""
    from ..bounty import file_fingerprint, new_salt
    from ..bounty.service import load_secret, save_secret

    if not model.is_file():
        raise BountyInputError(f"{model}: no such model file")
    fp, salt = file_fingerprint(model), new_salt()
    with _board(ctx, deploy=False) as (board, nexus, home):
        who = _account(nexus, sender)
        key = f"commit:{board.contract.address}:{bounty}:{who.lower()}"
        try:
            previous: dict[str, str] | None = load_secret(home, key)
        except BountyInputError:
            previous = None
        save_secret(home, key, {"fingerprint": fp, "salt": "0x" + salt.hex()})  # before the transaction
        try:
            c = board.commit(bounty, fp, salt, who)
        except BaseException:
            if previous is not None:  # the chain still holds the earlier commitment: keep its salt
                save_secret(home, key, previous)
            raise
    say(
        {"id": bounty, "solver": who, "fingerprint": fp, "commitment": "0x" + c.hex()},
        as_json,
        f"committed {fp} to bounty {bounty} as {who}",
    )


@app.command("reveal")
def reveal_cmd(
    ctx: typer.Context,
    bounty: IdArg,
    test: Annotated[bool, typer.Option("--test", help="Reveal the test set (sponsor) instead of your model.")] = False,
    uri: Annotated[str, typer.Option(help="Where judges fetch the test set (with --test).")] = "",
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Reveal your committed model (after the commit deadline), or with --test the test set."""
    from ..bounty.service import load_secret

    with _board(ctx, deploy=False) as (board, nexus, home):
        who = _account(nexus, sender)
        if test:
            s = load_secret(home, f"test:{board.contract.address}:{bounty}")
            board.reveal_test_set(bounty, s["test_set"], bytes.fromhex(s["salt"][2:]), uri, sender=who)
            say({"id": bounty, "test_set": s["test_set"]}, as_json, f"test set {s['test_set']} revealed")
            return
        s = load_secret(home, f"commit:{board.contract.address}:{bounty}:{who.lower()}")
        board.reveal(bounty, s["fingerprint"], bytes.fromhex(s["salt"][2:]), who)
    say({"id": bounty, "solver": who, "fingerprint": s["fingerprint"]}, as_json, f"revealed {s['fingerprint']}")


@app.command()
def judge(
    ctx: typer.Context,
    bounty: IdArg,
    models: Annotated[Path, typer.Option(help="Folder holding the submitted model files.")],
    test: Annotated[Path, typer.Option(help="The revealed test-set file.")],
    judges: Annotated[int, typer.Option(help="Sign with the first N dev judge keys.")] = 2,
    label: Annotated[str, typer.Option(help="Label column of the test set.")] = "label",
    post: Annotated[bool, typer.Option(help="Post the signed scores on chain.")] = True,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score every revealed model on the test set (accuracy, 1e6 units), sign as judges, post."""
    from ..bounty import judge_bounty
    from ..bounty.service import judge_keys

    with _board(ctx, deploy=False) as (board, nexus, _):
        out = judge_bounty(
            board, bounty, judge_keys(judges), models, test, label=label, post=post, sender=_account(nexus, sender)
        )
    say(
        out,
        as_json,
        f"scores {out['scores']} for {len(out['solvers'])} submission(s)" + (" posted" if post else " (not posted)"),
    )


@app.command("dispute")
def dispute_cmd(ctx: typer.Context, bounty: IdArg, sender: FromOpt = None, as_json: JsonOpt = False) -> None:
    """Dispute posted scores within the window (bonds the bounty's dispute bond)."""
    with _board(ctx, deploy=False) as (board, nexus, _):
        who = _account(nexus, sender)
        board.dispute(bounty, who)
    say({"id": bounty, "disputer": who}, as_json, f"bounty {bounty} disputed by {who}")


@app.command()
def claim(
    ctx: typer.Context,
    bounty: IdArg,
    refund: Annotated[
        bool, typer.Option("--refund", help="Sponsor: take the reward back (no valid submission).")
    ] = False,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Winner: collect the reward once scores are final (or, with --refund, the sponsor's refund)."""
    with _board(ctx, deploy=False) as (board, nexus, _):
        who = _account(nexus, sender)
        paid = board.refund(bounty, who) if refund else board.claim(bounty, who)
        info = board.info(bounty)
    fp = info.fingerprints[info.solvers.index(info.winner)] if info.winner in info.solvers and not refund else None
    say(
        {"id": bounty, "to": who, "amount": str(paid), "winning_fingerprint": fp},
        as_json,
        f"paid {Decimal(paid) / 10**18} ether to {who}"
        + (
            f"; winning model {fp} (register it with `nexus model register NAME FILE`, then"
            f" `nexus gov propose --activate NAME@bounty:{bounty}`)"
            if fp
            else ""
        ),
    )


@app.command("list")
def list_cmd(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every bounty on this chain."""
    from ..bounty.service import list_bounties

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings, allow_readonly=True)
    with nexus:
        rows = list_bounties(nexus)
    if as_json:
        print_json(rows)
        return
    for b in rows:
        console().print(
            f"#{b['id']} reward {Decimal(b['reward']) / 10**18} ETH, {len(b['solvers'])} revealed,"
            f" round {b['round']}, winner {b['winner'] or '-'}{', paid' if b['paid'] else ''}"
        )


@app.command()
def show(ctx: typer.Context, bounty: IdArg) -> None:
    """One bounty as JSON."""
    with _board(ctx, deploy=False) as (board, _, _):
        print_json(board.info(bounty).to_json())
