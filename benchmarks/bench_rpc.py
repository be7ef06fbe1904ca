"""JSON-RPC throughput: locally signed, state-changing transactions per second against anvil.

Starts its own anvil (the npm devDependency, see tests/anvil.py), deploys the project's Registry
with the signer as owner, then calls `register(name, addr)` (owner check, code-size check, two
storage writes, an event) N times through `RPCChain.send_many` in batches: sign locally, send
with JSON-RPC batch requests, poll receipts in batches. A row with one `send()` per transaction
(estimate, sign, send, wait each time) is there for comparison.

    python benchmarks/bench_rpc.py [--txs 2000] [--batch 500] [--single 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "tests"))  # the anvil launcher shared with the test suite

from _report import report
from anvil import AnvilNode, anvil_binary, dev_key

from nexus.chain import Contract, TxRequest
from nexus.chain.accounts import load_signer
from nexus.chain.rpc import RPCChain
from nexus.contracts import compile_contract

NAMES = 64  # registrations cycle over these names (the Registry keeps at most 1024)


def _name(i: int) -> bytes:
    return f"bench-{i % NAMES}".encode().ljust(32, b"\0")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--txs", type=int, default=2000, help="transactions per send_many round")
    ap.add_argument("--batch", type=int, default=500, help="transactions per send_many call")
    ap.add_argument("--single", type=int, default=200, help="transactions sent one by one")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if anvil_binary() is None:
        print("anvil is not installed: run `npm install` in the repo root", file=sys.stderr)
        return 2

    registry = compile_contract("Registry")
    with AnvilNode() as node:
        chain = RPCChain(node.url, signer=load_signer(dev_key(0)))
        chain.receipt_timeout = 15.0
        deployed = chain.deploy(registry.bytecode)
        reg = Contract(chain, deployed.contract_address, registry.abi, "Registry")  # type: ignore[arg-type]
        assert reg.owner() == chain.default_account
        target = reg.address  # any contract will do as the registered address

        def tx(i: int) -> TxRequest:
            return TxRequest(reg.address, reg.abi.encode_call("register", (_name(i), target)))

        chain.send_many([tx(i) for i in range(NAMES)])  # warm-up: first registrations

        batched: list[float] = []
        for _ in range(args.rounds):
            txs = [tx(i) for i in range(args.txs)]
            t0 = time.perf_counter()
            receipts = []
            for i in range(0, len(txs), args.batch):
                receipts += chain.send_many(txs[i : i + args.batch])
            batched.append(len(txs) / (time.perf_counter() - t0))
            assert len(receipts) == len(txs) and all(r.status for r in receipts)

        t0 = time.perf_counter()
        for i in range(args.single):
            chain.send(tx(i))
        single = args.single / (time.perf_counter() - t0)
        expected = 1 + args.rounds * len(range(0, args.txs, NAMES)) + len(range(0, args.single, NAMES))
        assert reg.version(_name(0)) == expected, "lost or duplicated transactions"
        head = chain.block_number()
        chain.close()

    rows = [
        {
            "mode": f"send_many (batches of {args.batch})",
            "txs": args.txs * args.rounds,
            "tx_per_s": statistics.median(batched),
            "best_tx_per_s": max(batched),
        },
        {"mode": "send, one at a time", "txs": args.single, "tx_per_s": single, "best_tx_per_s": single},
    ]
    report(
        "rpc",
        rows,
        {
            "node": "anvil (automine, --prune-history)",
            "contract": "Registry.register",
            "blocks": head,
            "rounds": args.rounds,
            "unit": "signed state-changing transactions per second",
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
