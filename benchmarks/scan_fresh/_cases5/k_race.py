"""Set-5 front-running / transaction-order cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_bounty_board_payee.sol",
        cls="front-running (payee race)",
        det=["payee-race", "transaction-order"],
        ver="0.8.26",
        fn="setPayoutAddress",
        shape="0.8 bounty board: anyone can set the payout address of an open bounty before it is paid",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract BountyBoard {
    struct Bounty { address sponsor; address payable payout; uint256 reward; bool done; }

    Bounty[] public bounties;

    event Posted(uint256 id, uint256 reward);
    event Paid(uint256 id, address to);

    function post() external payable returns (uint256 id) {
        bounties.push(Bounty(msg.sender, payable(address(0)), msg.value, false));
        id = bounties.length - 1;
        emit Posted(id, msg.value);
    }

    function setPayoutAddress(uint256 id, address payable to) external {
        Bounty storage b = bounties[id];
        require(!b.done, "done");
        b.payout = to;  //@
    }

    function accept(uint256 id) external {
        Bounty storage b = bounties[id];
        require(msg.sender == b.sponsor && !b.done && b.payout != address(0), "state");
        b.done = true;
        b.payout.transfer(b.reward);
        emit Paid(id, b.payout);
    }
}
""",
        fix=[
            ('        require(!b.done, "done");\n', '        require(!b.done && msg.sender == b.sponsor, "sponsor");\n')
        ],
    ),
    dict(
        name="b5_nft_shop_price_old.sol",
        cls="front-running (price change)",
        det=["price-change-race", "transaction-order"],
        ver="0.5.17",
        fn="setPrice",
        shape="0.5 NFT shop: seller can reprice at any time; buy takes whatever is sent and charges current price",
        src=r"""
pragma solidity ^0.5.17;

contract ItemShop {
    struct Listing { address payable seller; uint256 price; bool sold; }

    mapping(uint256 => Listing) public listings;
    mapping(address => uint256) public credit;

    event Listed(uint256 id, uint256 price);
    event Sold(uint256 id, address buyer, uint256 price);

    function list(uint256 id, uint256 price) external {
        require(listings[id].seller == address(0), "listed");
        listings[id] = Listing(msg.sender, price, false);
        emit Listed(id, price);
    }

    function setPrice(uint256 id, uint256 price) external {
        Listing storage l = listings[id];
        require(msg.sender == l.seller && !l.sold, "seller");
        l.price = price;  //@
    }

    function buy(uint256 id) external payable {
        Listing storage l = listings[id];
        require(!l.sold && msg.value >= l.price, "price");
        l.sold = true;
        l.seller.transfer(l.price);
        credit[msg.sender] += msg.value - l.price;
        emit Sold(id, msg.sender, l.price);
    }
}
""",
        fix=[
            (
                '    function buy(uint256 id) external payable {\n        Listing storage l = listings[id];\n        require(!l.sold && msg.value >= l.price, "price");\n',
                '    function buy(uint256 id, uint256 expectedPrice) external payable {\n        Listing storage l = listings[id];\n        require(l.price == expectedPrice, "repriced");\n        require(!l.sold && msg.value >= l.price, "price");\n',
            )
        ],
    ),
    dict(
        name="b5_swap_desk_rate.sol",
        cls="front-running (price change)",
        det=["price-change-race", "transaction-order"],
        ver="0.8.26",
        fn="swap",
        shape="0.8 OTC desk: operator can change the rate; swap has no minimum-out from the user",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC20 { function transfer(address to, uint256 amount) external returns (bool); }

contract OtcDesk {
    address public operator;
    IERC20 public token;
    uint256 public tokensPerEth;

    event RateChanged(uint256 rate);

    constructor(IERC20 _token, uint256 rate) { operator = msg.sender; token = _token; tokensPerEth = rate; }

    function setRate(uint256 rate) external {
        require(msg.sender == operator, "operator");
        tokensPerEth = rate;
        emit RateChanged(rate);
    }

    function swap() external payable {
        uint256 out = msg.value * tokensPerEth / 1e18;  //@
        require(token.transfer(msg.sender, out), "push");
    }

    function collect() external {
        require(msg.sender == operator, "operator");
        payable(operator).transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "    function swap() external payable {\n        uint256 out = msg.value * tokensPerEth / 1e18;  //@\n",
                '    function swap(uint256 minOut) external payable {\n        uint256 out = msg.value * tokensPerEth / 1e18;\n        require(out >= minOut, "slippage");\n',
            )
        ],
    ),
    dict(
        name="b5_puzzle_prize_old.sol",
        cls="front-running (public solution)",
        det=["public-solution", "transaction-order"],
        ver="0.4.24",
        fn="solve",
        shape="0.4 puzzle: answer submitted in clear text in the claiming transaction",
        src=r"""
pragma solidity ^0.4.24;

contract RiddlePrize {
    address public setter;
    bytes32 public answerHash;
    bool public solved;
    address public solver;

    event Solved(address solver, string answer);

    constructor(bytes32 _answerHash) public payable {
        setter = msg.sender;
        answerHash = _answerHash;
    }

    function solve(string answer) public {
        require(!solved);
        require(keccak256(abi.encodePacked(answer)) == answerHash);  //@
        solved = true;
        solver = msg.sender;
        msg.sender.transfer(address(this).balance);
        emit Solved(msg.sender, answer);
    }
}
""",
        fix=[
            (
                "    address public solver;\n",
                "    address public solver;\n    mapping(address => bytes32) public commits;\n    mapping(address => uint) public commitBlock;\n\n    function commit(bytes32 c) public {\n        commits[msg.sender] = c;\n        commitBlock[msg.sender] = block.number;\n    }\n",
            ),
            (
                "        require(keccak256(abi.encodePacked(answer)) == answerHash);  //@\n",
                "        require(keccak256(abi.encodePacked(answer)) == answerHash);\n        require(commits[msg.sender] == keccak256(abi.encodePacked(msg.sender, answer)) && commitBlock[msg.sender] < block.number);\n",
            ),
        ],
    ),
    dict(
        name="b5_share_token_approve.sol",
        cls="front-running (approve race)",
        det=["approve-race"],
        ver="0.7.6",
        fn="approve",
        shape="0.7 token: approve overwrites a non-zero allowance directly",
        src=r"""
pragma solidity ^0.7.6;

contract ShareToken {
    string public constant symbol = "SHR";
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) { totalSupply = supply; balanceOf[msg.sender] = supply; }

    function transfer(address to, uint256 v) external returns (bool) {
        require(balanceOf[msg.sender] >= v, "bal");
        balanceOf[msg.sender] -= v;
        balanceOf[to] += v;
        emit Transfer(msg.sender, to, v);
        return true;
    }

    function approve(address spender, uint256 v) external returns (bool) {
        allowance[msg.sender][spender] = v;  //@
        emit Approval(msg.sender, spender, v);
        return true;
    }

    function transferFrom(address from, address to, uint256 v) external returns (bool) {
        require(balanceOf[from] >= v && allowance[from][msg.sender] >= v, "allow");
        allowance[from][msg.sender] -= v;
        balanceOf[from] -= v;
        balanceOf[to] += v;
        emit Transfer(from, to, v);
        return true;
    }
}
""",
        fix=[
            (
                "        allowance[msg.sender][spender] = v;  //@\n",
                '        require(v == 0 || allowance[msg.sender][spender] == 0, "reset first");\n        allowance[msg.sender][spender] = v;\n',
            )
        ],
    ),
    dict(
        name="b5_first_claim_faucet.sol",
        cls="front-running (transaction order)",
        det=["transaction-order", "public-solution"],
        ver="0.8.26",
        fn="claimBatch",
        shape="0.8 faucet: the first caller to name an unclaimed batch takes it; batch ids are public in storage",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract BatchFaucet is Pausable {
    struct Batch { uint256 amount; bytes32 codeHash; bool claimed; }

    address public admin;
    Batch[] public batches;

    constructor() payable { admin = msg.sender; }

    function addBatch(uint256 amount, bytes32 codeHash) external {
        require(msg.sender == admin, "admin");
        batches.push(Batch(amount, codeHash, false));
    }

    function claimBatch(uint256 id, bytes32 code) external whenNotPaused {
        Batch storage b = batches[id];
        require(!b.claimed, "claimed");
        require(keccak256(abi.encodePacked(code)) == b.codeHash, "code");  //@
        b.claimed = true;
        payable(msg.sender).transfer(b.amount);
    }
}
""",
        fix=[
            (
                '        require(keccak256(abi.encodePacked(code)) == b.codeHash, "code");  //@\n',
                '        require(keccak256(abi.encodePacked(code, msg.sender)) == b.codeHash, "code");\n',
            )
        ],
    ),
]
