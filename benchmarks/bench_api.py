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
import threading
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
READS = ["/health", "/status", "/blocks/1", "/events/recent?limit=20", "/ledger/records/0",
         "/guard/findings?limit=20", "/oracle/feeds", "/markets", "/markets/0/history"]


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
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    due = start + offset
    clock = time.perf_counter
    try:
        while True:
            if interval:
                await asyncio.sleep(max(0.0, due - clock()))
                due += interval
            t0 = clock()  # not loop.time(): uvloop's is cached per loop turn, in whole ms
            if t0 >= stop:
                return
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            at = head.lower().find(b"content-length:") + 15
            await reader.readexactly(int(head[at:head.find(b"\r", at)]))
            if t0 >= start:  # the warm-up second is not measured
                out.append(clock() - t0)
                if head[9:12] != b"200":
                    errors.append(int(head[9:12]))
    finally:
        writer.close()


def _worker(args: tuple[str, int, str, int, float, float, float]) -> tuple[list[float], list[int], float]:
    host, port, path, conns, warmup, seconds, interval = args
    try:  # the client's own event-loop overhead is CPU the server cannot use: keep it small
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    async def run() -> tuple[list[float], list[int]]:
        start = time.perf_counter() + warmup
        out: list[float] = []
        errors: list[int] = []
        await asyncio.gather(*(_client(host, port, path, start, start + seconds, interval,
                                       interval * i / conns, out, errors) for i in range(conns)))
        return out, errors

    cpu = time.process_time()
    out, errors = asyncio.run(run())
    return out, errors, time.process_time() - cpu


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Blocks:
    """A background writer making a block every `interval` s (a ledger record, then an anchor
    transaction), so cached reads keep being invalidated as on a busy chain."""

    def __init__(self, url: str, token: str, interval: float) -> None:
        self.url, self.token, self.interval = url, token, interval
        self.made = 0
        self._halt = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Blocks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._halt.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._halt.wait(self.interval):
            call(f"{self.url}/ledger/records", "POST", {"kind": "bench", "payload": {"n": self.made}},
                 self.token)
            if call(f"{self.url}/ledger/anchor", "POST", None, self.token).get("anchor"):
                self.made += 1


def load(url: str, path: str, clients: int, seconds: float, interval: float,
         procs: int, server_pid: int) -> dict[str, Any]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    shares = [clients // procs + (i < clients % procs) for i in range(procs)]
    warmup = 1.0
    with ProcessPoolExecutor(procs) as pool:
        cpu0, t0 = _cpu_s(server_pid), time.monotonic()
        parts = list(pool.map(_worker, [(host, int(port), path, n, warmup, seconds, interval)
                                        for n in shares]))
        wall, server_cpu = time.monotonic() - t0, _cpu_s(server_pid) - cpu0
    lat = sorted(x for p in parts for x in p[0])
    errors = sum(len(p[1]) for p in parts)
    client_cpu = sum(p[2] for p in parts)
    pick = lambda q: round(1000 * lat[min(len(lat) - 1, int(q * len(lat)))], 2)  # noqa: E731
    return {"requests": len(lat), "rps": round(len(lat) / seconds, 1), "p50_ms": pick(0.50),
            "p90_ms": pick(0.90), "p99_ms": pick(0.99), "max_ms": round(1000 * lat[-1], 2),
            "errors": errors, "server_cpu_pct": round(100 * server_cpu / wall),
            "client_cpu_pct": round(100 * client_cpu / wall)}


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


def seed_market(home: Path) -> None:
    """One market with a few trades, made with the CLI before the node takes the chain."""
    env = {**os.environ, "NEXUS_HOME": str(home), "NEXUS_LOG_LEVEL": "WARNING"}
    nexus = [sys.executable, "-m", "nexus", "market"]
    for args in (["faucet", "--amount", "1000"],
                 ["create", "--question", "Bench?", "--outcomes", "Yes,No,Maybe", "--funding", "100"],
                 ["buy", "0", "--outcome", "Yes", "--shares", "10"],
                 ["buy", "0", "--outcome", "No", "--shares", "4"]):
        subprocess.run([*nexus, *args], env=env, cwd=ROOT, check=True, capture_output=True)


def server_stack() -> str:
    import importlib.util

    have = [m for m in ("httptools", "uvloop") if importlib.util.find_spec(m)]
    return f"one `nexus up` process (uvicorn with {' + '.join(have) or 'h11 + asyncio'})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--interval", type=float, default=1.0, help="paced mode: s between requests")
    ap.add_argument("--block-interval", type=float, default=0.2,
                    help="busy mode: s between the background writer's blocks")
    ap.add_argument("--procs", type=int, default=1, help="client processes (each one core at most)")
    ap.add_argument("--modes", default="paced,saturate,busy",
                    help="paced (1 req/s per client), saturate (closed loop), busy (closed loop "
                         "while a writer makes blocks)")
    ap.add_argument("--endpoints", default="", help="comma-separated subset of the read paths")
    ap.add_argument("--repeat", type=int, default=20, help="browser samples")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]

    with tempfile.TemporaryDirectory(prefix="nexus-bench-api-") as tmp:
        home = Path(tmp) / "home"
        seed_market(home)
        proc, url = start_node(home)
        try:
            token = (home / "api-token").read_text().strip()
            call(f"{url}/ledger/records", "POST", {"kind": "bench", "payload": {"n": 0}}, token)
            reads = [p for p in READS if served(p, call(f"{url}/openapi.json")["paths"])]
            if args.endpoints:
                reads = [p for p in reads if p in args.endpoints.split(",")]
            for path in reads:  # first calls compile/attach contracts (seconds): not measured
                call(url + path)
            rows = []
            for mode in modes:
                for path in reads:
                    interval = args.interval if mode == "paced" else 0.0
                    if mode == "busy":
                        with Blocks(url, token, args.block_interval) as writer:
                            r = load(url, path, args.clients, args.seconds, interval, args.procs, proc.pid)
                        r["blocks_per_s"] = round(writer.made / (args.seconds + 1.0), 1)
                    else:
                        r = load(url, path, args.clients, args.seconds, interval, args.procs, proc.pid)
                    rows.append({"mode": mode, "endpoint": path, "clients": args.clients, **r})
                    print(f"  {mode:8} {path:28} p50 {r['p50_ms']:8.2f} ms  p99 {r['p99_ms']:8.2f} ms"
                          f"  {r['rps']:8.1f} req/s  errors {r['errors']}  cpu server "
                          f"{r['server_cpu_pct']}% client {r['client_cpu_pct']}%", file=sys.stderr)
            browser = {} if args.no_browser else browser_figures(url, token, args.repeat)
        finally:
            stop_node(proc)
    report("api", rows, {
        "setup": {"clients": args.clients, "seconds_per_run": args.seconds, "client_procs": args.procs,
                  "paced_interval_s": args.interval, "busy_block_interval_s": args.block_interval,
                  "server": server_stack(), "chain": "embedded",
                  "client": "raw asyncio sockets (uvloop when installed), HTTP/1.1 keep-alive, one "
                            "connection per client",
                  "cpu_note": "server_cpu_pct / client_cpu_pct: CPU time over the run's wall time "
                              "(100 = one core of the 2)"},
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
