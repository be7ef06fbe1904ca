"""Round 18b (issue #15): anyone-can-withdraw shapes the third blind set exposed (ether.py, _sweep.py).
A public function sends ether to an address its caller names, with no caller check, while the contract
checks its caller elsewhere (an owner or council it forgot here): a fee pool taken whole and zeroed, or an
amount the caller picks sent as plain ether. Each vulnerable case is reported (high) at the send and its
fixed twin stays quiet; Solidity 0.4 and 0.8, and Vyper 0.4. A call forwarding data (a relay) and a
contract with no authority anywhere stay out."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

RULE = "unprotected-withdrawal"

POOL_04 = """pragma solidity ^0.4.24;
contract AuctionHouse {
    address public owner;
    uint public proceeds;
    uint public reserve;
    function AuctionHouse() public { owner = msg.sender; }
    function setReserve(uint r) public {
        require(msg.sender == owner);
        reserve = r;
    }
    function bid() public payable {
        require(msg.value >= reserve);
        proceeds += msg.value;
    }
    function collect(address dest) public {
        %s
        dest.transfer(proceeds);
        proceeds = 0;
    }
}
"""

POOL_08 = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Arcade {
    address public operator;
    uint256 public pot;
    modifier onlyOperator() {
        require(msg.sender == operator, "operator");
        _;
    }
    constructor() { operator = msg.sender; }
    function play() external payable { pot += msg.value / 10; }
    function setOperator(address o) external onlyOperator { operator = o; }
    function drain(address to) external %s{
        uint256 due = pot;
        delete pot;
        (bool ok, ) = payable(to).call{value: due}("");
        require(ok, "send");
    }
}
"""

CHOSEN_08 = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract GrantsPot {
    address public admin;
    uint256 public granted;
    constructor() { admin = msg.sender; }
    receive() external payable {}
    function setAdmin(address a) external {
        require(msg.sender == admin, "admin");
        admin = a;
    }
    function grant(address payable to, uint256 value) external {
        %s
        granted += value;
        to.transfer(value);
    }
}
"""

CHOSEN_04 = """pragma solidity ^0.4.24;
contract Chest {
    address public keeper;
    function Chest() public { keeper = msg.sender; }
    function () public payable {}
    function rekey(address k) public {
        if (msg.sender != keeper) throw;
        keeper = k;
    }
    function pay(address to, uint value) public {
        %s
        require(to.send(value));
    }
}
"""

CHOSEN_VY = """#pragma version ^0.4.0

steward: public(address)
paid_out: public(uint256)

@deploy
def __init__():
    self.steward = msg.sender

@external
@payable
def __default__():
    pass

@external
def hand_over(new_steward: address):
    assert msg.sender == self.steward
    self.steward = new_steward

@external
def reimburse(payee: address, amount: uint256):
    %s
    self.paid_out += amount
    send(payee, amount)
"""

CASES = [
    ("pool_04.sol", POOL_04, "require(msg.sender == owner);", "dest.transfer(proceeds)"),
    ("pool_08.sol", POOL_08, "onlyOperator ", "payable(to).call{value: due}"),
    ("chosen_08.sol", CHOSEN_08, 'require(msg.sender == admin, "admin");', "to.transfer(value)"),
    ("chosen_04.sol", CHOSEN_04, "require(msg.sender == keeper);", "require(to.send(value))"),
    ("chosen.vy", CHOSEN_VY, "assert msg.sender == self.steward", "send(payee, amount)"),
]


def _hits(src: str, path: str) -> list[int]:
    return [f.line for f in scan_source(src, path) if f.detector == RULE]


def _line(src: str, needle: str) -> int:
    return next(i for i, ln in enumerate(src.splitlines(), 1) if needle in ln)


@pytest.mark.parametrize(("path", "tpl", "fix", "send"), CASES, ids=[c[0] for c in CASES])
def test_open_payout_reported_and_guarded_twin_quiet(path: str, tpl: str, fix: str, send: str) -> None:
    vuln = tpl % ("pass" if path.endswith(".vy") else "")
    assert _hits(vuln, path) == [_line(vuln, send)]
    assert _hits(tpl % fix, path) == []


def test_forwarded_data_stays_out_plain_value_reported() -> None:
    relay = CHOSEN_08.replace(
        "function grant(address payable to, uint256 value) external {",
        "function grant(address payable to, uint256 value, bytes calldata data) external {",
    ).replace("to.transfer(value);", '(bool ok, ) = to.call{value: value}(data);\n        require(ok, "call");')
    assert _hits(relay % "", "relay.sol") == []
    plain = relay.replace("to.call{value: value}(data)", 'to.call{value: value}("")')
    assert _hits(plain % "", "plain.sol") == [_line(plain % "", "to.call{value: value}")]


def test_pool_sweep_needs_an_authority_elsewhere() -> None:
    vuln = POOL_04 % ""
    anarchic = vuln.replace("        require(msg.sender == owner);\n        reserve = r;", "        reserve = r;")
    assert _hits(anarchic, "anarchic.sol") == []  # no caller check anywhere: no owner was forgotten
    assert _hits(vuln, "pool.sol") == [_line(vuln, "dest.transfer(proceeds)")]


SIGNED_06 = """pragma solidity ^0.6.12;
contract SignedPayouts {
    address public owner;
    address public signer;
    uint256 public nonce;
    constructor() public { owner = msg.sender; }
    receive() external payable {}
    function setSigner(address s) external {
        require(msg.sender == owner, "owner");
        signer = s;
    }
    function payout(address payable to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 h = keccak256(abi.encodePacked(address(this), to, amount, nonce));
        address who = ecrecover(h, v, r, s);
        require(who != address(0) && who == signer, "signer");
        nonce++;
        to.transfer(amount);
    }
}
"""


def test_signed_payout_stays_out_unsigned_reported() -> None:
    assert _hits(SIGNED_06, "signed.sol") == []  # a signer approved this payee and amount
    unsigned = SIGNED_06.replace("address who = ecrecover(h, v, r, s);", "address who = signer;")
    unsigned = unsigned.replace("bytes32 h = keccak256(abi.encodePacked(address(this), to, amount, nonce));", "")
    assert _hits(unsigned, "unsigned.sol") == [_line(unsigned, "to.transfer(amount)")]


def test_record_debited_through_a_caller_copy_stays_out() -> None:
    vuln = CHOSEN_08 % ""
    debit = vuln.replace(
        "uint256 public granted;", "uint256 public granted;\n    mapping(address => uint256) public credit;"
    ).replace(
        "granted += value;",
        "address account = msg.sender;\n        require(credit[account] >= value);\n        credit[account] -= value;",
    )
    assert _hits(debit, "debit.sol") == []  # the caller's own credit, paid wherever they ask
    assert _hits(vuln, "grant.sol") == [_line(vuln, "to.transfer(value)")]
