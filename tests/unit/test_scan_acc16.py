"""Round 16 (issue #15): access-control precision on audited code (src/nexus/scan/detectors/access.py,
_ownrow.py). A caller writing its own row of a per-owner approval mapping (`operators[msg.sender][op] =
ok`, directly or through an internal writer bound to `msg.sender`) while every caller check reads the
mapping at another row (`isApprovedForAll(from, msg.sender)`) grants the caller nothing: quiet. The
vulnerable twins (`admins[msg.sender] = true` checked at the caller's own row) stay high/medium.
Own twins in Solidity 0.4 and 0.8 (and Vyper)."""

from __future__ import annotations

from nexus.scan import scan_source

APPROVALS_08 = """pragma solidity ^0.8.20;
contract Token {
    mapping(address => mapping(address => bool)) internal operators;
    mapping(uint256 => address) public ownerOf;
    function isApprovedForAll(address _owner, address _operator) public view returns (bool) {
        return operators[_owner][_operator];
    }
    function setApprovalForAll(address op, bool ok) external {
        %s
    }
    function _set(address owner, address op, bool ok) internal {
        require(owner != op);
        operators[owner][op] = ok;
    }
    function transferFrom(address from, address to, uint256 id) external {
        require(msg.sender == from || isApprovedForAll(from, msg.sender), "not allowed");
        require(ownerOf[id] == from);
        ownerOf[id] = to;
    }
}
"""
DIRECT = "operators[msg.sender][op] = ok;"
HELPER = "_set(msg.sender, op, ok);"

ROLES_08 = """pragma solidity ^0.8.20;
contract Roles {
    mapping(address => bool) public admins;
    function isAdmin(address who) public view returns (bool) { return admins[who]; }
    function claim() external {
        %s
    }
    function _grant(address who) internal { admins[who] = true; }
    function sweep(address payable to) external {
        require(admins[msg.sender]);
        to.transfer(address(this).balance);
    }
}
"""

APPROVALS_04 = """pragma solidity ^0.4.24;
contract Token {
    mapping(address => mapping(address => bool)) operators;
    mapping(uint256 => address) public ownerOf;
    function setApprovalForAll(address op, bool ok) public {
        operators[msg.sender][op] = ok;
    }
    function isApprovedForAll(address o, address op) public view returns (bool) { return operators[o][op]; }
    function transferFrom(address from, address to, uint256 id) public {
        require(msg.sender == from || isApprovedForAll(from, msg.sender));
        require(ownerOf[id] == from);
        ownerOf[id] = to;
    }
}
"""
ADMINS_04 = """pragma solidity ^0.4.24;
contract Club {
    mapping(address => bool) admins;
    function join() public {
        admins[msg.sender] = true;
    }
    function sweep(address to) public {
        require(admins[msg.sender]);
        to.transfer(this.balance);
    }
}
"""

TRANSFEROR_08 = """pragma solidity ^0.8.20;
contract Lane {
    struct Transferor { address addr; uint64 fixedUntil; }
    mapping(address => Transferor) public transferorOf;
    mapping(uint64 => address) public controller;
    uint64 public round;
    function setTransferor(Transferor calldata t) external {
        Transferor storage cur = transferorOf[msg.sender];
        if (cur.addr != address(0) && cur.fixedUntil > round) revert();
        transferorOf[msg.sender] = t;
    }
    function transfer(uint64 r, address next) external {
        address elc = controller[r];
        address transferor = transferorOf[elc].addr;
        if (transferor != address(0)) {
            if (transferor != msg.sender) revert();
        } else if (elc != msg.sender) {
            revert();
        }
        controller[r] = next;
    }
}
"""

APPROVALS_VY = """
operators: HashMap[address, HashMap[address, bool]]
owner_of: HashMap[uint256, address]

@external
def setApprovalForAll(op: address, ok: bool):
    self.operators[msg.sender][op] = ok

@internal
@view
def _approved(o: address, op: address) -> bool:
    return self.operators[o][op]

@external
def transferFrom(sender: address, to: address, id: uint256):
    assert msg.sender == sender or self._approved(sender, msg.sender)
    assert self.owner_of[id] == sender
    self.owner_of[id] = to
"""
ROLES_VY = """
admins: HashMap[address, bool]

@external
def join():
    self.admins[msg.sender] = True

@external
def sweep(to: address):
    assert self.admins[msg.sender]
    send(to, self.balance)
"""


