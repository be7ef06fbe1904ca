"""Block values that decide nothing, from own twin contracts (round 12, detectors/_draws.py and _quiet.py).

Each benign shape goes quiet and its vulnerable twin is still reported at the same severity and confidence:
a block hash handed back as it is (an accessor) against a block hash turned into a number or compared with a
guess; an identifier hashed from a block hash that names a record against the same hash used as a draw or
only returned; a block hash mixed with a value revealed against a stored commitment (a verified seed)
against the same mix with a free argument; the rotating start of a read-only scan against the same start in
code that pays; the time slot of a read-only ring buffer against a time slot that picks a winner.
Solidity 0.4 and 0.8, Vyper for the accessor.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.scan import scan_source


def _found(src: str, detector: str = "bad-randomness", path: str = "c.sol") -> list[tuple[int, str, str]]:
    return sorted((f.line, f.severity, f.confidence) for f in scan_source(src, path) if f.detector == detector)


HIGH = ("high", "medium")

# -- accessors -------------------------------------------------------------------------------------------

ACCESSOR_08 = """pragma solidity ^0.8.0;
contract Chain {
    function hashOf(uint256 n) external view returns (bytes32) {
        if (n >= block.number || block.number - n > 256) return "";
        return blockhash(n);
    }
    function last() public view returns (bytes32 h) {
        h = blockhash(block.number - 1);
    }
    function near(uint256 n) public view returns (bytes32) {
        return block.number - n < 257 ? blockhash(n) : bytes32(0);
    }
}
"""

ACCESSOR_04 = """pragma solidity ^0.4.24;
contract Chain {
    function hashOf(uint n) public view returns (bytes32) {
        return block.blockhash(n);
    }
    function checked(uint n) public view returns (bytes32) {
        bytes32 h = blockhash(n);
        require(h != bytes32(0));
        return h;
    }
}
"""

ACCESSOR_VY = """# @version 0.3.10
@external
@view
def hash_of(n: uint256) -> bytes32:
    return blockhash(n)
"""


@pytest.mark.parametrize("src", [ACCESSOR_08, ACCESSOR_04])
def test_a_block_hash_handed_back_as_it_is_is_a_read_not_a_draw(src: str) -> None:
    assert _found(src) == []


def test_a_vyper_block_hash_accessor_is_a_read() -> None:
    assert _found(ACCESSOR_VY, path="c.vy") == []


def test_a_block_hash_turned_into_a_number_in_an_accessor_is_still_a_draw() -> None:
    src = ACCESSOR_08.replace("returns (bytes32 h)", "returns (uint256 h)").replace(
        "h = blockhash(block.number - 1);", "h = uint256(blockhash(block.number - 1)) % 6;"
    )
    assert _found(src) == [(8, *HIGH)]


def test_a_vyper_block_hash_reduced_to_a_die_is_still_a_draw() -> None:
    src = ACCESSOR_VY.replace("-> bytes32:", "-> uint256:").replace(
        "return blockhash(n)", "return convert(blockhash(n), uint256) % 6"
    )
    assert _found(src, path="c.vy") == [(5, *HIGH)]


CONSUMER_08 = """pragma solidity ^0.8.0;
contract Rng {
    function hashOf(uint256 n) external view returns (bytes32) { return blockhash(n); }
}
contract Game {
    Rng rng;
    uint256 target;
    function play() external payable {
        if (uint256(rng.hashOf(target)) % 2 == 0) payable(msg.sender).transfer(1 ether);
    }
}
"""

CONSUMER_04 = """pragma solidity ^0.4.24;
contract Game {
    uint target;
    function hashOf(uint n) internal view returns (bytes32) { return block.blockhash(n); }
    function play() public payable {
        if (uint(hashOf(target)) % 2 == 0) msg.sender.transfer(1 ether);
    }
}
"""


@pytest.mark.parametrize(("src", "line"), [(CONSUMER_08, 9), (CONSUMER_04, 6)])
def test_an_accessors_consumer_that_draws_from_it_is_reported_where_it_draws(src: str, line: int) -> None:
    assert _found(src) == [(line, *HIGH)]


def test_a_block_hash_compared_with_a_guess_is_still_a_draw() -> None:
    src = """pragma solidity ^0.4.24;
