# pragma version 0.4.3
"""
@title Nexus credit-scored lending pool
@notice Lenders deposit an ERC-20 (e.g. NXD) for shares; borrowers post native ETH collateral and borrow
        against it. A borrower's collateral factor and rate depend on a credit score the oracle network
        posts: an EIP-712 CreditScore signed by a quorum of distinct registered nodes, made with the model
        fingerprint the owner (governance) approved, and fresh. No loan opens without such a score.
        Rates follow a kinked utilisation curve (Aave / Compound shape) plus a risk premium that falls
        with the score; a loan's rate is fixed when it opens (like Aave's stable mode). A loan whose debt
        exceeds its liquidation threshold may be repaid by anyone, who takes the collateral worth the
        debt plus a bonus; the rest goes back to the borrower.
@dev Prices come from an IPriceFeed (oracle/PriceFeedAdapter in production): asset units per whole ETH,
     scaled 1e18. Basis points everywhere (10000 = 100%). Revert messages start with "credit:".
"""

from ethereum.ercs import IERC20
from ..interfaces import IPriceFeed

event ModelSet:
    model: bytes32
    by: indexed(address)

event OwnershipTransferred:
    previous: indexed(address)
    owner: indexed(address)

event ScorePosted:
    borrower: indexed(address)
    score: uint256
    model: bytes32
    issued_at: uint256

event Borrowed:
    borrower: indexed(address)
    amount: uint256
    collateral: uint256
    rate_bps: uint256
    score: uint256

event Repaid:
    borrower: indexed(address)
    amount: uint256

event Liquidated:
    borrower: indexed(address)
    liquidator: indexed(address)
    debt: uint256
    seized: uint256

BPS: constant(uint256) = 10000
YEAR: constant(uint256) = 365 * 86400
MAX_SIGS: constant(uint256) = 16
SCORE_TYPEHASH: constant(bytes32) = keccak256("CreditScore(address borrower,uint16 score,bytes32 model,uint64 issuedAt)")
DOMAIN_TYPEHASH: constant(bytes32) = keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")

owner: public(address)
asset: public(address)
feed: public(address)
is_node: public(HashMap[address, bool])
quorum: public(uint256)
model: public(bytes32)
max_score_age: public(uint256)
domain: public(bytes32)

# curve: base + slope1 * u / kink below the kink, then slope2 above; premium * (1 - score)
base_bps: public(uint256)
slope1_bps: public(uint256)
slope2_bps: public(uint256)
kink_bps: public(uint256)
premium_bps: public(uint256)
cf_min_bps: public(uint256)
cf_max_bps: public(uint256)
min_score: public(uint256)
liq_buffer_bps: public(uint256)
liq_bonus_bps: public(uint256)

shares: public(HashMap[address, uint256])
total_shares: public(uint256)
total_principal: public(uint256)

score_of: public(HashMap[address, uint256])
score_at: public(HashMap[address, uint256])
score_model: public(HashMap[address, bytes32])

collateral: public(HashMap[address, uint256])
principal: public(HashMap[address, uint256])
rate_of: public(HashMap[address, uint256])
cf_of: public(HashMap[address, uint256])
opened_at: public(HashMap[address, uint256])
repaid_count: public(HashMap[address, uint256])
liquidated_count: public(HashMap[address, uint256])


@deploy
def __init__(asset_: address, feed_: address, nodes: DynArray[address, MAX_SIGS], quorum_: uint256,
             model_: bytes32, max_age: uint256):
    assert quorum_ > 0 and quorum_ <= len(nodes), "credit: bad quorum"
    self.owner = msg.sender
    self.asset = asset_
    self.feed = feed_
    for n: address in nodes:
        self.is_node[n] = True
    self.quorum = quorum_
    self.model = model_
    self.max_score_age = max_age
    self.domain = keccak256(abi_encode(DOMAIN_TYPEHASH, keccak256("NexusCredit"), keccak256("1"), chain.id, self))
    self.base_bps = 200
    self.slope1_bps = 400
    self.slope2_bps = 6000
    self.kink_bps = 8000
    self.premium_bps = 1500
    self.cf_min_bps = 4000
    self.cf_max_bps = 8000
    self.min_score = 3000
    self.liq_buffer_bps = 500
    self.liq_bonus_bps = 500


