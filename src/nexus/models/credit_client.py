"""`LendingClient`: the credit pool's writes and reads for the SDK and the HTTP API, on the same service
functions the CLI calls (`nexus.lending.service`), with scores signed by the oracle network's node keys
and checked against governance's promoted model and the borrower's consent grants (`credit_score`).

    import nexus
    with nexus.connect() as nx:
        desk = nexus.LendingClient(nx)
        desk.deposit("1000", sender=lender, faucet=True)
        desk.score(borrower)                     # signed by a quorum of oracle nodes, posted
        desk.borrow("100", "1", sender=borrower)  # 100 NXD against 1 ETH
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import LendingInputError
from ..lending import service
from . import credit_score

if TYPE_CHECKING:
    from .._client import Nexus
    from ..lending.pool import CreditPool

__all__ = ["NODES", "QUORUM", "LendingClient", "oracle_signers"]

NODES, QUORUM = 4, 3


def oracle_signers(n: int = NODES) -> tuple[list[str], list[Any]]:
    """Addresses and signing callables (`digest -> (parity, r, s)`) of the oracle network's dev node keys."""
    from ..oracle._crypto import dev_node_key

    keys = [dev_node_key(i) for i in range(n)]

    def signer(k: Any) -> Any:
        def sign(digest: bytes) -> tuple[int, int, int]:
            s = k.sign(digest)
            return s.parity, s.r, s.s

        return sign

    return [k.address for k in keys], [signer(k) for k in keys]


class LendingClient:
    """The pool on `nexus`'s chain (deployed on first use, as the CLI does); amounts are decimal strings."""

    def __init__(self, nexus: Nexus) -> None:
        self.nexus = nexus
        self._pool: CreditPool | None = None

    @property
    def pool(self) -> CreditPool:
        if self._pool is None:
            nodes, _ = oracle_signers()
            self._pool = service.ensure_pool(self.nexus, nodes=nodes, quorum=QUORUM, model=service.scorer_fingerprint())
        return self._pool

    def account(self, who: str | None) -> str:
        """An address, a dev account index, or the default account."""
        picked = self.nexus.account(who, LendingInputError)
        return picked if who is None or who.isdigit() else service.checksum(picked)

    # --- writes ----------------------------------------------------------------------------
    def deposit(self, amount: str, *, sender: str | None = None, faucet: bool = False) -> dict[str, Any]:
        who = self.account(sender)
        if faucet:
            self.pool.token.mint(who, service.parse_units(amount), sender=who)
        out = service.deposit(self.pool, amount, sender=who)
        return {**out, "pool": {"deployed": True, **out["pool"]}}

    def borrow(self, amount: str, collateral: str, *, sender: str | None = None) -> dict[str, Any]:
        return service.borrow(self.pool, amount, collateral, sender=self.account(sender))

    def repay(self, *, sender: str | None = None, faucet: bool = False) -> dict[str, Any]:
        who = self.account(sender)
        if faucet:
            self.pool.token.mint(who, max(self.pool.contract.debt_of(who) // 10, 10**18), sender=who)
        return service.repay(self.pool, sender=who)

    def liquidate(self, borrower: str, *, sender: str | None = None) -> dict[str, Any]:
        return service.liquidate(self.pool, self.account(borrower), sender=self.account(sender))

    def score(
        self,
        address: str,
        *,
        fraud_probability: float = 0.0,
        offchain: dict[str, Any] | None = None,
        data: Path | None = None,
        post: bool = True,
        signers: Sequence[Any] | None = None,
    ) -> dict[str, Any]:
        """Score (and by default post) `address`; off-chain features need `data` (german.data) and the
        borrower's consent grant to the pool's DID."""
        who = self.account(address)
        model = None
        if offchain is not None:
            if data is None:
                raise LendingInputError("off-chain features need data (german.data) to fit the off-chain model")
            from ..identity.service import consent_book

            book = consent_book(self.nexus, deploy=False)
            credit_score.consent_check(book, credit_score.grantee_did(self.pool))(who, sorted(offchain))
            model = service.offchain_model(data)
        return credit_score.score(
            self.nexus,
            self.pool,
            who,
            signers=list(signers) if signers is not None else oracle_signers()[1][:QUORUM],
            fraud_probability=fraud_probability,
            model=model,
            offchain=offchain,
            post=post,
        )

    # --- reads -----------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        return {"deployed": True, **service.pool_state(self.pool), "did": credit_score.grantee_did(self.pool)}

    def loan(self, address: str) -> dict[str, Any]:
        return service.loan_of(self.pool, self.account(address))
