"""One-way payment channels off chain: the client's `Wallet` signs running totals, the provider's
`Till` checks them (signer, nonce, the price paid) and keeps the best voucher per channel to claim.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .._fs import private_dir
from ..exceptions import PaymentError
from ._crypto import Key, Voucher, sig_to_hex

__all__ = ["Till", "Wallet"]


class Wallet:
    """The client side of one channel: `pay(price)` signs the new running total under the nonce."""

    def __init__(
        self, key: Key, domain: bytes, channel: int, *, nonce: int = 0, spent: int = 0, deposit: int | None = None
    ) -> None:
        self.key, self.domain, self.channel = key, domain, channel
        self.nonce, self.spent, self.deposit = nonce, spent, deposit
        self._lock = threading.Lock()

    def pay(self, price: int) -> Voucher:
        with self._lock:
            amount = self.spent + price
            if self.deposit is not None and amount > self.deposit:
                raise PaymentError(f"channel {self.channel}: {amount} wei would exceed the deposit {self.deposit}")
            v = Voucher(self.channel, self.nonce, amount)
            v = Voucher(v.channel, v.nonce, v.amount, sig_to_hex(self.key.sign(v.digest(self.domain))))
            self.spent = amount
            return v

    def claimed(self, new_nonce: int, deposit: int) -> None:
        """After the provider claimed: the running total restarts at 0 under the next nonce."""
        with self._lock:
            self.nonce, self.spent, self.deposit = new_nonce, 0, deposit


class Till:
    """The provider side: accepts a voucher only if it pays at least `price` more than the last one."""

    def __init__(
        self, domain: bytes, path: Path | None = None, *, clock: Callable[[], float] = time.time, margin: int = 60
    ) -> None:
        self.domain, self.path, self.clock, self.margin = domain, path, clock, margin
        self.best: dict[int, Voucher] = {}
        self.channels: dict[int, tuple[str, int, int]] = {}  # id -> (client, nonce, deposit)
        self.expiry: dict[int, int] = {}
        self._lock = threading.Lock()
        if path is not None and path.is_file():
            for d in json.loads(path.read_text()):
                v = Voucher.from_json(d)
                self.best[v.channel] = v

    def watch(self, channel: int, client: str, nonce: int, deposit: int, expiry: int | None = None) -> None:
        """What the chain says of a channel (its client, current nonce, remaining deposit, expiry)."""
        with self._lock:
            self.channels[channel] = (client, nonce, deposit)
            if expiry is not None:
                self.expiry[channel] = expiry
            old = self.best.get(channel)
            if old is not None and old.nonce != nonce:
                del self.best[channel]

    def accept(self, v: Voucher, price: int) -> int:
        """Check a voucher paying for one call of `price`; returns the amount now owed on the channel."""
        known = self.channels.get(v.channel)
        if known is None:
            raise PaymentError(f"channel {v.channel} is not open to this service")
        client, nonce, deposit = known
        if channel_expiry := self.expiry.get(v.channel):
            if self.clock() > channel_expiry - self.margin:  # the client could take it all back before a claim
                raise PaymentError(f"channel {v.channel} expires too soon to be claimed; fund it or open another")
        if v.nonce != nonce:
            raise PaymentError(f"channel {v.channel}: voucher nonce {v.nonce}, the channel is at {nonce}")
        if v.amount > deposit:
            raise PaymentError(f"channel {v.channel}: {v.amount} wei exceeds the deposit left ({deposit})")
        if v.signer(self.domain) != client:
            raise PaymentError(f"channel {v.channel}: voucher not signed by the channel's client")
        with self._lock:
            prev = self.best.get(v.channel)
            paid = 0 if prev is None else prev.amount
            if v.amount - paid < price:
                raise PaymentError(f"channel {v.channel}: voucher pays {v.amount - paid} wei, the price is {price}")
            self.best[v.channel] = v
            return v.amount

    def save(self) -> None:
        if self.path is None:
            return
        with self._lock:
            data = [v.to_json() for v in self.best.values()]
        private_dir(self.path.parent)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1))
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
