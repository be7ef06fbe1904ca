"""The chains a node is configured with: the main one plus `settings.chains`, parsed and opened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..exceptions import XChainInputError

if TYPE_CHECKING:
    from ..chain.base import ChainBackend
    from ..settings import Settings

__all__ = ["ROLES", "ChainSpec", "open_chain", "parse_spec"]

ROLES = ("anchor", "messages", "both")


@dataclass(frozen=True)
class ChainSpec:
    """One extra chain: where it is (`embedded` or a JSON-RPC URL), the chain id it must have
    (None: whatever it reports; required for an embedded one) and its role."""

    url: str
    chain_id: int | None = None
    role: str = "both"

    @property
    def anchors(self) -> bool:
        return self.role in ("anchor", "both")

    @property
    def messages(self) -> bool:
        return self.role in ("messages", "both")

    def describe(self) -> str:
        where = self.url if self.url == "embedded" else _redact(self.url)
        return f"{where} (chain id {self.chain_id or '?'}, {self.role})"


def parse_spec(text: str) -> ChainSpec:
    """'URL [chain_id=N] [role=anchor|messages|both]', or 'embedded chain_id=N [role=...]'."""
    words = text.split()
    if not words:
        raise XChainInputError("an empty chain spec")
    url, opts = words[0], {}
    for w in words[1:]:
        k, eq, v = w.partition("=")
        if not eq or k not in ("chain_id", "role"):
            raise XChainInputError(f"bad chain option {w!r} (expected chain_id=N or role=anchor|messages|both)")
        opts[k] = v
    if url != "embedded" and not url.startswith(("http://", "https://")):
        raise XChainInputError(f"a chain is 'embedded' or an http(s):// JSON-RPC URL, not {url[:40]!r}")
    cid: int | None = None
    if "chain_id" in opts:
        if not opts["chain_id"].isdigit() or int(opts["chain_id"]) <= 0:
            raise XChainInputError(f"chain_id must be a positive integer, not {opts['chain_id'][:20]!r}")
        cid = int(opts["chain_id"])
    if url == "embedded" and cid is None:
        raise XChainInputError("an extra embedded chain needs its own chain_id=N")
    role = opts.get("role", "both")
    if role not in ROLES:
        raise XChainInputError(f"role must be one of {', '.join(ROLES)}, not {role[:20]!r}")
    return ChainSpec(url, cid, role)


def open_chain(spec: ChainSpec, settings: Settings, *, readonly: bool = False) -> ChainBackend:
    """Open one extra chain: an embedded one lives in <home>/chains/<chain id>; a JSON-RPC one
    signs with the node's key (private_key or keystore), like the main chain."""
    if spec.url == "embedded":
        from ..chain.embedded import EmbeddedChain

        assert spec.chain_id is not None
        return EmbeddedChain(
            settings.home / "chains" / str(spec.chain_id),
            chain_id=spec.chain_id,
            expected_chain_id=spec.chain_id,
            readonly=readonly,
            flush_interval=settings.flush_interval,
            max_log_range=settings.max_log_range,
        )
    from ..chain.accounts import load_signer
    from ..chain.rpc import RPCChain

    signer = load_signer(
        settings.private_key.get_secret_value() if settings.private_key else None,
        settings.keystore,
        settings.keystore_password.get_secret_value() if settings.keystore_password else None,
    )
    return RPCChain(
        spec.url,
        signer=signer,
        timeout=settings.rpc_timeout,
        expected_chain_id=spec.chain_id,
        max_log_range=settings.max_log_range,
    )


def _redact(url: str) -> str:
    """Scheme, host and port only: no credentials, path tokens or query in output."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
