"""Set-6 front-running / transaction-order and approve-race cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_bounty_board_payee.sol",
        cls="payee race",
        det=["payee-race", "transaction-order"],
        ver="0.6.12",
        fn="approveWork",
        shape="0.6 bounty board: anyone can call submitWork which overwrites the stored hunter; approveWork pays whoever is stored at that moment",
        src=r"""
pragma solidity ^0.6.12;

contract BountyBoard {
    struct Bounty {
        address poster;
        address payable hunter;
        uint256 reward;
        bytes32 workHash;
        bool paid;
    }

    uint256 public bountyCount;
    mapping(uint256 => Bounty) public bounties;

    event Posted(uint256 indexed id, uint256 reward);
    event WorkSubmitted(uint256 indexed id, address hunter, bytes32 workHash);
    event Paid(uint256 indexed id, address hunter, uint256 reward);

    function post() external payable returns (uint256 id) {
        require(msg.value > 0, "reward");
        id = ++bountyCount;
        bounties[id].poster = msg.sender;
        bounties[id].reward = msg.value;
        emit Posted(id, msg.value);
    }

    function submitWork(uint256 id, bytes32 workHash) external {
        Bounty storage b = bounties[id];
        require(!b.paid && b.poster != address(0), "closed");
        b.hunter = msg.sender;  //@
        b.workHash = workHash;
        emit WorkSubmitted(id, msg.sender, workHash);
    }

    function approveWork(uint256 id) external {
        Bounty storage b = bounties[id];
        require(msg.sender == b.poster, "poster");
        require(!b.paid && b.hunter != address(0), "nothing");
        b.paid = true;
        (bool ok, ) = b.hunter.call{value: b.reward}("");  //@
        require(ok, "pay");
        emit Paid(id, b.hunter, b.reward);
    }
}
""",
        fix=[
            (
                '    function approveWork(uint256 id) external {\n        Bounty storage b = bounties[id];\n        require(msg.sender == b.poster, "poster");\n',
                '    function approveWork(uint256 id, address expectedHunter, bytes32 expectedWork) external {\n        Bounty storage b = bounties[id];\n        require(msg.sender == b.poster, "poster");\n        require(b.hunter == expectedHunter && b.workHash == expectedWork, "changed");\n',
            )
        ],
    ),
    dict(
        name="b6_fixed_price_shop_tod.sol",
        cls="transaction-order dependence",
        det=["price-change-race", "transaction-order"],
        ver="0.8.26",
        fn="buy",
        shape="0.8 NFT shop: seller can setPrice at any time; buy() charges the current price from an ERC-20 allowance with no max-price argument",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface IERC721 {
    function safeTransferFrom(address from, address to, uint256 id) external;
}

contract FixedPriceShop {
    struct Listing {
        address seller;
        uint256 price;
        bool live;
    }

    IERC20 public immutable payToken;
    IERC721 public immutable collection;
    uint256 public constant FEE_BPS = 250;
    address public feeSink;

    mapping(uint256 => Listing) public listings;

    event Listed(uint256 indexed id, uint256 price);
    event PriceChanged(uint256 indexed id, uint256 price);
    event Sold(uint256 indexed id, address buyer, uint256 price);

    constructor(IERC20 p, IERC721 c, address sink) {
        payToken = p;
        collection = c;
        feeSink = sink;
    }

    function list(uint256 id, uint256 price) external {
        listings[id] = Listing(msg.sender, price, true);
        emit Listed(id, price);
    }

    function setPrice(uint256 id, uint256 price) external {
        Listing storage l = listings[id];
        require(msg.sender == l.seller, "seller");
        l.price = price;
        emit PriceChanged(id, price);
    }

    function buy(uint256 id) external {
        Listing storage l = listings[id];
        require(l.live, "not listed");
        l.live = false;
        uint256 fee = (l.price * FEE_BPS) / 10_000;
        require(payToken.transferFrom(msg.sender, l.seller, l.price - fee), "pay");  //@
        require(payToken.transferFrom(msg.sender, feeSink, fee), "fee");
        collection.safeTransferFrom(l.seller, msg.sender, id);
        emit Sold(id, msg.sender, l.price);
    }
}
""",
        fix=[
            (
                '    function buy(uint256 id) external {\n        Listing storage l = listings[id];\n        require(l.live, "not listed");\n',
                '    function buy(uint256 id, uint256 maxPrice) external {\n        Listing storage l = listings[id];\n        require(l.live, "not listed");\n        require(l.price <= maxPrice, "price moved");\n',
            )
        ],
    ),
    dict(
        name="b6_swap_rate_race_old.sol",
        cls="transaction-order dependence",
        det=["price-change-race", "transaction-order"],
        ver="0.4.24",
        fn="buyTokens",
        shape="0.4 OTC desk: owner may change the rate at any time; buyTokens converts msg.value at the current rate with no minimum-out",
        src=r"""
pragma solidity ^0.4.24;

contract ERC20Basic {
    function transfer(address to, uint256 value) public returns (bool);
    function balanceOf(address who) public view returns (uint256);
}

contract OtcDesk {
    address public owner;
    ERC20Basic public token;
    uint256 public tokensPerEth;

    event RateChanged(uint256 rate);
    event Purchase(address buyer, uint256 paid, uint256 tokens);

    constructor(ERC20Basic _token, uint256 _rate) public {
        owner = msg.sender;
        token = _token;
        tokensPerEth = _rate;
    }

    function setRate(uint256 _rate) public {
        require(msg.sender == owner);
        tokensPerEth = _rate;
        emit RateChanged(_rate);
    }

    function buyTokens() public payable {
        require(msg.value > 0);
        uint256 amount = msg.value * tokensPerEth;  //@
        require(amount / tokensPerEth == msg.value);
        require(token.balanceOf(this) >= amount);
        require(token.transfer(msg.sender, amount));
        emit Purchase(msg.sender, msg.value, amount);
    }

    function withdraw() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "    function buyTokens() public payable {\n",
                "    function buyTokens(uint256 expectedRate) public payable {\n        require(tokensPerEth == expectedRate);\n",
            ),
        ],
    ),
    dict(
        name="b6_governance_token_approve.sol",
        cls="approve race",
        det=["approve-race"],
        ver="0.5.17",
        fn="approve",
        shape="0.5 governance token: approve overwrites an existing non-zero allowance; the fixed twin requires resetting to zero first (and keeps increaseAllowance)",
        src=r"""
pragma solidity ^0.5.17;

contract GovToken {
    string public constant name = "Gov";
    string public constant symbol = "GOV";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => address) public delegates;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event DelegateChanged(address indexed who, address indexed to);

    constructor(uint256 supply) public {
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    function delegate(address to) external {
        delegates[msg.sender] = to;
        emit DelegateChanged(msg.sender, to);
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;  //@
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function increaseAllowance(address spender, uint256 added) external returns (bool) {
        uint256 next = allowance[msg.sender][spender] + added;
        require(next >= added, "overflow");
        allowance[msg.sender][spender] = next;
        emit Approval(msg.sender, spender, next);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(allowance[from][msg.sender] >= value, "allowance");
        allowance[from][msg.sender] -= value;
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) internal {
        require(balanceOf[from] >= value, "balance");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
""",
        fix=[
            (
                "        allowance[msg.sender][spender] = value;  //@\n",
                '        require(value == 0 || allowance[msg.sender][spender] == 0, "reset first");\n        allowance[msg.sender][spender] = value;\n',
            )
        ],
    ),
]
