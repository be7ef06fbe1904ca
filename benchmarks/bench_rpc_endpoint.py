"""The node's Ethereum JSON-RPC endpoint side by side with anvil, same client code for both.

Starts `nexus up` (embedded chain; oracle, guard and ledger anchoring off, so nothing else
writes) and an anvil (the npm devDependency, tests/anvil.py) on the same machine, deploys the
same small contract (tests/rpc_box.py) on each through eth_sendRawTransaction, then measures
over plain HTTP keep-alive (httpx):

- raw signed tx/s: `store(i)` transactions signed beforehand (signing is not timed); each is
  eth_sendRawTransaction then eth_getTransactionReceipt, polled until there (one by one), or
  the same in JSON-RPC batches of `--batch` (all sends, then all receipts);
- eth_call/s: `value()` one by one, and in batches of `--batch`.

    python benchmarks/bench_rpc_endpoint.py [--txs 500] [--calls 2000] [--batch 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from eth_utils import to_checksum_address

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))  # tests.* helpers shared with the test suite

from _report import report
from tests.anvil import AnvilNode, anvil_binary
from tests.anvil import dev_key as anvil_key
from tests.rpc_box import VALUE_SELECTOR, compile_box, deploy_data, dev_key, signed, store_data


@contextmanager
def nexus_up(home: Path) -> Iterator[tuple[str, str]]:
    """A `nexus up --port 0` with nothing but the chain and the API; yields (URL, API token)."""
    env = {
        **os.environ,
        "NEXUS_HOME": str(home),
        "NEXUS_ORACLE": "false",
        "NEXUS_GUARD": "false",
        "NEXUS_LEDGER_ANCHOR": "false",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("NEXUS_RPC_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "nexus", "up", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if m := re.search(r"listening on (http://\S+)", line):
                yield m.group(1), (home / "api-token").read_text().strip()
                return
        raise RuntimeError("nexus up exited before listening")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Client:
    """JSON-RPC over one keep-alive HTTP connection: the same for both nodes."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.http = httpx.Client(headers=headers or {}, timeout=30)
        self.url = url
        self._id = 0

    def call(self, method: str, *params: Any) -> Any:
        self._id += 1
        r = self.http.post(
            self.url, json={"jsonrpc": "2.0", "id": self._id, "method": method, "params": list(params)}
        ).json()
        if "error" in r:
            raise RuntimeError(f"{method}: {r['error']}")
        return r["result"]

    def receipt(self, tx_hash: str) -> Any:
        """The receipt, polled until the node has it (anvil mines a moment after the send)."""
        while (r := self.call("eth_getTransactionReceipt", tx_hash)) is None:
            pass
        return r

    def receipts(self, hashes: list[str]) -> list[Any]:
        got = self.batch([("eth_getTransactionReceipt", [h]) for h in hashes])
        while any(r is None for r in got):
            missing = [i for i, r in enumerate(got) if r is None]
            for i, r in zip(
                missing, self.batch([("eth_getTransactionReceipt", [hashes[i]]) for i in missing]), strict=True
            ):
                got[i] = r
        return got

    def batch(self, calls: list[tuple[str, list[Any]]]) -> list[Any]:
        body = [{"jsonrpc": "2.0", "id": i, "method": m, "params": p} for i, (m, p) in enumerate(calls)]
        out = sorted(self.http.post(self.url, json=body).json(), key=lambda r: r["id"])
        bad = [r["error"] for r in out if "error" in r]
        if bad:
            raise RuntimeError(f"batch: {bad[0]}")
        return [r["result"] for r in out]


def _rate(n: int, fn: Callable[[], None], rounds: int) -> tuple[float, float]:
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        rates.append(n / (time.perf_counter() - t0))
    return statistics.median(rates), max(rates)


