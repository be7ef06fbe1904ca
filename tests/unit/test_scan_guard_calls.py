"""A checking helper called first is a guard (src/nexus/scan/callers.py, guards.py): `_checkOwner();`
whose body starts `require(msg.sender == owner);`, `_check(msg.sender)` with `require(who == owner)`
(the parameter bound to the call's argument), a helper calling such a helper, and the same on one line
(`_checkOwner(); owner = n;`). The vulnerable twins: the helper is asked about an address the caller
passes or about the owner itself, its check can be skipped by an early return, the check comes after
the write, or a bool helper's answer is thrown away (`isOwner();`). Own twins in Solidity 0.4 and 0.8;
a small fuzz over which helper each function calls."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.scan import scan_source

HELPERS = """
    function _checkOwner() internal view { require(msg.sender == owner); }
    function _check(address who) internal view { require(who == owner); }
    function _deep() internal view { _checkOwner(); }
    function _late() internal view { if (owner == address(0)) return; require(msg.sender == owner); }
    function isOwner() internal view returns (bool) { return msg.sender == owner; }
    function _noop(address who) internal pure { who; }
"""

BOX_04 = (
    """pragma solidity ^0.4.24;
contract Box {
    address owner;
    constructor() public { owner = msg.sender; }
    function setOwner(address n) public {
        GUARD
        owner = n;
    }
    function close(address n) public {
        GUARD
        selfdestruct(owner);
    }
    function sweep() public { _checkOwner(); owner.transfer(address(this).balance); }"""
    + HELPERS
    + "}\n"
)

BOX_08 = (
    BOX_04.replace("pragma solidity ^0.4.24;", "pragma solidity ^0.8.20;")
    .replace("constructor() public", "constructor()")
    .replace("selfdestruct(owner);", "selfdestruct(payable(owner));")
    .replace("owner.transfer(address(this).balance);", "payable(owner).transfer(address(this).balance);")
)

SAFE = ["_checkOwner();", "_check(msg.sender);", "_deep();"]
UNSAFE = ["_check(n);", "_check(owner);", "_late();", "isOwner();", "_noop(msg.sender);"]


def _access(src: str) -> set[tuple[int, str]]:
    return {
        (f.line, f.detector)
        for f in scan_source(src, "c.sol")
        if f.category == "access_control" and f.confidence in ("medium", "high")
    }


@pytest.mark.parametrize("box", [BOX_04, BOX_08], ids=["0.4", "0.8"])
@pytest.mark.parametrize("guard", SAFE)
def test_a_checking_helper_called_first_guards(box: str, guard: str) -> None:
    assert _access(box.replace("GUARD", guard)) == set()


@pytest.mark.parametrize("box", [BOX_04, BOX_08], ids=["0.4", "0.8"])
@pytest.mark.parametrize("guard", UNSAFE)
def test_helpers_that_restrict_nobody_stay_reported(box: str, guard: str) -> None:
    got = _access(box.replace("GUARD", guard))
    assert (7, "unprotected-owner-write") in got
    assert (11, "unprotected-selfdestruct") in got


def test_one_line_guarded_and_unguarded_statements() -> None:
    one = BOX_04.replace("        GUARD\n        owner = n;", "        _checkOwner(); owner = n;")
    assert _access(one.replace("GUARD", "_checkOwner();")) == set()
    late = BOX_04.replace("        GUARD\n        owner = n;", "        owner = n; _checkOwner();")
    assert any(d == "unprotected-owner-write" for _, d in _access(late.replace("GUARD", "_checkOwner();")))


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(SAFE + UNSAFE), st.sampled_from(SAFE + UNSAFE))
def test_each_function_is_reported_exactly_when_its_own_helper_restricts_nobody(first: str, second: str) -> None:
    src = BOX_04.replace("GUARD", first, 1).replace("GUARD", second, 1)
    got = _access(src)
    assert ((7, "unprotected-owner-write") in got) == (first in UNSAFE)
    assert ((11, "unprotected-selfdestruct") in got) == (second in UNSAFE)
