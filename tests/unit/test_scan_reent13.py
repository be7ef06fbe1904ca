"""Re-entrancy round 13 (src/nexus/scan/detectors/_created.py, _inflight.py, _trusted.py, modern.py).

* A contract the function itself just created (`new C()`, a clone of an implementation fixed at
  deployment) runs code the deployer chose: a call to it handed nothing of the caller's is a low note, and
  it does not make a read-only re-entrancy. A clone of a caller-picked implementation stays.
* A read-only re-entrancy needs a value that is stale while the call is in flight: a variable the function
  itself set before the call (a context variable restored afterwards) is not stale; a variable written
  only after the call stays.

Each benign twin fails on the old code; each vulnerable twin keeps the old severity and confidence.
Solidity 0.4 and 0.8."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _by(src: str, detector: str) -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector}


FACTORY_08 = """pragma solidity ^0.8.20;
interface IGame { function initialize() external payable; }
library Clones { function clone(address impl) internal returns (address r) { r = impl; } }
contract Factory {
    using Clones for address;
    address public owner;
    mapping(uint8 => address) public impls;
    IGame[] internal games;
    constructor() { owner = msg.sender; }
    function setImpl(uint8 k, address i) external { require(msg.sender == owner); impls[k] = i; }
    function create(uint8 k, address _impl) external payable returns (IGame g) {
        address impl = IMPL;
        g = IGame(impl.clone());
        g.initialize{value: msg.value}();
        games.push(g);
    }
    function gameCount() external view returns (uint256) { return games.length; }
}
"""

FACTORY_04 = """pragma solidity ^0.4.24;
contract Game { function initialize() public payable {} }
contract Factory {
    Game[] internal games;
    function create(Game _at) public payable returns (Game g) {
        g = MAKE;
        g.initialize.value(msg.value)();
        games.push(g);
    }
    function gameCount() public view returns (uint256) { return games.length; }
}
"""

CASES = [
    (FACTORY_08, "IMPL", "impls[k]", "_impl", 14),
    (FACTORY_04, "MAKE", "new Game()", "_at", 7),
]


@pytest.mark.parametrize(("src", "hole", "benign", "vuln", "line"), CASES)
def test_created_callee_is_a_low_note_and_no_read_only_reentrancy(
    src: str, hole: str, benign: str, vuln: str, line: int
) -> None:
    quiet = src.replace(hole, benign)
    assert _by(quiet, "reentrancy") == {line: ("low", "low")}
    assert _by(quiet, "read-only-reentrancy") == {}
    loud = src.replace(hole, vuln)
    assert _by(loud, "reentrancy") == {line: ("high", "medium")}
    assert list(_by(loud, "read-only-reentrancy").values()) == [("medium", "low")]


def test_clone_through_a_library_name_of_a_fixed_impl() -> None:
    src = FACTORY_08.replace("impl.clone()", "Clones.clone(impl)")
    assert _by(src.replace("IMPL", "impls[k]"), "reentrancy") == {14: ("low", "low")}
    assert _by(src.replace("IMPL", "_impl"), "reentrancy") == {14: ("high", "medium")}


def test_created_callee_handed_the_caller_stays() -> None:
    src = FACTORY_04.replace("MAKE", "new Game()").replace("initialize() public", "initialize(address a) public")
    src = src.replace("g.initialize.value(msg.value)()", "g.initialize.value(msg.value)(msg.sender)")
    assert _by(src, "reentrancy") == {7: ("high", "medium")}


MESSENGER_08 = """pragma solidity ^0.8.20;
contract Messenger {
    address internal sender = address(1);
    mapping(bytes32 => bool) public done;
    function relay(address target, address from, bytes calldata data) external payable {
        BEFORE
        (bool ok, ) = target.call{value: msg.value}(data);
        sender = address(1);
        done[keccak256(data)] = ok;
    }
    function xSender() external view returns (address) { require(sender != address(1)); return sender; }
    function isDone(bytes32 h) external view returns (bool) { return done[h]; }
}
"""

MESSENGER_04 = """pragma solidity ^0.4.24;
contract Messenger {
    address internal sender = address(1);
    mapping(bytes32 => bool) public done;
    function relay(address target, address from, bytes data) public payable {
        BEFORE
        bool ok = target.call.value(msg.value)(data);
        sender = address(1);
        done[keccak256(data)] = ok;
    }
    function xSender() public view returns (address) { require(sender != address(1)); return sender; }
    function isDone(bytes32 h) public view returns (bool) { return done[h]; }
}
"""


@pytest.mark.parametrize("src", [MESSENGER_08, MESSENGER_04])
def test_context_variable_set_before_the_call_is_not_stale(src: str) -> None:
    quiet = _by(src.replace("BEFORE", "sender = from;"), "read-only-reentrancy")
    assert set(quiet) == {12}  # `isDone`: `done` is written only after the call, a real stale read
    loud = _by(src.replace("BEFORE", "require(from != address(0));"), "read-only-reentrancy")
    assert loud == {11: ("medium", "low"), 12: ("medium", "low")}


def test_record_set_before_is_still_stale() -> None:
    src = MESSENGER_08.replace("BEFORE", "done[keccak256(data)] = false;")
    assert set(_by(src, "read-only-reentrancy")) == {11, 12}


GUARD_08 = """pragma solidity ^0.8.20;
import { Safe } from "./Safe.sol";
DECL
contract Guard {
    Safe internal immutable SAFE;
    mapping(address => uint256) public lastLive;
    constructor(Safe s) { SAFE = s; }
    function show() external {
        require(SAFE.CALL(msg.sender));
        lastLive[msg.sender] = block.timestamp;
    }
}
"""

GUARD_04 = """pragma solidity ^0.4.24;
import "./Safe.sol";
DECL
contract Guard {
    Safe internal safeWallet;
    mapping(address => uint256) public lastLive;
    constructor(Safe s) public { safeWallet = s; }
    function show() public {
        require(safeWallet.CALL(msg.sender));
        lastLive[msg.sender] = block.timestamp;
    }
}
"""


@pytest.mark.parametrize("src", [GUARD_08, GUARD_04])
def test_query_on_a_fixed_undeclared_interface_is_a_low_note(src: str) -> None:
    plain = src.replace("DECL", "")
    assert _by(plain.replace("CALL", "isOwner"), "reentrancy") == {9: ("low", "low")}
    assert _by(plain.replace("CALL", "getOwner"), "reentrancy") == {9: ("low", "low")}
    # not a query: the fixed contract is handed the caller's address and may call it
    assert _by(plain.replace("CALL", "addOwner"), "reentrancy") == {9: ("medium", "low")}
    # the interface is visible and does not mark the query `view`: judged as any other method
    declared = src.replace("DECL", "interface Safe { function isOwner(address a) external returns (bool); }")
    assert _by(declared.replace("CALL", "isOwner"), "reentrancy") == {9: ("medium", "low")}


def test_query_on_a_caller_picked_contract_stays() -> None:
    src = GUARD_08.replace("DECL", "").replace("CALL", "isOwner")
    src = src.replace("function show() external", "function show(Safe other) external").replace("SAFE.is", "other.is")
    assert _by(src, "reentrancy") == {9: ("medium", "medium")}


BATCH_08 = """pragma solidity ^0.8.20;
interface IResolver { function attest(bytes32 uid) external payable returns (bool); }
contract Registry {
    mapping(bytes32 => address) internal _db;
    uint256 public fee;
    function _attest(IResolver r, bytes32 uid, uint256 v) private returns (uint256) {
        require(_db[uid] == address(0));
        BEFORE
        require(r.attest{value: v}(uid));
        AFTER
        return v;
    }
    function multiAttest(IResolver[] calldata rs, bytes32[] calldata uids) external payable {
        uint256 avail = msg.value;
        uint256 cap = fee;
        for (uint256 i = 0; i < uids.length; i++) {
            avail -= _attest(rs[i], uids[i], ARG);
        }
    }
}
"""

BATCH_04 = """pragma solidity ^0.4.24;
contract IResolver { function attest(bytes32 uid) public payable returns (bool); }
contract Registry {
    mapping(bytes32 => address) internal _db;
    uint256 public fee;
    function _attest(IResolver r, bytes32 uid, uint256 v) private returns (uint256) {
        require(_db[uid] == address(0));
        BEFORE
        require(r.attest.value(v)(uid));
        AFTER
        return v;
    }
    function multiAttest(IResolver[] rs, bytes32[] uids) public payable {
        uint256 avail = msg.value;
        uint256 cap = fee;
        for (uint256 i = 0; i < uids.length; i++) {
            avail -= _attest(rs[i], uids[i], ARG);
        }
    }
}
"""

_WRITE = "_db[uid] = msg.sender;"


@pytest.mark.parametrize("src", [BATCH_08, BATCH_04])
def test_loop_of_a_helper_that_writes_before_it_calls(src: str) -> None:
    quiet = src.replace("BEFORE", _WRITE).replace("AFTER", "").replace("ARG", "avail")
    assert _by(quiet, "reentrancy") == {}
    # the helper's argument was read from state before the loop: stale in the next iteration
    cached = src.replace("BEFORE", _WRITE).replace("AFTER", "").replace("ARG", "cap")
    assert _by(cached, "reentrancy") == {17: ("high", "low")}  # low: `_attest` re-checks `_db`
    # the helper writes after its own call: reported in the helper and in the loop
    late = src.replace("BEFORE", "").replace("AFTER", _WRITE).replace("ARG", "avail")
    assert _by(late, "reentrancy") == {9: ("high", "medium"), 17: ("high", "low")}


FORWARD_08 = """pragma solidity ^0.8.20;
contract Forwarder {
    address internal immutable TARGET;
    mapping(bytes32 => uint256) public queuedAt;
    constructor(address t) { TARGET = t; }
    function _forward() internal {
        (bool ok, bytes memory r) = TARGET.call(msg.data);
        HALT
    }
    function queue(bytes32 h) external {
        if (queuedAt[h] == 0) { _forward(); }
        queuedAt[h] = block.timestamp;
    }
}
"""

FORWARD_04 = """pragma solidity ^0.4.24;
contract Forwarder {
    address internal target;
    mapping(bytes32 => uint256) public queuedAt;
    constructor(address t) public { target = t; }
    function _forward() internal {
        bool ok = target.call(msg.data);
        HALT
    }
    function queue(bytes32 h) public {
        if (queuedAt[h] == 0) { _forward(); }
        queuedAt[h] = block.timestamp;
    }
}
"""

HALTS = [
    (FORWARD_08, "if (ok) { assembly { return(add(r, 0x20), mload(r)) } } else { assembly { revert(add(r, 32), 0) } }"),
    (FORWARD_04, "if (ok) { assembly { return(0, 0) } } else { revert(); }"),
]


@pytest.mark.parametrize(("src", "halt"), HALTS)
def test_helper_that_ends_the_call_frame_is_not_followed_by_the_write(src: str, halt: str) -> None:
    assert _by(src.replace("HALT", halt), "reentrancy") == {}
    # the frame ends only when `ok`: the failure path returns to the caller, which then writes
    assert _by(src.replace("HALT", "assembly { if ok { return(0, 0) } }"), "reentrancy") == {11: ("medium", "low")}
    assert _by(src.replace("HALT", "if (ok) { assembly { return(0, 0) } }"), "reentrancy") == {11: ("medium", "low")}


INIT_08 = """pragma solidity ^0.8.20;
interface IToken { function register(address a) external; }
contract Config {
    bool private _initialized;
    uint256 public limit;
    modifier initializer() { require(!_initialized); _initialized = true; _; }
    function initialize(IToken t, uint256 l) external MOD {
        t.register(address(this));
        limit = l;
    }
}
"""

INIT_04 = """pragma solidity ^0.4.24;
contract IToken { function register(address a) public; }
contract Config {
    bool private _initialized;
    uint256 public limit;
    modifier initializer() { require(!_initialized); _initialized = true; _; }
    function initialize(IToken t, uint256 l) public MOD {
        t.register(address(this));
        limit = l;
    }
}
"""


@pytest.mark.parametrize("src", [INIT_08, INIT_04])
def test_initializer_only_code_is_a_low_note(src: str) -> None:
    assert _by(src.replace("MOD", "initializer"), "reentrancy") == {8: ("low", "low")}
    assert _by(src.replace("MOD", ""), "reentrancy") == {8: ("medium", "medium")}


BRIDGE_08 = """pragma solidity ^0.8.20;
interface IERC20 { function transferFrom(address f, address t, uint256 a) external returns (bool); }
interface INFT { function safeTransferFrom(address f, address t, uint256 id) external; }
contract Bridge {
    mapping(address => mapping(address => uint256)) public deposits;
    mapping(address => uint256) public credit;
    function bridge(address token, address remote, uint256 n) external {
        CALL;
        WRITE;
    }
}
"""

BRIDGE_04 = """pragma solidity ^0.4.24;
contract IERC20 { function transferFrom(address f, address t, uint256 a) public returns (bool); }
contract INFT { function safeTransferFrom(address f, address t, uint256 id) public; }
contract Bridge {
    mapping(address => mapping(address => uint256)) public deposits;
    mapping(address => uint256) public credit;
    function bridge(address token, address remote, uint256 n) public {
        CALL;
        WRITE;
    }
}
"""

_PULL = "IERC20(token).transferFrom(msg.sender, address(this), n)"


@pytest.mark.parametrize("src", [BRIDGE_08, BRIDGE_04])
def test_record_keyed_by_the_called_token_is_a_low_note(src: str) -> None:
    pull = src.replace("CALL", _PULL)
    assert _by(pull.replace("WRITE", "deposits[token][remote] += n"), "reentrancy") == {8: ("low", "low")}
    assert _by(pull.replace("WRITE", "deposits[remote][token] += n"), "reentrancy") == {8: ("low", "low")}
    # an account's record, not the token's: a hostile token re-enters with it stale
    assert _by(pull.replace("WRITE", "credit[msg.sender] += n"), "reentrancy") == {8: ("medium", "medium")}
    both = pull.replace("WRITE", "deposits[token][remote] += n; credit[msg.sender] += n")
    assert _by(both, "reentrancy") == {8: ("medium", "medium")}
    # a hook method: the recipient's code runs, and the token's record is stale for it
    hook = src.replace("CALL", "INFT(token).safeTransferFrom(address(this), msg.sender, n)")
    assert _by(hook.replace("WRITE", "deposits[token][remote] = 0"), "reentrancy") == {8: ("medium", "medium")}


@pytest.mark.parametrize("src", [BRIDGE_08, BRIDGE_04])
def test_record_keyed_by_a_list_element_in_a_loop_stays(src: str) -> None:
    # the next iteration writes `deposits[toks[i + 1]]`, another token's record, after `toks[i]` ran
    src = src.replace("address token, address remote", "address[] memory toks, address remote")
    loop = src.replace(
        "CALL", "for (uint256 i = 0; i < toks.length; i++) { IERC20(toks[i]).transferFrom(msg.sender, address(this), n)"
    )
    loop = loop.replace("WRITE", "deposits[toks[i]][remote] += n; } if (n == 0) revert()")
    assert _by(loop, "reentrancy") == {8: ("medium", "medium")}


PORTAL_08 = """pragma solidity ^0.8.20;
contract Portal {
    address public l2Sender = address(1);
    mapping(bytes32 => bool) public finalized;
    function finalize(address target, address from, bytes calldata data) external {
        TEST
        bytes32 h = keccak256(data);
        require(!finalized[h]);
        finalized[h] = true;
        l2Sender = from;
        (bool ok, ) = target.call(data);
        l2Sender = address(1);
        AFTER
    }
}
"""

PORTAL_04 = """pragma solidity ^0.4.24;
contract Portal {
    address public l2Sender = address(1);
    mapping(bytes32 => bool) public finalized;
    function finalize(address target, address from, bytes data) public {
        TEST
        bytes32 h = keccak256(data);
        require(!finalized[h]);
        finalized[h] = true;
        l2Sender = from;
        bool ok = target.call(data);
        l2Sender = address(1);
        AFTER
    }
}
"""


@pytest.mark.parametrize("src", [PORTAL_08, PORTAL_04])
def test_lock_variable_released_after_the_call(src: str) -> None:
    held = src.replace("TEST", "if (l2Sender != address(1)) revert();")
    assert _by(held.replace("AFTER", ""), "reentrancy") == {}
    # a later write after the call is still reported, past the lock's release
    later = _by(held.replace("AFTER", "finalized[h] = ok;"), "reentrancy")
    assert list(later) == [11]
    assert "`finalized`" in next(
        f.message
        for f in scan_source(held.replace("AFTER", "finalized[h] = ok;"), "c.sol")
        if f.detector == "reentrancy"
    )
    # never tested: a plain state variable written after the call
    assert _by(src.replace("TEST", "").replace("AFTER", ""), "reentrancy") == {11: ("high", "medium")}
