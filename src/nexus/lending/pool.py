"""Client of the CreditPool contract: deploy, post signed scores, deposit, borrow, repay, liquidate, read.

Every write checks locally first (fresh score, collateral, health) so bad input is one clear
LendingError and nothing is sent; a revert the checks missed still surfaces as the contract's message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..contracts.deploy import Deployer
from ..exceptions import ContractReverted, LendingError, LendingInputError, ScoreRejected
from .attest import ScoreAttestation

__all__ = ["POOL", "TOKEN", "CreditPool", "Loan", "WAD"]

POOL, TOKEN, FEED = "CreditPool", "DevCollateral", "SandboxPriceFeed"
WAD = 10**18
MAX_UINT = 2**256 - 1
BPS = 10_000
_FEED_ABI = [
    {
        "type": "function",
        "name": "latest_price",
        "inputs": [],
        "stateMutability": "view",
        "outputs": [{"name": "", "type": "uint256"}],
    }
]


def _b32(v: Any) -> bytes:
    return bytes.fromhex(v.removeprefix("0x")) if isinstance(v, str) else bytes(v)


@dataclass(frozen=True)
class Loan:
    borrower: str
    principal: int
    debt: int
    collateral: int
    rate_bps: int
    cf_bps: int
    health_bps: int | None
    score: int
    score_at: int
    repaid: int
    liquidated: int

    def to_json(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, int) and abs(v) >= 2**53 else v) for k, v in self.__dict__.items()}


class CreditPool:
    """One deployed pool (with its asset token and price feed)."""

    def __init__(self, backend: ChainBackend, pool: Contract, token: Contract) -> None:
        self.backend, self.contract, self.token = backend, pool, token

    @classmethod
    def deploy(
        cls,
        backend: ChainBackend,
        deployer: Deployer,
        *,
        nodes: Sequence[str],
        quorum: int,
        model: bytes,
        max_age: int = 86_400,
        feed: str | None = None,
        price: int = 2_000 * WAD,
        sender: str | None = None,
    ) -> CreditPool:
        """Deploy the pool over NXD; `feed` is an IPriceFeed (the oracle adapter), else a dev feed at `price`."""
        if not 0 < quorum <= len(nodes) <= 16:
            raise LendingInputError("lending: need 1 <= quorum <= nodes <= 16")
        if len(model) != 32:
            raise LendingInputError("lending: model fingerprint is 32 bytes")
        out = deployer.deploy([TOKEN] + ([] if feed else [FEED]), sender=sender, args={FEED: [price]})
        feed_addr = feed or out[FEED].address
        pool = deployer.deploy(
            [POOL],
            sender=sender,
            fresh=False,
            args={POOL: [out[TOKEN].address, feed_addr, list(nodes), quorum, model, max_age]},
        )[POOL]
        return cls(backend, pool, out[TOKEN])

    @classmethod
    def attach(cls, backend: ChainBackend, deployer: Deployer) -> CreditPool:
        got = deployer.attach()
        if POOL not in got:
            raise LendingError("lending: no CreditPool deployed on this chain (run the lending demo or deploy)")
        return cls(backend, got[POOL], got[TOKEN])

    @property
    def address(self) -> str:
        return self.contract.address

    # --- scores ----------------------------------------------------------------------------
    def post_score(self, att: ScoreAttestation, *, sender: str | None = None) -> None:
        """Post a signed score; signatures are sorted by signer as the contract requires."""
        if att.model != _b32(self.contract.model()):
            raise ScoreRejected("score: made with a model the pool has not approved")
        addrs = att.signer_addresses(self.backend.chain_id, self.address)
        order = sorted(range(len(addrs)), key=lambda i: int(addrs[i], 16))
        sorted_att = ScoreAttestation(
            att.borrower, att.score, att.model, att.issued_at, tuple(att.signatures[i] for i in order)
        )
        nodes = [a for a in addrs if self.contract.is_node(a)]
        sorted_att.verify(
            self.backend.chain_id,
            self.address,
            nodes,
            self.contract.quorum(),
            now=self.backend.timestamp(),
            max_age=self.contract.max_score_age(),
        )
        if len(nodes) != len(addrs):
            raise ScoreRejected("score: signed by a key that is not an oracle node")
        self._send("post_score", *sorted_att.call_args(), sender=sender)

    def _send(self, fn: str, *args: Any, sender: str | None = None, value: int = 0) -> Any:
        try:
            return self.contract.transact(fn, *args, sender=sender, value=value)
        except ContractReverted as e:
            raise LendingError(str(e)) from None

    def set_model(self, fingerprint: bytes, *, sender: str | None = None) -> None:
        """Approve a new score model (the owner: governance's timelock once it owns the pool); scores
        made by the old model stop opening loans."""
        if len(fingerprint) != 32:
            raise LendingInputError("lending: model fingerprint is 32 bytes")
        self._send("set_model", fingerprint, sender=sender)

    def transfer_ownership(self, new_owner: str, *, sender: str | None = None) -> None:
        """Hand the pool to `new_owner` (governance's timelock): from then on only a passed, timelocked
        proposal changes its score model."""
        self._send("transfer_ownership", new_owner, sender=sender)

    # --- money -----------------------------------------------------------------------------
    def _approve(self, owner: str, amount: int) -> None:
        if self.token.allowance(owner, self.address) < amount:
            self.token.approve(self.address, MAX_UINT, sender=owner)

    def deposit(self, amount: int, *, sender: str) -> None:
        if amount <= 0:
            raise LendingInputError("lending: amount must be positive")
        if self.token.balanceOf(sender) < amount:
            raise LendingError(f"lending: {sender} holds too little NXD (dev chains: mint from the faucet)")
        self._approve(sender, amount)
        self._send("deposit", amount, sender=sender)

    def max_borrow(self, who: str, collateral: int) -> int:
        score = self.contract.score_of(who)
        cf = self.contract.cf_min_bps() + (self.contract.cf_max_bps() - self.contract.cf_min_bps()) * score // BPS
        return collateral * self.price() // WAD * cf // BPS

    def check_score(self, who: str) -> None:
        at = self.contract.score_at(who)
        if at == 0:
            raise ScoreRejected(f"lending: {who} has no posted score (`nexus lend score {who}`)")
        if _b32(self.contract.score_model(who)) != _b32(self.contract.model()):
            raise ScoreRejected("lending: the score was made by a retired model; get a new one")
        if self.backend.timestamp() - at > self.contract.max_score_age():
            raise ScoreRejected("lending: the score is stale; get a fresh one")
        if self.contract.score_of(who) < self.contract.min_score():
            raise ScoreRejected("lending: score below the pool's minimum")

    def borrow(self, amount: int, collateral: int, *, sender: str) -> Loan:
        if amount <= 0 or collateral <= 0:
            raise LendingInputError("lending: amount and collateral must be positive")
        self.check_score(sender)
        if self.contract.principal(sender):
            raise LendingError("lending: a loan is already open; repay it first")
        cap = self.max_borrow(sender, collateral)
        if amount > cap:
            raise LendingError(f"lending: collateral allows at most {cap / WAD:g} at this score")
        self._send("borrow", amount, sender=sender, value=collateral)
        return self.loan(sender)

    def repay(self, *, sender: str) -> int:
        debt = self.contract.debt_of(sender)
        if not debt:
            raise LendingError(f"lending: {sender} has no open loan")
        debt = debt + debt // 10**6 + 1  # a block may pass before it lands
        self._approve(sender, debt)
        self._send("repay", sender=sender)
        return debt

    def liquidate(self, who: str, *, sender: str) -> dict[str, Any]:
        loan = self.loan(who)
        if not loan.debt:
            raise LendingError(f"lending: {who} has no open loan")
        if loan.health_bps is not None and loan.health_bps >= BPS:
            raise LendingError(f"lending: loan of {who} is healthy ({loan.health_bps / 100:.1f}%)")
        self._approve(sender, loan.debt * 2)
        before = self.backend.balance(sender)
        rc = self._send("liquidate", who, sender=sender)
        return {"borrower": who, "debt": loan.debt, "tx": rc.tx_hash, "balance_before": before}

    # --- reading ---------------------------------------------------------------------------
    def price(self) -> int:
        """Asset units per whole ETH (1e18 scale) from the pool's oracle feed."""
        return int(Contract(self.backend, self.contract.feed(), _FEED_ABI, "feed").latest_price())

    def loan(self, who: str) -> Loan:
        c = self.contract
        debt = c.debt_of(who)
        return Loan(
            who,
            c.principal(who),
            debt,
            c.collateral(who),
            c.rate_of(who),
            c.cf_of(who),
            c.health_bps(who) if debt else None,
            c.score_of(who),
            c.score_at(who),
            c.repaid_count(who),
            c.liquidated_count(who),
        )

    def state(self) -> dict[str, Any]:
        c = self.contract
        return {
            "pool": self.address,
            "asset": self.token.address,
            "cash": str(self.token.balanceOf(self.address)),
            "borrowed": str(c.total_principal()),
            "utilization_bps": c.utilization_bps(),
            "price": str(self.price()),
            "model": "0x" + _b32(c.model()).hex(),
            "owner": c.owner(),
            "quorum": c.quorum(),
            "max_score_age": c.max_score_age(),
        }