def _ow(src: str, name: str = "c.sol") -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, name) if f.detector == "unprotected-owner-write"]


def test_own_approval_row_is_quiet_08() -> None:
    assert _ow(APPROVALS_08 % DIRECT) == []


def test_own_approval_row_through_internal_writer_is_quiet_08() -> None:
    assert _ow(APPROVALS_08 % HELPER) == []


def test_internal_writer_bound_to_a_parameter_stays_08() -> None:
    src = APPROVALS_08.replace(
        "function setApprovalForAll(address op", "function setApprovalForAll(address who, address op"
    )
    assert _ow(src % "_set(who, op, ok);") == [("high", "medium")]


def test_row_written_for_anyone_stays_08() -> None:
    src = APPROVALS_08.replace(
        "function setApprovalForAll(address op", "function setApprovalForAll(address who, address op"
    )
    assert _ow(src % "operators[who][op] = ok;") == [("high", "medium")]


def test_caller_keyed_role_stays_08() -> None:
    assert _ow(ROLES_08 % "admins[msg.sender] = true;") == [("high", "medium")]
    assert _ow(ROLES_08 % "_grant(msg.sender);") == [("high", "medium")]


def test_own_approval_row_is_quiet_04() -> None:
    assert _ow(APPROVALS_04) == []


def test_caller_keyed_admin_stays_04() -> None:
    assert _ow(ADMINS_04) == [("high", "medium")]


def test_own_transferor_row_is_quiet_08() -> None:
    assert _ow(TRANSFEROR_08) == []


def test_transferor_checked_at_caller_row_stays_08() -> None:
    src = TRANSFEROR_08.replace(
        "address transferor = transferorOf[elc].addr;", "address transferor = transferorOf[msg.sender].addr;"
    )
    assert _ow(src) == [("high", "medium")]


def test_vyper_own_row_quiet_and_caller_keyed_stays() -> None:
    assert _ow(APPROVALS_VY, "c.vy") == []
    assert _ow(ROLES_VY, "c.vy") == [("high", "medium")]


# Two authorities checked by nested ifs (`if (msg.sender != a) { o = a.owner(); if (msg.sender != o) revert(); }`):
# after the outer if, the caller is `a` or `a`'s owner.
NESTED_08 = """pragma solidity ^0.8.20;
interface IOwnable { function owner() external view returns (address); }
contract Bridge {
    IOwnable public rollup;
    modifier onlyRollupOrOwner() {
        if (msg.sender != address(rollup)) {
            address rollupOwner = rollup.owner();
            if (%s) {
                revert();
            }
        }
        _;
    }
    function updateRollupAddress(IOwnable r) external onlyRollupOrOwner {
        rollup = r;
    }
}
"""
NESTED_04 = """pragma solidity ^0.4.24;
contract Bridge {
    address public rollup;
    address public admin;
    function updateRollup(address r) public {
        if (msg.sender != rollup) {
            if (%s) throw;
        }
        rollup = r;
    }
    function setAdmin(address a) public {
        require(msg.sender == admin);
        admin = a;
    }
}
"""


def test_nested_two_authority_guard_is_quiet_08() -> None:
    assert _ow(NESTED_08 % "msg.sender != rollupOwner") == []


def test_nested_guard_not_about_the_caller_stays_08() -> None:
    assert _ow(NESTED_08 % "rollupOwner == address(0)") == [("high", "medium")]


def test_nested_two_authority_guard_is_quiet_04() -> None:
    assert _ow(NESTED_04 % "msg.sender != admin") == []


def test_nested_guard_not_about_the_caller_stays_04() -> None:
    assert _ow(NESTED_04 % "r == address(0)") == [("high", "medium")]


