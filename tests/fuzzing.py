"""API fuzzing shared by tests/unit/test_fuzz_api.py and benchmarks: every route of the OpenAPI
document gets hypothesis-made bodies, path and query values; `run_api_fuzz` counts the answers
that were a 5xx, not a JSON error, or an exception out of the app (a crash).

    from fuzzing import run_api_fuzz   # with tests/ on sys.path
    run_api_fuzz(20, seed=1)  # {"inputs": ..., "server_errors": 0, "crashes": 0, ...}
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hyp_seed
from hypothesis import strategies as st

__all__ = ["Target", "bodies", "fuzz_client", "json_values", "nasty_texts", "run_api_fuzz", "targets"]

# Values that broke (or could break) parsers of ids, refs and numbers.
NASTY = [
    "1e23",
    "99999999999999999999999",
    "9" * 5000,
    "-1",
    "0",
    "-0",
    "1.5",
    "NaN",
    "inf",
    "0x",
    "0x" + "0" * 40,
    "0x" + "g" * 40,
    "0x" + "f" * 64,
    "sha256:" + "f" * 64,
    "f" * 64,
    "..",
    "../../etc/passwd",
    "%00",
    "\x00",
    " ",
    "",
    "\u202e",
    "[]",
    "{}",
    "null",
    "true",
    "a" * 5000,
    "SIM/USD",
    "SIM%2FUSD",
    "/",
    "//",
    "\\",
    "'",
    '"',
    "<script>",
]

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(NASTY)
)
json_values = st.recursive(
    json_scalars,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=4),
    max_leaves=12,
)
nasty_texts = st.sampled_from(NASTY) | st.text(max_size=30) | st.integers(-(10**25), 10**25).map(str)


def _deep(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    if kind == "dict":
        return b'{"a":' * depth + b"1" + b"}" * depth
    return b"[" * depth  # unclosed


_HUGE = [
    lambda: b"1" * 5000,
    lambda: b"-" + b"9" * 5000,
    lambda: b"1e99999",
    lambda: b'"' + b"x" * 100_000 + b'"',
    lambda: b"[" + b"1," * 20_000 + b"1]",
    lambda: b"\xff\xfe{}",
    lambda: b"\xc3\x28",
    lambda: b'"\\ud800"',
]  # made on demand: a strategy's repr stays short


def bodies(fields: list[str]) -> st.SearchStrategy[bytes]:
    """Raw request bodies: valid JSON of any shape, the route's own fields with any values,
    deep nesting, huge numbers, long strings, invalid UTF-8 and non-JSON bytes."""
    as_json = json_values.map(lambda v: json.dumps(v).encode())
    shaped = (
        st.fixed_dictionaries({}, optional={f: json_values for f in fields}).map(lambda d: json.dumps(d).encode())
        if fields
        else as_json
    )
    depths = st.integers(1, 5000) | st.sampled_from([20_000, 60_000])  # 100,000 killed the node:
    deep = st.builds(_deep, depths, st.sampled_from(["list", "dict", "open"]))  # test_fuzz_api does it
    nested_field = st.builds(
        lambda f, d: b'{"' + f.encode() + b'":' + _deep(d, "list") + b"}",
        st.sampled_from(fields or ["x"]),
        st.integers(30, 3000),
    )
    huge = st.sampled_from(range(len(_HUGE))).map(lambda i: _HUGE[i]())
    return st.one_of(as_json, shaped, shaped, deep, nested_field, huge, st.binary(max_size=64))


@dataclass
class Target:
    """One operation of the OpenAPI document."""

    method: str
    path: str
    path_params: list[str] = field(default_factory=list)
    query: list[str] = field(default_factory=list)
    body_fields: list[str] | None = None  # None: the operation takes no body

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def targets(app: Any) -> list[Target]:
    """Every operation, read from the app's OpenAPI document (so a new route is fuzzed too),
    except GET streams (Server-Sent Events never end)."""
    doc = app.openapi()
    schemas = doc.get("components", {}).get("schemas", {})
    out = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            ok = op.get("responses", {}).get("200", {}).get("content", {})
            if method == "get" and "application/json" not in ok:
                continue
            params = op.get("parameters", [])
            t = Target(
                method,
                path,
                [p["name"] for p in params if p["in"] == "path"],
                [p["name"] for p in params if p["in"] == "query"],
            )
            if "requestBody" in op:
                schema = op["requestBody"]["content"].get("application/json", {}).get("schema", {})
                ref = schema.get("$ref", "").rsplit("/", 1)[-1]
                t.body_fields = list((schemas.get(ref) or schema).get("properties", {}))
            out.append(t)
    return out


CONTENT_TYPES = [
    "application/json",
    "application/json",
    "application/json",
    "text/plain",
    "",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json; charset=utf-16",
    "application/vnd.x+json",
]


@st.composite
def requests(draw: st.DrawFn, t: Target) -> tuple[str, dict[str, str], bytes | None, dict[str, str]]:
    url = t.path
    for name in t.path_params:
        url = url.replace("{" + name + "}", quote(draw(nasty_texts), safe="") or "x")
    params = {q: draw(nasty_texts) for q in t.query if draw(st.booleans())}
    body = draw(bodies(t.body_fields)) if t.body_fields is not None else None
    ctype = draw(st.sampled_from(CONTENT_TYPES)) if body is not None else ""
    return url, params, body, {"content-type": ctype} if ctype else {}


@contextmanager
def fuzz_client(home: Path | None = None, *, market: bool = True) -> Iterator[Any]:
    """A TestClient (with the write token) over a node on a fresh embedded chain with the
    default services and (with `market`) one open market, so market routes get past the lookup;
    server exceptions come back as 500s instead of raising."""
    from fastapi.testclient import TestClient

    import nexus
    from nexus.api import create_app
    from nexus.services import build_node
    from nexus.settings import load_settings

    with nullcontext(str(home)) if home else tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(home=Path(tmp) / "home", ledger_batch_ms=20, oracle_interval=1.0)
        if market:  # made through the SDK before the node takes the chain
            with nexus.connect(home=settings.home) as nx:
                markets = nexus.open_markets(nx)
                markets.faucet(nx.chain.default_account, 1000 * 10**18)
                markets.create("Fuzz?", ["Yes", "No"], 100 * 10**18, dispute_window=0)
        with build_node(settings) as node:
            app = create_app(node)
            token = app.state.tokens.get()
            with TestClient(app, raise_server_exceptions=False, headers={"Authorization": f"Bearer {token}"}) as client:
                yield client


def _verdict(status: int, body: bytes) -> str | None:
    """Why this answer is a failure, or None: a 5xx, or an error that is not `{"error": str}`."""
    if status >= 500:
        return f"HTTP {status}"
    if status >= 400:
        try:
            doc = json.loads(body)
        except ValueError:
            return f"HTTP {status} with a non-JSON body"
        if not isinstance(doc, dict) or not isinstance(doc.get("error"), str):
            return f"HTTP {status} without an error message"
    return None


def run_api_fuzz(n_per_route: int = 20, seed: int = 0, *, client: Any = None) -> dict[str, Any]:
    """Fuzz every route `n_per_route` times (hypothesis, seeded): counts of inputs, server errors
    (5xx or malformed error bodies) and crashes (exceptions out of the app), the routes covered,
    and up to 20 failing examples as "METHOD url -> why"."""
    tally = {"inputs": 0, "server_errors": 0, "crashes": 0}
    failures: list[str] = []
    covered: list[str] = []
    with nullcontext(client) if client is not None else fuzz_client() as c:
        for t in targets(c.app):
            covered.append(str(t))
            _fuzz_route(c, t, n_per_route, seed, tally, failures)
    return {**tally, "routes": covered, "failures": failures[:20]}


def _fuzz_route(c: Any, t: Target, n: int, seed: int, tally: dict[str, int], failures: list[str]) -> None:
    """Run `n` seeded hypothesis examples against one route, counting into `tally`."""

    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @hyp_seed(seed)
    @given(req=requests(t))
    def one(req: tuple[str, dict[str, str], bytes | None, dict[str, str]]) -> None:
        url, params, body, headers = req
        tally["inputs"] += 1
        try:
            r = c.request(t.method.upper(), url, params=params, content=body, headers=headers)
        except Exception as exc:  # noqa: BLE001 - an exception out of the app is the finding
            tally["crashes"] += 1
            failures.append(f"{t.method.upper()} {url} -> {type(exc).__name__}: {exc}"[:300])
            return
        why = _verdict(r.status_code, r.content)
        if why:
            tally["server_errors"] += 1
            failures.append(
                f"{t.method.upper()} {url[:80]} {str(params)[:80]} {headers}"
                f" body={(body or b'')[:60]!r} -> {why}: {r.text[:150]}"
            )

    one()
