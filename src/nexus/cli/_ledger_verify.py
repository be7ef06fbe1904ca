"""`nexus verify RECEIPT`: a receipt's inclusion proof, then its anchor on a trusted chain (the home's
deployment, --rpc, or every configured chain), plus the `nexus verify SUBJECT PATH` hook other
capabilities register subjects on (e.g. `model`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from ..exceptions import LedgerInputError
from ..settings import Settings
from ._common import get_settings, print_json

__all__ = ["VERIFY_SUBJECTS", "verify", "verify_app"]

verify_app = typer.Typer()

# `nexus verify SUBJECT PATH` for subjects other than receipts (e.g. "model"), registered by
# other capabilities: name -> fn(ctx, path, as_json).
VERIFY_SUBJECTS: dict[str, Callable[[typer.Context, str, bool], None]] = {}

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


@verify_app.command()
def verify(
    ctx: typer.Context,
    subject: Annotated[str, typer.Argument(metavar="RECEIPT", help="A receipt file (or a subject like `model`).")],
    path: Annotated[str | None, typer.Argument(hidden=True)] = None,
    rpc: Annotated[str | None, typer.Option(help="Check the anchor on this JSON-RPC chain.")] = None,
    offline: Annotated[
        bool, typer.Option(help="Check only the proof; the anchor stays UNVERIFIED (exit 0 if the proof holds).")
    ] = False,
    anchor_contract: Annotated[
        str | None,
        typer.Option("--anchor-contract", help="The trusted Anchor address (default: the home's deployment)."),
    ] = None,
    as_json: JsonOpt = False,
    all_chains: Annotated[
        bool, typer.Option("--all-chains", help="Check it on every configured chain (exit 164 if any disagrees).")
    ] = False,
    chain: Annotated[
        list[str] | None, typer.Option("--chain", help="With --all-chains: one more chain (URL; repeatable).")
    ] = None,
    on_chain: Annotated[
        int | None, typer.Option("--on-chain", help="Check it on this one of the configured chains (chain id).")
    ] = None,
) -> None:
    """Verify a receipt: proof, then its anchor on the chain. Exit 0 only when the anchor was
    checked on a trusted chain (or, with --offline, when the proof alone holds)."""
    if all_chains or chain or on_chain:
        from .xchain import verify_on_chains

        verify_on_chains(ctx, subject, chain, as_json, on_chain)
        return
    if subject in VERIFY_SUBJECTS and path is not None:
        VERIFY_SUBJECTS[subject](ctx, path, as_json)
        return
    if path is not None:
        raise LedgerInputError(f"unknown verify subject {subject!r}; give a receipt file")
    from ..ledger.receipt import Receipt
    from ..ledger.verify import verify_receipt

    r = Receipt.load(subject)
    if offline:
        rep = verify_receipt(r, offline=True)
    else:
        nexus = _trusted_chain(get_settings(ctx, rpc_url=rpc))
        try:
            rep = verify_receipt(r, nexus.chain, contract=anchor_contract or _deployed_anchor(nexus))
        finally:
            nexus.close()
    if as_json:
        print_json(rep.to_json())
    else:
        for c in rep.checks:
            typer.echo(f"{'ok  ' if c.ok else 'FAIL'} {c.name:<10} {c.detail}")
        for what in rep.not_checked:
            typer.echo(f"NOT CHECKED {what}")
    rep.raise_for_failure()
    if not as_json:
        typer.echo(
            "receipt valid: proof checked and anchor checked on chain"
            if rep.valid
            else "proof valid — UNVERIFIED anchor (--offline: nothing was checked on chain)"
        )


def _trusted_chain(settings: Settings):  # type: ignore[no-untyped-def]
    """The configured chain (--rpc, else the home's embedded chain read-only), or AnchorUnchecked."""
    from .._client import Nexus
    from ..exceptions import AnchorUnchecked, ChainError

    hint = "pass --rpc URL, or --offline to check only the proof"
    if not settings.rpc_url and not (settings.chain_dir / "state.db").exists():
        raise AnchorUnchecked(
            f"anchor not checked: no chain to check it on (no --rpc and no local chain in {settings.home}); {hint}"
        )
    try:
        return Nexus(settings, readonly=not settings.rpc_url)
    except ChainError as exc:
        raise AnchorUnchecked(f"anchor not checked: chain unreachable ({exc}); {hint}") from None


def _deployed_anchor(nexus) -> str | None:  # type: ignore[no-untyped-def]
    """The Anchor address of the home's deployment manifest for this chain, if there is one."""
    from ..exceptions import ChainError, ContractError

    try:
        found = nexus.contracts.get("Anchor")
    except (ChainError, ContractError):
        return None
    return None if found is None else str(found.address)


def _reach_chain(settings: Settings):  # type: ignore[no-untyped-def]
    """The chain to check against: --rpc, else the home's embedded chain (read-only)."""
    from .._client import Nexus
    from ..exceptions import ChainError

    if not settings.rpc_url and not (settings.chain_dir / "state.db").exists():
        return None, "no chain reachable (no --rpc and no local node); checked offline only"
    try:
        return Nexus(settings, readonly=not settings.rpc_url), ""
    except ChainError as exc:
        return None, f"chain unreachable ({exc}); checked offline only"
