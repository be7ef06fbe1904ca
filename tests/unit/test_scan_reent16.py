"""Re-entrancy round 16 (detectors/_issued.py, _context.py, _recheck.locks, _trusted.py, reentrancy.py).

1. A record written under a key the call itself returned (`id = IMinter(creator).mint(to); creators[id] =
   creator;`, an id from an oracle's `assertTruth`, a list of ids from a batch mint) cannot be written
   before that call, and a re-entrant call finds no record under a key not yet issued: quiet. Stay: a key
   the caller passes, a key returned before the call that hands control away, another write after it.
2. A context slot put back to the copy saved on entry, or reset to a constant under a guard (a modifier's
   `require`) that tests it: quiet. Stay: a counter, a late copy, an unguarded reset to a constant.
3. A precompile (address literal below 0x100) and a balance read on a fixed token: low notes. Stay: an OP
   predeploy address, a caller-picked token.

Each benign twin fails on the old code; each vulnerable twin keeps the old severity and confidence.
Solidity 0.4 and 0.8; Vyper for 1 and 2."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

ISSUED_08 = """pragma solidity ^0.8.20;
interface IMinter {
    function mint(address to) external returns (uint256);
    function mintTo(address to, uint256 id) external;
    function reserve() external returns (uint256);
    function mintBatch(address to, uint256 n) external returns (uint256[] memory);
}
contract Ext {
    mapping(uint256 => address) public creators;
    mapping(address => uint256) public minted;
    function mint(address creator, address to) external returns (uint256 id) {
        BODY
    }
}
"""

ISSUED_04 = """pragma solidity ^0.4.24;
contract IMinter {
    function mint(address to) public returns (uint256);
    function mintTo(address to, uint256 id) public;
    function reserve() public returns (uint256);
}
contract Ext {
    mapping(uint256 => address) public creators;
    mapping(address => uint256) public minted;
    function mint(address creator, address to) public returns (uint256 id) {
        BODY
    }
}
"""

_BENIGN = {
    "returned": "id = IMinter(creator).mint(to);\n        creators[id] = creator;",
    "local": "uint256 got = IMinter(creator).mint(to);\n        creators[got] = creator;\n        id = got;",
}
_BATCH = (
    "uint256[] memory ids = IMinter(creator).mintBatch(to, 3);\n"
    "        for (uint256 i = 0; i < ids.length; i++) { creators[ids[i]] = creator; }\n        id = ids[0];"
)
_VULNERABLE = {
    # the caller names the key: a re-entrant call reads creators[id] before it is written
    "param": "id = uint256(uint160(to));\n        IMinter(creator).mintTo(to, id);\n        creators[id] = creator;",
    # issued by a call made before the one that hands control away
    "earlier": "id = IMinter(creator).reserve();\n        IMinter(creator).mintTo(to, id);\n"
    "        creators[id] = creator;",
    # a second write, not keyed by the issued id
    "other": "id = IMinter(creator).mint(to);\n        creators[id] = creator;\n        minted[to] += 1;",
}


def _reent(src: str, name: str = "c.sol") -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, name) if f.detector == "reentrancy"}


@pytest.mark.parametrize("body", sorted(_BENIGN))
@pytest.mark.parametrize("src", [ISSUED_08, ISSUED_04], ids=["0.8", "0.4"])
def test_record_keyed_by_the_returned_id_is_quiet(src: str, body: str) -> None:
    assert _reent(src.replace("BODY", _BENIGN[body])) == {}


def test_records_keyed_by_a_returned_list_of_ids_are_quiet() -> None:
    assert _reent(ISSUED_08.replace("BODY", _BATCH)) == {}


@pytest.mark.parametrize("body", sorted(_VULNERABLE))
@pytest.mark.parametrize("src", [ISSUED_08, ISSUED_04], ids=["0.8", "0.4"])
def test_a_key_not_issued_by_the_call_stays_reported(src: str, body: str) -> None:
    code = _VULNERABLE[body]
    if src is ISSUED_04:
        code = code.replace("uint256(uint160(to))", "uint256(to)")
    got = _reent(src.replace("BODY", code))
    assert set(got.values()) == {("medium", "medium")}, got


VY_ISSUED = """# pragma version ^0.4.0
interface Minter:
    def mint(to: address) -> uint256: nonpayable
    def mintTo(to: address, id: uint256): nonpayable

