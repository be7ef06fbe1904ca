# pragma version 0.4.3
"""
@title Singleton LMSR market hub
@notice Every market lives in this one contract, by id (as the conditional-tokens framework keeps
        all conditions in one contract), so creating a market is a few storage writes instead of
        a contract deployment. Classic LMSR (b = funding / ln n), 2-16 outcomes, fee, one resolver
        per market. Prices, costs, fees and margins are those of LMSRMarket with alpha = 0, so
        nexus.markets.MarketMath(n, funding, 0, fee_bps) mirrors every quote bit for bit.
@dev Storage per market: `_cfg` (resolver 160 | n 8 | fee 16 | close 40 | resolved 8 | outcome 8),
     `_liq` (b 128 | pool 128: collateral the market holds), `creator`, and the outstanding
     quantities packed two uint128 per word under key id * 8 + outcome / 2. Solvency is per
     market: a market pays out of its own pool, which the LMSR bound keeps >= its liabilities.
"""

from ethereum.ercs import IERC20
from . import lmsr_math

MAX_OUTCOMES: constant(uint256) = 16
P: constant(uint256) = 10**27
LO: constant(uint256) = 2**128 - 1
MAX_Q: constant(uint256) = 2**120
MAX_FEE_BPS: constant(uint256) = 1000
MARGIN_BASE: constant(uint256) = 4
MARGIN_DIV: constant(uint256) = 10**24
INVALID: constant(uint256) = 255

event MarketCreated:
    id: indexed(uint256)
    creator: indexed(address)
    resolver: address
    n: uint256
    funding: uint256
    question_hash: bytes32

event Buy:
    id: indexed(uint256)
    trader: indexed(address)
    outcome: uint256
    shares: uint256
    cost: uint256
    fee: uint256

event Sell:
    id: indexed(uint256)
    trader: indexed(address)
    outcome: uint256
    shares: uint256
    proceeds: uint256
    fee: uint256

event Resolved:
    id: indexed(uint256)
    outcome: uint256

event Redeemed:
    id: indexed(uint256)
    trader: indexed(address)
    payout: uint256

COLLATERAL: public(immutable(address))
market_count: public(uint256)
creator: public(HashMap[uint256, address])
_cfg: HashMap[uint256, uint256]
_liq: HashMap[uint256, uint256]
_q: HashMap[uint256, uint256]
_bal: HashMap[address, HashMap[uint256, uint256]]   # key id * 16 + outcome


@deploy
def __init__(collateral: address):
    assert collateral != empty(address), "hub: zero address"
    COLLATERAL = collateral


# --- internals ------------------------------------------------------------------------------
@internal
@view
def _q_of(id: uint256, j: uint256) -> uint256:
    word: uint256 = self._q[id * 8 + (j >> 1)]
    if j & 1 == 0:
        return word & LO
    return word >> 128


@internal
@view
def _cost(id: uint256, n: uint256, b: uint256, i: uint256, qi: uint256) -> uint256:
    """C(q) with outcome i's quantity replaced by qi (i >= n: the stored state)."""
    q: uint256[MAX_OUTCOMES] = empty(uint256[MAX_OUTCOMES])
    word: uint256 = 0
    m: uint256 = 0
    for j: uint256 in range(n, bound=MAX_OUTCOMES):
        v: uint256 = 0
        if j & 1 == 0:
            word = self._q[id * 8 + (j >> 1)]
            v = word & LO
        else:
            v = word >> 128
        if j == i:
            v = qi
        q[j] = v
        m = max(m, v)
    s: uint256 = 0
    for j: uint256 in range(n, bound=MAX_OUTCOMES):
        v: uint256 = q[j]
        if v == m:
            s = unsafe_add(s, P)
        else:
            s = unsafe_add(s, lmsr_math.exp_neg(unsafe_div(unsafe_mul(unsafe_sub(m, v), P), b)))
    return m + unsafe_div(unsafe_mul(b, lmsr_math.ln(s)), P)


@internal
def _set_q(id: uint256, i: uint256, v: uint256):
    key: uint256 = id * 8 + (i >> 1)
    word: uint256 = self._q[key]
    if i & 1 == 0:
        self._q[key] = (word & (LO << 128)) | v
    else:
        self._q[key] = (word & LO) | (v << 128)


@internal
@pure
def _fee(amount: uint256, fee_bps: uint256) -> uint256:
    return (amount * fee_bps + 9999) // 10000


