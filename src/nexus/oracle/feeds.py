"""Feed directory: feeds are registered in the core Registry as `feed:<name>`; list and read them."""

from __future__ import annotations

from typing import Any

from .._client import Nexus
from ..chain.contract import Contract
from ..contracts.compiler import compile_contract
from ..contracts.deploy import name_key
from ..exceptions import ContractReverted, OracleInputError, UnknownContract
from .journal import journal_for
from .onchain import Feed

__all__ = ["PREFIX", "feed_history", "feed_rounds", "feed_sources", "get_feed", "list_feeds", "register_feed"]

PREFIX = "feed:"


def _registry(nx: Nexus) -> Contract | None:
    return nx.contracts.get("Registry")


def _key(name: str) -> bytes:
    if not name or len((PREFIX + name).encode()) > 32 or not name.isprintable():
        raise OracleInputError(f"a feed name is 1..{32 - len(PREFIX)} printable characters: {name!r}")
    return name_key(PREFIX + name)


def register_feed(nx: Nexus, name: str, feed: Feed) -> None:
    """Record `feed` under `feed:<name>` in the Registry (deploying the core set if needed)."""
    registry = _registry(nx) or nx.deploy()["Registry"]
    registry.register(_key(name), feed.address)


def _names(nx: Nexus) -> list[str]:
    registry = _registry(nx)
    if registry is None:
        return []
    out = []
    for i in range(int(registry.count())):
        raw = bytes.fromhex(str(registry.names(i))[2:]).rstrip(b"\0")
        if raw.startswith(PREFIX.encode()):
            out.append(raw[len(PREFIX) :].decode(errors="replace"))
    return sorted(out)


def get_feed(nx: Nexus, name: str) -> Feed:
    registry = _registry(nx)
    key = _key(name)
    if registry is None or int(registry.version(key)) == 0:
        raise UnknownContract(f"no oracle feed named {name!r} on chain {nx.chain.chain_id}")
    abi = compile_contract("Aggregator", nx.settings.cache_dir / "contracts").abi
    return Feed(Contract(nx.chain, registry.lookup(key), abi, f"feed:{name}"))


def _summary(name: str, feed: Feed) -> dict[str, Any]:
    version, f, quorum, n = feed.config()
    latest = feed.latest()
    scale = 10**feed.decimals
    return {
        "name": name,
        "address": feed.address,
        "description": feed.description,
        "decimals": feed.decimals,
        "nodes": n,
        "f": f,
        "quorum": quorum,
        "config_version": version,
        "latest_round": latest.round_id if latest else 0,
        "answer": latest.answer / scale if latest else None,
        "band": [latest.low / scale, latest.high / scale] if latest else None,
        "updated_at": latest.updated_at if latest else None,
    }


def list_feeds(nx: Nexus) -> list[dict[str, Any]]:
    """Every registered feed with its configuration and latest round."""
    return nx.per_head("oracle:feeds", lambda: [_summary(n, get_feed(nx, n)) for n in _names(nx)])


def _contributions(rec: dict[str, Any] | None) -> list[dict[str, Any]] | None:
    if not rec or not rec.get("sources"):
        return None
    n = max(len(rec.get("nodes", [])), 1)
    return [
        {"source": c["source"], "value": c["value"], "weight": round(c["kept_by"] / n, 4), "flags": c["flags"]}
        for c in rec["sources"]
    ]


def feed_rounds(nx: Nexus, name: str, limit: int = 10) -> dict[str, Any]:
    """A feed's summary and its latest `limit` kept rounds, newest first.

    Rounds the node's own oracle service ran carry `contributions` from the round journal: each
    source's reading (median over the nodes), the share of nodes that kept it, and its flags.
    """
    if not 1 <= limit <= 1000:
        raise OracleInputError("limit must be 1..1000")
    feed = get_feed(nx, name)
    scale = 10**feed.decimals
    try:
        rounds = feed.rounds(limit)
    except ContractReverted:
        rounds = []
    journal = journal_for(nx.settings).by_round(feed.address, limit)
    return {
        **_summary(name, feed),
        "rounds": [
            {
                "round_id": r.round_id,
                "answer": r.answer / scale,
                "low": r.low / scale,
                "high": r.high / scale,
                "updated_at": r.updated_at,
                "contributions": _contributions(journal.get(r.round_id)),
            }
            for r in rounds
        ],
    }


def feed_sources(nx: Nexus, name: str) -> dict[str, Any]:
    """The latest round the node ran for `name` (reported or not): each source's reading, the nodes
    that kept it and why others were dropped, and each node's signed value and confidence."""
    feed = get_feed(nx, name)
    rec = journal_for(nx.settings).latest(feed.address)
    if rec is None:
        raise OracleInputError(
            f"no rounds of {name!r} are journalled on this node (run `nexus up` or"
            " `nexus oracle up` with this data directory)"
        )
    return {"name": name, "address": feed.address, **rec}


def feed_history(nx: Nexus, name: str, limit: int = 100) -> dict[str, Any]:
    """The last `limit` rounds this node ran for `name`, reported or not, oldest first: time, round,
    whether it was reported (answer, band), and each source's reading, share of nodes keeping it
    and flags. This is what the dashboard charts: sources move every round, answers on reports."""
    if not 1 <= limit <= 5000:
        raise OracleInputError("limit must be 1..5000")
    feed = get_feed(nx, name)
    rows = journal_for(nx.settings).recent(feed.address, limit)
    return {
        "name": name,
        "address": feed.address,
        "decimals": feed.decimals,
        "rounds": [
            {k: r.get(k) for k in ("time", "round_id", "accepted", "skipped", "answer", "band", "gas_used")}
            | {"contributions": _contributions(r)}
            for r in rows
        ],
    }
