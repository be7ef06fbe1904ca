// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract DividendClub {
    address[] public members;
    mapping(address => bool) public isMember;
    mapping(address => uint256) public owed;
    uint256 public cursor;
    uint256 public roundShare;
    uint256 public totalOwed;

    function join() external payable {
        require(msg.value == 0.001 ether, "fee");
        require(!isMember[msg.sender], "member");
        isMember[msg.sender] = true;
        members.push(msg.sender);
    }

    receive() external payable {}

    function distribute(uint256 maxSteps) external {
        require(maxSteps <= 200, "batch");
        if (cursor == 0) roundShare = (address(this).balance - totalOwed) / members.length;
        uint256 end = cursor + maxSteps;
        if (end > members.length) end = members.length;
        for (uint256 i = cursor; i < end; i++) {
            owed[members[i]] += roundShare;
        }
        totalOwed += roundShare * (end - cursor);
        cursor = end == members.length ? 0 : end;
    }

    function claim() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        totalOwed -= amount;
        payable(msg.sender).transfer(amount);
    }
}
