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
