"""Re-entrancy round 12 (src/nexus/scan/detectors/reentrancy.py, _trusted.py): calls that cannot hand
control to an attacker. A callee fixed at deployment (constant, immutable, constructor/owner-only state, a
record of owner-only state) handed nothing of the caller's is a low note (low severity, low confidence);
`using L for T` calls on storage, values and plain addresses are no calls; a constructor cannot be
re-entered. Each benign twin has a vulnerable twin that stays as the old code reported it: a callee the
caller picks, a callback-hook method whose recipient is the caller, an attacker-supplied token, an
interface-typed struct field, a function anyone calls. Solidity 0.4 and 0.8, Vyper."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _re(src: str, name: str = "c.sol") -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, name) if f.detector == "reentrancy"}


WRAP_08 = """pragma solidity ^0.8.20;
interface IWeth { function deposit() external payable; }
contract Fees {
    IWeth public immutable weth;
    mapping(address => uint256) public paid;
    constructor(IWeth w) { weth = w; }
    function pay(IWeth w2) external payable {
        TARGET.deposit{value: msg.value}();
        paid[msg.sender] += msg.value;
    }
}
"""

WRAP_04 = """pragma solidity ^0.4.24;
contract IWeth { function deposit() public payable; }
contract Fees {
    IWeth constant weth = IWeth(0x1234567890123456789012345678901234567890);
    IWeth public vault;
    mapping(address => uint256) public paid;
    constructor(IWeth v) public { vault = v; }
    function pay(IWeth w2) public payable {
        TARGET.deposit.value(msg.value)();
        paid[msg.sender] += msg.value;
    }
}
"""


@pytest.mark.parametrize(("src", "line", "target"), [(WRAP_08, 8, "weth"), (WRAP_04, 9, "weth"), (WRAP_04, 9, "vault")])
def test_value_sent_to_a_contract_fixed_at_deployment_is_a_low_note(src: str, line: int, target: str) -> None:
    assert _re(src.replace("TARGET", target)) == {line: ("low", "low")}


@pytest.mark.parametrize(("src", "line"), [(WRAP_08, 8), (WRAP_04, 9)])
def test_value_sent_to_a_contract_the_caller_picks_stays_high(src: str, line: int) -> None:
    assert _re(src.replace("TARGET", "w2")) == {line: ("high", "medium")}


def test_vyper_immutable_callee_is_low_and_an_argument_stays_high() -> None:
    src = """# pragma version ^0.4.0
interface Weth:
    def deposit(): payable

WETH: public(immutable(Weth))
pending: public(HashMap[address, uint256])

@deploy
def __init__(w: Weth):
    WETH = w

@external
@payable
def wrap():
    extcall WETH.deposit(value=msg.value)
    self.pending[msg.sender] += msg.value

@external
@payable
def wrap_to(w: Weth):
    extcall w.deposit(value=msg.value)
    self.pending[msg.sender] += msg.value
