// SPDX-License-Identifier: MIT
pragma solidity ^0.8.17;

contract MilestoneEscrow {
    address public client;
    address payable public freelancer;
    uint256[] public milestones;
    uint256 public nextMilestone;

    constructor(address payable _freelancer, uint256[] memory amounts) payable {
        client = msg.sender;
        freelancer = _freelancer;
        milestones = amounts;
    }

    function approveMilestone() external {
        require(msg.sender == client, "client");
        require(nextMilestone < milestones.length, "done");
        uint256 amount = milestones[nextMilestone];
        nextMilestone += 1;
        (bool sent, ) = freelancer.call{value: amount}("");
        if (!sent) {
        }
    }
}
