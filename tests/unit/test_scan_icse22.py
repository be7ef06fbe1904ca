"""Round 22 of the ICSE-69 false alarms (helper icse22): general properties that make code safe, each with
a contract written for this test that must stay quiet (or low) and a vulnerable twin that must still be
reported.

* blocking-recipient: a payee any caller re-installs unconditionally blocks only one transaction (_reinstall.py)
* integer-overflow (_staysmall.py and helpers): the length of an array argument copied to memory plus a
  constant (_inputlen.py); state only owners, literals or the current block set (_scheduled.py, a low note);
  a check on the expression a local copies; `a - c` after a pinned credit of at least `c`; `arr.length = k + 1`
  followed by `arr[k]`; a credit of what a required `transferFrom` pulled in
* bad-randomness: a hash handed unchanged to a public function of the contract (_handedon.py)
* unprotected-owner-write: the other fields of an entry the caller claims (_claimentry.py)
* unprotected-withdrawal: a payment behind a hash lock (_hashlock.py)
* timestamp-dependence: a caller check in the time condition is no exact match and no race (_timing.py)
* unbounded-loop: a non-view function that writes nothing and nobody calls (_nowrites.py)
* unbounded-growth: wiping a list whose capped growth fits in a block (_wipefits.py)
"""

from __future__ import annotations

from nexus.scan import scan_source


def _found(src: str, detector: str) -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector}


# -- blocking-recipient ---------------------------------------------------------------------------------

THRONE = """pragma solidity ^0.4.24;
contract Throne {
    address king;
    uint bid;
    function claim() public payable {
        require(msg.value > bid);
        require(king.send(bid));
        king = msg.sender;
        bid = msg.value;
    }
    function cash() public {
        require(msg.sender == king);
        require(king.send(this.balance));
    }
}
"""

SEAT = """pragma solidity ^0.4.24;
contract Seat {
    address keeper;
    function sit() public { keeper = msg.sender; }
    function () payable {}
    function pay() public { keeper.transfer(this.balance); }
}
"""


def test_a_recipient_installed_by_outbidding_stays_a_blocking_recipient() -> None:
    assert 7 in _found(THRONE, "blocking-recipient")


def test_a_recipient_anyone_reinstalls_unconditionally_blocks_nothing_for_long() -> None:
    assert _found(SEAT, "blocking-recipient") == {}


def test_a_conditional_or_paying_reinstall_keeps_the_finding() -> None:
    paid = SEAT.replace("keeper = msg.sender; }", "keeper.transfer(1); keeper = msg.sender; }")
    assert 6 in _found(paid, "blocking-recipient")
    gated = SEAT.replace("{ keeper = msg.sender; }", "{ require(msg.value > 1 ether); keeper = msg.sender; }")
    assert 6 in _found(gated.replace("function sit() public", "function sit() public payable"), "blocking-recipient")


# -- integer-overflow -----------------------------------------------------------------------------------

MEMBERS = """pragma solidity ^0.4.24;
contract Members {
    uint public count;
    function setMembers(address[] list) public { count = list.length + 1; }
}
"""


def test_an_array_argument_length_plus_a_constant_cannot_wrap() -> None:
    assert _found(MEMBERS, "integer-overflow") == {}


def test_a_calldata_length_or_a_length_plus_an_argument_stays() -> None:
    external = MEMBERS.replace("public {", "external {")
    assert 4 in _found(external, "integer-overflow")
    extra = MEMBERS.replace("address[] list)", "address[] list, uint extra)").replace("+ 1;", "+ extra;")
    assert 4 in _found(extra, "integer-overflow")


SALE = """pragma solidity ^0.4.24;
contract Sale {
    address owner;
    uint start = 1;
    uint constant PERIOD = 1000;
    constructor() public { owner = msg.sender; }
    function schedule(uint when) public { require(msg.sender == owner); start = when; }
    function close() public { if (block.number > start + PERIOD * 5) { start = 0; } }
    function open() public payable { require(block.number < start + PERIOD * 5); }
}
"""


def test_state_set_by_the_owner_literals_and_the_block_is_a_low_note() -> None:
    assert {c for _, c in _found(SALE, "integer-overflow").values()} <= {"low"}


def test_state_anyone_sets_from_an_argument_stays_medium() -> None:
    src = SALE.replace("{ require(msg.sender == owner); start = when; }", "{ start = when; }")
    assert ("medium", "medium") in _found(src, "integer-overflow").values()


