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
