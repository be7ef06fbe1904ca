"""A disjunction guards the caller only when every side does (src/nexus/scan/callers.py, guards.py).

`require(msg.sender == owner || a > 0)` lets anyone in who passes a > 0, so a payout, an owner write,
a selfdestruct or a delegatecall behind it is unprotected and its arithmetic is the caller's to drive;
`msg.sender == owner || msg.sender == admin` (every side a caller check) is a guard. The same through
`if (..) revert();` (whose negation holds after it: `!=`/`&&` swap with `==`/`||`), `throw`,
modifiers and Vyper `assert .. or ..`. `msg.sender == tx.origin` (any account passes) and
`!registered[msg.sender]` (anyone not yet listed) restrict nobody. Own twins in Solidity 0.4, 0.6, 0.8
and Vyper; every vulnerable twin passed as guarded before this round.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, detector: str, name: str = "c.sol") -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, name) if f.detector == detector}


JAR_04 = """pragma solidity ^0.4.24;
contract Jar {
    address owner;
    address admin;
    uint total;
    function Jar() public { owner = msg.sender; }
    function () public payable {}
    function take(uint a) public {
        GUARD
        msg.sender.transfer(this.balance);
    }
    function add(uint a) public {
        GUARD
        total += a;
    }
    function setOwner(address n, uint a) public {
        GUARD
        owner = n;
    }
    function kill(uint a) public {
        GUARD
        selfdestruct(owner);
    }
    function run(address t, bytes d, uint a) public {
        GUARD
        require(t.delegatecall(d));
    }
}
"""
PAIRS = [  # (anyone passes, only staff passes)
    ("require(msg.sender == owner || a > 0);", "require(msg.sender == owner || msg.sender == admin);"),
    ("require(a > 0 || msg.sender == owner);", "require(a > 0 && msg.sender == owner);"),
    ("if (msg.sender != owner && a == 0) throw;", "if (msg.sender != owner && msg.sender != admin) throw;"),
    ("if (!(msg.sender == owner || a > 0)) revert();", "if (msg.sender != owner || a == 0) revert();"),
    (
        "require(msg.sender == owner || msg.sender == tx.origin);",
        "if (!(msg.sender == owner || msg.sender == admin)) revert();",
    ),
]


@pytest.mark.parametrize(("open_", "closed"), PAIRS)
def test_a_disjunction_guards_only_when_every_side_checks_the_caller(open_: str, closed: str) -> None:
    src = JAR_04.replace("GUARD", open_)
    assert _hits(src, "unprotected-withdrawal") == {10: "medium"}
    assert _hits(src, "integer-overflow") == {14: "medium"}
    assert set(_hits(src, "unprotected-owner-write")) == {18}
    assert set(_hits(src, "unprotected-selfdestruct")) == {22}
    assert set(_hits(src, "unprotected-delegatecall")) == {26}
    fixed = JAR_04.replace("GUARD", closed)  # every side a caller check, or a conjunction with one
    assert _hits(fixed, "unprotected-withdrawal") == {}
    assert _hits(fixed, "integer-overflow") == {14: "low"}  # owner-only arithmetic: a note
    assert _hits(fixed, "unprotected-owner-write") == {}
    assert _hits(fixed, "unprotected-selfdestruct") == {}
    assert _hits(fixed, "unprotected-delegatecall") == {}


MOD_06 = """pragma solidity ^0.6.12;
contract Vault {
    address owner;
    address admin;
    constructor() public { owner = msg.sender; }
    receive() external payable {}
    modifier onlyStaff(uint a) { GUARD _; }
    function sweep(uint a) external onlyStaff(a) {
        msg.sender.transfer(address(this).balance);
    }
}
"""


def test_a_modifier_with_an_open_disjunction_guards_nothing_in_solidity_06() -> None:
    assert _hits(MOD_06.replace("GUARD", "require(msg.sender == owner || a > 0);"), "unprotected-withdrawal") == {
        9: "medium"
    }
    fixed = MOD_06.replace("GUARD", "require(msg.sender == owner || msg.sender == admin);")
    assert _hits(fixed, "unprotected-withdrawal") == {}


KILL_08 = """pragma solidity ^0.8.20;
contract Box {
    address owner;
    mapping(address => bool) registered;
    mapping(address => bool) staff;
    constructor() { owner = msg.sender; }
    function register() external { registered[msg.sender] = true; }
    function close() external {
        GUARD
        selfdestruct(payable(owner));
    }
}
"""


@pytest.mark.parametrize(
    ("open_", "closed"),
    [
        ("require(msg.sender == tx.origin);", "require(msg.sender == owner);"),
        ("require(!registered[msg.sender]);", "require(staff[msg.sender]);"),
        ("if (registered[msg.sender]) revert();", "if (!staff[msg.sender]) revert();"),
        ("require(staff[msg.sender] == false);", "require(staff[msg.sender] == true);"),
        ("require(msg.sender != owner);", "if (msg.sender != owner) revert();"),
    ],
)
def test_checks_anyone_passes_are_not_caller_guards_in_solidity_08(open_: str, closed: str) -> None:
    assert set(_hits(KILL_08.replace("GUARD", open_), "unprotected-selfdestruct")) == {10}
    assert _hits(KILL_08.replace("GUARD", closed), "unprotected-selfdestruct") == {}


def test_an_else_branch_runs_for_everyone_but_the_owner() -> None:
    src = KILL_08.replace(
        "        GUARD\n        selfdestruct(payable(owner));",
        "        if (msg.sender == owner) {\n            return;\n        } else {\n"
        "            selfdestruct(payable(owner));\n        }",
    )
    assert set(_hits(src, "unprotected-selfdestruct")) == {12}
    fixed = src.replace("msg.sender == owner", "msg.sender != owner")
    assert _hits(fixed, "unprotected-selfdestruct") == {}


JAR_VY = """# pragma version ~=0.4.0
owner: address
admin: address

