"""Re-entrancy in a function only the owner can call: the call hands control to whoever the owner pays,
but re-entering the function needs the owner's own check to pass again, so only the owner can re-enter,
as itself. The finding stays (a low-confidence note) and leaves the default view; the same function
anyone can call, or one "guarded" by a check anyone passes (`msg.sender == tx.origin`, an address the
caller passes in), stays at medium. Twins in Solidity 0.4 (modifier) and 0.8 (require, custom error)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _reentrancy(src: str) -> list[tuple[int, str, str]]:
    return sorted((f.line, f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "reentrancy")


OLD = """pragma solidity ^0.4.24;
contract Vault {
    address public owner;
    mapping(address => uint) public credit;
    uint public paid;
    modifier onlyOwner() { require(msg.sender == owner); _; }
    constructor() public { owner = msg.sender; }
    function deposit() public payable { credit[msg.sender] += msg.value; }
    function withdraw(address to, uint amount) public onlyOwner {
        require(to.call.value(amount)());
        paid += amount;
    }
}
"""

NEW = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Vault {
    error NotOwner();
    address public owner;
    uint public paid;
    constructor() { owner = msg.sender; }
    receive() external payable {}
    function withdraw(uint amount) external {
        if (msg.sender != owner) revert NotOwner();
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
        paid += amount;
    }
}
"""


@pytest.mark.parametrize("src", [OLD, NEW], ids=["0.4-modifier", "0.8-custom-error"])
def test_owner_only_reentrancy_is_low_confidence(src: str) -> None:
    found = _reentrancy(src)
    assert found, "the call before the write is still reported"
    assert {c for _, _, c in found} == {"low"}


@pytest.mark.parametrize(
    ("src", "old", "new"),
    [
        (OLD, " onlyOwner {", " {"),  # anyone calls it
        (OLD, "require(msg.sender == owner);", "require(msg.sender == tx.origin);"),  # anyone passes it
        (NEW, "if (msg.sender != owner) revert NotOwner();", ""),
        (NEW, "external {\n        if (msg.sender != owner)", "external {\n        if (msg.sender != tx.origin)"),
        (
            NEW,
            "function withdraw(uint amount) external {\n        if (msg.sender != owner)",
            "function withdraw(uint amount, address boss) external {\n        if (msg.sender != boss)",
        ),
    ],
    ids=["0.4-public", "0.4-tx-origin", "0.8-public", "0.8-tx-origin", "0.8-caller-passed"],
)
def test_reentrancy_anyone_can_reach_stays_medium(src: str, old: str, new: str) -> None:
    assert old in src
    found = _reentrancy(src.replace(old, new))
    assert found
    assert "medium" in {c for _, _, c in found}


def test_owner_only_line_after_a_public_statement_is_not_lowered() -> None:
    """Only the call's own guard counts: a call reached before the owner check stays medium."""
    check = "        if (msg.sender != owner) revert NotOwner();\n"
    call = '        (bool ok, ) = msg.sender.call{value: amount}("");\n'
    src = NEW.replace(check + call, call + check)
    assert src != NEW
    found = _reentrancy(src)
    assert found and "medium" in {c for _, _, c in found}


def test_owner_anyone_can_become_stays_medium() -> None:
    """`onlyOwner` against an owner a public function lets anyone set (the TokenBank honeypot's
    `initTokenBank() { owner = msg.sender; }`) guards nothing: the finding stays at medium."""
    src = OLD.replace(
        "    function deposit()", "    function init() public { owner = msg.sender; }\n    function deposit()"
    )
    found = _reentrancy(src)
    assert found and "medium" in {c for _, _, c in found}


def test_check_against_a_record_anyone_creates_stays_medium() -> None:
    """`msg.sender == channels[id].party` names no owner: whoever opened the channel passes it."""
    src = NEW.replace("if (msg.sender != owner) revert NotOwner();", "if (msg.sender != parties[0]) revert NotOwner();")
    src = src.replace("    uint public paid;", "    uint public paid;\n    address[] public parties;")
    src = src.replace("    receive()", "    function join() external { parties.push(msg.sender); }\n    receive()")
    found = _reentrancy(src)
    assert found and "medium" in {c for _, _, c in found}
