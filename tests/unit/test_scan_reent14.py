"""Re-entrancy round 14 (src/nexus/scan/detectors/_lockedonly.py, reentrancy.py).

An internal function whose every caller holds a re-entrancy lock (`stake() external nonReentrant {
_stake(ids); }`) runs only under that lock: its external call cannot re-enter a lock-holding function,
exactly as if its body were written in the guarded caller, so it is quiet. The vulnerable twins keep the
old finding (same severity and confidence): the same internal function also called from a public
function without the lock, called from nowhere in the contract (a base for derived code), or reached
through a helper that an unguarded function also calls.

Each benign twin fails on the old code. Solidity 0.4 and 0.8; Vyper (`@nonreentrant` on the external
caller of an internal `self._pay()`)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

_CALLERS = {
    "locked": "function withdraw() external nonReentrant { _pay(); }\n"
    "    function exit() external nonReentrant { _step(); }",
    "open": "function withdraw() external nonReentrant { _pay(); }\n    function exit() external { _step(); }",
    "none": "",
}

SRC_08 = """pragma solidity ^0.8.20;
contract Guard {
    uint256 private _status = 1;
    modifier nonReentrant() { require(_status == 1); _status = 2; _; _status = 1; }
}
contract Vault is Guard {
    mapping(address => uint256) public balances;
    function deposit() external payable { balances[msg.sender] += msg.value; }
    CALLERS
    function _step() internal { _pay(); }
    function _pay() internal {
        (bool ok, ) = msg.sender.call{value: balances[msg.sender]}("");
        require(ok);
        balances[msg.sender] = 0;
    }
}
"""

SRC_04 = """pragma solidity ^0.4.24;
contract Guard {
    uint256 private _status = 1;
    modifier nonReentrant() { require(_status == 1); _status = 2; _; _status = 1; }
}
contract Vault is Guard {
    mapping(address => uint256) public balances;
    function deposit() public payable { balances[msg.sender] += msg.value; }
    CALLERS
    function _step() internal { _pay(); }
    function _pay() internal {
        require(msg.sender.call.value(balances[msg.sender])());
        balances[msg.sender] = 0;
    }
}
"""


def _reent(src: str, name: str = "c.sol") -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, name) if f.detector == "reentrancy"}


@pytest.mark.parametrize("src", [SRC_08, SRC_04], ids=["0.8", "0.4"])
def test_internal_code_reached_only_under_the_lock_is_quiet(src: str) -> None:
    assert _reent(src.replace("CALLERS", _CALLERS["locked"])) == {}


@pytest.mark.parametrize("src", [SRC_08, SRC_04], ids=["0.8", "0.4"])
@pytest.mark.parametrize("callers", ["open", "none"])
def test_internal_code_an_unlocked_path_reaches_stays_reported(src: str, callers: str) -> None:
    got = _reent(src.replace("CALLERS", _CALLERS[callers]))
    assert got, callers
    assert set(got.values()) == {("high", "medium")}


def test_a_modifier_calling_the_helper_unlocks_it() -> None:
    src = SRC_08.replace(
        "CALLERS",
        _CALLERS["locked"] + "\n    modifier paid() { _pay(); _; }\n    function poke() external paid {}",
    )
    assert set(_reent(src).values()) == {("high", "medium")}


VY = """# @version 0.3.10
balances: HashMap[address, uint256]

@external
@payable
def deposit():
    self.balances[msg.sender] += msg.value

@internal
def _pay():
    raw_call(msg.sender, b"", value=self.balances[msg.sender])
    self.balances[msg.sender] = 0

@external
DECO
def withdraw():
    self._pay()
"""


def test_vyper_internal_reached_only_under_nonreentrant_is_quiet() -> None:
    assert _reent(VY.replace("DECO", '@nonreentrant("lock")'), "c.vy") == {}
    assert _reent(VY.replace("DECO\n", ""), "c.vy")


# A contract the function deploys from assembly with compiler-fixed code (`type(C).creationCode`) is like
# `new C()` (_create2.py). The shape needs `type(C).creationCode` (Solidity >= 0.5.3): 0.8 and 0.6 here.
PAIR = """pragma solidity PRAGMA;
contract Pair {
    address public token0;
    function initialize(address a, address b) external { token0 = a; b; }
}
contract Factory {
    mapping(address => mapping(address => address)) public getPair;
    function createPair(address tokenA, address tokenB, bytes memory _code) public returns (address pair) {
        (address t0, address t1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        bytes memory code = CODE;
        bytes32 salt = keccak256(abi.encodePacked(t0, t1));
        assembly {
            pair := create2(0, add(code, 32), mload(code), salt)
        }
        Pair(pair).initialize(t0, t1);
        getPair[t0][t1] = pair;
    }
}
"""


@pytest.mark.parametrize("pragma", ["^0.8.20", "^0.6.12"])
def test_a_pair_deployed_from_creation_code_in_assembly_is_a_fixed_callee(pragma: str) -> None:
    src = PAIR.replace("PRAGMA", pragma)
    assert set(_reent(src.replace("CODE", "type(Pair).creationCode")).values()) == {("low", "low")}
    assert set(_reent(src.replace("CODE", "_code")).values()) == {("medium", "low")}
    reassigned = src.replace("CODE", "type(Pair).creationCode").replace(
        "Pair(pair).initialize", "pair = tokenA;\n        Pair(pair).initialize"
    )
    assert set(_reent(reassigned).values()) == {("medium", "low")}
