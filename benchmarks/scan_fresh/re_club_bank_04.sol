pragma solidity ^0.4.24;

contract MembersClubBank {
    mapping(address => uint256) public credit;
    uint256 public minCashOut = 0.05 ether;

    function topUp() public payable {
        credit[msg.sender] += msg.value;
    }

    function cashOut(uint256 amount) public {
        require(amount >= minCashOut);
        require(credit[msg.sender] >= amount);
        require(msg.sender.call.value(amount)());
        credit[msg.sender] -= amount;
    }
}
