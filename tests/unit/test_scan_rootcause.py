"""One root cause, one finding: related lines instead of a finding per line, and the timestamp decisions
a miner can settle (a short window, a pot paid out) at medium confidence. Own contracts, vulnerable and
fixed twins (benchmarks/smartbugs/README.md, the round on precision)."""

from __future__ import annotations

import json

from nexus.scan import scan_source
from nexus.scan.findings import ScanFinding
from nexus.scan.report import to_sarif, to_text


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
    assert "also lines 5, 8" in to_text(_of(INIT, "unprotected-owner-write"))


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


VAULT = """pragma solidity ^0.4.24;
interface IToken { function transferFrom(address a, address b, uint v) external returns (bool); }
contract Vault {
    mapping(address => uint) credit;
    IToken token;
    function deposit(IToken t, uint v) public {
        t.transferFrom(msg.sender, this, v);
        credit[msg.sender] += 1;
    }
}
"""


def _reentrancy(src: str) -> dict[int, str]:
    return {f.line: f.confidence for f in _of(src, "reentrancy")}


def test_a_call_into_a_contract_the_caller_names_is_medium_and_one_into_a_stored_contract_low() -> None:
    assert _reentrancy(VAULT) == {7: "medium"}  # `t` is the caller's: its code re-enters deposit
    stored = VAULT.replace(
        "function deposit(IToken t, uint v) public {\n        t.", "function deposit(uint v) public {\n        token."
    )
    assert _reentrancy(stored) == {7: "low"}


MUTEX = """pragma solidity ^0.4.24;
contract Relay {
    bool locked;
    uint fees;
    function refund() public payable {
        if (locked) { throw; }
        locked = true;
        if (!msg.sender.call.value(msg.value)()) { throw; }
        locked = false;
        fees += 1;
    }
}
"""


def test_releasing_the_functions_own_lock_after_the_call_is_not_a_reentrancy() -> None:
    assert set(_reentrancy(MUTEX).values()) == {"low"}
    unlocked = MUTEX.replace("        if (locked) { throw; }\n", "")  # set but never tested: no lock
    assert set(_reentrancy(unlocked).values()) == {"medium"}


QUEUE = """pragma solidity ^0.4.24;
contract Queue {
    address[] entries;
    function join(uint n) public {
        for (uint i = 0; i < n; i++) {
            entries.push(msg.sender);
        }
    }
    function payAll() public {
        for (uint i = 0; i < entries.length; i++) {
            entries[i].transfer(1);
        }
    }
}
"""


def test_growth_a_full_walk_depends_on_is_medium_and_one_finding_with_its_loop_related() -> None:
    found = _of(QUEUE, "unbounded-growth")
    assert [(f.line, f.related, f.confidence) for f in found] == [(6, [5], "medium")]
    unwalked = QUEUE[: QUEUE.index("    function payAll")] + "}\n"  # nobody walks the list: a note
    assert [(f.line, f.confidence) for f in _of(unwalked, "unbounded-growth")] == [(6, "low")]


RESET = """pragma solidity ^0.4.24;
contract Round {
    address owner;
    address[] players;
    function enter() public payable { players.push(msg.sender); }
    function reset() public {
        require(msg.sender == owner);
        players = new address[](0);
    }
}
"""


def test_wiping_a_list_anyone_can_grow_is_medium_and_an_owner_grown_one_low() -> None:
    assert [(f.line, f.confidence) for f in _of(RESET, "unbounded-growth")] == [(8, "medium")]
    owned = RESET.replace("payable { players", "payable {\n        require(msg.sender == owner);\n        players")
    assert [(f.line, f.confidence) for f in _of(owned, "unbounded-growth")] == [(10, "low")]


PRIZE = """pragma solidity ^0.4.24;
contract Puzzle {
    address owner;
    uint reward;
    function setReward() public payable {
        require(msg.sender == owner);
        reward = msg.value;
    }
    function claim(uint answer) public {
        require(answer == 42);
        msg.sender.transfer(reward);
    }
}
"""


def test_a_reward_anyone_claims_for_themselves_is_a_medium_race_and_an_owner_only_payout_low() -> None:
    assert [(f.line, f.confidence) for f in _of(PRIZE, "transaction-order")] == [(11, "medium")]
    owned = PRIZE.replace("require(answer == 42);", "require(msg.sender == owner);")
    assert [(f.line, f.confidence) for f in _of(owned, "transaction-order")] == [(11, "low")]


APPROVE = """pragma solidity ^0.4.24;
contract Token {
    mapping(address => mapping(address => uint)) allowed;
    function approve(address spender, uint value) public returns (bool) {
        allowed[msg.sender][spender] = value;
        return true;
    }
}
"""


def test_an_approve_race_is_one_finding_at_the_overwrite_and_the_throwing_zero_check_clears_it() -> None:
    assert [(f.line, f.related) for f in _of(APPROVE, "approve-race")] == [(5, [4])]
    guarded = APPROVE.replace(
        "        allowed[msg.sender][spender] = value;",
        "        if (value != 0 && allowed[msg.sender][spender] != 0) throw;\n"
        "        allowed[msg.sender][spender] = value;",
    )
    assert _of(guarded, "approve-race") == []
