"""Bit-exact Python mirror of the market contracts' fixed-point maths (lmsr_math.vy, LMSRMarket.vy)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "INVALID",
    "LN2",
    "MAX_OUTCOMES",
    "WAD",
    "P",
    "cost",
    "exp_neg",
    "fee",
    "ln",
    "margin",
    "prices",
]

P = 10**27
WAD = 10**18
LN2 = 693147180559945309417232121  # floor(ln 2 * P)
LN2_HALF = 346573590279972654708616060  # floor(ln 2 / 2 * P)
SQRT2 = 1414213562373095048801688724  # floor(sqrt 2 * P)
EXP_CUTOFF = 63 * P
MAX_OUTCOMES = 16
MAX_Q = 2**120
INVALID = 255
MARGIN_BASE = 4
MARGIN_DIV = 10**24


def exp_neg(y: int) -> int:
    """exp(-y / P) * P rounded down, exactly as `lmsr_math.exp_neg` computes it."""
    if y < 0:
        raise ValueError("exp_neg takes y >= 0")
    if y >= EXP_CUTOFF:
        return 0
    k = y // LN2
    r = y - k * LN2
    p = P
    for j in range(22, 0, -1):
        p = P - (r * p) // (j * P)
    return p >> k


def ln(x: int) -> int:
    """ln(x / P) * P rounded down for P <= x < 256 P, exactly as `lmsr_math.ln` computes it."""
    if not P <= x < 256 * P:
        raise ValueError("market: ln domain")
    z, acc = x, 0
    if z >= 16 * P:  # z = x >> k, acc = k LN2, k = floor(log2(x / P)) < 8 by halving the range
        z, acc = z >> 4, 4 * LN2
    if z >= 4 * P:
        z, acc = z >> 2, acc + 2 * LN2
    if z >= 2 * P:
        z, acc = z >> 1, acc + LN2
    if z >= SQRT2:
        z = z * P // SQRT2
        acc += LN2_HALF
    t = (z - P) * P // (z + P)
    t2 = t * t // P
    s = P // 35
    for d in range(33, 0, -2):
        s = P // d + s * t2 // P
    return acc + (2 * t) * s // P


def cost(q: Sequence[int], b: int) -> int:
    """C(q) = m + b ln(sum exp((q_i - m) / b)) rounded down, as `lmsr_math.cost`."""
    m = max(q)
    s = 0
    for qi in q:
        s += P if qi == m else exp_neg((m - qi) * P // b)
    return m + b * ln(s) // P


def margin(b: int, n: int) -> int:
    """Wei added to every trade in the maker's favour; exceeds twice the maths' error."""
    return MARGIN_BASE + b * (n + 1) // MARGIN_DIV


def fee(amount: int, fee_bps: int) -> int:
    """Trading fee on `amount`, rounded up."""
    return (amount * fee_bps + 9999) // 10000


def prices(q: Sequence[int], b: int, alpha: int = 0) -> list[int]:
    """Marginal prices in WAD, as the contract's `prices()` view computes them."""
    m = max(q)
    e = [P if qi == m else exp_neg((m - qi) * P // b) for qi in q]
    s = sum(e)
    if alpha == 0:
        return [ei * WAD // s for ei in e]
    weighted = sum(qi * ei // P for qi, ei in zip(q, e))
    total = sum(q)
    base = alpha * ln(s) // P + m * WAD // total
    scale = WAD * P // s
    out = []
    for ei in e:
        num = total * ei // P - weighted
        p = base + _sdiv(num * scale, total)
        out.append(max(p, 0))
    return out


def _sdiv(a: int, b: int) -> int:
    """EVM signed division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q
