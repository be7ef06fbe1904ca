"""Round 16 of the integer-overflow, bad-randomness and timestamp-dependence detectors (_handback.py,
_quiet.py): values that decide nothing, and bounds the code proves.

* a hash an internal function returns to callers that only hand it on (an argument, a key, an event's
  field) is a commitment, not a draw; a caller that reduces it (`uint(h) % 2`) keeps it reported;
* a block hash handed as it is to an internal helper that only records it (a struct, a call) decides
  nothing; a helper that reduces it keeps it reported;
* `t % period` only ordered against a bound built from the same period is where the clock is in its
  cycle (a schedule); the same modulo ordered against a constant stays a draw;

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
interface IStore { function push(bytes32 h, uint256 size) external; }
contract Chain {
    struct Header { uint256 index; bytes32 root; uint256 size; }
    IStore public store;
    Header[] public headers;
    function appendBatch(uint256 size) external {
        _append(blockhash(block.number - 1), size);
    }
    function _append(bytes32 root, uint256 size) internal {
        headers.push(Header(headers.length, root, size));
        store.push(root, size);
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
    bad8 = RECORDED8.replace("store.push(root, size);", "store.push(root, uint256(root) % size);")
    assert _found(bad8, "bad-randomness")[8] == ("high", "medium")
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
