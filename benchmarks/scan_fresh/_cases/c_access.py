"""Access-control cases (tx.origin, selfdestruct, delegatecall, owner writes, withdrawals) for the fresh set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="to_family_wallet.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.5.17",
        fn="pay",
        shape="require(tx.origin == owner) in a payment function",
        src="""
pragma solidity ^0.5.17;

contract FamilyWallet {
    address public owner;

    constructor() public payable {
        owner = msg.sender;
    }

    function () external payable {}

    function pay(address payable to, uint256 amount) external {
        require(tx.origin == owner, "owner only");  //@
        to.transfer(amount);
    }
}
""",
        fix=[
            (
                '        require(tx.origin == owner, "owner only");  //@',
                '        require(msg.sender == owner, "owner only");',
            )
        ],
    ),
    dict(
        name="to_treasury_modifier.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.8.19",
        fn="onlyCouncil",
        shape="tx.origin inside a modifier guarding grants",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract DaoTreasury {
    address public council;
    IERC20 public immutable token;

    event Grant(address indexed to, uint256 amount);

    constructor(IERC20 _token) {
        council = msg.sender;
        token = _token;
    }

    modifier onlyCouncil() {
        require(tx.origin == council, "council");  //@
        _;
    }

    function grant(address to, uint256 amount) external onlyCouncil {
        require(token.transfer(to, amount), "transfer");
        emit Grant(to, amount);
    }

    function setCouncil(address next) external onlyCouncil {
        council = next;
    }
}
""",
        fix=[
            (
                '        require(tx.origin == council, "council");  //@',
                '        require(msg.sender == council, "council");',
            )
        ],
    ),
    dict(
        name="to_vyper_vault.vy",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="vyper 0.3.10",
        fn="sweep",
        shape="Vyper assert tx.origin == owner",
        src="""
# @version ^0.3.10

owner: public(address)

@external
def __init__():
    self.owner = msg.sender

@external
@payable
def __default__():
    pass

@external
def sweep(to: address):
    assert tx.origin == self.owner, "owner"  #@
    send(to, self.balance)
""",
        fix=[('    assert tx.origin == self.owner, "owner"  #@', '    assert msg.sender == self.owner, "owner"')],
    ),
    dict(
        name="sd_deposit_box.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.6.12",
        fn="close",
        shape="close() lacks the onlyOwner its siblings have",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract DepositBox {
    address payable public owner;
    uint256 public fee = 0.01 ether;

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }

    constructor() public {
        owner = msg.sender;
    }

    function store() external payable {
        require(msg.value >= fee, "fee");
    }

    function setFee(uint256 f) external onlyOwner {
        fee = f;
    }

    function close() external {  //@
        selfdestruct(owner);  //@
    }
}
""",
        fix=[("    function close() external {  //@", "    function close() external onlyOwner {")],
    ),
    dict(
        name="sd_coin_flip.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.4.24",
        fn="shutdown",
        shape="public shutdown that self-destructs to the caller",
        src="""
pragma solidity ^0.4.24;

contract CoinFlipHouse {
    address public house;
    uint256 public minBet = 0.01 ether;

    constructor() public payable {
        house = msg.sender;
    }

    function fund() public payable {}

    function setMinBet(uint256 v) public {
        require(msg.sender == house);
        minBet = v;
    }

    function shutdown() public {
        selfdestruct(msg.sender);  //@
    }
}
""",
        fix=[
            (
                "        selfdestruct(msg.sender);  //@",
                "        require(msg.sender == house);\n        selfdestruct(house);",
            )
        ],
    ),
    dict(
        name="sd_vyper_pool.vy",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="vyper 0.3.7",
        fn="retire",
        shape="Vyper selfdestruct with no caller check",
        src="""
# @version 0.3.7

admin: public(address)
deposits: public(HashMap[address, uint256])

@external
def __init__():
    self.admin = msg.sender

@external
@payable
def join():
    self.deposits[msg.sender] += msg.value

@external
def retire():
    selfdestruct(self.admin)  #@
