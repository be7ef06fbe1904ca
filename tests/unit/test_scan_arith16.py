"""Round 16 of the integer-overflow, bad-randomness and timestamp-dependence detectors (_handback.py,
_quiet.py, _lower.py, _ranges.py, _supply.py, arithmetic.py): values that decide nothing, and bounds the code proves.

* a hash an internal function returns to callers that only hand it on (an argument, a key, an event's
  field) is a commitment, not a draw; a caller that reduces it (`uint(h) % 2`) keeps it reported;
* a block hash handed as it is to an internal helper that only records it (a struct, a call) decides
  nothing; a helper that reduces it keeps it reported;
* `t % period` only ordered against a bound built from the same period is where the clock is in its
  cycle (a schedule); the same modulo ordered against a constant stays a draw;
* `x - 1` after a check that `x` is above some unsigned value (`x > y`, or `x != y` and `x >= y`)
  cannot go below zero; after `x >= y` alone it stays;
* `K + data.length * C` of a calldata or memory array (the ABI decoder and the allocator revert on a
  length of 2**64 or more) cannot wrap in 0.8; a length times a caller's factor, or a 0.4 calldata
  length (the old decoder trusts it), stays;
* `rec -= v` where `v` is `rec` or, under `asked < v`, the smaller `asked` cannot go below zero; `asked >
  v` stays;
* WETH's `balanceOf[dst] += wad`, where every record's value is ether received and moves only by
  checked debits (an allowance, set by `=`, is a permission, not a store of value), cannot wrap; an
  unchecked mint in the same contract keeps it reported.

Each benign twin is quiet (or below medium) on this code and reported on the code before round 16; each
vulnerable twin keeps the severity and confidence the old code gave it.
"""

from __future__ import annotations

from nexus.scan import scan_source


def _found(src: str, detector: str) -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector}


def _shown(src: str, detector: str) -> dict[int, tuple[str, str]]:
    """The default view: high or medium severity, medium or high confidence."""
    return {
        line: (sev, conf)
        for line, (sev, conf) in _found(src, detector).items()
        if sev in ("high", "medium") and conf in ("high", "medium")
    }


# -- a hash returned to callers that only hand it on ---------------------------------------------------

HANDED4 = """pragma solidity ^0.4.24;
contract Inbox {
    bytes32[] public batches;
    event Posted(bytes32 h, uint t);
    function formHash(bytes data) internal view returns (bytes32, uint) {
        return (keccak256(abi.encodePacked(block.timestamp, block.number, data)), block.timestamp);
    }
    function post(bytes data) public {
        (bytes32 h, uint t) = formHash(data);
        batches.push(h);
        emit Posted(h, t);
    }
}
"""

HANDED8 = """pragma solidity ^0.8.20;
interface IBridge { function enqueue(bytes32 dataHash, uint256 count) external; }
contract Inbox {
    IBridge public bridge;
    uint256 public count;
    function formHash(bytes calldata data) internal view returns (bytes32) {
        bytes memory header = abi.encodePacked(uint64(block.timestamp), uint64(block.number));
        return keccak256(bytes.concat(header, data));
    }
    function post(bytes calldata data) external {
        bytes32 dataHash = formHash(data);
        bridge.enqueue(dataHash, count);
    }
}
"""


def test_hash_handed_on_is_quiet() -> None:
    for src in (HANDED4, HANDED8):
        assert _found(src, "bad-randomness") == {}
        assert _shown(src, "timestamp-dependence") == {}


def test_hash_reduced_by_caller_stays() -> None:
    bad4 = HANDED4.replace("batches.push(h);", "if (uint(h) % 2 == 0) msg.sender.transfer(this.balance);")
    found = _found(bad4, "bad-randomness")
    assert found[6] == ("high", "medium")  # the hash the caller reduces
    assert found[10] == ("high", "medium")  # the caller's own modulo
    bad8 = HANDED8.replace("bridge.enqueue(dataHash, count);", "if (dataHash == bytes32(count)) count = 0;")
    assert _found(bad8, "bad-randomness")[8] == ("high", "medium")


# -- a block hash handed to a helper that only records it ----------------------------------------------

RECORDED8 = """pragma solidity ^0.8.9;
contract Chain {
    struct Header { uint256 index; bytes32 root; uint256 size; }
    event Appended(bytes32 root, uint256 size);
    Header[] public headers;
    function appendBatch(uint256 size) external {
        _append(blockhash(block.number - 1), size);
    }
    function _append(bytes32 root, uint256 size) internal {
        headers.push(Header(headers.length, root, size));
        emit Appended(root, size);
    }
}
"""

RECORDED4 = """pragma solidity ^0.4.24;
contract Chain {
    struct Header { uint index; bytes32 root; }
    Header[] public headers;
    function appendBatch() public {
        _append(block.blockhash(block.number - 1));
    }
    function _append(bytes32 root) internal {
        headers.push(Header(headers.length, root));
    }
}
"""


