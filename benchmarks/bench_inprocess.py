"""In-process EVM throughput: state-changing contract calls per second, Nexus vs eth-tester+web3.

Two workloads, each run on both sides:
- `counter`: `bump()` on a minimal contract that increments one storage slot (the usual
  throughput probe);
- `registry`: the project's Registry, `register(name, addr)` on a fixed name: owner check,
  code-size check, two storage writes and an event (a heavier, real call).

    python benchmarks/bench_inprocess.py [--calls 3000] [--baseline-calls 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import vyper  # noqa: E402
from _report import report  # noqa: E402

from nexus.chain.contract import Contract  # noqa: E402
from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.contracts import compile_contract  # noqa: E402

COUNTER = """
count: public(uint256)

@external
def bump():
    self.count += 1
"""
KEY = b"bench".ljust(32, b"\0")


def _workload(name: str) -> tuple[list, bytes, str, list, str, list]:
    """(abi, initcode, fn, args-or-None, view, view-args); args None means the contract itself."""
    if name == "counter":
        out = vyper.compile_code(COUNTER, output_formats=["abi", "bytecode"])
        return out["abi"], bytes.fromhex(out["bytecode"][2:]), "bump", [], "count", []
    reg = compile_contract("Registry")
    return reg.abi, reg.bytecode, "register", [KEY, None], "version", [KEY]


def _fill(args: list, addr: str) -> list:
    return [addr if a is None else a for a in args]


def bench_nexus(workload: str, calls: int, rounds: int) -> list[float]:
    abi, initcode, fn, args, view, vargs = _workload(workload)
    with tempfile.TemporaryDirectory() as d:
        chain = EmbeddedChain(Path(d) / "chain")
        addr = chain.deploy(initcode).contract_address
        assert addr is not None
        c = Contract(chain, addr, abi)
        data = c.abi.encode_call(fn, _fill(args, addr))
        for _ in range(200):  # warm caches before timing
            chain.transact(addr, data)
        rates = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            for _ in range(calls):
                chain.transact(addr, data)
            rates.append(calls / (time.perf_counter() - t0))
        assert c.call(view, *vargs) == 200 + calls * rounds  # every call really changed state
        chain.close()
    return rates


def bench_eth_tester(workload: str, calls: int, rounds: int) -> list[float]:
    try:
        from web3 import EthereumTesterProvider, Web3
    except ImportError:
        sys.exit("eth-tester is missing: pip install -e '.[bench]'")
    abi, initcode, fn_name, args, view, vargs = _workload(workload)
    w3 = Web3(EthereumTesterProvider())
    acct = w3.eth.accounts[0]
    factory = w3.eth.contract(abi=abi, bytecode=initcode)
    addr = w3.eth.get_transaction_receipt(factory.constructor().transact({"from": acct}))["contractAddress"]
    c = w3.eth.contract(address=addr, abi=abi)
    fn = c.functions[fn_name](*_fill(args, addr))
    for _ in range(20):
        fn.transact({"from": acct, "gas": 200_000})
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn.transact({"from": acct, "gas": 200_000})
        rates.append(calls / (time.perf_counter() - t0))
    assert c.functions[view](*vargs).call() == 20 + calls * rounds
    return rates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=3000)
    ap.add_argument("--baseline-calls", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    rows = []
    for workload in ("counter", "registry"):
        ours = bench_nexus(workload, args.calls, args.rounds)
        base = bench_eth_tester(workload, args.baseline_calls, args.rounds)
        med_ours, med_base = statistics.median(ours), statistics.median(base)
        rows.append(
            {
                "workload": workload,
                "nexus_tx_per_s": med_ours,
                "eth_tester_tx_per_s": med_base,
                "ratio": med_ours / med_base,
                "nexus_min": min(ours),
                "nexus_max": max(ours),
            }
        )
    report(
        "inprocess",
        rows,
        {
            "target_tx_per_s": 2000,
            "calls_per_round": args.calls,
            "baseline_calls_per_round": args.baseline_calls,
            "rounds": args.rounds,
            "statistic": "median of rounds",
        },
    )
    print("target: >= 2,000 state-changing calls/s in-process")


if __name__ == "__main__":
    main()
