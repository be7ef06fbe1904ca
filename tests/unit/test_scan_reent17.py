"""Re-entrancy round 17 (detectors/_appointed.py, _trusted.py, reentrancy.py).

1. A callee set once by a one-shot initialiser (`require(avatar == Avatar(0)); avatar = _avatar;`, or a
   flag the initialiser raises and nothing lowers) is fixed at deployment like an owner-set one, and so is
   the address an argument-free getter on it names (`Controller(avatar.owner())`, also through a local):
   the stale write after such a call is a low note. Stay: a variable anyone may set again, a flag anyone
   may lower, a getter handed the caller's address, an avatar the caller passes.

2. A payout whose call and bookkeeping write both run only while a value computed from a record field
   zeroed before the call is non-zero (`p.reward = 0; amount = n * _p.reward; if (amount > 0) { call;
   p.paid += n; }`), and the field put back from the entry copy afterwards: a re-entrant call reads the
   zero and skips both, quiet. Stay: a sum with the field, a zeroing on one path only, a write outside the
   gate.

Each benign twin fails on the old code; each vulnerable twin keeps the old severity and confidence.
Solidity 0.4 and 0.8 (Vyper has no casts to contract types that name a callee by a getter).
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

APPOINTED_08 = """pragma solidity ^0.8.20;
interface Controller {
    function mintTokens(uint256 amount, address to) external returns (bool);
    function controllerOf(address who) external view returns (address);
}
interface Avatar {
    function owner() external view returns (address);
    function controllerOf(address who) external view returns (address);
}
contract Scheme {
    Avatar public avatar;
    bool public initialised;
    mapping(bytes32 => uint256) public rewards;
    mapping(bytes32 => address) public payees;
    function initialize(Avatar _avatar) external {
        INIT
    }
    EXTRA
    function redeem(bytes32 id) external {
        uint256 amount = rewards[id];
        require(amount > 0);
        CALL
        rewards[id] = 0;
    }
}
"""

APPOINTED_04 = """pragma solidity ^0.4.24;
contract Controller {
    function mintTokens(uint256 amount, address to) public returns (bool);
}
contract Avatar {
    function owner() public view returns (address);
    function controllerOf(address who) public view returns (address);
}
contract Scheme {
    Avatar public avatar;
    bool public initialised;
    mapping(bytes32 => uint256) public rewards;
    mapping(bytes32 => address) public payees;
    function initialize(Avatar _avatar) public {
        INIT
    }
    EXTRA
    function redeem(bytes32 id) public {
        uint256 amount = rewards[id];
        require(amount > 0);
        CALL
        rewards[id] = 0;
    }
}
"""

_ZERO = 'require(avatar == Avatar(0), "once");\n        require(_avatar != Avatar(0));\n        avatar = _avatar;'
_FLAG = "require(!initialised);\n        initialised = true;\n        avatar = _avatar;"
_DIRECT = "require(Controller(avatar.owner()).mintTokens(amount, payees[id]));"
_LOCAL = "Controller c = Controller(avatar.owner());\n        require(c.mintTokens(amount, payees[id]));"

_BENIGN = {
    "zero-direct": (_ZERO, "", _DIRECT),
    "zero-local": (_ZERO, "", _LOCAL),
    "flag-direct": (_FLAG, "", _DIRECT),
}
_VULNERABLE = {
    # anyone may point `avatar` anywhere at any time
    "open-setter": (_ZERO, "function setAvatar(Avatar a) public { avatar = a; }", _DIRECT),
    # the flag guarding the one-shot write can be lowered by anyone: the initialiser runs again
    "flag-lowered": (_FLAG, "function reset() public { initialised = false; }", _DIRECT),
    # a getter handed the caller's address may name a contract the caller registered
    "getter-args": (_ZERO, "", "require(Controller(avatar.controllerOf(msg.sender)).mintTokens(amount, payees[id]));"),
    # no one-shot guard at all
    "no-guard": ("avatar = _avatar;", "", _DIRECT),
}


def _reent(src: str) -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "reentrancy"}


def _src(template: str, parts: tuple[str, str, str]) -> str:
    init, extra, call = parts
    return template.replace("INIT", init).replace("EXTRA", extra).replace("CALL", call)


@pytest.mark.parametrize("case", sorted(_BENIGN))
@pytest.mark.parametrize("template", [APPOINTED_08, APPOINTED_04], ids=["0.8", "0.4"])
def test_callee_appointed_by_a_one_shot_initialiser_is_a_low_note(template: str, case: str) -> None:
    got = _reent(_src(template, _BENIGN[case]))
    assert got, "the stale write is still noted"
    assert set(got.values()) == {("low", "low")}


@pytest.mark.parametrize("case", sorted(_VULNERABLE))
@pytest.mark.parametrize("template", [APPOINTED_08, APPOINTED_04], ids=["0.8", "0.4"])
def test_callee_anyone_may_choose_stays_reported(template: str, case: str) -> None:
    got = _reent(_src(template, _VULNERABLE[case]))
    # as before this round: medium, and medium confidence where the getter is handed the caller's address
    assert set(got.values()) == {("medium", "medium" if case == "getter-args" else "low")}, got


GATED_08 = """pragma solidity ^0.8.20;
interface Controller {
    function mint(uint256 amount, address to) external returns (bool);
}
interface Avatar {
    function owner() external view returns (address);
}
contract Rewards {
    struct Prop { uint256 reward; uint256 paid; address to; bool ok; }
    mapping(address => mapping(bytes32 => Prop)) public props;
    uint256 public bonus;
    function redeem(bytes32 id, Avatar _avatar) public returns (uint256 amount) {
        Prop memory _p = props[address(_avatar)][id];
        Prop storage p = props[address(_avatar)][id];
        require(p.ok);
        BODY
    }
}
"""

GATED_04 = """pragma solidity ^0.4.24;
contract Controller {
    function mint(uint256 amount, address to) public returns (bool);
}
contract Avatar {
    function owner() public view returns (address);
}
contract Rewards {
    struct Prop { uint256 reward; uint256 paid; address to; bool ok; }
    mapping(address => mapping(bytes32 => Prop)) public props;
    uint256 public bonus;
    function redeem(bytes32 id, Avatar _avatar) public returns (uint256 amount) {
        Prop memory _p = props[address(_avatar)][id];
        Prop storage p = props[address(_avatar)][id];
        require(p.ok);
        BODY
    }
}
"""

_MINT = "require(Controller(_avatar.owner()).mint(amount, _p.to));"
_GATED_BENIGN = {
    # product with a memory copy of the record, the field put back afterwards
    "copy-restored": f"p.reward = 0;\n        amount = 3 * _p.reward;\n        if (amount > 0) {{\n"
    f"            {_MINT}\n            p.paid = p.paid + 3;\n        }}\n        p.reward = _p.reward;",
    # read into the amount, then zeroed (SafeMath-style product)
    "read-then-zero": "amount = p.reward;\n        p.reward = 0;\n        if (amount != 0) {\n"
    f"            {_MINT}\n            p.paid = p.paid + 1;\n        }}",
}
_GATED_VULNERABLE = {
    # a sum: a re-entrant call still computes a non-zero amount
    "sum": f"p.reward = 0;\n        amount = bonus + _p.reward;\n        if (amount > 0) {{\n"
    f"            {_MINT}\n            p.paid = p.paid + 1;\n        }}",
    # zeroed on one path only
    "one-path": f"if (bonus > 1) {{ p.reward = 0; }}\n        amount = 3 * _p.reward;\n        if (amount > 0) {{\n"
    f"            {_MINT}\n            p.paid = p.paid + 3;\n        }}",
    # the write runs outside the gate
    "outside": f"p.reward = 0;\n        amount = 3 * _p.reward;\n        if (amount > 0) {{\n"
    f"            {_MINT}\n        }}\n        p.paid = p.paid + 3;",
}


@pytest.mark.parametrize("case", sorted(_GATED_BENIGN))
@pytest.mark.parametrize("template", [GATED_08, GATED_04], ids=["0.8", "0.4"])
def test_payout_gated_by_a_field_zeroed_before_the_call_is_quiet(template: str, case: str) -> None:
    assert _reent(template.replace("BODY", _GATED_BENIGN[case])) == {}


@pytest.mark.parametrize("case", sorted(_GATED_VULNERABLE))
@pytest.mark.parametrize("template", [GATED_08, GATED_04], ids=["0.8", "0.4"])
def test_payout_not_gated_by_the_zeroed_field_stays(template: str, case: str) -> None:
    assert set(_reent(template.replace("BODY", _GATED_VULNERABLE[case])).values()) == {("medium", "medium")}
