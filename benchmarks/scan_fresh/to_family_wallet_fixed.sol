pragma solidity ^0.5.17;

contract FamilyWallet {
    address public owner;

    constructor() public payable {
        owner = msg.sender;
    }

    function () external payable {}

    function pay(address payable to, uint256 amount) external {
        require(msg.sender == owner, "owner only");
        to.transfer(amount);
    }
}