# A record anyone may register once per key, whose only caller check sits in a public view (it guards no change).
REGISTRY_08 = """pragma solidity ^0.8.20;
contract Library {
    mapping(address => bytes32) transformed;
    uint256 public uses;
    function setTransformed(address product, bytes32 id) public {
        require(id != "");
        require(transformed[product] == "");
        transformed[product] = id;
    }
    function transform(bytes32 id) public %s returns (bytes32) {
        require(transformed[msg.sender] != "", "no transformation");
        %s
        return transformed[msg.sender];
    }
}
"""
REGISTRY_04 = """pragma solidity ^0.4.24;
contract Library {
    mapping(address => uint256) level;
    uint256 public uses;
    function setLevel(address product, uint256 l) public {
        require(level[product] == 0);
        level[product] = l;
    }
    function transform(uint256 x) public %s returns (uint256) {
        require(level[msg.sender] > 0 && level[msg.sender] != 0);
        %s
        return x * level[msg.sender];
    }
}
"""


def test_check_only_in_a_view_is_no_authority_08() -> None:
    assert _ow(REGISTRY_08 % ("view", "")) == []


def test_check_guarding_a_state_change_stays_08() -> None:
    assert _ow(REGISTRY_08 % ("", "uses += 1;")) == [("high", "medium")]


def test_check_only_in_a_view_is_no_authority_04() -> None:
    assert _ow(REGISTRY_04 % ("view", "")) == []


def test_check_guarding_a_state_change_stays_04() -> None:
    assert _ow(REGISTRY_04 % ("", "uses += 1;")) == [("high", "medium")]


# Anyone may refresh a cached authority from a registry the deployment stored; the caller picks nothing.
SYNC_08 = """pragma solidity ^0.8.20;
interface IFinder { function getImplementationAddress(bytes32 name) external view returns (address); }
contract Governor {
    bytes32 constant ORACLE = "Oracle";
    IFinder public finder;
    address public oracle;
    constructor(IFinder f) { finder = f; }
    function sync(%s) external {
        _sync(%s);
    }
    function _sync(%s) internal {
        address next = finder.getImplementationAddress(%s);
        if (next != oracle) oracle = next;
    }
    function settle(bytes32 id) external {
        require(msg.sender == oracle);
    }
}
"""
SYNC_04 = """pragma solidity ^0.4.24;
contract Finder { function lookup(bytes32 name) public view returns (address); }
contract Governor {
    Finder public finder;
    address public oracle;
    function Governor(Finder f) public { finder = f; }
    function sync(%s) public {
        oracle = finder.lookup(%s);
    }
    function settle() public {
        require(msg.sender == oracle);
    }
}
"""


def _ow_msg(src: str) -> list[tuple[str, str, str]]:
    return [
        (f.severity, f.confidence, f.message)
        for f in scan_source(src, "c.sol")
        if f.detector == "unprotected-owner-write"
    ]


def test_registry_sync_is_a_low_note_08() -> None:
    got = _ow_msg(SYNC_08 % ("", "", "", "ORACLE"))
    assert [(s, c) for s, c, _ in got] == [("low", "low")]
    assert "registry" in got[0][2]


def test_registry_lookup_by_caller_choice_stays_08() -> None:
    assert _ow(SYNC_08 % ("bytes32 name", "name", "bytes32 name", "name")) == [("high", "medium")]


def test_registry_sync_is_a_low_note_04() -> None:
    assert _ow(SYNC_04 % ("", '"Oracle"')) == [("low", "low")]


def test_registry_lookup_by_caller_choice_stays_04() -> None:
    assert _ow(SYNC_04 % ("bytes32 name", "name")) == [("high", "medium")]


# An EOA test on a local holding the caller that the branch then re-points (`sender = alias(sender)`):
# where the condition reads it, the local is still the caller.
EOA_08 = """pragma solidity ^0.8.20;
contract Gateway {
    address public owner;
    event Sent(address who);
    function _msgSender() internal view returns (address) { return msg.sender; }
    function alias_(address a) internal pure returns (address) { return address(uint160(a) + 1); }
    function send() external {
        address sender = %s;
        if (sender != tx.origin) {
            sender = alias_(sender);
        }
        emit Sent(sender);
    }
}
"""
EOA_04 = """pragma solidity ^0.4.24;
contract Gateway {
    address public owner;
    event Sent(address who);
    function send() public {
        address sender = %s;
        if (sender != tx.origin) {
            sender = address(uint160(sender) + 1);
        }
        Sent(sender);
    }
}
"""


def _origin(src: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "tx-origin"]


