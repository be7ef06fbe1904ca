"""Set-5 unprotected withdrawal, selfdestruct and delegatecall cases."""
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
]
