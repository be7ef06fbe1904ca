"""Deterministic art for a token state: the model's digit, upscaled, coloured by the traits, framed, PNG.

`render(token, traits)` seeds the latent with SHA-256 of (token, state hash), decodes the glyph's
digit in integer arithmetic (`model.DigitsDecoder`), upscales 8x8 to 64x64 with integer bilinear
weights, blends the palette's background and ink by intensity, frames it in the aura's colour with
one pip per level (up to 8) and writes a stored-block PNG: same (token, traits), same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .model import DigitsDecoder, load_decoder, numpy
from .png import encode_png
from .traits import AURAS, PALETTES, state_hash

__all__ = ["ART_SIZE", "render", "seed_for", "upscale"]

UPSCALE = 8
FRAME = 8
ART_SIZE = 8 * UPSCALE + 2 * FRAME  # 80 x 80 pixels
TEMPERATURE_MILLI = 1000


def seed_for(token: int, state: bytes) -> bytes:
    return hashlib.sha256(b"nexus-nft-art" + token.to_bytes(32, "big") + state).digest()


def upscale(img: Any, s: int = UPSCALE) -> Any:
    """Bilinear upscaling by an integer factor in exact integer arithmetic (edge pixels clamped)."""
    np = numpy()
    n = img.shape[0]
    a = img.astype(np.int64)
    num = 2 * np.arange(n * s) + 1 - s  # source coordinate * 2s, pixel centres aligned
    i0 = np.clip(num // (2 * s), 0, n - 1)
    i1 = np.clip(num // (2 * s) + 1, 0, n - 1)
    f = np.where(num < 0, 0, num % (2 * s))  # weight of i1, out of 2s
    f = np.where(num // (2 * s) >= n - 1, 0, f)
    g = 2 * s - f
    rows = a[i0, :] * g[:, None] + a[i1, :] * f[:, None]  # (n*s, n), scaled by 2s
    out = rows[:, i0] * g[None, :] + rows[:, i1] * f[None, :]  # scaled by 4s^2
    return ((out + 2 * s * s) // (4 * s * s)).astype(np.uint8)


def render(
    token: int, traits: dict[str, Any], decoder: DigitsDecoder | None = None, weights: Path | None = None
) -> bytes:
    """The PNG for `token` in the state `traits` (byte-identical for equal inputs)."""
    np = numpy()
    dec = decoder or load_decoder(weights)
    glyph = dec.sample(seed_for(token, state_hash(token, traits)), int(traits["glyph"]), TEMPERATURE_MILLI)
    p = upscale(glyph).astype(np.int64)[:, :, None]
    bg, ink = (np.array(c, dtype=np.int64) for c in PALETTES[traits["palette"]])
    body = (bg * (255 - p) + ink * p) // 255
    canvas = np.empty((ART_SIZE, ART_SIZE, 3), dtype=np.int64)
    canvas[:, :] = np.array(AURAS[traits["aura"]], dtype=np.int64)
    canvas[FRAME:-FRAME, FRAME:-FRAME] = body
    for k in range(min(int(traits["level"]), 8)):  # level pips along the bottom frame
        x = FRAME + 2 + k * 8
        canvas[ART_SIZE - 6 : ART_SIZE - 2, x : x + 4] = 255
    return encode_png(canvas.astype(np.uint8))
