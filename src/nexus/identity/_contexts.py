"""The JSON-LD contexts credentials may name, bundled with the package: nothing is fetched at run time."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ..exceptions import CredentialInvalid

__all__ = ["BUNDLED", "VC_V2", "check_contexts", "load_context"]

VC_V2 = "https://www.w3.org/ns/credentials/v2"
NEXUS_V1 = "https://symbiotic-nexus.dev/ns/v1"
_DIR = Path(__file__).parent / "contexts"
BUNDLED = {VC_V2: "credentials-v2.jsonld", NEXUS_V1: "nexus-v1.jsonld"}


@cache
def load_context(url: str) -> dict[str, Any]:
    """A bundled context document (a JSON-LD document loader that never touches the network)."""
    if url not in BUNDLED:
        raise CredentialInvalid(f"unknown @context {url[:100]!r}: only bundled contexts are used, none is fetched")
    data: dict[str, Any] = json.loads((_DIR / BUNDLED[url]).read_text())
    return data


def check_contexts(doc: dict[str, Any]) -> None:
    """The VC 2.0 context first, then only bundled contexts (or inline objects)."""
    ctx = doc.get("@context")
    if not isinstance(ctx, list) or not ctx or ctx[0] != VC_V2:
        raise CredentialInvalid(f"@context must be a list starting with {VC_V2}")
    for item in ctx:
        if isinstance(item, str):
            load_context(item)
        elif not isinstance(item, dict):
            raise CredentialInvalid("@context entries are URLs or objects")
