pragma solidity ^0.4.24;

contract WeeklyLottery {
    address public organiser;
    address[] public tickets;
    uint256 public price = 0.1 ether;

    constructor() public {
        organiser = msg.sender;
    }

    function buy() public payable {
        require(msg.value == price);
        tickets.push(msg.sender);
    }

    function draw() public {
        require(msg.sender == organiser);
        require(tickets.length > 0);
        uint256 idx = uint256(keccak256(abi.encodePacked(block.timestamp, block.difficulty))) % tickets.length;
        address winner = tickets[idx];
        delete tickets;
        winner.transfer(address(this).balance);
    }
}
