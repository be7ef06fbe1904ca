"""Round 16b (issue #15): low-level calls the scanner missed in the second blind set.

- `unchecked-call` reads inline assembly: `pop(call(..))` and a `let ok := call(..)` never used again drop
  the success flag (a numeric precompile target and `staticcall` stay quiet).
- `unchecked-call` follows a flag assigned after its declaration: Solidity `(ok, ) = to.call(..)` /
  `ok = to.send(..)` and Vyper `ok, resp = raw_call(.., revert_on_failure=False)` that nothing reads.
- `unprotected-delegatecall` reads assembly `delegatecall(gas(), target, ..)` on a parameter of a public
  function, and stays quiet on a target an admin-written allow-list must hold (`require(allowed[target])`),
  in Solidity calls as well as assembly.
Own twins in Solidity 0.4 and 0.8 and Vyper 0.4."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, detector: str, path: str = "c.sol") -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.confidence) for f in scan_source(src, path=path) if f.detector == detector]


ASM_REFUND_08 = """pragma solidity ^0.8.20;
contract Minter {
    uint256 public minted;
    function mint(uint256 qty) external payable {
        minted += qty;
        _refund(msg.sender, msg.value - qty);
    }
    function _refund(address to, uint256 amount) internal {
        assembly {
            %s
        }
    }
}
"""
ASM_REFUND_04 = """pragma solidity ^0.4.24;
contract Minter {
    uint256 public minted;
    function mint(uint256 qty) public payable {
        minted += qty;
        refund(msg.sender, msg.value - qty);
    }
    function refund(address to, uint256 amount) internal {
        assembly {
            %s
        }
    }
}
"""
_INDENT = " " * 12
DROPPED = {
    "pop08": (ASM_REFUND_08, "pop(call(gas(), to, amount, 0, 0, 0, 0))"),
    "let08": (ASM_REFUND_08, "let ok := call(gas(), to, amount, 0, 0, 0, 0)"),
    "pop04": (ASM_REFUND_04, "pop(call(gas, to, amount, 0, 0, 0, 0))"),
    "let04": (ASM_REFUND_04, "let ok := call(sub(gas, 5000), to, amount, 0, 0, 0, 0)"),
}
CHECKED = {
    "iszero08": (ASM_REFUND_08, "if iszero(call(gas(), to, amount, 0, 0, 0, 0)) { revert(0, 0) }"),
    "let_read08": (
        ASM_REFUND_08,
        "let ok := call(gas(), to, amount, 0, 0, 0, 0)\n            if iszero(ok) { revert(0, 0) }",
    ),
    "iszero04": (ASM_REFUND_04, "if iszero(call(gas, to, amount, 0, 0, 0, 0)) { revert(0, 0) }"),
    "precompile08": (
        ASM_REFUND_08,
        "pop(staticcall(gas(), 4, 0, amount, 0, amount))\n" + _INDENT + "pop(call(gas(), 4, 0, 0, 0, 0, 0))",
    ),
}


@pytest.mark.parametrize("key", sorted(DROPPED))
def test_assembly_dropped_flag_is_reported(key: str) -> None:
    tpl, body = DROPPED[key]
    assert _hits(tpl % body, "unchecked-call") == [(10, "medium", "medium")]


@pytest.mark.parametrize("key", sorted(CHECKED))
def test_assembly_checked_flag_is_quiet(key: str) -> None:
    tpl, body = CHECKED[key]
    assert _hits(tpl % body, "unchecked-call") == []


VY_FORWARD = """# pragma version ^0.4.0
owner: public(address)
forwarded: public(uint256)

@deploy
def __init__():
    self.owner = msg.sender

@external
def forward(target: address, amount: uint256, data: Bytes[256]):
    assert msg.sender == self.owner, "owner"
    ok: bool = False
    resp: Bytes[32] = b""
    ok, resp = raw_call(target, data, max_outsize=32, value=amount, revert_on_failure=False)
    %s
    self.forwarded += amount
