"""Set-4 anyone-can-withdraw cases (SWC-105): a payout function that lacks the guard its neighbours have."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_fee_splitter.sol",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="0.7.6",
        fn="rescueETH",
        shape="fee splitter with owner-only admin; the ETH rescue function has no guard",
        src=r"""
// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.7.6;

library Shares {
    function portion(uint256 amount, uint16 bps) internal pure returns (uint256) {
        return amount * bps / 10_000;
    }
}

contract FeeSplitter {
    using Shares for uint256;

    address public owner;
    address payable[] public payees;
    uint16[] public bps;
    mapping(address => uint256) public owed;
    uint256 public undistributed;

    event PayeesSet(uint256 count);
    event Distributed(uint256 amount);
    event Claimed(address indexed payee, uint256 amount);

    modifier onlyOwner() {
        require(msg.sender == owner, "FeeSplitter: owner");
        _;
    }

    constructor() {
        owner = msg.sender;
    }

    receive() external payable {
        undistributed += msg.value;
    }

    function setPayees(address payable[] calldata _payees, uint16[] calldata _bps) external onlyOwner {
        require(_payees.length == _bps.length && _payees.length <= 8, "FeeSplitter: shape");
        uint256 total;
        for (uint256 i; i < _bps.length; i++) total += _bps[i];
        require(total == 10_000, "FeeSplitter: bps");
        payees = _payees;
        bps = _bps;
        emit PayeesSet(_payees.length);
    }

    function distribute() external {
        uint256 amount = undistributed;
        undistributed = 0;
        for (uint256 i; i < payees.length; i++) {
            owed[payees[i]] += amount.portion(bps[i]);
        }
        emit Distributed(amount);
    }

    function claim() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "FeeSplitter: send");
        emit Claimed(msg.sender, amount);
    }

    function transferOwnership(address next) external onlyOwner {
        owner = next;
    }

    function rescueETH(address payable to, uint256 amount) external {  //@
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "FeeSplitter: rescue");
    }

    function payeeCount() external view returns (uint256) {
        return payees.length;
    }

    function pending(address who) external view returns (uint256 amount) {
        amount = owed[who];
        for (uint256 i; i < payees.length; i++) {
            if (payees[i] == who) amount += undistributed.portion(bps[i]);
        }
    }
}
""",
        fix=[
            (
                "    function rescueETH(address payable to, uint256 amount) external {  //@\n",
                "    function rescueETH(address payable to, uint256 amount) external onlyOwner {\n",
            )
        ],
    ),
    dict(
        name="b4_launchpad_sale.sol",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="0.8.26",
        fn="withdrawRaised",
        shape="launchpad sale; the raised-funds sweep checks the sale ended but not who is calling",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

contract LaunchpadSale {
    IERC20 public immutable saleToken;
    address public immutable projectTreasury;
    address public operator;
    uint256 public immutable price;       // wei per whole token
    uint256 public immutable hardCap;
    uint64 public immutable start;
    uint64 public immutable end;
    uint256 public raised;
    bool public finalized;

    mapping(address => uint256) public contributed;
    mapping(address => bool) public whitelisted;

    event Bought(address indexed buyer, uint256 paid);
    event Claimed(address indexed buyer, uint256 tokens);

    modifier onlyOperator() {
        require(msg.sender == operator, "operator");
        _;
    }

    constructor(IERC20 token, address treasury, uint256 _price, uint256 _cap, uint64 _start, uint64 _end) {
        saleToken = token;
        projectTreasury = treasury;
        operator = msg.sender;
        price = _price;
        hardCap = _cap;
        start = _start;
        end = _end;
    }

    function setWhitelist(address[] calldata who, bool on) external onlyOperator {
        for (uint256 i; i < who.length; ++i) whitelisted[who[i]] = on;
    }

    function buy() external payable {
        require(block.timestamp >= start && block.timestamp < end, "closed");
        require(whitelisted[msg.sender], "not listed");
        require(raised + msg.value <= hardCap, "cap");
        raised += msg.value;
        contributed[msg.sender] += msg.value;
        emit Bought(msg.sender, msg.value);
    }

    function claim() external {
        require(finalized, "not final");
        uint256 paid = contributed[msg.sender];
        contributed[msg.sender] = 0;
        uint256 tokens = paid * 1e18 / price;
        require(saleToken.transfer(msg.sender, tokens), "transfer");
        emit Claimed(msg.sender, tokens);
    }

    function finalize() external onlyOperator {
        require(block.timestamp >= end, "running");
        finalized = true;
    }

    function withdrawRaised(address payable to) external {  //@
        require(finalized, "not final");
        (bool ok, ) = to.call{value: address(this).balance}("");
        require(ok, "send");
    }

    function recoverUnsold() external onlyOperator {
        require(finalized, "not final");
        uint256 owedTokens = raised * 1e18 / price;
        uint256 bal = saleToken.balanceOf(address(this));
        if (bal > owedTokens) saleToken.transfer(projectTreasury, bal - owedTokens);
    }
}
""",
        fix=[
            (
                "    function withdrawRaised(address payable to) external {  //@\n",
                "    function withdrawRaised(address payable to) external onlyOperator {\n",
            )
        ],
    ),
    dict(
        name="b4_family_vault_old.sol",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="0.4.26",
        fn="withdrawTo",
        shape="0.4 vault; withdrawTo pays any caller-chosen address the whole balance",
        src=r"""
pragma solidity ^0.4.26;

contract FamilyVault {
    address public owner;
    uint public lastDeposit;

    event Deposited(address from, uint value);

    constructor() public {
        owner = msg.sender;
    }

    function() external payable {
        lastDeposit = now;
        emit Deposited(msg.sender, msg.value);
    }

    function withdraw(uint amount) public {
        require(msg.sender == owner);
        owner.transfer(amount);
    }

    function withdrawTo(address _to) public {
        _to.transfer(address(this).balance);  //@
    }

    function changeOwner(address _owner) public {
        require(msg.sender == owner);
        owner = _owner;
    }
}
""",
        fix=[
            (
                "    function withdrawTo(address _to) public {\n",
                "    function withdrawTo(address _to) public {\n        require(msg.sender == owner);\n",
            )
        ],
    ),
]
