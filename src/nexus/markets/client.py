"""Market service: deploy the factory, create, discover and drive LMSR markets through ChainBackend.

`Markets` (the factory side: setup, create, find, list) lives here; one market's contract, `Market`,
lives in `market.py` and is re-exported from here."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from eth_utils import keccak

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..contracts.deploy import Deployer
from ..exceptions import MarketError, MarketNotFound
from .fixedpoint import WAD
from .handle import MAX_UINT
from .hub import HubMarket, parse_hub_ref
from .hubaccess import HubAccess, check_definition
from .index import MarketIndex, info_from_event
from .info import MarketInfo
from .lmsr import MarketMath
from .market import MARKET, OO, Market, compiled
from .oracle import (
    AGGREGATOR_V3_ABI,
    FEED_INDEX,
    FEED_THRESHOLD,
    OPTIMISTIC,
    RESOLVER,
    detect_oracle,
    parse_resolver,
)

__all__ = ["FACTORY", "MAX_UINT", "TOKEN", "Market", "MarketInfo", "Markets", "blueprint_initcode"]

FACTORY, TOKEN = "MarketFactory", "DevCollateral"
ZERO = "0x" + "00" * 20


def blueprint_initcode(initcode: bytes) -> bytes:
    """ERC-5202 blueprint deployment code for `initcode` (what `create_from_blueprint` expects)."""
    bp = b"\xfe\x71\x00" + initcode
    return b"\x61" + len(bp).to_bytes(2, "big") + b"\x3d\x81\x60\x0a\x3d\x39\xf3" + bp


class Markets(HubAccess):
    """Every market on one chain, found through the factory (registered in the Registry)."""

    def __init__(self, backend: ChainBackend, deployer: Deployer, index_dir: Path | None = None) -> None:
        self.backend = backend
        self.deployer = deployer
        self.index = MarketIndex(backend, index_dir or deployer.deployments_dir.parent / "markets")
        self._factory: Contract | None = None
        self._abi = compiled(MARKET, deployer.cache_dir).abi
        self._token_abi = compiled(TOKEN, deployer.cache_dir).abi

    def setup(self, sender: str | None = None) -> Contract:
        """Deploy (or re-attach) the factory, the dev collateral token and the market blueprint."""
        names = ["Registry", FACTORY, TOKEN]
        contracts = self.deployer.deploy(names, sender=sender)
        factory = contracts[FACTORY]
        if factory.blueprint() == ZERO:
            initcode = compiled(MARKET, self.deployer.cache_dir).bytecode
            rc = self.backend.deploy(blueprint_initcode(initcode), sender=sender)
            factory.set_blueprint(rc.contract_address, sender=factory.owner())
        self._factory = factory
        return factory

    @property
    def factory(self) -> Contract:
        if self._factory is None:
            found = self.deployer.attach().get(FACTORY)
            if found is None or found.blueprint() == ZERO:
                raise MarketNotFound(
                    "no market factory on this chain yet; create a market first (`nexus market create`)"
                )
            self._factory = found
        return self._factory

    def token(self) -> Contract:
        """The dev collateral token (deployed by `setup`)."""
        self.setup()
        return self.deployer.attach()[TOKEN]

    def create(
        self,
        question: str,
        outcomes: Sequence[str],
        funding: int,
        *,
        collateral: str | None = None,
        alpha: int = 0,
        fee_bps: int = 0,
        close_time: int | None = None,
        resolver: str | None = None,
        arbiter: str | None = None,
        dispute_window: int = 3600,
        dispute_bond: int = 0,
        oracle_threshold: Any = None,
        sender: str | None = None,
    ) -> Market:
        """Create and fund a market; the sender pays `funding` (the maker's worst-case loss).

        `resolver` is an account (default: the sender) or `oracle:<address>` of an AggregatorV3 feed
        or an optimistic oracle: the market is then resolved through the OracleResolver contract
        after its close time. For a feed, `oracle_threshold` (in the feed's units, binary markets)
        makes outcome 0 win when the answer is at or above it; without it the answer is the
        outcome index."""
        sender = sender or self.backend.default_account
        kind_of, resolver_addr = parse_resolver(resolver)
        outs = [o.strip() for o in outcomes]
        check_definition(question, outs)
        MarketMath(len(outs), funding, alpha, fee_bps)  # validates like the constructor
        binding = self._oracle_binding(resolver_addr, len(outs), oracle_threshold) if kind_of == "oracle" else None
        if binding is None and oracle_threshold is not None:
            raise MarketError("market: a threshold needs an oracle feed resolver (--resolver oracle:<feed>)")
        factory = self.setup()
        close = close_time if close_time is not None else self.backend.timestamp() + 7 * 86400
        if close <= self.backend.timestamp():
            raise MarketError("market: close time is in the past")
        token = Contract(self.backend, collateral, self._token_abi) if collateral else self.deployer.attach()[TOKEN]
        have = token.balanceOf(sender)
        if have < funding:
            raise MarketError(
                f"market: {sender} holds {have / WAD:g} collateral, funding needs"
                f" {funding / WAD:g} (dev chains: `nexus market faucet`)"
            )
        if token.allowance(sender, factory.address) < funding:
            token.approve(factory.address, MAX_UINT, sender=sender)
        oracle_resolver = self.oracle_resolver(sender) if binding is not None else None
        rc = factory.create_market(
            token.address,
            question,
            outs,
            funding,
            alpha,
            fee_bps,
            close,
            oracle_resolver.address if oracle_resolver else (resolver_addr or sender),
            arbiter or ZERO,
            dispute_window,
            dispute_bond,
            sender=sender,
        )
        ev = next(e for e in factory.decode(rc) if e.name == "MarketCreated")
        if oracle_resolver is not None and binding is not None:
            oracle_resolver.bind(ev.args["market"], *binding, sender=sender)
        made = self.get(ev.args["market"])
        assert isinstance(made, Market)
        return made

    def oracle_resolver(self, sender: str | None = None) -> Contract:
        """The OracleResolver contract (deployed on first use)."""
        return self.deployer.deploy([RESOLVER], sender=sender)[RESOLVER]

    def _oracle_binding(self, oracle: str | None, n: int, threshold: Any) -> tuple[str, int, int]:
        """(oracle, kind, raw threshold) for OracleResolver.bind, checked before anything is sent."""
        assert oracle is not None
        kind = detect_oracle(self.backend, oracle, compiled(OO, self.deployer.cache_dir).abi)
        if kind == OPTIMISTIC:
            if threshold is not None:
                raise MarketError("market: a threshold applies to feeds, not to an optimistic oracle")
            return oracle, OPTIMISTIC, 0
        if threshold is None:
            return oracle, FEED_INDEX, 0
        if n != 2:
            raise MarketError("market: a feed threshold needs a binary market (2 outcomes: above, below)")
        decimals = int(Contract(self.backend, oracle, AGGREGATOR_V3_ABI).decimals())
        try:
            raw = Decimal(str(threshold)) * 10**decimals
        except InvalidOperation:
            raise MarketError(f"market: threshold {threshold!r} is not a number") from None
        if not raw.is_finite() or raw != raw.to_integral_value():
            raise MarketError(f"market: threshold {threshold!r} has more than the feed's {decimals} decimals")
        return oracle, FEED_THRESHOLD, int(raw)

    def count(self) -> int:
        try:
            return int(self.factory.market_count())
        except MarketNotFound:
            return 0

    def get(self, ref: str | int) -> Market | HubMarket:
        """A market by address, by index (creation order, from 0) or `hub:<id>` (a hub market)."""
        hub_id = parse_hub_ref(ref)
        if hub_id is not None:
            hub = self.attached_hub()
            if hub is None:
                raise MarketNotFound("no market hub on this chain yet (`nexus market create --hub`)")
            return hub.get(hub_id)
        factory = self.factory
        if isinstance(ref, int) or str(ref).isdigit():
            if not isinstance(ref, int) and len(ref) > 30:  # int() refuses over 4300 digits anyway
                raise MarketNotFound(f"no market #{ref[:30]}… (there are {self.count()})")
            i = int(ref)
            if not 0 <= i < self.count():
                raise MarketNotFound(f"no market #{i} (there are {self.count()})")
            address = factory.markets(i)
        else:
            address = str(ref)
        is_address = (
            len(address) == 42 and address[:2] == "0x" and all(c in "0123456789abcdefABCDEF" for c in address[2:])
        )
        block = factory.created_block(address) if is_address else 0
        if not block:
            raise MarketNotFound(f"no market at {ref} made by the factory {factory.address}")
        # block.number inside a transaction is the block that holds it (on every backend).
        events = factory.events("MarketCreated", from_block=block, to_block=block)
        ev = next((e for e in events if e.args["market"].lower() == address.lower()), None)
        if ev is None:
            raise MarketNotFound(f"no MarketCreated event for {address} in block {block}")
        return self._market(info_from_event(ev.args, block))

    def _market(self, info: MarketInfo) -> Market:
        return Market(self.backend, info, self._abi, self._token_abi, self.deployer.cache_dir)

    def list(self) -> list[Market | HubMarket]:
        """Every market: the per-market contracts in creation order, then the hub's markets by id.
        The contracts' parameters come from the index cache in the data directory
        (`markets/index-<chain id>.json`); only blocks after its last scan are read."""
        hub = self.attached_hub()
        hubbed: list[Market | HubMarket] = list(hub.markets()) if hub is not None else []
        count = self.count()
        if count == 0:
            return hubbed
        width = int(getattr(self.backend, "max_log_range", 5000))
        found = self.index.markets(self.factory, count, width)
        return [self._market(i) for i in found] + [self.get(i) for i in range(len(found), count)] + hubbed

    def faucet(self, to: str, amount: int) -> int:
        """Mint dev collateral (dev chains only); returns the new balance."""
        token = self.token()
        token.mint(to, amount, sender=to)
        return int(token.balanceOf(to))


def question_hash(question: str, outcomes: Sequence[str]) -> bytes:
    """keccak256(abi_encode(question, outcomes)), as the factory stores it in each market."""
    from eth_abi import encode

    return keccak(encode(["string", "string[]"], [question, list(outcomes)]))