@external
def set_model(model_: bytes32):
    """
    @notice Approve the score model fingerprint (owner: governance's timelock in production).
    """
    assert msg.sender == self.owner, "credit: not owner"
    self.model = model_
    log ModelSet(model=model_, by=msg.sender)


@external
def transfer_ownership(new_owner: address):
    """
    @notice Hand the pool (the choice of score model) to `new_owner`: governance's timelock.
    """
    assert msg.sender == self.owner, "credit: not owner"
    assert new_owner != empty(address), "credit: zero owner"
    log OwnershipTransferred(previous=self.owner, owner=new_owner)
    self.owner = new_owner


@external
def post_score(borrower: address, score: uint16, model_: bytes32, issued_at: uint64,
               v: DynArray[uint8, MAX_SIGS], r: DynArray[bytes32, MAX_SIGS], s: DynArray[bytes32, MAX_SIGS]):
    """
    @notice Record a score signed by a quorum of oracle nodes (signers in strictly increasing order).
    """
    assert convert(score, uint256) <= BPS, "credit: score out of range"
    assert model_ == self.model, "credit: model not approved"
    t: uint256 = convert(issued_at, uint256)
    assert t <= block.timestamp and block.timestamp - t <= self.max_score_age, "credit: stale score"
    assert t >= self.score_at[borrower], "credit: older than the posted score"
    assert len(v) == len(r) and len(r) == len(s), "credit: signature arrays differ"
    digest: bytes32 = keccak256(concat(b"\x19\x01", self.domain, keccak256(
        abi_encode(SCORE_TYPEHASH, borrower, score, model_, issued_at))))
    last: address = empty(address)
    for i: uint256 in range(len(v), bound=MAX_SIGS):
        signer: address = ecrecover(digest, v[i], r[i], s[i])
        assert self.is_node[signer], "credit: not an oracle node"
        assert convert(signer, uint160) > convert(last, uint160), "credit: signers not sorted"
        last = signer
    assert len(v) >= self.quorum, "credit: below quorum"
    self.score_of[borrower] = convert(score, uint256)
    self.score_at[borrower] = t
    self.score_model[borrower] = model_
    log ScorePosted(borrower=borrower, score=convert(score, uint256), model=model_, issued_at=t)


@view
@internal
def _cash() -> uint256:
    return staticcall IERC20(self.asset).balanceOf(self)


@view
@internal
def _rate(borrowed: uint256, cash: uint256, score: uint256) -> uint256:
    total: uint256 = borrowed + cash
    u: uint256 = 0
    if total > 0:
        u = borrowed * BPS // total
    r: uint256 = self.base_bps
    if u <= self.kink_bps:
        r += self.slope1_bps * u // self.kink_bps
    else:
        r += self.slope1_bps + self.slope2_bps * (u - self.kink_bps) // (BPS - self.kink_bps)
    return r + self.premium_bps * (BPS - score) // BPS


@view
@internal
def _debt(who: address) -> uint256:
    p: uint256 = self.principal[who]
    return p + p * self.rate_of[who] * (block.timestamp - self.opened_at[who]) // (BPS * YEAR)


@view
@internal
def _value(amount_wei: uint256) -> uint256:
    return amount_wei * staticcall IPriceFeed(self.feed).latest_price() // 10**18


@view
@external
def debt_of(who: address) -> uint256:
    return self._debt(who)


@view
@external
def quote_rate(amount: uint256, score: uint256) -> uint256:
    """
    @notice The rate (bps/year) a loan of `amount` would get now at `score`.
    """
    return self._rate(self.total_principal + amount, self._cash() - min(amount, self._cash()), score)


@view
@external
def utilization_bps() -> uint256:
    total: uint256 = self.total_principal + self._cash()
    if total == 0:
        return 0
    return self.total_principal * BPS // total


@view
@external
def health_bps(who: address) -> uint256:
    """
    @notice Liquidation threshold value over debt, in bps (below 10000 = liquidatable).
    """
    d: uint256 = self._debt(who)
    if d == 0:
        return max_value(uint256)
    return self._value(self.collateral[who]) * (self.cf_of[who] + self.liq_buffer_bps) // d