def measure(c: Client, key: bytes, box: Any, args: argparse.Namespace) -> dict[str, tuple[float, float]]:
    chain_id = int(c.call("eth_chainId"), 16)
    from eth_account import Account

    me = Account.from_key(key).address
    nonce = int(c.call("eth_getTransactionCount", me, "latest"), 16)
    tx = signed(key, chain_id, nonce, None, deploy_data(box, 1), gas=500_000)
    h = c.call("eth_sendRawTransaction", "0x" + bytes(tx.raw_transaction).hex())
    addr = to_checksum_address(c.receipt(h)["contractAddress"])  # anvil answers it lowercase
    nonce += 1
    call = {"to": addr, "data": "0x" + VALUE_SELECTOR.hex()}
    out: dict[str, tuple[float, float]] = {}
    last = [0]

    def txs() -> list[str]:
        nonlocal nonce
        raws = []
        for _ in range(args.txs):
            last[0] = 1000 + nonce  # a distinct, nonzero value each time
            raws.append(
                "0x"
                + bytes(
                    signed(key, chain_id, nonce, addr, store_data(last[0]), gas=100_000, kind=2).raw_transaction
                ).hex()
            )
            nonce += 1
        return raws

    def one_by_one() -> None:
        for raw in pending.pop():
            assert c.receipt(c.call("eth_sendRawTransaction", raw))["status"] == "0x1"

    def batched() -> None:
        raws = pending.pop()
        for i in range(0, len(raws), args.batch):
            hashes = c.batch([("eth_sendRawTransaction", [r]) for r in raws[i : i + args.batch]])
            receipts = c.receipts(hashes)
            assert all(r["status"] == "0x1" for r in receipts)

    pending = [txs() for _ in range(args.rounds)][::-1]
    out["raw tx (send + receipt), one by one"] = _rate(args.txs, one_by_one, args.rounds)
    assert int(c.call("eth_call", call, "latest"), 16) == last[0], "a transaction went missing"
    pending = [txs() for _ in range(args.rounds)][::-1]
    out[f"raw tx (send + receipt), batches of {args.batch}"] = _rate(args.txs, batched, args.rounds)
    assert int(c.call("eth_call", call, "latest"), 16) == last[0], "a transaction went missing"

    def calls() -> None:
        for _ in range(args.calls):
            c.call("eth_call", call, "latest")

    out["eth_call, one by one"] = _rate(args.calls, calls, args.rounds)

    def calls_batched() -> None:
        for _ in range(0, args.calls, args.batch):
            c.batch([("eth_call", [call, "latest"])] * args.batch)

    out[f"eth_call, batches of {args.batch}"] = _rate(args.calls, calls_batched, args.rounds)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--txs", type=int, default=500, help="transactions per round")
    ap.add_argument("--calls", type=int, default=2000, help="eth_calls per round")
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if anvil_binary() is None:
        print("anvil is not installed: run `npm install` in the repo root", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-rpc-endpoint-") as tmp:
        box = compile_box(Path(tmp) / "box")
        with nexus_up(Path(tmp) / "home") as (url, token):
            nexus = measure(Client(f"{url}/rpc", {"Authorization": f"Bearer {token}"}), dev_key(0), box, args)
        with AnvilNode() as anvil:
            other = measure(Client(anvil.url), bytes.fromhex(anvil_key(0)[2:]), box, args)
    rows = [
        {
            "what": what,
            "nexus_per_s": nexus[what][0],
            "anvil_per_s": other[what][0],
            "nexus_best": nexus[what][1],
            "anvil_best": other[what][1],
            "nexus/anvil": nexus[what][0] / other[what][0],
        }
        for what in nexus
    ]
    report(
        "rpc_endpoint",
        rows,
        {
            "nexus": "nexus up, embedded chain (py-evm), POST /rpc with the API token",
            "anvil": "anvil (automine, --prune-history), same client",
            "client": "httpx keep-alive, one connection, transactions pre-signed (EIP-1559)",
            "contract": "tests/rpc_box.py Box.store(uint256) / value()",
            "rounds": args.rounds,
            "txs": args.txs,
            "calls": args.calls,
            "batch": args.batch,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
