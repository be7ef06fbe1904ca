"""One finding per function for dropped success flags (src/nexus/scan/detectors/calls.py): a payout
function that ignores several `send`/`call` results is one unchecked-call finding at its first call, the
others as related lines; separate functions stay separate findings. Own contracts, 0.4 and 0.5."""

from __future__ import annotations

from nexus.scan import scan_source

SPLIT = """pragma solidity ^0.4.24;
contract Splitter {
    address a; address b; address c;
    function payOut(uint v) public {
        a.send(v / 3);
        b.send(v / 3);
        c.call.value(v / 3)();
    }
    function payOne(uint v) public {
        a.send(v);
    }
    function checked(uint v) public {
        require(a.send(v));
        if (!b.send(v)) revert();
    }
}
"""


def _unchecked(src: str) -> list[tuple[int, list[int], str]]:
    return [(f.line, f.related, f.severity) for f in scan_source(src, "c.sol") if f.detector == "unchecked-call"]


def test_a_functions_unchecked_calls_are_one_finding_with_the_others_related() -> None:
    assert _unchecked(SPLIT) == [(5, [6, 7], "medium"), (10, [], "medium")]


def test_the_grouped_finding_keeps_the_worst_severity_and_every_line() -> None:
    src = SPLIT.replace("c.call.value(v / 3)();", "c.delegatecall(msg.data);")
    [(line, related, severity), _] = _unchecked(src)
    assert (line, related, severity) == (5, [6, 7], "high")
    [f] = [f for f in scan_source(src, "c.sol") if f.detector == "unchecked-call" and f.line == 5]
    assert f.lines() == (5, 6, 7) and "2 more unchecked call(s)" in f.message


def test_solidity_05_low_level_calls_group_the_same_way() -> None:
    src = """pragma solidity ^0.5.0;
contract Batch {
    function pay(address payable[] calldata to, uint v) external {
        for (uint i = 0; i < to.length; i++) {
            to[i].send(v);
        }
        msg.sender.call.value(1)("");
    }
}
"""
    assert _unchecked(src) == [(5, [7], "medium")]
