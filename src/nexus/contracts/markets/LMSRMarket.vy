# pragma version 0.4.3
"""
@title LMSR prediction market (fixed or adaptive liquidity)
@notice A categorical market with 2-16 outcomes and Hanson's logarithmic market scoring rule as
        its automated market maker, paid in an ERC-20 collateral. One share of the winning outcome
        redeems for one unit of collateral; an invalid market pays 1/n per share of any outcome.
@dev Two liquidity modes, chosen at creation:
     - alpha == 0, classic LMSR: b = funding / ln(n), so the maker's worst-case loss is the
       funding (C(q) >= max_i q_i and C(0) = b ln n).
     - alpha > 0, LS-LMSR (Othman et al. 2013): b(q) = alpha * sum_i q_i over q = x0 + outstanding,
       with a phantom seed x0 per outcome. Worst-case loss = C(x0 1) - x0 = alpha n x0 ln n, so
       x0 = funding / (alpha n ln n) makes the loss bound equal the funding. Prices then sum to
       between 1 and 1 + alpha n ln n (the market's vig); liquidity grows with volume.
     Trades cost C(q') - C(q) + margin and sell for C(q) - C(q') - margin, where the margin (a few
     wei) exceeds twice the fixed-point error, so every trade is rounded in the maker's favour.
     Deploy through MarketFactory, which moves the funding in within the creating transaction.
     Creation copies this whole contract from an ERC-5202 blueprint (about 3.05M gas). An EIP-1167
     minimal proxy with an initializer would cost about 63k to deploy, but every trade would pay the
     DELEGATECALL hop (2,684 gas measured) plus at least two cold SLOADs for the config that now
     lives in code as immutables (collateral, n, fee, close time, alpha, b0/x0: over 256 bits):
     about 85.3k for a 2-outcome buy of a new position against the 80k goal (78.4k here), measured
     by benchmarks/bench_markets.py. Trades outnumber creations, so the blueprint stays.
     A resolver may be an account or a contract, e.g. OracleResolver (oracle network).
     Revert messages are prefixed with "market:".
"""

from ethereum.ercs import IERC20
from ..interfaces import IPredictionMarket
from . import lmsr_math

implements: IPredictionMarket

MAX_OUTCOMES: constant(uint256) = 16
P: constant(uint256) = 10**27
WAD: constant(uint256) = 10**18
LO: constant(uint256) = 2**128 - 1
HI: constant(uint256) = (2**128 - 1) * 2**128
SENTINEL: constant(uint256) = 2**255   # keeps each packed word non-zero (cheaper first trade)
Q_MASK: constant(uint256) = 2**121 - 1    # a quantity field (values <= MAX_Q = 2**120)
HALTED: constant(uint256) = 2**254     # set in word 0 once an outcome is proposed
MAX_Q: constant(uint256) = 2**120       # cap on any quantity, keeps the maths far from overflow
MAX_FEE_BPS: constant(uint256) = 1000   # 10 %
INVALID: constant(uint256) = 255        # outcome code of an invalid (unresolvable) market
RESOLVE_TIMEOUT: constant(uint256) = 30 * 86400
MARGIN_BASE: constant(uint256) = 4
MARGIN_DIV: constant(uint256) = 10**24  # margin = MARGIN_BASE + b * (n + 1) / MARGIN_DIV

# status codes
OPEN: constant(uint256) = 0
PROPOSED: constant(uint256) = 1
DISPUTED: constant(uint256) = 2
FINAL: constant(uint256) = 3

event Buy:
    trader: indexed(address)
    outcome: indexed(uint256)
    shares: uint256
    cost: uint256
    fee: uint256

event Sell:
    trader: indexed(address)
    outcome: indexed(uint256)
    shares: uint256
    proceeds: uint256
    fee: uint256

event SharesTransferred:
    sender: indexed(address)
    receiver: indexed(address)
    outcome: indexed(uint256)
    shares: uint256

event Proposed:
    resolver: indexed(address)
    outcome: uint256

event Disputed:
    disputer: indexed(address)
    bond: uint256

event Resolved:
    outcome: uint256
    by: indexed(address)

event Redeemed:
    holder: indexed(address)
    payout: uint256

event SurplusWithdrawn:
    creator: indexed(address)
    amount: uint256