@deploy
def __init__():
    self.owner = msg.sender

@external
def take(a: uint256):
    assert msg.sender == self.owner or GUARD
    send(msg.sender, self.balance)
"""


def test_vyper_assert_with_an_open_or_guards_nothing() -> None:
    assert _hits(JAR_VY.replace("GUARD", "a > 0"), "unprotected-withdrawal", "j.vy") == {12: "medium"}
    assert _hits(JAR_VY.replace("GUARD", "msg.sender == self.admin"), "unprotected-withdrawal", "j.vy") == {}


PICK_05 = """pragma solidity ^0.5.17;
contract Till {
    address payable owner;
    address admin;
    constructor() public { owner = msg.sender; }
    function () external payable {}
    modifier onlyBy(address who) { require(msg.sender == who); _; }
    function take(address who) external MOD {
        GUARD
        msg.sender.transfer(address(this).balance);
    }
    function close(address who) external MOD {
        GUARD
        selfdestruct(owner);
    }
}
"""


@pytest.mark.parametrize("open_", ["require(msg.sender == who);", "require(msg.sender == owner || msg.sender == who);"])
def test_comparing_the_caller_with_an_address_it_passes_restricts_nobody_in_solidity_05(open_: str) -> None:
    src = PICK_05.replace("GUARD", open_).replace(" MOD", "")
    assert _hits(src, "unprotected-withdrawal") == {10: "medium"}
    assert set(_hits(src, "unprotected-selfdestruct")) == {14}
    # a modifier's parameter is bound where it is used (`onlyBy(admin)`), not by the caller
    fixed = PICK_05.replace("GUARD\n", "").replace("MOD", "onlyBy(admin)")
    assert _hits(fixed, "unprotected-withdrawal") == {}
    assert _hits(fixed, "unprotected-selfdestruct") == {}