def test_eoa_check_on_a_later_repointed_caller_local_is_quiet_08() -> None:
    assert _origin(EOA_08 % "_msgSender()") == []


def test_origin_compared_with_the_owner_stays_08() -> None:
    assert _origin(EOA_08 % "owner") == [("high", "high")]


def test_eoa_check_on_a_later_repointed_caller_local_is_quiet_04() -> None:
    assert _origin(EOA_04 % "msg.sender") == []


def test_origin_compared_with_the_owner_stays_04() -> None:
    assert _origin(EOA_04 % "owner") == [("high", "high")]


# A stake amount set only by a one-shot imported `initializer` is fixed for the contract's life.
STAKE_08 = """pragma solidity ^0.8.20;
import "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
interface IERC20 { function transferFrom(address from, address to, uint256 amount) external returns (bool); }
contract Challenges is Initializable {
    IERC20 public stakeToken;
    uint256[] public stakeAmounts;
    mapping(uint256 => address) public stakers;
    uint256 public count;
    function initialize(IERC20 t, uint256[] calldata amounts) public %s {
        stakeToken = t;
        stakeAmounts = amounts;
    }
    function stake(uint256 level) external {
        uint256 sa = stakeAmounts[level];
        stakers[count++] = msg.sender;
        require(stakeToken.transferFrom(msg.sender, address(this), sa));
    }
}
"""
STAKE_05 = """pragma solidity ^0.5.0;
import "./Initializable.sol";
contract IERC20 { function transferFrom(address from, address to, uint256 amount) public returns (bool); }
contract Challenges is Initializable {
    IERC20 public stakeToken;
    uint256 public stakeAmount;
    mapping(uint256 => address) public stakers;
    uint256 public count;
    function initialize(IERC20 t, uint256 amount) public %s {
        stakeToken = t;
        stakeAmount = amount;
    }
    function stake() public {
        stakers[count++] = msg.sender;
        require(stakeToken.transferFrom(msg.sender, address(this), stakeAmount));
    }
}
"""


def _race(src: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "price-change-race"]


def test_term_set_by_a_one_shot_initializer_is_fixed_08() -> None:
    assert _race(STAKE_08 % "initializer") == []


def test_term_anyone_can_reset_stays_08() -> None:
    assert _race(STAKE_08 % "") == [("medium", "medium")]


def test_term_set_by_a_one_shot_initializer_is_fixed_05() -> None:
    assert _race(STAKE_05 % "initializer") == []


def test_term_anyone_can_reset_stays_05() -> None:
    assert _race(STAKE_05 % "") == [("medium", "medium")]


# A refund of what is left of the caller's own payment (`msg.value - fee`) is no withdrawal.
REFUND_08 = """pragma solidity ^0.8.20;
contract Deployer {
    uint256 public fee = 1 ether;
    event Deployed(address a);
    function deploy(bytes calldata code) external payable returns (address a) {
        a = address(uint160(uint256(keccak256(code))));
        uint256 bal = %s;
        if (bal != 0) {
            (bool sent, ) = payable(msg.sender).call{value: bal}("");
            require(sent);
        }
        emit Deployed(a);
    }
}
"""
REFUND_04 = """pragma solidity ^0.4.24;
contract Deployer {
    uint256 public fee = 1 ether;
    function deploy(uint256 n) public payable {
        uint256 bal = %s;
        if (n > 0) {
            msg.sender.transfer(bal);
        }
    }
}
"""


def _wd(src: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "unprotected-withdrawal"]


def test_refund_of_the_callers_own_payment_is_quiet_08() -> None:
    assert _wd(REFUND_08 % "msg.value - fee") == []


def test_whole_balance_to_the_caller_stays_08() -> None:
    assert _wd(REFUND_08 % "address(this).balance") == [("high", "medium")]


def test_refund_of_the_callers_own_payment_is_quiet_04() -> None:
    assert _wd(REFUND_04 % "msg.value - fee") == []


def test_whole_balance_to_the_caller_stays_04() -> None:
    assert _wd(REFUND_04 % "this.balance") == [("high", "medium")]


