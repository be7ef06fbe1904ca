"""Vyper 0.3 external calls: before 0.4's `extcall`, a call on an interface-typed value (`m.mint(..)` with
`m: Minter`, `Minter(self.minter).mint(..)`) was written without a keyword. Such calls leave the contract as
much as 0.4's `extcall` ones do, so re-entrancy is judged the same; a 0.4 module function (`lib.f()`, a call
on a module name, no interface type) still runs no other contract's code.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

V03 = """# @version 0.3.10
interface Minter:
    def mint(to: address, amount: uint256): nonpayable

balances: public(HashMap[address, uint256])
minter: public(address)

@external
def set_minter(m: address):
    self.minter = m

@external
def claim(m: Minter):
    amount: uint256 = self.balances[msg.sender]
    CALL
    self.balances[msg.sender] = 0
"""


def _reentrancy(src: str) -> list[tuple[int, str, str]]:
    return sorted((f.line, f.severity, f.confidence) for f in scan_source(src, "v.vy") if f.detector == "reentrancy")


@pytest.mark.parametrize("call", ["m.mint(msg.sender, amount)", "Minter(self.minter).mint(msg.sender, amount)"])
def test_a_03_interface_call_is_judged_like_its_04_extcall(call: str) -> None:
    old = _reentrancy(V03.replace("CALL", call))
    new = _reentrancy(V03.replace("CALL", "extcall " + call).replace("0.3.10", "0.4.0"))
    assert old and old == new
    assert all(line == 15 for line, _, _ in old)


def test_a_write_before_the_03_call_is_quiet() -> None:
    fixed = V03.replace(
        "    CALL\n    self.balances[msg.sender] = 0\n",
        "    self.balances[msg.sender] = 0\n    m.mint(msg.sender, amount)\n",
    )
    assert _reentrancy(fixed) == []


def test_a_04_module_function_is_no_external_call() -> None:
    src = V03.replace("# @version 0.3.10\n", "import checks\n").replace("CALL", "checks.require_positive(amount)")
    assert _reentrancy(src) == []
