"""Seeded benign traffic on the sandbox: swaps, lending, liquidations, arbitrage, vaults, votes."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..chain.base import TxRequest
from ..chain.types import TxReceipt
from . import _layout as L
from .deploy import Sandbox
from .senders import sim_addresses

__all__ = ["TrafficSimulator", "sim_addresses"]

MAX = 2**256 - 1


@dataclass
class _User:
    address: str
    collateral: int = 0  # COL posted in the lending pool
    debt: int = 0
    vault_eth: int = 0
    shares: int = 0


@dataclass
class TrafficSimulator:
    """Benign DeFi activity from `accounts` users, reproducible by `seed`.

    Each `step()` sends one transaction (a few percent fail, as real traffic does: slippage,
    over-borrowing, early claims). `run(n, rate=...)` paces them at `rate` tx/s when given.
    """

    sandbox: Sandbox
    seed: int = 0
    accounts: int = 40
    fail_rate: float = 0.01
    users: list[_User] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.backend = self.sandbox.backend
        self.price = 1.0  # external reference price of COL in USD; arbitrage follows it
        self.proposals: list[tuple[int, int]] = []  # (id, created block)

    # --- setup ---------------------------------------------------------------------------
    def setup(self) -> None:
        """Create and fund the users (ether, tokens, approvals); idempotent per simulator."""
        if self.users:
            return
        sb, admin = self.sandbox, self.sandbox.admin
        addrs = sim_addresses(self.seed, self.accounts)
        self.users = [_User(a) for a in addrs]
        gov_each = L.GOV_HOLDERS // self.accounts
        txs: list[TxRequest] = []
        for a in addrs:
            txs.append(TxRequest(a, b"", 50 * L.E18, admin))
            txs += [
                self._req(sb["usd"], "mint", (a, 200_000 * L.E18), admin),
                self._req(sb["col"], "mint", (a, 200_000 * L.E18), admin),
                self._req(sb["gov"], "mint", (a, gov_each), admin),
            ]
            for tok in ("usd", "col"):
                for spender in ("amm", "lending", "sharevault"):
                    txs.append(self._req(sb[tok], "approve", (sb[spender].address, MAX), a))
        self.backend.send_many(txs)

    @staticmethod
    def _req(c, fn: str, args: tuple, sender: str, value: int = 0) -> TxRequest:  # type: ignore[no-untyped-def]
        return TxRequest(c.address, c.abi.encode_call(fn, args), value, sender)

    # --- running -------------------------------------------------------------------------
    def run(self, n: int, *, rate: float | None = None, stop: Callable[[], bool] | None = None) -> list[TxReceipt]:
        """Send `n` benign transactions, optionally paced at `rate` per second."""
        self.setup()
        out = []
        t0 = time.monotonic()
        for i in range(n):
            if stop is not None and stop():
                break
            out.append(self.step())
            if rate:
                delay = t0 + (i + 1) / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        return out

    def iter(self, n: int) -> Iterator[TxReceipt]:
        self.setup()
        for _ in range(n):
            yield self.step()

    def step(self) -> TxReceipt:
        """One benign transaction, chosen at random by weight."""
        actions = self._actions
        fn = self.rng.choices(actions, weights=[w for _, w in self._weights])[0]
        tx = fn()
        if tx is None:
            tx = self._transfer()
        rc = self.backend.send(tx, check=False)
        self.sent.append(rc.tx_hash)
        return rc

    @property
    def _weights(self) -> list[tuple[str, float]]:
        return [
            ("swap", 25),
            ("arb", 6),
            ("liq", 3),
            ("lend", 16),
            ("transfer", 14),
            ("vault", 8),
            ("share", 6),
            ("gov", 5),
            ("claim", 6),
            ("amm_lp", 3),
            ("fail", 100 * self.fail_rate),
        ]

    @property
    def _actions(self) -> list[Callable[[], TxRequest | None]]:
        return [
            self._swap,
            self._arbitrage,
            self._liquidate,
            self._lend,
            self._transfer,
            self._vault,
            self._share,
            self._governance,
            self._claim,
            self._liquidity,
            self._failing,
        ]

    def _user(self) -> _User:
        return self.rng.choice(self.users)

    def _amount(self, lo: float, hi: float) -> int:
        """A log-uniform amount in whole tokens, as 18-decimal units."""
        return int(math.exp(self.rng.uniform(math.log(lo), math.log(hi)))) * L.E18

    # --- actions -------------------------------------------------------------------------
    def _swap(self) -> TxRequest:
        u, sb = self._user(), self.sandbox
        tok = self.rng.choice(("usd", "col"))
        amt = self._amount(50, 8_000)
        quote = sb["amm"].quote(sb[tok].address, amt)
        return self._req(sb["amm"], "swap", (sb[tok].address, amt, quote * 99 // 100), u.address)

    def _arbitrage(self) -> TxRequest | None:
        """The external price moves (mean-reverting walk); an arbitrageur trades the pool to it."""
        sb = self.sandbox
        self.price *= math.exp(self.rng.gauss(0, 0.02) - 0.05 * math.log(self.price))
        r0, r1 = sb["amm"].reserve0(), sb["amm"].reserve1()
        k = r0 * r1
        target0 = int(math.isqrt(int(k / self.price)))
        arb = self.users[0].address
        if target0 < r0:  # COL too cheap in the pool: buy COL with USD
            amt = k // target0 - r1
            tok = sb["usd"]
        else:
            amt = target0 - r0
            tok = sb["col"]
        if amt <= L.E18:
            return None
        return self._req(sb["amm"], "swap", (tok.address, amt, 0), arb)

    def _liquidate(self) -> TxRequest | None:
        sb, liq = self.sandbox, self.users[1].address
        for u in self.rng.sample(self.users, len(self.users)):
            if u.debt and not sb["lending"].healthy(u.address):
                amount = sb["lending"].debt_of(u.address) // 2
                u.debt -= min(u.debt, amount)
                return self._req(sb["lending"], "liquidate", (u.address, amount), liq)
        return None

    def _lend(self) -> TxRequest | None:
        u, sb = self._user(), self.sandbox
        lending = sb["lending"]
        r = self.rng.random()
        if u.collateral == 0 or r < 0.3:
            amt = self._amount(1_000, 20_000)
            u.collateral += amt
            return self._req(lending, "deposit", (amt,), u.address)
        room = lending.max_borrow(u.address)
        if r < 0.65 and room > 10 * L.E18:
            amt = int(room * self.rng.uniform(0.2, 0.75))
            u.debt += amt
            return self._req(lending, "borrow", (amt,), u.address)
        debt = lending.debt_of(u.address)
        if debt:
            amt = debt if self.rng.random() < 0.5 else debt // 2
            u.debt = max(0, u.debt - amt)
            return self._req(lending, "repay", (amt,), u.address)
        amt = u.collateral // 2
        u.collateral -= amt
        return self._req(lending, "withdraw", (amt,), u.address)

    def _transfer(self) -> TxRequest:
        u, v = self.rng.sample(self.users, 2)
        kind = self.rng.choice(("usd", "col", "gov", "eth"))
        if kind == "eth":
            return TxRequest(v.address, b"", int(self.rng.uniform(0.01, 2) * L.E18), u.address)
        amt = self._amount(1, 5_000) if kind != "gov" else self._amount(1, 200)
        return self._req(self.sandbox[kind], "transfer", (v.address, amt), u.address)

    def _vault(self) -> TxRequest:
        u, vault = self._user(), self.sandbox["vault"]
        if u.vault_eth and self.rng.random() < 0.4:
            u.vault_eth = 0
            return self._req(vault, "withdraw", (), u.address)
        amt = int(self.rng.uniform(0.05, 3) * L.E18)
        u.vault_eth += amt
        return self._req(vault, "deposit", (), u.address, amt)

    def _share(self) -> TxRequest:
        u, sv = self._user(), self.sandbox["sharevault"]
        if u.shares and self.rng.random() < 0.4:
            n = max(1, u.shares // 2)
            u.shares -= n
            return self._req(sv, "redeem", (n,), u.address)
        amt = self._amount(1_000, 6_000)
        u.shares += max(0, amt * sv.total_shares() // max(sv.total_assets(), 1))
        return self._req(sv, "deposit", (amt,), u.address)

    def _governance(self) -> TxRequest | None:
        sb, u = self.sandbox, self._user()
        gov = sb["governance"]
        head = self.backend.block_number()
        self.proposals = [p for p in self.proposals if head < p[1] + 200]  # stale ones lapse
        quorum = gov.quorum()
        ready = [p for p in self.proposals if head >= p[1] + 5 and gov.proposals(p[0])[3] >= quorum]
        if ready and self.rng.random() < 0.5:
            pid, _ = ready[0]
            self.proposals.remove(ready[0])
            return self._req(gov, "execute", (pid,), u.address)
        if self.proposals and self.rng.random() < 0.7:
            pid, _ = self.rng.choice(self.proposals)
            if not gov.voted(pid, u.address):
                return self._req(gov, "vote", (pid,), u.address)
            return None
        if len(self.proposals) < 3:
            grant = sb["usd"].abi.encode_call("transfer", (u.address, self._amount(10, 500)))
            pid = gov.next_id()
            self.proposals.append((pid, head + 1))
            return self._req(gov, "propose", (sb["usd"].address, grant), u.address)
        return None

    def _claim(self) -> TxRequest:
        return self._req(self.sandbox["rewards"], "claim", (), self._user().address)

    def _liquidity(self) -> TxRequest:
        u, amm = self._user(), self.sandbox["amm"]
        mine = amm.shares(u.address)
        if mine and self.rng.random() < 0.4:
            return self._req(amm, "remove_liquidity", (mine // 2 or mine,), u.address)
        amt0 = self._amount(100, 5_000)
        amt1 = amt0 * amm.reserve1() // amm.reserve0() + 1
        return self._req(amm, "add_liquidity", (amt0, amt1), u.address)

    def _failing(self) -> TxRequest:
        """An honest mistake that reverts: over-borrowing or a too-tight slippage limit."""
        u, sb = self._user(), self.sandbox
        if self.rng.random() < 0.5:
            return self._req(sb["lending"], "borrow", (10**12 * L.E18,), u.address)
        amt = self._amount(10, 1_000)
        quote = sb["amm"].quote(sb["usd"].address, amt)
        return self._req(sb["amm"], "swap", (sb["usd"].address, amt, quote * 2), u.address)