contract Guess {
    mapping(address => uint) blockOf;
    function settle(bytes32 guess) public {
        bytes32 answer = blockhash(blockOf[msg.sender]);
        if (answer == guess) msg.sender.transfer(2 ether);
    }
}
"""
    assert _found(src) == [(5, *HIGH)]


# -- identifiers -----------------------------------------------------------------------------------------

REGISTRY_08 = """pragma solidity ^0.8.0;
contract Registry {
    event Registered(uint256 id);
    mapping(uint256 => address) records;
    uint256 nonce;
    function register() external returns (uint256 id) {
        id = uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), address(this), nonce)));
        _create(id);
        nonce++;
        emit Registered(id);
        USE
        return id;
    }
    function _create(uint256 id) internal {
        records[id] = msg.sender;
    }
}
"""

REGISTRY_04 = """pragma solidity ^0.4.24;
contract Registry {
    mapping(uint => address) records;
    uint nonce;
    function register() public returns (uint id) {
        id = uint(keccak256(block.blockhash(block.number - 1), this, nonce));
        records[id] = msg.sender;
        nonce++;
        USE
    }
}
"""


@pytest.mark.parametrize("src", [REGISTRY_08, REGISTRY_04])
def test_an_identifier_hashed_from_a_block_hash_that_names_a_record_is_no_draw(src: str) -> None:
    assert _found(src.replace("USE", "")) == []


@pytest.mark.parametrize(
    ("src", "pay"),
    [
        (REGISTRY_08, "if (id % 2 == 0) payable(msg.sender).transfer(1 ether);"),
        (REGISTRY_04, "if (id % 2 == 0) msg.sender.transfer(1 ether);"),
    ],
)
def test_the_same_identifier_used_as_a_coin_is_still_a_draw(src: str, pay: str) -> None:
    found = _found(src.replace("USE", pay))
    assert len(found) == 1 and found[0][1:] == HIGH


def test_a_hash_of_a_block_hash_that_picks_an_existing_entry_is_still_a_draw() -> None:
    src = """pragma solidity ^0.8.0;
contract Tickets {
    mapping(uint256 => address payable) holder;
    function buy(uint256 ticket) external payable {
        require(msg.value == 1 ether);
        holder[ticket] = payable(msg.sender);
    }
    function draw() external returns (uint256 w) {
        w = uint256(keccak256(abi.encodePacked(blockhash(block.number - 1))));
        holder[w].transfer(address(this).balance);
    }
}
"""
    assert _found(src) == [(9, *HIGH)]


def test_a_hash_of_a_block_hash_only_returned_is_a_randomness_api_still_reported() -> None:
    src = """pragma solidity ^0.8.0;
