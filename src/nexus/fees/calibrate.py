"""Calibrate the fee advisor on real EIP-1559 dynamics: an anvil node, a small block gas limit, bursts of
competing transfers with random tips, and one probe transaction per strategy in flight at a time.

Per round: each strategy without a pending probe reads the chain and sends one (its fees fixed once);
competitors fill the mempool (calm ~half a block, bursts up to three blocks' worth); one block is mined;
probes are checked; anything left in the mempool is dropped (pending probes are re-sent unchanged, so a
burst's backlog never outlives the schedule that made it). A probe not mined within its deadline is a miss.
Competitors bid tight (maxFee = 1.125 * base + tip): anvil orders its pool by maxFeePerGas, not by the
effective tip as geth does, so a loose max fee would buy them priority their tip does not pay for (the
2 * base rule of web3.py and ethers still gets that anvil-only boost; see the README figure note).
Strategies: the advisor at each (probability, deadline) asked, web3.py's default (tip from
eth_maxPriorityFeePerGas, maxFee = 2 * base + tip) and ethers v5's (1.5 gwei tip, same max fee rule).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..exceptions import FeeAdviceError
from .advisor import PERCENTILES, FeeHistory, advise

__all__ = ["JsonRpc", "Strategy", "run_calibration"]

GWEI = 10**9
TRANSFER_GAS = 21_000


class JsonRpc:
    """A minimal JSON-RPC client (loopback anvil) with batching."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url, self.timeout = url, timeout

    def batch(self, calls: Sequence[tuple[str, list[Any]]]) -> list[Any]:
        if not calls:
            return []
        body = [{"jsonrpc": "2.0", "id": i, "method": m, "params": p} for i, (m, p) in enumerate(calls)]
        req = urllib.request.Request(self.url, json.dumps(body).encode(), {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - caller's loopback URL
            out = sorted(json.loads(resp.read()), key=lambda r: r["id"])
        return [r.get("result") if "error" not in r else {"error": r["error"]} for r in out]

    def __call__(self, method: str, params: list[Any] | None = None) -> Any:
        r = self.batch([(method, params or [])])[0]
        if isinstance(r, dict) and "error" in r:
            raise FeeAdviceError(f"{method}: {r['error'].get('message', r['error'])}")
        return r


@dataclass
class Strategy:
    name: str
    kind: str  # "advisor", "web3", "ethers5"
    account: str
    probability: float = 0.9
    within: int = 3
    pending: dict[str, Any] | None = None
    results: list[dict[str, Any]] = field(default_factory=list)

    def fees(self, rpc: JsonRpc, history_blocks: int) -> dict[str, int]:
        head = rpc("eth_getBlockByNumber", ["latest", False])
        base = int(head["baseFeePerGas"], 16)
        if self.kind == "ethers5":
            tip = 1_500_000_000
            return {"maxFeePerGas": 2 * base + tip, "maxPriorityFeePerGas": tip}
        node_tip = int(rpc("eth_maxPriorityFeePerGas"), 16)
        if self.kind == "web3":
            return {"maxFeePerGas": 2 * base + node_tip, "maxPriorityFeePerGas": node_tip}
        hist = FeeHistory.from_rpc(rpc("eth_feeHistory", [hex(history_blocks), "latest", list(PERCENTILES)]))
        a = advise(hist, self.probability, self.within, fallback_tip=node_tip)
        return {"maxFeePerGas": a.max_fee_per_gas, "maxPriorityFeePerGas": a.max_priority_fee_per_gas}


def _load_schedule(rounds: int, rng: np.random.Generator) -> np.ndarray:
    """Block-capacity multiples per round: calm around 0.5, bursts of 3-8 rounds at 1.5-3x."""
    load = rng.uniform(0.2, 0.8, rounds)
    i = 0
    while i < rounds:
        if rng.random() < 0.12:
            n = int(rng.integers(3, 9))
            load[i : i + n] = rng.uniform(1.5, 3.0)
            i += n
        i += 1
    return load


def run_calibration(
    url: str,
    *,
    rounds: int,
    accounts: Sequence[str],
    targets: Sequence[tuple[float, int]],
    per_block: int,
    seed: int = 0,
    history_blocks: int = 20,
) -> dict[str, Any]:
    """Run the experiment on a fresh anvil at `url` whose gas limit fits `per_block` transfers.
    `accounts` must be unlocked dev accounts: one per strategy first, the rest compete."""
    rpc = JsonRpc(url)
    rng = np.random.default_rng(seed)
    strategies = [Strategy(f"advisor p={p} N={n}", "advisor", "", p, n) for p, n in targets]
    strategies += [
        Strategy("web3.py default", "web3", "", 0.0, max(n for _, n in targets)),
        Strategy("ethers v5 default", "ethers5", "", 0.0, max(n for _, n in targets)),
    ]
    if len(accounts) < len(strategies) + 4:
        raise FeeAdviceError("calibration: too few accounts")
    for s, a in zip(strategies, accounts):
        s.account = a
    crowd = list(accounts[len(strategies) :])
    rpc("evm_setAutomine", [False])
    sink = "0x000000000000000000000000000000000000dEaD"
    for _ in range(history_blocks):  # a little history before the first advice
        rpc("evm_mine")
    for rnd, load in enumerate(_load_schedule(rounds, rng)):
        block = int(rpc("eth_blockNumber"), 16)
        sends: list[tuple[str, list[Any]]] = []
        for s in strategies:
            if s.pending is None:
                s.pending = {
                    "tx": {
                        "from": s.account,
                        "to": sink,
                        "value": "0x1",
                        "gas": hex(TRANSFER_GAS),
                        "nonce": rpc("eth_getTransactionCount", [s.account, "latest"]),
                        **{k: hex(v) for k, v in s.fees(rpc, history_blocks).items()},
                    },
                    "sent_block": block,
                    "hash": None,
                }
            sends.append(("eth_sendTransaction", [s.pending["tx"]]))
        base = int(rpc("eth_getBlockByNumber", ["latest", False])["baseFeePerGas"], 16)
        n_load = int(load * per_block)
        nonces = rpc.batch([("eth_getTransactionCount", [a, "latest"]) for a in crowd])
        next_nonce = {a: int(n, 16) for a, n in zip(crowd, nonces)}
        tips = rng.lognormal(np.log(1.5 * GWEI if load > 1 else 0.3 * GWEI), 0.7, n_load)
        for k in range(n_load):
            a = crowd[k % len(crowd)]
            tip = int(tips[k])
            sends.append(
                (
                    "eth_sendTransaction",
                    [
                        {
                            "from": a,
                            "to": sink,
                            "value": "0x1",
                            "gas": hex(TRANSFER_GAS),
                            "nonce": hex(next_nonce[a]),
                            "maxPriorityFeePerGas": hex(tip),
                            "maxFeePerGas": hex(base * 9 // 8 + tip),
                        }
                    ],
                )
            )
            next_nonce[a] += 1
        got = rpc.batch(sends)
        for s, h in zip(strategies, got):
            if isinstance(h, str) and s.pending is not None:
                s.pending["hash"] = h
        rpc("evm_mine")
        receipts = rpc.batch(
            [("eth_getTransactionReceipt", [s.pending["hash"]]) for s in strategies if s.pending and s.pending["hash"]]
        )
        it = iter(receipts)
        for s in strategies:
            if not (s.pending and s.pending["hash"]):
                continue
            rc = next(it)
            waited = block + 1 - s.pending["sent_block"]
            tx = s.pending["tx"]
            if isinstance(rc, dict) and rc.get("blockNumber"):
                blk = rpc("eth_getBlockByNumber", [rc["blockNumber"], False])
                b = int(blk["baseFeePerGas"], 16)
                s.results.append(
                    {
                        "included": waited <= s.within,
                        "waited": waited,
                        "tip_paid": int(rc["effectiveGasPrice"], 16) - b,
                        "max_fee": int(tx["maxFeePerGas"], 16),
                        "base": b,
                        "round": rnd,
                    }
                )
                s.pending = None
            elif waited >= s.within:
                s.results.append(
                    {
                        "included": False,
                        "waited": waited,
                        "tip_paid": 0,
                        "max_fee": int(tx["maxFeePerGas"], 16),
                        "base": base,
                        "round": rnd,
                    }
                )
                s.pending = None
        rpc("anvil_dropAllTransactions")
    return {"rounds": rounds, "per_block": per_block, "strategies": [_summary(s) for s in strategies]}


def _summary(s: Strategy) -> dict[str, Any]:
    r = s.results
    inc = [x for x in r if x["included"]]
    return {
        "strategy": s.name,
        "asked_probability": s.probability if s.kind == "advisor" else None,
        "within": s.within,
        "probes": len(r),
        "observed": len(inc) / len(r) if r else 0.0,
        "mean_tip_paid_gwei": float(np.mean([x["tip_paid"] for x in inc]) / GWEI) if inc else 0.0,
        "mean_max_fee_over_base": float(np.mean([x["max_fee"] / x["base"] for x in r])) if r else 0.0,
    }
