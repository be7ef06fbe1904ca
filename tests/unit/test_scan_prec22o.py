"""Round 22 (issue #15, helper prec22o): parser and precision fixes on round22h and earlier leftovers."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source
from nexus.scan._solidity import parse_solidity
from nexus.scan.errors import ScanInputError

# A state variable may carry a Yul builtin's name; solc accepts `number.slot` in assembly, the grammar alone
# does not.
YUL_NAMES = """pragma solidity ^0.8.15;
contract Clock {
    uint64 public number;
    uint256 public basefee;
    bytes32 public gas;
    function record() external {
        assembly ("memory-safe") {
            sstore(number.slot, shr(192, calldataload(4)))
            sstore(basefee.slot, calldataload(12))
            let g := sload(gas.slot)
            sstore(gas.slot, add(g, number()))
        }
    }
    function kill() external { selfdestruct(payable(msg.sender)); }
}
"""


def test_yul_builtin_named_state_variable_parses() -> None:
    unit = parse_solidity("Clock.sol", YUL_NAMES)
    assert [f.name for f in unit.contracts[0].functions] == ["record", "kill"]
    assert "sstore(number.slot" in unit.lines[7]  # detectors read the original assembly text


def test_yul_builtin_named_file_is_still_scanned() -> None:
    found = scan_source(YUL_NAMES, "Clock.sol")
    assert any(f.line == 14 and f.severity == "high" for f in found)


def test_broken_assembly_still_fails() -> None:
    with pytest.raises(ScanInputError):
        parse_solidity("Bad.sol", YUL_NAMES.replace("sstore(basefee.slot, calldataload(12))", "sstore(basefee.slot,"))


# A one-shot initialiser latched by one entry of a mapping to bool, read through a view helper; the
# implementation's constructor raises the same flag (it locks its own storage, a proxy's copy is set up by
# its deployer).
LATCHED = """pragma solidity ^0.5.17;
contract Beacon {
    mapping(string => bool) internal done;
    address internal keeper;
    constructor() public { CTOR }
    function setup(address k) public {
        require(!ready(), "set up");
        done["BeaconV2"] = true;
        keeper = k;
    }
    function ready() public view returns (bool) { return done["BeaconV2"]; }
    function drain() public { require(msg.sender == keeper); msg.sender.transfer(address(this).balance); }
    RESET
}
"""


def _keeper(src: str) -> list[tuple[str, str]]:
    found = scan_source(src, "Beacon.sol")
    return [(f.severity, f.confidence) for f in found if f.detector == "unprotected-owner-write"]


def test_constructor_latched_mapping_flag_is_a_low_note() -> None:
    src = LATCHED.replace("CTOR", 'done["BeaconV2"] = true;').replace("RESET", "")
    assert _keeper(src) == [("low", "low")]


def test_mapping_flag_without_constructor_latch_is_one_shot() -> None:
    assert _keeper(LATCHED.replace("CTOR", "").replace("RESET", "")) == [("high", "low")]


def test_lowered_mapping_flag_stays_a_finding() -> None:
    src = LATCHED.replace("CTOR", 'done["BeaconV2"] = true;')
    reopened = src.replace("RESET", 'function reopen() public { done["BeaconV2"] = false; }')
    assert _keeper(reopened) == [("high", "medium")]
    other = src.replace("RESET", "function reopen(string memory v) public { done[v] = false; }")
    assert _keeper(other) == [("high", "medium")]


def test_new_array_length_wrap_is_harmless_but_a_stored_difference_is_not() -> None:
    src = """pragma solidity ^0.4.24;
contract Book {
    uint[] ids;
    uint public gap;
    function page(uint from, uint to) public view returns (uint[] memory out) {
        out = new uint[](to - from);
        for (uint i = from; i < to; i++) out[i - from] = ids[i];
    }
    function widen(uint from, uint to) public { gap = to - from; }
}
"""
    lines = {f.line for f in scan_source(src, "Book.sol") if f.detector == "integer-overflow"}
    assert 6 not in lines and 9 in lines


# A signer seated in the one row its signed message names (a service agreement's oracle signs the
# agreement's id); the seat decides who may answer for that agreement.
SIGNED_SEAT = """pragma solidity ^0.5.0;
contract Board {
    mapping(bytes32 => mapping(address => bool)) private members;
    mapping(address => bool) private admins;
    mapping(bytes32 => uint) public answers;
    function signerOf(bytes32 id, uint8 v, bytes32 r, bytes32 s) private pure returns (address) {
        bytes32 digest = keccak256(abi.encodePacked("\\x19Ethereum Signed Message:\\n32", id));
        return ecrecover(digest, v, r, s);
    }
    function enrol(bytes32 id, bytes32 other, address[] memory who, uint8[] memory v, bytes32[] memory r,
                   bytes32[] memory s) public {
        for (uint i = 0; i < who.length; i++) {
            address signer = signerOf(id, v[i], r[i], s[i]);
            require(who[i] == signer, "bad signature");
            members[ROW][who[i]] = true;
        }
    }
    function answer(bytes32 id, uint a) public { require(members[id][msg.sender]); answers[id] = a; }
    function promote(address who, bytes32 id, uint8 v, bytes32 r, bytes32 s) public {
        require(signerOf(id, v, r, s) == who);
        SELF
    }
    function sweep() public { require(admins[msg.sender]); msg.sender.transfer(address(this).balance); }
}
"""


def _writes(src: str) -> set[int]:
    return {
        f.line
        for f in scan_source(src, "Board.sol")
        if f.detector == "unprotected-owner-write" and f.severity in ("high", "medium")
    }


def test_signer_seated_in_the_row_it_signed_is_not_a_takeover() -> None:
    assert _writes(SIGNED_SEAT.replace("ROW", "id").replace("SELF", "")) == set()


def test_signer_seated_in_a_row_it_did_not_sign_stays() -> None:
    assert _writes(SIGNED_SEAT.replace("ROW", "other").replace("SELF", "")) == {15}


def test_signer_granting_itself_a_single_key_seat_stays() -> None:
    assert _writes(SIGNED_SEAT.replace("ROW", "id").replace("SELF", "admins[who] = true;")) == {21}


# A view re-entered while a function pays before creating a new entry at a fresh counter value finds no
# such entry yet, as before the call; an existing entry updated after the call is read stale.
PROPOSALS = """pragma solidity ^0.8.10;
contract Council {
    struct Motion { uint id; uint yes; bool done; }
    mapping(uint => Motion) public motions;
    uint public count;
    address payable public sink;
    uint public fee;
    constructor(address payable s) { sink = s; }
    function setSink(address payable s) external { sink = s; }
    function propose() external payable {
        require(msg.value == fee);
        (bool ok, ) = sink.call{value: msg.value}("");
        require(ok);
        count++;
        motions[count] = Motion(count, 0, false);
    }
    function vote(uint id) external payable {
        (bool ok, ) = sink.call{value: msg.value}("");
        require(ok);
        UPDATE
    }
    function passed(uint id) external view returns (bool) { Motion memory m = motions[id]; return m.yes > 3; }
}
"""


def _stale_views(src: str) -> set[int]:
    return {f.line for f in scan_source(src, "Council.sol") if f.detector == "read-only-reentrancy"}


def test_new_entry_at_a_fresh_counter_after_a_call_is_not_stale() -> None:
    assert 22 not in _stale_views(PROPOSALS.replace("UPDATE", ""))


def test_existing_entry_updated_after_a_call_is_stale() -> None:
    assert 22 in _stale_views(PROPOSALS.replace("UPDATE", "motions[id].yes += 1;"))