@internal
@view
def _open(id: uint256) -> (uint256, uint256, uint256, uint256):
    """n, fee, b and pool of an open market."""
    cfg: uint256 = self._cfg[id]
    assert cfg != 0, "hub: unknown market"
    assert (cfg >> 224) & 255 == 0, "hub: resolved"
    assert block.timestamp < (cfg >> 184) & (2**40 - 1), "hub: closed"
    liq: uint256 = self._liq[id]
    return (cfg >> 160) & 255, (cfg >> 168) & 65535, liq & LO, liq >> 128


@internal
@view
def _buy_quote(id: uint256, n: uint256, b: uint256, i: uint256, shares: uint256) -> (uint256, uint256):
    assert i < n, "hub: bad outcome"
    assert shares > 0, "hub: zero shares"
    qi: uint256 = self._q_of(id, i) + shares
    assert qi <= MAX_Q, "hub: too many shares"
    cost: uint256 = self._cost(id, n, b, i, qi) - self._cost(id, n, b, n, 0) + MARGIN_BASE + b * (n + 1) // MARGIN_DIV
    return cost, qi


# --- markets --------------------------------------------------------------------------------
@external
def create(n: uint256, funding: uint256, fee_bps: uint256, resolver: address, close_time: uint256,
           question_hash: bytes32) -> uint256:
    """
    @notice Open market `id` = market_count, funded by the caller with `funding` (its worst-case
            loss: b = funding / ln n). The caller must have approved the hub for `funding`.
    """
    assert n >= 2 and n <= MAX_OUTCOMES, "hub: outcomes must be 2-16"
    assert funding >= 10**6 and funding <= MAX_Q // 16, "hub: bad funding"
    assert fee_bps <= MAX_FEE_BPS, "hub: fee too high"
    assert resolver != empty(address), "hub: zero address"
    assert close_time > block.timestamp and close_time < 2**40, "hub: bad close time"
    b: uint256 = funding * P // lmsr_math.ln(n * P)
    id: uint256 = self.market_count
    self.market_count = id + 1
    self._cfg[id] = convert(resolver, uint256) | (n << 160) | (fee_bps << 168) | (close_time << 184)
    self._liq[id] = b | (funding << 128)
    self.creator[id] = msg.sender
    assert extcall IERC20(COLLATERAL).transferFrom(msg.sender, self, funding, default_return_value=True), \
        "hub: transfer failed"
    log MarketCreated(id=id, creator=msg.sender, resolver=resolver, n=n, funding=funding,
                      question_hash=question_hash)
    return id


@external
@nonreentrant
def buy(id: uint256, outcome: uint256, shares: uint256, max_cost: uint256) -> uint256:
    """@notice Buy `shares` of `outcome` in market `id`, paying at most `max_cost` (fee included)."""
    n: uint256 = 0
    fee_bps: uint256 = 0
    b: uint256 = 0
    pool: uint256 = 0
    n, fee_bps, b, pool = self._open(id)
    cost: uint256 = 0
    qi: uint256 = 0
    cost, qi = self._buy_quote(id, n, b, outcome, shares)
    fee: uint256 = self._fee(cost, fee_bps)
    total: uint256 = cost + fee
    assert total <= max_cost, "hub: cost above max_cost"
    self._set_q(id, outcome, qi)
    self._liq[id] = b | ((pool + total) << 128)
    self._bal[msg.sender][id * 16 + outcome] += shares
    assert extcall IERC20(COLLATERAL).transferFrom(msg.sender, self, total, default_return_value=True), \
        "hub: transfer failed"
    log Buy(id=id, trader=msg.sender, outcome=outcome, shares=shares, cost=cost, fee=fee)
    return total