COLLATERAL: public(immutable(address))
CREATOR: public(immutable(address))
RESOLVER: public(immutable(address))
ARBITER: public(immutable(address))
QUESTION_HASH: public(immutable(bytes32))
N: public(immutable(uint256))
FUNDING: public(immutable(uint256))
ALPHA: public(immutable(uint256))
B0: public(immutable(uint256))           # b of the classic mode (0 in adaptive mode)
X0: public(immutable(uint256))           # phantom seed per outcome (0 in classic mode)
C0: public(immutable(uint256))           # C(q0) at creation
FEE_BPS: public(immutable(uint256))
CLOSE_TIME: public(immutable(uint256))
DISPUTE_WINDOW: public(immutable(uint256))
DISPUTE_BOND: public(immutable(uint256))

_q: HashMap[uint256, uint256]           # outstanding shares, two uint128 per word
balanceOf: public(HashMap[address, HashMap[uint256, uint256]])
status: public(uint256)
outcome: public(uint256)
proposed_outcome: public(uint256)
proposed_at: public(uint256)
disputer: public(address)


@deploy
def __init__(collateral: address, creator: address, resolver: address, arbiter: address,
             question_hash: bytes32, n: uint256, funding: uint256, alpha: uint256,
             fee_bps: uint256, close_time: uint256, dispute_window: uint256,
             dispute_bond: uint256):
    """
    @notice Set up a market; the caller (MarketFactory) must transfer `funding` in at once.
    @param alpha 0 for classic LMSR; else the LS-LMSR spread in WAD (0 < alpha <= 1e18).
    """
    assert n >= 2 and n <= MAX_OUTCOMES, "market: outcomes must be 2-16"
    assert funding >= 10**6 and funding <= MAX_Q // 16, "market: bad funding"
    assert fee_bps <= MAX_FEE_BPS, "market: fee too high"
    assert alpha <= WAD, "market: alpha too high"
    assert close_time > block.timestamp, "market: close time passed"
    assert collateral != empty(address) and resolver != empty(address), "market: zero address"
    assert arbiter != empty(address), "market: zero address"
    COLLATERAL = collateral
    CREATOR = creator
    RESOLVER = resolver
    ARBITER = arbiter
    QUESTION_HASH = question_hash
    N = n
    FUNDING = funding
    ALPHA = alpha
    FEE_BPS = fee_bps
    CLOSE_TIME = close_time
    DISPUTE_WINDOW = dispute_window
    DISPUTE_BOND = dispute_bond
    ln_n: uint256 = lmsr_math.ln(n * P)
    b0: uint256 = 0
    x0: uint256 = 0
    b: uint256 = 0
    if alpha == 0:
        b0 = funding * P // ln_n
        b = b0
    else:
        x0 = funding * WAD * P // (alpha * n * ln_n)
        assert x0 > 0 and x0 <= MAX_Q // 16, "market: bad alpha"
        b = alpha * n * x0 // WAD
    c0: uint256 = x0 + b * ln_n // P  # all n terms equal the max: sum = n P exactly
    assert b > 0 and c0 <= funding + x0, "market: funding below loss bound"
    B0 = b0
    X0 = x0
    C0 = c0
    for k: uint256 in range((n + 1) // 2, bound=MAX_OUTCOMES // 2):
        self._q[k] = SENTINEL


# --- internals ------------------------------------------------------------------------------
@internal
def _store(i: uint256, qi: uint256):
    """Write outstanding shares of outcome i, given its effective quantity qi (>= X0)."""
    key: uint256 = i >> 1
    word: uint256 = self._q[key]
    value: uint256 = qi - X0
    if i & 1 == 0:
        self._q[key] = (word & HI) | value
    else:
        self._q[key] = (word & (LO | SENTINEL | HALTED)) | (value << 128)


@internal
@view
def _get(i: uint256) -> uint256:
    """Effective quantity (outstanding + X0) of outcome i."""
    word: uint256 = self._q[i >> 1]
    if i & 1 == 0:
        return unsafe_add(word & LO, X0)
    return unsafe_add((word >> 128) & Q_MASK, X0)


@internal
@view
def _cost_at(i: uint256, qi: uint256) -> (uint256, uint256):
    """
    @dev C(q) and b(q) for the stored state with outcome i's effective quantity replaced by qi
         (i >= N: the stored state). Same operations as lmsr_math.cost, over a local array.
    """
    q: uint256[MAX_OUTCOMES] = empty(uint256[MAX_OUTCOMES])
    word: uint256 = 0
    m: uint256 = 0
    total: uint256 = 0
    for j: uint256 in range(N, bound=MAX_OUTCOMES):
        v: uint256 = 0
        if j & 1 == 0:
            word = self._q[j >> 1]
            v = unsafe_add(word & LO, X0)
        else:
            v = unsafe_add((word >> 128) & Q_MASK, X0)
        if j == i:
            v = qi
        q[j] = v
        m = max(m, v)
        total = unsafe_add(total, v)
    b: uint256 = B0
    if ALPHA != 0:
        b = ALPHA * total // WAD
    s: uint256 = 0
    for j: uint256 in range(N, bound=MAX_OUTCOMES):
        v: uint256 = q[j]
        if v == m:
            s = unsafe_add(s, P)
        else:
            s = unsafe_add(s, lmsr_math.exp_neg(unsafe_div(unsafe_mul(unsafe_sub(m, v), P), b)))
    return m + unsafe_div(unsafe_mul(b, lmsr_math.ln(s)), P), b


@internal
@view
def _margin(b: uint256) -> uint256:
    return MARGIN_BASE + b * (N + 1) // MARGIN_DIV


@internal
@view
def _fee(amount: uint256) -> uint256:
    return (amount * FEE_BPS + 9999) // 10000


@internal
@view
def _buy_cost(i: uint256, shares: uint256) -> (uint256, uint256):
    """Cost before fee of `shares` of outcome i now, and outcome i's new effective quantity."""
    assert i < N, "market: bad outcome"
    assert shares > 0, "market: zero shares"
    qi: uint256 = self._get(i) + shares
    assert qi <= MAX_Q, "market: too many shares"
    before: uint256 = 0
    b: uint256 = 0
    after: uint256 = 0
    before, b = self._cost_at(N, 0)
    after, b = self._cost_at(i, qi)
    return after - before + self._margin(b), qi


@internal
@view
def _sell_proceeds(i: uint256, shares: uint256) -> (uint256, uint256):
    """Proceeds before fee of selling `shares` of outcome i now, and i's new effective quantity."""
    assert i < N, "market: bad outcome"
    assert shares > 0, "market: zero shares"
    qi: uint256 = self._get(i)
    assert qi >= shares + X0, "market: not enough shares outstanding"
    before: uint256 = 0
    b: uint256 = 0
    after: uint256 = 0
    b_after: uint256 = 0
    before, b = self._cost_at(N, 0)
    after, b_after = self._cost_at(i, qi - shares)
    gross: uint256 = before - after
    margin: uint256 = self._margin(b)
    if gross <= margin:
        return 0, qi - shares
    return gross - margin, qi - shares


@internal
def _pay(to: address, amount: uint256):
    if amount > 0:
        assert extcall IERC20(COLLATERAL).transfer(to, amount, default_return_value=True), \
            "market: transfer failed"


@internal
def _pull(sender: address, amount: uint256):
    if amount > 0:
        assert extcall IERC20(COLLATERAL).transferFrom(sender, self, amount, default_return_value=True), \
            "market: transfer failed"


# --- trading --------------------------------------------------------------------------------
@external
@nonreentrant
def buy(outcome: uint256, shares: uint256, max_cost: uint256) -> uint256:
    """
    @notice Buy `shares` of `outcome`, paying at most `max_cost` collateral (fee included).
    @dev The caller must have approved this market for the collateral.
    @return The collateral paid, fee included.
    """
    assert block.timestamp < CLOSE_TIME, "market: closed"
    assert self._q[0] & HALTED == 0, "market: closed"
    cost: uint256 = 0
    qi: uint256 = 0
    cost, qi = self._buy_cost(outcome, shares)
    fee: uint256 = self._fee(cost)
    total: uint256 = cost + fee
    assert total <= max_cost, "market: cost above max_cost"
    self._store(outcome, qi)
    self.balanceOf[msg.sender][outcome] += shares
    self._pull(msg.sender, total)
    log Buy(trader=msg.sender, outcome=outcome, shares=shares, cost=cost, fee=fee)
    return total


@external
@nonreentrant
def sell(outcome: uint256, shares: uint256, min_proceeds: uint256) -> uint256:
    """
    @notice Sell `shares` of `outcome` back to the market for at least `min_proceeds` (after fee).
    @return The collateral received, fee deducted.
    """
    assert block.timestamp < CLOSE_TIME, "market: closed"
    held: uint256 = self.balanceOf[msg.sender][outcome]
    assert held >= shares, "market: not enough shares"
    assert self._q[0] & HALTED == 0, "market: closed"
    gross: uint256 = 0
    qi: uint256 = 0
    gross, qi = self._sell_proceeds(outcome, shares)
    fee: uint256 = self._fee(gross)
    net: uint256 = gross - fee
    assert net >= min_proceeds, "market: proceeds below min_proceeds"
    self._store(outcome, qi)
    self.balanceOf[msg.sender][outcome] = held - shares
    self._pay(msg.sender, net)
    log Sell(trader=msg.sender, outcome=outcome, shares=shares, proceeds=net, fee=fee)
    return net


@external
def transfer_shares(receiver: address, outcome: uint256, shares: uint256):
    """
    @notice Move `shares` of `outcome` from the caller to `receiver`.
    """
    assert receiver != empty(address), "market: zero address"
    assert outcome < N, "market: bad outcome"
    held: uint256 = self.balanceOf[msg.sender][outcome]
    assert held >= shares, "market: not enough shares"
    self.balanceOf[msg.sender][outcome] = held - shares
    self.balanceOf[receiver][outcome] += shares
    log SharesTransferred(sender=msg.sender, receiver=receiver, outcome=outcome, shares=shares)


# --- views ----------------------------------------------------------------------------------
@view
@external
def quote_buy(outcome: uint256, shares: uint256) -> uint256:
    """
    @notice Collateral that buying `shares` of `outcome` costs now, fee included.
    """
    cost: uint256 = 0
    qi: uint256 = 0
    cost, qi = self._buy_cost(outcome, shares)
    return cost + self._fee(cost)


@view
@external
def quote_sell(outcome: uint256, shares: uint256) -> uint256:
    """
    @notice Collateral that selling `shares` of `outcome` returns now, fee deducted.
    """
    gross: uint256 = 0
    qi: uint256 = 0
    gross, qi = self._sell_proceeds(outcome, shares)
    return gross - self._fee(gross)


@view
@external
def prices() -> DynArray[uint256, MAX_OUTCOMES]:
    """
    @notice Marginal prices in WAD (1e18 = certainty), rounded down. They sum to 1 in classic
            mode (less at most n wei) and to 1 + the vig in adaptive mode.
    """
    c: uint256 = 0
    b: uint256 = 0
    c, b = self._cost_at(N, 0)
    q: uint256[MAX_OUTCOMES] = empty(uint256[MAX_OUTCOMES])
    m: uint256 = 0
    for i: uint256 in range(N, bound=MAX_OUTCOMES):
        q[i] = self._get(i)
        m = max(m, q[i])
    e: uint256[MAX_OUTCOMES] = empty(uint256[MAX_OUTCOMES])
    s: uint256 = 0
    weighted: uint256 = 0    # sum_j q_j e_j / P
    total: uint256 = 0       # sum_j q_j
    for i: uint256 in range(N, bound=MAX_OUTCOMES):
        ei: uint256 = P
        if q[i] != m:
            ei = lmsr_math.exp_neg((m - q[i]) * P // b)
        e[i] = ei
        s += ei
        weighted += q[i] * ei // P
        total += q[i]
    out: DynArray[uint256, MAX_OUTCOMES] = []
    if ALPHA == 0:
        for i: uint256 in range(N, bound=MAX_OUTCOMES):
            out.append(e[i] * WAD // s)
        return out
    # p_i = alpha (m / b + ln s) + (Q e_i - sum_j q_j e_j) / (Q s), with alpha m / b = m / Q
    base: int256 = convert(ALPHA * lmsr_math.ln(s) // P + m * WAD // total, int256)
    for i: uint256 in range(N, bound=MAX_OUTCOMES):
        num: int256 = convert(total * e[i] // P, int256) - convert(weighted, int256)
        p: int256 = base + num * convert(WAD * P // s, int256) // convert(total, int256)
        out.append(convert(max(p, 0), uint256))
    return out


@view
@external
def quantities() -> DynArray[uint256, MAX_OUTCOMES]:
    """
    @notice Outstanding shares per outcome (the seed x0 not included).
    """
    q: DynArray[uint256, MAX_OUTCOMES] = []
    for i: uint256 in range(N, bound=MAX_OUTCOMES):
        q.append(self._get(i) - X0)
    return q


@view
@external
def cost_function() -> uint256:
    """
    @notice C(q) of the current state, in collateral units.
    """
    c: uint256 = 0
    b: uint256 = 0
    c, b = self._cost_at(N, 0)
    return c


@view
@external
def liquidity() -> uint256:
    """
    @notice The current liquidity parameter b.
    """
    c: uint256 = 0
    b: uint256 = 0
    c, b = self._cost_at(N, 0)
    return b


@view
@external
def obligations() -> uint256:
    """
    @notice Collateral still owed to share holders once resolved (0 while unresolved).
    """
    return self._obligations()


@internal
@view
def _obligations() -> uint256:
    if self.status != FINAL:
        return 0
    if self.outcome != INVALID:
        return self._get(self.outcome) - X0
    total: uint256 = 0
    for i: uint256 in range(N, bound=MAX_OUTCOMES):
        total += self._get(i) - X0
    return (total + N - 1) // N


# --- resolution -----------------------------------------------------------------------------
@internal
def _finish(outcome: uint256, by: address):
    self.status = FINAL
    self.outcome = outcome
    log Resolved(outcome=outcome, by=by)


@external
def propose(outcome: uint256):
    """
    @notice The resolver reports the outcome (an index, or 255 for invalid). Trading stops at
            once, even before the close time (an event may settle early); the proposal becomes
            final after the dispute window unless someone disputes it.
    """
    assert msg.sender == RESOLVER, "market: not resolver"
    assert self.status == OPEN, "market: already proposed"
    assert outcome < N or outcome == INVALID, "market: bad outcome"
    self._q[0] = self._q[0] | HALTED
    log Proposed(resolver=msg.sender, outcome=outcome)
    if DISPUTE_WINDOW == 0:
        self._finish(outcome, msg.sender)
        return
    self.status = PROPOSED
    self.proposed_outcome = outcome
    self.proposed_at = block.timestamp


@external
@nonreentrant
def dispute():
    """
    @notice Challenge the proposed outcome within the dispute window, posting the bond; the
            arbiter then decides. The bond is returned if the arbiter overturns the proposal.
    """
    assert self.status == PROPOSED, "market: nothing to dispute"
    assert block.timestamp < self.proposed_at + DISPUTE_WINDOW, "market: dispute window over"
    self.status = DISPUTED
    self.disputer = msg.sender
    self._pull(msg.sender, DISPUTE_BOND)
    log Disputed(disputer=msg.sender, bond=DISPUTE_BOND)


@external
@nonreentrant
def arbitrate(outcome: uint256):
    """
    @notice The arbiter settles a disputed market. A forfeited bond joins the surplus.
    """
    assert msg.sender == ARBITER, "market: not arbiter"
    assert self.status == DISPUTED, "market: not disputed"
    assert outcome < N or outcome == INVALID, "market: bad outcome"
    self._finish(outcome, msg.sender)
    if outcome != self.proposed_outcome:
        self._pay(self.disputer, DISPUTE_BOND)


@external
def finalize():
    """
    @notice Anyone: make an undisputed proposal final once its window has passed, or declare the
            market invalid when the resolver has not proposed within 30 days of closing.
    """
    if self.status == PROPOSED:
        assert block.timestamp >= self.proposed_at + DISPUTE_WINDOW, "market: dispute window open"
        self._finish(self.proposed_outcome, msg.sender)
        return
    assert self.status == OPEN, "market: not finalizable"
    assert block.timestamp >= CLOSE_TIME + RESOLVE_TIMEOUT, "market: resolver still has time"
    self._finish(INVALID, msg.sender)


@external
@nonreentrant
def redeem() -> uint256:
    """
    @notice Burn the caller's shares for collateral: 1 per winning share, or 1/n per share of any
            outcome in an invalid market (rounded down).
    @return The collateral paid.
    """
    assert self.status == FINAL, "market: not resolved"
    win: uint256 = self.outcome
    payout: uint256 = 0
    if win != INVALID:
        payout = self.balanceOf[msg.sender][win]
        assert payout > 0, "market: nothing to redeem"
        self.balanceOf[msg.sender][win] = 0
        self._store(win, self._get(win) - payout)
    else:
        held: uint256 = 0
        for i: uint256 in range(N, bound=MAX_OUTCOMES):
            s: uint256 = self.balanceOf[msg.sender][i]
            if s > 0:
                held += s
                self.balanceOf[msg.sender][i] = 0
                self._store(i, self._get(i) - s)
        assert held > 0, "market: nothing to redeem"
        payout = held // N
    self._pay(msg.sender, payout)
    log Redeemed(holder=msg.sender, payout=payout)
    return payout


@external
@nonreentrant
def withdraw_surplus() -> uint256:
    """
    @notice The creator takes what is left over the holders' claims (unspent funding and fees)
            once the market is final. May be called again as more collateral frees up.
    @return The collateral paid to the creator.
    """
    assert msg.sender == CREATOR, "market: not creator"
    assert self.status == FINAL, "market: not resolved"
    held: uint256 = staticcall IERC20(COLLATERAL).balanceOf(self)
    owed: uint256 = self._obligations()
    amount: uint256 = 0
    if held > owed:
        amount = held - owed
    self._pay(msg.sender, amount)
    log SurplusWithdrawn(creator=msg.sender, amount=amount)
    return amount
