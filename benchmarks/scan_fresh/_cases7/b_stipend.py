"""Set-7 re-entrancy through the 2300-gas stipend: transfer and send followed by the state write."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_referral_bonus_transfer.sol",
        cls="reentrancy via stipend (transfer)",
        det=["reentrancy-stipend", "reentrancy"],
        ver="0.5.17",
        fn="claimBonus",
        shape="0.5 referral programme: claimBonus() pays the earned bonus with transfer() and zeroes it only afterwards",
        src=r"""
pragma solidity ^0.5.17;

contract ReferralProgram {
    address payable public owner;
    uint256 public bonusBps = 500;
    uint256 public bonusesOwed;
    mapping(address => address) public referrerOf;
    mapping(address => uint256) public earned;
    mapping(address => uint256) public purchases;

    event Joined(address indexed user, address indexed referrer);
    event Purchase(address indexed user, uint256 amount, uint256 bonus);
    event BonusPaid(address indexed referrer, uint256 amount);

    constructor() public {
        owner = msg.sender;
    }

    function join(address referrer) external {
        require(referrerOf[msg.sender] == address(0), "joined");
        require(referrer != msg.sender && referrer != address(0), "referrer");
        referrerOf[msg.sender] = referrer;
        emit Joined(msg.sender, referrer);
    }

    function buy() external payable {
        require(msg.value > 0, "zero");
        uint256 bonus = msg.value * bonusBps / 10000;
        address ref = referrerOf[msg.sender];
        if (ref != address(0)) {
            earned[ref] += bonus;
            bonusesOwed += bonus;
        }
        purchases[msg.sender] += msg.value;
        emit Purchase(msg.sender, msg.value, bonus);
    }

    function claimBonus() external {
        uint256 amount = earned[msg.sender];
        require(amount > 0, "none");
        msg.sender.transfer(amount);
        earned[msg.sender] = 0;  //@
        bonusesOwed -= amount;
        emit BonusPaid(msg.sender, amount);
    }

    function withdrawSales(uint256 amount) external {
        require(msg.sender == owner, "owner");
        require(amount <= address(this).balance - bonusesOwed, "owed");
        owner.transfer(amount);
    }
}
""",
        fix=[
            (
                "        msg.sender.transfer(amount);\n        earned[msg.sender] = 0;  //@\n        bonusesOwed -= amount;\n",
                "        earned[msg.sender] = 0;\n        bonusesOwed -= amount;\n        msg.sender.transfer(amount);\n",
            )
        ],
    ),
    dict(
        name="b7_tender_bond_send.sol",
        cls="reentrancy via stipend (send)",
        det=["reentrancy-stipend", "reentrancy"],
        ver="0.8.26",
        fn="releaseBond",
        shape="0.8 public-tender bid-bond pool: releaseBond() returns the bond with send(), requires success, and clears the bond after the send",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract TenderBondPool {
    address public agency;
    uint256 public bondSize = 1 ether;
    uint256 public openTender;
    bool public tenderOpen;

    mapping(address => uint256) public bondOf;
    mapping(address => uint256) public tenderOf;

    event BondPosted(address indexed bidder, uint256 tender);
    event BondReleased(address indexed bidder, uint256 amount);
    event BondForfeited(address indexed bidder, uint256 amount);

    constructor() {
        agency = msg.sender;
    }

    modifier onlyAgency() {
        require(msg.sender == agency, "agency");
        _;
    }

    function open(uint256 tenderId) external onlyAgency {
        openTender = tenderId;
        tenderOpen = true;
    }

    function close() external onlyAgency {
        tenderOpen = false;
    }

    function postBond() external payable {
        require(tenderOpen, "closed");
        require(msg.value == bondSize && bondOf[msg.sender] == 0, "bond");
        bondOf[msg.sender] = msg.value;
        tenderOf[msg.sender] = openTender;
        emit BondPosted(msg.sender, openTender);
    }

    function releaseBond() external {
        require(!tenderOpen || tenderOf[msg.sender] != openTender, "running");
        uint256 amount = bondOf[msg.sender];
        require(amount > 0, "none");
        bool ok = payable(msg.sender).send(amount);
        require(ok, "send");
        bondOf[msg.sender] = 0;  //@
        emit BondReleased(msg.sender, amount);
    }

    function forfeit(address bidder) external onlyAgency {
        uint256 amount = bondOf[bidder];
        bondOf[bidder] = 0;
        payable(agency).transfer(amount);
        emit BondForfeited(bidder, amount);
    }
}
""",
        fix=[
            (
                '        bool ok = payable(msg.sender).send(amount);\n        require(ok, "send");\n        bondOf[msg.sender] = 0;  //@\n',
                '        bondOf[msg.sender] = 0;\n        bool ok = payable(msg.sender).send(amount);\n        require(ok, "send");\n',
            )
        ],
    ),
]
