"""Set-4 unprotected owner write cases: initializers anyone can call and admin setters without a guard."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_cover_pool_upgradeable.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.8.26",
        fn="initialize",
        shape="proxy-deployed insurance pool; initialize sets the governor and has no initialized flag",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.22;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// Implementation behind an ERC-1967 proxy; storage is laid out for upgrades.
contract CoverPoolV2 {
    IERC20 public asset;
    address public governor;
    address public claimsAssessor;
    uint256 public premiumBps;
    uint256 public capital;
    uint256 public activeCover;
    uint256[44] private __gap;

    struct Policy {
        address holder;
        uint128 amount;
        uint64 expiry;
        bool paid;
    }

    mapping(uint256 => Policy) public policies;
    uint256 public policyCount;

    event Initialized(address governor);
    event CoverBought(uint256 indexed id, address holder, uint256 amount, uint64 expiry);
    event ClaimPaid(uint256 indexed id, uint256 amount);

    modifier onlyGovernor() {
        require(msg.sender == governor, "CoverPool: governor");
        _;
    }

    function initialize(IERC20 _asset, address _governor, address _assessor, uint256 _premiumBps) external {
        asset = _asset;  //@
        governor = _governor;  //@
        claimsAssessor = _assessor;
        premiumBps = _premiumBps;
        emit Initialized(_governor);
    }

    function provideCapital(uint256 amount) external {
        require(asset.transferFrom(msg.sender, address(this), amount), "CoverPool: pull");
        capital += amount;
    }

    function buyCover(uint128 amount, uint64 duration) external returns (uint256 id) {
        require(activeCover + amount <= capital, "CoverPool: capacity");
        uint256 premium = uint256(amount) * premiumBps * duration / (10_000 * 365 days);
        require(asset.transferFrom(msg.sender, address(this), premium), "CoverPool: premium");
        capital += premium;
        activeCover += amount;
        id = ++policyCount;
        policies[id] = Policy(msg.sender, amount, uint64(block.timestamp) + duration, false);
        emit CoverBought(id, msg.sender, amount, uint64(block.timestamp) + duration);
    }

    function payClaim(uint256 id) external {
        require(msg.sender == claimsAssessor, "CoverPool: assessor");
        Policy storage p = policies[id];
        require(!p.paid && block.timestamp <= p.expiry, "CoverPool: policy");
        p.paid = true;
        activeCover -= p.amount;
        capital -= p.amount;
        require(asset.transfer(p.holder, p.amount), "CoverPool: pay");
        emit ClaimPaid(id, p.amount);
    }

    function setAssessor(address a) external onlyGovernor {
        claimsAssessor = a;
    }

    function setPremium(uint256 bps) external onlyGovernor {
        require(bps <= 2_000, "CoverPool: bps");
        premiumBps = bps;
    }

    function sweep(address to, uint256 amount) external onlyGovernor {
        require(amount <= capital - activeCover, "CoverPool: reserved");
        capital -= amount;
        require(asset.transfer(to, amount), "CoverPool: sweep");
    }
}
""",
        fix=[
            ("    uint256[44] private __gap;\n", "    bool private initialized;\n    uint256[43] private __gap;\n"),
            (
                "        asset = _asset;  //@\n        governor = _governor;  //@\n",
                '        require(!initialized, "CoverPool: initialized");\n        initialized = true;\n        asset = _asset;\n        governor = _governor;\n',
            ),
        ],
    ),
    dict(
        name="b4_shared_wallet_lib_old.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.4.24",
        fn="initWallet",
        shape="0.4 library-style wallet: initWallet is public and can be called again to replace the owners",
        src=r"""
pragma solidity ^0.4.24;

contract SharedWallet {
    uint public required;
    uint public ownerCount;
    uint public dailyLimit;
    uint public spentToday;
    uint public lastDay;
    mapping (address => bool) public isOwner;
    mapping (bytes32 => uint) public confirmations;
    mapping (bytes32 => mapping (address => bool)) public confirmedBy;

    event Confirmation(address owner, bytes32 op);
    event Sent(address to, uint value);

    modifier onlyowner() {
        require(isOwner[msg.sender]);
        _;
    }

    function initWallet(address[] _owners, uint _required, uint _daylimit) public {
        for (uint i = 0; i < _owners.length; i++) {
            isOwner[_owners[i]] = true;  //@
        }
        ownerCount = _owners.length;
        required = _required;  //@
        dailyLimit = _daylimit;
        lastDay = now / 1 days;
    }

    function() public payable {}

    function underLimit(uint value) internal returns (bool) {
        if (now / 1 days > lastDay) {
            spentToday = 0;
            lastDay = now / 1 days;
        }
        if (spentToday + value <= dailyLimit) {
            spentToday += value;
            return true;
        }
        return false;
    }

    function execute(address to, uint value) public onlyowner {
        if (underLimit(value)) {
            to.transfer(value);
            emit Sent(to, value);
            return;
        }
        bytes32 op = keccak256(abi.encodePacked(to, value, lastDay));
        require(!confirmedBy[op][msg.sender]);
        confirmedBy[op][msg.sender] = true;
        emit Confirmation(msg.sender, op);
        if (++confirmations[op] >= required) {
            confirmations[op] = 0;
            to.transfer(value);
            emit Sent(to, value);
        }
    }

    function revoke(bytes32 op) public onlyowner {
        require(confirmedBy[op][msg.sender]);
        confirmedBy[op][msg.sender] = false;
        confirmations[op]--;
    }

    function setDailyLimit(uint newLimit) public {
        require(msg.sender == address(this));
        dailyLimit = newLimit;
    }

    function resetSpentToday() public {
        require(msg.sender == address(this));
        spentToday = 0;
    }

    function balance() public view returns (uint) {
        return address(this).balance;
    }
}
""",
        fix=[
            (
                "    function initWallet(address[] _owners, uint _required, uint _daylimit) public {\n",
                "    function initWallet(address[] _owners, uint _required, uint _daylimit) public {\n        require(ownerCount == 0 && _owners.length > 0);\n",
            )
        ],
    ),
    dict(
        name="b4_gauge_controller.vy",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="vyper 0.4",
        fn="commit_admin",
        shape="Vyper gauge controller: commit/apply admin transfer where commit forgot the admin assert",
        src=r"""
#pragma version ^0.4.0

admin: public(address)
future_admin: public(address)
gauge_weight: public(HashMap[address, uint256])
total_weight: public(uint256)

event CommitAdmin:
    admin: address

event ApplyAdmin:
    admin: address

@deploy
def __init__():
    self.admin = msg.sender

@external
def commit_admin(addr: address):
    self.future_admin = addr  #@
    log CommitAdmin(admin=addr)

@external
def apply_admin():
    assert msg.sender == self.admin, "admin only"
    new_admin: address = self.future_admin
    assert new_admin != empty(address), "admin not set"
    self.admin = new_admin
    log ApplyAdmin(admin=new_admin)

@external
def accept_admin():
    assert msg.sender == self.future_admin, "future admin only"
    self.admin = msg.sender

@external
def set_weight(gauge: address, weight: uint256):
    assert msg.sender == self.admin, "admin only"
    self.total_weight = self.total_weight - self.gauge_weight[gauge] + weight
    self.gauge_weight[gauge] = weight
""",
        fix=[
            (
                "    self.future_admin = addr  #@\n",
                '    assert msg.sender == self.admin, "admin only"\n    self.future_admin = addr\n',
            )
        ],
    ),
    dict(
        name="b4_bridge_validator_set.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.7.6",
        fn="setGuardian",
        shape="bridge vault: guardian setter lacks the onlyOwner its siblings carry; the guardian can unpause and release",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

contract BridgeVault {
    address public owner;
    address public guardian;
    bool public paused;
    mapping(bytes32 => bool) public released;

    event Locked(address indexed from, uint256 amount, uint256 destChain, bytes32 recipient);
    event Released(bytes32 indexed transferId, address to, uint256 amount);

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }

    modifier onlyGuardian() {
        require(msg.sender == guardian, "guardian");
        _;
    }

    constructor(address _guardian) {
        owner = msg.sender;
        guardian = _guardian;
    }

    function lock(uint256 destChain, bytes32 recipient) external payable {
        require(!paused, "paused");
        emit Locked(msg.sender, msg.value, destChain, recipient);
    }

    function release(bytes32 transferId, address payable to, uint256 amount) external onlyGuardian {
        require(!paused, "paused");
        require(!released[transferId], "done");
        released[transferId] = true;
        to.transfer(amount);
        emit Released(transferId, to, amount);
    }

    function setPaused(bool p) external onlyGuardian {
        paused = p;
    }

    function setGuardian(address g) external {
        guardian = g;  //@
    }

    function transferOwnership(address o) external onlyOwner {
        owner = o;
    }

    uint256 public minLock = 0.01 ether;
    uint256 public lockedTotal;

    function setMinLock(uint256 v) external onlyOwner {
        minLock = v;
    }

    function emergencyPause() external onlyOwner {
        paused = true;
    }

    function vaultBalance() external view returns (uint256) {
        return address(this).balance;
    }

    function isReleased(bytes32 transferId) external view returns (bool) {
        return released[transferId];
    }

    function renounceGuardian() external onlyGuardian {
        guardian = address(0);
    }
}
""",
        fix=[
            (
                "    function setGuardian(address g) external {\n",
                "    function setGuardian(address g) external onlyOwner {\n",
            )
        ],
    ),
]
