# pragma version 0.4.3
"""
@title LMSR fixed-point maths
@notice exp(-y) and ln(x) in 27-decimal fixed point (P = 1e27), and the LMSR cost function
        C(q) = m + b * ln(sum_i exp((q_i - m) / b)) with m = max_i q_i (the log-sum-exp trick).
@dev Written from the textbook formulas (range reduction by ln 2, Taylor series for exp,
     atanh series for ln). Every operation is mirrored bit for bit by nexus.markets.fixedpoint;
     change both together. Inputs are bounded by the callers (q_i < 2**128, b > 0, n <= 16), so
     the "unsafe" operations below cannot overflow or underflow.
"""

P: constant(uint256) = 10**27
LN2: constant(uint256) = 693147180559945309417232121          # floor(ln 2 * P)
LN2_HALF: constant(uint256) = 346573590279972654708616060     # floor(ln 2 / 2 * P)
SQRT2: constant(uint256) = 1414213562373095048801688724       # floor(sqrt 2 * P)
EXP_CUTOFF: constant(uint256) = 63 * P                        # exp(-63) * P < 1
MAX_OUTCOMES: constant(uint256) = 16


@internal
@pure
def exp_neg(y: uint256) -> uint256:
    """
    @notice exp(-y / P) * P, rounded down; 0 when the result is below one unit.
    @dev y = k ln2 + r with 0 <= r < ln2; exp(-r) by a 22-term Taylor polynomial in Horner form
         (truncation < 2e-25), then a right shift by k. Each Horner step stays in (0.3P, P].
    """
    if y >= EXP_CUTOFF:
        return 0
    k: uint256 = y // LN2
    r: uint256 = unsafe_sub(y, unsafe_mul(k, LN2))
    # Horner steps p <- P - r p / (j P), j = 22 .. 1, written as a few nested expressions so the
    # intermediate values stay on the stack (the same operations in the same order)
    p: uint256 = unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 17
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 18
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 19
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 20
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 21
        unsafe_sub(P, unsafe_div(unsafe_mul(r, P), 22 * P))), 21 * P))), 20 * P))), 19 * P))), 18 * P))), 17 * P))
    p = unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 12
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 13
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 14
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 15
        unsafe_sub(P, unsafe_div(unsafe_mul(r, p), 16 * P))), 15 * P))), 14 * P))), 13 * P))), 12 * P))
    p = unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 7
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 8
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 9
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 10
        unsafe_sub(P, unsafe_div(unsafe_mul(r, p), 11 * P))), 10 * P))), 9 * P))), 8 * P))), 7 * P))
    p = unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 1
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 2
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 3
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 4
        unsafe_sub(P, unsafe_div(unsafe_mul(r,  # j = 5
        unsafe_sub(P, unsafe_div(unsafe_mul(r, p), 6 * P))), 5 * P))), 4 * P))), 3 * P))), 2 * P))), P))
    return p >> k


@internal
@pure
def ln(x: uint256) -> uint256:
    """
    @notice ln(x / P) * P for P <= x < 256 P, rounded down (never negative).
    @dev x = 2^k * z (* sqrt 2) with 1 <= z < sqrt 2; ln z = 2 atanh(t), t = (z - 1) / (z + 1)
         < 0.1716, by an 18-term odd series in Horner form (truncation < 1e-27).
    """
    assert x >= P and x < 256 * P, "market: ln domain"
    # z = x >> k and acc = k LN2 with k = floor(log2(x / P)) < 8, found by halving the range
    # (the same z and acc as k single shifts, each adding LN2)
    z: uint256 = x
    acc: uint256 = 0
    if z >= 16 * P:
        z = z >> 4
        acc = 4 * LN2
    if z >= 4 * P:
        z = z >> 2
        acc = unsafe_add(acc, 2 * LN2)
    if z >= 2 * P:
        z = z >> 1
        acc = unsafe_add(acc, LN2)
    if z >= SQRT2:
        z = unsafe_div(unsafe_mul(z, P), SQRT2)
        acc = unsafe_add(acc, LN2_HALF)
    t: uint256 = unsafe_div(unsafe_mul(unsafe_sub(z, P), P), unsafe_add(z, P))
    t2: uint256 = unsafe_div(unsafe_mul(t, t), P)
    # Horner steps s <- 1/d + s t2, d = 33, 31 .. 1 (from s = 1/35), nested a few at a time as above
    s: uint256 = unsafe_add(P // 23, unsafe_div(unsafe_mul(
        unsafe_add(P // 25, unsafe_div(unsafe_mul(
        unsafe_add(P // 27, unsafe_div(unsafe_mul(
        unsafe_add(P // 29, unsafe_div(unsafe_mul(
        unsafe_add(P // 31, unsafe_div(unsafe_mul(
        unsafe_add(P // 33, unsafe_div(unsafe_mul(P // 35, t2), P)), t2), P)), t2), P)), t2), P)), t2), P)), t2), P))
    s = unsafe_add(P // 11, unsafe_div(unsafe_mul(
        unsafe_add(P // 13, unsafe_div(unsafe_mul(
        unsafe_add(P // 15, unsafe_div(unsafe_mul(
        unsafe_add(P // 17, unsafe_div(unsafe_mul(
        unsafe_add(P // 19, unsafe_div(unsafe_mul(
        unsafe_add(P // 21, unsafe_div(unsafe_mul(s, t2), P)), t2), P)), t2), P)), t2), P)), t2), P)), t2), P))
    s = unsafe_add(P, unsafe_div(unsafe_mul(
        unsafe_add(P // 3, unsafe_div(unsafe_mul(
        unsafe_add(P // 5, unsafe_div(unsafe_mul(
        unsafe_add(P // 7, unsafe_div(unsafe_mul(
        unsafe_add(P // 9, unsafe_div(unsafe_mul(s, t2), P)), t2), P)), t2), P)), t2), P)), t2), P))
    return unsafe_add(acc, unsafe_div(unsafe_mul(2 * t, s), P))


@internal
@pure
def cost(q: DynArray[uint256, MAX_OUTCOMES], b: uint256) -> uint256:
    """
    @notice The LMSR cost C(q) = m + b * ln(sum_i exp((q_i - m) / b)), rounded down, in the
            units of q. Always >= max_i q_i, because the largest term is exactly 1.
    @param q Outstanding quantities (plus any initial seed), each < 2**128.
    @param b Liquidity parameter, > 0 and < 2**128.
    """
    m: uint256 = 0
    for qi: uint256 in q:
        m = max(m, qi)
    s: uint256 = 0
    for qi: uint256 in q:
        if qi == m:
            s = unsafe_add(s, P)
        else:
            s = unsafe_add(s, self.exp_neg(unsafe_div(unsafe_mul(unsafe_sub(m, qi), P), b)))
    return m + unsafe_div(unsafe_mul(b, self.ln(s)), P)
