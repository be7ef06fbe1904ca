"""Source specs: the real sources a node's oracle feed reads, from a TOML file.

feed = "ETH/USD"        # optional: the feed's name in the Registry
decimals = 8
nodes = 4               # n = 3f+1, 4..31
deviation = 0.005       # report when the answer moves 0.5 % ...
heartbeat = 3600        # ... or this many seconds passed

[[source]]
id = "exchange-a"
kind = "http"           # GET a JSON document, take the value at a dotted path
url = "http://127.0.0.1:9000/ticker"
value = "data.price"
timestamp = "data.time" # optional
allow_remote = false    # loopback only unless set

[[source]]
id = "archive"
kind = "csv"            # the latest row not after now
path = "prices.csv"     # relative to the spec file
column = "value"

[[source]]
id = "amm-twap"
kind = "onchain"        # a view method returning a number
address = "0x..."
signature = "consult(uint256)"
args = [1800]
decimals = 18
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._jsonsafe import loads_toml, read_bytes
from ..chain.base import ChainBackend
from ..exceptions import OracleInputError
from .network import ReportPolicy
from .sources import CsvSource, HttpJsonSource, OnChainSource, Source

__all__ = ["FeedSpec", "load_spec"]

_KINDS = ("http", "csv", "onchain")


@dataclass(frozen=True)
class FeedSpec:
    """A feed to run inside `nexus up`: name, shape, report policy and its source definitions."""

    feed: str
    decimals: int
    nodes: int
    policy: ReportPolicy
    sources: tuple[dict[str, Any], ...]
    base: Path

    def build_sources(self, chain: ChainBackend) -> list[Source]:
        out = []
        for d in self.sources:
            try:
                out.append(_source(d, chain, self.base))
            except OracleInputError:
                raise
            except (TypeError, ValueError, KeyError) as exc:  # e.g. decimals = [] or a bad URL
                raise OracleInputError(f"source {d.get('id')}: {type(exc).__name__}: {exc}") from None
        return out


def _need(d: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in d:
        raise OracleInputError(f"{where}: missing `{key}`")
    if not isinstance(d[key], kind):
        raise OracleInputError(f"{where}: `{key}` must be a {kind.__name__}")
    return d[key]


def _source(d: dict[str, Any], chain: ChainBackend, base: Path) -> Source:
    sid = str(d.get("id", ""))
    where = f"source {sid or '?'}"
    kind = d.get("kind")
    if kind == "http":
        return HttpJsonSource(
            sid,
            _need(d, "url", str, where),
            _need(d, "value", str, where),
            timestamp_path=d.get("timestamp"),
            allow_remote=bool(d.get("allow_remote", False)),
        )
    if kind == "csv":
        path = Path(_need(d, "path", str, where))
        return CsvSource(
            sid,
            path if path.is_absolute() else base / path,
            value_column=str(d.get("column", "value")),
            timestamp_column=str(d.get("timestamp_column", "timestamp")),
        )
    return OnChainSource(
        sid,
        chain,
        _need(d, "address", str, where),
        str(d.get("signature", "consult(uint256)")),
        tuple(d.get("args", ())),
        decimals=int(d.get("decimals", 18)),
    )


def load_spec(path: Path) -> FeedSpec:
    """Read and check a source spec; every problem is one OracleInputError line."""
    if not path.exists():
        raise OracleInputError(f"oracle source spec not found: {path}")
    raw = read_bytes(path, what="oracle source spec", error=OracleInputError)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise OracleInputError(f"oracle source spec {path.name} is not valid TOML: not UTF-8 text") from None
    doc = loads_toml(text, what=f"oracle source spec {path.name}", error=OracleInputError)
    sources = doc.get("source", [])
    if not isinstance(sources, list) or not sources:
        raise OracleInputError(f"{path.name}: needs at least one [[source]]")
    ids = set()
    for d in sources:
        sid = d.get("id") if isinstance(d, dict) else None
        if isinstance(sid, bool) or not isinstance(sid, str | int) or not str(sid).strip():
            raise OracleInputError(f"{path.name}: every [[source]] needs an id (a string)")
        if d.get("kind") not in _KINDS:
            raise OracleInputError(f"{path.name}: source {d['id']}: kind must be one of {', '.join(_KINDS)}")
        if d["id"] in ids:
            raise OracleInputError(f"{path.name}: duplicate source id {d['id']}")
        ids.add(d["id"])
    nodes, decimals = doc.get("nodes", 4), doc.get("decimals", 8)
    if not isinstance(nodes, int) or not 4 <= nodes <= 31:
        raise OracleInputError(f"{path.name}: nodes must be 4..31")
    if not isinstance(decimals, int) or not 0 <= decimals <= 18:
        raise OracleInputError(f"{path.name}: decimals must be 0..18")
    try:
        policy = ReportPolicy(float(doc.get("deviation", 0.005)), float(doc.get("heartbeat", 3600)))
    except (TypeError, ValueError):
        raise OracleInputError(f"{path.name}: deviation and heartbeat must be numbers") from None
    if policy.deviation < 0 or policy.heartbeat <= 0:
        raise OracleInputError(f"{path.name}: deviation >= 0 and heartbeat > 0")
    feed = str(doc.get("feed", path.stem))
    return FeedSpec(feed, decimals, nodes, policy, tuple(sources), path.parent)