QUEUE = """pragma solidity ^0.4.24;
contract Queue {
    struct Entry { address who; uint payout; }
    Entry[] entries;
    uint balance;
    function join() public payable {
        entries.push(Entry(msg.sender, msg.value * 2));
        balance += msg.value;
        Entry storage e = entries[0];
        if (balance > e.payout) {
            uint payout = e.payout;
            e.who.send(payout);
            balance -= payout;
        }
    }
}
"""


def test_a_check_on_the_expression_a_local_copies_covers_the_local() -> None:
    assert 13 not in _found(QUEUE, "integer-overflow")


def test_the_same_debit_without_the_check_stays() -> None:
    src = QUEUE.replace("if (balance > e.payout) {", "if (true) {")
    assert 13 in _found(src, "integer-overflow")


LOTTO = """pragma solidity ^0.4.24;
contract Lotto {
    uint constant TICKET = 10;
    uint constant FEE = 1;
    uint pot;
    function play() public payable {
        require(msg.value == TICKET);
        pot += msg.value;
        if (now % 2 == 0) {
            msg.sender.transfer(pot - FEE);
            pot = 0;
        }
    }
}
"""


def test_a_constant_taken_from_a_pinned_credit_of_at_least_it_cannot_wrap() -> None:
    assert 10 not in _found(LOTTO, "integer-overflow")


def test_a_larger_constant_or_a_conditional_credit_stays() -> None:
    assert 10 in _found(LOTTO.replace("FEE = 1;", "FEE = 20;"), "integer-overflow")
    cond = LOTTO.replace("pot += msg.value;", "if (msg.sender != address(0)) { pot += msg.value; }")
    assert 10 in _found(cond, "integer-overflow")


SLOTS = """pragma solidity ^0.4.24;
contract Slots {
    uint[] slots;
    function put(uint key, uint value) public {
        if (slots.length <= key) {
            slots.length = key + 1;
        }
        slots[key] = value;
    }
}
"""


def test_a_length_whose_wrap_makes_the_next_access_revert_is_quiet() -> None:
    assert 6 not in _found(SLOTS, "integer-overflow")


def test_a_length_wrap_with_no_access_after_it_stays() -> None:
    assert 6 in _found(SLOTS.replace("slots[key] = value;", "value;"), "integer-overflow")


VAULT = """pragma solidity ^0.4.24;
contract Token { function transferFrom(address a, address b, uint v) public returns (bool); }
contract Vault {
    Token token;
    mapping(address => uint) held;
    function deposit(uint amount) public {
        require(token.transferFrom(msg.sender, this, amount));
        held[msg.sender] += amount;
    }
}
"""


def test_a_credit_of_what_a_checked_transfer_from_pulled_in_cannot_wrap() -> None:
    assert 8 not in _found(VAULT, "integer-overflow")


def test_an_unchecked_pull_or_another_amount_stays() -> None:
    unchecked = VAULT.replace(
        "require(token.transferFrom(msg.sender, this, amount));", "token.transferFrom(msg.sender, this, amount);"
    )
    assert 8 in _found(unchecked, "integer-overflow")
    other = VAULT.replace("held[msg.sender] += amount;", "held[msg.sender] += amount * 2;")
    assert 8 in _found(other, "integer-overflow")


# -- bad-randomness -------------------------------------------------------------------------------------

BETS = """pragma solidity ^0.4.24;
contract Bets {
    mapping(address => uint24) picks;
    function play() public payable returns (uint) {
        return playOwn(uint(keccak256(msg.sender, block.number)));
    }
    function playOwn(uint pick) public payable returns (uint) {
        picks[msg.sender] = uint24(pick);
        return pick;
    }
}
"""


def test_a_hash_handed_unchanged_to_a_public_function_draws_nothing() -> None:
    assert 5 not in _found(BETS, "bad-randomness")


def test_a_private_callee_or_a_narrowing_cast_stays_a_draw() -> None:
    private = BETS.replace("function playOwn(uint pick) public payable", "function playOwn(uint pick) private")
    assert 5 in _found(private, "bad-randomness")
    narrow = BETS.replace(
        "playOwn(uint(keccak256(msg.sender, block.number)))", "playOwn(uint8(keccak256(msg.sender, block.number)))"
    )
    assert 5 in _found(narrow, "bad-randomness")


# -- unprotected-owner-write ----------------------------------------------------------------------------

