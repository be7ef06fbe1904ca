"""`nexus did create|resolve|rotate` and `nexus vc issue|verify|revoke|present`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ..exceptions import IdentityInputError
from ._idcommon import FromOpt, JsonOpt, account, chain, out, seconds

__all__ = ["did_app", "vc_app"]

did_app = typer.Typer(no_args_is_help=True)
vc_app = typer.Typer(no_args_is_help=True)


@did_app.command()
def create(
    ctx: typer.Context,
    curve: Annotated[str, typer.Option(help="did:key curve: Ed25519 or secp256k1.")] = "Ed25519",
    ethr: Annotated[str | None, typer.Option(help="Instead: the did:ethr of this account (no tx).")] = None,
    name: Annotated[str | None, typer.Option(help="File name for the saved key.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a did:key (the private key saved under the home, 0600) or name an account's did:ethr."""
    from ..identity.ops import did_create

    with chain(ctx) as (nexus, home):
        res = did_create(nexus, home, curve=curve, ethr=account(nexus, ethr) if ethr else None, name=name)
    out(res, as_json, res["did"])


@did_app.command()
def resolve(
    ctx: typer.Context, did: Annotated[str, typer.Argument(help="did:key:… or did:ethr:…")], as_json: JsonOpt = False
) -> None:
    """Resolve a DID to its W3C DID document (did:ethr: by walking the registry's change events)."""
    from ..identity.ops import did_resolve

    if did.startswith("did:key:"):
        res = did_resolve(None, did)
    else:
        with chain(ctx) as (nexus, _):
            res = did_resolve(nexus, did)
    out(res, as_json, json.dumps(res["didDocument"], indent=2))


