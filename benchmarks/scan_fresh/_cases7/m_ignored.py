"""Set-7 send/call failures that are tested but not acted on (only logged)."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_preorder_cancel_refund.sol",
        cls="ignored send failure",
        det=["ignored-send-failure", "unchecked-call"],
        ver="0.8.26",
        fn="cancel",
        shape="0.8 pre-order desk: cancel() clears the order, sends the refund, and on a failed send only emits RefundFailed, so the buyer's money stays in the contract with no claim left",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract PreorderDesk {
    address payable public merchant;
    uint256 public unitPrice;
    uint256 public shippedOrders;
    mapping(address => uint256) public ordered;
    mapping(address => uint256) public paid;

    event Ordered(address indexed buyer, uint256 qty);
    event Cancelled(address indexed buyer, uint256 refund);
    event RefundFailed(address indexed buyer, uint256 amount);

    constructor(uint256 price) {
        merchant = payable(msg.sender);
        unitPrice = price;
    }

    function preorder(uint256 qty) external payable {
        require(qty > 0 && msg.value == qty * unitPrice, "value");
        ordered[msg.sender] += qty;
        paid[msg.sender] += msg.value;
        emit Ordered(msg.sender, qty);
    }

    function cancel() external {
        uint256 refund = paid[msg.sender];
        require(refund > 0, "nothing");
        paid[msg.sender] = 0;
        ordered[msg.sender] = 0;
        bool ok = payable(msg.sender).send(refund);  //@
        if (!ok) {
            emit RefundFailed(msg.sender, refund);  //@
        }
        emit Cancelled(msg.sender, refund);
    }

    function ship(address buyer) external {
        require(msg.sender == merchant, "merchant");
        uint256 amount = paid[buyer];
        require(amount > 0, "no order");
        paid[buyer] = 0;
        ordered[buyer] = 0;
        shippedOrders += 1;
        merchant.transfer(amount);
    }
}
""",
        fix=[
            (
                "        if (!ok) {\n            emit RefundFailed(msg.sender, refund);  //@\n        }\n",
                '        if (!ok) {\n            emit RefundFailed(msg.sender, refund);  //@\n            revert("refund failed");\n        }\n',
            )
        ],
    ),
    dict(
        name="b7_weekly_prize_savings.sol",
        cls="ignored send failure",
        det=["ignored-send-failure", "unchecked-call"],
        ver="0.8.26",
        fn="payWinner",
        shape="0.8 no-loss weekly prize pool: payWinner() marks the draw paid and, when the call to the winner fails, only emits PayoutSkipped; the fixed twin credits the prize for a later claim",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract WeeklyPrizeSavings {
    struct Draw {
        address winner;
        uint256 prize;
        bool paid;
    }

    address public drawer;
    uint256 public totalSaved;
    uint256 public prizeReserve;
    mapping(address => uint256) public savedBy;
    mapping(uint256 => Draw) public draws;
    mapping(address => uint256) public owed;

    event Saved(address indexed who, uint256 amount);
    event WinnerPaid(uint256 indexed week, address winner, uint256 prize);
    event PayoutSkipped(uint256 indexed week, address winner, uint256 prize);

    constructor() {
        drawer = msg.sender;
    }

    function save() external payable {
        savedBy[msg.sender] += msg.value;
        totalSaved += msg.value;
        emit Saved(msg.sender, msg.value);
    }

    function withdrawSavings(uint256 amount) external {
        require(savedBy[msg.sender] >= amount, "saved");
        savedBy[msg.sender] -= amount;
        totalSaved -= amount;
        payable(msg.sender).transfer(amount);
    }

    function addPrize() external payable {
        prizeReserve += msg.value;
    }

    function setWinner(uint256 week, address winner, uint256 prize) external {
        require(msg.sender == drawer && draws[week].winner == address(0), "drawer");
        require(savedBy[winner] > 0 && prize <= prizeReserve, "winner");
        prizeReserve -= prize;
        draws[week] = Draw(winner, prize, false);
    }

    function payWinner(uint256 week) external {
        Draw storage d = draws[week];
        require(d.winner != address(0) && !d.paid, "draw");
        d.paid = true;
        (bool ok, ) = d.winner.call{value: d.prize}("");  //@
        if (!ok) {
            emit PayoutSkipped(week, d.winner, d.prize);  //@
        } else {
            emit WinnerPaid(week, d.winner, d.prize);
        }
    }

    function claimOwed() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }
}
""",
        fix=[
            (
                "            emit PayoutSkipped(week, d.winner, d.prize);  //@\n",
                "            owed[d.winner] += d.prize;\n            emit PayoutSkipped(week, d.winner, d.prize);  //@\n",
            )
        ],
    ),
]
