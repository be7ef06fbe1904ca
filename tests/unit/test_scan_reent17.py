"""Re-entrancy round 17 (detectors/_appointed.py, _trusted.py, reentrancy.py).

1. A callee set once by a one-shot initialiser (`require(avatar == Avatar(0)); avatar = _avatar;`, or a
   flag the initialiser raises and nothing lowers) is fixed at deployment like an owner-set one, and so is
   the address an argument-free getter on it names (`Controller(avatar.owner())`, also through a local):
   the stale write after such a call is a low note. Stay: a variable anyone may set again, a flag anyone
   may lower, a getter handed the caller's address, an avatar the caller passes.

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
