"""Two benign shapes from own twin contracts: a caller check on the same line as the write it guards
(`function setBeneficiary(address b) public { require(msg.sender == beneficiary); beneficiary = b; }`,
src/nexus/scan/flow.py caller_guards), and a hash of block values kept in a local that only ever names a
mapping entry (`bytes32 id = keccak256(msg.sender, now); receipts[id] = ..`, detectors/randomness.py).
Each has a vulnerable twin that is still reported. Solidity 0.4 and 0.5."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _of(src: str, detector: str) -> list[int]:
    return [f.line for f in scan_source(src, "c.sol") if f.detector == detector]


FUND = """pragma solidity ^0.4.24;
contract Fund {
    address public beneficiary;
    constructor(address b) public { beneficiary = b; }
    function setBeneficiary(address b) public { CHECK beneficiary = b; }
    function payout() public { beneficiary.transfer(address(this).balance); }
}
"""


@pytest.mark.parametrize(
    "check",
    [
        "require(msg.sender == beneficiary);",
        "if (msg.sender != beneficiary) throw;",
        "assert(beneficiary == msg.sender);",
    ],
)
def test_a_caller_check_on_the_writes_own_line_guards_it(check: str) -> None:
    assert _of(FUND.replace("CHECK", check), "payee-race") == []


@pytest.mark.parametrize("check", ["", "require(b != address(0));"])
def test_a_one_line_setter_without_a_caller_check_is_still_a_payee_race(check: str) -> None:
    assert _of(FUND.replace("CHECK", check), "payee-race") == [6]


def test_a_one_line_owner_setter_is_owner_only_arithmetic() -> None:
    src = """pragma solidity ^0.4.24;
contract Fee {
    address owner;
    uint public fee;
    uint public total;
    constructor() public { owner = msg.sender; }
    function setFee(uint a, uint b) public { require(msg.sender == owner); fee = a * b; }
    function add(uint a) public { total += a; }
}
"""
    found = {f.line: f.confidence for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}
    assert found == {7: "low", 8: "medium"}


RECEIPTS = """pragma solidity ^0.5.0;
contract Receipts {
    mapping(bytes32 => address) public receipts;
    event Paid(bytes32 id);
    function pay() external payable {
        bytes32 id = keccak256(abi.encodePacked(msg.sender, block.timestamp, block.number));
        receipts[id] = msg.sender;
        emit Paid(id);
    }
    function draw() external payable {
        bytes32 seed = keccak256(abi.encodePacked(msg.sender, block.timestamp, block.number));
        if (uint256(seed) % 2 == 0) { msg.sender.transfer(2 * msg.value); }
    }
}
"""


def test_a_block_hash_local_used_only_as_a_key_is_an_identifier_but_one_that_decides_is_a_draw() -> None:
    assert _of(RECEIPTS, "bad-randomness") == [12]
    assert 6 not in _of(RECEIPTS, "timestamp-dependence")


def test_an_identifier_local_reassigned_or_compared_is_no_longer_only_a_key() -> None:
    src = RECEIPTS.replace(
        "receipts[id] = msg.sender;", "receipts[id] = msg.sender;\n        require(id != bytes32(0));"
    )
    assert 6 in _of(src, "bad-randomness")
