// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract DividendClub {
    address[] public members;
    mapping(address => bool) public isMember;
    mapping(address => uint256) public owed;
    uint256 public totalOwed;

    function join() external payable {
        require(msg.value == 0.001 ether, "fee");
        require(!isMember[msg.sender], "member");
        isMember[msg.sender] = true;
        members.push(msg.sender);
    }

    receive() external payable {}

    function distribute() external {
        uint256 share = (address(this).balance - totalOwed) / members.length;
        for (uint256 i = 0; i < members.length; i++) {
            owed[members[i]] += share;
        }
        totalOwed += share * members.length;
    }

    function claim() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        totalOwed -= amount;
        payable(msg.sender).transfer(amount);
    }
}
