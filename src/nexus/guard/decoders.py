"""Standard event decoders: ERC-20/721, ERC-4626, Uniswap-V2 pairs and V3 pools, Compound- and
Aave-style lending, governors and timelocks, proxies; plus events from a target's own ABI.

Each decoder matches on topic0 and the number of indexed topics (so two standards that share an
event name never collide) and appends plain tuples to the TxView's lists. Unknown logs are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from eth_abi import decode as abi_decode
from eth_utils import keccak, to_checksum_address

from ..chain.types import Log

__all__ = ["AbiEvents", "Swap", "abi_events", "decode_standard"]

TxView = Any  # the decoders fill a txview.TxView (typed loosely here: txview imports this module)


@dataclass(frozen=True)
class Swap:
    """A swap: who, which pool, what in, what out, and the reserves after (0 when the event does not
    say, as for concentrated-liquidity pools). `zero_in`: token0 went in, when the event says so."""

    amm: str
    trader: str
    token_in: str
    amount_in: int
    amount_out: int
    reserve0: int
    reserve1: int
    zero_in: bool | None = None


Q96 = 2**96


def _t(sig: str) -> bytes:
    return keccak(text=sig)


def _a(topic: bytes) -> str:
    return str(to_checksum_address(topic[-20:]))


def _u(topic: bytes) -> int:
    return int.from_bytes(topic, "big")


def _words(data: bytes, types: list[str]) -> tuple[Any, ...]:
    return tuple(abi_decode(types, data))


# --- the decoders: (view, log) -> None ---------------------------------------------------------
def _erc20_approval(v: TxView, lg: Log) -> None:
    v.approvals.append((lg.address, _a(lg.topics[1]), _a(lg.topics[2]), _u(lg.data[:32])))


def _erc721_transfer(v: TxView, lg: Log) -> None:
    v.nft_transfers.append((lg.address, _a(lg.topics[1]), _a(lg.topics[2]), _u(lg.topics[3])))


def _v4626_deposit(v: TxView, lg: Log) -> None:
    assets, shares = _words(lg.data, ["uint256", "uint256"])
    v.vault_ops.append((lg.address, "deposit", _a(lg.topics[1]), _a(lg.topics[2]), assets, shares))
    if shares:
        v.prices.append((lg.address, assets / shares, "share"))


def _v4626_withdraw(v: TxView, lg: Log) -> None:
    assets, shares = _words(lg.data, ["uint256", "uint256"])
    v.vault_ops.append((lg.address, "withdraw", _a(lg.topics[2]), _a(lg.topics[3]), assets, shares))
    if shares:
        v.prices.append((lg.address, assets / shares, "share"))


def _v2_sync(v: TxView, lg: Log) -> None:
    r0, r1 = _words(lg.data, ["uint112", "uint112"])
    v.reserves[lg.address] = (r0, r1)
    if r0:
        v.prices.append((lg.address, r1 / r0, "spot"))


def _v2_swap(v: TxView, lg: Log) -> None:
    a0_in, a1_in, a0_out, a1_out = _words(lg.data, ["uint256"] * 4)
    r0, r1 = v.reserves.get(lg.address, (0, 0))  # the pair emits Sync just before Swap
    zero_in = a0_in >= a1_in
    v.swaps.append(
        Swap(
            lg.address,
            _a(lg.topics[2]),
            "token0" if zero_in else "token1",
            a0_in if zero_in else a1_in,
            a1_out if zero_in else a0_out,
            r0,
            r1,
            zero_in,
        )
    )


def _v3_swap(v: TxView, lg: Log) -> None:
    a0, a1, sqrt_p, _liq, _tick = _words(lg.data, ["int256", "int256", "uint160", "uint128", "int24"])
    v.prices.append((lg.address, (sqrt_p / Q96) ** 2, "spot"))
    zero_in = a0 > 0
    v.swaps.append(
        Swap(
            lg.address,
            _a(lg.topics[2]),
            "token0" if zero_in else "token1",
            abs(a0) if zero_in else abs(a1),
            abs(a1) if zero_in else abs(a0),
            0,
            0,
            zero_in,
        )
    )


def _lending(
    action: str,
    types: list[str],
    account: int,
    amount: int,
    asset_topic: int | None = None,
    account_topic: int | None = None,
) -> Callable[[TxView, Log], None]:
    """Compound (all fields in data) and Aave (reserve and users indexed) lending events."""

    def dec(v: TxView, lg: Log) -> None:
        vals = _words(lg.data, types) if types else ()
        who = _a(lg.topics[account_topic]) if account_topic is not None else str(to_checksum_address(vals[account]))
        asset = _a(lg.topics[asset_topic]) if asset_topic is not None else lg.address
        v.lending.append((lg.address, action, who, asset, int(vals[amount])))

    return dec


def _gov(action: str, id_from: str) -> Callable[[TxView, Log], None]:
    def dec(v: TxView, lg: Log) -> None:
        pid = _u(lg.topics[1]) if id_from == "topic" else _u(lg.data[:32])
        v.governance.append((lg.address, action, pid))

    return dec


def _admin(action: str) -> Callable[[TxView, Log], None]:
    def dec(v: TxView, lg: Log) -> None:
        detail = (
            _a(lg.topics[1])
            if len(lg.topics) > 1
            else (_a(lg.data[32:64]) if action == "admin-changed" and len(lg.data) >= 64 else str(_u(lg.data[:32])))
        )
        v.admin.append((lg.address, action, detail))

    return dec


def _gov_vote(v: TxView, lg: Log) -> None:
    pid, _support, weight = _words(lg.data[:96], ["uint256", "uint8", "uint256"])
    v.votes.append((lg.address, _a(lg.topics[1]), pid, weight))
    v.governance.append((lg.address, "vote", pid))


# topic0 -> {number of topics: decoder}
DECODERS: dict[bytes, dict[int, Callable[[TxView, Log], None]]] = {
    _t("Approval(address,address,uint256)"): {3: _erc20_approval},
    _t("Transfer(address,address,uint256)"): {4: _erc721_transfer},
    _t("Deposit(address,address,uint256,uint256)"): {3: _v4626_deposit},
    _t("Withdraw(address,address,address,uint256,uint256)"): {4: _v4626_withdraw},
    _t("Sync(uint112,uint112)"): {1: _v2_sync},
    _t("Swap(address,uint256,uint256,uint256,uint256,address)"): {3: _v2_swap},
    _t("Swap(address,address,int256,int256,uint160,uint128,int24)"): {3: _v3_swap},
    # Compound v2 cTokens
    _t("Mint(address,uint256,uint256)"): {1: _lending("supply", ["address", "uint256", "uint256"], 0, 1)},
    _t("Redeem(address,uint256,uint256)"): {1: _lending("withdraw", ["address", "uint256", "uint256"], 0, 1)},
    _t("Borrow(address,uint256,uint256,uint256)"): {
        1: _lending("borrow", ["address", "uint256", "uint256", "uint256"], 0, 1)
    },
    _t("RepayBorrow(address,address,uint256,uint256,uint256)"): {
        1: _lending("repay", ["address", "address", "uint256", "uint256", "uint256"], 1, 2)
    },
    _t("LiquidateBorrow(address,address,uint256,address,uint256)"): {
        1: _lending("liquidate", ["address", "address", "uint256", "address", "uint256"], 1, 2)
    },
    # Aave v3 pool
    _t("Supply(address,address,address,uint256,uint16)"): {
        4: _lending("supply", ["address", "uint256"], 0, 1, asset_topic=1)
    },
    _t("Withdraw(address,address,address,uint256)"): {
        4: _lending("withdraw", ["uint256"], 0, 0, asset_topic=1, account_topic=2)
    },
    _t("Borrow(address,address,address,uint256,uint8,uint256,uint16)"): {
        4: _lending("borrow", ["address", "uint256", "uint8", "uint256"], 0, 1, asset_topic=1)
    },
    _t("Repay(address,address,address,uint256,bool)"): {
        4: _lending("repay", ["uint256", "bool"], 0, 0, asset_topic=1, account_topic=2)
    },
    # governors (OpenZeppelin / Compound Bravo) and timelocks
    _t("ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)"): {
        1: _gov("created", "data")
    },
    _t("VoteCast(address,uint256,uint8,uint256,string)"): {2: _gov_vote},
    _t("ProposalQueued(uint256,uint256)"): {1: _gov("queued", "data")},
    _t("ProposalExecuted(uint256)"): {1: _gov("executed", "data")},
    _t("ProposalExecuted(uint256,address)"): {2: _gov("executed", "topic")},  # the sandbox's governance
    _t("ProposalCanceled(uint256)"): {1: _gov("canceled", "data")},
    _t("CallScheduled(bytes32,uint256,address,uint256,bytes,bytes32,uint256)"): {3: _gov("queued", "topic")},
    _t("CallExecuted(bytes32,uint256,address,uint256,bytes)"): {3: _gov("executed", "topic")},
    _t("QueueTransaction(bytes32,address,uint256,string,bytes,uint256)"): {3: _gov("queued", "topic")},
    _t("ExecuteTransaction(bytes32,address,uint256,string,bytes,uint256)"): {3: _gov("executed", "topic")},
    # proxies and initialisers
    _t("Initialized(uint8)"): {1: _admin("initialized")},
    _t("Initialized(uint64)"): {1: _admin("initialized")},
    _t("Upgraded(address)"): {2: _admin("upgraded")},
    _t("AdminChanged(address,address)"): {1: _admin("admin-changed")},
}


def decode_standard(view: TxView, log: Log, abis: AbiEvents | None = None) -> bool:
    """Decode `log` by the standard table, else by its contract's own ABI; False if unknown."""
    dec = DECODERS.get(log.topics[0], {}).get(len(log.topics))
    if dec is not None:
        try:
            dec(view, log)
            return True
        except Exception:  # malformed data under a standard topic: not that event after all
            return False
    if abis:
        ev = abis.get((log.address, log.topics[0]))
        if ev is not None:
            try:
                view.events.append((log.address, ev[0], ev[1](log)))
                return True
            except Exception:
                return False
    return False


AbiEvents = dict[tuple[str, bytes], tuple[str, Callable[[Log], dict[str, Any]]]]


def abi_events(targets: Iterable[tuple[str, Iterable[str]]]) -> AbiEvents:
    """(address, event ABI entries as JSON) pairs -> a decoder table for `decode_standard`."""
    out: AbiEvents = {}
    for address, entries in targets:
        for raw in entries:
            e = json.loads(raw)
            inputs = e.get("inputs", [])
            sig = f"{e['name']}({','.join(i['type'] for i in inputs)})"
            out[(address, _t(sig))] = (e["name"], _abi_decoder(inputs))
    return out


def _abi_decoder(inputs: list[dict[str, Any]]) -> Callable[[Log], dict[str, Any]]:
    indexed = [i for i in inputs if i.get("indexed")]
    plain = [i for i in inputs if not i.get("indexed")]

    def dec(lg: Log) -> dict[str, Any]:
        args: dict[str, Any] = {}
        for i, topic in zip(indexed, lg.topics[1:]):
            args[i.get("name", "")] = _a(topic) if i["type"] == "address" else _u(topic)
        for i, val in zip(plain, abi_decode([p["type"] for p in plain], lg.data)):
            args[i.get("name", "")] = val
        return args

    return dec
