pragma solidity ^0.4.24;

contract WeeklyLottery {
    address public organiser;
    address[] public tickets;
    uint256 public price = 0.1 ether;
    bytes32 public sealedSeed;

    constructor() public {
        organiser = msg.sender;
    }

    function buy() public payable {
        require(msg.value == price);
        tickets.push(msg.sender);
    }

    function seal(bytes32 commitment) public {
        require(msg.sender == organiser);
        sealedSeed = commitment;
    }

    function draw(bytes32 seed) public {
        require(msg.sender == organiser);
        require(tickets.length > 0);
        require(keccak256(abi.encodePacked(seed)) == sealedSeed);
        uint256 idx = uint256(keccak256(abi.encodePacked(seed, tickets.length))) % tickets.length;
        address winner = tickets[idx];
        delete tickets;
        winner.transfer(address(this).balance);
    }
}
