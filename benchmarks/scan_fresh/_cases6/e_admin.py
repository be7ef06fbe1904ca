"""Set-6 selfdestruct, delegatecall, owner-write and initializer cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_wallet_library_kill.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.4.24",
        fn="destroy",
        shape="0.4 shared wallet library: destroy() checks a require on a constant-true flag only; owners array set in initWallet",
        src=r"""
pragma solidity ^0.4.24;

contract WalletLibrary {
    address[] public owners;
    mapping(address => bool) public isOwner;
    uint256 public required;
    uint256 public dailyLimit;
    uint256 public spentToday;
    uint256 public lastDay;
    bool public initialised;

    event Deposit(address from, uint256 value);
    event SingleTransact(address owner, uint256 value, address to);

    modifier onlyOwner() {
        require(isOwner[msg.sender]);
        _;
    }

    function initWallet(address[] _owners, uint256 _required, uint256 _daylimit) public {
        require(!initialised);
        initialised = true;
        for (uint256 i = 0; i < _owners.length; i++) {
            owners.push(_owners[i]);
            isOwner[_owners[i]] = true;
        }
        required = _required;
        dailyLimit = _daylimit;
        lastDay = now / 1 days;
    }

    function() public payable {
        if (msg.value > 0) emit Deposit(msg.sender, msg.value);
    }

    function underLimit(uint256 value) internal returns (bool) {
        if (now / 1 days > lastDay) {
            spentToday = 0;
            lastDay = now / 1 days;
        }
        if (spentToday + value >= spentToday && spentToday + value <= dailyLimit) {
            spentToday += value;
            return true;
        }
        return false;
    }

    function execute(address to, uint256 value) public onlyOwner {
        require(underLimit(value));
        to.transfer(value);
        emit SingleTransact(msg.sender, value, to);
    }

    function destroy(address to) public {
        require(initialised);
        selfdestruct(to);  //@
    }
}
""",
        fix=[("    function destroy(address to) public {\n", "    function destroy(address to) public onlyOwner {\n")],
    ),
    dict(
        name="b6_batch_executor_delegate.sol",
        cls="unprotected delegatecall",
        det=["unprotected-delegatecall"],
        ver="0.8.26",
        fn="multicallVia",
        shape="0.8 smart account: multicallVia delegatecalls a caller-chosen module; execute() is owner-only and uses plain call",
        src=r"""
// SPDX-License-Identifier: LGPL-3.0
pragma solidity ^0.8.26;