creators: public(HashMap[uint256, address])

@external
def mint(creator: Minter, to: address, n: uint256):
BODY
"""


def test_vyper_record_keyed_by_the_returned_id() -> None:
    benign = "    i: uint256 = extcall creator.mint(to)\n    self.creators[i] = to\n"
    assert _reent(VY_ISSUED.replace("BODY", benign), "c.vy") == {}
    vulnerable = "    extcall creator.mintTo(to, n)\n    self.creators[n] = to\n"
    assert set(_reent(VY_ISSUED.replace("BODY", vulnerable), "c.vy").values()) == {("medium", "medium")}


# A context slot (_context.py): a whole state variable set before the call and put back after it to the
# copy saved on entry holds its value only for the call, and nested calls unwind it; the write back is
# quiet. A reset to a constant is quiet only as a lock, when a guard tests the slot first, here in a
# modifier (_recheck.locks). A later write of another value stays reported.
CTX_08 = """pragma solidity ^0.8.20;
interface IBridge { function executeCall(address to, uint256 v, bytes calldata d) external returns (bool); }
contract Outbox {
    struct Ctx { address sender; uint256 id; }
    Ctx public context;
    address public activeSender;
    uint256 public count;
    modifier notInContext() { require(activeSender == address(0)); _; }
    function execute(address bridge, address to, bytes calldata data, uint256 id) external payable MOD {
        SAVE
        SET
        IBridge(bridge).executeCall{value: msg.value}(to, msg.value, data);
        RESTORE
    }
}
"""

CTX_04 = """pragma solidity ^0.4.24;
contract IBridge { function executeCall(address to, uint256 v, bytes d) public payable returns (bool); }
contract Outbox {
    struct Ctx { address sender; uint256 id; }
    Ctx public context;
    address public activeSender;
    uint256 public count;
    modifier notInContext() { require(activeSender == address(0)); _; }
    function execute(address bridge, address to, bytes data, uint256 id) public payable MOD {
        SAVE
        SET
        IBridge(bridge).executeCall.value(msg.value)(to, msg.value, data);
        RESTORE
    }
}
"""

_CTX_BENIGN = {
    "saved struct": ("Ctx memory prev = context;", "context = Ctx(msg.sender, id);", "context = prev;"),
    "saved address": ("address prev = activeSender;", "activeSender = msg.sender;", "activeSender = prev;"),
    "guarded default": ("", "activeSender = msg.sender;", "activeSender = address(0);"),
}
_CTX_VULNERABLE = {
    # the value written back is a new one, not the entry value
    "counter": ("", "count = id;", "count = count + 1;"),
    # the copy is taken after the slot was set: it is not the entry value
    "late copy": ("", "activeSender = msg.sender;\n        address prev = activeSender;", "activeSender = prev;"),
    # only written after the call
    "unset": ("", "", "activeSender = address(0);"),
    # reset to a constant with no guard testing it: a nested call leaves the outer callee the default
    "unguarded default": ("", "activeSender = msg.sender;", "activeSender = address(0);"),
}


def _ctx(src: str, parts: tuple[str, str, str], mod: str = "") -> str:
    save, set_, restore = parts
    return src.replace("SAVE", save).replace("SET", set_).replace("RESTORE", restore).replace(" MOD", mod)


@pytest.mark.parametrize("shape", sorted(_CTX_BENIGN))
@pytest.mark.parametrize("src", [CTX_08, CTX_04], ids=["0.8", "0.4"])
def test_context_slot_put_back_after_the_call_is_quiet(src: str, shape: str) -> None:
    mod = " notInContext" if shape == "guarded default" else ""
    assert _reent(_ctx(src, _CTX_BENIGN[shape], mod)) == {}


@pytest.mark.parametrize("shape", sorted(_CTX_VULNERABLE))
@pytest.mark.parametrize("src", [CTX_08, CTX_04], ids=["0.8", "0.4"])
def test_a_write_that_is_no_restore_stays_reported(src: str, shape: str) -> None:
    got = _reent(_ctx(src, _CTX_VULNERABLE[shape]))
    assert set(got.values()) == {("high", "medium")}, got


def test_the_next_write_after_the_restore_is_still_judged() -> None:
    parts = ("", "activeSender = msg.sender;", "activeSender = address(0);\n        count += 1;")
    got = _reent(_ctx(CTX_08, parts))
    assert set(got.values()) == {("high", "medium")}, got


VY_CTX = """# pragma version ^0.4.0
interface Bridge:
    def executeCall(to: address, data: Bytes[100]): payable

