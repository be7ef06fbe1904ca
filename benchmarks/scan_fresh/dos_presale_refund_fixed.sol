pragma solidity ^0.5.17;

contract Presale {
    address public manager;
    address payable[] public investors;
    mapping(address => uint256) public invested;
    bool public cancelled;

    constructor() public {
        manager = msg.sender;
    }

    function invest() external payable {
        require(!cancelled, "cancelled");
        if (invested[msg.sender] == 0) investors.push(msg.sender);
        invested[msg.sender] += msg.value;
    }

    function cancel() external {
        require(msg.sender == manager, "manager");
        cancelled = true;
    }

    function claimRefund() external {
        require(cancelled, "not cancelled");
        uint256 amount = invested[msg.sender];
        invested[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
