"""Markets resolved by the oracle network: bind a market to a feed or an optimistic oracle, resolve it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eth_utils import keccak, to_checksum_address

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..exceptions import ContractReverted, MarketError, NexusError
from .fixedpoint import INVALID

if TYPE_CHECKING:
    from .client import Market

__all__ = [
    "AGGREGATOR_V3_ABI",
    "FEED_INDEX",
    "FEED_THRESHOLD",
    "KINDS",
    "OPTIMISTIC",
    "RESOLVER",
    "OracleBinding",
    "OracleLink",
    "claim_for",
    "detect_oracle",
    "events_in_chunks",
    "parse_resolver",
]

RESOLVER = "OracleResolver"
FEED_THRESHOLD, FEED_INDEX, OPTIMISTIC = 1, 2, 3
KINDS = {FEED_THRESHOLD: "feed-threshold", FEED_INDEX: "feed-index", OPTIMISTIC: "optimistic"}
ZERO = "0x" + "00" * 20
_STATES = {0: "none", 1: "pending", 2: "disputed", 3: "true", 4: "false"}

# The read side we rely on: AggregatorV3 (any feed) and the optimistic oracle's public getters.
_U = {"type": "uint256", "name": ""}
AGGREGATOR_V3_ABI: list[dict[str, Any]] = [
    {
        "type": "function",
        "name": "decimals",
        "stateMutability": "view",
        "inputs": [],
        "outputs": [{"type": "uint8", "name": ""}],
    },
    *[
        {
            "type": "function",
            "name": fn,
            "stateMutability": "view",
            "inputs": ins,
            "outputs": [
                {"type": "uint80", "name": "roundId"},
                {"type": "int256", "name": "answer"},
                {"type": "uint256", "name": "startedAt"},
                {"type": "uint256", "name": "updatedAt"},
                {"type": "uint80", "name": "answeredInRound"},
            ],
        }
        for fn, ins in (("latestRoundData", []), ("getRoundData", [{"type": "uint80", "name": "round_id"}]))
    ],
]


def parse_resolver(spec: str | None) -> tuple[str, str | None]:
    """`None` / an address / `oracle:<address>` -> ("account", addr|None) or ("oracle", address)."""
    if spec is None:
        return "account", None
    text = spec.strip()
    if text.lower().startswith("oracle:"):
        addr = text[len("oracle:") :].strip()
        if not (addr.startswith("0x") and len(addr) == 42):
            raise MarketError(f"resolver {spec!r}: expected oracle:<0x address of a feed or optimistic oracle>")
        return "oracle", to_checksum_address(addr)
    if not (text.startswith("0x") and len(text) == 42):
        raise MarketError(f"resolver {spec!r} is neither an address nor oracle:<address>")
    return "account", to_checksum_address(text)


def claim_for(market: str) -> bytes:
    """The bytes32 claim an optimistic assertion about `market` carries (value = outcome index)."""
    return keccak(b"nexus.market.outcome" + bytes.fromhex(market[2:]))


def detect_oracle(backend: ChainBackend, address: str, oo_abi: list[dict[str, Any]]) -> int:
    """OPTIMISTIC for an optimistic oracle, FEED_INDEX for an AggregatorV3 feed; else MarketError."""
    if not backend.code(address):
        raise MarketError(f"oracle {address} has no code on this chain")
    try:
        Contract(backend, address, oo_abi).liveness()
        return OPTIMISTIC
    except NexusError:
        pass
    try:
        Contract(backend, address, AGGREGATOR_V3_ABI).decimals()
        return FEED_INDEX
    except NexusError:
        raise MarketError(f"oracle {address} is neither an AggregatorV3 feed nor an optimistic oracle") from None


def events_in_chunks(contract: Contract, name: str, start: int, stop: int, width: int) -> list[Any]:
    """Decoded `name` events in [start, stop], asked in ranges the backend accepts."""
    out: list[Any] = []
    for lo in range(max(start, 0), stop + 1, width):
        out += contract.events(name, from_block=lo, to_block=min(lo + width - 1, stop))
    return out


@dataclass(frozen=True)
class OracleBinding:
    """Which oracle resolves a market, how, and whether it has done so."""

    oracle: str
    kind: int
    threshold: int
    resolved: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "oracle": self.oracle,
            "kind": KINDS[self.kind],
            "threshold": str(self.threshold) if self.kind == FEED_THRESHOLD else None,
            "resolved": self.resolved,
        }


class OracleLink:
    """A market bound to the OracleResolver: its binding, claims, and resolution from the oracle."""

    def __init__(self, market: Market, resolver: Contract, oo_abi: list[dict[str, Any]]) -> None:
        self.market, self.resolver = market, resolver
        self.backend = market.backend
        self._oo_abi = oo_abi
        self.binding  # noqa: B018 - fails here (ContractReverted) when `resolver` is no OracleResolver

    @property
    def binding(self) -> OracleBinding | None:
        """The market's binding as the resolver holds it now (None: created but not bound)."""
        oracle, kind, resolved, threshold = self.resolver.bindings(self.market.address)
        if not int(kind):
            return None
        return OracleBinding(to_checksum_address(oracle), int(kind), int(threshold), bool(resolved))

    @property
    def bound(self) -> OracleBinding:
        if self.binding is None:
            raise MarketError(
                f"market: {self.market.address} is not bound to an oracle yet (its creator"
                " binds it right after creating it)"
            )
        return self.binding

    def oracle(self) -> Contract:
        b = self.bound
        abi = self._oo_abi if b.kind == OPTIMISTIC else AGGREGATOR_V3_ABI
        return Contract(self.backend, b.oracle, abi, "oracle")

    # --- optimistic oracle ---------------------------------------------------------------------
    def claim(self) -> bytes:
        return claim_for(self.market.address)

    def assert_outcome(self, outcome: str | int, bond: int, *, sender: str | None = None) -> int:
        """Assert on the optimistic oracle that `outcome` is the answer, bonding `bond` wei of ether.
        Only assertions made at or after the close time count."""
        if self.bound.kind != OPTIMISTIC:
            raise MarketError("market: its oracle is a feed; nothing to assert (feeds report by themselves)")
        if self.backend.timestamp() < self.market.info.close_time:
            raise MarketError(
                "market: assert the outcome once the market has closed"
                f" (closes at {self.market.info.close_time}, now {self.backend.timestamp()})"
            )
        oo = self.oracle()
        rc = oo.assert_claim(self.claim(), self.market.outcome_index(outcome), value=bond, sender=sender)
        return int(oo.decode(rc)[0].args["assertion_id"])

    def assertions(self) -> list[dict[str, Any]]:
        """Every assertion about this market on its optimistic oracle, oldest first."""
        oo = self.oracle()
        width = getattr(self.backend, "max_log_range", 5000)
        evs = events_in_chunks(oo, "Asserted", self.market.info.block, self.backend.block_number(), width)
        liveness = int(oo.liveness())
        out = []
        for ev in evs:
            raw = ev.args["claim"]
            if (bytes.fromhex(raw[2:]) if isinstance(raw, str) else bytes(raw)) != self.claim():
                continue
            aid = int(ev.args["assertion_id"])
            a = oo.assertions(aid)
            value = int(a[3])
            out.append(
                {
                    "id": aid,
                    "asserter": a[0],
                    "outcome": self._name(value),
                    "bond": int(a[4]),
                    "expires": int(a[5]),
                    "state": _STATES.get(int(a[6]), "?"),
                    "before_close": int(a[5]) - liveness < self.market.info.close_time,
                }
            )
        return out

    def _name(self, value: int) -> str:
        if value == INVALID:
            return "invalid"
        outs = self.market.info.outcomes
        return outs[value] if 0 <= value < len(outs) else f"#{value}"

    def _pick_assertion(self) -> int:
        now = self.backend.timestamp()
        found = self.assertions()
        for a in found:
            if a["before_close"]:
                a["state"] += ", made before the close: ignored"
                continue
            if a["state"] == "pending" and now >= a["expires"]:
                self.oracle().settle(a["id"])  # anyone may settle an undisputed, expired claim
                a["state"] = "true"
            if a["state"] == "true":
                return int(a["id"])
        if not found:
            raise MarketError(
                "market: no assertion about this market on its oracle yet (`nexus market claim` asserts one)"
            )
        states = ", ".join(f"#{a['id']} {a['outcome']}: {a['state']}" for a in found)
        raise MarketError(f"market: no assertion has settled true yet ({states})")

    # --- feeds -----------------------------------------------------------------------------------
    def first_round_after_close(self) -> int:
        """The first feed round updated at or after the market's close time."""
        feed, close = self.oracle(), self.market.info.close_time
        try:
            rid, _, _, updated, _ = feed.latestRoundData()
        except ContractReverted:
            raise MarketError("market: the feed has no round yet") from None
        if int(updated) < close:
            raise MarketError("market: the feed has no round at or after the close time yet")
        rid = int(rid)
        while rid > 1:
            try:
                before = int(feed.getRoundData(rid - 1)[3])
            except ContractReverted:
                break  # no longer kept; the resolver reverts with the feed's reason
            if before < close:
                break
            rid -= 1
        return rid

    # --- resolution ------------------------------------------------------------------------------
    def resolve(self, evidence: int | None = None, *, sender: str | None = None) -> dict[str, Any]:
        """Propose the oracle's outcome to the market (anyone may send it, after the close time).
        `evidence` is the assertion id or feed round; found automatically when omitted."""
        b = self.bound
        if b.resolved:
            raise MarketError(f"market: {self.market.address} was already resolved by its oracle")
        now = self.backend.timestamp()
        if now < self.market.info.close_time:
            raise MarketError(f"market: not closed yet (closes at {self.market.info.close_time}, now {now})")
        if evidence is None:
            evidence = self._pick_assertion() if b.kind == OPTIMISTIC else self.first_round_after_close()
        if evidence < 0:
            raise MarketError(f"market: evidence must be a non-negative id, got {evidence}")
        rc = self.resolver.resolve(self.market.address, evidence, sender=sender)
        ev = next(e for e in self.resolver.decode(rc) if e.name == "OracleResolved")
        out = int(ev.args["outcome"])
        return {
            "outcome": self._name(out),
            "evidence": evidence,
            "kind": KINDS[b.kind],
            "status": self.market.status(),
            "gas_used": rc.gas_used,
        }
