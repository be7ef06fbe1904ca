"""`nexus lend`: deposit, borrow, repay, liquidate, score — the credit-scored lending pool.

This is the glue layer: scores are signed by the oracle network's node keys (the dev keys on the embedded
chain) through a small `digest -> (parity, r, s)` interface, so the lending package never imports oracle.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..exceptions import LendingInputError
from ._common import console, get_settings, open_nexus, print_json
from .lend_model import app as _model_app

if TYPE_CHECKING:
    from ..lending.pool import CreditPool

__all__ = ["NODES", "QUORUM", "app", "oracle_signers"]

app = typer.Typer(no_args_is_help=True)
app.add_typer(_model_app, name="model")
NODES, QUORUM = 4, 3  # as nexus.models.credit_client (imported lazily: the CLI starts without the SDK)


def oracle_signers(n: int = NODES) -> tuple[list[str], list[Any]]:
    """Addresses and signing callables of the oracle network's (dev) node keys."""
    from ..models.credit_client import oracle_signers as signers

    return signers(n)


JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]


@contextmanager
def _pool(ctx: typer.Context) -> Iterator[tuple[CreditPool, Any]]:
    from ..lending.service import ensure_pool, scorer_fingerprint

    nexus, _ = open_nexus(get_settings(ctx))
    with nexus:
        nodes, _signers = oracle_signers()
        yield ensure_pool(nexus, nodes=nodes, quorum=QUORUM, model=scorer_fingerprint()), nexus


def _sender(nexus: Any, who: str | None) -> str:
    accounts = nexus.chain.accounts
    if who is None:
        return str(nexus.chain.default_account)
    if who.isdigit():
        if int(who) >= len(accounts):
            raise LendingInputError(f"no dev account {who} (there are {len(accounts)})")
        return str(accounts[int(who)])
    if not (who.startswith("0x") and len(who) == 42):
        raise LendingInputError(f"--from {who!r} is neither an address nor an account index")
    return who


def _show(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(data)
        return
    out = console()
    for k, v in data.items():
        if k == "reasons":
            for r in v:
                out.print(f"  - {r['text']}")
        elif not isinstance(v, dict):
            out.print(f"{k}: {v}")


@app.command()
def deposit(
    ctx: typer.Context,
    amount: Annotated[str, typer.Argument(help="NXD to lend, whole units.")],
    sender: FromOpt = None,
    faucet: Annotated[bool, typer.Option(help="Mint dev NXD first.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Lend NXD to the pool for shares."""
    from ..lending import service

    with _pool(ctx) as (pool, nexus):
        who = _sender(nexus, sender)
        if faucet:
            pool.token.mint(who, service.parse_units(amount), sender=who)
        _show(service.deposit(pool, amount, sender=who), as_json)


@app.command()
def borrow(
    ctx: typer.Context,
    amount: Annotated[str, typer.Argument(help="NXD to borrow.")],
    collateral: Annotated[str, typer.Option(help="ETH to post as collateral.")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Borrow against ETH; needs a valid, fresh score (`nexus lend score ADDR`)."""
    from ..lending import service

    with _pool(ctx) as (pool, nexus):
        _show(service.borrow(pool, amount, collateral, sender=_sender(nexus, sender)), as_json)


@app.command()
def repay(
    ctx: typer.Context,
    sender: FromOpt = None,
    faucet: Annotated[bool, typer.Option(help="Mint dev NXD for the interest first.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Repay the whole debt and take the collateral back."""
    from ..lending import service

    with _pool(ctx) as (pool, nexus):
        who = _sender(nexus, sender)
        if faucet:
            pool.token.mint(who, max(pool.contract.debt_of(who) // 10, 10**18), sender=who)
        _show(service.repay(pool, sender=who), as_json)


@app.command()
def liquidate(
    ctx: typer.Context,
    borrower: Annotated[str, typer.Argument(help="Borrower address.")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Repay an unhealthy loan and take its collateral plus the bonus."""
    from ..lending import service

    with _pool(ctx) as (pool, nexus):
        borrower = _sender(nexus, borrower) if borrower.isdigit() else borrower
        _show(service.liquidate(pool, borrower, sender=_sender(nexus, sender)), as_json)


@app.command()
def score(
    ctx: typer.Context,
    address: Annotated[str, typer.Argument(help="Borrower address.")],
    explain: Annotated[bool, typer.Option("--explain", help="Show the features that moved it.")] = False,
    fraud: Annotated[float, typer.Option(help="The guard's fraud probability for the address.")] = 0.0,
    post: Annotated[bool, typer.Option(help="Sign by the oracle nodes and post on chain.")] = True,
    offchain: Annotated[
        Path | None,
        typer.Option(
            help="JSON of German-credit-style off-chain features (used only under the borrower's consent grant)."
        ),
    ] = None,
    data: Annotated[Path | None, typer.Option(help="german.data to fit the off-chain model on.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score a borrower from its on-chain record; the oracle nodes sign it and it is posted on chain.
    Off-chain features count only when the borrower granted the pool's DID consent for them (purpose
    credit-scoring); they make a different scorer, which governance (or the pool's owner) must approve."""
    from ..lending import service
    from ..models import credit_score

    model, row = None, None
    if offchain is not None:
        if data is None:
            raise LendingInputError("--offchain needs --data (german.data) to fit the off-chain model")
        row = service.read_features(offchain)
    with _pool(ctx) as (pool, nexus):
        _nodes, signers = oracle_signers()
        who = _sender(nexus, address) if address.isdigit() else address
        if row is not None:  # refuse before fitting anything
            from ..identity.service import consent_book

            book = consent_book(nexus, deploy=False)
            credit_score.consent_check(book, credit_score.grantee_did(pool))(service.checksum(who), sorted(row))
            assert data is not None
            model = service.offchain_model(data)
        out = credit_score.score(
            nexus,
            pool,
            who,
            signers=signers[:QUORUM],
            fraud_probability=fraud,
            post=post,
            model=model,
            offchain=row,
        )
        if not explain:
            out.pop("reasons")
        _show(out, as_json)


@app.command()
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Pool health: cash, borrowed, utilisation, price, approved model, owner, the DID consent is granted to."""
    from ..lending import service
    from ..models.credit_score import grantee_did

    with _pool(ctx) as (pool, _nexus):
        _show({**service.pool_state(pool), "did": grantee_did(pool)}, as_json)