def test_block_hash_recorded_by_helper_is_quiet() -> None:
    for src in (RECORDED4, RECORDED8):
        assert _found(src, "bad-randomness") == {}


def test_block_hash_reduced_by_helper_stays() -> None:
    bad8 = RECORDED8.replace("emit Appended(root, size);", "emit Appended(root, uint256(root) % size);")
    assert _found(bad8, "bad-randomness")[7] == ("high", "medium")
    # handed to another contract, which may draw with it (round 13's `impl.play(parentHash)`)
    ext8 = RECORDED8.replace("emit Appended(root, size);", "IGame(msg.sender).play(root);").replace(
        "contract Chain {", "interface IGame { function play(bytes32 h) external; }\ncontract Chain {"
    )
    assert _found(ext8, "bad-randomness")[8] == ("high", "medium")
    bad4 = RECORDED4.replace(
        "headers.push(Header(headers.length, root));", "if (uint(root) % 2 == 0) msg.sender.transfer(1 ether);"
    )
    assert _found(bad4, "bad-randomness")[6] == ("high", "medium")


# -- the time modulo a period, ordered against the same period ------------------------------------------

PHASE8 = """pragma solidity ^0.8.20;
library RoundTiming {
    struct Info { int64 offset; uint64 period; uint64 closing; }
    function since(int64 offset) private view returns (uint64) {
        return uint64(int64(uint64(block.timestamp)) - offset);
    }
    function closed(Info memory info) internal view returns (bool) {
        uint64 elapsed = since(info.offset);
        uint64 phase = elapsed % info.period;
        return phase >= info.period - info.closing;
    }
}
"""

PHASE4 = """pragma solidity ^0.4.24;
contract Auction {
    uint public start;
    uint public period = 1 days;
    uint public closing = 1 hours;
    function bid() public payable {
        require((now - start) % period < period - closing);
        msg.sender.transfer(msg.value / 100);
    }
}
"""


def test_phase_in_cycle_is_quiet() -> None:
    for src in (PHASE4, PHASE8):
        assert _found(src, "bad-randomness") == {}
        assert _shown(src, "timestamp-dependence") == {}


def test_modulo_against_constant_stays() -> None:
    bad8 = PHASE8.replace("return phase >= info.period - info.closing;", "return phase >= 7;")
    assert _found(bad8, "bad-randomness")[9] == ("high", "medium")
    bad4 = PHASE4.replace("< period - closing);", "< 7);")
    assert _found(bad4, "bad-randomness")[7] == ("high", "medium")


# -- `x - 1` after a check that x is above some unsigned value ------------------------------------------

ABOVE8 = """pragma solidity =0.8.24;
contract Queue {
    uint256 public next;
    uint256 public pending;
    event Finalized(uint256 index);
    error TooSmall();
    function finalizeA(uint256 idx) external {
        uint256 cached = next;
        if (idx == cached) return;
        if (idx < cached) revert TooSmall();
        next = idx;
        unchecked { emit Finalized(idx - 1); }
    }
    function finalizeB(uint256 idx) external {
        require(idx > next && idx <= pending, "range");
        next = idx;
        unchecked { emit Finalized(idx - 1); }
    }
}
"""

ABOVE4 = """pragma solidity ^0.4.24;
contract Queue {
    uint public next;
    mapping(uint => uint) public slots;
    function finalize(uint idx) public {
        require(idx > next);
        next = idx;
        slots[idx - 1] = now;
    }
}
"""


def test_minus_one_above_some_value_is_quiet() -> None:
    assert _found(ABOVE8, "integer-overflow") == {}
    assert _found(ABOVE4, "integer-overflow") == {}


def test_minus_one_at_or_above_stays() -> None:
    bad8 = ABOVE8.replace("if (idx == cached) return;", "").replace("idx > next &&", "idx >= next &&")
    found = _found(bad8, "integer-overflow")
    assert found[12] == ("low", "low")  # only an event reads it: a low note (round 17: low severity too)
    assert found[17] == ("low", "low")
    bad4 = ABOVE4.replace("require(idx > next);", "require(idx >= next);")
    assert _found(bad4, "integer-overflow")[8] == ("medium", "medium")
    moved4 = ABOVE4.replace("next = idx;", "idx = next;")  # the checked value is replaced before the step
    assert _found(moved4, "integer-overflow")[8] == ("medium", "medium")


# -- a length of a calldata or memory array times a constant (0.8, inside unchecked) --------------------

LENGTH8 = """pragma solidity =0.8.24;
contract Gas {
    uint256 private constant INTRINSIC = 21000;
    uint256 private constant PER_BYTE = 16;
    function intrinsic(bytes calldata data) public pure returns (uint256) {
        unchecked { return INTRINSIC + data.length * PER_BYTE; }
    }
    function memoryCost(uint256[] memory xs) public pure returns (uint256) {
        unchecked { return xs.length * 32 + 64; }
    }
}
"""