"""
    assert _re(src, "c.vy") == {15: ("low", "low"), 21: ("high", "medium")}


NFT_08 = """pragma solidity ^0.8.20;
interface INft { function safeTransferFrom(address a, address b, uint256 id) external; }
contract Shop {
    INft public immutable nft;
    mapping(uint256 => address) public seller;
    constructor(INft n) { nft = n; }
    function buy(uint256 id) external {
        nft.safeTransferFrom(address(this), RECIPIENT, id);
        seller[id] = address(0);
    }
}
"""


def test_a_hook_method_of_a_fixed_token_with_a_fixed_recipient_is_low() -> None:
    assert _re(NFT_08.replace("RECIPIENT", "address(nft)")) == {8: ("low", "low")}


def test_a_hook_method_of_a_fixed_token_paying_the_caller_stays_medium() -> None:
    # the ERC721 receiver hook runs on msg.sender: the attacker's code, before `seller[id]` is cleared
    # (round 18b, _hookcall.py: a hook crediting the caller is medium confidence, like `msg.sender.call`)
    assert _re(NFT_08.replace("RECIPIENT", "msg.sender")) == {8: ("medium", "medium")}


REWARDS_08 = """pragma solidity ^0.8.20;
interface IERC20 { function transfer(address to, uint256 v) external returns (bool); }
library SafeLib {
    function safeTransfer(IERC20 t, address to, uint256 v) internal { require(t.transfer(to, v)); }
}
contract Rewards {
    using SafeLib for IERC20;
    address public immutable link;
    mapping(address => uint256) public claimed;
    constructor(address l) { link = l; }
    function _claim(address to, IERC20 other) internal {
        IERC20(TOKEN).safeTransfer(to, 1);
    }
    function claimAll(address[] calldata who, IERC20 other) external {
        for (uint256 i; i < who.length; ++i) {
            _claim(who[i], other);
            claimed[who[i]] += 1;
        }
    }
}
"""


def test_an_internal_helper_paying_out_a_fixed_token_through_safe_erc20_is_low() -> None:
    assert _re(REWARDS_08.replace("TOKEN", "link")) == {16: ("low", "low")}


def test_an_internal_helper_paying_out_a_token_the_caller_names_stays_medium() -> None:
    assert _re(REWARDS_08.replace("TOKEN", "address(other)")) == {16: ("medium", "low")}


SET_LIB = """library Set {
    struct UintSet { uint256[] values; mapping(uint256 => uint256) at; }
    function remove(UintSet storage s, uint256 v) internal returns (bool) { delete s.at[v]; return true; }
}
contract IHook { function remove(uint256 v) public returns (bool); }
"""

SET_04 = (
    "pragma solidity ^0.4.24;\n"
    + SET_LIB
    + """contract Registry {
    using Set for Set.UintSet;
    struct Node { Set.UintSet dons; IHook hook; uint256 count; }
    mapping(bytes32 => Node) nodes;
    uint256 public total;
    function add(bytes32 id, IHook h) public { require(total < 1000); nodes[id].hook = h; }
    function drop(bytes32 id, uint256 don) public {
        nodes[id].FIELD.remove(don);
        total -= 1;
    }
}
"""
)

SET_08 = SET_04.replace("pragma solidity ^0.4.24;", "pragma solidity ^0.8.20;").replace(
    "contract IHook { function remove(uint256 v) public returns (bool); }",
    "interface IHook { function remove(uint256 v) external returns (bool); }",
)


@pytest.mark.parametrize("src", [SET_04, SET_08])
def test_a_library_function_on_a_storage_struct_field_is_no_call(src: str) -> None:
    assert _re(src.replace("FIELD", "dons")) == {}


@pytest.mark.parametrize("src", [SET_04, SET_08])
def test_an_interface_typed_struct_field_stays_a_call(src: str) -> None:
    # (`add` decides on `total`: a counter nothing decides on would make the stale write a note, icse23)
    assert _re(src.replace("FIELD", "hook")) == {14: ("medium", "medium")}


ADDRESS_08 = """pragma solidity ^0.8.20;
library Addr { function isContract(address a) internal view returns (bool) { return a.code.length > 0; } }
interface IHook { function isContract() external returns (bool); }
contract Keeper {
    using Addr for address;
    mapping(uint256 => address) public targets;
    uint256 public nonce;
    function register(address target) external {
        require(CHECK);
        targets[nonce] = target;
        nonce++;
    }
}
"""


def test_a_library_function_on_a_plain_address_is_no_call() -> None:
    assert _re(ADDRESS_08.replace("CHECK", "target.isContract()")) == {}


def test_the_same_name_on_an_interface_stays_a_call() -> None:
    assert _re(ADDRESS_08.replace("CHECK", "IHook(target).isContract()")) == {9: ("medium", "medium")}


CTOR_08 = """pragma solidity ^0.8.20;
interface ICoordinator { function createSubscription() external returns (uint64); }
contract Wrapper {
    uint64 public subId;
    FUNC(address c) {
        uint64 id = ICoordinator(c).createSubscription();
        subId = id;
    }
}
"""


def test_a_constructor_cannot_be_reentered() -> None:
    assert _re(CTOR_08.replace("FUNC", "constructor")) == {}


def test_the_same_code_in_a_public_function_stays() -> None:
    assert _re(CTOR_08.replace("FUNC", "function init")) == {6: ("medium", "medium")}


HOOKS_04 = """pragma solidity ^0.4.24;
contract IHook { function ping(uint256 v) public; }
contract Hub {
    address owner;
    mapping(uint256 => IHook) hooks;
    uint256 public pings;
    constructor() public { owner = msg.sender; }
    function setHook(uint256 id, IHook h) public { GUARD hooks[id] = h; }
    function ping(uint256 id) public {
        hooks[id].ping(pings);
        pings += 1;
    }
}
"""


def test_a_record_of_owner_only_state_is_fixed() -> None:
    assert _re(HOOKS_04.replace("GUARD", "require(msg.sender == owner);")) == {10: ("low", "low")}


def test_a_record_anyone_sets_stays_medium() -> None:
    assert _re(HOOKS_04.replace("GUARD", "")) == {10: ("medium", "medium")}


TIMELOCK_08 = """pragma solidity ^0.8.20;
contract Timelock {
    mapping(bytes32 => uint256) private _timestamps;
    mapping(bytes32 => uint256) private _eta;
    function isReady(bytes32 id) public view returns (bool) {
        return _timestamps[id] > 1 && _timestamps[id] <= block.timestamp;
    }
    function _call(address target, uint256 value, bytes calldata data) private {
        (bool ok, ) = target.call{value: value}(data);
        require(ok);
    }
    function _after(bytes32 id) private {
        require(CHECK);
        _timestamps[id] = 1;
    }
    function execute(address target, uint256 value, bytes calldata data, bytes32 id) public payable {
        require(isReady(id));
        _call(target, value, data);
        _after(id);
    }
}
"""

TIMELOCK_04 = """pragma solidity ^0.4.24;
contract Timelock {
    mapping(bytes32 => uint256) timestamps;
    mapping(bytes32 => uint256) eta;
    function execute(address target, bytes32 id) public payable {
        require(timestamps[id] > 1);
        require(target.call.value(msg.value)());
        require(CHECK);
        timestamps[id] = 1;
    }
}
"""


@pytest.mark.parametrize(
    ("src", "check", "line"), [(TIMELOCK_08, "isReady(id)", 18), (TIMELOCK_04, "timestamps[id] > 1", 7)]
)
def test_a_write_re_validated_after_the_call_is_low_confidence(src: str, check: str, line: int) -> None:
    # a re-entrant execute of the same operation marks it done; the outer check then reverts everything
    assert _re(src.replace("CHECK", check)) == {line: ("high", "low")}


@pytest.mark.parametrize(("src", "check", "line"), [(TIMELOCK_08, "_eta[id] > 0", 18), (TIMELOCK_04, "eta[id] > 0", 7)])
def test_a_check_of_another_variable_after_the_call_stays_medium(src: str, check: str, line: int) -> None:
    assert _re(src.replace("CHECK", check)) == {line: ("high", "medium")}


ROUTER_08 = """pragma solidity ^0.8.20;
interface IRouter { function exactInput(bytes calldata path, uint256 amountIn) external payable returns (uint256); }
contract Zap {
    IRouter public immutable router;
    mapping(address => uint256) public out;
    bytes public fixedPath;
    constructor(IRouter r, bytes memory p) { router = r; fixedPath = p; }
    function zap(bytes calldata path, uint256 amountIn) external payable {
        uint256 got = router.exactInput{value: msg.value}(PATH, amountIn);
        out[msg.sender] += got;
    }
}
"""

ROUTER_04 = """pragma solidity ^0.4.24;
contract IRouter { function swap(address[] path, uint256 amountIn) public payable returns (uint256); }
contract Zap {
    IRouter constant router = IRouter(0x1234567890123456789012345678901234567890);
    mapping(address => uint256) public out;
    address[] fixedPath;
    function zap(address[] path, uint256 amountIn) public payable {
        uint256 got = router.swap.value(msg.value)(PATH, amountIn);
        out[msg.sender] += got;
    }
}
"""


@pytest.mark.parametrize(("src", "line"), [(ROUTER_08, 9), (ROUTER_04, 8)])
def test_a_fixed_router_on_a_fixed_path_is_low(src: str, line: int) -> None:
    assert _re(src.replace("PATH", "fixedPath")) == {line: ("low", "low")}


@pytest.mark.parametrize(("src", "line"), [(ROUTER_08, 9), (ROUTER_04, 8)])
def test_a_fixed_router_on_the_callers_path_stays_high(src: str, line: int) -> None:
    # the path names the tokens the router calls: the attacker's token runs before `out` is credited
    assert _re(src.replace("PATH", "path")) == {line: ("high", "medium")}


@pytest.mark.parametrize(
    "setter",
    [
        "function setHook(uint256 id, IHook h) public { Slot storage s = slots[id]; s.hook = h; }",
        "function addHook(IHook h) public { slots.length++; slots[slots.length - 1].hook = h; }",
        "function addHook(IHook h) public { slots.push(Slot(h)); }",
    ],
)
def test_a_record_anyone_writes_through_a_pointer_or_push_stays_medium(setter: str) -> None:
    src = """pragma solidity ^0.4.24;
