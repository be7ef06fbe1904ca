"""Block hashes read as facts, not drawn (see `_quiet`): a check of a claimed hash, and a packed record.

* `if (_l1BlockHash != bytes32(0)) { require(blockhash(_l1BlockNumber) == _l1BlockHash); }`: the caller
  claims (as an argument of this call) the hash of a past block and the contract checks the claim
  against the chain. A miner cannot
  rewrite a past block's hash, and since the claim is known to be non-zero, a block older than 256 (whose
  `blockhash` is zero) fails the check instead of matching. Nothing is picked by the hash. Without the
  non-zero check (`require(blockhash(n) == guess)`: guess zero and wait 256 blocks), or with a stored guess
  committed before the block (a lottery), it stays reported.
* `bytes32 parentHash = blockhash(block.number - 1); x.clone(abi.encodePacked(msg.sender, claim,
  parentHash, data))`: the hash is one field of a packed record handed to a call (no hash, no modulo,
  no comparison on the way): it records which block the record was made after. What the callee does with
  it is the callee's code. Handed to a call on its own (`game.play(h)`) or hashed into a draw, it stays.
"""

from __future__ import annotations

from ..guards import Fact
from ..ir import Expr, render
from ._draws import Index, Site, is_blockhash, is_hash, lift, strip

__all__ = ["packed_record", "verified_claim"]


def _zero(e: Expr) -> bool:
    e = strip(e)
    if e.kind == "call" and e.callee.kind == "ident" and e.callee.name == "empty":
        return True  # Vyper's empty(bytes32)
    return e.kind == "literal" and (e.name.isdigit() and int(e.name) == 0 or e.name == "0x0")


def _nonzero(claim: str, facts: tuple[Fact, ...]) -> bool:
    """A fact that says `claim != 0` (`claim != bytes32(0)` true, `claim == 0` false, `claim > 0` true)."""
    for c, truth in facts:
        if c.kind != "binary" or len(c.args) != 2:
            continue
        left, right = c.args
        sides = {render(strip(left)), render(strip(right))}
        if claim not in sides or not (_zero(left) or _zero(right)):
            continue
        if c.name == "!=" and truth or c.name == "==" and not truth or c.name == ">" and truth:
            return True
    return False


def verified_claim(st: Site, ix: Index, facts: tuple[Fact, ...]) -> bool:
    """`blockhash(n) == claim` (or `!=`) where `claim` is a parameter known to be non-zero."""
    st = lift(st, ix, True)
    up = st.up
    if up is None or up.kind != "binary" or up.name not in ("==", "!="):
        return False
    other = up.args[1] if up.args[0] is st.node else up.args[0]
    if any(
        is_blockhash(y) or y.kind == "member" and y.args[0].kind == "ident" and y.args[0].name == "block"
        for y in other.walk()
    ):
        return False
    claim = strip(other)
    params = {p.name for p in ix.f.params}
    if claim.kind != "ident" or claim.name not in params:
        return False  # a stored guess (`bets[me].guess`) committed earlier is a lottery: it stays
    return _nonzero(render(claim), facts)


def packed_record(st: Site, ix: Index) -> bool:
    """The value is one of several fields of `abi.encode(..)` / `abi.encodePacked(..)` that is itself an
    argument of a call that is no hash (a record handed on, not a draw)."""
    st = lift(st, ix, True)
    up = st.up
    if (
        up is None
        or up.kind != "call"
        or not (up.callee.is_member("abi", "encodePacked") or up.callee.is_member("abi", "encode"))
    ):
        return False
    if len(up.arguments) < 2:
        return False
    outer = ix.site(up)
    call = outer.up if outer is not None else None
    return call is not None and call.kind == "call" and call.callee is not up and not is_hash(call)