def test_decoded_length_times_constant_is_quiet() -> None:
    assert _found(LENGTH8, "integer-overflow") == {}


def test_length_times_argument_stays() -> None:
    bad = LENGTH8.replace("data.length * PER_BYTE", "data.length * perByte").replace(
        "bytes calldata data)", "bytes calldata data, uint256 perByte)"
    )
    assert _found(bad, "integer-overflow")[6] == ("medium", "low")
    # before 0.8 the old ABI decoder trusts a calldata length: the old wrap stays
    old = """pragma solidity ^0.4.24;
contract Gas {
    uint public total;
    function cost(uint[] xs) public { total = xs.length * 32 + 64; }
}
"""
    assert _found(old, "integer-overflow")[4] == ("medium", "medium")


# -- a debit of at most the record it was read from -----------------------------------------------------

CLAIM4 = """pragma solidity ^0.4.24;
contract Staker {
    mapping(address => mapping(address => uint)) public rewards;
    function claim(address token, uint asked) public returns (uint reward) {
        reward = rewards[token][msg.sender];
        if (asked != 0 && asked < reward) {
            reward = asked;
        }
        rewards[token][msg.sender] -= reward;
        msg.sender.transfer(reward);
    }
}
"""

CLAIM8 = """pragma solidity =0.8.24;
contract Staker {
    mapping(address => uint256) public rewards;
    function claim(uint256 asked) external returns (uint256) {
        uint256 reward = rewards[msg.sender];
        if (asked < reward) reward = asked;
        unchecked { rewards[msg.sender] -= reward; }
        payable(msg.sender).transfer(reward);
        return reward;
    }
}
"""


def test_debit_capped_by_record_is_quiet() -> None:
    assert _found(CLAIM4, "integer-overflow") == {}
    assert _found(CLAIM8, "integer-overflow") == {}


def test_debit_not_capped_stays() -> None:
    bad4 = CLAIM4.replace("asked < reward", "asked > reward")
    assert _found(bad4, "integer-overflow")[9] == ("high", "medium")
    bad8 = CLAIM8.replace("if (asked < reward) reward = asked;", "reward = asked;")
    assert _found(bad8, "integer-overflow")[7] == ("high", "medium")
    stepped4 = CLAIM4.replace("reward = asked;", "reward = asked * 2;")  # up to twice the record
    assert _found(stepped4, "integer-overflow")[9] == ("high", "medium")


# -- WETH: every record's value is ether received, moved by checked debits ------------------------------

WETH4 = """pragma solidity >=0.4.22 <0.6;
contract WETH {
    mapping(address => uint) public balanceOf;
    mapping(address => mapping(address => uint)) public allowance;
    function deposit() public payable {
        balanceOf[msg.sender] += msg.value;
    }
    function withdraw(uint wad) public {
        require(balanceOf[msg.sender] >= wad);
        balanceOf[msg.sender] -= wad;
        msg.sender.transfer(wad);
    }
    function approve(address guy, uint wad) public returns (bool) {
        allowance[msg.sender][guy] = wad;
        return true;
    }
    function transferFrom(address src, address dst, uint wad) public returns (bool) {
        require(balanceOf[src] >= wad);
        if (src != msg.sender && allowance[src][msg.sender] != uint(-1)) {
            require(allowance[src][msg.sender] >= wad);
            allowance[src][msg.sender] -= wad;
        }
        balanceOf[src] -= wad;
        balanceOf[dst] += wad;
        return true;
    }
}
"""


def test_ether_backed_transfer_is_quiet() -> None:
    assert 24 not in _found(WETH4, "integer-overflow")


def test_minted_transfer_stays() -> None:
    bad = WETH4.replace(
        "    function withdraw(uint wad) public {",
        "    function mint(uint wad) public { balanceOf[msg.sender] += wad; }\n"
        "    function withdraw(uint wad) public {",
    )
    assert _found(bad, "integer-overflow")[25] == ("high", "medium")


ORACLE4 = """pragma solidity ^0.4.24;
contract Oracle {
    uint32 public blockTimestampLast;
    uint public priceLast;
    uint public average;
    function update(uint price) public {
        uint32 blockTimestamp = uint32(block.timestamp % 2**32);
        uint32 timeElapsed = blockTimestamp - blockTimestampLast;
        average = (price - priceLast) / timeElapsed;
        priceLast = price;
        blockTimestampLast = blockTimestamp;
    }
}
"""


def test_difference_with_a_later_stored_value_stays() -> None:
    # the stored value is set from the minuend only after the subtraction: no bound before it
    assert _found(ORACLE4, "integer-overflow")[9] == ("medium", "medium")
