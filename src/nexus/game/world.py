"""Client of the game's contracts: GameItems (ERC-1155 with crafting) and GameMarket (escrowed offers).

Every write is sent from the account that acts (an NPC's own account, a player's): the contracts see
that account as msg.sender and hold its items under its address. A revert surfaces as one GameError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_utils import to_checksum_address

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..chain.types import TxReceipt
from ..contracts.deploy import Deployer
from ..exceptions import ContractReverted, GameError
from .rules import ITEM_NAMES, ORE, RECIPE, TOOL, WOOD

__all__ = ["ITEMS", "MARKET", "GameWorld", "Offer"]

ITEMS, MARKET = "GameItems", "GameMarket"
BASE_URI = "nexus://game/items/{id}.json"
ZERO = "0x" + "00" * 20


@dataclass(frozen=True)
class Offer:
    """One market offer (amount 0: taken or cancelled)."""

    oid: int
    seller: str
    buyer: str | None
    item: int
    amount: int
    price: int

    def to_json(self) -> dict[str, Any]:
        return {
            "offer": self.oid,
            "seller": self.seller,
            "buyer": self.buyer,
            "item": ITEM_NAMES.get(self.item, str(self.item)),
            "amount": self.amount,
            "price_wei": str(self.price),
        }


class GameWorld:
    """The deployed items and market of one chain."""

    def __init__(self, backend: ChainBackend, items: Contract, market: Contract) -> None:
        self.backend, self.items, self.market = backend, items, market
        self._approved: set[str] = set()

    @classmethod
    def deploy(cls, backend: ChainBackend, deployer: Deployer, *, sender: str | None = None) -> GameWorld:
        """Deploy both contracts (the sender becomes the game master) and add the TOOL recipe."""
        items = deployer.deploy([ITEMS], sender=sender, args={ITEMS: [BASE_URI]})[ITEMS]
        market = deployer.deploy([MARKET], sender=sender, args={MARKET: [items.address]})[MARKET]
        world = cls(backend, items, market)
        if items.recipeCount() == 0:
            world._send(items, "addRecipe", list(RECIPE), list(RECIPE.values()), TOOL, 1, sender=sender)
        return world

    @classmethod
    def attach(cls, backend: ChainBackend, deployer: Deployer) -> GameWorld:
        got = deployer.attach()
        if ITEMS not in got or MARKET not in got:
            raise GameError("game: not deployed on this chain (`nexus game run` deploys it)")
        return cls(backend, got[ITEMS], got[MARKET])

    @staticmethod
    def deployed(deployer: Deployer) -> bool:
        m = deployer.manifest()
        return m is not None and ITEMS in m.contracts and MARKET in m.contracts

    # --- writes --------------------------------------------------------------------------------
    @staticmethod
    def _send(c: Contract, fn: str, *args: Any, sender: str | None = None, value: int = 0) -> TxReceipt:
        try:
            return c.transact(fn, *args, sender=sender, value=value)
        except ContractReverted as e:
            raise GameError(f"game: {e}") from None

    def mint(self, to: str, amounts: dict[int, int]) -> TxReceipt:
        """The game master gives `to` items (raw materials)."""
        return self._send(self.items, "mintBatch", to, list(amounts), list(amounts.values()), b"", sender=self.master)

    def craft(self, account: str, times: int = 1, recipe: int = 0) -> TxReceipt:
        return self._send(self.items, "craft", recipe, times, sender=account)

    def offer(self, seller: str, item: int, amount: int, price: int, buyer: str | None = None) -> tuple[int, TxReceipt]:
        """Escrow `amount` of `item` at `price` wei each (for `buyer` only, if given); the offer id."""
        if seller not in self._approved:
            if not self.items.isApprovedForAll(seller, self.market.address):
                self._send(self.items, "setApprovalForAll", self.market.address, True, sender=seller)
            self._approved.add(seller)
        rc = self._send(self.market, "list", item, amount, price, buyer or ZERO, sender=seller)
        ev = next(e for e in self.market.decode(rc) if e.name == "Listed")
        return int(ev.args["offer"]), rc

    def buy(self, buyer: str, oid: int, amount: int = 1) -> TxReceipt:
        o = self.get_offer(oid)
        return self._send(self.market, "buy", oid, amount, sender=buyer, value=amount * o.price)

    def cancel(self, seller: str, oid: int) -> TxReceipt:
        return self._send(self.market, "cancel", oid, sender=seller)

    def withdraw(self, account: str) -> tuple[int, TxReceipt | None]:
        """Collect `account`'s credited sales: (wei, receipt), (0, None) when nothing is owed."""
        owed = int(self.market.credit(account))
        if not owed:
            return 0, None
        return owed, self._send(self.market, "withdraw", sender=account)

    # --- reads ---------------------------------------------------------------------------------
    @property
    def master(self) -> str:
        return str(to_checksum_address(self.items.owner()))

    def balances(self, account: str) -> dict[int, int]:
        ids = list(ITEM_NAMES)
        got = self.items.balanceOfBatch([account] * len(ids), ids)
        return dict(zip(ids, (int(x) for x in got)))

    def holdings(self, account: str) -> dict[str, int]:
        return {ITEM_NAMES[i]: n for i, n in self.balances(account).items()}

    def get_offer(self, oid: int) -> Offer:
        seller, buyer, item, amount, price = self.market.offers(oid)
        if int(seller, 16) == 0:
            raise GameError(f"game: no offer {oid}")
        buyer = None if int(buyer, 16) == 0 else to_checksum_address(buyer)
        return Offer(oid, to_checksum_address(seller), buyer, int(item), int(amount), int(price))

    def open_offers(self, limit: int = 50, scan: int = 500) -> list[Offer]:
        """The open offers among the newest `scan`, newest first (none when no game item is in escrow)."""
        out: list[Offer] = []
        if not any(int(self.market.escrow(i)) for i in ITEM_NAMES):  # nothing escrowed: no open offer
            return out
        count = int(self.market.offerCount())
        for oid in range(count - 1, max(count - 1 - scan, -1), -1):
            o = self.get_offer(oid)
            if o.amount:
                out.append(o)
                if len(out) >= limit:
                    break
        return out

    def state(self) -> dict[str, Any]:
        return {
            "items": self.items.address,
            "market": self.market.address,
            "master": self.master,
            "offer_count": int(self.market.offerCount()),
            "supply": {ITEM_NAMES[i]: int(self.items.totalSupply(i)) for i in (WOOD, ORE, TOOL)},
            "escrow": {ITEM_NAMES[i]: int(self.market.escrow(i)) for i in (WOOD, ORE, TOOL)},
        }
