"""Round 12 of the integer-overflow detector (src/nexus/scan/detectors/_harmless.py, _ranges.py, _bounds.py,
arithmetic.py): wraps that change nothing, and bounds the code proves.

* a subtraction that is the key of a bounds-checked array (`amounts[amounts.length - 1]`) reverts on an
  empty array instead of wrapping silently; a mapping key, a stored `arr.length -= k` and a difference
  kept in a local stay reported;
* `a - b != 0` (or `== 0`) is `a != b` modulo 2**256 too; `a - b > 0` and a sum compared to zero stay;
* the block time minus a stored time that every write sets to the block time cannot go below zero; a
  stored time any function sets from an argument (or a struct literal, or a caller's struct) stays;
* `bal - bal.mul(bips) / 10_000` after `require(bips <= 100)` is at most `bal`; a cap above the divisor
  (or none) stays; `~x / 0xffff * 0x7739` is below 2**256 (hex and `_` literals read); a factor larger
  than the divisor stays; `(p = w / g) * g` is at most `w`, `(p = w / g) * (g + 1)` stays;
* inside `unchecked { }`, an operation only an authorised caller (owner-only) drives is a low-severity
  note, as one no caller drives already was; without the owner check it stays high.

Each benign twin is quiet (or low) on this code and reported on the code before round 12; each vulnerable
twin keeps the severity and confidence the old code gave it. Vyper checks every operation (no
`unchecked`), so these shapes have no Vyper twin.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _math(src: str) -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "integer-overflow"}


# -- a subtraction used as the index of a bounds-checked array ------------------------------------------

INDEX4 = """pragma solidity ^0.4.24;
contract Router {
    uint[] public queue;
    mapping(uint => uint) public slots;
    function swap(uint[] amounts, address[] path, uint k, bytes data) public returns (uint) {
        require(amounts[amounts.length - k] >= 1);
        require(path[path.length - k] != address(0));
        queue.push(queue[queue.length - k]);
        return uint(data[data.length - k]);
    }
}
"""

INDEX8 = """pragma solidity ^0.8.20;
contract Router {
    uint256[] public queue;
    mapping(uint256 => uint256) public slots;
    function swap(uint256[] calldata amounts, address[] calldata path, uint256 k, bytes calldata data)
        external returns (uint256 out) {
        unchecked {
            out = amounts[amounts.length - k];
            slots[out] = uint160(path[path.length - k]);
            queue.push(queue[queue.length - k]);
            slots[2] = uint8(data[data.length - k]);
        }
    }
}
"""


@pytest.mark.parametrize(("src", "lines"), [(INDEX4, (6, 7, 8, 9)), (INDEX8, (8, 9, 10, 11))])
def test_array_index_is_quiet(src: str, lines: tuple[int, ...]) -> None:
    found = _math(src)
    assert not set(lines) & set(found)


@pytest.mark.parametrize(
    ("src", "old", "new", "line", "expected"),
    [
        # a mapping has no bounds: the wrapped key reads another slot
        (INDEX4, "require(amounts[amounts.length - k] >= 1);", "slots[k - 1] = 1;", 6, ("medium", "medium")),
        (INDEX8, "out = amounts[amounts.length - k];", "out = slots[k - 1];", 8, ("medium", "medium")),
        # a stored length moved down wraps itself (0.4)
        (INDEX4, "require(amounts[amounts.length - k] >= 1);", "queue.length -= k;", 6, ("high", "medium")),
        # the difference kept and used as a number, not an index
        (
            INDEX4,
            "require(amounts[amounts.length - k] >= 1);",
            "uint at = amounts.length - k; slots[1] = at;",
            6,
            ("medium", "medium"),
        ),
    ],
)
def test_index_twins_stay(src: str, old: str, new: str, line: int, expected: tuple[str, str]) -> None:
    twin = src.replace(old, new)
    assert twin != src
    assert _math(twin).get(line) == expected


# -- a difference compared with zero -----------------------------------------------------------------------

ZERO4 = """pragma solidity ^0.4.24;
contract Pool {
    mapping(address => uint) public claimed;
    uint public total;
    function pending(address who, uint amount) public {
        if (amount - claimed[who] != 0) {
            claimed[who] = amount;
        }
    }
}
"""

ZERO8 = """pragma solidity ^0.8.20;
contract Pool {
    mapping(address => uint256) public claimed;
    function pending(address who, uint256 amount) external {
        unchecked {
            if (amount - claimed[who] != 0) {
                claimed[who] = amount;
            }
        }
    }
}
"""


@pytest.mark.parametrize(("src", "line"), [(ZERO4, 6), (ZERO8, 6)])
def test_difference_against_zero_is_quiet(src: str, line: int) -> None:
    assert line not in _math(src)
    assert line not in _math(src.replace("!= 0", "== 0"))


@pytest.mark.parametrize(("src", "line"), [(ZERO4, 6), (ZERO8, 6)])
@pytest.mark.parametrize("new", ["amount + claimed[who] != 0", "amount - claimed[who] != 1"])
def test_zero_twins_stay(src: str, line: int, new: str) -> None:
    twin = src.replace("amount - claimed[who] != 0", new)
    assert _math(twin).get(line) == ("medium", "medium")


def test_zero_twin_ordering_stays() -> None:
    twin = ZERO4.replace("amount - claimed[who] != 0", "amount - claimed[who] > 0")  # wraps above zero
    assert _math(twin).get(6) == ("medium", "medium")


# -- the block time minus a stored block time --------------------------------------------------------------

TIME4 = """pragma solidity ^0.4.24;
contract Oracle {
    struct Observation { uint timestamp; uint price; }
    mapping(address => Observation) public obs;
    uint public lastUpdate;
    function update(address pair, uint price) public {
        Observation storage o = obs[pair];
        uint elapsed = now - o.timestamp;
        o.timestamp = now;
        o.price = price * 1 + elapsed;
        lastUpdate = now;
    }
    function reset(address pair) public { delete obs[pair].timestamp; }
}
"""

TIME8 = """pragma solidity ^0.8.20;
contract Oracle {
    struct Observation { uint256 timestamp; uint256 price; }
    mapping(address => Observation) public obs;
    function update(address pair, uint256 price) external {
        Observation storage o = obs[pair];
        unchecked {
            uint256 elapsed = block.timestamp - o.timestamp;
            o.price = price / 2 + elapsed;
        }
        o.timestamp = block.timestamp;
    }
}
"""

_SET_T4 = "    function set(address pair, uint t) public { obs[pair].timestamp = t; }\n}\n"
_SET_T8 = "    function set(address pair, uint256 t) external { obs[pair].timestamp = t; }\n}\n"
_LIT4 = "    function add(address pair, uint t) public { obs[pair] = Observation(t, 1); }\n}\n"
_COPY8 = "    function put(address pair, Observation calldata x) external { obs[pair] = x; }\n}\n"


def _end(src: str, extra: str) -> str:
    return src[: src.rstrip().rfind("}")] + extra


@pytest.mark.parametrize(("src", "line"), [(TIME4, 8), (TIME8, 8)])
def test_monotonic_time_is_quiet(src: str, line: int) -> None:
    assert line not in _math(src)


@pytest.mark.parametrize(("src", "extra"), [(TIME4, _SET_T4), (TIME4, _LIT4), (TIME8, _SET_T8), (TIME8, _COPY8)])
def test_time_twins_stay(src: str, extra: str) -> None:
    assert _math(_end(src, extra)).get(8) == ("medium", "medium")


_NAMED8 = (
    "    function add(address pair, uint256 t) external { obs[pair] = Observation({timestamp: t, price: 1}); }\n}\n"
)


def test_time_twin_named_literal_stays() -> None:
    assert _math(_end(TIME8, _NAMED8)).get(8) == ("medium", "medium")


FEED8 = """pragma solidity ^0.8.20;
interface IFeed {
    struct Round { uint256 timestamp; uint256 answer; }
    function latest() external view returns (Round memory);
}
contract Consumer {
    mapping(address => uint256) public age;
    function poll(IFeed feed) external {
        IFeed.Round memory r = feed.latest();
        unchecked {
            age[address(feed)] = block.timestamp - r.timestamp;
        }
    }
}
"""


def test_time_from_an_external_struct_stays() -> None:
    # nothing here writes `.timestamp`, but the feed chooses it: a future time wraps
    assert _math(FEED8).get(11) == ("medium", "medium")


def test_time_twin_increment_stays() -> None:
    twin = TIME4.replace("o.timestamp = now;", "o.timestamp = now; o.timestamp += 1;")
    assert _math(twin).get(8) == ("medium", "medium")


# -- a fee that is a capped fraction of the amount ---------------------------------------------------------

FEE7 = """pragma solidity =0.7.6;
library LowGasSafeMath {
    function mul(uint256 x, uint256 y) internal pure returns (uint256 z) { require(x == 0 || (z = x * y) / x == y); }
}
contract Payments {
    using LowGasSafeMath for uint256;
    mapping(address => uint256) public owed;
    function sweep(address to, uint256 balance, uint256 feeBips) external {
        require(feeBips > 0 && feeBips <= 100);
        uint256 feeAmount = balance.mul(feeBips) / 10_000;
        owed[to] = balance - feeAmount;
    }
}
"""

FEE4 = """pragma solidity ^0.4.24;
contract Payments {
    mapping(address => uint) public owed;
    function sweep(address to, uint balance, uint feeBips) public {
        require(feeBips <= 100);
        uint feeAmount = balance * feeBips / 1e4;
        owed[to] = balance - feeAmount;
    }
}
"""


@pytest.mark.parametrize(("src", "line"), [(FEE7, 11), (FEE4, 7)])
def test_capped_fee_is_quiet(src: str, line: int) -> None:
    assert line not in _math(src)


@pytest.mark.parametrize(("src", "line"), [(FEE7, 11), (FEE4, 7)])
@pytest.mark.parametrize("cap", ["feeBips <= 20000", "feeBips >= 100"])
def test_fee_twins_stay(src: str, line: int, cap: str) -> None:
    twin = src.replace("feeBips <= 100", cap)
    assert _math(twin).get(line) == ("medium", "medium")


# -- bounds through `~x / C`, hex literals, and `(p = w / g) * g` ------------------------------------------

NOT8 = """pragma solidity ^0.8.4;
contract Sig {
    mapping(bytes32 => uint256) public seen;
    function check(bytes32 hash, bytes calldata signature) external {
        unchecked {
            if (uint256(hash) == ~signature.length / 0xffff * 0x7739) seen[hash] = 1;
        }
    }
}
"""


def test_complement_over_constant_is_quiet() -> None:
    assert 6 not in _math(NOT8)
    assert _math(NOT8.replace("0x7739", "0x17739")).get(6) == ("medium", "medium")


WHOLE = """pragma solidity ^0.6.6;
contract Window {
    uint public periodSize;
    function configure(uint windowSize, uint granularity) public {
        require((periodSize = windowSize / granularity) * granularity == windowSize, "not whole");
    }
}
"""


def test_whole_parts_through_assignment() -> None:
    assert 5 not in _math(WHOLE)
    twin = WHOLE.replace("* granularity ==", "* (granularity * 3) ==")
    assert _math(twin).get(5) == ("medium", "medium")


# -- unchecked and owner-only --------------------------------------------------------------------------------

OWNED8 = """pragma solidity ^0.8.20;
contract Rewards {
    address public owner;
    mapping(bytes32 => uint256) public fees;
    modifier onlyOwner() { require(msg.sender == owner); _; }
    function onFeePaid(bytes32 pool, uint256 amount) external onlyOwner {
        unchecked {
            fees[pool] += amount;
        }
    }
}
"""


def test_unchecked_owner_only_is_a_note() -> None:
    assert _math(OWNED8).get(8) == ("low", "low")
    assert _math(OWNED8.replace(" onlyOwner {", " {")).get(8) == ("high", "medium")


# -- what a finding claims, by pragma ------------------------------------------------------------------------

CLAIM = """pragma solidity PRAGMA;
contract Vault {
    mapping(address => uint256) public owed;
    function credit(address to, uint256 amount) external {
        owed[to] += amount;
    }
}
"""


@pytest.mark.parametrize(
    ("pragma", "says"),
    [
        (">=0.7.0 <0.9.0", "the pragma also admits 0.8, where it reverts)"),
        (">=0.5.0", "the pragma also admits 0.8, where it reverts)"),
        ("^0.6.0 || ^0.8.0", "the pragma also admits 0.8, where it reverts)"),
        ("^0.7.0", "(no check before Solidity 0.8)"),
        (">=0.6.0 <0.8.0", "(no check before Solidity 0.8)"),
        ("=0.6.6", "(no check before Solidity 0.8)"),
    ],
)
def test_claim_names_the_compilers_it_holds_for(pragma: str, says: str) -> None:
    found = [f for f in scan_source(CLAIM.replace("PRAGMA", pragma), "c.sol") if f.detector == "integer-overflow"]
    assert [(f.line, f.severity, f.confidence) for f in found] == [(5, "high", "medium")]
    assert found[0].message.endswith(says)


def test_checked_08_is_not_reported_outside_unchecked() -> None:
    src = CLAIM.replace("PRAGMA", "^0.8.0")
    assert 5 not in _math(src)
    found = _math(src.replace("owed[to] += amount;", "unchecked { owed[to] += amount; }"))
    assert found.get(5) == ("high", "medium")


# -- a counter stepped by one inside unchecked -----------------------------------------------------------------

NONCE8 = """pragma solidity ^0.8.20;
contract Manager {
    struct Schedule { uint48 timepoint; uint32 nonce; }
    mapping(bytes32 => Schedule) private schedules;
    function schedule(bytes32 id) external returns (uint32 nonce) {
        unchecked {
            nonce = schedules[id].nonce + 1;
        }
        schedules[id].nonce = nonce;
    }
}
"""


def test_uint32_round_trip_counter_is_a_note() -> None:
    assert _math(NONCE8).get(7) == ("low", "low")


def test_uint64_round_trip_counter_is_quiet() -> None:
    assert 7 not in _math(NONCE8.replace("uint32", "uint64"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("uint32", "uint8"),  # 256 steps wrap it
        ("        schedules[id].nonce = nonce;\n", ""),  # not stored back: the width is unknown
        ("schedules[id].nonce + 1;", "schedules[id].nonce + 2;"),  # not a step of one
    ],
)
def test_counter_twins_stay(old: str, new: str) -> None:
    twin = NONCE8.replace(old, new)
    assert twin != NONCE8
    assert _math(twin).get(7) == ("medium", "medium")


def test_pre08_uint32_counter_stays() -> None:
    src = """pragma solidity ^0.4.24;
