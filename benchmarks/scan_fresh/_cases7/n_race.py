"""Set-7 ordering races: overwritable payees and payout amounts that can change under a pending transaction."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_royalty_vault_payout.sol",
        cls="payee race",
        det=["payee-race"],
        ver="0.5.17",
        fn="setPayoutAddress",
        shape="0.5 music royalty vault: anyone may set payoutAddress, and release() pays all accrued royalties to whatever address is stored when it is mined",
        src=r"""
pragma solidity ^0.5.17;

contract RoyaltyVault {
    address public label;
    address payable public payoutAddress;
    uint256 public accrued;
    uint256 public released;

    event StreamRevenue(uint256 amount);
    event PayoutAddressSet(address to);
    event Released(address to, uint256 amount);

    constructor(address payable artistWallet) public {
        label = msg.sender;
        payoutAddress = artistWallet;
    }

    function depositRevenue() external payable {
        require(msg.sender == label, "label");
        accrued += msg.value;
        emit StreamRevenue(msg.value);
    }

    function setPayoutAddress(address payable to) external {
        require(to != address(0), "zero");
        payoutAddress = to;  //@
        emit PayoutAddressSet(to);
    }

    function release() external {
        uint256 amount = accrued - released;
        released = accrued;
        payoutAddress.transfer(amount);  //@
        emit Released(payoutAddress, amount);
    }
}
""",
        fix=[
            (
                '        require(to != address(0), "zero");\n        payoutAddress = to;  //@\n',
                '        require(msg.sender == payoutAddress, "artist");\n        require(to != address(0), "zero");\n        payoutAddress = to;  //@\n',
            )
        ],
    ),
    dict(
        name="b7_fee_recipient_forwarder.sol",
        cls="payee race",
        det=["payee-race"],
        ver="0.8.26",
        fn="updateRewardsTo",
        shape="0.8 validator fee-recipient forwarder: updateRewardsTo(to) is open to anyone, and forward() sends the staker's share to the stored rewardsTo",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract FeeRecipientForwarder {
    address public immutable operator;
    address public rewardsTo;
    uint256 public operatorBps = 1000;
    uint256 public forwardedTotal;

    event RewardsToChanged(address indexed to);
    event Forwarded(uint256 toStaker, uint256 toOperator);

    constructor(address _rewardsTo) {
        operator = msg.sender;
        rewardsTo = _rewardsTo;
    }

    receive() external payable {}

    function setOperatorBps(uint256 bps) external {
        require(msg.sender == operator && bps <= 2000, "operator");
        operatorBps = bps;
    }

    function updateRewardsTo(address to) external {
        require(to != address(0), "zero");
        rewardsTo = to;  //@
        emit RewardsToChanged(to);
    }

    function forward() external {
        uint256 bal = address(this).balance;
        uint256 cut = (bal * operatorBps) / 10_000;
        forwardedTotal += bal - cut;
        (bool a, ) = operator.call{value: cut}("");
        (bool b, ) = rewardsTo.call{value: bal - cut}("");  //@
        require(a && b, "forward");
        emit Forwarded(bal - cut, cut);
    }
}
""",
        fix=[
            (
                '    function updateRewardsTo(address to) external {\n        require(to != address(0), "zero");\n',
                '    function updateRewardsTo(address to) external {\n        require(msg.sender == rewardsTo, "staker");\n        require(to != address(0), "zero");\n',
            )
        ],
    ),
    dict(
        name="b7_token_buyback_desk.sol",
        cls="transaction-order dependence",
        det=["transaction-order", "price-change-race"],
        ver="0.4.26",
        fn="sellBack",
        shape="0.4 token buyback desk: sellBack(amount) pays amount * buybackPrice, a price the treasurer can change in a transaction ordered first; the fixed twin takes a minimum payout",
        src=r"""
pragma solidity ^0.4.26;

interface IERC20 {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

contract BuybackDesk {
    address public treasurer;
    IERC20 public token;
    uint256 public buybackPrice;
    uint256 public bought;

    event PriceSet(uint256 price);
    event SoldBack(address indexed seller, uint256 amount, uint256 paid);

    constructor(IERC20 _token, uint256 _price) public payable {
        treasurer = msg.sender;
        token = _token;
        buybackPrice = _price;
    }

    function setPrice(uint256 price) public {
        require(msg.sender == treasurer);
        buybackPrice = price;
        emit PriceSet(price);
    }

    function fund() public payable {
        require(msg.sender == treasurer);
    }

    function sellBack(uint256 amount) public {
        require(amount > 0 && amount <= 1e30);
        require(token.transferFrom(msg.sender, address(this), amount));
        uint256 payout = amount * buybackPrice / 1e18;  //@
        bought += amount;
        msg.sender.transfer(payout);
        emit SoldBack(msg.sender, amount, payout);
    }
}
""",
        fix=[
            (
                "    function sellBack(uint256 amount) public {\n",
                "    function sellBack(uint256 amount, uint256 minPayout) public {\n",
            ),
            (
                "        uint256 payout = amount * buybackPrice / 1e18;  //@\n",
                "        uint256 payout = amount * buybackPrice / 1e18;  //@\n        require(payout >= minPayout);\n",
            ),
        ],
    ),
    dict(
        name="b7_freelance_job_board.sol",
        cls="transaction-order dependence",
        det=["transaction-order"],
        ver="0.8.26",
        fn="accept",
        shape="0.8 freelance job board: a client may lower a job's budget until it is accepted, so a lowering ordered before a freelancer's accept() binds them to a smaller payment than they saw; the fixed twin makes accept name the agreed budget",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract FreelanceJobBoard {
    struct Job {
        address client;
        address worker;
        uint256 budget;
        bool paid;
    }

    mapping(uint256 => Job) public jobs;
    uint256 public nextJob;

    event Posted(uint256 indexed id, address client, uint256 budget);
    event BudgetLowered(uint256 indexed id, uint256 budget);
    event Accepted(uint256 indexed id, address worker, uint256 budget);
    event Paid(uint256 indexed id, address worker, uint256 amount);

    function post() external payable returns (uint256 id) {
        require(msg.value > 0, "budget");
        id = nextJob++;
        jobs[id] = Job(msg.sender, address(0), msg.value, false);
        emit Posted(id, msg.sender, msg.value);
    }

    function lowerBudget(uint256 id, uint256 newBudget) external {
        Job storage j = jobs[id];
        require(msg.sender == j.client && j.worker == address(0), "client");
        require(newBudget > 0 && newBudget < j.budget, "lower");
        uint256 back = j.budget - newBudget;
        j.budget = newBudget;
        payable(msg.sender).transfer(back);
        emit BudgetLowered(id, newBudget);
    }

    function accept(uint256 id) external {
        Job storage j = jobs[id];
        require(j.client != address(0) && j.worker == address(0), "taken");
        j.worker = msg.sender;  //@
        emit Accepted(id, msg.sender, j.budget);
    }

    function approveWork(uint256 id) external {
        Job storage j = jobs[id];
        require(msg.sender == j.client && j.worker != address(0) && !j.paid, "client");
        j.paid = true;
        payable(j.worker).transfer(j.budget);
        emit Paid(id, j.worker, j.budget);
    }
}
""",
        fix=[
            (
                "    function accept(uint256 id) external {\n",
                "    function accept(uint256 id, uint256 agreedBudget) external {\n",
            ),
            (
                "        j.worker = msg.sender;  //@\n",
                '        require(j.budget == agreedBudget, "budget changed");\n        j.worker = msg.sender;  //@\n',
            ),
        ],
    ),
]
