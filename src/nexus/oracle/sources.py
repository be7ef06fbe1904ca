"""Data sources: one base class, adapters for HTTP JSON, CSV files and on-chain TWAPs."""

from __future__ import annotations

import csv
import json
import math
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..chain.abi import ABI
from ..chain.base import ChainBackend
from ..exceptions import NexusError, OracleInputError, SourceError

__all__ = ["CsvSource", "HttpJsonSource", "OnChainSource", "Reading", "Source", "SourceError"]


@dataclass(frozen=True, slots=True)
class Reading:
    """One value from one source, with the time the source says it was measured."""

    source: str
    value: float
    timestamp: float
    meta: dict[str, Any] = field(default_factory=dict)


class Source(ABC):
    """A pluggable data source. `read(now)` returns a finite Reading or raises SourceError."""

    kind: str = "abstract"

    def __init__(self, id: str) -> None:
        if not id or len(id) > 64:
            raise OracleInputError("a source id is 1..64 characters")
        self.id = id

    @abstractmethod
    def _read(self, now: float) -> Reading: ...

    def read(self, now: float) -> Reading:
        """The current reading; every failure becomes a one-line SourceError naming the source."""
        try:
            r = self._read(now)
        except SourceError:
            raise
        except (NexusError, OSError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise SourceError(f"source {self.id}: {type(exc).__name__}: {exc}") from None
        if not math.isfinite(r.value) or not math.isfinite(r.timestamp):
            raise SourceError(f"source {self.id}: non-finite value")
        return r

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


def _dig(doc: Any, path: str) -> Any:
    """`a.b.0.c` into nested dicts and lists."""
    for part in path.split(".") if path else []:
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


class HttpJsonSource(Source):
    """GET a JSON document and take the value (and optionally its timestamp) at dotted paths.

    Only loopback hosts are allowed unless `allow_remote` is set (tests and demos stay offline).
    """

    kind = "http-json"

    def __init__(
        self,
        id: str,
        url: str,
        value_path: str,
        *,
        timestamp_path: str | None = None,
        timeout: float = 2.0,
        allow_remote: bool = False,
    ) -> None:
        super().__init__(id)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise OracleInputError(f"source {id}: not an http(s) URL: {url}")
        if not allow_remote and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise OracleInputError(f"source {id}: only loopback URLs are allowed ({parts.hostname})")
        self.url, self.value_path, self.timestamp_path, self.timeout = url, value_path, timestamp_path, timeout

    def _read(self, now: float) -> Reading:
        try:
            with urllib.request.urlopen(self.url, timeout=self.timeout) as resp:
                doc = json.loads(resp.read(1_000_000))
        except urllib.error.URLError as exc:
            raise SourceError(f"source {self.id}: {exc.reason}") from None
        except json.JSONDecodeError:
            raise SourceError(f"source {self.id}: the answer is not JSON") from None
        value = float(_dig(doc, self.value_path))
        ts = float(_dig(doc, self.timestamp_path)) if self.timestamp_path else now
        return Reading(self.id, value, ts)


class CsvSource(Source):
    """The latest row (by timestamp, not after `now`) of a CSV file with a header row."""

    kind = "csv"

    def __init__(
        self, id: str, path: Path | str, *, value_column: str = "value", timestamp_column: str = "timestamp"
    ) -> None:
        super().__init__(id)
        self.path, self.value_column, self.timestamp_column = Path(path), value_column, timestamp_column

    def _read(self, now: float) -> Reading:
        best: tuple[float, float] | None = None
        with self.path.open(newline="") as fh:
            for row in csv.DictReader(fh):
                ts, value = float(row[self.timestamp_column]), float(row[self.value_column])
                if ts <= now and (best is None or ts >= best[0]):
                    best = (ts, value)
        if best is None:
            raise SourceError(f"source {self.id}: no row at or before t={now:.0f} in {self.path.name}")
        return Reading(self.id, best[1], best[0])


class OnChainSource(Source):
    """A view method of any contract returning a number, e.g. a TWAP: `consult(uint256)`.

    `signature` is the method's signature; `args` its arguments; the value is divided by
    10**`decimals`. Works with the sandbox AMM or the oracle's own TwapFeed.
    """

    kind = "onchain"

    def __init__(
        self,
        id: str,
        backend: ChainBackend,
        address: str,
        signature: str = "consult(uint256)",
        args: tuple[Any, ...] = (),
        *,
        decimals: int = 18,
        output_index: int = 0,
    ) -> None:
        super().__init__(id)
        name, _, rest = signature.partition("(")
        types = [t for t in rest.rstrip(")").split(",") if t]
        if not name or len(types) != len(args):
            raise OracleInputError(f"source {id}: {signature} does not take {len(args)} argument(s)")
        self._abi = ABI(
            [
                {
                    "type": "function",
                    "name": name,
                    "stateMutability": "view",
                    "inputs": [{"name": f"a{i}", "type": t} for i, t in enumerate(types)],
                    "outputs": [{"name": "", "type": "uint256"}],
                }
            ]
        )
        self.backend, self.address, self.name, self.args = backend, address, name, args
        self.decimals, self.output_index = decimals, output_index

    def _read(self, now: float) -> Reading:
        out = self.backend.call(self.address, self._abi.encode_call(self.name, self.args))
        word = out[32 * self.output_index : 32 * self.output_index + 32]
        if len(word) != 32:
            raise SourceError(f"source {self.id}: the call returned too little data")
        return Reading(self.id, int.from_bytes(word, "big") / 10**self.decimals, float(self.backend.timestamp()))