active: public(address)

@external
@payable
def execute(b: Bridge, to: address, data: Bytes[100]):
    prev: address = self.active
    self.active = msg.sender
    extcall b.executeCall(to, data, value=msg.value)
    self.active = RESTORE
"""


def test_vyper_context_slot_put_back_is_quiet() -> None:
    assert _reent(VY_CTX.replace("RESTORE", "prev"), "c.vy") == {}


@pytest.mark.parametrize("restore", ["to", "empty(address)"])
def test_vyper_slot_given_another_value_stays_reported(restore: str) -> None:
    assert set(_reent(VY_CTX.replace("RESTORE", restore), "c.vy").values()) == {("high", "medium")}


# A precompile (_trusted._precompile): an address below 0x100, written as a literal or held by a constant,
# runs the chain's own code, which calls no contract; a balance read on a fixed token names accounts only.
# Both make the callee fixed (a low note). A system contract above that range (an OP predeploy, which is
# EVM code) or a caller-picked token keeps the old severity and confidence.
PRE_08 = """pragma solidity ^0.8.20;
interface ArbWasmCache { function cacheProgram(address p) external; }
interface IToken { function balanceOfAt(address a, uint256 s) external returns (uint256); }
contract C {
    ArbWasmCache internal constant CACHE = ArbWasmCache(ADDR);
    IToken public immutable token;
    uint256[] public bids;
    mapping(address => uint256) public rewards;
    constructor(IToken t) { token = t; }
    function add(address program, uint256 bid) external {
        CACHE.cacheProgram(program);
        bids.push(bid);
    }
    function direct(address program, uint256 bid) external {
        ArbWasmCache(ADDR).cacheProgram(program);
        bids.push(bid);
    }
    function claim(address voter, uint256 snap, IToken other) external {
        uint256 b = TOKEN.balanceOfAt(voter, snap);
        rewards[voter] += b;
    }
}
"""

PRE_04 = """pragma solidity ^0.4.24;
contract ArbWasmCache { function cacheProgram(address p) public; }
contract IToken { function balanceOfAt(address a, uint256 s) public returns (uint256); }
contract C {
    ArbWasmCache internal constant CACHE = ArbWasmCache(ADDR);
    IToken public token;
    uint256[] public bids;
    mapping(address => uint256) public rewards;
    constructor(IToken t) public { token = t; }
    function add(address program, uint256 bid) public {
        CACHE.cacheProgram(program);
        bids.push(bid);
    }
    function direct(address program, uint256 bid) public {
        ArbWasmCache(ADDR).cacheProgram(program);
        bids.push(bid);
    }
    function claim(address voter, uint256 snap, IToken other) public {
        uint256 b = TOKEN.balanceOfAt(voter, snap);
        rewards[voter] += b;
    }
}
"""
_PREDEPLOY = "0x4200000000000000000000000000000000000016"


@pytest.mark.parametrize("src", [PRE_08, PRE_04], ids=["0.8", "0.4"])
def test_precompile_and_fixed_token_balance_read_are_low_notes(src: str) -> None:
    got = _reent(src.replace("ADDR", "address(0x72)").replace("TOKEN", "token"))
    assert set(got.values()) == {("low", "low")} and len(got) == 3, got


@pytest.mark.parametrize("src", [PRE_08, PRE_04], ids=["0.8", "0.4"])
def test_predeploy_above_the_precompile_range_and_a_picked_token_stay(src: str) -> None:
    got = _reent(src.replace("ADDR", _PREDEPLOY).replace("TOKEN", "other"))
    assert [v for _, v in sorted(got.items())] == [("medium", "low"), ("medium", "low"), ("medium", "medium")]
