"""The classes the older rules missed, on contracts written for these tests (vulnerable and fixed), in
Solidity 0.4 and 0.8 and, where the language has the construct, Vyper."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, detector: str, name: str = "c.sol") -> set[int]:
    return {f.line for f in scan_source(src, name) if f.detector == detector}


# -- re-entrancy through send/transfer (2300 gas is no guarantee since EIP-1884) --------------------------
STIPEND_04 = """pragma solidity ^0.4.24;
contract Refunds {
    mapping(address => uint) owed;
    function refund() public {
        if (owed[msg.sender] > 0) {
            msg.sender.send(owed[msg.sender]);
        }
        owed[msg.sender] = 0;
    }
}
"""
STIPEND_08 = """pragma solidity ^0.8.20;
contract Refunds {
    mapping(address => uint256) owed;
    uint256 paid;
    function refund() external {
        payable(msg.sender).transfer(owed[msg.sender]);
        paid += 1;
    }
}
"""
STIPEND_VY = """# pragma version ~=0.4.0
owed: HashMap[address, uint256]

@external
def refund():
    send(msg.sender, self.owed[msg.sender])
    self.owed[msg.sender] = 0
"""


@pytest.mark.parametrize(
    ("src", "line", "name"), [(STIPEND_04, 6, "a.sol"), (STIPEND_08, 6, "b.sol"), (STIPEND_VY, 6, "c.vy")]
)
def test_send_or_transfer_before_a_state_write_is_reported_with_its_own_low_severity(
    src: str, line: int, name: str
) -> None:
    found = [f for f in scan_source(src, name) if f.detector == "reentrancy-stipend"]
    assert [(f.line, f.severity, f.category) for f in found] == [(line, "low", "reentrancy")]
    # the classic re-entrancy rule stays silent: it is a separate, lower-severity claim
    assert not [f for f in scan_source(src, name) if f.detector == "reentrancy"]


def test_writing_state_before_the_transfer_is_silent() -> None:
    fixed = STIPEND_08.replace(
        """        payable(msg.sender).transfer(owed[msg.sender]);
        paid += 1;""",
        """        paid += 1;
        payable(msg.sender).transfer(owed[msg.sender]);""",
    )
    assert _hits(fixed, "reentrancy-stipend") == set()


# -- anyone can withdraw (SWC-105) -------------------------------------------------------------------------
WITHDRAW_04 = """pragma solidity ^0.4.24;
contract Jar {
    address owner;
    function Jar() public { owner = msg.sender; }
    function () public payable {}
    function take() public {
        msg.sender.transfer(this.balance);
    }
}
"""
WITHDRAW_08 = """pragma solidity ^0.8.20;
contract Jar {
    address owner;
    mapping(address => uint256) credit;
    constructor() { owner = msg.sender; }
    receive() external payable {}
    function take(uint256 amount) external {
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok);
    }
    function mine() external {
        uint256 amount = credit[msg.sender];
        credit[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }
    function owners() external {
        require(msg.sender == owner);
        payable(msg.sender).transfer(address(this).balance);
    }
}
"""
WITHDRAW_VY = """# pragma version ~=0.4.0
owner: address

@deploy
def __init__():
    self.owner = msg.sender

@external
def take(amount: uint256):
    send(msg.sender, amount)

@external
def sweep():
    assert msg.sender == self.owner
    send(msg.sender, self.balance)
"""


def test_ether_sent_to_any_caller_is_reported_and_per_caller_or_owner_payouts_are_not() -> None:
    assert _hits(WITHDRAW_04, "unprotected-withdrawal") == {7}
    assert _hits(WITHDRAW_08, "unprotected-withdrawal") == {8}  # not mine() (own credit), not owners()
    assert _hits(WITHDRAW_VY, "unprotected-withdrawal", "j.vy") == {10}


def test_guarded_withdrawal_is_silent() -> None:
    fixed = WITHDRAW_04.replace(
        "    function take() public {\n", "    function take() public {\n        require(msg.sender == owner);\n"
    )
    assert _hits(fixed, "unprotected-withdrawal") == set()


# -- a payee anyone can swap before the payment (SWC-114) -------------------------------------------------
PAYEE_04 = """pragma solidity ^0.4.24;
contract Prize {
    address public claimant;
    address owner;
    function Prize() public { owner = msg.sender; }
    function register() public { claimant = msg.sender; }
    function award() public {
        require(msg.sender == owner);
        claimant.transfer(this.balance);
    }
}
"""
PAYEE_08 = """pragma solidity ^0.8.20;
contract Prize {
    address payable public payee;
    address owner;
    function setPayee(address payable to) external { payee = to; }
    function release() external {
        (bool ok, ) = payee.call{value: address(this).balance}("");
        require(ok);
    }
}
"""


def test_payment_to_an_address_anyone_can_overwrite_is_front_running() -> None:
    found = [f for f in scan_source(PAYEE_04, "p.sol") if f.detector == "payee-race"]
    assert [(f.line, f.category, f.swc_id) for f in found] == [(9, "front_running", "SWC-114")]
    assert _hits(PAYEE_08, "payee-race") == {7}
    fixed = PAYEE_08.replace(
        "external { payee = to; }", "external {\n        require(msg.sender == owner);\n        payee = to;\n    }"
    )
    assert _hits(fixed, "payee-race") == set()


# -- a failure tested but not acted on (SWC-104) ----------------------------------------------------------
IGNORED_04 = """pragma solidity ^0.4.24;
contract Payout {
    event Failed(address to);
    function pay(address to, uint amount) public {
        if (!to.send(amount)) {
            emit Failed(to);
        }
    }
    function pay2(address to, uint amount) public {
        bool ok = to.call.value(amount)();
        if (ok) {
        } else {
        }
    }
}
"""
IGNORED_08 = """pragma solidity ^0.8.20;
contract Payout {
    function pay(address payable to, uint256 amount) external returns (bytes memory) {
        (bool ok, bytes memory data) = to.call{value: amount}("");
        if (ok) return data;
        revert("failed");
    }
    function pay2(address payable to, uint256 amount) external {
        if (!to.send(amount)) {
        }
    }
}
"""


def test_a_failure_branch_that_does_nothing_is_reported_one_that_reverts_is_not() -> None:
    assert _hits(IGNORED_04, "ignored-send-failure") == {5, 10}
    assert _hits(IGNORED_08, "ignored-send-failure") == {9}  # pay(): the code after the if reverts
    fixed = IGNORED_04.replace("emit Failed(to);", "revert();")
    assert _hits(fixed, "ignored-send-failure") == {10}


# -- the block timestamp in a state initialiser ---------------------------------------------------------
def test_a_state_variable_initialised_from_the_timestamp_is_an_info_finding() -> None:
    for version, now in (("0.4.24", "now"), ("0.8.20", "block.timestamp")):
        src = (
            f"pragma solidity ^{version};\ncontract Sale {{\n    uint256 start = {now};\n"
            "    uint256 constant LEN = 7 days;\n    uint256 cap = 10;\n}\n"
        )
        found = [(f.line, f.severity, f.category) for f in scan_source(src, "s.sol")]
        assert found == [(3, "info", "time_manipulation")]
