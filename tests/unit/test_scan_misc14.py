"""Round 14 of the misc detectors (src/nexus/scan/detectors/_asserted.py): checks made through an
assertion helper whose body is in another file.

`_require(post >= pre, Errors.X); fee = post - pre;` (a statement calling an unresolved helper with a
comparison and constant error codes only) guards the subtraction: quiet. The same call handing a
variable beside the comparison, a helper declared in the contract that does not revert, or no check:
stay reported with the old code's severity and confidence.

Each benign twin is quiet on this code and reported on the code before round 14; each vulnerable twin
keeps the severity and confidence the old code gave it.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _found(src: str, detector: str = "integer-overflow") -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector}


FEE4 = """pragma solidity ^0.4.24;
contract Vault {
    %s
    function settle(uint pre, uint post, uint extra) public returns (uint) {
        %s;
        uint fee = post - pre;
        return fee;
    }
}
"""

FEE8 = """pragma solidity ^0.8.0;
contract Vault {
    %s
    function settle(uint pre, uint post, uint extra) public returns (uint) {
        unchecked {
            %s;
            uint fee = post - pre;
            return fee;
        }
    }
}
"""

NOTE = "event Noted(bool ok, uint v); function _note(bool ok, uint v) internal { emit Noted(ok, v); }"


@pytest.mark.parametrize("src", [FEE4, FEE8])
@pytest.mark.parametrize(
    "check",
    [
        "_require(post >= pre, Errors.INVALID_POST_LOAN_BALANCE)",
        "_require(pre <= post, 401)",
        "_check(!(post < pre), INVALID_BALANCE)",
        '_ensure(post >= pre && pre > 0, "balance")',
    ],
)
def test_imported_assertion_helper_guards(src: str, check: str) -> None:
    assert _found(src % ("", check)) == {}


@pytest.mark.parametrize("src", [FEE4, FEE8])
@pytest.mark.parametrize(
    ("decl", "check"),
    [
        ("", "_require(post >= pre, extra)"),  # a variable beside the condition: not read as a check
        ("", "_record(post, extra)"),  # no comparison
        ("", "_require(extra != pre, 1)"),  # checks something else
        (NOTE, "_note(post >= pre, 1)"),  # a helper in view that does not revert
    ],
)
def test_unchecked_subtraction_stays(src: str, decl: str, check: str) -> None:
    lines = src.splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "post - pre" in t)
    assert _found(src % (decl, check)) == {line: ("medium", "medium")}


# -- `v = a + b;` then `if (v < a)`: the wrap is detected and handled ------------------------------------

NEXT8 = """pragma solidity ^0.8.0;
contract Drop {
    mapping(address => uint) public last;
    uint public wait;
    function setWait(uint w) public { wait = w; }
    function next(address who) public returns (uint lastAt, uint nextAt) {
        lastAt = last[who];
        unchecked {
            nextAt = lastAt + wait;
            %s
        }
        last[who] = nextAt;
    }
}
"""

NEXT4 = """pragma solidity ^0.4.24;
contract Drop {
    mapping(address => uint) public last;
    uint public wait;
    function setWait(uint w) public { wait = w; }
    function next(address who) public returns (uint lastAt, uint nextAt) {
        lastAt = last[who];
        nextAt = lastAt + wait;
        %s
        last[who] = nextAt;
    }
}
"""


@pytest.mark.parametrize("src", [NEXT4, NEXT8])
@pytest.mark.parametrize(
    "check",
    ["if (nextAt < lastAt) { nextAt = 2**256 - 1; }", "assert(lastAt <= nextAt);"],
)
def test_sum_rechecked_after_assignment_is_quiet(src: str, check: str) -> None:
    assert _found(src % check) == {}


def test_sum_rechecked_against_other_operand_is_quiet() -> None:
    assert _found(NEXT4 % "if (nextAt < wait) { revert(); }") == {}


@pytest.mark.parametrize("src", [NEXT4, NEXT8])
@pytest.mark.parametrize("check", ["", "if (nextAt < 5) { nextAt = 0; }", "if (who == address(0)) { return; }"])
def test_sum_not_rechecked_stays(src: str, check: str) -> None:
    line = 8 if src is NEXT4 else 9
    assert _found(src % check) == {line: ("medium", "medium")}


# -- tx.origin compared with the caller (`_msgSender()`, a local holding it): an EOA check -----------------

PACK8 = """pragma solidity ^0.8.0;
contract Pack {
    address owner;
    mapping(address => uint) opened;
    %s
    function open(uint id) external {
        address opener = %s;
        require(opener == tx.origin, "!EOA");
        opened[opener] = id;
    }
}
"""

PACK4 = """pragma solidity ^0.4.24;
contract Pack {
    address owner;
    mapping(address => uint) opened;
    %s
    function open(uint id) external {
        address opener = %s;
        require(opener == tx.origin);
        opened[opener] = id;
    }
}
"""

CALLER = "function _caller() internal view returns (address) { return msg.sender; }"
STORED = "function _caller() internal view returns (address) { return owner; }"


@pytest.mark.parametrize("src", [PACK4, PACK8])
@pytest.mark.parametrize(("decl", "who"), [("", "_msgSender()"), (CALLER, "_caller()")])
def test_origin_compared_with_the_caller_is_quiet(src: str, decl: str, who: str) -> None:
    assert _found(src % (decl, who), "tx-origin") == {}


@pytest.mark.parametrize("src", [PACK4, PACK8])
def test_msgsender_call_compared_inline_is_quiet(src: str) -> None:
    inline = src.replace("require(opener == tx.origin", "require(_msgSender() == tx.origin")
    assert _found(inline % ("", "owner"), "tx-origin") == {}


@pytest.mark.parametrize("src", [PACK4, PACK8])
@pytest.mark.parametrize(("decl", "who"), [("", "owner"), (STORED, "_caller()"), ("", "_msgSender(owner)")])
def test_origin_compared_with_someone_else_stays(src: str, decl: str, who: str) -> None:
    assert _found(src % (decl, who), "tx-origin") == {8: ("high", "high")}


def test_local_rewritten_with_a_stored_address_stays() -> None:
    src = PACK8.replace(
        'require(opener == tx.origin, "!EOA");', 'opener = owner; require(opener == tx.origin, "!EOA");'
    )
    assert _found(src % ("", "_msgSender()"), "tx-origin") == {8: ("high", "high")}


# -- a hash of block values stored in a bytes32 slot only used as a key: a fresh identifier ---------------

DROP = """pragma solidity %s;
contract Drop {
    bytes32 private conditionId;
    mapping(bytes32 => mapping(address => uint)) public claimed;
    function claim(uint n) public {
        bytes32 active = conditionId;
        claimed[active][msg.sender] += n;
    }
    function reset(bool fresh) public {
        bytes32 target = conditionId;
        if (fresh) {
            target = keccak256(abi.encodePacked(msg.sender, block.number));
        }
        conditionId = target;
    }
    function seen(address who) public view returns (uint) { return claimed[conditionId][who]; }
    %s
}
"""
PRAGMAS = ["^0.4.24", "^0.8.0"]


@pytest.mark.parametrize("pragma", PRAGMAS)
def test_hash_kept_as_identifier_slot_is_quiet(pragma: str) -> None:
    assert _found(DROP % (pragma, ""), "bad-randomness") == {}


@pytest.mark.parametrize("pragma", PRAGMAS)
@pytest.mark.parametrize(
    "extra",
    [
        "function win() public { if (uint(conditionId) % 2 == 0) { msg.sender.transfer(1); } }",
        "function win() public { require(conditionId == bytes32(0x01)); msg.sender.transfer(1); }",
    ],
)
def test_identifier_slot_also_drawn_stays(pragma: str, extra: str) -> None:
    found = _found(DROP % (pragma, extra), "bad-randomness")
    assert found.get(12) == ("high", "medium")


PACK_VY = """# @version 0.3.7
owner: address
opened: HashMap[address, uint256]

@external
def open(id: uint256):
    opener: address = %s
    assert opener == tx.origin
    self.opened[opener] = id
"""


def test_vyper_local_holding_the_caller_is_quiet() -> None:
    assert {f.line for f in scan_source(PACK_VY % "msg.sender", "c.vy") if f.detector == "tx-origin"} == set()


def test_vyper_local_holding_a_stored_address_stays() -> None:
    found = {
        (f.line, f.severity, f.confidence)
        for f in scan_source(PACK_VY % "self.owner", "c.vy")
        if f.detector == "tx-origin"
    }
    assert found == {(8, "high", "high")}