# A signature that only proves the caller holds its key (the signer must be msg.sender): replaying it is
# the signer acting again, with nothing anyone else gains.
EOA_SIG_08 = """pragma solidity ^0.8.20;
contract Voting {
    bytes32 public constant SNAPSHOT = keccak256("snapshot");
    address public signerKey;
    uint256 public snapshots;
    function snapshot(uint8 v, bytes32 r, bytes32 s) external {
        address who = ecrecover(SNAPSHOT, v, r, s);
        require(who == %s, "signature must match");
        snapshots += 1;
    }
}
"""
EOA_SIG_04 = """pragma solidity ^0.4.24;
contract Voting {
    bytes32 public constant SNAPSHOT = keccak256("snapshot");
    address public signerKey;
    uint256 public snapshots;
    function snapshot(uint8 v, bytes32 r, bytes32 s) public {
        require(ecrecover(SNAPSHOT, v, r, s) == %s);
        snapshots += 1;
    }
}
"""


def _replay(src: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "signature-replay"]


def test_signer_that_must_be_the_caller_is_quiet_08() -> None:
    assert _replay(EOA_SIG_08 % "msg.sender") == []


def test_signer_that_is_a_stored_key_stays_08() -> None:
    assert _replay(EOA_SIG_08 % "signerKey") == [("high", "medium")]


def test_signer_that_must_be_the_caller_is_quiet_04() -> None:
    assert _replay(EOA_SIG_04 % "msg.sender") == []


def test_signer_that_is_a_stored_key_stays_04() -> None:
    assert _replay(EOA_SIG_04 % "signerKey") == [("high", "medium")]


# A loop over a list only the constructor fills: nobody can grow it to block the calls.
DICTATOR_08 = """pragma solidity ^0.8.20;
interface IManager { function setAddress(string calldata n, address a) external; }
contract Dictator {
    struct Named { string name; address addr; }
    IManager public manager;
    Named[] named;
    constructor(IManager m, string[] memory names, address[] memory addrs) {
        manager = m;
        for (uint256 i = 0; i < names.length; i++) named.push(Named(names[i], addrs[i]));
    }
    function setAddresses() external {
        for (uint256 i = 0; i < named.length; i++) {
            manager.setAddress(named[i].name, named[i].addr);
        }
    }
    %s
}
"""
GROW_08 = "function add(string calldata n, address a) external { named.push(Named(n, a)); }"
DICTATOR_04 = """pragma solidity ^0.4.24;
contract Manager { function setAddress(bytes32 n, address a) public; }
contract Dictator {
    Manager public manager;
    bytes32[] names;
    address[] addrs;
    function Dictator(Manager m, bytes32[] ns, address[] as_) public {
        manager = m;
        for (uint256 i = 0; i < ns.length; i++) { names.push(ns[i]); addrs.push(as_[i]); }
    }
    function setAddresses() public {
        for (uint256 i = 0; i < names.length; i++) {
            manager.setAddress(names[i], addrs[i]);
        }
    }
    %s
}
"""
GROW_04 = "function add(bytes32 n, address a) public { names.push(n); addrs.push(a); }"


def _loop(src: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "call-in-loop"]


def test_loop_over_a_constructor_filled_list_is_a_low_note_08() -> None:
    assert _loop(DICTATOR_08 % "") == [("low", "low")]


def test_loop_over_a_list_anyone_grows_stays_08() -> None:
    assert _loop(DICTATOR_08 % GROW_08) == [("medium", "medium")]


def test_loop_over_a_constructor_filled_list_is_a_low_note_04() -> None:
    assert _loop(DICTATOR_04 % "") == [("low", "low")]


def test_loop_over_a_list_anyone_grows_stays_04() -> None:
    assert _loop(DICTATOR_04 % GROW_04) == [("medium", "medium")]


def test_constructor_filled_list_of_recipients_stays_04() -> None:
    src = """pragma solidity 0.4.24;
contract Refunder {
    address[] private refundAddresses;
    mapping (address => uint) public refunds;
    constructor() public { refundAddresses.push(0x79B483371E87d664cd39491b5F06250165e4b184); }
    function refundAll() public {
        for (uint x; x < refundAddresses.length; x++) {
            require(refundAddresses[x].send(refunds[refundAddresses[x]]));
        }
    }
}
"""
    assert _loop(src) == [("medium", "medium")]
