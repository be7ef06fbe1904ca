"""Round 23 of the ICSE-69 false alarms: four general properties that make code safe, each with contracts
written for this test that must stay quiet (or a low note) and vulnerable twins that must still be reported.

* call-in-loop: a `send` whose result the statement drops cannot stop the loop (_fixedcalls.dropped_send)
* integer-overflow: a deadline stored as the block time plus a span the caller picks freely; a wrap only
  gives the past deadline `span = 0` gives (_choice.past_deadline)
* unprotected-withdrawal: a refund summed only where the caller matched a record (_paidvalue.checked_sum)
* payee-race: the payee's writer restarts the wait the payment needs, so ordering it first makes the
  payment revert instead of redirecting it (_cooldown.py)
* reentrancy: the only state written after the call is a counter nothing decides on, only its getter and
  views read it (_statistic.only_statistics_after)
* read-only-reentrancy (a lost true finding restored, OpenGSN RelayHub): a call to the contract itself hands
  an outsider control when the own function it names calls out in turn (_inflight.fixed_callee)
"""

from __future__ import annotations

from nexus.scan import scan_source


def _found(src: str, detector: str) -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector}


def _default(src: str, detector: str) -> set[int]:
    return {line for line, (_, conf) in _found(src, detector).items() if conf in ("medium", "high")}


# -- call-in-loop ---------------------------------------------------------------------------------------

PYRAMID = """pragma solidity ^0.4.24;
contract Pyramid {
    struct Entry { address who; uint owed; }
    Entry[] entries;
    uint next;
    uint pot;
    function join() public payable {
        require(msg.value >= 1 ether);
        entries.push(Entry(msg.sender, msg.value * 2));
        pot += msg.value;
        while (next < entries.length && pot > entries[next].owed) {
            entries[next].who.%s(entries[next].owed);
            pot -= entries[next].owed;
            next += 1;
        }
    }
}
"""


def test_a_dropped_send_in_a_loop_is_only_a_low_note() -> None:
    found = _found(PYRAMID % "send", "call-in-loop")
    assert found.get(12) == ("low", "low")


def test_a_transfer_or_a_required_send_in_the_same_loop_still_blocks_it() -> None:
    assert 12 in _default(PYRAMID % "transfer", "call-in-loop")
    pay = "entries[next].who.%s(entries[next].owed);"
    required = PYRAMID.replace(pay, "require(entries[next].who.send(entries[next].owed));")
    assert 12 in _default(required, "call-in-loop")


def test_a_dropped_full_gas_call_in_a_loop_is_still_reported() -> None:
    pay = "entries[next].who.%s(entries[next].owed);"
    src = PYRAMID.replace(pay, "entries[next].who.call.value(entries[next].owed)();")
    assert 12 in _default(src, "call-in-loop")


# -- integer-overflow: deadlines --------------------------------------------------------------------------

CHANNEL = """pragma solidity ^0.4.24;
contract Channels {
    struct Channel { address a; address b; uint wait; uint timeout; uint deposit; }
    mapping(bytes32 => Channel) channels;
    mapping(address => uint) lockedUntil;
    function open(bytes32 id, address b, uint wait) public payable {
        require(channels[id].a == address(0));
        channels[id].a = msg.sender;
        channels[id].b = b;
        channels[id].wait = wait;
        channels[id].timeout = now + wait;
        channels[id].deposit = msg.value;
    }
    function extend(bytes32 id) public {
        require(channels[id].deposit > 0);
        channels[id].timeout = now + channels[id].wait;
    }
    function lock(uint extra) public {
        lockedUntil[msg.sender] += extra;
    }
}
"""


def test_a_deadline_of_now_plus_a_free_span_is_a_low_note() -> None:
    found = _found(CHANNEL, "integer-overflow")
    assert found[11][1] == "low"  # now + wait (the parameter)
    assert found[16][1] == "low"  # now + the stored span every write sets from such a parameter


def test_a_compound_time_lock_extension_stays_reported() -> None:
    assert 19 in _default(CHANNEL, "integer-overflow")


def test_a_span_with_a_minimum_is_reported_since_the_wrap_skips_the_minimum() -> None:
    bounded = CHANNEL.replace(
        "require(channels[id].a == address(0));", "require(channels[id].a == address(0) && wait >= 1 days);"
    )
    found = _default(bounded, "integer-overflow")
    assert 11 in found and 16 in found


def test_a_stored_span_another_function_sets_otherwise_is_reported() -> None:
    src = CHANNEL.replace(
        "    function lock(uint extra) public {",
        "    function stretch(bytes32 id, uint by) public {\n"
        "        require(by >= 1 hours);\n"
        "        channels[id].wait = by;\n    }\n    function lock(uint extra) public {",
    )
    assert 16 in _default(src, "integer-overflow")


# -- unprotected-withdrawal: refunds summed under a caller match -----------------------------------------

RAFFLE = """pragma solidity ^0.4.24;
contract Raffle {
    struct Ticket { address owner; uint round; }
    uint constant price = 0.1 ether;
    mapping(uint => Ticket) tickets;
    uint sold;
    uint round = 1;
    function buy() public payable {
        require(msg.value == price && sold < 50);
        tickets[sold++] = Ticket(msg.sender, round);
    }
    function refund() public {
        uint total = 0;
        for (uint i = 0; i < 50; i++) {
            if (tickets[i].owner == msg.sender && tickets[i].round == round) {
                total += price;
                tickets[i] = Ticket(address(0), 0);
            }
        }
        if (total > 0) {
            msg.sender.transfer(total);
        }
    }
}
"""