""",
        fix=[("    selfdestruct(self.admin)  #@", "    assert msg.sender == self.admin\n    selfdestruct(self.admin)")],
    ),
    dict(
        name="dc_plugin_wallet.sol",
        cls="unprotected delegatecall",
        det=["unprotected-delegatecall"],
        ver="0.8.21",
        fn="runPlugin",
        shape="caller-chosen plugin delegatecalled without an owner check",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract PluginWallet {
    address public owner;
    mapping(address => bool) public trustedPlugin;

    constructor() {
        owner = msg.sender;
    }

    receive() external payable {}

    function trust(address plugin, bool yes) external {
        require(msg.sender == owner, "owner");
        trustedPlugin[plugin] = yes;
    }

    function runPlugin(address plugin, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = plugin.delegatecall(data);  //@
        require(ok, "plugin failed");
        return ret;
    }
}
""",
        fix=[
            (
                "    function runPlugin(address plugin, bytes calldata data) external returns (bytes memory) {\n",
                "    function runPlugin(address plugin, bytes calldata data) external returns (bytes memory) {\n"
                '        require(msg.sender == owner && trustedPlugin[plugin], "untrusted");\n',
            )
        ],
    ),
    dict(
        name="dc_library_forwarder.sol",
        cls="unprotected delegatecall",
        det=["unprotected-delegatecall"],
        ver="0.4.24",
        fn="forward",
        shape="0.4 forward(address, bytes) delegatecall open to anyone",
        src="""
pragma solidity ^0.4.24;

contract UpgradableRegistry {
    address public owner;
    address public logic;
    mapping(bytes32 => address) public records;

    constructor(address _logic) public {
        owner = msg.sender;
        logic = _logic;
    }

    function setLogic(address _logic) public {
        require(msg.sender == owner);
        logic = _logic;
    }

    function forward(address target, bytes data) public returns (bool) {
        return target.delegatecall(data);  //@
    }
}
""",
        fix=[
            (
                "        return target.delegatecall(data);  //@",
                "        require(msg.sender == owner && target == logic);\n        return target.delegatecall(data);",
            )
        ],
    ),
    dict(
        name="ow_proxy_initializer.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.8.20",
        fn="initialize",
        shape="initializer without an initialized flag, callable again",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract FeeCollectorImpl {
    address public admin;
    uint256 public feeBps;
    mapping(address => uint256) public collected;

    function initialize(address _admin, uint256 _feeBps) external {
        admin = _admin;  //@
        feeBps = _feeBps;
    }

    function collect() external payable {
        collected[msg.sender] += (msg.value * feeBps) / 10000;
    }

    function withdraw(address payable to) external {
        require(msg.sender == admin, "admin");
        to.transfer(address(this).balance);
    }
}
""",
        fix=[
            ("    uint256 public feeBps;\n", "    uint256 public feeBps;\n    bool private initialized;\n"),
            (
                "        admin = _admin;  //@",
                '        require(!initialized, "initialized");\n        initialized = true;\n        admin = _admin;',
            ),
        ],
    ),
    dict(
        name="ow_misnamed_ctor.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.4.24",
        fn="CharityFnd",
        shape="old-style constructor whose name does not match the contract",
        src="""
pragma solidity ^0.4.24;

contract CharityFund {
    address public trustee;
    uint256 public raised;

    function CharityFnd() public {  //@
        trustee = msg.sender;  //@
    }

    function donate() public payable {
        raised += msg.value;
    }

    function disburse(address to, uint256 amount) public {
        require(msg.sender == trustee);
        to.transfer(amount);
    }
}
""",
        fix=[
            (
                """    function CharityFnd() public {  //@
        trustee = msg.sender;  //@""",
                """    constructor() public {
        trustee = msg.sender;""",
            )
        ],
    ),
    dict(
        name="ow_change_operator.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.6.12",
        fn="setOperator",
        shape="operator setter missing its modifier",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract OracleFeed {
    address public operator;
    int256 public latestAnswer;
    uint256 public updatedAt;

    modifier onlyOperator() {
        require(msg.sender == operator, "operator");
        _;
    }

    constructor() public {
        operator = msg.sender;
    }

    function push(int256 answer) external onlyOperator {
        latestAnswer = answer;
        updatedAt = block.timestamp;
    }

    function setOperator(address next) external {
        operator = next;  //@
    }
}
""",
        fix=[
            (
                "    function setOperator(address next) external {",
                "    function setOperator(address next) external onlyOperator {",
            )
        ],
    ),
    dict(
        name="aw_crowdfund_drain.sol",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="0.5.17",
        fn="collect",
        shape="collect() sends the whole balance to whoever calls",
        src="""
pragma solidity ^0.5.17;

contract Crowdfund {
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

    function collect() external {
        require(now >= deadline, "running");
        require(address(this).balance >= goal, "goal");
        msg.sender.transfer(address(this).balance);  //@
    }
}
""",
        fix=[
            (
                "        msg.sender.transfer(address(this).balance);  //@",
                '        require(msg.sender == creator, "creator");\n        creator.transfer(address(this).balance);',
            )
        ],
    ),
    dict(
        name="aw_fee_sweeper.sol",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="0.8.23",
        fn="sweepFees",
        shape="fee sweep via call{value} to msg.sender with no role check",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.23;

contract SwapFeeVault {
    address public immutable treasury;
    uint256 public totalFees;

    constructor(address _treasury) {
        treasury = _treasury;
    }

    function chargeFee() external payable {
        totalFees += msg.value;
    }

    function sweepFees() external {
        uint256 amount = address(this).balance;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");  //@
        require(ok, "sweep");
    }
}
""",
        fix=[
            (
                "    function sweepFees() external {\n",
                '    function sweepFees() external {\n        require(msg.sender == treasury, "treasury");\n',
            )
        ],
    ),
    dict(
        name="aw_vyper_tipjar.vy",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="vyper 0.3.10",
        fn="cash_out",
        shape="Vyper send(msg.sender, self.balance) open to all",
        src="""
# @version ^0.3.10

creator: public(address)
tips: public(uint256)

@external
def __init__():
    self.creator = msg.sender

@external
@payable
def tip():
    self.tips += msg.value

@external
def cash_out():
    send(msg.sender, self.balance)  #@
""",
        fix=[
            (
                "    send(msg.sender, self.balance)  #@",
                "    assert msg.sender == self.creator\n    send(self.creator, self.balance)",
            )
        ],
    ),
]
