"""Scanner gaps, round 13 (issue #15): Vyper 0.3 loop syntax (src/nexus/scan/_vyper03.py) and the
misreadings listed in the fresh recall set's write-up. Every vulnerable twin has a benign twin that
stays quiet; Solidity 0.4 and 0.8, Vyper 0.3 and 0.4."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source
from nexus.scan.errors import ScanInputError


def _found(src: str, name: str = "c.sol") -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for f in scan_source(src, name):
        out.setdefault(f.line, set()).add(f.detector)
    return out


def _ids(src: str, name: str = "c.sol") -> set[str]:
    return {d for ds in _found(src, name).values() for d in ds}


# --- 1. Vyper 0.3: untyped loop variables -----------------------------------------------------------

PAYROLL_03 = """# @version ^0.3.9
owner: address
crew: DynArray[address, 50]
rate: uint256
owed: HashMap[address, uint256]

@external
def __init__(r: uint256):
    self.owner = msg.sender
    self.rate = r

@external
def enrol(who: address):
    assert msg.sender == self.owner
    self.crew.append(who)

@external
def settle():
    assert msg.sender == self.owner
    for member in self.crew:
        BODY
"""


def test_vyper_03_untyped_loop_parses_and_a_send_in_it_is_reported() -> None:
    src = PAYROLL_03.replace("BODY", "send(member, self.rate)")
    assert _found(src, "p.vy") == {21: {"call-in-loop"}}


def test_vyper_03_untyped_loop_crediting_balances_is_quiet() -> None:
    src = PAYROLL_03.replace("BODY", "self.owed[member] += self.rate")
    assert _found(src, "p.vy") == {}


def test_vyper_03_and_04_loops_lower_alike() -> None:
    old = PAYROLL_03.replace("BODY", "send(member, self.rate)")
    new = old.replace("for member in", "for member: address in")
    assert _found(old, "p.vy") == _found(new, "p.vy")


def test_vyper_03_range_loop_keeps_findings_elsewhere_in_the_file() -> None:
    src = """# @version 0.3.10
owner: address
slots: uint256[8]

@external
def __init__():
    self.owner = msg.sender

@external
def reset():
    for i in range(8):
        self.slots[i] = 0

@external
def sweep(to: address):
    assert tx.origin == self.owner
    send(to, self.balance)
