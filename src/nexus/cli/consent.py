"""`nexus consent grant|revoke|list`: consent grants on chain that the AI pipeline obeys."""

from __future__ import annotations

from typing import Annotated

import typer

from ._idcommon import FromOpt, JsonOpt, account, chain, out, seconds

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


@app.command()
def grant(
    ctx: typer.Context,
    grantee: Annotated[str, typer.Option(help="The grantee's DID (e.g. a model's).")],
    fields: Annotated[str, typer.Option(help="Comma-separated field names.")],
    purpose: Annotated[str, typer.Option(help="What for, e.g. training.")],
    expires: Annotated[str, typer.Option(help="How long, e.g. 90d.")] = "90d",
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Grant `grantee` access to fields of your (the sender's) data for a purpose until an expiry."""
    from ..identity.ops import consent_grant

    with chain(ctx) as (nexus, _):
        res = consent_grant(
            nexus,
            grantee=grantee,
            fields=[f.strip() for f in fields.split(",") if f.strip()],
            purpose=purpose,
            valid_seconds=seconds(expires),
            sender=account(nexus, sender),
        )
    out(res, as_json, f"grant {res['id']}: {res['subject']} -> {res['grantee']} {res['fields']} for {res['purpose']}")


@app.command()
def revoke(
    ctx: typer.Context,
    grant_id: Annotated[int, typer.Argument(help="The grant's id.")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Revoke a grant: the next filtered run leaves your data out."""
    from ..identity.ops import consent_revoke

    with chain(ctx) as (nexus, _):
        res = consent_revoke(nexus, grant_id, sender=account(nexus, sender))
    out(res, as_json, f"grant {grant_id} revoked")


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    subject: Annotated[str | None, typer.Option(help="Only this subject.")] = None,
    grantee: Annotated[str | None, typer.Option(help="Only this grantee DID.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every grant, live or not."""
    from ..identity.ops import consent_list

    with chain(ctx) as (nexus, _):
        res = consent_list(
            nexus,
            subject=account(nexus, subject) if subject and not subject.startswith("did:") else subject,
            grantee=grantee,
        )
    lines = [
        f"{g['id']:>4}  {'live' if g['live'] else 'off '}  {g['subject']}  {g['grantee']}  "
        f"{','.join(g['fields'])}  {g['purpose']}"
        for g in res
    ]
    out(res, as_json, "\n".join(lines) or "no grants")
