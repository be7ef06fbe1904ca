"""`DataMarket`: datasets as ERC-721 tokens with a price, escrowed orders, job completion and payouts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eth_abi import encode as abi_encode
from eth_utils import keccak, to_checksum_address

from ..chain.abi import bytes32
from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..chain.types import Event
from ..exceptions import ContractReverted, DataMarketError, DataMarketInputError, DatasetNotFound

__all__ = ["DataMarket", "Dataset", "Order", "b32", "deploy_data_market"]


def b32(value: str | bytes, what: str = "value") -> bytes:
    """32 bytes from bytes, `0x…` hex or a `sha256:…` fingerprint; DataMarketInputError otherwise."""
    return bytes32(value, what, DataMarketInputError)


def _hex(value: Any) -> str:
    return "0x" + (value.hex() if isinstance(value, bytes) else str(value).removeprefix("0x"))


@dataclass(frozen=True)
class Dataset:
    id: int
    owner: str
    fingerprint: str
    lineage: str
    price: int

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "price": str(self.price)}


@dataclass(frozen=True)
class Order:
    id: int
    dataset: int
    buyer: str
    amount: int
    deadline: int
    open: bool

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "amount": str(self.amount)}


def deploy_data_market(
    backend: ChainBackend, *, cache_dir: Path | None = None, sender: str | None = None
) -> DataMarket:
    from ..contracts.deploy import deploy_contract

    return DataMarket(deploy_contract(backend, "DataMarket", cache_dir=cache_dir, sender=sender))


def _call(fn: Any, *args: Any, **kw: Any) -> Any:
    try:
        return fn(*args, **kw)
    except ContractReverted as exc:
        raise DataMarketError(str(exc)) from None


class DataMarket:
    """A handle on one DataMarket contract; writes take `sender` (an unlocked account)."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.backend = contract.backend

    def list_dataset(self, fingerprint: str | bytes, lineage: str | bytes | None, price: int, *, sender: str) -> int:
        if int(price) < 0:
            raise DataMarketInputError("the price is a non-negative amount of wei")
        lin = b32(lineage, "lineage") if lineage else b"\0" * 32
        rc = _call(self.contract.list, b32(fingerprint, "fingerprint"), lin, int(price), sender=sender)
        self.last_receipt = rc
        return int(next(e for e in self.contract.decode(rc) if e.name == "Listed").args["id"])

    def allow(self, dataset: int, algorithm_hash: str | bytes, ok: bool = True, *, sender: str) -> None:
        self._owned(dataset, sender)
        _call(self.contract.allowAlgorithm, int(dataset), b32(algorithm_hash, "algorithm hash"), ok, sender=sender)

    def allowed(self, dataset: int, algorithm_hash: str | bytes) -> bool:
        return bool(self.contract.allowed(int(dataset), b32(algorithm_hash, "algorithm hash")))

    def dataset(self, dataset: int) -> Dataset:
        owner = self.contract.ownerOf(int(dataset))
        if int(owner, 16) == 0:
            raise DatasetNotFound(f"no dataset {dataset}")
        lineage = next(
            (e.args["lineage"] for e in self._events("Listed") if int(e.args["id"]) == int(dataset)), b"\0" * 32
        )
        return Dataset(
            int(dataset),
            to_checksum_address(owner),
            _hex(self.contract.fingerprint(int(dataset))),
            _hex(lineage),
            int(self.contract.price(int(dataset))),
        )

    def datasets(self) -> list[Dataset]:
        return [self.dataset(i) for i in range(1, int(self.contract.count()) + 1)]

    def _owned(self, dataset: int, sender: str) -> Dataset:
        d = self.dataset(dataset)
        if d.owner != to_checksum_address(sender):
            raise DataMarketError(f"dataset {dataset} belongs to {d.owner}, not {sender}")
        return d

    def buy(self, dataset: int, *, sender: str) -> int:
        d = self.dataset(dataset)
        if self.backend.balance(sender) < d.price:
            raise DataMarketInputError(f"{sender} cannot pay {d.price} wei")
        rc = _call(self.contract.buy, int(dataset), sender=sender, value=d.price)
        self.last_receipt = rc
        return int(next(e for e in self.contract.decode(rc) if e.name == "Ordered").args["order"])

    def _events(self, name: str) -> list[Event]:
        head, step = self.backend.block_number(), max(1, self.backend.max_log_range)
        out: list[Event] = []
        for lo in range(0, head + 1, step):
            out.extend(self.contract.events(name, lo, min(head, lo + step - 1)))
        return out

    def order(self, order_id: int) -> Order:
        for e in self._events("Ordered"):
            if int(e.args["order"]) == int(order_id):
                a = e.args
                terms = keccak(
                    abi_encode(
                        ["uint256", "address", "uint256", "uint256"],
                        [int(a["id"]), to_checksum_address(a["buyer"]), int(a["amount"]), int(a["deadline"])],
                    )
                )
                live = _hex(self.contract.orders(int(order_id))).lower() == "0x" + terms.hex()
                return Order(
                    int(order_id),
                    int(a["id"]),
                    to_checksum_address(a["buyer"]),
                    int(a["amount"]),
                    int(a["deadline"]),
                    live,
                )
        raise DatasetNotFound(f"no order {order_id}")

    def orders(self, *, buyer: str | None = None) -> list[Order]:
        ids = [int(e.args["order"]) for e in self._events("Ordered")]
        out = [self.order(i) for i in ids]
        return [o for o in out if buyer is None or o.buyer == to_checksum_address(buyer)]

    def complete(
        self,
        order: Order,
        *,
        algorithm: bytes,
        result: bytes,
        receipt: bytes,
        contributors: dict[str, int],
        sender: str,
    ) -> Any:
        if len(contributors) > 64:
            raise DataMarketInputError("at most 64 contributors per job (aggregate the rest)")
        addrs = sorted(contributors)
        rc = _call(
            self.contract.completeJob,
            order.id,
            order.dataset,
            order.buyer,
            order.amount,
            order.deadline,
            algorithm,
            result,
            receipt,
            addrs,
            [int(contributors[a]) for a in addrs],
            sender=sender,
        )
        self.last_receipt = rc
        return rc

    def refund(self, order_id: int, *, sender: str) -> None:
        o = self.order(order_id)
        _call(self.contract.refund, o.id, o.dataset, o.amount, o.deadline, sender=sender)

    def credit(self, address: str) -> int:
        return int(self.contract.credit(to_checksum_address(address)))

    def withdraw(self, *, sender: str) -> int:
        amount = self.credit(sender)
        if amount == 0:
            raise DataMarketError(f"{sender} has nothing to withdraw")
        _call(self.contract.withdraw, sender=sender)
        return amount

    def jobs(self) -> list[dict[str, Any]]:
        return [
            {
                "order": int(e.args["order"]),
                "dataset": int(e.args["id"]),
                "receipt": _hex(e.args["receipt"]),
                "algorithm": _hex(e.args["algorithm"]),
                "result": _hex(e.args["result"]),
                "rows": int(e.args["rows"]),
                "block": e.block_number,
            }
            for e in self._events("JobCompleted")
        ]
