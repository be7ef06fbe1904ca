# pragma version 0.4.3
"""
@title Singleton LMSR market hub
@notice Every market lives in this one contract, by id (as the conditional-tokens framework keeps
        all conditions in one contract), so creating a market is a few storage writes instead of
        a contract deployment. Classic LMSR (b = funding / ln n), 2-16 outcomes, fee, one resolver
        per market. Prices, costs, fees and margins are those of LMSRMarket with alpha = 0, so
        nexus.markets.MarketMath(n, funding, 0, fee_bps) mirrors every quote bit for bit.
@dev Storage per market: `_cfg` (b 96 | n 8 | fee 16 | close 40), the one word a trade reads
     besides the quantities (and never writes); the outstanding quantities, 96-bit fields packed
     two per word under key id * 8 + outcome / 2 (bits 0-95 and 128-223; every quantity is
     < 2**96); for 3+ outcomes `_st` (sum S of the cost function's terms 96 | maximum quantity
     m 96 | income 64), so Cr(q) = m + b ln S needs no exp and a trade that leaves the maximum in
     place reads one quantity word; `resolver`; `_meta` (creator 160 | funding 96); `_res`
     (reserve 128 | outcome 8 | resolved | surplus paid | close 40), written at resolution, which
     also zeroes the close field of `_cfg` so trades stop. Balances are packed like the
     quantities per (owner, market): `_bal[owner][id * 8 + outcome / 2]`, so a holder's second
     outcome in a word is not a write from zero. Markets of up to 8 outcomes pre-pay a sentinel
     bit (bits 127 and 255) in each quantity word at creation, so no trade writes a quantity word
     from zero (~17k gas saved on the first trade into a word); a 16-outcome market does not,
     because its 8 words would put creation over 250k gas.
     Fee income: each trade records what it kept beyond Cr's change (margin + fee) in a word it
     writes anyway, so recording costs no storage access: a two-outcome market in its one
     quantity word (62 bits between the two quantities: low 31 at 96-126, high 31 at 224-254), a
     larger market in `_st` (bits 192-255). The unit is 2**32 wei: a trade adds
     floor(kept / 2**32) units, and the remainder (< 2**32 wei per trade) is recorded nowhere: it
     stays in the hub, paid to no one. The fields saturate ((2**62 - 1) and (2**64 - 1) units,
     >= 2**94 wei); what they would not record stays in the hub too, never paid twice. Funding
     is capped at 2**95 (b < 2**96).
     Solvency without a pool word: every buy charges Cr(q') - Cr(q) + margin + fee and every
     sale pays Cr(q) - Cr(q') - margin - fee (or nothing), with the same rounded cost function
     Cr, so the collateral a market has taken in is exactly funding - Cr(0) + Cr(q) + K, where K
     (the sum of margin + fee kept by every trade) >= the recorded income; and funding - Cr(0) +
     Cr(q) >= Cr(q) >= max q_i (Cr(0) <= funding because b is rounded down; Cr(q) >= max q_i
     because the largest term of the sum is exactly P). `resolve` stores the market's exact
     liabilities as its `reserve`, redeem draws on that reserve only, and `withdraw_surplus` pays
     the creator funding - Cr(0) + Cr(q) + income - liabilities (surplus and recorded income
     together) <= taken in - liabilities, so one market never pays out of another's collateral;
     what stays is K - income (the remainders) plus an invalid market's pro-rata dust.
"""

from ethereum.ercs import IERC20
from . import lmsr_math

