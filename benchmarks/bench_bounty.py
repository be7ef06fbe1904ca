"""Bounty gas: create, commit, reveal, test-set reveal, postScores (by solvers and quorum), dispute,
arbitrate and claim, on the embedded EVM (py-evm via titanoboa, the project's default chain).

    python benchmarks/bench_bounty.py [--solvers 2,16,64] [--quorums 2,6,11]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eth_account import Account  # noqa: E402

from nexus.bounty import deploy_bounty, sign_scores, solver_commitment, test_commitment  # noqa: E402
from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.oracle import dev_node_key  # noqa: E402

JUDGES = [dev_node_key(i, "bench judge") for i in range(16)]
SALT, TEST = b"\x01" * 32, b"\x02" * 32


def _sig(s: Any) -> tuple[int, bytes, bytes]:
    return 27 + s.parity, s.r.to_bytes(32, "big"), s.s.to_bytes(32, "big")


def run(chain: EmbeddedChain, board: Any, solvers: int, quorum: int) -> dict[str, Any]:
    c, a = board.contract, chain.accounts
    snap = chain.snapshot()
    now = chain.timestamp()
    rc = c.create(
        test_commitment(TEST, SALT),
        now + 100,
        now + 200,
        100,
        [k.address for k in JUDGES],
        quorum,
        min(quorum + 1, 16),
        a[9],
        10**17,
        sender=a[0],
        value=10**18,
    )
    bid = int(c.count()) - 1
    gas: dict[str, Any] = {"create": rc.gas_used}
    people = [Account.from_key(bytes([7] * 31 + [i + 1])).address for i in range(solvers)]
    for p in people:
        chain.transact(p, b"", sender=a[0], value=10**19)  # the embedded chain runs any funded sender
    fps = [bytes([i + 1] * 32) for i in range(solvers)]
    commits = [c.commit(bid, solver_commitment(fp, SALT, p), sender=p).gas_used for fp, p in zip(fps, people)]
    chain.time_travel(seconds=101)
    reveals = [c.reveal(bid, fp, SALT, sender=p).gas_used for fp, p in zip(fps, people)]
    gas["test_reveal"] = c.revealTestSet(bid, TEST, SALT, "ipfs://test", sender=a[0]).gas_used
    chain.time_travel(seconds=101)
    scores = [1000 + i for i in range(solvers)]
    sigs = sign_scores(board, bid, scores, JUDGES[:quorum], round_=1)
    digest = board.digest(bid, 1, scores)
    from nexus.oracle._crypto import recover

    ordered = sorted(sigs, key=lambda s: int(recover(digest, s) or "0x0", 16))
    gas["post_scores"] = c.postScores(bid, scores, [_sig(s) for s in ordered], sender=a[5]).gas_used
    gas["dispute"] = c.dispute(bid, sender=a[6], value=10**17).gas_used
    gas["arbitrate"] = c.arbitrate(bid, scores[::-1], sender=a[9]).gas_used
    gas["claim"] = c.claim(bid, sender=people[0]).gas_used
    chain.revert(snap)
    return {
        "solvers": solvers,
        "quorum": quorum,
        "commit (mean)": round(sum(commits) / len(commits)),
        "reveal (mean)": round(sum(reveals) / len(reveals)),
        **gas,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--solvers", default="2,16,64")
    ap.add_argument("--quorums", default="2,6,11")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        chain = EmbeddedChain(Path(tmp) / "chain", flush_interval=3600)
        board = deploy_bounty(chain, cache_dir=Path(tmp) / "cache")
        rows = [run(chain, board, int(s), int(q)) for s in args.solvers.split(",") for q in args.quorums.split(",")]
        chain.close()
    report("bounty_gas", rows, {"judges": len(JUDGES), "chain": "embedded (py-evm)"})


if __name__ == "__main__":
    main()
