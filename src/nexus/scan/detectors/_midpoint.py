"""A midpoint between two bounds, for the pre-0.8 arithmetic detector (`integer-overflow`, arithmetic.py).

A binary search (Compound's `getPriorVotes` and its many forks, any sorted-array lookup) keeps two
unsigned bounds and splits the gap: `center = upper - (upper - lower) / 2`. Two facts clear it:

- **`hi - (hi - lo) / k` is at least `lo`.** The subtraction inside is `hi - lo`; when that is in range
  (`hi >= lo`) the quotient is at most `hi - lo`, so what is left of `hi` is at least `lo`, never below
  zero. When `hi - lo` itself can wrap, that inner subtraction is the finding, judged on its own. The same
  holds for `>> n` and for no division at all (`hi - (hi - lo)` is `lo`).
- **`mid - 1` is at least zero when `mid` is such a midpoint taken under `hi > lo`** with `k >= 2` (or a
  shift of at least 1): the gap `d >= 1` loses at most `floor(d / 2)`, so `mid >= lo + 1 >= 1`. `mid` must
  be an unsigned local assigned once, and `hi > lo` must hold where it is assigned (a loop condition
  `while (upper > lower)`, a `require`, an early return), which is what the search's loop guarantees.
"""

from __future__ import annotations

from ..facts import single_assignments
from ..flow import Scope
from ..ir import Expr, Function, render
from ._lower import strictly_above

__all__ = ["midpoint"]


def _bare(e: Expr) -> Expr:
    while e.kind == "cast" and len(e.args) == 1:
        e = e.args[0]
    return e


def _halved(b: Expr, a_text: str) -> tuple[Expr, int] | None:
    """`(a - lo) / k`, `(a - lo) >> n` or `(a - lo)`: (lo, the least shrink factor: 2 for `/ 2`, `>> 1`)."""
    b = _bare(b)
    factor = 1
    if b.kind == "binary" and b.name in ("/", ">>") and len(b.args) == 2:
        lit = b.args[1]
        if lit.kind != "literal" or not lit.name.isdigit():
            return None
        factor = int(lit.name) if b.name == "/" else 2 ** min(int(lit.name), 8)
        b = _bare(b.args[0])
    if b.kind == "binary" and b.name == "-" and len(b.args) == 2 and _same(b.args[0], a_text):
        return b.args[1], factor
    return None


def _same(e: Expr, text: str) -> bool:
    return render(_bare(e)).strip("()") == text


def midpoint(sym: str, a: Expr, b: Expr, f: Function, scope: Scope, locals_: dict[str, str]) -> bool:
    """`hi - (hi - lo) / k`, or `mid - 1` of such a midpoint taken under `hi > lo` (see above)."""
    if sym != "-":
        return False
    if _halved(b, render(_bare(a)).strip("()")) is not None:
        return True
    if render(b) != "1" or a.kind != "ident" or not locals_.get(a.name, "").startswith("uint"):
        return False
    value = single_assignments(f.body or []).get(a.name)
    if value is None or value.kind != "binary" or value.name != "-" or len(value.args) != 2:
        return False
    hi = render(_bare(value.args[0])).strip("()")
    split = _halved(value.args[1], hi)
    if split is None or split[1] < 2:
        return False
    return strictly_above(f, a.name, hi, render(_bare(split[0])).strip("()"))