contract Manager {
    struct Schedule { uint48 timepoint; uint32 nonce; }
    mapping(bytes32 => Schedule) private schedules;
    function schedule(bytes32 id) public returns (uint32 nonce) {
        nonce = schedules[id].nonce + 1;
        schedules[id].nonce = nonce;
    }
}
"""
    assert _math(src).get(6) == ("medium", "medium")


# -- a product the function then loops over ---------------------------------------------------------------------

LOOP4 = """pragma solidity ^0.4.24;
contract Reader {
    mapping(uint => uint) public words;
    function read(uint offset, uint length) public returns (bytes) {
        bytes memory result = new bytes(length * 32);
        for (uint index = 0; index < length; index++) {
            words[index] = offset;
        }
        return result;
    }
}
"""

LOOP8 = """pragma solidity ^0.8.20;
contract Reader {
    mapping(uint256 => uint256) public words;
    function read(uint256 offset, uint256 length) external returns (bytes memory result) {
        unchecked {
            result = new bytes(length * 32);
            for (uint256 index = 0; index < length; ++index) {
                words[index] = offset;
            }
        }
    }
}
"""


@pytest.mark.parametrize(("src", "line"), [(LOOP4, 5), (LOOP8, 6)])
def test_product_looped_over_is_quiet(src: str, line: int) -> None:
    assert line not in _math(src)


@pytest.mark.parametrize(("src", "line"), [(LOOP4, 5), (LOOP8, 6)])
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # the loop's bound is another number (`length` then only sizes the allocation: the old low confidence)
        ("index < length;", "index < offset;", ("medium", "low")),
        ("words[index] = offset;", "words[index] = offset; if (offset == 7) break;", ("medium", "medium")),
        ("new bytes(length * 32);", "new bytes(length * 32); if (offset == 7) return result;", ("medium", "medium")),
    ],
)
def test_looped_twins_stay(src: str, line: int, old: str, new: str, expected: tuple[str, str]) -> None:
    twin = src.replace(old, new)
    assert twin != src
    assert _math(twin).get(line) == expected


def test_callers_wide_number_plus_one_stays() -> None:
    src = """pragma solidity ^0.8.20;
contract Slots {
    mapping(uint64 => uint256) public slots;
    function put(uint64 n) external {
        unchecked {
            slots[n + 1] = 1;
        }
    }
}
"""
    assert _math(src).get(6) == ("medium", "low")  # n = 2**64 - 1 wraps at once: no counter (as before)