MAX_OUTCOMES: constant(uint256) = 16
P: constant(uint256) = 10**27
LN2: constant(uint256) = 693147180559945309417232121  # lmsr_math.ln(2 P), exactly
LO: constant(uint256) = 2**128 - 1
QMASK: constant(uint256) = 2**96 - 1       # a quantity field (bits 0-95 or 128-223 of its word)
SENT: constant(uint256) = 2**127 | 2**255  # the sentinel bits of a pre-paid quantity word
SENT_MAX_N: constant(uint256) = 8          # markets of up to 8 outcomes pre-pay their quantity words
MAX_Q: constant(uint256) = 2**96 - 1
# the income is recorded in units of 2**32 wei: a two-outcome market's in its one quantity word,
# 62 bits between the quantities (low 31 at 96-126, high 31 at 224-254); a larger market's in _st
UNIT_BITS: constant(uint256) = 32
I2MASK: constant(uint256) = 2**31 - 1
I2_KEEP: constant(uint256) = ~((I2MASK << 96) | (I2MASK << 224))
I2_MAX: constant(uint256) = 2**62 - 1      # units: saturates at (2**62 - 1) * 2**32 wei
ST_LOW: constant(uint256) = 2**192 - 1     # _st: S bits 0-95 | m 96-191 | income units 192-255
I3_MAX: constant(uint256) = 2**64 - 1
MAX_FUNDING: constant(uint256) = 2**95     # so b < 2**96 fits its field of _cfg
MAX_FEE_BPS: constant(uint256) = 1000
MARGIN_BASE: constant(uint256) = 4
MARGIN_DIV: constant(uint256) = 10**24
INVALID: constant(uint256) = 255
# _cfg: b bits 0-95, n 96-103, fee_bps 104-119, close time 120-159 (0 once resolved)
B_MASK: constant(uint256) = 2**96 - 1
CLOSE_MASK: constant(uint256) = 2**40 - 1
LOW160: constant(uint256) = 2**160 - 1
# _res: reserve bits 0-127, outcome 128-135, resolved 136, surplus paid 137, close time 138-177
RESOLVED: constant(uint256) = 1 << 136
SURPLUS_PAID: constant(uint256) = 1 << 137

event MarketCreated:
    id: indexed(uint256)
    creator: indexed(address)
    resolver: address
    funding: uint256
    fee_bps: uint256
    close_time: uint256
    question: String[256]
    outcomes: DynArray[String[32], MAX_OUTCOMES]

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

event SurplusWithdrawn:
    id: indexed(uint256)
    creator: indexed(address)
    amount: uint256
    income: uint256

COLLATERAL: public(immutable(address))
market_count: public(uint256)
resolver: public(HashMap[uint256, address])
_meta: HashMap[uint256, uint256]   # creator (bits 0-159) | funding (160-255)
_cfg: HashMap[uint256, uint256]
_st: HashMap[uint256, uint256]     # n >= 3: sum of terms (0-95) | max q (96-191) | income units (192-255)
_res: HashMap[uint256, uint256]
_q: HashMap[uint256, uint256]
_bal: HashMap[address, HashMap[uint256, uint256]]


@deploy
def __init__(collateral: address):
    assert collateral != empty(address), "hub: zero address"
    COLLATERAL = collateral


# --- internals ------------------------------------------------------------------------------
@internal
@view
def _load(id: uint256, n: uint256) -> uint256[MAX_OUTCOMES]:
    q: uint256[MAX_OUTCOMES] = empty(uint256[MAX_OUTCOMES])
    word: uint256 = 0
    for j: uint256 in range(n, bound=MAX_OUTCOMES):
        if j & 1 == 0:
            word = self._q[unsafe_add(unsafe_mul(id, 8), j >> 1)]
            q[j] = word & QMASK
        else:
            q[j] = (word >> 128) & QMASK
    return q


@internal
@pure
def _income2(word: uint256) -> uint256:
    """The income recorded in a two-outcome market's quantity word, in wei."""
    return (((word >> 96) & I2MASK) | (((word >> 224) & I2MASK) << 31)) << UNIT_BITS


@internal
@pure
def _book2(word: uint256, income: uint256) -> uint256:
    """`word` with floor(income / 2**32) units added to its income field, saturating (the rest of
    `income`, < 2**32 wei, is not recorded: it stays in the hub, paid to no one)."""
    u: uint256 = ((word >> 96) & I2MASK) | (((word >> 224) & I2MASK) << 31)
    u = min(u + (income >> UNIT_BITS), I2_MAX)
    return (word & I2_KEEP) | ((u & I2MASK) << 96) | ((u >> 31) << 224)


@internal
@pure
def _book3(st: uint256, income: uint256) -> uint256:
    """`st` (a larger market's _st word) with floor(income / 2**32) units added, saturating."""
    return (st & ST_LOW) | (min((st >> 192) + (income >> UNIT_BITS), I3_MAX) << 192)


