"""Fee advice as plain data for the CLI, the API and the SDK: reads eth_feeHistory from the chain."""

from __future__ import annotations

from typing import Any

from ..chain.base import ChainBackend
from ..exceptions import ChainError, FeeAdviceError
from .advisor import PERCENTILES, FeeHistory, advise, predict_load

__all__ = ["advise_fees", "fee_history"]

GAS_LIMIT = 30_000_000


def fee_history(chain: ChainBackend, blocks: int = 20) -> FeeHistory:
    """The last `blocks` blocks' fee history: eth_feeHistory over RPC; on the embedded chain (no base fee)
    gas-used ratios from receipts against the 30M gas limit, no tips."""
    plain = getattr(chain, "_plain", None)
    if callable(plain):
        try:
            return FeeHistory.from_rpc(plain("eth_feeHistory", hex(blocks), "latest", list(PERCENTILES)))
        except ChainError:
            pass
    head = chain.block_number()
    first = max(0, head - blocks + 1)
    ratio = [sum(r.gas_used for r in chain.get_block(n).receipts) / GAS_LIMIT for n in range(first, head + 1)]
    return FeeHistory(first, [0] * (len(ratio) + 1), ratio, [[] for _ in ratio])


def advise_fees(chain: ChainBackend, *, within: int, probability: float, blocks: int = 20) -> dict[str, Any]:
    if not 1 <= blocks <= 1024:
        raise FeeAdviceError("history must be 1..1024 blocks")
    hist = fee_history(chain, blocks)
    fallback = 10**9
    a = advise(hist, probability, within, fallback_tip=fallback)
    recent = [
        {
            "block": hist.oldest_block + i,
            "base_fee": hist.base_fees[i],
            "gas_used_ratio": round(r, 4),
            "min_tip": row[0] if row else None,
        }
        for i, (r, row) in enumerate(zip(hist.gas_used_ratio, hist.rewards))
    ]
    return {**a.to_json(), "predicted_load": round(predict_load(hist), 4), "recent": recent}