"""
    assert "tx-origin" in _ids(src, "s.vy")


def test_vyper_syntax_errors_are_still_reported() -> None:
    with pytest.raises(ScanInputError):
        scan_source("@external\ndef f(:\n    pass\n", "bad.vy")


# --- 2. ERC-777 `token.send(to, amount, data)` is a contract call, not an ether send -------------------

HOOK_08 = """pragma solidity ^0.8.20;
interface IHook { function send(address to, uint256 amount, bytes calldata data) external; }
contract Payout {
    IHook public token;
    mapping(address => uint256) public due;
    constructor(IHook t) { token = t; }
    function claim() external {
        uint256 a = due[msg.sender];
        due[msg.sender] = 0;
        CALL;
    }
}
"""

HOOK_04 = """pragma solidity ^0.4.24;
contract IHook { function send(address to, uint256 amount, bytes data) public; }
contract Payout {
    IHook public token;
    mapping(address => uint256) public due;
    constructor(IHook t) public { token = t; }
    function claim() public {
        uint256 a = due[msg.sender];
        due[msg.sender] = 0;
        CALL;
    }
}
"""

_ETHER_SEND = {"unchecked-call", "reentrancy-stipend"}


@pytest.mark.parametrize("src", [HOOK_08, HOOK_04])
def test_three_argument_token_send_is_no_ether_send(src: str) -> None:
    assert not _ids(src.replace("CALL", 'token.send(msg.sender, a, "")')) & _ETHER_SEND


@pytest.mark.parametrize(("src", "call"), [(HOOK_08, "payable(msg.sender).send(a)"), (HOOK_04, "msg.sender.send(a)")])
def test_one_argument_ether_send_stays_unchecked(src: str, call: str) -> None:
    assert "unchecked-call" in _found(src.replace("CALL", call)).get(10, set())


# --- 3. `arr.length = n` set by any caller (Solidity < 0.6) --------------------------------------------

RESIZE_04 = """pragma solidity ^0.4.24;
contract Slots {
    address public keeper;
    uint256[] public marks;
    constructor() public { keeper = msg.sender; }
    function add(uint256 m) public { marks.push(m); }
    function setCount(uint256 count) public {
        CHECK;
        marks.length = count;
    }
    function mark(uint256 at, uint256 m) public {
        require(at < marks.length);
        WRITE;
    }
}
"""


def _asw(src: str) -> set[int]:
    return {line for line, ds in _found(src).items() if "arbitrary-storage-write" in ds}


def test_caller_set_length_with_an_indexed_write_elsewhere_is_reported() -> None:
    src = RESIZE_04.replace("CHECK", "require(count > 0)").replace("WRITE", "marks[at] = m")
    assert _asw(src) == {9}


@pytest.mark.parametrize(
    "check", ["require(count <= marks.length)", "require(marks.length >= count)", "require(msg.sender == keeper)"]
)
def test_shrink_only_or_keeper_only_resize_is_quiet(check: str) -> None:
    assert _asw(RESIZE_04.replace("CHECK", check).replace("WRITE", "marks[at] = m")) == set()


def test_resize_without_a_caller_indexed_write_is_quiet() -> None:
    src = RESIZE_04.replace("CHECK", "require(count > 0)").replace("WRITE", "marks[0] = m + at")
    assert _asw(src) == set()


def test_same_function_resize_and_write_is_reported_once_at_the_write() -> None:
    src = RESIZE_04.replace("CHECK", "require(count > 0)").replace("WRITE", "marks[at] = m")
    src = src.replace("marks.length = count;\n", "marks.length = count;\n        marks[count - 1] = 0;\n")
    assert _asw(src) == {10}


# --- 4. king of the hill: the old leader's refund must succeed, whatever the call form --------------------

LEADER_08 = """pragma solidity ^0.8.20;
contract Summit {
    address payable public leader;
    uint256 public stake;
    mapping(address => uint256) public owed;
    function climb() external payable {
        require(msg.value > stake);
        PAY
        leader = payable(msg.sender);
        stake = msg.value;
    }
}
"""

LEADER_04 = """pragma solidity ^0.4.24;
contract Summit {
    address public leader;
    uint256 public stake;
    mapping(address => uint256) public owed;
    function climb() public payable {
        require(msg.value > stake);
        PAY
        leader = msg.sender;
        stake = msg.value;
    }
}
"""


def _blocking(src: str, name: str = "c.sol") -> set[int]:
    return {line for line, ds in _found(src, name).items() if "blocking-recipient" in ds}


@pytest.mark.parametrize(
    ("src", "pay"),
    [
        (LEADER_08, '(bool ok, ) = leader.call{value: stake}("");\n        require(ok, "refund");'),
        (LEADER_08, '(bool ok, ) = leader.call{value: stake}("");\n        if (!ok) revert("refund");'),
        (LEADER_08, "leader.transfer(stake);"),
        (LEADER_04, "bool ok = leader.call.value(stake)();\n        require(ok);"),
        (LEADER_04, "require(leader.call.value(stake)());"),
        (LEADER_04, "bool sent = leader.send(stake);\n        if (!sent) { revert(); }"),
    ],
)
def test_required_refund_to_the_installed_leader_blocks_the_game(src: str, pay: str) -> None:
    assert _blocking(src.replace("PAY", pay)) == {8}


@pytest.mark.parametrize(
    ("src", "pay"),
    [
        (LEADER_08, "owed[leader] += stake;"),
        (LEADER_08, '(bool ok, ) = leader.call{value: stake}("");\n        if (!ok) owed[leader] += stake;'),
        (LEADER_04, "if (!leader.send(stake)) { owed[leader] += stake; }"),
    ],
)
def test_refund_whose_failure_is_booked_does_not_block(src: str, pay: str) -> None:
    assert _blocking(src.replace("PAY", pay)) == set()


SUMMIT_VY = """# @version ^0.3.10
leader: public(address)
stake: public(uint256)

@external
@payable
def climb():
    assert msg.value > self.stake
    PAY
    self.leader = msg.sender
    self.stake = msg.value