@internal
@pure
def _term(v: uint256, m: uint256, b: uint256) -> uint256:
    if v == m:
        return P
    return lmsr_math.exp_neg(unsafe_div(unsafe_mul(unsafe_sub(m, v), P), b))


@internal
@pure
def _costs(q: uint256[MAX_OUTCOMES], n: uint256, b: uint256, i: uint256, qi: uint256) -> (uint256, uint256):
    """Cr(q) and Cr(q with q_i := qi), bit for bit lmsr_math.cost, in one pass over the other
    outcomes (their terms are computed twice only when the maximum moves, and once for a run of
    equal quantities)."""
    mr: uint256 = 0
    for j: uint256 in range(n, bound=MAX_OUTCOMES):
        if j != i:
            mr = max(mr, q[j])
    m0: uint256 = max(mr, q[i])
    m1: uint256 = max(mr, qi)
    r0: uint256 = self._term(q[i], m0, b)
    r1: uint256 = self._term(qi, m1, b)
    v: uint256 = max_value(uint256)   # the last quantity seen and its two terms (equal
    t0: uint256 = 0                   # quantities, such as untraded outcomes, reuse them)
    t1: uint256 = 0
    for j: uint256 in range(n, bound=MAX_OUTCOMES):
        if j != i:
            if q[j] != v:
                v = q[j]
                t0 = self._term(v, m0, b)
                t1 = t0
                if m1 != m0:
                    t1 = self._term(v, m1, b)
            r0 = unsafe_add(r0, t0)
            r1 = unsafe_add(r1, t1)
    c0: uint256 = m0 + unsafe_div(unsafe_mul(b, lmsr_math.ln(r0)), P)
    c1: uint256 = m1 + unsafe_div(unsafe_mul(b, lmsr_math.ln(r1)), P)
    return c0, c1


