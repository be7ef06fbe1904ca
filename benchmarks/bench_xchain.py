"""Cross-chain messages: gas per delivered message by signer-set size, and relay latency between
two anvils (different chain ids), set against CCIP's wait for source-chain finality.

    python benchmarks/bench_xchain.py [--messages 40] [--finality 2]

Gas is measured on two embedded chains (deterministic): the first delivery of a window pays for
fresh rate-limit counters, later ones rewrite them. Latency is measured on two anvils (automine):
"relay" is from the moment a message is `finality` blocks deep to its delivery being mined on the
destination (witness checks over JSON-RPC, signatures, the deliver transaction); "batch" is the
rate when many messages become final at once. End to end, a message also waits `finality` blocks
on its source: the table models that for Ethereum (12 s slots) with the depth CCIP waits for
there (finality: two epochs = 64 slots, ~12.8 min; docs.chain.link/ccip/concepts/execution-latency/
finality-by-chain) and with a short depth.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))  # tests.* helpers shared with the test suite

from _report import report
from tests.anvil import AnvilNode, anvil_binary
from tests.anvil import dev_key as anvil_key
from tests.xchain_env import build_cache

from nexus.chain.accounts import load_signer
from nexus.chain.embedded import EmbeddedChain
from nexus.chain.rpc import RPCChain
from nexus.contracts.deploy import Deployer
from nexus.xchain.endpoint import Limits, deploy_endpoint, link
from nexus.xchain.journal import Journal
from nexus.xchain.message import dev_signer_keys
from nexus.xchain.network import quorum_of
from nexus.xchain.relayer import Relayer
from nexus.xchain.witness import Witness

ETH_SLOT_S = 12.0
CCIP_ETH_FINALITY_BLOCKS = 64


def _net(root: Path, chains: list, n: int, finality: int) -> tuple[list, Relayer]:
    eps = [
        deploy_endpoint(c, Deployer(c, root / "deployments", build_cache()), limits=Limits(3600, 10_000, 10_000))
        for c in chains
    ]
    keys = dev_signer_keys(n)
    link(eps, [k.address for k in keys], quorum_of(n), finality)
    sources = {e.chain_id: (e.chain, e.outbox.address) for e in eps}
    ws = [Witness(k, sources, min_finality=finality) for k in keys]
    return eps, Relayer(eps, ws, Journal(root / "relay.db"), finality=finality, batch=1000)


def gas_rows(finality: int) -> list[dict]:
    rows = []
    for n in (4, 7, 10, 31):
        for size in (32, 256):
            with tempfile.TemporaryDirectory() as d:
                root = Path(d)
                chains = [EmbeddedChain(root / f"c{cid}", chain_id=cid, flush_interval=3600) for cid in (1337, 1338)]
                eps, rel = _net(root, chains, n, finality)
                a = eps[0]
                for i in range(3):
                    a.send(1338, a.chain.default_account, bytes([i]) * size)
                a.chain.mine(finality)
                rel.step()
                gas = [m["gas"] for m in sorted(rel.journal.messages(), key=lambda m: m["nonce"])]
                send_gas = a.send(1338, a.chain.default_account, b"\0" * size)["gas_used"]
                rows.append(
                    {
                        "signers": n,
                        "quorum": quorum_of(n),
                        "payload_B": size,
                        "deliver_gas_first": gas[0],
                        "deliver_gas_next": gas[1],
                        "send_gas": send_gas,
                    }
                )
                for c in chains:
                    c.close()
    return rows


def latency(messages: int, finality: int) -> dict:
    with AnvilNode(chain_id=31338) as an_a, AnvilNode(chain_id=31339) as an_b, tempfile.TemporaryDirectory() as d:
        chains = [RPCChain(u, signer=load_signer(anvil_key(0))) for u in (an_a.url, an_b.url)]
        eps, rel = _net(Path(d), chains, 4, finality)
        a = eps[0]
        relay_ms, e2e_ms = [], []
        for i in range(messages):  # one at a time: the relay latency of a lone message
            t0 = time.perf_counter()
            a.send(31339, a.chain.default_account, b"m%d" % i)
            a.chain.mine(finality)
            t1 = time.perf_counter()
            while rel.step().delivered == 0:
                pass
            t2 = time.perf_counter()
            relay_ms.append((t2 - t1) * 1000)
            e2e_ms.append((t2 - t0) * 1000)
        for i in range(messages):  # many final at once
            a.send(31339, a.chain.default_account, b"b%d" % i)
        a.chain.mine(finality)
        t0 = time.perf_counter()
        done = 0
        while done < messages:
            done += rel.step().delivered
        batch_s = time.perf_counter() - t0
        for c in chains:
            c.close()
    q = statistics.quantiles(relay_ms, n=20)
    return {
        "relay_p50_ms": statistics.median(relay_ms),
        "relay_p95_ms": q[18],
        "anvil_e2e_p50_ms": statistics.median(e2e_ms),
        "batch_msgs_per_s": messages / batch_s,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=40)
    ap.add_argument("--finality", type=int, default=2)
    args = ap.parse_args()
    rows = gas_rows(args.finality)
    print("gas per message (embedded chains)")
    report("xchain_gas", rows)
    if anvil_binary() is None:
        print("anvil is not installed: run `npm install` for the latency figures", file=sys.stderr)
        return
    lat = latency(args.messages, args.finality)
    relay_s = lat["relay_p50_ms"] / 1000
    model = [
        {
            "setting": f"this relayer, {args.finality} blocks on anvil (measured)",
            "wait_s": round(lat["anvil_e2e_p50_ms"] / 1000, 3),
            "relay_s": round(relay_s, 3),
        },
        {
            "setting": f"Ethereum source, {CCIP_ETH_FINALITY_BLOCKS} slots (= CCIP's finality wait)",
            "wait_s": CCIP_ETH_FINALITY_BLOCKS * ETH_SLOT_S + relay_s,
            "relay_s": round(relay_s, 3),
        },
        {
            "setting": "Ethereum source, 12 slots (faster than finality; reorg risk)",
            "wait_s": 12 * ETH_SLOT_S + relay_s,
            "relay_s": round(relay_s, 3),
        },
        {"setting": "CCIP, Ethereum source (published finality wait)", "wait_s": 768.0, "relay_s": None},
    ]
    print("\nrelay latency (two anvils)")
    report(
        "xchain",
        [{"messages": args.messages, "finality": args.finality, **{k: round(v, 1) for k, v in lat.items()}}],
        {"end_to_end_model": model, "gas": rows},
    )
    print()
    for m in model:
        print(f"{m['setting']:<62} {m['wait_s']:>9.1f} s")


if __name__ == "__main__":
    main()