@external
def deposit(amount: uint256):
    assert amount > 0, "credit: zero amount"
    assets: uint256 = self._cash() + self.total_principal
    minted: uint256 = amount
    if self.total_shares > 0:
        minted = amount * self.total_shares // assets
    assert extcall IERC20(self.asset).transferFrom(msg.sender, self, amount, default_return_value=True), "credit: pull failed"
    self.shares[msg.sender] += minted
    self.total_shares += minted


@external
def withdraw(shares_: uint256):
    assert shares_ > 0 and shares_ <= self.shares[msg.sender], "credit: not enough shares"
    amount: uint256 = shares_ * (self._cash() + self.total_principal) // self.total_shares
    assert amount <= self._cash(), "credit: not enough cash"
    self.shares[msg.sender] -= shares_
    self.total_shares -= shares_
    assert extcall IERC20(self.asset).transfer(msg.sender, amount, default_return_value=True), "credit: push failed"


@payable
@external
@nonreentrant
def borrow(amount: uint256):
    """
    @notice Open a loan of `amount` against the ETH sent; needs a fresh score from the approved model.
    """
    assert amount > 0, "credit: zero amount"
    assert self.principal[msg.sender] == 0, "credit: loan already open"
    t: uint256 = self.score_at[msg.sender]
    assert t > 0, "credit: no score"
    assert self.score_model[msg.sender] == self.model, "credit: score from a retired model"
    assert block.timestamp - t <= self.max_score_age, "credit: stale score"
    score: uint256 = self.score_of[msg.sender]
    assert score >= self.min_score, "credit: score below minimum"
    cf: uint256 = self.cf_min_bps + (self.cf_max_bps - self.cf_min_bps) * score // BPS
    assert amount * BPS <= self._value(msg.value) * cf, "credit: under-collateralised"
    cash: uint256 = self._cash()
    assert amount <= cash, "credit: not enough cash"
    rate: uint256 = self._rate(self.total_principal + amount, cash - amount, score)
    self.collateral[msg.sender] = msg.value
    self.principal[msg.sender] = amount
    self.rate_of[msg.sender] = rate
    self.cf_of[msg.sender] = cf
    self.opened_at[msg.sender] = block.timestamp
    self.total_principal += amount
    assert extcall IERC20(self.asset).transfer(msg.sender, amount, default_return_value=True), "credit: push failed"
    log Borrowed(borrower=msg.sender, amount=amount, collateral=msg.value, rate_bps=rate, score=score)


@internal
def _close(who: address):
    self.total_principal -= self.principal[who]
    self.principal[who] = 0
    self.collateral[who] = 0
    self.rate_of[who] = 0
    self.cf_of[who] = 0


@external
@nonreentrant
def repay():
    """
    @notice Repay the whole debt (pulls the asset) and get the collateral back.
    """
    d: uint256 = self._debt(msg.sender)
    assert d > 0, "credit: no loan"
    c: uint256 = self.collateral[msg.sender]
    assert extcall IERC20(self.asset).transferFrom(msg.sender, self, d, default_return_value=True), "credit: pull failed"
    self._close(msg.sender)
    self.repaid_count[msg.sender] += 1
    raw_call(msg.sender, b"", value=c)
    log Repaid(borrower=msg.sender, amount=d)


@external
@nonreentrant
def liquidate(who: address):
    """
    @notice Repay an unhealthy loan; take collateral worth the debt plus the bonus, the rest to the borrower.
    """
    d: uint256 = self._debt(who)
    assert d > 0, "credit: no loan"
    c: uint256 = self.collateral[who]
    assert d * BPS > self._value(c) * (self.cf_of[who] + self.liq_buffer_bps), "credit: loan is healthy"
    price: uint256 = staticcall IPriceFeed(self.feed).latest_price()
    seize: uint256 = min(c, d * (BPS + self.liq_bonus_bps) // BPS * 10**18 // price)
    assert extcall IERC20(self.asset).transferFrom(msg.sender, self, d, default_return_value=True), "credit: pull failed"
    self._close(who)
    self.liquidated_count[who] += 1
    raw_call(msg.sender, b"", value=seize)
    if c > seize:
        raw_call(who, b"", value=c - seize)
    log Liquidated(borrower=who, liquidator=msg.sender, debt=d, seized=seize)