@external
@nonreentrant
def sell(id: uint256, outcome: uint256, shares: uint256, min_proceeds: uint256) -> uint256:
    """@notice Sell `shares` of `outcome` back to market `id` for at least `min_proceeds` (net)."""
    n: uint256 = 0
    fee_bps: uint256 = 0
    b: uint256 = 0
    pool: uint256 = 0
    n, fee_bps, b, pool = self._open(id)
    assert outcome < n, "hub: bad outcome"
    assert shares > 0, "hub: zero shares"
    self._bal[msg.sender][id * 16 + outcome] -= shares  # reverts when the seller holds fewer
    qi: uint256 = self._q_of(id, outcome)
    gross: uint256 = self._cost(id, n, b, n, 0) - self._cost(id, n, b, outcome, qi - shares)
    margin: uint256 = MARGIN_BASE + b * (n + 1) // MARGIN_DIV
    gross = gross - margin if gross > margin else 0
    fee: uint256 = self._fee(gross, fee_bps)
    net: uint256 = gross - fee
    assert net >= min_proceeds, "hub: proceeds below min_proceeds"
    self._set_q(id, outcome, qi - shares)
    self._liq[id] = b | ((pool - net) << 128)
    if net > 0:
        assert extcall IERC20(COLLATERAL).transfer(msg.sender, net, default_return_value=True), \
            "hub: transfer failed"
    log Sell(id=id, trader=msg.sender, outcome=outcome, shares=shares, proceeds=net, fee=fee)
    return net


@external
def resolve(id: uint256, outcome: uint256):
    """@notice The market's resolver names the winning outcome (INVALID = 255: refund pro rata)."""
    cfg: uint256 = self._cfg[id]
    assert cfg != 0, "hub: unknown market"
    assert msg.sender == convert(cfg & (2**160 - 1), address), "hub: not the resolver"
    assert (cfg >> 224) & 255 == 0, "hub: resolved"
    assert outcome < (cfg >> 160) & 255 or outcome == INVALID, "hub: bad outcome"
    self._cfg[id] = cfg | (1 << 224) | (outcome << 232)
    log Resolved(id=id, outcome=outcome)


@external
@nonreentrant
def redeem(id: uint256) -> uint256:
    """@notice Collect 1 per winning share of market `id` (an invalid market pays 1/n per share)."""
    cfg: uint256 = self._cfg[id]
    assert (cfg >> 224) & 255 == 1, "hub: not resolved"
    n: uint256 = (cfg >> 160) & 255
    win: uint256 = (cfg >> 232) & 255
    payout: uint256 = 0
    if win == INVALID:
        for j: uint256 in range(n, bound=MAX_OUTCOMES):
            payout += self._bal[msg.sender][id * 16 + j] // n
            self._bal[msg.sender][id * 16 + j] = 0
    else:
        payout = self._bal[msg.sender][id * 16 + win]
        self._bal[msg.sender][id * 16 + win] = 0
    liq: uint256 = self._liq[id]
    self._liq[id] = (liq & LO) | (((liq >> 128) - payout) << 128)
    if payout > 0:
        assert extcall IERC20(COLLATERAL).transfer(msg.sender, payout, default_return_value=True), \
            "hub: transfer failed"
    log Redeemed(id=id, trader=msg.sender, payout=payout)
    return payout


# --- views ----------------------------------------------------------------------------------
@view
@external
def balanceOf(owner: address, id: uint256, outcome: uint256) -> uint256:
    return self._bal[owner][id * 16 + outcome]


@view
@external
def market(id: uint256) -> (address, uint256, uint256, uint256, bool, uint256, uint256, uint256):
    """resolver, n, fee_bps, close_time, resolved, outcome, b, pool."""
    cfg: uint256 = self._cfg[id]
    liq: uint256 = self._liq[id]
    return (convert(cfg & (2**160 - 1), address), (cfg >> 160) & 255, (cfg >> 168) & 65535,
            (cfg >> 184) & (2**40 - 1), (cfg >> 224) & 255 == 1, (cfg >> 232) & 255, liq & LO, liq >> 128)


@view
@external
def quantities(id: uint256) -> DynArray[uint256, MAX_OUTCOMES]:
    out: DynArray[uint256, MAX_OUTCOMES] = []
    n: uint256 = (self._cfg[id] >> 160) & 255
    for j: uint256 in range(n, bound=MAX_OUTCOMES):
        out.append(self._q_of(id, j))
    return out


@view
@external
def quote_buy(id: uint256, outcome: uint256, shares: uint256) -> uint256:
    """Total (fee included) that buy would charge now."""
    cfg: uint256 = self._cfg[id]
    n: uint256 = (cfg >> 160) & 255
    b: uint256 = self._liq[id] & LO
    cost: uint256 = 0
    qi: uint256 = 0
    cost, qi = self._buy_quote(id, n, b, outcome, shares)
    return cost + self._fee(cost, (cfg >> 168) & 65535)
