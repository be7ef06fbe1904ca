pragma solidity ^0.5.17;

contract Crowdfund {
    address payable public creator;
    uint256 public goal;
    uint256 public deadline;
    mapping(address => uint256) public pledged;

    constructor(uint256 _goal, uint256 duration) public {
        creator = msg.sender;
        goal = _goal;
        deadline = now + duration;
    }

    function pledge() external payable {
        require(now < deadline, "over");
        pledged[msg.sender] += msg.value;
    }

    function collect() external {
        require(now >= deadline, "running");
        require(address(this).balance >= goal, "goal");
        require(msg.sender == creator, "creator");
        creator.transfer(address(this).balance);
    }
}