contract SmartAccount {
    address public owner;
    uint256 public nonce;
    mapping(address => bool) public trustedModule;

    error Unauthorized();
    error CallFailed(uint256 index, bytes reason);

    event ModuleSet(address module, bool trusted);
    event Executed(address target, uint256 value, bytes data);

    constructor(address o) { owner = o; }

    modifier onlyOwner() {
        if (msg.sender != owner && msg.sender != address(this)) revert Unauthorized();
        _;
    }

    receive() external payable {}

    function setModule(address m, bool t) external onlyOwner {
        trustedModule[m] = t;
        emit ModuleSet(m, t);
    }

    function execute(address target, uint256 value, bytes calldata data) external onlyOwner returns (bytes memory) {
        nonce++;
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        if (!ok) revert CallFailed(0, ret);
        emit Executed(target, value, data);
        return ret;
    }

    function multicallVia(address module, bytes[] calldata calls) external returns (bytes[] memory results) {
        results = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) {
            (bool ok, bytes memory ret) = module.delegatecall(calls[i]);  //@
            if (!ok) revert CallFailed(i, ret);
            results[i] = ret;
        }
    }

    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        return 0xffffffff;
    }
}
""",
        fix=[
            (
                "    function multicallVia(address module, bytes[] calldata calls) external returns (bytes[] memory results) {\n",
                '    function multicallVia(address module, bytes[] calldata calls) external returns (bytes[] memory results) {\n        require(trustedModule[module], "module");\n',
            )
        ],
    ),
    dict(
        name="b6_proxy_upgrade_delegate.sol",
        cls="unprotected delegatecall",
        det=["unprotected-delegatecall", "unprotected-owner-write"],
        ver="0.7.6",
        fn="upgradeToAndCall",
        shape="0.7 transparent-ish proxy: upgradeToAndCall sets the implementation slot and delegatecalls init data with no admin check; fallback forwards with assembly",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

library StorageSlot {
    function getAddress(bytes32 slot) internal view returns (address a) {
        assembly { a := sload(slot) }
    }
    function setAddress(bytes32 slot, address a) internal {
        assembly { sstore(slot, a) }
    }
}

contract UpgradeableProxy {
    bytes32 private constant IMPL_SLOT = bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1);
    bytes32 private constant ADMIN_SLOT = bytes32(uint256(keccak256("eip1967.proxy.admin")) - 1);

    event Upgraded(address indexed implementation);
    event AdminChanged(address previous, address next);

    constructor(address impl, address admin_) {
        StorageSlot.setAddress(IMPL_SLOT, impl);
        StorageSlot.setAddress(ADMIN_SLOT, admin_);
    }

    function admin() public view returns (address) {
        return StorageSlot.getAddress(ADMIN_SLOT);
    }

    function implementation() public view returns (address) {
        return StorageSlot.getAddress(IMPL_SLOT);
    }

    function changeAdmin(address next) external {
        require(msg.sender == admin(), "admin");
        emit AdminChanged(admin(), next);
        StorageSlot.setAddress(ADMIN_SLOT, next);
    }

    function upgradeToAndCall(address impl, bytes calldata data) external payable {
        require(impl != address(0), "zero impl");
        StorageSlot.setAddress(IMPL_SLOT, impl);
        emit Upgraded(impl);
        if (data.length > 0) {
            (bool ok, ) = impl.delegatecall(data);  //@
            require(ok, "init failed");
        }
    }

    fallback() external payable {
        address impl = implementation();
        assembly {
            calldatacopy(0, 0, calldatasize())
            let r := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch r
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }

    receive() external payable {}
}
""",
        fix=[
            (
                '        require(impl != address(0), "zero impl");\n',
                '        require(msg.sender == admin(), "admin");\n        require(impl != address(0), "zero impl");\n',
            )
        ],
    ),
    dict(
        name="b6_oracle_feeder_owner.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.5.17",
        fn="setFeeder",
        shape="0.5 price oracle: setFeeder replaces the only account allowed to post prices, with no check; the pause switch is guarded",
        src=r"""
pragma solidity ^0.5.17;

contract PriceOracle {
    struct Round {
        uint128 price;
        uint64 updatedAt;
        uint64 roundId;
    }

    address public governance;
    address public feeder;
    bool public paused;
    uint256 public maxDeviationBps = 1000;
    mapping(bytes32 => Round) public latest;

    event PricePosted(bytes32 indexed asset, uint256 price, uint64 roundId);
    event FeederChanged(address feeder);
    event Paused(bool on);

    constructor(address _feeder) public {
        governance = msg.sender;
        feeder = _feeder;
    }

    modifier onlyFeeder() {
        require(msg.sender == feeder, "feeder");
        require(!paused, "paused");
        _;
    }

    function setPaused(bool on) external {
        require(msg.sender == governance, "gov");
        paused = on;
        emit Paused(on);
    }

    function setFeeder(address _feeder) external {
        require(_feeder != address(0), "zero");
        feeder = _feeder;  //@
        emit FeederChanged(_feeder);
    }

    function post(bytes32 asset, uint128 price) external onlyFeeder {
        Round storage r = latest[asset];
        if (r.price != 0) {
            uint256 diff = price > r.price ? price - r.price : r.price - price;
            require(diff * 10000 <= uint256(r.price) * maxDeviationBps, "deviation");
        }
        r.price = price;
        r.updatedAt = uint64(now);
        r.roundId += 1;
        emit PricePosted(asset, price, r.roundId);
    }

    function read(bytes32 asset) external view returns (uint256 price, uint256 age) {
        Round memory r = latest[asset];
        require(r.updatedAt != 0, "no price");
        return (r.price, now - r.updatedAt);
    }
}
""",
        fix=[
            (
                '        require(_feeder != address(0), "zero");\n        feeder = _feeder;  //@\n',
                '        require(msg.sender == governance, "gov");\n        require(_feeder != address(0), "zero");\n        feeder = _feeder;\n',
            )
        ],
    ),
]
