"""`nexus avatar create|login`: enrol a voice template on this machine and mint an avatar bound to a DID;
log in with a fresh sample against a one-use challenge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ..exceptions import AvatarInputError
from ._common import resolve_account
from ._idcommon import JsonOpt, chain, out

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)

DidOpt = Annotated[str | None, typer.Option("--did", help="A saved did:key (name, file or the DID itself).")]
SpeakerOpt = Annotated[
    int, typer.Option(help="The microphone stand-in: a speaker (1-9) of the UCI Japanese Vowels data set.")
]
FileOpt = Annotated[
    Path | None,
    typer.Option(
        "--sample-file",
        help="Instead: JSON, an utterance being a list of frames of 12 LPC cepstrum numbers (create: a list of them).",
    ),
]


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise AvatarInputError(f"{path}: {exc}") from None


@app.command()
def create(
    ctx: typer.Context,
    did: DidOpt = None,
    curve: Annotated[str, typer.Option(help="Key type of a new did:key: Ed25519 or secp256k1.")] = "Ed25519",
    speaker: SpeakerOpt = 7,
    samples: Annotated[int, typer.Option(help="Enrolment utterances (recording session 0).")] = 10,
    sample_file: FileOpt = None,
    transferable: Annotated[bool, typer.Option("--transferable", help="Not soulbound (ERC-5192 unlocked).")] = False,
    sender: Annotated[str | None, typer.Option("--from", help="Owner account: an address or dev index.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Enrol (the template is sealed under the home and never leaves it) and mint the avatar bound to the DID."""
    from ..avatar.model import from_frames
    from ..avatar.service import avatar_create, speaker_samples

    if sample_file:
        utts = _read(sample_file)
        if not isinstance(utts, list) or not utts:
            raise AvatarInputError("--sample-file holds a list of utterances (each a list of frames of 12 numbers)")
        utts = [from_frames(u) for u in utts]
    else:
        utts = speaker_samples(speaker, session=0, count=samples)
    with chain(ctx) as (nexus, home):
        owner = resolve_account(nexus, sender, AvatarInputError)
        res = avatar_create(nexus, home, utts, sender=owner, did=did, curve=curve, soulbound=not transferable)
    kind = "soulbound" if res["soulbound"] else "transferable"
    out(
        res,
        as_json,
        f"avatar #{res['token_id']} ({kind}) bound to {res['did']}; on chain: commitment {res['commitment']}",
    )


@app.command()
def login(
    ctx: typer.Context,
    did: DidOpt = None,
    token: Annotated[int | None, typer.Option(help="The avatar (default: the DID's).")] = None,
    speaker: SpeakerOpt = 7,
    utterance: Annotated[int, typer.Option(help="Which fresh utterance (recording session 1) to say.")] = 0,
    sample_file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Challenge, local match of a fresh sample, DID signature, on-chain check: exit 159 when refused."""
    from ..avatar.model import from_frames
    from ..avatar.service import avatar_login, speaker_samples

    if did is None:
        raise AvatarInputError("--did names the key to log in with")
    if sample_file:
        sample = from_frames(_read(sample_file))
    else:
        sample = speaker_samples(speaker, session=1, count=1, offset=utterance)[0]
    with chain(ctx) as (nexus, home):
        res = avatar_login(nexus, home, sample, did=did, token_id=token)
    out(res, as_json, f"login ok: avatar #{res['token_id']} ({res['did']}), owner {res['owner']}")
