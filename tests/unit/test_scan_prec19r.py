"""Re-entrancy round 19 (src/nexus/scan/detectors/reentrancy.py, _gatedset.py, guards.unresolved_guard).

Two facts an auditor uses to dismiss a call-then-write, read on the IR, not on any package's names:

* **The function only runs for an authority.** An imported guard-named modifier whose body the file does
  not declare (Yield's `auth`, an `onlyGovernor` from a base contract in another package) checks the
  caller against an authority the file cannot name; re-entering needs that check again, so only the
  authority re-enters, as itself: with no Ether moved the stale write is a low note. The twins: the same
  function without the modifier, or with a modifier anyone passes (`onlyEOA`), stay medium.
* **The callee is set only through an owner-only helper.** `setRng(r) external onlyOwner { _setRng(r); }`
  with the constructor also calling `_setRng`: `rng` is owner-set although its one write sits in an
  internal function, so a call to it handed nothing of the caller's is a low note, as for a callee the
  owner sets directly. The twin lets anyone call `setRng`: it stays medium.

Each benign twin fails on the old code (it was a medium finding); Solidity 0.5 and 0.8."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

_MOD = {"auth": "auth", "none": "", "eoa": "onlyEOA"}

AUTH_05 = """pragma solidity ^0.5.16;
import "./AccessControl.sol";
interface IToken { function configure() external returns (uint8); }
contract MultiOracle is AccessControl {
    mapping(bytes6 => uint8) public sources;
    function setSource(bytes6 id, IToken token) external MOD {
        uint8 d = token.configure();
        sources[id] = d;
    }
}
"""

AUTH_08 = """pragma solidity ^0.8.13;
import "@yield-protocol/utils-v2/contracts/access/AccessControl.sol";
interface IToken { function configure() external returns (uint8); }
contract MultiOracle is AccessControl {
    mapping(bytes6 => uint8) public sources;
    function setSource(bytes6 id, IToken token) external MOD {
        uint8 d = token.configure();
        sources[id] = d;
    }
}
"""


def _reent(src: str, name: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, name) if f.detector == "reentrancy"]


def _shown(hits: list[tuple[str, str]]) -> bool:
    return any(sev in ("high", "medium") for sev, _ in hits)


@pytest.mark.parametrize("src", [AUTH_05, AUTH_08], ids=["0.5", "0.8"])
def test_imported_auth_modifier_is_a_note(src: str) -> None:
    hits = _reent(src.replace("MOD", _MOD["auth"]), "MultiOracle.sol")
    assert hits and not _shown(hits)


@pytest.mark.parametrize("mod", ["none", "eoa"])
@pytest.mark.parametrize("src", [AUTH_05, AUTH_08], ids=["0.5", "0.8"])
def test_unguarded_or_anyone_modifier_stays(src: str, mod: str) -> None:
    assert ("medium", "medium") in _reent(src.replace("MOD", _MOD[mod]), "MultiOracle.sol")


_GATE = {"owner": "onlyOwner", "open": ""}

BEACON_05 = """pragma solidity ^0.5.16;
interface IRng { function request() external returns (uint256); }
contract Beacon {
    address public owner;
    IRng internal rng;
    uint256 public requestId;
    constructor(IRng r) public { owner = msg.sender; _setRng(r); }
    modifier onlyOwner() { require(msg.sender == owner); _; }
    function setRng(IRng r) external GATE { _setRng(r); }
    function _setRng(IRng r) internal { rng = r; }
    function start() external {
        require(requestId == 0);
        uint256 id = rng.request();
        requestId = id;
    }
}
"""

BEACON_08 = BEACON_05.replace("^0.5.16", "^0.8.6").replace(" public { owner", " { owner")


@pytest.mark.parametrize("src", [BEACON_05, BEACON_08], ids=["0.5", "0.8"])
def test_callee_set_through_owner_only_internal_helper_is_a_note(src: str) -> None:
    hits = _reent(src.replace("GATE", _GATE["owner"]), "Beacon.sol")
    assert hits and not _shown(hits)


@pytest.mark.parametrize("src", [BEACON_05, BEACON_08], ids=["0.5", "0.8"])
def test_callee_anyone_sets_through_helper_stays(src: str) -> None:
    assert ("medium", "low") in _reent(src.replace("GATE", _GATE["open"]), "Beacon.sol")
