"""One transaction decoded for detection: token flows, swaps, flash loans, votes, call tree."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from eth_abi import decode as abi_decode
from eth_utils import keccak, to_checksum_address

from ..chain.types import Block, CallFrame, Log, Tx, TxReceipt
from .decoders import AbiEvents, Swap, decode_standard

__all__ = ["ETH", "FEATURES", "Swap", "TxView", "decode_tx"]

ETH = "ETH"


def _topic(sig: str) -> bytes:
    return keccak(text=sig)


T_TRANSFER = _topic("Transfer(address,address,uint256)")
T_SWAP = _topic("Swap(address,address,uint256,uint256,uint256,uint256)")
T_FLASH = _topic("FlashLoan(address,address,uint256,uint256)")
T_VOTE = _topic("VoteCast(address,uint256,uint256)")
T_OWNER = _topic("OwnershipTransferred(address,address)")
SEL_ON_FLASH = keccak(text="onFlashLoan(address,address,uint256,uint256,bytes)")[:4]

# Per-transaction features the anomaly model sees, in order.
FEATURES = (
    "failed",
    "log_gas",
    "n_logs",
    "n_transfers",
    "n_tokens",
    "n_swaps",
    "max_price_impact",
    "n_flash",
    "call_depth",
    "n_calls",
    "log_eth_internal",
    "creates",
    "reentries",
    "n_counterparties",
    "max_event_repeat",
)


def _addr(topic: bytes) -> str:
    return to_checksum_address(topic[-20:])


@dataclass
class TxView:
    """A transaction with its receipt, optional trace, and what the detectors read from them."""

    tx: Tx
    receipt: TxReceipt
    block: Block
    trace: CallFrame | None = None
    transfers: list[tuple[str, str, str, int]] = field(default_factory=list)  # token, src, dst, amount
    swaps: list[Swap] = field(default_factory=list)
    flash_loans: list[tuple[str, str, str, int]] = field(default_factory=list)  # lender, receiver, token, amount
    votes: list[tuple[str, str, int, int]] = field(default_factory=list)  # governance, voter, id, weight
    ownership: list[tuple[str, str, str]] = field(default_factory=list)  # contract, previous, new
    eth_moves: list[tuple[str, str, int]] = field(default_factory=list)  # src, dst, wei (from the trace)
    reentries: list[tuple[str, bytes]] = field(default_factory=list)  # (contract, selector) re-entered
    approvals: list[tuple[str, str, str, int]] = field(default_factory=list)  # token, owner, spender, amount
    nft_transfers: list[tuple[str, str, str, int]] = field(default_factory=list)  # token, src, dst, id
    vault_ops: list[tuple[str, str, str, str, int, int]] = field(default_factory=list)  # vault, op, by, owner, a, s
    prices: list[tuple[str, float, str]] = field(default_factory=list)  # contract, price after, spot|share
    reserves: dict[str, tuple[int, int]] = field(default_factory=dict)  # pair -> last Sync in this tx
    lending: list[tuple[str, str, str, str, int]] = field(default_factory=list)  # market, action, who, asset, amt
    governance: list[tuple[str, str, int]] = field(default_factory=list)  # contract, action, proposal id
    admin: list[tuple[str, str, str]] = field(default_factory=list)  # contract, initialized|upgraded|..., detail
    events: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # from a target's own ABI
    frames: list[tuple[int, str, bytes, str]] = field(default_factory=list)  # depth, to, selector, type (trace)
    cross_reentries: list[tuple[str, bytes]] = field(default_factory=list)  # re-entered by another function
    readonly_reads: list[tuple[str, str, bytes]] = field(default_factory=list)  # (mid-update contract, reader, sel)
    call_depth: int = 0
    n_calls: int = 0
    flash_callbacks: int = 0
    event_repeat: int = 0
    _net: dict[str, dict[str, int]] | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.receipt.status

    @property
    def hash(self) -> str:
        return self.tx.hash

    def net_flows(self) -> dict[str, dict[str, int]]:
        """address -> asset -> net amount received in this transaction (ETH from the trace)."""
        if self._net is not None:
            return self._net
        net: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for token, src, dst, amt in self.transfers:
            net[src][token] -= amt
            net[dst][token] += amt
        for src, dst, wei in self.eth_moves:
            net[src][ETH] -= wei
            net[dst][ETH] += wei
        self._net = net
        return net

    @property
    def has_flash_loan(self) -> bool:
        return bool(self.flash_loans) or self.flash_callbacks > 0

    def features(self, impact_of: dict[str, float] | None = None) -> list[float]:
        """The FEATURES vector (price impacts come from the monitor, which knows the pools)."""
        eth_internal = sum(w for s, _, w in self.eth_moves if s != self.tx.sender)
        counterparties = {a for _, s, d, _ in self.transfers for a in (s, d)}
        impacts = impact_of or {}
        return [
            0.0 if self.ok else 1.0,
            math.log1p(self.receipt.gas_used),
            float(len(self.receipt.logs)),
            float(len(self.transfers)),
            float(len({t for t, *_ in self.transfers})),
            float(len(self.swaps)),
            max(impacts.values(), default=0.0),
            float(len(self.flash_loans) + self.flash_callbacks),
            float(self.call_depth),
            float(self.n_calls),
            math.log1p(eth_internal / 1e18),
            1.0 if self.tx.to is None else 0.0,
            float(len(self.reentries)),
            float(len(counterparties)),
            float(self.event_repeat),
        ]


def _walk(view: TxView, frame: CallFrame, depth: int, stack: list[tuple[str, bytes]]) -> None:
    view.n_calls += 1
    view.call_depth = max(view.call_depth, depth)
    if frame.error:
        return  # a failed frame moved nothing
    sel = frame.input[:4]
    view.frames.append((depth, frame.to or "", sel, frame.type))
    if frame.type == "CALL" and frame.value and frame.to:
        view.eth_moves.append((frame.sender, frame.to, frame.value))
    if sel == SEL_ON_FLASH:
        view.flash_callbacks += 1
    key = (frame.to or "", sel)
    if frame.type == "CALL" and len(sel) == 4 and key in stack:
        view.reentries.append(key)
    elif frame.to and frame.sender != frame.to and frame.to != view.tx.to and any(a == frame.to for a, _ in stack[:-1]):
        # (a callback into the transaction's own entry contract is the flash-loan/V3-callback pattern)
        # entered again while an earlier call into it is unfinished, by someone else
        if frame.type == "CALL" and len(sel) == 4:
            view.cross_reentries.append(key)
        elif frame.type == "STATICCALL":
            view.readonly_reads.append((frame.to, frame.sender, sel))
    stack.append(key)
    for child in frame.calls:
        _walk(view, child, depth + 1, stack)
    stack.pop()


def _decode_log(view: TxView, log: Log, abis: AbiEvents | None = None) -> None:
    t = log.topics
    if not t:
        return
    try:
        if t[0] == T_TRANSFER and len(t) == 3 and len(log.data) == 32:
            view.transfers.append((log.address, _addr(t[1]), _addr(t[2]), int.from_bytes(log.data, "big")))
        elif t[0] == T_SWAP and len(t) == 3:
            a_in, a_out, r0, r1 = abi_decode(["uint256"] * 4, log.data)
            view.swaps.append(Swap(log.address, _addr(t[1]), _addr(t[2]), a_in, a_out, r0, r1))
        elif t[0] == T_FLASH and len(t) == 3:
            amount, _fee = abi_decode(["uint256", "uint256"], log.data)
            view.flash_loans.append((log.address, _addr(t[1]), _addr(t[2]), amount))
        elif t[0] == T_VOTE and len(t) == 3:
            view.votes.append(
                (log.address, _addr(t[1]), int.from_bytes(t[2], "big"), int.from_bytes(log.data[:32], "big"))
            )
        elif t[0] == T_OWNER and len(t) == 3:
            view.ownership.append((log.address, _addr(t[1]), _addr(t[2])))
        else:
            decode_standard(view, log, abis)
    except Exception:  # an unknown event that happens to share a topic: ignore it
        return


def decode_tx(
    tx: Tx, receipt: TxReceipt, block: Block, trace: CallFrame | None = None, abis: AbiEvents | None = None
) -> TxView:
    """Decode logs (the sandbox's and standard events, and `abis`: events of watched contracts'
    own ABIs; unknown ones are skipped) and the call tree when there is one."""
    view = TxView(tx, receipt, block, trace)
    repeats: dict[tuple[str, bytes, bytes], int] = defaultdict(int)
    for log in receipt.logs:
        _decode_log(view, log, abis)
        if log.topics:
            repeats[(log.address, log.topics[0], log.topics[1] if len(log.topics) > 1 else b"")] += 1
    view.event_repeat = max(repeats.values(), default=0)
    if trace is not None:
        _walk(view, trace, 1, [])
    elif tx.value and tx.to:
        view.eth_moves.append((tx.sender, tx.to, tx.value))
    return view
