"""One root cause, one finding: related lines instead of a finding per line, and the timestamp decisions
a miner can settle (a short window, a pot paid out) at medium confidence. Own contracts, vulnerable and
fixed twins (benchmarks/smartbugs/README.md, the round on precision)."""

from __future__ import annotations

import json

from nexus.scan import scan_source
from nexus.scan.findings import ScanFinding
from nexus.scan.report import to_sarif


def _of(src: str, detector: str) -> list[ScanFinding]:
    return [f for f in scan_source(src, "c.sol") if f.detector == detector]


INIT = """pragma solidity ^0.4.24;
contract Bank {
    address owner;
    uint minDeposit;
    function initBank(uint min) public {
        owner = msg.sender;
        minDeposit = min;
        owner = tx.origin;
    }
    function collect() public {
        require(msg.sender == owner);
        msg.sender.transfer(address(this).balance);
    }
}
"""


def test_an_initialiser_anyone_calls_is_one_finding_at_its_first_owner_write() -> None:
    found = _of(INIT, "unprotected-owner-write")
    assert [(f.line, f.related) for f in found] == [(6, [5, 8])]  # header and second write are related
    fixed = INIT.replace("function initBank(uint min)", "constructor(uint min)")
    assert _of(fixed, "unprotected-owner-write") == []


TRANSFER = """pragma solidity ^0.4.24;
contract Token {
    mapping(address => uint) bal;
    uint fees;
    function transfer(address to, uint v, uint fee) public {
        bal[msg.sender] -= v;
        bal[to] += v;
        fees += fee;
    }
}
"""


def test_operations_on_one_unbounded_amount_are_one_finding_and_other_amounts_their_own() -> None:
    found = _of(TRANSFER, "integer-overflow")
    assert sorted((f.line, f.related) for f in found) == [(6, [7]), (8, [])]
    assert {f.confidence for f in found} == {"medium"}
    fixed = TRANSFER.replace(
        "bal[msg.sender] -= v;",
        "require(bal[msg.sender] >= v && bal[to] + v >= bal[to]);\n        bal[msg.sender] -= v;",
    )
    assert [f.line for f in _of(fixed, "integer-overflow")] == [9]  # only `fees += fee` is left


DICE = """pragma solidity ^0.4.24;
contract Dice {
    function roll() public payable {
        bytes32 h = blockhash(block.number - 1);
        uint r = uint(h) % 6;
        if (r == 5) msg.sender.transfer(msg.value * 5);
    }
}
"""


def test_a_block_hash_draw_is_one_finding_at_its_last_sink_with_the_carriers_related() -> None:
    found = _of(DICE, "bad-randomness")
    assert [(f.line, f.related, f.confidence) for f in found] == [(5, [4], "medium")]
    fixed = DICE.replace(
        "function roll() public payable {\n        bytes32 h = blockhash(block.number - 1);",
        "bytes32 commit;\n    function roll(bytes32 s) public payable {\n"
        "        require(keccak256(s) == commit); bytes32 h = s;",
    )
    assert _of(fixed, "bad-randomness") == []


def test_sarif_carries_the_related_lines_as_related_locations() -> None:
    sarif = json.loads(to_sarif(_of(INIT, "unprotected-owner-write")))
    (result,) = sarif["runs"][0]["results"]
    assert [r["physicalLocation"]["region"]["startLine"] for r in result["relatedLocations"]] == [5, 8]


GAME = """pragma solidity ^0.4.24;
contract LastBuyer {
    address last;
    uint lastTime;
    uint constant WINDOW = 1 minutes;
    function buy() public payable {
        if (now > lastTime + WINDOW) { last.transfer(address(this).balance); }
        last = msg.sender;
        lastTime = now;
    }
}
"""


def _time(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in _of(src, "timestamp-dependence")}


def test_a_window_the_miners_drift_spans_is_medium_and_a_long_deadline_is_low() -> None:
    # Pot-free versions first: only the window's length decides.
    short = GAME.replace("last.transfer(address(this).balance);", "last = address(0);")
    assert _time(short) == {7: "medium"}  # one minute: inside the 15 minutes a miner may stamp ahead
    assert _time(short.replace("1 minutes", "30 days")) == {7: "low"}
    assert _time(short.replace("lastTime + WINDOW", "lastTime + 45")) == {7: "medium"}  # bare seconds


def test_a_timestamp_ordering_that_pays_out_a_pot_to_anyone_is_medium() -> None:
    long_game = GAME.replace("1 minutes", "30 days")
    assert _time(long_game) == {7: "medium"}  # decides who takes the whole balance
    refund = long_game.replace("last.transfer(address(this).balance)", "msg.sender.transfer(paid[msg.sender])")
    refund = refund.replace("uint lastTime;", "uint lastTime;\n    mapping(address => uint) paid;")
    assert _time(refund) == {8: "low"}  # the caller's own record after a deadline: a refund, not a race
    owned = long_game.replace("if (now", "require(msg.sender == last);\n        if (now")
    assert _time(owned) == {8: "low"}  # only the stored payee reaches it
