"""Set-7 timestamp dependence: a short timer stored in state and a discount window from a state initialiser."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_hot_potato_timer.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.8.26",
        fn="grab",
        shape="0.8 hot-potato game: the round ends 45 seconds after the last grab, timed by block.timestamp stored in lastPass; the producer of the block at the boundary decides whether a grab still counts",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract HotPotato {
    address public host;
    address public holder;
    uint256 public lastPass;
    uint256 public passPrice = 0.01 ether;
    uint256 public pot;
    uint256 public round;
    uint256 public hostFees;
    mapping(address => uint256) public winnings;

    event Passed(uint256 indexed round, address to, uint256 pot);
    event RoundWon(uint256 indexed round, address winner, uint256 prize);

    constructor() {
        host = msg.sender;
    }

    function grab() external payable {
        require(msg.value == passPrice, "price");
        require(holder == address(0) || block.timestamp < lastPass + 45 seconds, "round over");  //@
        holder = msg.sender;
        lastPass = block.timestamp;  //@
        pot += (msg.value * 9) / 10;
        hostFees += msg.value / 10;
        emit Passed(round, msg.sender, pot);
    }

    function settle() external {
        require(holder != address(0) && block.timestamp >= lastPass + 45 seconds, "running");
        winnings[holder] += pot;
        emit RoundWon(round, holder, pot);
        pot = 0;
        holder = address(0);
        round += 1;
    }

    function withdraw() external {
        uint256 amount = winnings[msg.sender];
        winnings[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }

    function collectFees() external {
        require(msg.sender == host, "host");
        uint256 f = hostFees;
        hostFees = 0;
        payable(host).transfer(f);
    }
}
""",
        fix=[
            (
                '        require(holder == address(0) || block.timestamp < lastPass + 45 seconds, "round over");  //@\n        holder = msg.sender;\n        lastPass = block.timestamp;  //@\n',
                '        require(holder == address(0) || block.number < lastPass + 4, "round over");  //@\n        holder = msg.sender;\n        lastPass = block.number;  //@\n',
            ),
            (
                '        require(holder != address(0) && block.timestamp >= lastPass + 45 seconds, "running");\n',
                '        require(holder != address(0) && block.number >= lastPass + 4, "running");\n',
            ),
        ],
    ),
    dict(
        name="b7_sneaker_drop_window.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.8.26",
        fn="buy",
        shape="0.8 sneaker drop: openedAt = block.timestamp as a state initialiser, and buy() halves the price for the first 30 seconds after it, a window the block producer can stretch",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract SneakerDropSale {
    address payable public brand;
    uint256 public immutable price;
    uint256 public openedAt = block.timestamp;  //@
    uint256 public stock = 500;
    mapping(address => uint256) public bought;

    event Purchased(address indexed buyer, uint256 paid, bool early);

    constructor(uint256 _price) {
        brand = payable(msg.sender);
        price = _price;
    }

    function buy() external payable {
        require(stock > 0, "sold out");
        require(bought[msg.sender] == 0, "one each");
        bool early = block.timestamp < openedAt + 30;  //@
        uint256 due = early ? price / 2 : price;
        require(msg.value == due, "price");
        stock -= 1;
        bought[msg.sender] = 1;
        emit Purchased(msg.sender, msg.value, early);
    }

    function restock(uint256 more) external {
        require(msg.sender == brand, "brand");
        stock += more;
    }

    function withdraw() external {
        require(msg.sender == brand, "brand");
        brand.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "    uint256 public openedAt = block.timestamp;  //@\n",
                "    uint256 public openedAt = block.number;  //@\n",
            ),
            (
                "        bool early = block.timestamp < openedAt + 30;  //@\n",
                "        bool early = block.number < openedAt + 3;  //@\n",
            ),
        ],
    ),
]
