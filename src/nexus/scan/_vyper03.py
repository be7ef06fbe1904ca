"""Vyper 0.3 compatibility: rewrite syntax that vyper 0.4's parser rejects but 0.3.x accepted.

Vyper 0.4 made the loop variable's type mandatory (`for i: uint256 in range(n):`); 0.3.x wrote
`for i in range(n):` and `for who in self.staff:`. Without the rewrite such a file fails to parse and
loses every finding. The annotation is only there to satisfy the parser: the lowering keeps the loop
variable's name, not its type. Line numbers are unchanged (the rewrite never adds or removes a line).
"""

from __future__ import annotations

import re

__all__ = ["modernise"]

# A `for` header whose loop variable carries no annotation: `for NAME in ...`.
_UNTYPED_FOR = re.compile(r"^(?P<lead>[ \t]*for[ \t]+)(?P<name>[A-Za-z_]\w*)(?P<gap>[ \t]+in[ \t(])", re.MULTILINE)


def modernise(source: str) -> str:
    """Return comment-free `source` with 0.3-only syntax rewritten to the 0.4 form (same lines)."""
    return _UNTYPED_FOR.sub(lambda m: f"{m['lead']}{m['name']}: uint256{m['gap']}", source)
