"""The art model and renderer: integer-exact sampling (same token and state, same PNG bytes), a valid
PNG of the state's digit, samples a real-digits classifier recognises, weights fingerprinted in the
ledger, and a corrupt weights file or an altered stored image refused."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from nexus.exceptions import NFTModelError, NFTNotFound
from nexus.nft.art import ART_SIZE, render, upscale
from nexus.nft.model import SCALE, WEIGHTS, latent, load_decoder, weights_fingerprint
from nexus.nft.png import encode_png, png_dimensions
from nexus.nft.store import ArtStore
from nexus.nft.traits import Cause, evolve_traits, genesis_traits


def _decode_png(data: bytes) -> np.ndarray:
    """Read back an 8-bit RGB, filter-0 PNG (what encode_png writes), checking every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", (0, 0)
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        assert struct.unpack(">I", data[pos + 8 + n : pos + 12 + n])[0] == zlib.crc32(kind + body)
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
            assert body[8:] == bytes([8, 2, 0, 0, 0])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h = size
    raw = zlib.decompress(idat)
    rows = [raw[y * (3 * w + 1) : (y + 1) * (3 * w + 1)] for y in range(h)]
    assert all(r[0] == 0 for r in rows)
    return np.frombuffer(b"".join(r[1:] for r in rows), dtype=np.uint8).reshape(h, w, 3)


def test_same_token_and_state_give_the_same_bytes_and_a_new_state_new_art() -> None:
    traits = genesis_traits(7)
    a = render(7, traits)
    dec = load_decoder()
    again = render(7, dict(reversed(list(traits.items()))), decoder=dec)  # key order does not matter
    assert a == again
    evolved = evolve_traits(7, traits, Cause("holder.action", {"n": 1}))
    assert render(7, evolved) != a
    assert render(8, genesis_traits(7)) != a  # the token id seeds the latent too
    assert png_dimensions(a) == (ART_SIZE, ART_SIZE)
    img = _decode_png(a)
    assert encode_png(img) == a  # what we read back is what was written
    bg, ink = np.array((18, 22, 48)), np.array((250, 196, 120))  # the "dawn" palette
    body = img[8:-8, 8:-8].reshape(-1, 3).astype(int)
    assert (np.abs(body - bg).sum(1) < 8).any() and (np.abs(body - ink).sum(1) < 60).any()


def test_latent_is_sha256_integer_arithmetic_with_unit_variance() -> None:
    z = latent(b"seed", 8)
    assert z.dtype == np.int64 and z.tolist() == latent(b"seed", 8).tolist()
    draws = np.concatenate([latent(i.to_bytes(4, "big"), 8) for i in range(400)]) / SCALE
    assert abs(draws.mean()) < 0.15 and 0.85 < draws.std() < 1.15
    assert (np.abs(latent(b"seed", 8, 500) * 2 - z) <= 2).all()  # temperature 0.5 halves it


def test_upscale_is_exact_bilinear_integer() -> None:
    img = np.array([[0, 255], [255, 0]], dtype=np.uint8)
    big = upscale(img, 4)
    assert big.shape == (8, 8) and big[0, 0] == 0 and big[0, 7] == 255 and big[7, 0] == 255
    assert big.tolist() == upscale(img.copy(), 4).tolist()
    flat = upscale(np.full((8, 8), 77, dtype=np.uint8))
    assert (flat == 77).all()  # weights sum to one exactly


def test_samples_are_recognised_as_the_requested_digit() -> None:
    pytest.importorskip("sklearn")
    from nexus.nft.train import evaluate

    report = evaluate(load_decoder(), per_class=10)
    assert report["recognised"] >= 0.9, report  # the benchmark measures 1,000 samples
    assert report["distinct"] == 1.0 and report["diversity_ratio"] > 0.2


def test_weights_are_small_fingerprinted_and_in_the_ledger(nexus_home: Path) -> None:
    from nexus.ledger import open_ledger
    from nexus.ledger.lineage import Lineage
    from nexus.nft.service import weights_record
    from nexus.settings import load_settings

    assert WEIGHTS.stat().st_size < 2 * 1024 * 1024
    settings = load_settings(home=nexus_home)
    rid = weights_record(settings)
    with open_ledger(settings) as led:
        rec = Lineage(led).get(rid)
        assert rec.kind == "lineage.model" and rec.fields["name"] == "nft-digits-cvae"
        assert rec.fields["fingerprint"] == weights_fingerprint()
        assert Lineage(led).by_fingerprint(weights_fingerprint().removeprefix("sha256:")) is not None


def test_corrupt_weights_and_altered_images_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "w.npz"
    bad.write_bytes(b"not an npz")
    with pytest.raises(NFTModelError):
        load_decoder(bad)
    np.savez(tmp_path / "partial.npz", w1=np.zeros((18, 4), dtype=np.int32))
    with pytest.raises(NFTModelError, match="lack"):
        load_decoder(tmp_path / "partial.npz")
    with pytest.raises(NFTModelError):
        load_decoder().decode(latent(b"x", 8), 10)
    store = ArtStore(tmp_path)
    png = render(1, genesis_traits(1))
    digest = store.put_image(png)
    assert digest == hashlib.sha256(png).hexdigest() and store.get_image(digest) == png
    path = store.image_path(digest)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    path.write_bytes(png[:-1] + bytes([png[-1] ^ 1]))
    with pytest.raises(NFTModelError, match="altered"):
        store.get_image(digest)
    with pytest.raises(NFTNotFound):
        store.get_image("ab" * 32)
    with pytest.raises(NFTNotFound):
        store.get_image("../../etc/passwd")


def test_the_shipped_weights_draw_the_pinned_bytes() -> None:
    """Another process, another day, another machine: the same bytes. Integer arithmetic only, so this
    holds across CPUs and zlib builds; retraining the weights changes every token's art (update both)."""
    assert weights_fingerprint() == "sha256:7c93be943d052187eaaec0cb651dad25650ce949e837aa94fb88979db89c2714"
    png = render(7, genesis_traits(7))
    assert hashlib.sha256(png).hexdigest() == "dc0e6b425b7cc1903f653b829402e9f4a2760ce5ee2826ecd528ba6c5fec8ec0"