DEALS = """pragma solidity ^0.4.24;
contract Deals {
    struct Deal { address[2] parties; uint amount; }
    mapping(bytes32 => Deal) deals;
    function open(bytes32 id, address other) public {
        require(deals[id].parties[0] == address(0));
        deals[id].parties[0] = msg.sender;
        deals[id].parties[1] = other;
    }
    function settle(bytes32 id) public {
        require(msg.sender == deals[id].parties[0] || msg.sender == deals[id].parties[1]);
        deals[id].amount = 0;
    }
}
"""


def test_filling_in_an_entry_the_caller_claims_is_a_low_note() -> None:
    assert {c for _, c in _found(DEALS, "unprotected-owner-write").values()} <= {"low"}


def test_writing_a_party_of_an_entry_nobody_checked_stays() -> None:
    src = DEALS.replace("require(deals[id].parties[0] == address(0));", "require(other != address(0));")
    assert ("high", "medium") in _found(src, "unprotected-owner-write").values()


# -- unprotected-withdrawal -----------------------------------------------------------------------------

PUZZLE = """pragma solidity ^0.4.24;
contract Puzzle {
    bytes32 constant answer = 0x1234;
    function () payable {}
    function solve(string solution) public {
        require(answer == sha3(solution));
        msg.sender.transfer(1 ether);
    }
}
"""


def test_a_payment_behind_a_hash_lock_is_not_open_to_anyone() -> None:
    assert _found(PUZZLE, "unprotected-withdrawal") == {}


def test_no_lock_or_a_lock_anyone_resets_stays() -> None:
    assert 7 in _found(PUZZLE.replace("require(answer == sha3(solution));", ""), "unprotected-withdrawal")
    reset = PUZZLE.replace("bytes32 constant answer = 0x1234;", "bytes32 answer;").replace(
        "function () payable {}", "function () payable {}\n    function set(bytes32 a) public { answer = a; }"
    )
    assert 8 in _found(reset, "unprotected-withdrawal")


# -- timestamp-dependence -------------------------------------------------------------------------------

IDLE = """pragma solidity ^0.4.24;
contract Idle {
    address owner;
    uint last;
    constructor() public { owner = msg.sender; last = now; }
    function () payable { last = now; }
    function close() public {
        if (msg.sender == owner && now > last + 1 days) {
            msg.sender.transfer(this.balance);
        }
    }
}
"""


def test_an_owner_only_deadline_is_a_low_note() -> None:
    assert _found(IDLE, "timestamp-dependence")[8][1] == "low"


def test_the_same_deadline_open_to_anyone_stays_medium() -> None:
    assert _found(IDLE.replace("msg.sender == owner && ", ""), "timestamp-dependence")[8][1] == "medium"


# -- unbounded-loop -------------------------------------------------------------------------------------

DEBTS = """pragma solidity ^0.4.24;
contract Debts {
    uint[] amounts;
    function lend() public payable { amounts.push(msg.value); }
    function total() public returns (uint sum) {
        for (uint i = 0; i < amounts.length; i++) { sum += amounts[i]; }
    }
}
"""


def test_a_reader_that_writes_nothing_and_nobody_calls_locks_nothing() -> None:
    assert _found(DEBTS, "unbounded-loop") == {}


def test_a_reader_that_writes_or_is_called_by_a_write_stays() -> None:
    writes = DEBTS.replace("sum += amounts[i]; }", "sum += amounts[i]; }\n        amounts.length = 0;")
    assert 6 in _found(writes, "unbounded-loop")
    called = DEBTS.replace("amounts.push(msg.value); }", "amounts.push(msg.value); require(total() > 0); }")
    assert 6 in _found(called, "unbounded-loop")


# -- unbounded-growth -----------------------------------------------------------------------------------

BATCH = """pragma solidity ^0.4.24;
contract Batch {
    address[] list;
    function fill() public {
        if (list.length < 1000) {
            for (uint i = 0; i < 100; i++) { list.push(msg.sender); }
        } else {
            list = new address[](0);
        }
    }
}
"""


def test_wiping_a_list_whose_capped_growth_fits_in_a_block_is_quiet() -> None:
    assert 8 not in _found(BATCH, "unbounded-growth")


def test_a_cap_too_large_or_no_cap_keeps_the_wipe() -> None:
    assert 8 in _found(BATCH.replace("1000", "100000"), "unbounded-growth")
    uncapped = BATCH.replace("if (list.length < 1000) {", "if (msg.sender != address(0)) {")
    assert 8 in _found(uncapped, "unbounded-growth")