"""
SOL_ASSIGNED_08 = """pragma solidity ^0.8.20;
contract Fwd {
    uint256 public sent;
    function pay(address to, uint256 v) external {
        bool ok;
        (ok, ) = to.call{value: v}("");
        %s
        sent += v;
    }
}
"""
SOL_ASSIGNED_04 = """pragma solidity ^0.4.24;
contract Fwd {
    uint256 public sent;
    function pay(address to, uint256 v) public {
        bool ok;
        ok = to.send(v);
        %s
        sent += v;
    }
}
"""


@pytest.mark.parametrize(
    ("tpl", "path", "check", "line"),
    [
        (VY_FORWARD, "f.vy", 'assert ok, "call failed"', 14),
        (SOL_ASSIGNED_08, "f.sol", 'require(ok, "call");', 6),
        (SOL_ASSIGNED_04, "f.sol", "require(ok);", 6),
    ],
)
def test_assigned_flag_never_read(tpl: str, path: str, check: str, line: int) -> None:
    assert _hits(tpl % "pass" if path.endswith(".vy") else tpl % "", "unchecked-call", path) == [
        (line, "medium", "medium")
    ]
    assert _hits(tpl % check, "unchecked-call", path) == []


def test_vyper_assigned_flag_that_reverts_on_failure_is_quiet() -> None:
    src = (VY_FORWARD % "pass").replace(", revert_on_failure=False", "").replace("ok, resp = ", "resp = ")
    assert _hits(src, "unchecked-call", "f.vy") == []


ROUTER_08 = """pragma solidity ^0.8.20;
contract Router {
    address public immutable admin;
    mapping(address => bool) public adapters;
    constructor() { admin = msg.sender; }
    function setAdapter(address adapter, bool on) external {
        %s
        adapters[adapter] = on;
    }
    function route(address adapter, bytes calldata payload) external payable {
        %s
        assembly {
            calldatacopy(0, payload.offset, payload.length)
            let ok := delegatecall(gas(), adapter, 0, payload.length, 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
"""
ROUTER_04 = """pragma solidity ^0.4.24;
contract Router {
    address public admin;
    mapping(address => bool) public adapters;
    function Router() public { admin = msg.sender; }
    function setAdapter(address adapter, bool on) public {
        %s
        adapters[adapter] = on;
    }
    function route(address adapter) public payable {
        %s
        assembly {
            calldatacopy(0, 0, calldatasize)
            let ok := delegatecall(gas, adapter, 0, calldatasize, 0, 0)
            if iszero(ok) { revert(0, 0) }
        }
    }
}
"""
ADMIN = {ROUTER_08: 'require(msg.sender == admin, "admin");', ROUTER_04: "require(msg.sender == admin);"}
LISTED = "require(adapters[adapter]);"


@pytest.mark.parametrize("tpl", [ROUTER_08, ROUTER_04], ids=["0.8", "0.4"])
def test_assembly_delegatecall_to_parameter(tpl: str) -> None:
    admin = ADMIN[tpl]
    assert _hits(tpl % (admin, ""), "unprotected-delegatecall") == [(14, "high", "high")]
    # allow-listed by the admin: quiet; allow-list anyone can fill: still reported
    assert _hits(tpl % (admin, LISTED), "unprotected-delegatecall") == []
    assert _hits(tpl % ("", LISTED), "unprotected-delegatecall") == [(14, "high", "high")]
    # the caller itself checked: quiet
    assert _hits(tpl % (admin, admin), "unprotected-delegatecall") == []


def test_assembly_proxy_of_stored_implementation_is_not_a_user_target() -> None:
    src = """pragma solidity ^0.8.20;
contract Proxy {
    address internal impl;
    constructor(address i) { impl = i; }
    fallback() external payable { _delegate(impl); }
    function _delegate(address target) internal {
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok case 0 { revert(0, returndatasize()) } default { return(0, returndatasize()) }
        }
    }
}
"""
    assert _hits(src, "unprotected-delegatecall") == []


SOL_MODULE = """pragma solidity ^0.8.20;
contract Wallet {
    address public owner;
    mapping(address => bool) public modules;
    constructor() { owner = msg.sender; }
    function enable(address m) external {
        require(msg.sender == owner, "owner");
        modules[m] = true;
    }
    function exec(address target, bytes calldata data) external returns (bytes memory) {
        %s
        (bool ok, bytes memory ret) = target.delegatecall(data);
        require(ok, "module");
        return ret;
    }
}
"""


def test_solidity_delegatecall_allowlisted_by_admin_is_quiet() -> None:
    assert _hits(SOL_MODULE % "", "unprotected-delegatecall") == [(12, "high", "high")]
    assert _hits(SOL_MODULE % 'require(modules[target], "off");', "unprotected-delegatecall") == []
    assert _hits(SOL_MODULE % "if (!modules[target]) revert();", "unprotected-delegatecall") == []
    # a check on another address lists nothing about the target
    assert _hits(SOL_MODULE % "require(modules[owner]);", "unprotected-delegatecall") == [(12, "high", "high")]


def test_assembly_calls_checked_another_way_are_quiet() -> None:
    # no ether moved (an approve reset before a checked retry), and a force-send checked by the balance
    zero = "pop(call(gas(), to, 0, 0x10, 0x44, codesize(), 0x00))"
    assert _hits(ASM_REFUND_08 % zero, "unchecked-call") == []
    by_balance = ASM_REFUND_08.replace(
        "        assembly {\n            %s\n        }",
        "        uint256 before = address(this).balance;\n"
        "        assembly {\n            %s\n        }\n"
        "        require(address(this).balance < before);",
    )
    assert _hits(by_balance % "pop(call(2300, to, amount, 0, 0, 0, 0))", "unchecked-call") == []
    assert _hits(ASM_REFUND_08 % "pop(call(2300, to, amount, 0, 0, 0, 0))", "unchecked-call") == [
        (10, "medium", "medium")
    ]


SIMULATE = """pragma solidity ^0.8.20;
contract Sim {
    function simulate(address target, bytes memory payload) external %s {
        assembly {
            let ok := delegatecall(gas(), target, add(payload, 0x20), mload(payload), 0, 0)
            mstore(0x00, ok)
            %s
        }
    }
    modifier onlyEntryPointOrOwner() { _; }
}
"""


def test_assembly_delegatecall_undone_or_behind_a_named_guard_is_quiet() -> None:
    assert _hits(SIMULATE % ("", "return(0, 0x20)"), "unprotected-delegatecall") == [(5, "high", "high")]
    assert _hits(SIMULATE % ("", "revert(0, 0x20)"), "unprotected-delegatecall") == []
    assert _hits(SIMULATE % ("", "if iszero(ok) { revert(0, 0) }"), "unprotected-delegatecall") == [(5, "high", "high")]
    assert _hits(SIMULATE % ("onlyEntryPointOrOwner", "return(0, 0x20)"), "unprotected-delegatecall") == []


def test_assembly_call_whose_return_data_is_read_is_quiet() -> None:
    body = "pop(call(gas(), to, amount, 0, 0, 0, 0x20))\n" + _INDENT + "if iszero(returndatasize()) { revert(0, 0) }"
    assert _hits(ASM_REFUND_08 % body, "unchecked-call") == []


def test_assigned_named_return_flag_is_quiet() -> None:
    src = """pragma solidity ^0.8.20;
contract Transactor {
    function call(address t, bytes memory d, uint256 v) external returns (bool success, bytes memory data) {
        (success, data) = t.call{value: v}(d);
    }
}
"""
    assert _hits(src, "unchecked-call") == []
