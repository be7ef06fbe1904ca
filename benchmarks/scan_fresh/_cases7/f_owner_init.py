"""Set-7 owner-write and initialiser cases: a misspelt constructor, an open admin setter, two clone initialisers."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_land_title_registry.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.4.24",
        fn="LandTitleRegistery",
        shape="0.4 land title registry whose would-be constructor is misspelt (LandTitleRegistery), so it is a public function that makes any caller the registrar",
        src=r"""
pragma solidity ^0.4.24;

contract LandTitleRegistry {
    address public registrar;
    uint256 public fee;
    mapping(bytes32 => address) public titleHolder;
    mapping(bytes32 => uint256) public registeredAt;

    event Registered(bytes32 indexed parcel, address holder);
    event Transferred(bytes32 indexed parcel, address from, address to);

    function LandTitleRegistery(uint256 _fee) public {  //@
        registrar = msg.sender;  //@
        fee = _fee;
    }

    modifier onlyRegistrar() {
        require(msg.sender == registrar);
        _;
    }

    function register(bytes32 parcel, address holder) public onlyRegistrar {
        require(titleHolder[parcel] == address(0));
        titleHolder[parcel] = holder;
        registeredAt[parcel] = block.number;
        emit Registered(parcel, holder);
    }

    function transferTitle(bytes32 parcel, address to) public payable {
        require(titleHolder[parcel] == msg.sender);
        require(msg.value == fee);
        titleHolder[parcel] = to;
        emit Transferred(parcel, msg.sender, to);
    }

    function collectFees() public onlyRegistrar {
        registrar.transfer(address(this).balance);
    }

    function setFee(uint256 f) public onlyRegistrar {
        fee = f;
    }
}
""",
        fix=[
            (
                "    function LandTitleRegistery(uint256 _fee) public {  //@\n",
                "    constructor(uint256 _fee) public {  //@\n",
            )
        ],
    ),
    dict(
        name="b7_keeper_rewards_admin.vy",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.4.3",
        fn="set_admin",
        shape="Vyper 0.4 keeper reward registry: set_admin checks only that the new admin is non-zero, not who calls it; the admin adds keepers and records paid jobs",
        src=r"""
# pragma version ^0.4.0

from ethereum.ercs import IERC20

event KeeperAdded:
    keeper: address

event Paid:
    keeper: address
    amount: uint256

event AdminChanged:
    admin: address

link: public(IERC20)
admin: public(address)
is_keeper: public(HashMap[address, bool])
reward_per_job: public(uint256)
jobs_done: public(HashMap[address, uint256])
paid: public(HashMap[address, uint256])


@deploy
def __init__(link: IERC20, reward: uint256):
    self.link = link
    self.admin = msg.sender
    self.reward_per_job = reward


@external
def add_keeper(keeper: address):
    assert msg.sender == self.admin, "admin"
    self.is_keeper[keeper] = True
    log KeeperAdded(keeper=keeper)


@external
def record_job(keeper: address):
    assert msg.sender == self.admin, "admin"
    assert self.is_keeper[keeper], "keeper"
    self.jobs_done[keeper] += 1


@external
def claim():
    owed: uint256 = self.jobs_done[msg.sender] * self.reward_per_job - self.paid[msg.sender]
    self.paid[msg.sender] += owed
    assert extcall self.link.transfer(msg.sender, owed), "transfer"
    log Paid(keeper=msg.sender, amount=owed)


@external
def set_admin(new_admin: address):
    assert new_admin != empty(address), "zero"
    self.admin = new_admin  #@
    log AdminChanged(admin=new_admin)
