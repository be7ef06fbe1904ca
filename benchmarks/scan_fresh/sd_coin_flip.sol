pragma solidity ^0.4.24;

contract CoinFlipHouse {
    address public house;
    uint256 public minBet = 0.01 ether;

    constructor() public payable {
        house = msg.sender;
    }

    function fund() public payable {}

    function setMinBet(uint256 v) public {
        require(msg.sender == house);
        minBet = v;
    }

    function shutdown() public {
        selfdestruct(msg.sender);
    }
}
