"""Access-control cases (withdrawals, tx.origin, selfdestruct, delegatecall, owner writes) for the second blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b2_uw_fee_collector.sol",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="0.8.20",
        fn="sweep",
        shape="every admin function has onlyOwner except the ETH sweep to a chosen address",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract FeeCollector {
    address public owner;
    uint256 public feeBps = 30;
    mapping(address => bool) public integrators;

    error NotOwner();

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    constructor() {
        owner = msg.sender;
    }

    receive() external payable {}

    function setFee(uint256 bps) external onlyOwner {
        require(bps <= 100, "fee");
        feeBps = bps;
    }

    function setIntegrator(address who, bool ok) external onlyOwner {
        integrators[who] = ok;
    }

    function sweep(address payable to) external {  //@
        uint256 bal = address(this).balance;
        (bool ok, ) = to.call{value: bal}("");
        require(ok, "sweep");
    }
}
""",
        fix=[
            (
                "    function sweep(address payable to) external {  //@",
                "    function sweep(address payable to) external onlyOwner {",
            )
        ],
    ),
    dict(
        name="b2_uw_old_wallet.sol",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="0.4.24",
        fn="withdraw",
        shape="0.4 wallet: withdraw(amount) forgot the owner check that its siblings have",
        src="""
pragma solidity ^0.4.24;

contract SimpleWallet {
    address public owner;
    uint public deposits;

    modifier onlyOwner {
        require(msg.sender == owner);
        _;
    }

    function SimpleWallet() public {
        owner = msg.sender;
    }

    function() public payable {
        deposits += msg.value;
    }

    function changeOwner(address _new) public onlyOwner {
        owner = _new;
    }

    function withdraw(uint _amount) public {  //@
        require(_amount <= this.balance);
        msg.sender.transfer(_amount);
    }
}
""",
        fix=[
            (
                "    function withdraw(uint _amount) public {  //@",
                "    function withdraw(uint _amount) public onlyOwner {",
            )
        ],
    ),
    dict(
        name="b2_to_vyper_vault.vy",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.4.3",
        fn="withdraw",
        shape="Vyper 0.4: assert tx.origin == self.owner in an ETH withdrawal",
        src="""
# pragma version ^0.4.0

owner: public(address)


@deploy
def __init__():
    self.owner = msg.sender


@external
@payable
def __default__():
    pass


@external
def withdraw(to: address, amount: uint256):
    assert tx.origin == self.owner, "owner only"  #@
    send(to, amount)


@external
def set_owner(new_owner: address):
    assert msg.sender == self.owner, "owner only"
    self.owner = new_owner
""",
        fix=[
            (
                '    assert tx.origin == self.owner, "owner only"  #@',
                '    assert msg.sender == self.owner, "owner only"',
            )
        ],
    ),
    dict(
        name="b2_to_token_operator.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.7.6",
        fn="_checkOperator",
        shape="internal _checkOperator helper compares tx.origin, called from a token-moving function",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

interface IERC20 {
    function transfer(address to, uint256 value) external returns (bool);
}

contract PayrollDesk {
    address public operator;
    IERC20 public immutable usdc;

    constructor(IERC20 _usdc) {
        operator = msg.sender;
        usdc = _usdc;
    }

    function _checkOperator() internal view {
        require(tx.origin == operator, "PayrollDesk: operator");  //@
    }

    function pay(address[] calldata staff, uint256[] calldata amounts) external {
        _checkOperator();
        require(staff.length == amounts.length, "len");
        for (uint256 i = 0; i < staff.length; i++) {
            require(usdc.transfer(staff[i], amounts[i]), "transfer");
        }
    }
}
""",
        fix=[
            (
                '        require(tx.origin == operator, "PayrollDesk: operator");  //@',
                '        require(msg.sender == operator, "PayrollDesk: operator");',
            )
        ],
    ),
    dict(
        name="b2_sd_old_kill.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.4.25",
        fn="close",
        shape="0.4 betting pool: close() calls selfdestruct(owner) but nobody checks the caller",
        src="""
pragma solidity ^0.4.25;

contract CoinFlipGame {
    address public owner;
    uint public minBet = 0.01 ether;

    constructor() public payable {
        owner = msg.sender;
    }

    function setMinBet(uint _min) public {
        require(msg.sender == owner);
        minBet = _min;
    }

    mapping(address => uint) public stakes;

    function join() public payable {
        require(msg.value >= minBet);
        stakes[msg.sender] += msg.value;
    }

    function payWinner(address winner, uint amount) public {
        require(msg.sender == owner);
        winner.transfer(amount);
    }

    function close() public {
        selfdestruct(owner);  //@
    }
}
""",
        fix=[
            (
                "        selfdestruct(owner);  //@",
                "        require(msg.sender == owner);\n        selfdestruct(owner);",
            )
        ],
    ),
    dict(
        name="b2_sd_migrate.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.6.12",
        fn="retire",
        shape="retire(newHome) selfdestructs to a caller-chosen address; the guard modifier exists but is not applied",
        src="""
pragma solidity ^0.6.12;

contract DepositBox {
    address public admin;
    address public successor;
    mapping(address => uint256) public held;

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin");
        _;
    }

    constructor() public {
        admin = msg.sender;
    }

    function deposit() external payable {
        held[msg.sender] += msg.value;
    }

    function setSuccessor(address next) external onlyAdmin {
        successor = next;
    }

    function retire(address payable newHome) external {  //@
        successor = newHome;
        selfdestruct(newHome);
    }
}
""",
        fix=[
            (
                "    function retire(address payable newHome) external {  //@",
                "    function retire(address payable newHome) external onlyAdmin {",
            )
        ],
    ),
    dict(
        name="b2_dc_module_exec.sol",
        cls="delegatecall to a user target",
        det=["unprotected-delegatecall"],
        ver="0.8.20",
        fn="execModule",
        shape="smart-wallet style execModule(target, data) delegatecalls any address anyone passes",
        src="""
