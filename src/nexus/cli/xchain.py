"""`nexus xchain chains | send | relay | messages`: several chains and cross-chain messages."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from ._common import console, get_settings, open_nexus, print_json

if TYPE_CHECKING:
    from ..xchain.network import XNetwork

__all__ = ["app", "verify_on_chains"]

app = typer.Typer(no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
ChainOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--chain",
        help="Another chain besides the main one: a JSON-RPC URL or 'embedded chain_id=N' (repeatable;"
        " adds to the `chains` setting).",
    ),
]


def _settings(ctx: typer.Context, chain: list[str] | None) -> Any:
    base = get_settings(ctx)
    return get_settings(ctx, chains=[*base.chains, *chain]) if chain else base


@contextmanager
def _network(ctx: typer.Context, chain: list[str] | None, *, deploy: bool) -> Iterator[XNetwork]:
    from ..xchain.network import XNetwork

    settings = _settings(ctx, chain)
    nexus, readonly = open_nexus(settings, allow_readonly=not deploy)
    with nexus:
        if deploy and nexus.chain.kind == "embedded":
            nexus.deploy(["Registry", "Anchor"])
        net = XNetwork(settings, nexus, deploy=deploy, readonly=readonly)
        try:
            yield net
        finally:
            net.close()


@app.command()
def chains(ctx: typer.Context, chain: ChainOpt = None, as_json: JsonOpt = False) -> None:
    """The node's chains: id, role, head and the Anchor, outbox and inbox on each."""
    from ..xchain.service import chains_status

    with _network(ctx, chain, deploy=False) as net:
        out = chains_status(net)
    if as_json:
        print_json(out)
        return
    t = Table("chain id", "role", "head", "anchor", "outbox", "inbox", "endpoint")
    for m in out["chains"]:
        t.add_row(
            f"{m['chain_id']}{' (main)' if m['main'] else ''}",
            m["role"],
            str(m["block_number"]),
            m["anchor"] or "-",
            m["outbox"] or "-",
            m["inbox"] or "-",
            m["endpoint"],
        )
    console().print(t)
    typer.echo(f"signers: {len(out['signers'])}, quorum {out['quorum']}, finality {out['finality']} blocks")


@app.command()
def send(
    ctx: typer.Context,
    payload: Annotated[str, typer.Argument(help="0x hex, or text (sent as UTF-8).")],
    from_chain: Annotated[int, typer.Option("--from-chain", help="Source chain id.")],
    to_chain: Annotated[int, typer.Option("--to-chain", help="Destination chain id.")],
    to: Annotated[str | None, typer.Option("--to", help="Recipient address (default: the sender).")] = None,
    chain: ChainOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Send a message through the source chain's outbox (the relayer delivers it once final)."""
    from ..xchain.service import send as do_send

    with _network(ctx, chain, deploy=True) as net:
        recipient = to or net.member(from_chain).chain.default_account
        out = do_send(net, from_chain, to_chain, recipient, payload)
    if as_json:
        print_json(out)
    else:
        typer.echo(
            f"sent nonce {out['nonce']} from chain {from_chain} to {out['recipient']} on chain {to_chain}"
            f" (tx {out['tx_hash']}, block {out['block']}, {out['gas_used']} gas)"
        )


@app.command()
def relay(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option(help="One pass over every route, then exit.")] = False,
    chain: ChainOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Relay final messages between every pair of chains (Ctrl-C stops; the journal resumes)."""
    from ..xchain.service import relay_once

    with _network(ctx, chain, deploy=True) as net:
        relayer = net.relayer()
        try:
            while True:
                rep = relay_once(relayer)
                if as_json:
                    print_json(rep)
                elif any(rep[k] for k in ("found", "delivered", "deferred", "orphaned", "unsigned")):
                    typer.echo(" ".join(f"{k}={v}" for k, v in rep.items() if v))
                if once:
                    break
                time.sleep(net.settings.poll_interval)
        except KeyboardInterrupt:
            pass
        finally:
            relayer.journal.close()


@app.command()
def signatures(
    ctx: typer.Context,
    nonce: Annotated[int, typer.Argument(help="The message's nonce on its source chain.")],
    from_chain: Annotated[int, typer.Option("--from-chain", help="Source chain id.")],
    to_chain: Annotated[int, typer.Option("--to-chain", help="Destination chain id.")],
    chain: ChainOpt = None,
) -> None:
    """A quorum of signatures over one message, for delivering it yourself (exit 162 without a quorum)."""
    from ..xchain.service import signatures as collect

    with _network(ctx, chain, deploy=False) as net:
        print_json(collect(net, from_chain, to_chain, nonce))


@app.command()
def messages(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="pending, delivered or orphaned.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_json: JsonOpt = False,
) -> None:
    """The relayer journal's messages, newest first."""
    from ..exceptions import XChainInputError
    from ..xchain.journal import Journal

    if status not in (None, "pending", "delivered", "orphaned"):
        raise XChainInputError("--status is pending, delivered or orphaned")
    path = get_settings(ctx).home / "xchain" / "relayer.db"
    if not path.exists():
        rows: list[dict[str, Any]] = []
    else:
        j = Journal(path)
        try:
            rows = j.messages(status=status, limit=limit)
        finally:
            j.close()
    if as_json:
        print_json(rows)
        return
    t = Table("from", "nonce", "to", "status", "payload", "delivery", "note")
    for r in rows:
        t.add_row(
            str(r["src_chain"]),
            str(r["nonce"]),
            str(r["dst_chain"]),
            r["status"],
            r["payload"][:20],
            r["dst_tx"] or "-",
            r["note"] or "",
        )
    console().print(t)


def verify_on_chains(
    ctx: typer.Context, receipt_file: str, chain: list[str] | None, as_json: bool, only: int | None = None
) -> None:
    """`nexus verify RECEIPT --all-chains` / `--chain URL` / `--on-chain ID`: check it on every
    chain (or chain ID only); exit 164 (ChainsDisagree) unless it is valid on each one checked."""
    from ..ledger.receipt import Receipt
    from ..xchain.service import verify

    r = Receipt.load(receipt_file)
    with _network(ctx, chain, deploy=False) as net:
        out = verify(net, r.to_json(), strict=False, chain_id=only)
    if as_json:
        print_json(out)
    else:
        for row in out["chains"]:
            mark = "ok  " if row["status"] == "valid" else "FAIL"
            typer.echo(f"{mark} chain {row['chain_id']:<8} {row['status']:<11} {row['detail']}")
    from ..exceptions import ChainsDisagree

    if out["disagree"] or len(out["valid_on"]) != len(out["chains"]):
        bad = [f"{x['chain_id']} ({x['status']})" for x in out["chains"] if x["status"] != "valid"]
        raise ChainsDisagree(f"receipt not valid on every chain: {', '.join(bad)}")
    if not as_json:
        typer.echo(f"receipt valid on every chain checked: {', '.join(str(c) for c in out['valid_on'])}")
