// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract TicketShop {
    uint256 public constant PRICE = 0.01 ether;
    mapping(address => uint256) public tickets;
    address payable public immutable venue;

    constructor(address payable _venue) {
        venue = _venue;
    }

    function buy(uint256 count) external payable {
        uint256 unit = PRICE;
        require(msg.value == unit * count, "payment");
        tickets[msg.sender] += count;
        venue.transfer(msg.value);
    }
}