def test_a_refund_summed_only_over_the_callers_own_tickets_is_no_withdrawal() -> None:
    assert 21 not in _found(RAFFLE, "unprotected-withdrawal")


def test_a_sum_that_also_grows_outside_the_caller_match_is_still_a_withdrawal() -> None:
    src = RAFFLE.replace("        if (total > 0) {", "        total += price;\n        if (total > 0) {")
    assert 22 in _default(src, "unprotected-withdrawal")


def test_a_sum_with_no_caller_match_at_all_is_still_a_withdrawal() -> None:
    src = RAFFLE.replace("tickets[i].owner == msg.sender && ", "")
    assert 21 in _default(src, "unprotected-withdrawal")


# -- payee-race: a writer that restarts the wait ----------------------------------------------------------

LAST = """pragma solidity ^0.4.24;
contract LastOneIn {
    address public leader;
    uint public stamp;
    uint public pot;
    function enter() public payable {
        require(msg.value >= 0.1 ether);
        leader = msg.sender;
        pot += msg.value;
        stamp = %s;
    }
    function settle() public {
        if (%s < stamp + %s) revert();
        leader.transfer(pot);
        pot = 0;
        leader = address(0);
    }
}
"""


def test_a_payee_write_that_restarts_the_wait_is_no_payee_race() -> None:
    assert 14 not in _found(LAST % ("now", "now", "10 minutes"), "payee-race")
    assert 14 not in _found(LAST % ("block.number", "block.number", "20"), "payee-race")


def test_a_zero_wait_or_another_clock_leaves_the_race() -> None:
    assert 14 in _default(LAST % ("now", "now", "0"), "payee-race")  # `now >= stamp` holds in the same block
    assert 14 in _default(LAST % ("block.number", "now", "10 minutes"), "payee-race")


def test_a_writer_that_does_not_restart_the_wait_leaves_the_race() -> None:
    src = (LAST % ("now", "now", "10 minutes")).replace(
        "    function settle() public {",
        "    function nominate(address who) public {\n        leader = who;\n    }\n    function settle() public {",
    )
    found = _default(src, "payee-race")
    assert 17 in found


# -- reentrancy: only a statistic is written after the call ------------------------------------------------

CLOSER = """pragma solidity ^0.4.24;
interface IERC20 { function transfer(address to, uint v) external returns (bool); }
contract Escrows {
    struct Deal { address buyer; IERC20 token; uint amount; bool open; }
    mapping(bytes32 => Deal) deals;
    uint public openDeals;
    function open(bytes32 id, IERC20 token, uint amount) public {
        require(deals[id].buyer == address(0));
        deals[id] = Deal(msg.sender, token, amount, true);
        openDeals++;
    }
    function close(bytes32 id) public {
        require(deals[id].open && deals[id].buyer == msg.sender);
        deals[id].open = false;
        require(deals[id].token.transfer(msg.sender, deals[id].amount));
        openDeals--;
    }
}
"""


def test_a_counter_only_its_getter_reads_written_after_the_call_is_a_low_note() -> None:
    found = _found(CLOSER, "reentrancy")
    assert found.get(15, ("", "low"))[1] == "low"


def test_a_counter_a_function_decides_on_keeps_the_reentrancy() -> None:
    src = CLOSER.replace(
        "require(deals[id].buyer == address(0));", "require(deals[id].buyer == address(0) && openDeals < 100);"
    )
    assert 15 in _default(src, "reentrancy")


def test_a_decisive_write_after_the_counter_keeps_the_reentrancy() -> None:
    src = CLOSER.replace(
        "deals[id].open = false;\n        require(deals[id].token.transfer(msg.sender, deals[id].amount));",
        "require(deals[id].token.transfer(msg.sender, deals[id].amount));\n        deals[id].open = false;",
    )
    assert 14 in _default(src, "reentrancy")


# -- read-only-reentrancy: a self-call whose own function calls out ----------------------------------------

HUB = """pragma solidity ^0.8.20;
interface IRecipient { function relayed(bytes calldata d) external; }
contract Hub {
    mapping(address => uint256) public balances;
    uint256 public total;
    function deposit(address t) external payable { balances[t] += msg.value; total += msg.value; }
    function share(address t) external view returns (uint256) { return balances[t] * 1e18 / total; }
    function relay(address payer, IRecipient r, bytes calldata d, uint256 fee) external {
        (bool ok, ) = address(this).call(ENCODED);
        require(ok);
        balances[payer] -= fee;
        total -= fee;
    }
    function inner(IRecipient r, bytes calldata d) external {
        require(msg.sender == address(this));
        INNER
    }
}
"""


def _readonly(src: str) -> set[int]:
    return {f.line for f in scan_source(src, "c.sol") if f.detector == "read-only-reentrancy"}


def test_a_self_call_into_an_own_function_that_calls_out_still_exposes_the_view() -> None:
    for encoded in ("abi.encodeWithSelector(this.inner.selector, r, d)", "abi.encodeCall(this.inner, (r, d))"):
        src = HUB.replace("ENCODED", encoded).replace("INNER", "r.relayed(d);")
        assert _readonly(src) == {7}, encoded


def test_a_self_call_into_an_own_function_that_stays_inside_exposes_nothing() -> None:
    src = HUB.replace("ENCODED", "abi.encodeWithSelector(this.inner.selector, r, d)").replace("INNER", "total += 0;")
    assert _readonly(src) == set()
