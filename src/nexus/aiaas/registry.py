"""`ServiceRegistry`: the AIServices contract from Python (services, channels, disputes, credits)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eth_utils import to_checksum_address

from ..chain.contract import Contract
from ..exceptions import AIServiceInputError, AIServiceNotFound
from ._crypto import ResultReceipt, Voucher, b32, domain_separator, sig_from_hex, sig_tuple

__all__ = ["ChannelInfo", "DisputeInfo", "ServiceInfo", "ServiceRegistry", "deploy_registry"]


def _hex(value: Any) -> str:
    return "0x" + value.hex() if isinstance(value, bytes) else "0x" + str(value).lower().removeprefix("0x")


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    provider: str
    model: str
    schema: str
    price: int
    stake: int
    slash: int
    dispute_window: int
    verifier: str | None
    zk_price: int
    active: bool
    open_disputes: int
    name: str

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), **{k: str(getattr(self, k)) for k in ("price", "stake", "slash", "zk_price")}}


@dataclass(frozen=True)
class ChannelInfo:
    id: int
    client: str
    service: int
    value: int
    nonce: int
    expiry: int
    claimed: int

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "value": str(self.value), "claimed": str(self.claimed)}


@dataclass(frozen=True)
class DisputeInfo:
    id: int
    service: int
    client: str
    request: str
    output: str
    issued_at: int
    bond: int
    opened_at: int
    resolved: bool
    upheld: bool
    decided: str | None
    voters: list[str]

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "bond": str(self.bond)}


def deploy_registry(backend: Any, *, cache_dir: Path | None = None, sender: str | None = None) -> ServiceRegistry:
    """Deploy a fresh AIServices contract (tests, benchmarks; a node keeps it in its manifest)."""
    from ..contracts.deploy import deploy_contract

    return ServiceRegistry(deploy_contract(backend, "AIServices", cache_dir=cache_dir, sender=sender))


class ServiceRegistry:
    """A handle on one AIServices contract; every write takes `sender` (an unlocked account)."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.backend = contract.backend
        self.address = contract.address
        self.domain = domain_separator(self.backend.chain_id, contract.address)

    def _event(self, rc: Any, name: str) -> Any:
        return next(e for e in self.contract.decode(rc) if e.name == name)

    # --- services ---------------------------------------------------------------------------------
    def register(
        self,
        model: str | bytes,
        *,
        price: int,
        stake: int,
        slash: int | None = None,
        dispute_window: int = 3600,
        schema: str | bytes = b"\0" * 32,
        name: str = "",
        sender: str | None = None,
    ) -> int:
        if price <= 0 or stake <= 0:
            raise AIServiceInputError("the price and the stake are positive amounts of wei")
        slash = stake if slash is None else slash
        if not 0 < slash <= stake:
            raise AIServiceInputError("the slash per lost dispute is in (0, stake]")
        if len(name.encode()) > 64 or dispute_window <= 0:
            raise AIServiceInputError("a name is at most 64 bytes and the dispute window is positive")
        rc = self.contract.register(
            b32(model, "model"), b32(schema, "schema"), price, slash, dispute_window, name, sender=sender, value=stake
        )
        return int(self._event(rc, "ServiceRegistered").args["id"])

    def update(self, sid: int, *, price: int, active: bool, sender: str) -> None:
        self.contract.update(self._sid(sid), price, active, sender=sender)

    def set_verifier(self, sid: int, verifier: str, zk_price: int, sender: str) -> None:
        self.contract.setVerifier(self._sid(sid), verifier, zk_price, sender=sender)

    def count(self) -> int:
        return int(self.contract.serviceCount())

    def _sid(self, sid: int) -> int:
        if not 0 <= int(sid) < self.count():
            raise AIServiceNotFound(f"no service {sid}")
        return int(sid)

    def service(self, sid: int) -> ServiceInfo:
        r = self.contract.services(self._sid(sid))
        return ServiceInfo(
            int(sid),
            to_checksum_address(r[0]),
            _hex(r[1]),
            _hex(r[2]),
            int(r[3]),
            int(r[4]),
            int(r[5]),
            int(r[6]),
            None if int(r[7], 16) == 0 else to_checksum_address(r[7]),
            int(r[8]),
            bool(r[9]),
            int(r[10]),
            str(r[11]),
        )

    def services(self) -> list[ServiceInfo]:
        return [self.service(i) for i in range(self.count())]

    # --- channels ---------------------------------------------------------------------------------
    def open_channel(self, sid: int, deposit: int, *, expiry: int, sender: str) -> int:
        if deposit <= 0:
            raise AIServiceInputError("a channel deposit is a positive amount of wei")
        rc = self.contract.openChannel(self._sid(sid), expiry, sender=sender, value=deposit)
        return int(self._event(rc, "ChannelOpened").args["id"])

    def fund(self, cid: int, amount: int, *, expiry: int, sender: str) -> None:
        self.contract.fund(self._cid(cid), expiry, sender=sender, value=amount)

    def _cid(self, cid: int) -> int:
        if not 0 <= int(cid) < int(self.contract.channelCount()):
            raise AIServiceNotFound(f"no channel {cid}")
        return int(cid)

    def channel(self, cid: int) -> ChannelInfo:
        r = self.contract.channels(self._cid(cid))
        return ChannelInfo(int(cid), to_checksum_address(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]))

    def channels(self) -> list[ChannelInfo]:
        return [self.channel(i) for i in range(int(self.contract.channelCount()))]

    def claim(self, voucher: Voucher, sender: str) -> Any:
        """Claim with the client's latest voucher: one transaction, whatever the number of calls."""
        return self.contract.claim(
            self._cid(voucher.channel), voucher.amount, sig_tuple(sig_from_hex(voucher.signature)), sender=sender
        )

    def close_channel(self, cid: int, sender: str) -> int:
        rc = self.contract.closeChannel(self._cid(cid), sender=sender)
        return int(self._event(rc, "ChannelClosed").args["refund"])

    # --- disputes ---------------------------------------------------------------------------------
    def join_verifiers(self, stake: int, sender: str) -> None:
        self.contract.joinVerifiers(sender=sender, value=stake)

    def open_dispute(self, receipt: ResultReceipt, sender: str) -> int:
        sid = self._sid(receipt.service)
        bond = 10 * self.service(sid).price
        rc = self.contract.openDispute(
            sid,
            b32(receipt.request),
            b32(receipt.output),
            receipt.issued_at,
            sig_tuple(sig_from_hex(receipt.signature)),
            sender=sender,
            value=bond,
        )
        return int(self._event(rc, "DisputeOpened").args["id"])

    def vote(self, did: int, output: str | bytes, sender: str) -> None:
        self.contract.vote(self._did(did), b32(output, "output"), sender=sender)

    def _did(self, did: int) -> int:
        if not 0 <= int(did) < int(self.contract.disputeCount()):
            raise AIServiceNotFound(f"no dispute {did}")
        return int(did)

    def dispute(self, did: int) -> DisputeInfo:
        r = self.contract.disputes(self._did(did))
        decided = _hex(r[9])
        return DisputeInfo(
            int(did),
            int(r[0]),
            to_checksum_address(r[1]),
            _hex(r[2]),
            _hex(r[3]),
            int(r[4]),
            int(r[5]),
            int(r[6]),
            bool(r[7]),
            bool(r[8]),
            None if int(decided, 16) == 0 else decided,
            [to_checksum_address(v) for v in self.contract.votes(did)],
        )

    def disputes(self) -> list[DisputeInfo]:
        return [self.dispute(i) for i in range(int(self.contract.disputeCount()))]

    def credit(self, who: str) -> int:
        return int(self.contract.credits(who))

    def withdraw(self, sender: str) -> int:
        amount = self.credit(sender)
        self.contract.withdraw(sender=sender)
        return amount
