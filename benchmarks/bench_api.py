"""API figures: read latency at 200 concurrent loopback clients; block/alert -> browser DOM time.

Starts a real `nexus up --port 0` (embedded chain, temp home) and drives it with 200 keep-alive
HTTP/1.1 connections from client processes (raw asyncio sockets, so the client adds little), in
two modes: `saturate` (each client sends its next request as soon as the last answer arrives) and
`paced` (each client sends one request per `--interval` seconds, like a polling dashboard). Then,
unless --no-browser, runs the e2e harness (tests/e2e/dashboard.mjs) with REPEAT samples for the
time from a transaction / a published finding to the page showing it.

    python benchmarks/bench_api.py [--clients 200] [--seconds 5] [--repeat 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
READS = ["/health", "/status", "/blocks/1", "/events/recent?limit=20", "/ledger/records/0",
         "/guard/findings?limit=20", "/oracle/feeds", "/markets"]


def start_node(home: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "NEXUS_HOME": str(home), "NEXUS_LOG_LEVEL": "WARNING",
           "NEXUS_LEDGER_ANCHOR": "false"}
    proc = subprocess.Popen([sys.executable, "-m", "nexus", "up", "--port", "0"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if m := re.search(r"listening on (http://\S+)", line):
            return proc, m.group(1)
    raise SystemExit(f"nexus up exited: {proc.wait()}")


def stop_node(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()


def call(url: str, method: str = "GET", body: Any = None, token: str | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def served(path: str, templates: dict[str, Any]) -> bool:
    """Whether the node's OpenAPI has a GET route matching `path` (query string ignored)."""
    bare = path.split("?")[0]
    return any("get" in ops and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", t), bare)
               for t, ops in templates.items())


# --- load generation (runs in client processes) -------------------------------------------------
async def _client(host: str, port: int, path: str, start: float, stop: float, interval: float,
                  offset: float, out: list[float], errors: list[int]) -> None:
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    due = start + offset
    try:
        while True:
            if interval:
                await asyncio.sleep(max(0.0, due - loop.time()))
                due += interval
            t0 = loop.time()
            if t0 >= stop:
                return
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"content-length: *(\d+)", head, re.I).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            if t0 >= start:  # the warm-up second is not measured
                out.append(loop.time() - t0)
                if head[9:12] != b"200":
                    errors.append(int(head[9:12]))
    finally:
        writer.close()


def _worker(args: tuple[str, int, str, int, float, float, float]) -> tuple[list[float], list[int]]:
    host, port, path, conns, warmup, seconds, interval = args

    async def run() -> tuple[list[float], list[int]]:
        loop = asyncio.get_running_loop()
        start = loop.time() + warmup
        out: list[float] = []
        errors: list[int] = []
        await asyncio.gather(*(_client(host, port, path, start, start + seconds, interval,
                                       interval * i / conns, out, errors) for i in range(conns)))
        return out, errors

    return asyncio.run(run())


def load(url: str, path: str, clients: int, seconds: float, interval: float,
         procs: int) -> dict[str, Any]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    shares = [clients // procs + (i < clients % procs) for i in range(procs)]
    with ProcessPoolExecutor(procs) as pool:
        parts = list(pool.map(_worker, [(host, int(port), path, n, 1.0, seconds, interval)
                                        for n in shares]))
    lat = sorted(x for p in parts for x in p[0])
    errors = sum(len(p[1]) for p in parts)
    pick = lambda q: round(1000 * lat[min(len(lat) - 1, int(q * len(lat)))], 2)  # noqa: E731
    return {"requests": len(lat), "rps": round(len(lat) / seconds, 1), "p50_ms": pick(0.50),
            "p90_ms": pick(0.90), "p99_ms": pick(0.99), "max_ms": round(1000 * lat[-1], 2),
            "errors": errors}


# --- browser figures -----------------------------------------------------------------------------
def browser_figures(url: str, token: str, repeat: int) -> dict[str, Any]:
    node = shutil.which("node")
    if not (node and Path("/usr/bin/chromium").exists() and (ROOT / "node_modules/playwright-core").is_dir()):
        return {"skipped": "needs node, /usr/bin/chromium and node_modules/playwright-core"}
    env = {**os.environ, "NEXUS_URL": url, "NEXUS_TOKEN": token, "REPEAT": str(repeat),
           "ARTIFACTS": str(ROOT / "tests/e2e/artifacts/bench"), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    done = subprocess.run([node, "tests/e2e/dashboard.mjs"], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=600, check=False)
    res = json.loads(done.stdout.strip().splitlines()[-1])
    out: dict[str, Any] = {"ok": res.get("ok"), "error": res.get("error")}
    for key in ("send_to_dom_ms", "block_to_dom_ms", "alert_to_dom_ms"):
        xs = sorted(res.get(key) or [])
        if xs:
            out[key] = {"n": len(xs), "p50": xs[len(xs) // 2], "max": xs[-1], "samples": xs}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--interval", type=float, default=1.0, help="paced mode: s between requests")
    ap.add_argument("--procs", type=int, default=max(1, min(4, (os.cpu_count() or 2) // 2)))
    ap.add_argument("--repeat", type=int, default=20, help="browser samples")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="nexus-bench-api-") as tmp:
        proc, url = start_node(Path(tmp) / "home")
        try:
            token = (Path(tmp) / "home" / "api-token").read_text().strip()
            call(f"{url}/ledger/records", "POST", {"kind": "bench", "payload": {"n": 0}}, token)
            reads = [p for p in READS if served(p, call(f"{url}/openapi.json")["paths"])]
            for path in reads:  # first calls compile/attach contracts (seconds): not measured
                call(url + path)
            rows = []
            for mode, interval in (("paced", args.interval), ("saturate", 0.0)):
                for path in reads:
                    r = load(url, path, args.clients, args.seconds, interval, args.procs)
                    rows.append({"mode": mode, "endpoint": path, "clients": args.clients, **r})
                    print(f"  {mode:8} {path:28} p50 {r['p50_ms']:8.2f} ms  p99 {r['p99_ms']:8.2f} ms"
                          f"  {r['rps']:8.1f} req/s  errors {r['errors']}", file=sys.stderr)
            browser = {} if args.no_browser else browser_figures(url, token, args.repeat)
        finally:
            stop_node(proc)
    report("api", rows, {
        "setup": {"clients": args.clients, "seconds_per_run": args.seconds, "client_procs": args.procs,
                  "paced_interval_s": args.interval, "server": "one `nexus up` process (uvicorn, h11)",
                  "chain": "embedded"},
        "goal": {"read_p99_ms": 50, "block_to_alert_ms": 500},
        "browser": browser,
        "browser_note": ("send_to_dom: POST /ledger/anchor sent -> head block shown; block_to_dom: "
                         "anchor tx mined (response) -> head shown; alert_to_dom: a finding published"
                         " on the node's event bus (POST /events, the path guard findings take) -> "
                         "alert card shown. Guard detection time itself is not included."),
    })
    for k, v in browser.items():
        if isinstance(v, dict):
            print(f"{k}: p50 {v['p50']} ms, max {v['max']} ms over {v['n']}")


if __name__ == "__main__":
    main()
