"""Depth and size guards for untrusted JSON and TOML, checked before any recursive parser runs.

`json.loads` and `tomllib.loads` recurse once per nesting level. py-evm's dependency py_ecc
raises the interpreter's recursion limit to 100,000 when it is imported, so their own guard
(a RecursionError) no longer fires before the C stack runs out: a 100,000-deep document
segfaults the process, and one 1,000-60,000 deep parses but breaks whatever walks it next.
`DepthScanner` counts `[` and `{` outside strings without recursing (and feeds chunk by chunk,
so the API checks a body while it streams in); `loads_json` / `read_json` / `loads_toml` run it,
then parse, and turn every failure into the one error class the caller names.
`cap_recursion_limit` puts the limit back to what py-evm itself needs (1024 nested EVM calls).
"""

from __future__ import annotations

import json
import re
import sys
from itertools import accumulate
from pathlib import Path
from typing import Any

from .exceptions import NexusError

__all__ = [
    "EVM_RECURSION_LIMIT",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "DepthScanner",
    "TooDeep",
    "cap_recursion_limit",
    "loads_json",
    "loads_toml",
    "read_bytes",
    "read_json",
]

MAX_DEPTH = 128  # documents read from files (a receipt wraps a payload the API took at <= 64)
MAX_FILE_BYTES = 64 << 20  # receipts, manifests, specs: far below this; a bigger file is a mistake
EVM_RECURSION_LIMIT = 1024 * 12  # py-evm's own figure: enough for 1024 nested message calls

_OPEN = frozenset(b"[{")
_STRING_BODY = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*', re.S)  # up to the closing quote
_STEP = {c: (1 if c in _OPEN else -1) for c in b"[]{}"}
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")  # every byte but the four brackets


class TooDeep(ValueError):
    """A document nests deeper than allowed (raised by `DepthScanner.feed`)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"nested deeper than {limit} levels")


class DepthScanner:
    """Track the nesting depth of JSON (or TOML) bytes fed in any chunks, without recursing.

    Brackets inside strings do not count; `\\"` does not end a string. With `toml=True`,
    single-quoted literal strings and `#` comments are skipped too. The scan never parses:
    malformed input is left for the parser to reject (an unbalanced `]` makes JSON invalid at
    that point, before any deeper level is reached).
    """

    def __init__(self, limit: int, *, toml: bool = False) -> None:
        self.limit = limit
        self.depth = 0
        self._mode = b""  # b"" outside strings, else the byte that ends the current span
        self._carry = b""  # a string's unpaired trailing backslash, prepended to the next chunk
        self._special = re.compile(rb"[\"'#]" if toml else rb'"')

    def feed(self, data: bytes) -> None:
        """Scan the next chunk; `TooDeep` as soon as the depth passes the limit."""
        if self._carry:
            data, self._carry = self._carry + data, b""
        i, n = 0, len(data)
        while i < n:
            if not self._mode:
                m = self._special.search(data, i)
                j = n if m is None else m.start()
                self._structure(data[i:j])
                if m is None:
                    return
                c = data[j : j + 1]
                self._mode = b"\n" if c == b"#" else c
                i = j + 1
                continue
            if self._mode == b'"':  # skip the string's text and escapes in one regex call
                body = _STRING_BODY.match(data, i)  # always matches (possibly empty)
                j = body.end() if body else i
                if j < n and data[j] == 0x5C:  # a lone backslash ends the chunk: its pair comes next
                    self._carry = b"\\"
                    return
            else:
                j = data.find(self._mode, i)
            if j < 0 or j >= n:
                return
            self._mode = b""
            i = j + 1

    def _structure(self, seg: bytes) -> None:
        brackets = seg.translate(None, _BRACKETS)
        if not brackets:
            return
        opens = brackets.count(b"[") + brackets.count(b"{")
        if (
            self.depth + opens > self.limit
            and max(accumulate(map(_STEP.__getitem__, brackets), initial=self.depth)) > self.limit
        ):
            raise TooDeep(self.limit)
        self.depth += 2 * opens - len(brackets)


def _fail(error: type[NexusError], what: str, reason: str) -> NexusError:
    return error(f"{what} {reason}")


def loads_json(
    data: bytes | str,
    *,
    what: str,
    error: type[NexusError],
    max_depth: int = MAX_DEPTH,
    max_bytes: int = MAX_FILE_BYTES,
) -> Any:
    """Parse untrusted JSON; `error(f"{what} ...")` when it is too big, too deep, not UTF-8 or
    not JSON, so the caller's error class (and exit code / HTTP status) is the only outcome."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > max_bytes:
        raise _fail(error, what, f"is too large ({len(raw):,} bytes; the limit is {max_bytes:,})")
    try:
        DepthScanner(max_depth).feed(raw)
        text = raw.decode("utf-8")
    except TooDeep as exc:
        raise _fail(error, what, f"is {exc}") from None
    except UnicodeDecodeError:
        raise _fail(error, what, "is not UTF-8 text") from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:  # ValueError: bad JSON, or an int over 4300 digits
        reason = exc.args[0] if exc.args else type(exc).__name__
        raise _fail(error, what, f"is not JSON (not valid JSON: {reason})") from None


def read_bytes(path: Path | str, *, what: str, error: type[NexusError], max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file no larger than `max_bytes`, or `error` saying why not."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except IsADirectoryError:
        raise error(f"cannot read {what} {p}: it is a directory, not a file") from None
    except OSError as exc:
        raise error(f"cannot read {what} {p}: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise error(f"cannot read {what} {p}: it is larger than {max_bytes:,} bytes")
    return raw


def read_json(
    path: Path | str, *, what: str, error: type[NexusError], max_depth: int = MAX_DEPTH, max_bytes: int = MAX_FILE_BYTES
) -> Any:
    """`loads_json` of a file's content (`what` names the file in every message)."""
    raw = read_bytes(path, what=what, error=error, max_bytes=max_bytes)
    return loads_json(raw, what=f"{what} {path}", error=error, max_depth=max_depth, max_bytes=max_bytes)


def loads_toml(text: str, *, what: str, error: type[NexusError], max_depth: int = MAX_DEPTH) -> Any:
    """Parse untrusted TOML with the same depth guard (inline arrays and tables)."""
    import tomllib

    try:
        DepthScanner(max_depth, toml=True).feed(text.encode("utf-8", "surrogatepass"))
        return tomllib.loads(text)
    except TooDeep as exc:
        raise _fail(error, what, f"is {exc}") from None
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        raise _fail(error, what, f"is not valid TOML ({exc})") from None


def cap_recursion_limit(limit: int = EVM_RECURSION_LIMIT) -> int:
    """Lower the interpreter's recursion limit to `limit` if something raised it higher.

    py_ecc (imported by py-evm's precompiles) sets 100,000 at import, far past what the C stack
    holds for C-recursive code (json, repr, pickle): a deep enough input then segfaults instead
    of raising RecursionError. py-evm needs 12,288 (its own setting) for 1024 nested calls. py_ecc
    is imported first, so a later import cannot raise the limit again. Returns the limit now set.
    """
    try:
        import py_ecc  # noqa: F401  (its import is what raises the limit)
    except ImportError:  # pragma: no cover - the EVM extras are not installed
        pass
    if sys.getrecursionlimit() > limit:
        sys.setrecursionlimit(limit)
    return sys.getrecursionlimit()