// SPDX-License-Identifier: LGPL-3.0
pragma solidity ^0.8.20;

contract ModularWallet {
    address public owner;
    mapping(address => bool) public enabledModules;

    event Executed(address indexed target, bool ok);

    constructor(address _owner) {
        owner = _owner;
    }

    receive() external payable {}

    function enableModule(address module) external {
        require(msg.sender == owner, "owner");
        enabledModules[module] = true;
    }

    function execute(address to, uint256 value, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == owner, "owner");
        (bool ok, bytes memory ret) = to.call{value: value}(data);
        require(ok, "exec");
        return ret;
    }

    function execModule(address target, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = target.delegatecall(data);  //@
        emit Executed(target, ok);
        require(ok, "module");
        return ret;
    }
}
""",
        fix=[
            (
                "        (bool ok, bytes memory ret) = target.delegatecall(data);  //@",
                '        require(enabledModules[target], "module off");\n        (bool ok, bytes memory ret) = target.delegatecall(data);',
            )
        ],
    ),
    dict(
        name="b2_dc_old_forward.sol",
        cls="delegatecall to a user target",
        det=["unprotected-delegatecall"],
        ver="0.4.26",
        fn="forward",
        shape="0.4 proxy-ish helper: forward(lib, data) runs lib.delegatecall(data) with no check",
        src="""
pragma solidity ^0.4.26;

contract UpgradableStore {
    address public owner;
    address public logic;
    uint256 public version;

    constructor(address _logic) public {
        owner = msg.sender;
        logic = _logic;
    }

    function upgrade(address _logic) public {
        require(msg.sender == owner);
        logic = _logic;
        version++;
    }

    function forward(address lib, bytes data) public payable returns (bool) {
        return lib.delegatecall(data);  //@
    }

    function() public payable {
        require(logic.delegatecall(msg.data));
    }
}
""",
        fix=[
            (
                "        return lib.delegatecall(data);  //@",
                "        require(msg.sender == owner && lib == logic);\n        return lib.delegatecall(data);",
            )
        ],
    ),
    dict(
        name="b2_ow_initializer.sol",
        cls="unprotected owner write / initializer",
        det=["unprotected-owner-write"],
        ver="0.8.20",
        fn="initialize",
        shape="clone-style implementation whose initialize() never checks it already ran",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 value) external returns (bool);
}

contract VestingClone {
    address public owner;
    address public beneficiary;
    IERC20 public token;
    uint64 public start;
    uint64 public duration;
    uint256 public released;
    bool public initialized;

    function initialize(address _owner, address _beneficiary, IERC20 _token, uint64 _duration) external {
        owner = _owner;  //@
        beneficiary = _beneficiary;
        token = _token;
        start = uint64(block.timestamp);
        duration = _duration;
        initialized = true;
    }

    function revoke(address to, uint256 amount) external {
        require(msg.sender == owner, "owner");
        require(token.transfer(to, amount), "transfer");
    }
}
""",
        fix=[
            (
                "        owner = _owner;  //@",
                '        require(!initialized, "initialized");\n        owner = _owner;',
            )
        ],
    ),
    dict(
        name="b2_ow_set_admin.sol",
        cls="unprotected owner write / initializer",
        det=["unprotected-owner-write"],
        ver="0.5.17",
        fn="setAdmin",
        shape="setAdmin is public and unguarded while the rest of the admin surface uses onlyAdmin",
        src="""
pragma solidity ^0.5.17;

contract Registry {
    address public admin;
    mapping(bytes32 => address) public records;

    event AdminChanged(address indexed previous, address indexed next);

    modifier onlyAdmin() {
        require(msg.sender == admin, "Registry: admin");
        _;
    }

    constructor() public {
        admin = msg.sender;
    }

    function setRecord(bytes32 name, address target) external onlyAdmin {
        records[name] = target;
    }

    function setAdmin(address next) public {
        emit AdminChanged(admin, next);
        admin = next;  //@
    }
}
""",
        fix=[
            (
                "    function setAdmin(address next) public {",
                "    function setAdmin(address next) public onlyAdmin {",
            )
        ],
    ),
    dict(
        name="b2_ow_vyper_init.vy",
        cls="unprotected owner write / initializer",
        det=["unprotected-owner-write"],
        ver="0.3.10",
        fn="initialize",
        shape="Vyper 0.3 blueprint-style initialize() sets the owner with no guard",
        src="""
# @version ^0.3.9

owner: public(address)
fee_receiver: public(address)
fee: public(uint256)


@external
def initialize(_owner: address, _fee_receiver: address):
    self.owner = _owner  #@
    self.fee_receiver = _fee_receiver
    self.fee = 30


@external
def set_fee(_fee: uint256):
    assert msg.sender == self.owner, "owner"
    assert _fee <= 100
    self.fee = _fee


@external
def sweep(_to: address):
    assert msg.sender == self.owner, "owner"
    send(_to, self.balance)
""",
        fix=[
            (
                "    self.owner = _owner  #@",
                '    assert self.owner == empty(address), "initialized"\n    self.owner = _owner',
            )
        ],
    ),
]