@did_app.command()
def rotate(
    ctx: typer.Context,
    did: Annotated[str, typer.Argument(help="The did:ethr to hand over.")],
    to: Annotated[str, typer.Option("--to", help="The new owner: an address or dev account index.")],
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Rotate a did:ethr's controller key (ERC-1056 changeOwner)."""
    from ..identity.ops import did_rotate

    with chain(ctx) as (nexus, _):
        res = did_rotate(nexus, did, account(nexus, to), sender=account(nexus, sender))
    out(res, as_json, f"{res['did']} is now controlled by {res['owner']}")


def _claims(items: list[str]) -> dict[str, Any]:
    claims: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise IdentityInputError(f"claim {item!r} is not key=value")
        try:
            claims[key] = json.loads(value)
        except ValueError:
            claims[key] = value
    return claims


def _aml_score(features: Path) -> tuple[float, str]:
    """The guard's fraud score of the first account in `features`, and the model's fingerprint."""
    from ..guard.fraud.data import read_accounts
    from ..guard.fraud.model import default_model_path, load_default_model

    X, _ = read_accounts(features)
    if not X:
        raise IdentityInputError(f"{features} holds no account")
    return float(load_default_model().predict_proba(X[:1])[0]), "sha256:" + hashlib.sha256(
        default_model_path().read_bytes()
    ).hexdigest()


@vc_app.command()
def issue(
    ctx: typer.Context,
    issuer: Annotated[str | None, typer.Option(help="Saved did:key (name, file or DID) that signs.")] = None,
    subject: Annotated[str | None, typer.Option(help="The subject's DID (or address, with --aml).")] = None,
    claim: Annotated[list[str] | None, typer.Option(help="key=value (JSON values allowed); repeat.")] = None,
    valid_for: Annotated[str | None, typer.Option(help="Validity, e.g. 30d.")] = None,
    status_index: Annotated[int | None, typer.Option(help="Index in the sender's on-chain status list.")] = None,
    sd: Annotated[bool, typer.Option("--sd", help="Selective disclosure (SD-JWT style).")] = False,
    aml: Annotated[bool, typer.Option("--aml", help="An EIP-712 KYC/AML credential instead.")] = False,
    score: Annotated[float | None, typer.Option(help="--aml: the AML score in [0, 1].")] = None,
    features: Annotated[Path | None, typer.Option(help="--aml: score this account row with the guard.")] = None,
    below: Annotated[float, typer.Option(help="--aml: the bound the score is below.")] = 0.2,
    model: Annotated[str | None, typer.Option(help="--aml: the scoring model's fingerprint.")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Issue a VC 2.0 credential as a JWT (EdDSA/ES256K), SD-JWT, or (--aml) an EIP-712 credential."""
    from ..identity.ops import vc_issue, vc_issue_aml

    with chain(ctx) as (nexus, home):
        who = account(nexus, sender)
        if aml:
            if features is not None:
                score, model = _aml_score(features)
            if score is None or model is None or subject is None:
                raise IdentityInputError("--aml needs --subject and --score with --model (or --features)")
            res = vc_issue_aml(
                nexus,
                home,
                subject=account(nexus, subject),
                score=score,
                below=below,
                model=model,
                valid_seconds=seconds(valid_for or "30d"),
                index=status_index or 0,
                sender=who,
            )
            out(res, as_json, json.dumps(res["credential"], indent=2))
            return
        if issuer is None:
            raise IdentityInputError("--issuer is required (a saved did:key; `nexus did create`)")
        res = vc_issue(
            nexus,
            home,
            issuer=issuer,
            subject=subject,
            claims=_claims(claim or []),
            valid_seconds=seconds(valid_for) if valid_for else None,
            status_index=status_index,
            sender=who,
            selective=sd,
        )
    out(res, as_json, res["credential"])


def _read(text: str) -> str:
    try:
        if len(text) < 1024 and Path(text).is_file():
            return Path(text).read_text().strip()
    except OSError:
        pass
    return text.strip()


@vc_app.command()
def verify(
    ctx: typer.Context,
    credential: Annotated[str, typer.Argument(help="JWT, SD-JWT, JSON, or a file.")],
    nonce: Annotated[str | None, typer.Option(help="Expected presentation nonce.")] = None,
    audience: Annotated[str | None, typer.Option(help="Expected presentation audience.")] = None,
    max_score: Annotated[float, typer.Option(help="AML: the highest acceptable bound.")] = 1.0,
    as_json: JsonOpt = False,
) -> None:
    """Verify signature, validity window and on-chain revocation; exit 92-94 when it fails."""
    from ..identity.ops import vc_verify

    with chain(ctx) as (nexus, _):
        res = vc_verify(nexus, _read(credential), nonce=nonce, audience=audience, max_score=max_score)
    out(res, as_json, f"valid {res['format']} credential from {res['issuer']}")


@vc_app.command()
def revoke(
    ctx: typer.Context,
    index: Annotated[int, typer.Argument(help="Status list index.")],
    status_list: Annotated[str, typer.Option("--list", help="The status list's name.")] = "default",
    undo: Annotated[bool, typer.Option(help="Clear the bit instead.")] = False,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Revoke (set the status bit of) a credential in the sender's on-chain status list."""
    from ..identity.ops import vc_revoke

    with chain(ctx) as (nexus, _):
        res = vc_revoke(nexus, index=index, sender=account(nexus, sender), status_list=status_list, revoked=not undo)
    out(res, as_json, f"{'revoked' if res['revoked'] else 'reinstated'} #{index} in {res['list']}")


@vc_app.command()
def present(
    ctx: typer.Context,
    credential: Annotated[str, typer.Argument(help="The SD-JWT (or a file).")],
    fields: Annotated[str, typer.Option(help="Comma-separated fields to disclose.")],
    holder: Annotated[str | None, typer.Option(help="Saved did:key of the holder (binds it).")] = None,
    nonce: Annotated[str, typer.Option(help="The verifier's nonce.")] = "",
    audience: Annotated[str, typer.Option(help="The verifier.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Present only some fields of an SD-JWT credential."""
    from ..cli._common import get_settings
    from ..identity.ops import vc_present

    home = get_settings(ctx).home
    res = vc_present(
        home,
        _read(credential),
        [f.strip() for f in fields.split(",") if f.strip()],
        holder=holder,
        nonce=nonce,
        audience=audience,
    )
    out(res, as_json, res["presentation"])
