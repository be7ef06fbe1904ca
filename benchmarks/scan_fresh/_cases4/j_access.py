"""Set-4 access-control cases: tx.origin auth, unprotected selfdestruct, delegatecall to a caller-chosen target."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_gov_timelock.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.8.26",
        fn="cancel",
        shape="governance timelock: queue/execute check msg.sender, cancel checks tx.origin",
        src=r"""
// SPDX-License-Identifier: BSD-3-Clause
pragma solidity ^0.8.10;

contract GovTimelock {
    uint256 public constant GRACE_PERIOD = 14 days;
    uint256 public constant MIN_DELAY = 2 days;

    address public admin;
    address public pendingAdmin;
    uint256 public delay;
    mapping(bytes32 => bool) public queued;

    event Queued(bytes32 indexed id, address target, uint256 value, bytes data, uint256 eta);
    event Executed(bytes32 indexed id);
    event Cancelled(bytes32 indexed id);
    event NewAdmin(address admin);

    modifier onlyAdmin() {
        require(msg.sender == admin, "Timelock: admin");
        _;
    }

    constructor(address _admin, uint256 _delay) {
        require(_delay >= MIN_DELAY, "Timelock: delay");
        admin = _admin;
        delay = _delay;
    }

    receive() external payable {}

    function setPendingAdmin(address next) external {
        require(msg.sender == address(this), "Timelock: self");
        pendingAdmin = next;
    }

    function acceptAdmin() external {
        require(msg.sender == pendingAdmin, "Timelock: pending");
        admin = pendingAdmin;
        pendingAdmin = address(0);
        emit NewAdmin(admin);
    }

    function hashOf(address target, uint256 value, bytes memory data, uint256 eta) public pure returns (bytes32) {
        return keccak256(abi.encode(target, value, data, eta));
    }

    function queue(address target, uint256 value, bytes calldata data, uint256 eta) external onlyAdmin returns (bytes32 id) {
        require(eta >= block.timestamp + delay, "Timelock: eta");
        id = hashOf(target, value, data, eta);
        queued[id] = true;
        emit Queued(id, target, value, data, eta);
    }

    function cancel(address target, uint256 value, bytes calldata data, uint256 eta) external {
        require(tx.origin == admin, "Timelock: admin");  //@
        bytes32 id = hashOf(target, value, data, eta);
        queued[id] = false;
        emit Cancelled(id);
    }

    function execute(address target, uint256 value, bytes calldata data, uint256 eta) external payable onlyAdmin returns (bytes memory) {
        bytes32 id = hashOf(target, value, data, eta);
        require(queued[id], "Timelock: not queued");
        require(block.timestamp >= eta && block.timestamp <= eta + GRACE_PERIOD, "Timelock: window");
        queued[id] = false;
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        require(ok, "Timelock: reverted");
        emit Executed(id);
        return ret;
    }

    function setDelay(uint256 next) external {
        require(msg.sender == address(this), "Timelock: self");
        require(next >= MIN_DELAY && next <= 30 days, "Timelock: delay");
        delay = next;
    }

    function isReady(bytes32 id, uint256 eta) external view returns (bool) {
        return queued[id] && block.timestamp >= eta && block.timestamp <= eta + GRACE_PERIOD;
    }
}
""",
        fix=[
            (
                '        require(tx.origin == admin, "Timelock: admin");  //@\n',
                '        require(msg.sender == admin, "Timelock: admin");\n',
            )
        ],
    ),
    dict(
        name="b4_heir_wallet_old.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.4.25",
        fn="onlyOwner",
        shape="0.4 inheritance wallet: the owner modifier compares tx.origin",
        src=r"""
pragma solidity ^0.4.24;

contract HeirWallet {
    address public owner;
    address public heir;
    uint public lastPing;
    uint public constant TIMEOUT = 365 days;

    modifier onlyOwner() {
        require(tx.origin == owner);  //@
        _;
    }

    constructor(address _heir) public {
        owner = msg.sender;
        heir = _heir;
        lastPing = now;
    }

    function() public payable {}

    function ping() public onlyOwner {
        lastPing = now;
    }

    function send(address to, uint amount) public onlyOwner {
        lastPing = now;
        to.transfer(amount);
    }

    function setHeir(address _heir) public onlyOwner {
        heir = _heir;
    }

    function inherit() public {
        require(msg.sender == heir && now > lastPing + TIMEOUT);
        owner = heir;
        lastPing = now;
    }
}
""",
        fix=[("        require(tx.origin == owner);  //@\n", "        require(msg.sender == owner);\n")],
    ),
    dict(
        name="b4_treasury_origin.vy",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="vyper 0.4",
        fn="pay",
        shape="Vyper DAO treasury: pay asserts tx.origin is the steward",
        src=r"""
