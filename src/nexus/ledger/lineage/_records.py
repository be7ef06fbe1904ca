"""Lineage records on the ledger: datasets, transforms, runs, models and model files, by id.

Every record is an ordinary ledger record (`Ledger.append(kind, payload)`), so it is salted,
Merkle-logged, anchored and erasable like any other. Kinds and upstream links:

- `lineage.dataset`   {name, fingerprint, summary, parents: [dataset ids], transform: id|null}
- `lineage.transform` {name, inputs: [dataset ids], params, code}
- `lineage.run`       {name, status, data: {role: {id, fingerprint}}, code, config, params, cost,
                       seeds, environment, metrics, models: [{name, fingerprint}], times}
- `lineage.model`     {name, fingerprint, summary, run: id}
- `lineage.artifact`  {name, fingerprint, summary, model: id}  (a saved file of a model)

Datasets, models and artifacts carry the idempotency key `lineage:<root hex>`, so content is
registered once and found again by its fingerprint (`find`). A decision (the audit log's
`decision` records) links upstream through its `model` field: a model record id or a model
fingerprint (`sha256:<root>`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...exceptions import LedgerInputError, LineageError, RecordNotFound, UnknownModel
from ..fingerprint import Manifest, fingerprint
from ..ledger import Ledger

__all__ = ["ARTIFACT", "DATASET", "MODEL", "RUN", "TRANSFORM", "Lineage", "LineageRecord", "plain", "summary"]

DATASET, TRANSFORM, RUN, MODEL, ARTIFACT = (
    "lineage.dataset",
    "lineage.transform",
    "lineage.run",
    "lineage.model",
    "lineage.artifact",
)
_FULL_MANIFEST_LIMIT = 64 << 10  # embed the whole manifest when its JSON is this small


def plain(value: Any) -> Any:
    """JSON-ready: numpy/torch scalars and arrays via item/tolist, non-finite floats as text,
    paths as strings, anything else by repr."""
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [plain(v) for v in items]
    if isinstance(value, Path):
        return str(value)
    for attr in ("item", "tolist"):
        fn = getattr(value, attr, None)
        if callable(fn) and hasattr(value, "dtype"):
            try:
                return plain(fn())
            except (TypeError, ValueError):
                continue
    return repr(value)


def summary(m: Manifest) -> dict[str, Any]:
    """What a record keeps of a manifest: root, kind, size, meta; all entries when small."""
    out: dict[str, Any] = {"root": m.digest, "kind": m.kind, "size": m.size, "entries": len(m.entries), "meta": m.meta}
    full = m.to_json()
    full["source"] = {k: v for k, v in m.source.items() if k != "path"}
    if len(json.dumps(full)) <= _FULL_MANIFEST_LIMIT:
        out["manifest"] = full
    return out


@dataclass(frozen=True)
class LineageRecord:
    """One lineage (or decision) record read back: `payload` is None once erased."""

    id: int
    kind: str
    time_ms: int
    payload: Any  # a dict for lineage records; any JSON (or None once erased) for other kinds

    @property
    def fields(self) -> dict[str, Any]:
        """The payload when it is an object, else {} (any record can be named in a lineage query)."""
        return self.payload if isinstance(self.payload, dict) else {}

    @property
    def name(self) -> str:
        return str(self.fields.get("name") or f"#{self.id}")

    @property
    def fingerprint(self) -> str | None:
        fp = self.fields.get("fingerprint")
        return str(fp) if fp else None

    @property
    def erased(self) -> bool:
        return self.payload is None

    def upstream(self) -> list[int | str]:
        """Ids (or, for a decision, a model fingerprint) of the records this one came from; links
        of the wrong type (a record appended by hand can hold anything) are left out."""
        p = self.fields
        if self.kind == MODEL:
            links = [p.get("run")]
        elif self.kind == ARTIFACT:
            links = [p.get("model")]
        elif self.kind == RUN:
            data = p.get("data")
            links = [d.get("id") for d in data.values() if isinstance(d, dict)] if isinstance(data, dict) else []
        elif self.kind == DATASET:
            parents = p.get("parents")
            links = [p.get("transform"), *(parents if isinstance(parents, list) else [])]
        elif self.kind == TRANSFORM:
            inputs = p.get("inputs")
            links = list(inputs) if isinstance(inputs, list) else []
        else:
            links = [p.get("model")]
        return [x for x in links if isinstance(x, str) or (isinstance(x, int) and not isinstance(x, bool))]


def _key(root: str) -> str:
    return "lineage:" + root.removeprefix("sha256:")


class Lineage:
    """Registers and reads lineage records on one open Ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def get(self, rid: int) -> LineageRecord:
        rec = self.ledger.record(rid)
        payload = json.loads(rec.content) if rec.content is not None else None
        return LineageRecord(rec.id, rec.kind, rec.time_ms, payload)

    def _append(self, kind: str, payload: dict[str, Any], key: str | None = None) -> LineageRecord:
        rid = self.ledger.append(kind, payload, key=key)
        return self.get(rid)

    def dataset(
        self, obj: Any, *, name: str | None = None, parents: Iterable[int] = (), transform: int | None = None
    ) -> LineageRecord:
        """Register a dataset version (a path, frame, array… or a Manifest); idempotent by content."""
        m = fingerprint(obj)
        default = Path(str(m.source["path"])).name if "path" in m.source else "dataset"
        payload = {
            "name": name or default,
            "fingerprint": m.digest,
            "summary": summary(m),
            "parents": [int(p) for p in parents],
            "transform": transform,
        }
        return self._append(DATASET, payload, _key(m.root))

    def transform(
        self,
        name: str,
        *,
        inputs: Iterable[int],
        params: dict[str, Any] | None = None,
        code: dict[str, Any] | None = None,
    ) -> LineageRecord:
        """Register a transform step; register its output with `dataset(..., transform=id)`."""
        payload = {"name": name, "inputs": [int(i) for i in inputs], "params": plain(params or {}), "code": code}
        return self._append(TRANSFORM, payload)

    def run(self, payload: dict[str, Any]) -> LineageRecord:
        return self._append(RUN, payload)

    def model(self, m: Manifest, *, name: str, run: int | None) -> LineageRecord:
        payload = {"name": name, "fingerprint": m.digest, "summary": summary(m), "run": run}
        return self._append(MODEL, payload, _key(m.root))

    def artifact(self, m: Manifest, *, name: str, model: int) -> LineageRecord:
        payload = {"name": name, "fingerprint": m.digest, "summary": summary(m), "model": model}
        return self._append(ARTIFACT, payload, _key(m.root))

    def by_fingerprint(self, root: str) -> LineageRecord | None:
        rid = self.ledger.store.find_key(_key(root))
        return None if rid is None else self.get(rid)

    def find(self, ref: str | int | Path) -> LineageRecord:
        """A record by id (`12`), fingerprint (`sha256:…` or 64 hex) or path (fingerprinted)."""
        text = str(ref).strip()
        if isinstance(ref, int) or text.isdigit():
            try:
                return self.get(int(text))
            except (RecordNotFound, LedgerInputError, ValueError):  # ValueError: over 4300 digits
                raise UnknownModel(f"no ledger record {text}") from None
        hexpart = text.removeprefix("sha256:")
        if len(hexpart) == 64 and all(c in "0123456789abcdef" for c in hexpart.lower()):
            rec = self.by_fingerprint(hexpart.lower())
            if rec is None:
                raise UnknownModel(f"no model or dataset with fingerprint sha256:{hexpart[:16]}…")
            return rec
        m = fingerprint(Path(text))
        rec = self.by_fingerprint(m.root)
        if rec is None:
            raise UnknownModel(
                f"{text} is not a registered model or dataset (fingerprint"
                f" {m.digest[:23]}…); register it with run.log_model(..., path=...)"
            )
        return rec

    def model_of(self, ref: str | int | Path) -> LineageRecord:
        """The model record `ref` names (following an artifact to its model)."""
        rec = self.find(ref)
        if rec.kind == ARTIFACT and rec.payload:
            model = rec.fields.get("model")
            if isinstance(model, bool) or not isinstance(model, int):
                raise UnknownModel(f"artifact record {rec.id} names no model record")
            try:
                rec = self.get(model)
            except RecordNotFound:
                raise UnknownModel(f"artifact record {rec.id} names a missing record ({model})") from None
        if rec.kind != MODEL:
            raise UnknownModel(f"{ref} is a {rec.kind} record, not a registered model")
        return rec

    def resolve_upstream(self, link: int | str) -> LineageRecord | None:
        """A link from `upstream()`: an id, or a model fingerprint named by a decision."""
        try:
            if isinstance(link, int) or str(link).isdigit():
                return self.get(int(link))
            return self.by_fingerprint(str(link))
        except (RecordNotFound, LedgerInputError, LineageError, ValueError):
            return None
