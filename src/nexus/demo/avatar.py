"""Demo chapter 15, "Avatars and private login": a speaker enrols a voice template that never leaves the
machine, mints a soulbound avatar bound to a did:key with only a salted commitment on chain, logs in with
a fresh utterance against a one-use challenge; a replay and an impostor are refused."""

from __future__ import annotations

from ..avatar.auth import respond, verify
from ..avatar.contract import avatars
from ..avatar.model import THRESHOLD, default_encoder
from ..avatar.service import avatar_create, challenge_store, speaker_samples
from ..avatar.template import load_template
from ..exceptions import AvatarError
from ..identity.service import load_key
from ._tour import DemoContext, chapter

__all__ = ["avatar_chapter"]


@chapter(15, "Avatars and private login")
def avatar_chapter(ctx: DemoContext) -> None:
    nx, home = ctx.nexus, ctx.settings.home
    try:
        encoder = default_encoder()
    except AvatarError as exc:
        ctx.step(f"[yellow]skipped:[/] {exc}")
        return
    ctx.step(
        "The template model: 48 features of an utterance's 12 LPC cepstrum tracks, whitened by the within-speaker "
        f"covariance (WCCN), fitted on speakers 1-6 of UCI Japanese Vowels ({encoder.fingerprint()[:19]}…)"
    )
    me, other = nx.chain.accounts[1], nx.chain.accounts[2]
    res = avatar_create(nx, home, speaker_samples(7, session=0, count=10), sender=me)
    ctx.step(
        f"Speaker 7 enrols with 10 utterances: the template is sealed (AES-GCM) under the home; on chain only "
        f"avatar #{res['token_id']}, bound to the did:key {res['did'][8:28]}…, and the salted commitment "
        f"{res['commitment'][:18]}…"
    )
    book = avatars(nx)
    assert book is not None
    try:
        book.transfer(res["token_id"], other, sender=me)
    except AvatarError as exc:
        ctx.step(f"It is soulbound (ERC-5192 locked = {book.locked(res['token_id'])}): a transfer is {exc}")
    key = load_key(home, res["did"])
    store, sealed = challenge_store(home), load_template(home, key)
    challenge = store.issue(book, res["token_id"]).to_json()
    fresh = speaker_samples(7, session=1, count=1, offset=0)[0]
    answer = respond(challenge, key, sealed, fresh, encoder)
    ok = verify(book, store, answer)
    ctx.step(
        f"Login: the node sends nonce {challenge['nonce'][:12]}…; speaker 7 says the vowels again (another "
        f"session), matches locally (cosine ≥ {THRESHOLD}) and signs with the DID key: ok = {ok['ok']}"
    )
    for label, attempt in (
        ("the same signed answer, replayed", lambda: verify(book, store, answer)),
        (
            "speaker 8 at speaker 7's device",
            lambda: respond(
                store.issue(book, res["token_id"]).to_json(),
                key,
                sealed,
                speaker_samples(8, session=1, count=1)[0],
                encoder,
            ),
        ),
    ):
        try:
            attempt()
            ctx.step(f"[red]{label}: accepted[/]")
        except AvatarError as exc:
            ctx.step(f"{label}: refused ({exc})")
    ctx.step("False accept / reject rates on held-out speakers: `python benchmarks/bench_avatar.py`")
