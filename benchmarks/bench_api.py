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
READS = [
    "/health",
    "/status",
    "/blocks/1",
    "/events/recent?limit=20",
    "/ledger/records/0",
    "/guard/findings?limit=20",
    "/oracle/feeds",
    "/markets",
    "/markets/0/history",
]


def start_node(home: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "NEXUS_HOME": str(home), "NEXUS_LOG_LEVEL": "WARNING", "NEXUS_LEDGER_ANCHOR": "false"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nexus", "up", "--port", "0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if m := re.search(r"listening on (http://\S+)", line):
            return proc, m.group(1)
    raise SystemExit(f"nexus up exited: {proc.wait()}")


def settle(url: str, limit: float = 120.0) -> None:
    """Wait for the node's start-up work to end (the oracle service compiles and deploys its feed
    and runs a first round in its own thread): figures are for a node in its steady state."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        oracle = call(f"{url}/health")["services"].get("oracle")
        if oracle is None or oracle.get("idle") or oracle.get("rounds", 0) >= 1:
            return
        time.sleep(0.2)
    raise SystemExit("the node did not settle (no oracle round)")


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
    return any("get" in ops and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", t), bare) for t, ops in templates.items())


# --- load generation (runs in client processes) -------------------------------------------------
async def _client(
    host: str,
    port: int,
    path: str,
    start: float,
    stop: float,
    interval: float,
    offset: float,
    out: list[float],
    errors: list[int],
) -> None:
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
            await reader.readexactly(int(head[at : head.find(b"\r", at)]))
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
        await asyncio.gather(
            *(
                _client(host, port, path, start, start + seconds, interval, interval * i / conns, out, errors)
                for i in range(conns)
            )
        )
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
            call(f"{self.url}/ledger/records", "POST", {"kind": "bench", "payload": {"n": self.made}}, self.token)
            if call(f"{self.url}/ledger/anchor", "POST", None, self.token).get("anchor"):
                self.made += 1


def load(
    url: str, path: str, clients: int, seconds: float, interval: float, procs: int, server_pid: int
) -> dict[str, Any]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    shares = [clients // procs + (i < clients % procs) for i in range(procs)]
    warmup = 1.0
    with ProcessPoolExecutor(procs) as pool:
        cpu0, t0 = _cpu_s(server_pid), time.monotonic()
        parts = list(pool.map(_worker, [(host, int(port), path, n, warmup, seconds, interval) for n in shares]))
        wall, server_cpu = time.monotonic() - t0, _cpu_s(server_pid) - cpu0
    lat = sorted(x for p in parts for x in p[0])
    errors = sum(len(p[1]) for p in parts)
    client_cpu = sum(p[2] for p in parts)
    pick = lambda q: round(1000 * lat[min(len(lat) - 1, int(q * len(lat)))], 2)  # noqa: E731
    return {
        "requests": len(lat),
        "rps": round(len(lat) / seconds, 1),
        "p50_ms": pick(0.50),
        "p90_ms": pick(0.90),
        "p99_ms": pick(0.99),
        "max_ms": round(1000 * lat[-1], 2),
        "errors": errors,
        "server_cpu_pct": round(100 * server_cpu / wall),
        "client_cpu_pct": round(100 * client_cpu / wall),
    }


# --- browser figures -----------------------------------------------------------------------------
def browser_figures(url: str, token: str, repeat: int) -> dict[str, Any]:
    node = shutil.which("node")
    if not (node and Path("/usr/bin/chromium").exists() and (ROOT / "node_modules/playwright-core").is_dir()):
        return {"skipped": "needs node, /usr/bin/chromium and node_modules/playwright-core"}
    env = {
        **os.environ,
        "NEXUS_URL": url,
        "NEXUS_TOKEN": token,
        "REPEAT": str(repeat),
        "ARTIFACTS": str(ROOT / "tests/e2e/artifacts/bench"),
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
    }
    done = subprocess.run(
        [node, "tests/e2e/dashboard.mjs"], cwd=ROOT, env=env, text=True, capture_output=True, timeout=600, check=False
    )
    res = json.loads(done.stdout.strip().splitlines()[-1])
    out: dict[str, Any] = {"ok": res.get("ok"), "error": res.get("error")}
    for key in ("send_to_dom_ms", "block_to_dom_ms", "alert_to_dom_ms"):
        xs = sorted(res.get(key) or [])
        if xs:
            out[key] = {"n": len(xs), "p50": xs[len(xs) // 2], "max": xs[-1], "samples": xs}
    return out


def guard_alert_figures(root: Path, rounds: list[str]) -> dict[str, Any]:
    """Real transactions the guard flags -> alert card in the browser.

    A node (chain, services, the API under uvicorn) runs in this process on an embedded chain with
    the DeFi sandbox deployed, so this process can send the attacks itself (the embedded chain has
    one writer). For each attack scenario: the flagged transaction's receipt time (`mined`), the
    `finding` event's publication on the node's bus (`published`, after the guard's monitor
    thread saw the block) and the alert card's appearance in a Chromium page on the dashboard
    (`dom`, a MutationObserver's Date.now(); same machine clock)."""
    node_bin = shutil.which("node")
    if not (node_bin and Path("/usr/bin/chromium").exists() and (ROOT / "node_modules/playwright-core").is_dir()):
        return {"skipped": "needs node, /usr/bin/chromium and node_modules/playwright-core"}
    import uvicorn

    import nexus
    from nexus.api import create_app
    from nexus.node import Node
    from nexus.sandbox import run_scenario
    from nexus.sandbox.deploy import deploy_sandbox, load_sandbox, sandbox_manifest
    from nexus.settings import load_settings

    home = root / "guard-home"
    settings = load_settings(home=home, ledger_anchor=False, log_level="WARNING")
    cache = settings.cache_dir / "contracts"
    from nexus.contracts.compiler import compile_contract, contract_names

    for name in contract_names():  # compile now: the compiler is not thread-safe, and a compile
        compile_contract(name, cache)  # during the run would also stretch the figures
    with nexus.connect(home=home) as nx:
        deploy_sandbox(nx.chain, cache_dir=cache).save(sandbox_manifest(settings.deployments_dir, nx.chain.chain_id))
    node = Node(settings).start()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(node), host="127.0.0.1", port=0, log_config=None, access_log=False, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    watcher = None
    try:
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
        chain = node.require().chain
        mined: dict[str, float] = {}
        block_mined: dict[int, float] = {}
        send = chain.send

        def timed(tx: Any, **kw: Any) -> Any:
            rc = send(tx, **kw)
            mined[rc.tx_hash] = block_mined[rc.block_number] = time.time() * 1000
            return rc

        chain.send = timed  # type: ignore[method-assign]
        env = {
            **os.environ,
            "NEXUS_URL": url,
            "ARTIFACTS": str(ROOT / "tests/e2e/artifacts"),
            "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
        }
        watcher = subprocess.Popen(
            [node_bin, "tests/e2e/alert_watch.mjs"],
            cwd=ROOT,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert watcher.stdout is not None and watcher.stdin is not None
        if watcher.stdout.readline().strip() != "READY":
            return {"error": "the dashboard did not open"}
        sandbox = load_sandbox(chain, sandbox_manifest(settings.deployments_dir, chain.chain_id), cache)
        samples = []
        for name in rounds:
            since = node.events.last_id
            try:
                run_scenario(sandbox, name, seed=len(samples), cache_dir=cache)
            except Exception as exc:  # noqa: BLE001 - a scenario the breaker already stopped
                samples.append({"scenario": name, "error": str(exc)[:200]})
                continue
            deadline = time.monotonic() + 10
            found = []
            while not found and time.monotonic() < deadline:
                found = [e for e in node.events.recent(["finding"], since=since) if e.data.get("tx_hash") in mined]
                time.sleep(0.02)
            if found:
                first = found[0]
                # the block that completed the pattern (a sandwich's back-run, say) may come after
                # the flagged transaction: time it from that block too
                samples.append(
                    {
                        "scenario": name,
                        "alert": first.data.get("alert_id"),
                        "severity": first.data.get("severity"),
                        "mined": mined[first.data["tx_hash"]],
                        "detected_in": block_mined.get(int(first.data["block_number"])),
                        "published": first.time_ms,
                    }
                )
            else:
                samples.append({"scenario": name, "error": "no finding on a timed transaction"})
            time.sleep(1.5)  # let the card land before the next scenario's transactions load the CPU
        watcher.stdin.close()
        cards = json.loads(watcher.stdout.read().strip().splitlines()[-1]).get("cards", [])
        for smp in samples:
            if "mined" not in smp:
                continue
            dom = next((c["t"] for c in cards if c["alert"] == smp["alert"] and c["t"] >= smp["published"] - 5), None)
            smp["mined_to_published_ms"] = round(smp["published"] - smp["mined"], 1)
            if dom is not None:
                smp["published_to_dom_ms"] = round(dom - smp["published"], 1)
                smp["mined_to_dom_ms"] = round(dom - smp["mined"], 1)
                if smp.get("detected_in") is not None:
                    smp["block_to_dom_ms"] = round(dom - smp["detected_in"], 1)
        xs = sorted(s["mined_to_dom_ms"] for s in samples if "mined_to_dom_ms" in s)
        bs = sorted(s["block_to_dom_ms"] for s in samples if "block_to_dom_ms" in s)
        return {
            "samples": samples,
            "n": len(xs),
            "p50_ms": xs[len(xs) // 2] if xs else None,
            "max_ms": xs[-1] if xs else None,
            "block_to_dom_p50_ms": bs[len(bs) // 2] if bs else None,
            "block_to_dom_max_ms": bs[-1] if bs else None,
        }
    finally:
        if watcher is not None and watcher.poll() is None:
            watcher.kill()
        server.should_exit = True
        thread.join(timeout=30)
        node.stop()


def seed_market(home: Path) -> None:
    """One market with a few trades, made with the CLI before the node takes the chain."""
    env = {**os.environ, "NEXUS_HOME": str(home), "NEXUS_LOG_LEVEL": "WARNING"}
    nexus = [sys.executable, "-m", "nexus", "market"]
    for args in (
        ["faucet", "--amount", "1000"],
        ["create", "--question", "Bench?", "--outcomes", "Yes,No,Maybe", "--funding", "100"],
        ["buy", "0", "--outcome", "Yes", "--shares", "10"],
        ["buy", "0", "--outcome", "No", "--shares", "4"],
    ):
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
    ap.add_argument(
        "--block-interval", type=float, default=0.2, help="busy mode: s between the background writer's blocks"
    )
    ap.add_argument("--procs", type=int, default=1, help="client processes (each one core at most)")
    ap.add_argument(
        "--modes",
        default="paced,saturate,busy",
        help="paced (1 req/s per client), saturate (closed loop), busy (closed loop while a writer makes blocks)",
    )
    ap.add_argument("--endpoints", default="", help="comma-separated subset of the read paths")
    ap.add_argument("--repeat", type=int, default=20, help="browser samples")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument(
        "--guard-rounds",
        default="flash-oracle,reentrancy,unprotected-admin,rounding-split,"
        "governance,dormant-transfer,sandwich,dos-burst",
        help="attack scenarios for the guard tx -> alert figure ('' skips it)",
    )
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
            settle(url)
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
                    print(
                        f"  {mode:8} {path:28} p50 {r['p50_ms']:8.2f} ms  p99 {r['p99_ms']:8.2f} ms"
                        f"  {r['rps']:8.1f} req/s  errors {r['errors']}  cpu server "
                        f"{r['server_cpu_pct']}% client {r['client_cpu_pct']}%",
                        file=sys.stderr,
                    )
            browser = {} if args.no_browser else browser_figures(url, token, args.repeat)
        finally:
            stop_node(proc)
        if not args.no_browser and args.guard_rounds:
            browser["guard_tx_to_dom"] = guard_alert_figures(Path(tmp), args.guard_rounds.split(","))
            g = browser["guard_tx_to_dom"]
            print(
                f"guard: flagged tx mined -> alert card: p50 {g.get('p50_ms')} ms, max {g.get('max_ms')} ms"
                f" over {g.get('n')}; detecting block mined -> card: p50 {g.get('block_to_dom_p50_ms')} ms,"
                f" max {g.get('block_to_dom_max_ms')} ms",
                file=sys.stderr,
            )
    report(
        "api",
        rows,
        {
            "setup": {
                "clients": args.clients,
                "seconds_per_run": args.seconds,
                "client_procs": args.procs,
                "paced_interval_s": args.interval,
                "busy_block_interval_s": args.block_interval,
                "server": server_stack(),
                "chain": "embedded",
                "server_note": "plain uvicorn protocol and CPython's GC/GIL defaults (api_tune_runtime off "
                "unless NEXUS_API_TUNE_RUNTIME is set for the run)",
                "client": "raw asyncio sockets (uvloop when installed), HTTP/1.1 keep-alive, one connection per client",
                "cpu_note": "server_cpu_pct / client_cpu_pct: CPU time over the run's wall time "
                "(100 = one core of the 2)",
            },
            "goal": {"read_p99_ms": 50, "block_to_alert_ms": 500},
            "browser": browser,
            "browser_note": (
                "send_to_dom: POST /ledger/anchor sent -> head block shown; block_to_dom: "
                "anchor tx mined (response) -> head shown; alert_to_dom: a finding published"
                " on the node's event bus (POST /events, the path guard findings take) -> "
                "alert card shown. guard_tx_to_dom: an attack scenario's flagged transaction "
                "mined (receipt) -> the guard's finding on the bus -> alert card shown, with "
                "the node in the benchmark process (see guard_alert_figures)."
            ),
        },
    )
    for k, v in browser.items():
        if isinstance(v, dict) and "p50" in v:
            print(f"{k}: p50 {v['p50']} ms, max {v['max']} ms over {v['n']}")


if __name__ == "__main__":
    main()
