"""Set-5 missing access control on owner/admin/fee/oracle setters and initialisers."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_vault_proxy_init.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.8.26",
        fn="initialize",
        shape="0.8 upgradeable vault: initialize sets the admin but never records that it ran",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract YieldVaultImpl {
    address public admin;
    IERC20 public asset;
    uint256 public performanceFeeBps;
    bool private initialized;
    mapping(address => uint256) public deposits;

    modifier onlyAdmin() { require(msg.sender == admin, "admin"); _; }

    function initialize(address _admin, IERC20 _asset, uint256 feeBps) external {
        require(feeBps <= 2000, "fee");
        admin = _admin;  //@
        asset = _asset;
        performanceFeeBps = feeBps;
    }

    function deposit(uint256 amount) external {
        require(asset.transferFrom(msg.sender, address(this), amount), "pull");
        deposits[msg.sender] += amount;
    }

    function withdraw(uint256 amount) external {
        deposits[msg.sender] -= amount;
        require(asset.transfer(msg.sender, amount), "push");
    }

    function rescue(address to, uint256 amount) external onlyAdmin {
        require(asset.transfer(to, amount), "push");
    }
}
""",
        fix=[
            (
                '        require(feeBps <= 2000, "fee");\n',
                '        require(!initialized, "init");\n        initialized = true;\n        require(feeBps <= 2000, "fee");\n',
            )
        ],
    ),
    dict(
        name="b5_dex_fee_router.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.8.26",
        fn="setFeeCollector",
        shape="0.8 router: fee collector setter checks only that the address is non-zero",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Ownable {
    address public owner;
    event OwnershipTransferred(address indexed from, address indexed to);
    constructor() { owner = msg.sender; }
    modifier onlyOwner() { require(msg.sender == owner, "owner"); _; }
    function transferOwnership(address to) external onlyOwner {
        emit OwnershipTransferred(owner, to);
        owner = to;
    }
}

contract FeeRouter is Ownable {
    address public feeCollector;
    uint256 public feeBps = 30;
    mapping(address => bool) public supportedToken;

    event FeeCollectorSet(address collector);

    function setFeeBps(uint256 bps) external onlyOwner {
        require(bps <= 100, "cap");
        feeBps = bps;
    }

    function setFeeCollector(address collector) external {
        require(collector != address(0), "zero");
        feeCollector = collector;  //@
        emit FeeCollectorSet(collector);
    }

    function listToken(address token, bool ok) external onlyOwner {
        supportedToken[token] = ok;
    }

    function route(address payable to) external payable {
        uint256 fee = msg.value * feeBps / 10000;
        payable(feeCollector).transfer(fee);
        to.transfer(msg.value - fee);
    }
}
""",
        fix=[
            (
                "    function setFeeCollector(address collector) external {\n",
                "    function setFeeCollector(address collector) external onlyOwner {\n",
            )
        ],
    ),
    dict(
        name="b5_price_feed_old.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.5.17",
        fn="setOracle",
        shape="0.5 lending market: oracle setter guarded by a modifier that never reverts",
        src=r"""
pragma solidity ^0.5.17;

interface IOracle { function priceOf(address asset) external view returns (uint256); }

contract CollateralMarket {
    address public governor;
    IOracle public oracle;
    uint256 public ltvBps = 7500;
    mapping(address => uint256) public collateral;
    mapping(address => uint256) public debt;

    event OracleChanged(address oracle);

    modifier onlyGovernor() {
        if (msg.sender == governor) {
            _;
        }
    }

    constructor(IOracle _oracle) public {
        governor = msg.sender;
        oracle = _oracle;
    }

    function setOracle(IOracle _oracle) external onlyGovernorOrOpen {
        oracle = _oracle;  //@
        emit OracleChanged(address(_oracle));
    }

    modifier onlyGovernorOrOpen() {
        require(governor == address(0) || msg.sender != address(0), "auth");
        _;
    }

    function setLtv(uint256 bps) external onlyGovernor {
        ltvBps = bps;
    }

    function maxBorrow(address who, address asset) public view returns (uint256) {
        return collateral[who] * oracle.priceOf(asset) / 1e18 * ltvBps / 10000;
    }
}
""",
        fix=[
            (
                "    function setOracle(IOracle _oracle) external onlyGovernorOrOpen {\n",
                "    function setOracle(IOracle _oracle) external onlyGovernor {\n",
            )
        ],
    ),
    dict(
        name="b5_role_registry.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.8.26",
        fn="grantRole",
        shape="0.8 role registry: grantRole checks the role's admin role of the target instead of the caller",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract RoleRegistry {
    bytes32 public constant DEFAULT_ADMIN = 0x00;
    bytes32 public constant MINTER = keccak256("MINTER");

    mapping(bytes32 => mapping(address => bool)) public hasRole;
    mapping(bytes32 => bytes32) public adminOf;
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);

    constructor() {
        hasRole[DEFAULT_ADMIN][msg.sender] = true;
        adminOf[MINTER] = DEFAULT_ADMIN;
    }

    function grantRole(bytes32 role, address account) external {
        require(!hasRole[role][account], "has");
        require(account != address(0), "zero");  //@
        hasRole[role][account] = true;  //@
        emit RoleGranted(role, account, msg.sender);
    }

    function revokeRole(bytes32 role, address account) external {
        require(hasRole[adminOf[role]][msg.sender], "admin");
        hasRole[role][account] = false;
    }

    function mint(address to, uint256 amount) external {
        require(hasRole[MINTER][msg.sender], "minter");
        balanceOf[to] += amount;
        totalSupply += amount;
    }
}
""",
        fix=[
            (
                '        require(account != address(0), "zero");  //@\n',
                '        require(hasRole[adminOf[role]][msg.sender], "admin");\n',
            )
        ],
    ),
    dict(
        name="b5_crowdsale_old.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.4.24",
        fn="Crowdsale",
        shape="0.4 crowdsale: constructor misspelled, so a public function named like it sets the wallet",
        src=r"""
pragma solidity ^0.4.24;

library SafeMath {
    function mul(uint a, uint b) internal pure returns (uint) { if (a == 0) return 0; uint c = a * b; require(c / a == b); return c; }
    function add(uint a, uint b) internal pure returns (uint) { uint c = a + b; require(c >= a); return c; }
}

contract TokenCrowdsale {
    using SafeMath for uint;

    address public wallet;
    uint public rate;
    uint public raised;
    mapping(address => uint) public purchased;

    event Purchase(address buyer, uint value, uint tokens);

    function Crowdsale(address _wallet, uint _rate) public {
        wallet = _wallet;  //@
        rate = _rate;
    }

    function buy() public payable {
        require(msg.value > 0);
        uint tokens = msg.value.mul(rate);
        purchased[msg.sender] = purchased[msg.sender].add(tokens);
        raised = raised.add(msg.value);
        wallet.transfer(msg.value);
        emit Purchase(msg.sender, msg.value, tokens);
    }
}
""",
        fix=[
            (
                "    function Crowdsale(address _wallet, uint _rate) public {\n",
                "    constructor(address _wallet, uint _rate) public {\n",
            )
        ],
    ),
    dict(
        name="b5_bridge_relayers.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.7.6",
        fn="updateRelayer",
        shape="0.7 bridge: relayer set update is public; only the index is bounds-checked",
        src=r"""
pragma solidity ^0.7.6;

contract BridgeInbox {
    address public guardian;
    address[3] public relayers;
    mapping(bytes32 => uint8) public confirmations;
    mapping(bytes32 => mapping(address => bool)) public confirmedBy;
    mapping(bytes32 => bool) public executed;

    event Confirmed(bytes32 id, address relayer);
    event Released(bytes32 id, address to, uint256 amount);

    constructor(address[3] memory initial) {
        guardian = msg.sender;
        relayers = initial;
    }

    function isRelayer(address who) public view returns (bool) {
        for (uint256 i = 0; i < 3; i++) if (relayers[i] == who) return true;
        return false;
    }

    function updateRelayer(uint256 index, address relayer) external {
        require(index < 3, "index");
        relayers[index] = relayer;  //@
    }

    function confirm(address payable to, uint256 amount, uint256 nonce) external {
        require(isRelayer(msg.sender), "relayer");
        bytes32 id = keccak256(abi.encode(to, amount, nonce));
        require(!confirmedBy[id][msg.sender], "dup");
        confirmedBy[id][msg.sender] = true;
        confirmations[id] += 1;
        emit Confirmed(id, msg.sender);
        if (confirmations[id] >= 2 && !executed[id]) {
            executed[id] = true;
            to.transfer(amount);
            emit Released(id, to, amount);
        }
    }

    receive() external payable {}
}
""",
        fix=[
            (
                '        require(index < 3, "index");\n',
                '        require(msg.sender == guardian, "guardian");\n        require(index < 3, "index");\n',
            )
        ],
    ),
    dict(
        name="b5_gauge_admin.vy",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.4.3",
        fn="commit_admin",
        shape="Vyper 0.4 gauge: commit_admin has no caller check, apply_admin trusts the committed value",
        src=r"""
# pragma version ^0.4.0

admin: public(address)
future_admin: public(address)
reward_rate: public(uint256)
weights: public(HashMap[address, uint256])

event AdminCommitted:
    admin: address

event AdminApplied:
    admin: address


@deploy
def __init__():
    self.admin = msg.sender


@external
def commit_admin(addr: address):
    assert addr != empty(address), "zero"
    self.future_admin = addr  #@
    log AdminCommitted(admin=addr)


@external
def apply_admin():
    assert self.future_admin != empty(address), "none"
    self.admin = self.future_admin
    log AdminApplied(admin=self.admin)


@external
def set_reward_rate(rate: uint256):
    assert msg.sender == self.admin, "admin"
    self.reward_rate = rate


@external
def set_weight(gauge: address, weight: uint256):
    assert msg.sender == self.admin, "admin"
    self.weights[gauge] = weight
""",
        fix=[
            (
                '    assert addr != empty(address), "zero"\n',
                '    assert msg.sender == self.admin, "admin"\n    assert addr != empty(address), "zero"\n',
            )
        ],
    ),
]