"""


def test_vyper_raw_call_reverting_by_default_blocks_and_opt_out_does_not() -> None:
    assert _blocking(SUMMIT_VY.replace("PAY", 'raw_call(self.leader, b"", value=self.stake)'), "s.vy") == {9}
    quiet = 'ok: bool = raw_call(self.leader, b"", value=self.stake, revert_on_failure=False)'
    assert _blocking(SUMMIT_VY.replace("PAY", quiet), "s.vy") == set()


# --- 5. an unguarded write of the code a proxy delegates to ----------------------------------------------

PROXY_08 = """pragma solidity ^0.8.20;
contract Relay {
    address public logic;
    address public keeper;
    constructor(address l) { logic = l; keeper = msg.sender; }
    function setLogic(address l) external {
        CHECK;
        logic = l;
    }
    fallback() external payable {
        address target = logic;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let r := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(r) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
"""

PROXY_04 = """pragma solidity ^0.4.24;
contract Relay {
    address public logic;
    address public keeper;
    constructor(address l) public { logic = l; keeper = msg.sender; }
    function setLogic(address l) public {
        CHECK;
        logic = l;
    }
    function current() internal view returns (address) { return logic; }
    function () public payable {
        address target = current();
        require(target.delegatecall(msg.data));
    }
}
"""

PROXY_VY = """# @version ^0.3.10
logic: public(address)
keeper: public(address)

@external
def __init__(l: address):
    self.logic = l
    self.keeper = msg.sender

@external
def set_logic(l: address):
    CHECK
    self.logic = l

@external
@payable
def __default__():
    raw_call(self.logic, msg.data, is_delegate_call=True)
"""


def _ow(src: str, name: str = "c.sol") -> set[int]:
    return {line for line, ds in _found(src, name).items() if "unprotected-owner-write" in ds}


@pytest.mark.parametrize(
    ("src", "name", "line", "open_", "check"),
    [
        (PROXY_08, "p.sol", 8, "require(l != address(0))", "require(msg.sender == keeper)"),
        (PROXY_04, "p.sol", 8, "require(l != address(0))", "require(msg.sender == keeper)"),
        (PROXY_VY, "p.vy", 13, "assert l != empty(address)", "assert msg.sender == self.keeper"),
    ],
)
def test_anyone_setting_the_delegated_code_is_reported_and_a_keeper_check_is_quiet(  # noqa: PLR0913
    src: str, name: str, line: int, open_: str, check: str
) -> None:
    assert _ow(src.replace("CHECK", open_), name) == {line}
    assert _ow(src.replace("CHECK", check), name) == set()


def test_assembly_gas_argument_with_nested_calls_still_names_the_target() -> None:
    src = PROXY_08.replace("CHECK", "require(l != address(0))").replace("gas()", "sub(gas(), 5000)", 1)
    assert "sub(gas(), 5000), target" in src
    assert _ow(src, "p.sol") == {8}


def test_a_plainly_called_address_anyone_sets_is_no_authority() -> None:
    src = PROXY_04.replace("CHECK", "require(l != address(0))").replace("delegatecall", "call")
    assert _ow(src) == set()


# --- 6. approve race through an internal `_approve` ----------------------------------------------------

ALLOW_08 = """pragma solidity ^0.8.20;
contract Chip {
    mapping(address => mapping(address => uint256)) public allowed;
    mapping(address => mapping(address => uint256)) public lastSeen;
    function _setAllowance(address holder, address spender, uint256 amount) internal {
        allowed[holder][spender] = amount;
    }
    function approve(address spender, uint256 amount) external returns (bool) {
        CHECK;
        _setAllowance(msg.sender, spender, amount);
        return true;
    }
}
"""

ALLOW_04 = """pragma solidity ^0.4.24;
contract Chip {
    mapping(address => mapping(address => uint256)) public allowed;
    mapping(address => mapping(address => uint256)) public lastSeen;
    function _setAllowance(address holder, address spender, uint256 amount) internal {
        allowed[holder][spender] = amount;
    }
    function approve(address spender, uint256 amount) public returns (bool) {
        CHECK;
        _setAllowance(msg.sender, spender, amount);
        return true;
    }
}
"""


def _race(src: str) -> set[int]:
    return {line for line, ds in _found(src).items() if "approve-race" in ds}


@pytest.mark.parametrize("src", [ALLOW_08, ALLOW_04])
def test_overwrite_in_an_internal_helper_of_approve_is_a_race(src: str) -> None:
    assert _race(src.replace("CHECK", "require(spender != address(0))")) == {6}


@pytest.mark.parametrize("src", [ALLOW_08, ALLOW_04])
def test_zero_first_check_in_approve_covers_the_helper(src: str) -> None:
    assert _race(src.replace("CHECK", "require(amount == 0 || allowed[msg.sender][spender] == 0)")) == set()


def test_helper_writing_a_computed_non_allowance_entry_is_not_a_race() -> None:
    src = ALLOW_08.replace("CHECK", "allowed[msg.sender][spender] += amount").replace(
        "_setAllowance(msg.sender, spender, amount);", "_seen(spender);"
    )
    src = src.replace(
        "    function approve(",
        "    function _seen(address s) internal { lastSeen[msg.sender][s] = block.number; }\n    function approve(",
    )
    assert _race(src) == set()