@internal
def _cached_costs(id: uint256, n: uint256, b: uint256, i: uint256, qo: uint256, qn: uint256,
                  neww: uint256) -> (uint256, uint256, uint256):
    """Cr(q) and Cr(q with q_i := qn) of a market of 3+ outcomes, from its cached sum of terms S
    and maximum m (so Cr(q) = m + b ln(S) needs no exp). While the maximum stays put, the new sum
    is S - term(q_i) + term(qn): the same integers lmsr_math.cost adds, so bit for bit its result,
    from one quantity word. When it moves, the sum is recomputed from every quantity (`neww` is
    outcome i's quantity word after the trade). Also returns the _st word after the trade (its
    income field unchanged), which the trade writes back with its income added."""
    st: uint256 = self._st[id]
    s0: uint256 = st & QMASK
    m0: uint256 = (st >> 96) & QMASK
    c0: uint256 = m0 + unsafe_div(unsafe_mul(b, lmsr_math.ln(s0)), P)
    s1: uint256 = 0
    m1: uint256 = m0
    if qo < m0 and qn <= m0:
        s1 = unsafe_add(unsafe_sub(s0, self._term(qo, m0, b)), self._term(qn, m0, b))
    else:
        # the maximum moves: a buy past it makes qn the maximum; only a sale of the maximum
        # outcome needs a scan for the new one
        m1 = qn
        if qn < m0:
            m1 = 0
            for w: uint256 in range((n + 1) >> 1, bound=MAX_OUTCOMES // 2):
                x: uint256 = neww
                if w != i >> 1:
                    x = self._q[unsafe_add(unsafe_mul(id, 8), w)]
                m1 = max(m1, max(x & QMASK, (x >> 128) & QMASK))
        # one pass over the quantity fields, each word read once (trade's word patched in)
        x: uint256 = 0
        v: uint256 = max_value(uint256)
        t: uint256 = 0
        for j: uint256 in range(n, bound=MAX_OUTCOMES):
            if j & 1 == 0:
                x = neww
                if j >> 1 != i >> 1:
                    x = self._q[unsafe_add(unsafe_mul(id, 8), j >> 1)]
            else:
                x = x >> 128
            y: uint256 = x & QMASK
            if y != v:   # equal quantities (untraded outcomes) reuse their term
                v = y
                t = P
                if y != m1:
                    t = lmsr_math.exp_neg(unsafe_div(unsafe_mul(unsafe_sub(m1, y), P), b))
            s1 = unsafe_add(s1, t)
    return c0, m1 + unsafe_div(unsafe_mul(b, lmsr_math.ln(s1)), P), s1 | (m1 << 96) | ((st >> 192) << 192)


@internal
@pure
def _cost2(a: uint256, c: uint256, b: uint256) -> uint256:
    """Cr of a two-outcome market holding a and c, bit for bit lmsr_math.cost (whose sum of
    terms is 2P when they are equal, and ln(2P) is exactly LN2)."""
    if a == c:
        return a + unsafe_div(unsafe_mul(b, LN2), P)
    m: uint256 = max(a, c)
    t: uint256 = lmsr_math.exp_neg(unsafe_div(unsafe_mul(unsafe_sub(m, min(a, c)), P), b))
    return m + unsafe_div(unsafe_mul(b, lmsr_math.ln(unsafe_add(P, t))), P)


@internal
def _trade_costs(id: uint256, n: uint256, b: uint256, i: uint256, word: uint256, qn: uint256) -> (uint256, uint256, uint256):
    """Cr before and after outcome i (in quantity word `word`) moves to qn: a two-outcome market
    from its one word, a larger one from its cached sum (and its _st word after the trade)."""
    sh: uint256 = (i & 1) << 7
    qo: uint256 = (word >> sh) & QMASK
    if n == 2:
        other: uint256 = (word >> (128 - sh)) & QMASK
        return self._cost2(qo, other, b), self._cost2(qn, other, b), 0
    return self._cached_costs(id, n, b, i, qo, qn, (word & ~(QMASK << sh)) | (qn << sh))


@internal
@pure
def _margin(b: uint256, n: uint256) -> uint256:
    return MARGIN_BASE + b * (n + 1) // MARGIN_DIV


@internal
@pure
def _fee(amount: uint256, fee_bps: uint256) -> uint256:
    return (amount * fee_bps + 9999) // 10000


@internal
@view
def _open(id: uint256, outcome: uint256, shares: uint256) -> uint256:
    """The _cfg word of an open market, after checking outcome and shares."""
    cfg: uint256 = self._cfg[id]
    if block.timestamp >= (cfg >> 120) & CLOSE_MASK:   # the reasons are told apart only on failure
        assert cfg != 0, "hub: unknown market"
        assert cfg & (CLOSE_MASK << 120) != 0, "hub: resolved"
        raise "hub: closed"
    assert outcome < (cfg >> 96) & 255, "hub: bad outcome"
    assert shares > 0, "hub: zero shares"
    return cfg


@internal
@view
def _buy_quote(id: uint256, n: uint256, b: uint256, i: uint256, shares: uint256) -> (uint256, uint256):
    q: uint256[MAX_OUTCOMES] = self._load(id, n)
    qi: uint256 = q[i] + shares
    assert qi <= MAX_Q, "hub: too many shares"
    c0: uint256 = 0
    c1: uint256 = 0
    c0, c1 = self._costs(q, n, b, i, qi)
    return c1 - c0 + self._margin(b, n), qi


@internal
@view
def _cost_now(id: uint256, n: uint256, b: uint256) -> uint256:
    q: uint256[MAX_OUTCOMES] = self._load(id, n)
    c0: uint256 = 0
    c1: uint256 = 0
    c0, c1 = self._costs(q, n, b, 0, q[0])
    return c0


@internal
@view
def _income_of(id: uint256, cfg: uint256) -> uint256:
    """The income market `id` has recorded, in wei: in its quantity word (two outcomes) or _st."""
    if (cfg >> 96) & 255 == 2:
        return self._income2(self._q[unsafe_mul(id, 8)])
    return (self._st[id] >> 192) << UNIT_BITS


@internal
@view
def _floor_in(id: uint256, cfg: uint256) -> uint256:
    """funding - Cr(0) + Cr(q): what market `id` took in, less what its trades kept beyond Cr's change."""
    n: uint256 = (cfg >> 96) & 255
    b: uint256 = cfg & B_MASK
    return (self._meta[id] >> 160) - unsafe_div(unsafe_mul(b, lmsr_math.ln(n * P)), P) + self._cost_now(id, n, b)


# --- markets --------------------------------------------------------------------------------
@external
def create(question: String[256], outcomes: DynArray[String[32], MAX_OUTCOMES], funding: uint256,
           fee_bps: uint256, resolver: address, close_time: uint256) -> uint256:
    """
    @notice Open market `id` = market_count, funded by the caller with `funding` (its worst-case
            loss: b = funding / ln n). The caller must have approved the hub for `funding`. The
            question and outcome names live in the MarketCreated event only.
    """
    n: uint256 = len(outcomes)
    assert len(question) > 0, "hub: empty question"
    assert n >= 2, "hub: outcomes must be 2-16"
    assert funding >= 10**6 and funding <= MAX_FUNDING, "hub: bad funding"
    assert fee_bps <= MAX_FEE_BPS, "hub: fee too high"
    assert resolver != empty(address), "hub: zero address"
    assert close_time > block.timestamp and close_time < 2**40, "hub: bad close time"
    b: uint256 = funding * P // lmsr_math.ln(n * P)
    id: uint256 = self.market_count
    self.market_count = id + 1
    self._cfg[id] = b | (n << 96) | (fee_bps << 104) | (close_time << 120)
    self.resolver[id] = resolver
    self._meta[id] = convert(msg.sender, uint256) | (funding << 160)
    if n > 2:
        self._st[id] = n * P   # every term is P while every quantity is 0
    if n <= SENT_MAX_N:
        for w: uint256 in range((n + 1) >> 1, bound=SENT_MAX_N // 2):
            self._q[id * 8 + w] = SENT
    assert extcall IERC20(COLLATERAL).transferFrom(msg.sender, self, funding, default_return_value=True), \
        "hub: transfer failed"
    log MarketCreated(id=id, creator=msg.sender, resolver=resolver, funding=funding, fee_bps=fee_bps,
                      close_time=close_time, question=question, outcomes=outcomes)
    return id


@external
@nonreentrant
def buy(id: uint256, outcome: uint256, shares: uint256, max_cost: uint256) -> uint256:
    """@notice Buy `shares` of `outcome` in market `id`, paying at most `max_cost` (fee included)."""
    cfg: uint256 = self._open(id, outcome, shares)
    n: uint256 = (cfg >> 96) & 255
    b: uint256 = cfg & B_MASK
    key: uint256 = unsafe_add(unsafe_mul(id, 8), outcome >> 1)
    sh: uint256 = (outcome & 1) << 7
    word: uint256 = self._q[key]
    qi: uint256 = ((word >> sh) & QMASK) + shares
    assert qi <= MAX_Q, "hub: too many shares"
    c0: uint256 = 0
    c1: uint256 = 0
    st: uint256 = 0
    c0, c1, st = self._trade_costs(id, n, b, outcome, word, qi)
    margin: uint256 = self._margin(b, n)
    cost: uint256 = c1 - c0 + margin
    fee: uint256 = self._fee(cost, (cfg >> 104) & 65535)
    total: uint256 = cost + fee
    assert total <= max_cost, "hub: cost above max_cost"
    word = (word & ~(QMASK << sh)) | (qi << sh)
    if n == 2:   # the income rides in a word the trade writes anyway
        self._q[key] = self._book2(word, margin + fee)
    else:
        self._q[key] = word
        self._st[id] = self._book3(st, margin + fee)
    # a holder's balance is <= the outcome's quantity <= MAX_Q: the addition stays in its half
    self._bal[msg.sender][key] += shares << sh
    assert extcall IERC20(COLLATERAL).transferFrom(msg.sender, self, total, default_return_value=True), \
        "hub: transfer failed"
    log Buy(id=id, trader=msg.sender, outcome=outcome, shares=shares, cost=cost, fee=fee)
    return total


@external
@nonreentrant
def sell(id: uint256, outcome: uint256, shares: uint256, min_proceeds: uint256) -> uint256:
    """@notice Sell `shares` of `outcome` back to market `id` for at least `min_proceeds` (net)."""
    cfg: uint256 = self._open(id, outcome, shares)
    n: uint256 = (cfg >> 96) & 255
    b: uint256 = cfg & B_MASK
    key: uint256 = unsafe_add(unsafe_mul(id, 8), outcome >> 1)
    sh: uint256 = (outcome & 1) << 7
    word: uint256 = self._bal[msg.sender][key]
    assert (word >> sh) & LO >= shares, "hub: not enough shares"
    self._bal[msg.sender][key] = unsafe_sub(word, shares << sh)
    qword: uint256 = self._q[key]
    qi: uint256 = ((qword >> sh) & QMASK) - shares   # a holder's shares are part of the quantity
    c0: uint256 = 0
    c1: uint256 = 0
    st: uint256 = 0
    c0, c1, st = self._trade_costs(id, n, b, outcome, qword, qi)
    released: uint256 = c0 - c1
    margin: uint256 = self._margin(b, n)
    gross: uint256 = released - margin if released > margin else 0
    fee: uint256 = self._fee(gross, (cfg >> 104) & 65535)
    net: uint256 = gross - fee
    assert net >= min_proceeds, "hub: proceeds below min_proceeds"
    qword = (qword & ~(QMASK << sh)) | (qi << sh)
    if n == 2:
        self._q[key] = self._book2(qword, released - net)
    else:
        self._q[key] = qword
        self._st[id] = self._book3(st, released - net)
    if net > 0:
        assert extcall IERC20(COLLATERAL).transfer(msg.sender, net, default_return_value=True), \
            "hub: transfer failed"
    log Sell(id=id, trader=msg.sender, outcome=outcome, shares=shares, proceeds=net, fee=fee)
    return net


@external
def resolve(id: uint256, outcome: uint256):
    """
    @notice The market's resolver names the winning outcome (INVALID = 255: refund pro rata).
            The market's exact liabilities become its reserve; trading stops.
    """
    cfg: uint256 = self._cfg[id]
    assert cfg != 0, "hub: unknown market"
    assert msg.sender == self.resolver[id], "hub: not the resolver"
    assert self._res[id] & RESOLVED == 0, "hub: resolved"
    n: uint256 = (cfg >> 96) & 255
    assert outcome < n or outcome == INVALID, "hub: bad outcome"
    q: uint256[MAX_OUTCOMES] = self._load(id, n)
    owed: uint256 = 0
    if outcome == INVALID:
        for j: uint256 in range(n, bound=MAX_OUTCOMES):
            owed += q[j] // n   # >= the sum of every holder's floor(balance / n)
    else:
        owed = q[outcome]
    close: uint256 = (cfg >> 120) & CLOSE_MASK
    self._res[id] = owed | (outcome << 128) | RESOLVED | (close << 138)
    self._cfg[id] = cfg & ~(CLOSE_MASK << 120)
    log Resolved(id=id, outcome=outcome)


@external
@nonreentrant
def redeem(id: uint256) -> uint256:
    """@notice Collect 1 per winning share of market `id` (an invalid market pays 1/n per share)."""
    res: uint256 = self._res[id]
    assert res & RESOLVED != 0, "hub: not resolved"
    win: uint256 = (res >> 128) & 255
    payout: uint256 = 0
    if win == INVALID:
        n: uint256 = (self._cfg[id] >> 96) & 255
        for w: uint256 in range((n + 1) >> 1, bound=MAX_OUTCOMES // 2):
            word: uint256 = self._bal[msg.sender][id * 8 + w]
            payout += (word & LO) // n + (word >> 128) // n
            self._bal[msg.sender][id * 8 + w] = 0
    else:
        key: uint256 = id * 8 + (win >> 1)
        sh: uint256 = (win & 1) << 7
        word: uint256 = self._bal[msg.sender][key]
        payout = (word >> sh) & LO
        self._bal[msg.sender][key] = word & ~(LO << sh)
    assert res & LO >= payout   # never more than the market's own liabilities
    self._res[id] = res - payout
    if payout > 0:
        assert extcall IERC20(COLLATERAL).transfer(msg.sender, payout, default_return_value=True), \
            "hub: transfer failed"
    log Redeemed(id=id, trader=msg.sender, payout=payout)
    return payout


@external
@nonreentrant
def withdraw_surplus(id: uint256) -> uint256:
    """
    @notice After resolution, pay the creator funding - Cr(0) + Cr(q) + income - liabilities:
            the surplus no holder can claim plus the market's fee income (fees and margins).
    """
    res: uint256 = self._res[id]
    assert res & RESOLVED != 0, "hub: not resolved"
    assert res & SURPLUS_PAID == 0, "hub: surplus paid"
    assert msg.sender == convert(self._meta[id] & LOW160, address), "hub: not the creator"
    self._res[id] = res | SURPLUS_PAID
    cfg: uint256 = self._cfg[id]
    n: uint256 = (cfg >> 96) & 255
    # the liabilities at resolution (reserve shrinks as holders redeem)
    win: uint256 = (res >> 128) & 255
    q: uint256[MAX_OUTCOMES] = self._load(id, n)
    liab: uint256 = 0
    if win == INVALID:
        for j: uint256 in range(n, bound=MAX_OUTCOMES):
            liab += q[j] // n
    else:
        liab = q[win]
    income: uint256 = self._income_of(id, cfg)
    amount: uint256 = self._floor_in(id, cfg) + income - liab
    if amount > 0:
        assert extcall IERC20(COLLATERAL).transfer(msg.sender, amount, default_return_value=True), \
            "hub: transfer failed"
    log SurplusWithdrawn(id=id, creator=msg.sender, amount=amount, income=income)
    return amount


# --- views ----------------------------------------------------------------------------------
@view
@external
def balanceOf(owner: address, id: uint256, outcome: uint256) -> uint256:
    return (self._bal[owner][id * 8 + (outcome >> 1)] >> ((outcome & 1) << 7)) & LO


@view
@external
def market(id: uint256) -> (address, uint256, uint256, uint256, bool, uint256, uint256, uint256):
    """resolver, n, fee_bps, close_time, resolved, outcome, b, funding."""
    cfg: uint256 = self._cfg[id]
    res: uint256 = self._res[id]
    resolved: bool = res & RESOLVED != 0
    close: uint256 = (res >> 138) & CLOSE_MASK if resolved else (cfg >> 120) & CLOSE_MASK
    return (self.resolver[id], (cfg >> 96) & 255, (cfg >> 104) & 65535, close, resolved, (res >> 128) & 255,
            cfg & B_MASK, self._meta[id] >> 160)


@view
@external
def creator(id: uint256) -> address:
    return convert(self._meta[id] & LOW160, address)


@view
@external
def funding(id: uint256) -> uint256:
    return self._meta[id] >> 160


@view
@external
def reserve(id: uint256) -> uint256:
    """The liabilities market `id` still owes its holders (0 before resolution)."""
    return self._res[id] & LO


@view
@external
def income(id: uint256) -> uint256:
    """Fees and margins market `id` has recorded, in whole units of 2**32 wei (paid to its creator
    with the surplus; each trade's remainder stays in the hub)."""
    return self._income_of(id, self._cfg[id])


@view
@external
def quantities(id: uint256) -> DynArray[uint256, MAX_OUTCOMES]:
    out: DynArray[uint256, MAX_OUTCOMES] = []
    n: uint256 = (self._cfg[id] >> 96) & 255
    q: uint256[MAX_OUTCOMES] = self._load(id, n)
    for j: uint256 in range(n, bound=MAX_OUTCOMES):
        out.append(q[j])
    return out


@view
@external
def collateral_floor(id: uint256) -> uint256:
    """funding - Cr(0) + Cr(q): a lower bound of the collateral market `id` has taken in (before
    any redemption), always >= max q_i; with income(id) added, what it took in less the income
    remainders (< 2**32 wei per trade) that were not recorded."""
    return self._floor_in(id, self._cfg[id])


@view
@external
def quote_buy(id: uint256, outcome: uint256, shares: uint256) -> uint256:
    """Total (fee included) that buy would charge now."""
    cfg: uint256 = self._cfg[id]
    n: uint256 = (cfg >> 96) & 255
    assert outcome < n, "hub: bad outcome"
    assert shares > 0, "hub: zero shares"
    cost: uint256 = 0
    qi: uint256 = 0
    cost, qi = self._buy_quote(id, n, cfg & B_MASK, outcome, shares)
    return cost + self._fee(cost, (cfg >> 104) & 65535)