#pragma version ^0.4.0

steward: public(address)
budget: public(HashMap[address, uint256])

event Paid:
    to: indexed(address)
    amount: uint256

@deploy
def __init__():
    self.steward = msg.sender

@external
@payable
def __default__():
    pass

@external
def set_budget(team: address, amount: uint256):
    assert msg.sender == self.steward, "steward"
    self.budget[team] = amount

@external
def pay(to: address, amount: uint256):
    assert tx.origin == self.steward, "steward"  #@
    send(to, amount)
    log Paid(to=to, amount=amount)

@external
def spend(to: address, amount: uint256):
    assert self.budget[msg.sender] >= amount, "budget"
    self.budget[msg.sender] -= amount
    send(to, amount)
    log Paid(to=to, amount=amount)
""",
        fix=[
            (
                '    assert tx.origin == self.steward, "steward"  #@\n',
                '    assert msg.sender == self.steward, "steward"\n',
            )
        ],
    ),
    dict(
        name="b4_logic_v1.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.6.12",
        fn="decommission",
        shape="implementation contract with admin functions; decommission has no guard",
        src=r"""
pragma solidity ^0.6.12;

contract VaultLogicV1 {
    address public admin;
    bool public initialized;
    uint256 public feeBps;
    mapping(address => uint256) public deposits;

    event Deposit(address indexed who, uint256 amount);
    event Withdraw(address indexed who, uint256 amount);

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin");
        _;
    }

    function initialize(address _admin) external {
        require(!initialized, "init");
        initialized = true;
        admin = _admin;
        feeBps = 30;
    }

    function deposit() external payable {
        deposits[msg.sender] += msg.value;
        emit Deposit(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external {
        require(deposits[msg.sender] >= amount, "balance");
        deposits[msg.sender] -= amount;
        uint256 fee = amount * feeBps / 10000;
        msg.sender.transfer(amount - fee);
        emit Withdraw(msg.sender, amount);
    }

    function setFee(uint256 bps) external onlyAdmin {
        require(bps <= 100, "fee");
        feeBps = bps;
    }

    function skim(address payable to) external onlyAdmin {
        to.transfer(address(this).balance);
    }

    function decommission(address payable to) external {  //@
        selfdestruct(to);  //@
    }
}
""",
        fix=[
            (
                "    function decommission(address payable to) external {  //@\n",
                "    function decommission(address payable to) external onlyAdmin {\n",
            )
        ],
    ),
    dict(
        name="b4_pixel_game_old.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.4.24",
        fn="endGame",
        shape="0.4 pixel game: endGame checks only that the deadline passed, then selfdestructs",
        src=r"""
pragma solidity ^0.4.24;

contract PixelWar {
    address public creator;
    uint public deadline;
    uint public pixelPrice = 1 finney;
    mapping (uint => address) public pixelOwner;
    mapping (address => uint) public painted;

    event Painted(uint pixel, address by);

    constructor(uint duration) public {
        creator = msg.sender;
        deadline = now + duration;
    }

    function paint(uint pixel) public payable {
        require(now < deadline && pixel < 10000);
        require(msg.value == pixelPrice);
        pixelOwner[pixel] = msg.sender;
        painted[msg.sender]++;
        emit Painted(pixel, msg.sender);
    }

    function endGame() public {
        require(now >= deadline);
        selfdestruct(msg.sender);  //@
    }
}
""",
        fix=[
            (
                "        require(now >= deadline);\n        selfdestruct(msg.sender);  //@\n",
                "        require(now >= deadline);\n        require(msg.sender == creator);\n        selfdestruct(creator);\n",
            ),
        ],
    ),
    dict(
        name="b4_smart_wallet_module.sol",
        cls="delegatecall to user target",
        det=["unprotected-delegatecall"],
        ver="0.8.26",
        fn="runModule",
        shape="smart wallet: execute is owner-only and modules are allow-listed, but runModule delegatecalls any address",
        src=r"""
// SPDX-License-Identifier: LGPL-3.0
pragma solidity ^0.8.17;

contract SmartWallet {
    address public owner;
    uint256 public nonce;
    mapping(address => bool) public enabledModule;

    event ModuleEnabled(address module);
    event Executed(address target, uint256 value, bytes data);
    event ModuleRan(address module, bytes data);

    error NotOwner();
    error ModuleDisabled();
    error CallFailed(bytes reason);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    constructor(address _owner) {
        owner = _owner;
    }

    receive() external payable {}

    function enableModule(address module) external onlyOwner {
        enabledModule[module] = true;
        emit ModuleEnabled(module);
    }

    function disableModule(address module) external onlyOwner {
        enabledModule[module] = false;
    }

    function execute(address target, uint256 value, bytes calldata data) external onlyOwner returns (bytes memory) {
        nonce++;
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        if (!ok) revert CallFailed(ret);
        emit Executed(target, value, data);
        return ret;
    }

    function callModule(address module, bytes calldata data) external returns (bytes memory) {
        if (!enabledModule[module]) revert ModuleDisabled();
        (bool ok, bytes memory ret) = module.call(data);
        if (!ok) revert CallFailed(ret);
        return ret;
    }

    function runModule(address module, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = module.delegatecall(data);  //@
        if (!ok) revert CallFailed(ret);
        emit ModuleRan(module, data);
        return ret;
    }

    function transferOwnership(address next) external onlyOwner {
        require(next != address(0), "zero");
        owner = next;
    }

    function executeBatch(address[] calldata targets, uint256[] calldata values, bytes[] calldata datas) external onlyOwner {
        require(targets.length == values.length && values.length == datas.length, "shape");
        for (uint256 i; i < targets.length; ++i) {
            (bool ok, bytes memory ret) = targets[i].call{value: values[i]}(datas[i]);
            if (!ok) revert CallFailed(ret);
        }
        nonce++;
    }

    function isValidSignature(bytes32 hash, bytes calldata sig) external view returns (bytes4) {
        if (sig.length != 65) return 0xffffffff;
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}
""",
        fix=[
            (
                "    function runModule(address module, bytes calldata data) external returns (bytes memory) {\n",
                "    function runModule(address module, bytes calldata data) external onlyOwner returns (bytes memory) {\n        if (!enabledModule[module]) revert ModuleDisabled();\n",
            )
        ],
    ),
    dict(
        name="b4_batch_relayer.sol",
        cls="delegatecall to user target",
        det=["unprotected-delegatecall"],
        ver="0.5.17",
        fn="relay",
        shape="0.5 relayer holding fees: relay delegatecalls the caller's library address",
        src=r"""
pragma solidity ^0.5.17;

contract BatchRelayer {
    address public owner;
    uint256 public relayFee = 0.001 ether;
    mapping(address => uint256) public credits;

    event Relayed(address indexed user, address lib, bool ok);

    constructor() public {
        owner = msg.sender;
    }

    function topUp() external payable {
        credits[msg.sender] += msg.value;
    }

    function relay(address lib, bytes calldata payload) external {
        require(credits[msg.sender] >= relayFee, "credits");
        credits[msg.sender] -= relayFee;
        (bool ok, ) = lib.delegatecall(payload);  //@
        emit Relayed(msg.sender, lib, ok);
    }

    function withdrawFees(uint256 amount) external {
        require(msg.sender == owner, "owner");
        msg.sender.transfer(amount);
    }
}
""",
        fix=[
            (
                "    mapping(address => uint256) public credits;\n",
                '    mapping(address => uint256) public credits;\n    mapping(address => bool) public trustedLib;\n\n    function setLib(address lib, bool ok) external {\n        require(msg.sender == owner, "owner");\n        trustedLib[lib] = ok;\n    }\n',
            ),
            (
                "        (bool ok, ) = lib.delegatecall(payload);  //@\n",
                '        require(trustedLib[lib], "lib");\n        (bool ok, ) = lib.delegatecall(payload);\n',
            ),
        ],
    ),
    dict(
        name="b4_vault_hooks.vy",
        cls="delegatecall to user target",
        det=["unprotected-delegatecall"],
        ver="vyper 0.4",
        fn="run_hook",
        shape="Vyper vault: run_hook raw_calls a caller-given address with is_delegate_call=True",
        src=r"""
#pragma version ^0.4.0

owner: public(address)
shares: public(HashMap[address, uint256])
total_shares: public(uint256)

@deploy
def __init__():
    self.owner = msg.sender

@external
@payable
def deposit():
    self.shares[msg.sender] += msg.value
    self.total_shares += msg.value

@external
def withdraw(amount: uint256):
    self.shares[msg.sender] -= amount
    self.total_shares -= amount
    send(msg.sender, amount)

@external
def run_hook(hook: address, data: Bytes[1024]):
    ret: Bytes[32] = raw_call(hook, data, max_outsize=32, is_delegate_call=True)  #@
""",
        fix=[
            (
                "def run_hook(hook: address, data: Bytes[1024]):\n",
                "def run_hook(hook: address, data: Bytes[1024]):\n    assert msg.sender == self.owner\n",
            ),
        ],
    ),
]