contract Rng {
    uint256 nonce;
    function next() external returns (uint256 r) {
        r = uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), nonce)));
        nonce++;
    }
}
"""
    assert _found(src) == [(5, *HIGH)]


# -- commit-reveal mixes ---------------------------------------------------------------------------------

SEED_08 = """pragma solidity ^0.8.0;
library Proofs { function output(uint256 s, uint256 x) internal pure returns (uint256) { return s ^ x; } }
contract Coordinator {
    struct Proof { uint256 seed; uint256 gamma; }
    mapping(uint256 => bytes32) commitments;
    mapping(uint256 => uint256[]) delivered;
    function fulfill(Proof calldata proof, uint256 blockNum) external {
        uint256 requestId = uint256(keccak256(abi.encode(msg.sender, proof.seed)));
        require(commitments[KEY] != 0);
        bytes32 h = blockhash(blockNum);
        require(h != bytes32(0));
        uint256 actualSeed = uint256(keccak256(abi.encodePacked(proof.seed, h)));
        uint256 randomness = Proofs.output(proof.gamma, actualSeed);
        uint256[] memory words = new uint256[](3);
        for (uint256 i = 0; i < 3; ++i) {
            words[i] = uint256(keccak256(abi.encode(randomness, i)));
        }
        delete commitments[requestId];
        delivered[requestId] = words;
    }
}
"""

DICE_04 = """pragma solidity ^0.4.24;
contract Dice {
    struct Bet { uint amount; uint blockNumber; address gambler; }
    mapping(uint => Bet) bets;
    function place(uint commit) public payable { bets[commit] = Bet(msg.value, block.number, msg.sender); }
    function settle(uint reveal) public {
        uint ticketID = uint(keccak256(abi.encodePacked(reveal)));
        Bet storage bet = bets[KEY];
        require(bet.amount != 0);
        uint random = uint(keccak256(abi.encodePacked(blockhash(bet.blockNumber), reveal)));
        if (random % 2 == 0) bet.gambler.transfer(bet.amount * 2);
        bet.amount = 0;
    }
}
"""


@pytest.mark.parametrize(("src", "key"), [(SEED_08, "requestId"), (DICE_04, "ticketID")])
def test_a_block_hash_mixed_with_a_value_revealed_against_a_stored_commitment_is_no_miner_draw(
    src: str, key: str
) -> None:
    assert _found(src.replace("KEY", key)) == []


@pytest.mark.parametrize(("src", "key", "line"), [(SEED_08, "blockNum", 16), (DICE_04, "uint(msg.sender)", 11)])
def test_the_same_mix_with_a_value_never_checked_against_a_commitment_is_still_a_draw(
    src: str, key: str, line: int
) -> None:
    found = _found(src.replace("KEY", key))
    assert [(ln, sev, conf) for ln, sev, conf in found] == [(line, *HIGH)]


# -- rotations -------------------------------------------------------------------------------------------

CRON_08 = """pragma solidity ^0.8.0;
contract Cron {
    uint256[] jobs;
    mapping(uint256 => uint256) due;
    mapping(uint256 => address payable) owners;
    function checkUpkeep() external view returns (bool, uint256) {
        uint256 n = jobs.length;
        if (n == 0) return (false, 0);
        uint256 start = block.number % n;
        (bool ok, uint256 id) = scan(start, n);
        if (ok) return (ok, id);
        return scan(0, start);
    }
    function scan(uint256 from, uint256 to) private view returns (bool, uint256) {
        for (uint256 i = from; i < to; i++) {
            if (due[jobs[i]] <= block.number) return (true, jobs[i]);
        }
        return (false, 0);
    }
}
"""

MONITOR_04 = """pragma solidity ^0.4.24;
contract Monitor {
    address[] targets;
    mapping(address => uint) minimum;
    function sample() public view returns (address[] memory out) {
        uint n = targets.length;
        uint idx = uint(blockhash(block.number - 1)) % n;
        out = new address[](n);
        uint found = 0;
        for (uint k = 0; k < n; k++) {
            if (targets[idx].balance < minimum[targets[idx]]) {
                out[found] = targets[idx];
                found++;
            }
            idx = (idx + 1) % n;
        }
    }
}
"""

MONITOR_08 = """pragma solidity ^0.8.0;
contract Monitor {
    address[] targets;
    mapping(address => uint256) minimum;
    function sample() public view returns (address[] memory out) {
        uint256 n = targets.length;
        uint256 idx = uint256(blockhash(block.number - 1)) % n;
        out = new address[](n);
        uint256 found = 0;
        for (uint256 k = 0; k < n; (idx, k) = ((idx + 1) % n, k + 1)) {
            if (targets[idx].balance < minimum[targets[idx]]) {
                out[found] = targets[idx];
                found++;
            }
        }
    }
}
"""


@pytest.mark.parametrize("src", [CRON_08, MONITOR_04, MONITOR_08])
def test_the_rotating_start_of_a_read_only_scan_is_a_scheduling_choice(src: str) -> None:
    assert _found(src) == []


def test_a_rotating_start_that_picks_who_is_paid_is_still_a_draw() -> None:
    src = CRON_08.replace(
        "\n}\n",
        "\n    function draw() external {\n"
        "        uint256 start = block.number % jobs.length;\n"
        "        (bool ok, uint256 id) = scan(start, jobs.length);\n"
        "        if (ok) owners[id].transfer(address(this).balance);\n"
        "    }\n}\n",
    )
    assert _found(src) == [(21, *HIGH)]


@pytest.mark.parametrize("src", [MONITOR_04, MONITOR_08])
def test_a_read_only_scan_that_a_paying_function_calls_is_still_a_draw(src: str) -> None:
    pay = "msg.sender.transfer(1)" if "0.4" in src else "payable(msg.sender).transfer(1)"
    src = src.replace("\n}\n", f"\n    function pay() public {{ if (sample()[0] == msg.sender) {pay}; }}\n}}\n")
    found = _found(src)
    assert len(found) == 1 and found[0][1:] == HIGH


# -- time slots of a ring buffer -------------------------------------------------------------------------

WINDOW_08 = """pragma solidity ^0.8.0;
contract Window {
    struct Obs { uint256 timestamp; uint256 price; }
    mapping(address => Obs[]) obs;
    address payable[] players;
    uint8 granularity = 8;
    uint256 period = 1 hours;
    function indexOf(uint256 t) public view returns (uint8) { return uint8(t / period % granularity); }
    function update(address pair, uint256 price) external {
        uint8 i = indexOf(block.timestamp);
        Obs storage o = obs[pair][i];
        o.timestamp = block.timestamp;
        o.price = price;
    }
    function first(address pair) private view returns (Obs storage f) {
        uint8 i = indexOf(block.timestamp);
        uint8 j = (i + 1) % granularity;
        f = STORE[j];
    }
    function consult(address pair) external view returns (uint256) {
        return first(pair).price;
    }
}
"""

WINDOW_04 = """pragma solidity ^0.4.24;
contract Window {
    struct Obs { uint timestamp; uint price; }
    mapping(address => Obs[]) obs;
    Obs[] players;
    uint8 granularity = 8;
    uint period = 1 hours;
    function indexOf(uint t) public view returns (uint8) { return uint8(t / period % granularity); }
    function update(address pair, uint price) public {
        uint8 i = indexOf(now);
        Obs storage o = obs[pair][i];
        o.timestamp = now;
        o.price = price;
    }
    function first(address pair) private view returns (Obs storage f) {
        uint8 i = indexOf(now);
        uint8 j = (i + 1) % granularity;
        f = STORE[j];
    }
    function consult(address pair) public view returns (uint) {
        return first(pair).price;
    }
}
"""


@pytest.mark.parametrize("src", [WINDOW_08, WINDOW_04])
@pytest.mark.parametrize("detector", ["bad-randomness", "timestamp-dependence"])
def test_the_next_slot_of_a_time_keyed_ring_buffer_read_only_is_bookkeeping(src: str, detector: str) -> None:
    assert [f for f in _found(src.replace("STORE", "obs[pair]"), detector) if f[1] != "low"] == []


@pytest.mark.parametrize("src", [WINDOW_08, WINDOW_04])
def test_a_time_slot_into_a_store_filled_by_players_is_still_a_draw(src: str) -> None:
    src = src.replace("STORE", "players")
    assert _found(src) == [(17, *HIGH)]
    assert (17, "medium", "medium") in _found(src, "timestamp-dependence")


@pytest.mark.parametrize("src", [WINDOW_08, WINDOW_04])
def test_a_time_slot_that_decides_a_payout_is_still_a_draw(src: str) -> None:
    pay = "payable(msg.sender).transfer(1)" if "0.8" in src else "msg.sender.transfer(1)"
    src = src.replace("STORE", "obs[pair]").replace(
        "\n}\n", f"\n    function claim(address pair) public {{ if (first(pair).price > 0) {pay}; }}\n}}\n"
    )
    assert _found(src) == [(17, *HIGH)]


def test_a_read_only_scan_a_modifier_consults_is_still_a_draw() -> None:
    src = MONITOR_08.replace(
        "\n}\n",
        "\n    modifier chosen() { require(sample()[0] == msg.sender); _; }\n"
        "    function claim() external chosen { payable(msg.sender).transfer(1 ether); }\n}\n",
    )
    found = _found(src)
    assert len(found) == 1 and found[0][1:] == HIGH


# -- fuzz: how the block hash leaves an accessor decides, not the names or the casts around it ----------

_KEYWORDS = {"do", "if", "in", "is", "as", "of", "for", "new", "let", "var", "try", "int", "uint", "byte", "bool"}
_NAME = st.from_regex(r"[a-z][a-z0-9]{1,7}", fullmatch=True).filter(lambda n: n not in _KEYWORDS)

# (body with {h} the block hash expression and {r} the named return, returns clause, is it a draw?)
_FORMS = [
    ("return {h};", "bytes32", False),
    ("{r} = {h};", "bytes32 {r}", False),
    ("return n < 256 ? {h} : bytes32(0);", "bytes32", False),
    ("bytes32 {r} = {h}; require({r} != bytes32(0)); return {r};", "bytes32", False),
    ("return uint256({h}) % 6;", "uint256", True),
    ("{r} = uint256(keccak256(abi.encodePacked({h}, msg.sender)));", "uint256 {r}", True),
    ("return uint8(uint256({h}));", "uint8", True),
]


@settings(max_examples=30, deadline=None)
@given(
    fn=_NAME,
    ret=_NAME,
    form=st.sampled_from(_FORMS),
    casts=st.integers(min_value=0, max_value=2),
    old=st.booleans(),
)
def test_an_accessor_is_quiet_exactly_when_it_hands_the_hash_back_as_it_is(
    fn: str, ret: str, form: tuple[str, str, bool], casts: int, old: bool
) -> None:
    body, returns, draw = form
    h = "blockhash(n)" if not old else "block.blockhash(n)"
    for _ in range(casts):
        h = f"bytes32({h})"
    ret = ret + "_r"
    src = (
        ("pragma solidity ^0.4.24;\n" if old else "pragma solidity ^0.8.0;\n")
        + "contract C {\n"
        + f"    function {fn}_f(uint256 n) public view returns ({returns.format(r=ret)}) {{\n"
        + "        "
        + body.format(h=h, r=ret)
        + "\n    }\n}\n"
    )
    if old:
        src = src.replace("abi.encodePacked(", "(")
    assert bool(_found(src)) is draw, src


# -- the same shapes on the block timestamp (timestamp-dependence's "source of randomness" too) ------------

STAMPED_ID = """pragma solidity ^0.8.0;
contract Orders {
    mapping(bytes32 => address) owners;
    uint256 nonce;
    function open() external returns (bytes32 id) {
        id = keccak256(abi.encodePacked(msg.sender, block.timestamp, nonce));
        owners[id] = msg.sender;
        nonce++;
        USE
    }
}
"""

STAMPED_START = """pragma solidity ^0.4.24;
contract Keeper {
    uint[] jobs;
    mapping(uint => uint) due;
    function check() public view returns (uint) {
        uint n = jobs.length;
        uint idx = now % n;
        for (uint k = 0; k < n; k++) {
            if (due[jobs[idx]] <= block.number) return jobs[idx];
            idx = (idx + 1) % n;
        }
        return 0;
    }
    PAY
}
"""


@pytest.mark.parametrize("detector", ["bad-randomness", "timestamp-dependence"])
@pytest.mark.parametrize(
    "src", [STAMPED_ID.replace("USE", ""), STAMPED_START.replace("PAY", "")], ids=["identifier", "rotation"]
)
def test_a_timestamp_identifier_or_rotation_is_no_draw_for_either_detector(src: str, detector: str) -> None:
    assert [f for f in _found(src, detector) if f[1] != "low"] == []


@pytest.mark.parametrize(
    ("src", "line"),
    [
        (STAMPED_ID.replace("USE", "if (uint256(id) % 2 == 0) payable(msg.sender).transfer(1 ether);"), 9),
        (STAMPED_START.replace("PAY", "function pay() public { if (check() == 1) msg.sender.transfer(1); }"), 10),
    ],
    ids=["identifier", "rotation"],
)
def test_the_same_timestamp_shapes_deciding_a_payout_stay_for_both_detectors(src: str, line: int) -> None:
    assert _found(src) == [(line, *HIGH)]
    assert (line, "medium", "medium") in _found(src, "timestamp-dependence")
