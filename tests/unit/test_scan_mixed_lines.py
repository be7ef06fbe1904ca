"""A sink's own statement decides whether a caller check guards it (detectors asking `caller_guarded`, by
statement, instead of `caller_guards`, by line): `function kill() public { calls++; if (msg.sender ==
owner) selfdestruct(owner); }` on one line mixes an unguarded counter with a guarded selfdestruct, and the
selfdestruct is guarded; the same line with the check on the counter instead, or with no check, stays
reported. Twins for `unprotected-selfdestruct` (Solidity 0.4) and `unprotected-delegatecall` (0.8)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _lines(src: str, detector: str) -> set[int]:
    return {f.line for f in scan_source(src, "c.sol") if f.detector == detector}


KILL = """pragma solidity ^0.4.24;
contract K {
    address public owner;
    uint public calls;
    constructor() public { owner = msg.sender; }
    function kill() public { calls++; if (msg.sender == owner) selfdestruct(owner); }
}
"""


def test_guarded_sink_on_a_mixed_line_is_quiet() -> None:
    assert _lines(KILL, "unprotected-selfdestruct") == set()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "calls++; if (msg.sender == owner) selfdestruct(owner);",
            "if (msg.sender == owner) calls++; selfdestruct(owner);",
        ),
        ("if (msg.sender == owner) selfdestruct(owner);", "if (msg.sender == msg.sender) selfdestruct(owner);"),
        ("if (msg.sender == owner) selfdestruct(owner);", "selfdestruct(owner);"),
    ],
)
def test_unguarded_sinks_stay_reported(old: str, new: str) -> None:
    src = KILL.replace(old, new)
    assert src != KILL
    assert 6 in _lines(src, "unprotected-selfdestruct")


PROXY8 = """pragma solidity ^0.8.20;
contract P {
    address public owner;
    uint256 public n;
    constructor() { owner = msg.sender; }
    function run(address i, bytes calldata d) external { n++; require(msg.sender == owner); i.delegatecall(d); }
}
"""


def test_08_delegatecall_twins() -> None:
    assert _lines(PROXY8, "unprotected-delegatecall") == set()
    src = PROXY8.replace("require(msg.sender == owner); ", "")
    assert 6 in _lines(src, "unprotected-delegatecall")
    src = PROXY8.replace(
        "n++; require(msg.sender == owner); i.delegatecall(d);",
        "i.delegatecall(d); require(msg.sender == owner); n++;",
    )
    assert 6 in _lines(src, "unprotected-delegatecall")
