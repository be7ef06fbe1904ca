"""Tables: CSV (text, stdlib only), Parquet and pandas/polars frames (Arrow), per row chunk.

Every row is covered: chunk k holds data rows [k*C, (k+1)*C) for C = chunk_rows, and its digest
is over all of them (MLflow's dataset digest, by contrast, samples only the first 10,000 rows).

CSV (`encoding: csv-text/1`): the file is decoded as UTF-8 (a BOM is dropped) and parsed as
RFC 4180 (Python's `csv`, excel dialect; tab-separated for .tsv); the first row is the header, kept
in `meta.columns`; blank lines are skipped; every row must have as many fields as the header. A
chunk's digest is SHA-256 of the JSON array of its rows, each row the JSON array of its fields
(`json.dumps(rows, ensure_ascii=False, separators=(",", ":"))`, UTF-8). The digest so ignores
quoting style and line endings but not any field's text.

Parquet, pandas and polars (`encoding: arrow-columns/1`) are read as Arrow and hashed column by
column (see `_arrow`): the same rows and types give the same root whether they come from a
Parquet file, a pandas frame (a non-default index counts as a column) or a polars frame.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from ...exceptions import FingerprintError
from ._arrow import chunk_digest, rechunk, type_name
from ._hashing import file_sha256, parallel_map, sha256_hex
from ._manifest import Manifest, ManifestEntry
from ._optional import require

__all__ = ["fingerprint_arrow", "fingerprint_csv", "fingerprint_frame", "fingerprint_parquet"]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _chunk_entry(k: int, start: int, rows: int, digest: str, size: int) -> ManifestEntry:
    return ManifestEntry(f"rows/{k:06d}", digest, size, {"rows": [start, start + rows]})


def _csv_chunks(
    path: Path, delimiter: str, chunk_rows: int, header_out: list[list[str]]
) -> Iterator[tuple[int, int, bytes]]:
    """(chunk index, rows, canonical bytes) per chunk; the header lands in `header_out`."""
    try:
        f = open(path, encoding="utf-8-sig", errors="strict", newline="")  # noqa: SIM115
    except FileNotFoundError:
        raise FingerprintError(f"{path}: no such file") from None
    except OSError as exc:
        raise FingerprintError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with f:
        reader = csv.reader(f, delimiter=delimiter, strict=True)
        k = seen = 0
        buf: list[list[str]] = []
        try:
            header = next((r for r in reader if r), None)
            if header is None:
                raise FingerprintError(f"{path}: empty CSV (no header row)")
            header_out.append(header)
            width = len(header)
            while True:
                raw = list(islice(reader, chunk_rows - len(buf)))
                if not raw:
                    break
                got = [r for r in raw if r]  # blank lines are not rows
                bad = next((i for i, r in enumerate(got) if len(r) != width), None)
                if bad is not None:
                    raise FingerprintError(
                        f"{path}: data row {seen + bad + 1:,} has {len(got[bad])} fields; the"
                        f" header has {width} (not a well-formed CSV)"
                    )
                seen += len(got)
                buf += got
                if len(buf) == chunk_rows:
                    yield k, len(buf), _dumps(buf).encode()
                    k, buf = k + 1, []
        except UnicodeDecodeError as exc:
            raise FingerprintError(f"{path}: not UTF-8 text (byte {exc.start}); not a CSV") from None
        except csv.Error as exc:
            raise FingerprintError(f"{path}: not a well-formed CSV (line {reader.line_num}: {exc})") from None
        if buf:
            yield k, len(buf), _dumps(buf).encode()


def fingerprint_csv(path: Path, *, chunk_rows: int, workers: int, block_size: int) -> Manifest:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    header: list[list[str]] = []
    total = 0

    def hashed(item: tuple[int, int, bytes]) -> tuple[int, int, str, int]:
        k, n, data = item
        return k, n, sha256_hex(data), len(data)

    entries: list[ManifestEntry] = []
    for k, n, digest, size in parallel_map(hashed, _csv_chunks(path, delimiter, chunk_rows, header), workers):
        entries.append(_chunk_entry(k, total, n, digest, size))
        total += n
    raw, nbytes = file_sha256(path, block_size)
    meta = {
        "encoding": "csv-text/1",
        "columns": header[0],
        "rows": total,
        "chunk_rows": chunk_rows,
        "delimiter": delimiter,
    }
    return Manifest("table", tuple(entries), meta, {"path": str(path), "format": "csv", "sha256": raw, "bytes": nbytes})


def fingerprint_arrow(batches: Any, schema: Any, *, chunk_rows: int, workers: int, source: dict[str, Any]) -> Manifest:
    """Hash record batches (any sizes) in chunks of exactly `chunk_rows` rows."""
    columns = [[f.name, type_name(f.type)] for f in schema]
    starts = {"next": 0}

    def hashed(table: Any) -> tuple[int, str, int]:
        digest, size = chunk_digest(table)
        return table.num_rows, digest, size

    entries: list[ManifestEntry] = []
    for k, (n, digest, size) in enumerate(parallel_map(hashed, rechunk(batches, chunk_rows), workers)):
        entries.append(_chunk_entry(k, starts["next"], n, digest, size))
        starts["next"] += n
    meta = {"encoding": "arrow-columns/1", "columns": columns, "rows": starts["next"], "chunk_rows": chunk_rows}
    return Manifest("table", tuple(entries), meta, source)


def fingerprint_parquet(path: Path, *, chunk_rows: int, workers: int, block_size: int) -> Manifest:
    pq = require("pyarrow.parquet", "fingerprinting a Parquet file")
    pa = require("pyarrow", "fingerprinting a Parquet file")
    try:
        pf = pq.ParquetFile(path)
        schema = pf.schema_arrow
        batches = pf.iter_batches(batch_size=chunk_rows)
        m = fingerprint_arrow(batches, schema, chunk_rows=chunk_rows, workers=workers, source={})
    except FileNotFoundError:
        raise FingerprintError(f"{path}: no such file") from None
    except (pa.ArrowException, OSError) as exc:
        raise FingerprintError(f"{path}: not a readable Parquet file ({exc})") from None
    raw, nbytes = file_sha256(path, block_size)
    return Manifest(m.kind, m.entries, m.meta, {"path": str(path), "format": "parquet", "sha256": raw, "bytes": nbytes})


def fingerprint_frame(obj: Any, *, chunk_rows: int, workers: int) -> Manifest:
    """A pandas or polars DataFrame (or Series), or a pyarrow Table / RecordBatch."""
    pa = require("pyarrow", "fingerprinting a DataFrame")
    module = type(obj).__module__.split(".")[0]
    try:
        if module == "pandas":
            frame = obj.to_frame() if obj.ndim == 1 else obj
            table = pa.Table.from_pandas(frame, preserve_index=None)
        elif module == "polars":
            frame = obj.to_frame() if hasattr(obj, "to_frame") and not hasattr(obj, "columns") else obj
            table = frame.to_arrow()
        elif isinstance(obj, pa.RecordBatch):
            table = pa.Table.from_batches([obj])
        else:
            table = obj
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise FingerprintError(f"cannot read the {type(obj).__name__} as a table: {exc}") from None
    source: dict[str, Any] = {"type": f"{type(obj).__module__}.{type(obj).__qualname__}"}
    return fingerprint_arrow(
        table.to_batches(max_chunksize=chunk_rows), table.schema, chunk_rows=chunk_rows, workers=workers, source=source
    )
