"""Demo chapter 13, "Dynamic NFTs": mint, evolve on a holder's action and a guard finding, verify the art."""

from __future__ import annotations

from ..nft import service
from ..nft.contract import INTERFACES, nft_contract
from ..nft.model import load_decoder, weights_fingerprint
from ..nft.node import NFTService
from ..nft.verify import verify_image
from ._tour import DemoContext, chapter

__all__ = ["dynamic_nfts"]

_SHADES = " .:-=+*#%@"


def _ascii(token: int, traits: dict) -> list[str]:
    """The token's 8x8 model output as text (what the PNG upscales and colours)."""
    from ..nft.art import TEMPERATURE_MILLI, seed_for
    from ..nft.traits import state_hash

    img = load_decoder().sample(seed_for(token, state_hash(token, traits)), int(traits["glyph"]), TEMPERATURE_MILLI)
    return ["".join(_SHADES[int(v) * len(_SHADES) // 256] * 2 for v in row) for row in img]


@chapter(13, "Dynamic NFTs")
def dynamic_nfts(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    a = nx.chain.accounts
    ctx.step(
        "The art model: a class-conditional VAE trained on CPU on scikit-learn's digits (benchmarks/"
        "bench_nft.py measures it), shipped as fixed-point weights and run in integer arithmetic, so one"
        " (token, state) gives one PNG, byte for byte, on any machine. Its fingerprint goes in the ledger."
    )
    con.print(f"weights {weights_fingerprint()[:23]}…")
    ctx.step("Mint two tokens (ERC-721 + ERC-4906): the node draws each one's digit and pins the image hash on chain.")
    first = service.mint(nx, a[1])
    second = service.mint(nx, a[2])
    c = nft_contract(nx, deploy=False)
    assert c is not None
    con.print(f"DynamicNFT {c.address}: supports " + ", ".join(n for n, i in INTERFACES.items() if c.supports(i)))
    for t in (first, second):
        con.print(
            f"#{t['token']} → {t['owner'][:10]}…  digit {t['traits']['glyph']}  gas {t['gas_used']}"
            f"  image {t['image_sha256'][:16]}…  ledger record {t['ledger_record']}"
        )
    con.print("\n".join(_ascii(first["token"], first["traits"])))
    start = nx.chain.block_number()
    ctx.step(
        f"The holder of #{first['token']} acts on it on chain (`interact`); the node's NFT service matches"
        " the log by its event name and evolves the token: level up, a new digit, new art, an ERC-4906"
        " MetadataUpdate."
    )
    rc = c.interact(first["token"], 1, sender=a[1])
    svc = NFTService(nx.settings)
    found = [svc.cause_of_log(log, c.address) for log in rc.logs]
    cause, token = next(f for f in found if f is not None)
    step = service.evolve(nx, first["token"] if token is None else token, cause)
    con.print(f"#{step['token']} v{step['version']}: digit {step['traits']['glyph']}, aura {step['traits']['aura']}")
    con.print("\n".join(_ascii(step["token"], step["traits"])))
    ctx.step("A guard finding (an event-bus `finding`) evolves every token in one evolveBatch (BatchMetadataUpdate).")
    finding = svc.cause_of_event("finding", {"alert_id": "DEMO-1", "tx_hash": rc.tx_hash})
    assert finding is not None
    batch = service.evolve_all(nx, finding)
    con.print(f"evolved {[(b['token'], b['version']) for b in batch]} for {batch[-1]['gas_used']} gas in one tx")
    for ev in c.contract.events(None, start + 1):
        if ev.name in ("MetadataUpdate", "BatchMetadataUpdate"):
            con.print(f"  ERC-4906 {ev.name} {dict(ev.args)} (block {ev.block_number})")
    tid = int(first["token"])
    meta = service.metadata(nx, tid)
    con.print(
        f"tokenURI → {c.token_uri(tid)}: name {meta['name']!r}, image {meta['image']}, "
        f"{len(meta['attributes'])} attributes"
    )
    ctx.step("Anyone can check a picture: its SHA-256 against imageOf on chain and the anchored ledger record.")
    png = service.image(nx, tid)
    ok = verify_image(nx, tid, png)
    con.print(
        f"served PNG ({len(png)} bytes) matches v{ok['version']}: {ok['matches']} (ledger record {ok['ledger_record']})"
    )
    tampered = png[:-20] + bytes([png[-20] ^ 1]) + png[-19:]
    try:
        verify_image(nx, tid, tampered)
    except Exception as exc:  # noqa: BLE001 - the tour shows the refusal
        con.print(f"[red]a one-bit change is refused[/]: {exc}")
