"""Set-5 unprotected withdrawal, selfdestruct, delegatecall, storage writes and storage pointers."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_treasury_sweep.sol",
        cls="unprotected withdrawal",
        det=["unprotected-withdrawal"],
        ver="0.8.26",
        fn="sweepTo",
        shape="0.8 treasury: sweepTo sends the whole balance to any address; the modifier sits on a different function",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

abstract contract Managed {
    address public manager;
    constructor() { manager = msg.sender; }
    modifier onlyManager() { require(msg.sender == manager, "manager"); _; }
}

contract GrantsTreasury is Managed {
    mapping(address => uint256) public grantOf;
    uint256 public committed;

    event Granted(address to, uint256 amount);
    event Swept(address to, uint256 amount);

    function grant(address to, uint256 amount) external onlyManager {
        require(committed + amount <= address(this).balance, "funds");
        grantOf[to] += amount;
        committed += amount;
        emit Granted(to, amount);
    }

    function claimGrant() external {
        uint256 a = grantOf[msg.sender];
        grantOf[msg.sender] = 0;
        committed -= a;
        payable(msg.sender).transfer(a);
    }

    function sweepTo(address payable to) external {
        uint256 free = address(this).balance - committed;
        to.transfer(free);  //@
        emit Swept(to, free);
    }

    receive() external payable {}
}
""",
        fix=[
            (
                "    function sweepTo(address payable to) external {\n",
                "    function sweepTo(address payable to) external onlyManager {\n",
            )
        ],
    ),
    dict(
        name="b5_fee_vault_token_old.sol",
        cls="unprotected withdrawal",
        det=["unprotected-withdrawal"],
        ver="0.6.12",
        fn="withdrawFees",
        shape="0.6 fee vault: withdrawFees(token, to) moves collected ERC-20 fees with no caller check",
        src=r"""
pragma solidity ^0.6.12;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() public {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

interface IERC20 {
    function balanceOf(address who) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
}

contract FeeVault is Pausable {
    address public feeAdmin;
    mapping(address => uint256) public collected;

    event FeesWithdrawn(address token, address to, uint256 amount);

    constructor() public { feeAdmin = msg.sender; }

    function record(address token, uint256 amount) external {
        collected[token] += amount;
    }

    function withdrawFees(IERC20 token, address to) external whenNotPaused {
        uint256 amount = token.balanceOf(address(this));
        collected[address(token)] = 0;
        require(token.transfer(to, amount), "push");  //@
        emit FeesWithdrawn(address(token), to, amount);
    }
}
""",
        fix=[
            (
                "        uint256 amount = token.balanceOf(address(this));\n",
                '        require(msg.sender == feeAdmin, "admin");\n        uint256 amount = token.balanceOf(address(this));\n',
            )
        ],
    ),
    dict(
        name="b5_escrow_release.vy",
        cls="unprotected withdrawal",
        det=["unprotected-withdrawal"],
        ver="0.4.3",
        fn="release",
        shape="Vyper 0.4 escrow: release pays the seller but anyone can name the beneficiary",
        src=r"""
# pragma version ^0.4.0

buyer: public(address)
seller: public(address)
arbiter: public(address)
released: public(bool)


@deploy
@payable
def __init__(s: address, a: address):
    self.buyer = msg.sender
    self.seller = s
    self.arbiter = a


@external
def release(to: address):
    assert not self.released, "released"
    self.released = True
    send(to, self.balance)  #@


@external
def refund():
    assert msg.sender == self.arbiter, "arbiter"
    assert not self.released, "released"
    self.released = True
    send(self.buyer, self.balance)
""",
        fix=[
            (
                '    assert not self.released, "released"\n    self.released = True\n    send(to, self.balance)  #@\n',
                '    assert msg.sender == self.buyer or msg.sender == self.arbiter, "auth"\n    assert not self.released, "released"\n    self.released = True\n    send(self.seller, self.balance)\n',
            )
        ],
    ),
    dict(
        name="b5_campaign_close_old.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.5.17",
        fn="close",
        shape="0.5 crowdfunding campaign: close() self-destructs to the creator; the check compares creator with itself",
        src=r"""
pragma solidity ^0.5.17;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() public {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract Campaign is Pausable {
    address payable public creator;
    uint256 public goal;
    uint256 public deadline;
    mapping(address => uint256) public pledged;

    constructor(uint256 _goal, uint256 duration) public {
        creator = msg.sender;
        goal = _goal;
        deadline = now + duration;
    }

    function pledge() external payable {
        require(now < deadline, "over");
        pledged[msg.sender] += msg.value;
    }

    function close() external whenNotPaused {
        require(creator != address(0), "creator");
        selfdestruct(creator);  //@
    }
}
""",
        fix=[
            (
                '        require(creator != address(0), "creator");\n',
                '        require(msg.sender == creator && now >= deadline && address(this).balance >= goal, "close");\n',
            )
        ],
    ),
    dict(
        name="b5_wallet_factory_kill.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.8.26",
        fn="decommission",
        shape="0.8 wallet: decommission guarded by an `initialized` flag anyone sets through a public init",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract SmartWallet is Pausable {
    address public owner;
    bool public initialized;

    event Executed(address to, uint256 value);

    function init(address _owner) external {
        require(!initialized, "init");
        initialized = true;
        owner = _owner;
    }

    function execute(address to, uint256 value, bytes calldata data) external {
        require(msg.sender == owner, "owner");
        (bool ok, ) = to.call{value: value}(data);
        require(ok, "call");
        emit Executed(to, value);
    }

    function decommission(address payable to) external whenNotPaused {
        require(initialized, "not init");
        selfdestruct(to);  //@
    }

    receive() external payable {}
}
""",
        fix=[('        require(initialized, "not init");\n', '        require(msg.sender == owner, "owner");\n')],
    ),
    dict(
        name="b5_plugin_wallet_delegate.sol",
        cls="unprotected delegatecall",
        det=["unprotected-delegatecall"],
        ver="0.8.26",
        fn="runPlugin",
        shape="0.8 plugin wallet: runPlugin delegatecalls a caller-supplied module address",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract PluginWallet {
    address public owner;
    mapping(address => bool) public approvedPlugin;

    event PluginRan(address plugin, bool ok);

    constructor() { owner = msg.sender; }

    function approvePlugin(address p, bool ok) external {
        require(msg.sender == owner, "owner");
        approvedPlugin[p] = ok;
    }

    function runPlugin(address plugin, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = plugin.delegatecall(data);  //@
        require(ok, "plugin failed");
        emit PluginRan(plugin, ok);
        return ret;
    }

    receive() external payable {}
}
""",
        fix=[
            (
                "    function runPlugin(address plugin, bytes calldata data) external returns (bytes memory) {\n",
                '    function runPlugin(address plugin, bytes calldata data) external returns (bytes memory) {\n        require(approvedPlugin[plugin], "plugin");\n',
            )
        ],
    ),
    dict(
        name="b5_upgrade_proxy_old.sol",
        cls="unprotected delegatecall",
        det=["unprotected-delegatecall", "unprotected-owner-write"],
        ver="0.4.24",
        fn="upgradeAndCall",
        shape="0.4 proxy: upgradeAndCall sets the implementation and delegatecalls it with no admin check",
        src=r"""
pragma solidity ^0.4.24;

contract SimpleProxy {
    address public implementation;
    address public admin;

    constructor(address impl) public {
        implementation = impl;
        admin = msg.sender;
    }

    function upgradeAndCall(address newImpl, bytes data) public {
        implementation = newImpl;
        require(newImpl.delegatecall(data));  //@
    }

    function () public payable {
        address impl = implementation;
        assembly {
            calldatacopy(0, 0, calldatasize)
            let r := delegatecall(gas, impl, 0, calldatasize, 0, 0)
            returndatacopy(0, 0, returndatasize)
            switch r case 0 { revert(0, returndatasize) } default { return(0, returndatasize) }
        }
    }
}
""",
        fix=[
            (
                "        implementation = newImpl;\n",
                "        require(msg.sender == admin);\n        implementation = newImpl;\n",
            )
        ],
    ),
    dict(
        name="b5_slot_registry_asm.sol",
        cls="arbitrary storage write",
        det=["arbitrary-storage-write"],
        ver="0.8.26",
        fn="setConfig",
        shape="0.8 config registry: sstore at a slot computed from a caller-supplied key without a namespace",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract ConfigRegistry is Pausable {
    address public owner;
    mapping(bytes32 => bool) public writable;

    event ConfigSet(bytes32 key, bytes32 value);

    constructor() { owner = msg.sender; }

    function allowKey(bytes32 key) external {
        require(msg.sender == owner, "owner");
        writable[key] = true;
    }

    function getConfig(bytes32 key) external view returns (bytes32 v) {
        assembly { v := sload(key) }
    }

    function setConfig(bytes32 key, bytes32 value) external whenNotPaused {
        assembly {
            sstore(key, value)  //@
        }
        emit ConfigSet(key, value);
    }
}
""",
        fix=[
            (
                "        assembly { v := sload(key) }\n",
                '        bytes32 slot = keccak256(abi.encode("config", key));\n        assembly { v := sload(slot) }\n',
            ),
            (
                "        assembly {\n            sstore(key, value)  //@\n        }\n",
                '        require(writable[key], "key");\n        bytes32 slot = keccak256(abi.encode("config", key));\n        assembly {\n            sstore(slot, value)\n        }\n',
            ),
        ],
    ),
    dict(
        name="b5_bonus_queue_length_old.sol",
        cls="arbitrary storage write",
        det=["arbitrary-storage-write", "integer-overflow"],
        ver="0.4.24",
        fn="popBonus",
        shape="0.4 bonus queue: length decremented without a check, then writes land at a caller index",
        src=r"""
pragma solidity ^0.4.24;

contract BonusQueue {
    address public owner;
    uint[] public bonuses;

    constructor() public { owner = msg.sender; }

    function pushBonus(uint amount) public {
        bonuses.push(amount);
    }

    function popBonus() public {
        bonuses.length--;  //@
    }

    function setBonus(uint index, uint amount) public {
        require(index < bonuses.length);
        bonuses[index] = amount;
    }
}
""",
        fix=[("        bonuses.length--;  //@\n", "        require(bonuses.length > 0);\n        bonuses.length--;\n")],
    ),
    dict(
        name="b5_member_signup_ptr_old.sol",
        cls="uninitialised storage",
        det=["uninitialised-storage"],
        ver="0.4.24",
        fn="signUp",
        shape="0.4 club: a struct local declared without `memory` points at slot 0 and overwrites the owner",
        src=r"""
pragma solidity ^0.4.24;

contract MembersClub {
    address public owner;
    uint public fee = 0.1 ether;

    struct Member { address addr; uint joined; }

    Member[] public members;

    constructor() public { owner = msg.sender; }

    function signUp() public payable {
        require(msg.value == fee);
        Member m;  //@
        m.addr = msg.sender;
        m.joined = now;
        members.push(m);
    }

    function collect() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
""",
        fix=[("        Member m;  //@\n", "        Member memory m;\n")],
    ),
    dict(
        name="b5_lottery_ticket_ptr_old.sol",
        cls="uninitialised storage",
        det=["uninitialised-storage"],
        ver="0.4.24",
        fn="buyTicket",
        shape="0.4 lottery: an uninitialised storage struct local overwrites the pot and round counters",
        src=r"""
pragma solidity ^0.4.24;

contract NumberLottery {
    uint public pot;
    uint public round;
    address public operator;

    struct Ticket { uint number; address player; }

    mapping(uint => Ticket[]) public ticketsOf;

    constructor() public { operator = msg.sender; }

    function buyTicket(uint number) public payable {
        require(msg.value == 0.05 ether && number < 1000);
        Ticket t;  //@
        t.number = number;
        t.player = msg.sender;
        ticketsOf[round].push(t);
        pot += msg.value;
    }

    function payout(address winner) public {
        require(msg.sender == operator);
        uint amount = pot;
        pot = 0;
        round++;
        winner.transfer(amount);
    }
}
""",
        fix=[("        Ticket t;  //@\n", "        Ticket memory t;\n")],
    ),
]