""",
        fix=[
            (
                '    assert new_admin != empty(address), "zero"\n',
                '    assert msg.sender == self.admin, "admin"\n    assert new_admin != empty(address), "zero"\n',
            )
        ],
    ),
    dict(
        name="b7_payment_stream_logic.sol",
        cls="unprotected initializer",
        det=["unprotected-owner-write"],
        ver="0.8.26",
        fn="initialize",
        shape="0.8 payment-stream implementation behind clones: initialize() sets payer/payee and raises an initialized flag it never checks, so anyone can re-initialise a live stream",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function balanceOf(address a) external view returns (uint256);
    function transfer(address to, uint256 v) external returns (bool);
}

contract PaymentStreamLogic {
    address public payer;
    address public payee;
    IERC20 public token;
    uint256 public ratePerSecond;
    uint256 public startedAt;
    uint256 public stoppedAt;
    uint256 public withdrawn;
    bool private initialized;

    event Initialized(address payer, address payee, uint256 rate);
    event Withdrawn(uint256 amount);
    event Cancelled(uint256 refund);

    function initialize(address _payer, address _payee, IERC20 _token, uint256 _rate) external {
        payer = _payer;  //@
        payee = _payee;
        token = _token;
        ratePerSecond = _rate;
        startedAt = block.timestamp;
        stoppedAt = type(uint256).max;
        initialized = true;
        emit Initialized(_payer, _payee, _rate);
    }

    function accrued() public view returns (uint256) {
        uint256 end = block.timestamp < stoppedAt ? block.timestamp : stoppedAt;
        return (end - startedAt) * ratePerSecond - withdrawn;
    }

    function withdraw() external {
        require(msg.sender == payee, "payee");
        uint256 amount = accrued();
        withdrawn += amount;
        require(token.transfer(payee, amount), "transfer");
        emit Withdrawn(amount);
    }

    function cancel() external {
        require(msg.sender == payer, "payer");
        require(stoppedAt == type(uint256).max, "stopped");
        uint256 owed = accrued();
        stoppedAt = block.timestamp;
        withdrawn += owed;
        require(token.transfer(payee, owed), "transfer");
        uint256 refund = token.balanceOf(address(this));
        require(token.transfer(payer, refund), "refund");
        emit Cancelled(refund);
    }
}
""",
        fix=[
            ("        payer = _payer;  //@\n", '        require(!initialized, "init");\n        payer = _payer;  //@\n')
        ],
    ),
    dict(
        name="b7_fee_router_clone.sol",
        cls="unprotected initializer",
        det=["unprotected-owner-write"],
        ver="0.6.12",
        fn="init",
        shape="0.6 fee-router clone: init() checks an initialized flag that nothing ever sets, so a second call can install a new owner and treasury",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function balanceOf(address a) external view returns (uint256);
    function transfer(address to, uint256 v) external returns (bool);
}

contract FeeRouterClone {
    address public owner;
    address public treasury;
    address public stakers;
    uint256 public treasuryBps;
    bool public initialized;

    event Routed(address indexed token, uint256 toTreasury, uint256 toStakers);
    event SplitChanged(uint256 bps);

    function init(address _owner, address _treasury, address _stakers, uint256 _bps) external {
        require(!initialized, "initialized");
        require(_bps <= 10000, "bps");
        owner = _owner;  //@
        treasury = _treasury;
        stakers = _stakers;
        treasuryBps = _bps;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }

    function setSplit(uint256 bps) external onlyOwner {
        require(bps <= 10000, "bps");
        treasuryBps = bps;
        emit SplitChanged(bps);
    }

    function setTreasury(address t) external onlyOwner {
        treasury = t;
    }

    function route(IERC20 token) external {
        uint256 bal = token.balanceOf(address(this));
        uint256 toTreasury = bal * treasuryBps / 10000;
        require(token.transfer(treasury, toTreasury), "t");
        require(token.transfer(stakers, bal - toTreasury), "s");
        emit Routed(address(token), toTreasury, bal - toTreasury);
    }
}
""",
        fix=[
            (
                "        treasuryBps = _bps;\n    }\n",
                "        treasuryBps = _bps;\n        initialized = true;\n    }\n",
            )
        ],
    ),
]
