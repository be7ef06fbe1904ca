"""Random conditions against an independent truth-table check (src/nexus/scan/callers.py, guards.py).

A condition restricts the caller when every assignment of its operands that makes it true (at the point
the code relies on it) makes some caller check true: `msg.sender == owner`, `msg.sender == admin`,
`staff[msg.sender]`; `a > 0`, `b > 0` and `msg.sender == who` (`who` a parameter) are the caller's to
choose. For conditions without `!` the
scanner's reading (a conjunction needs one restrictive side, a disjunction every side) must agree with
the truth table exactly; with `!` it must never call a condition a guard the table says anyone passes.
Checked through `unprotected-selfdestruct` behind `require(F)` and `if (!(F)) revert();`.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.scan import scan_source

CALLER = ["msg.sender == owner", "msg.sender == admin", "staff[msg.sender]"]
OPEN = ["a > 0", "b > 0", "msg.sender == who"]
ATOMS = CALLER + OPEN

BOX = """pragma solidity ^0.8.20;
contract Box {
    address owner;
    address admin;
    mapping(address => bool) staff;
    constructor() { owner = msg.sender; }
    function close(uint256 a, uint256 b, address who) external {
        GUARD
        selfdestruct(payable(owner));
    }
}
"""

Tree = int | tuple


def _trees(negation: bool) -> st.SearchStrategy[Tree]:
    leaf = st.sampled_from(range(len(ATOMS)))

    def grow(inner: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
        pair = st.tuples(st.sampled_from(["&&", "||"]), inner, inner)
        return st.one_of(pair, st.tuples(st.just("!"), inner)) if negation else pair

    return st.recursive(leaf, grow, max_leaves=5)


def _render(t: Tree) -> str:
    if isinstance(t, int):
        return ATOMS[t]
    if t[0] == "!":
        return f"!({_render(t[1])})"
    return f"({_render(t[1])} {t[0]} {_render(t[2])})"


def _value(t: Tree, env: tuple[bool, ...]) -> bool:
    if isinstance(t, int):
        return env[t]
    if t[0] == "!":
        return not _value(t[1], env)
    left, right = _value(t[1], env), _value(t[2], env)
    return left and right if t[0] == "&&" else left or right


def _restricts(t: Tree) -> bool:
    """The truth table: no assignment with every caller check false makes the condition true."""
    return not any(
        _value(t, env) and not any(env[: len(CALLER)]) for env in itertools.product((False, True), repeat=len(ATOMS))
    )


def _guarded(t: Tree, form: str) -> bool:
    cond = _render(t)
    guard = f"require({cond});" if form == "require" else f"if (!({cond})) revert();"
    found = [f for f in scan_source(BOX.replace("GUARD", guard), "b.sol") if f.detector == "unprotected-selfdestruct"]
    return not found


@settings(max_examples=40, deadline=None)
@given(_trees(negation=False), st.sampled_from(["require", "if-revert"]))
def test_without_negation_the_reading_matches_the_truth_table(t: Tree, form: str) -> None:
    assert _guarded(t, form) == _restricts(t), _render(t)


@settings(max_examples=40, deadline=None)
@given(_trees(negation=True), st.sampled_from(["require", "if-revert"]))
def test_with_negation_a_guard_is_never_one_anyone_passes(t: Tree, form: str) -> None:
    if _guarded(t, form):
        assert _restricts(t), _render(t)