contract IHook { function ping(uint256 v) public; }
contract Hub {
    struct Slot { IHook hook; }
    Slot[] slots;
    uint256 public pings;
    SETTER
    function ping(uint256 id) public {
        slots[id].hook.ping(pings);
        pings += 1;
    }
}
"""
    assert _re(src.replace("SETTER", setter)) == {9: ("medium", "medium")}


GRID_08 = """pragma solidity ^0.8.20;
interface IT {
    function transfer(address to, uint256 v) external payable returns (bool);
    function safeTransferFrom(address a, address b, uint256 id) external payable;
    function poke(address a, uint256 v) external payable;
}
contract C {
    address owner;
    IT public immutable imm;
    IT public constant cst = IT(address(0x1234));
    IT public ownerSet;
    IT public openSet;
    mapping(address => uint256) public credit;
    constructor(IT a) { owner = msg.sender; imm = a; }
    function setOwnerSet(IT t) external { require(msg.sender == owner); ownerSet = t; }
    function setOpen(IT t) external { openSet = t; }
    function act(IT arg, address who, uint256 v) external payable {
        CALL;
        credit[msg.sender] += v;
    }
}
"""


def _expected(target: str, method: str, addr: str, value: bool) -> tuple[str, str]:
    """An independent reading of the rule: a fixed callee handed no caller-picked address is a low note
    (an account operation never calls the address it is handed); anything else keeps the old rating."""
    fixed = target in ("imm", "cst", "ownerSet")
    caller_addr = addr in ("msg.sender", "who")
    if fixed and (method == "transfer" or not caller_addr):
        return "low", "low"
    severity = "high" if value else "medium"
    if method == "safeTransferFrom" and caller_addr:
        return severity, "medium"  # round 18b: the receiver hook runs the caller's code, whoever set the token
    if target == "ownerSet":
        return severity, "low"  # round 5: the owner chose that code
    return severity, "medium" if value or target == "arg" else "low"


def test_every_target_method_address_and_value_combination_matches_the_rule() -> None:
    calls = {
        "transfer": "TARGET.transfer{V}(ADDR, v)",
        "safeTransferFrom": "TARGET.safeTransferFrom{V}(address(this), ADDR, v)",
        "poke": "TARGET.poke{V}(ADDR, v)",
    }
    wrong = []
    for target in ("imm", "cst", "ownerSet", "openSet", "arg"):
        for method, call in calls.items():
            for addr in ("msg.sender", "who", "address(imm)", "address(this)"):
                for value in (False, True):
                    text = call.replace("TARGET", target).replace("ADDR", addr)
                    text = text.replace("{V}", "{value: msg.value}" if value else "")
                    got = _re(GRID_08.replace("CALL", text))
                    want = {18: _expected(target, method, addr, value)}
                    if got != want:
                        wrong.append((text, got, want))
    assert wrong == []
