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

    function refundAll() external {
        require(msg.sender == manager, "manager");
        cancelled = true;
        for (uint256 i = 0; i < investors.length; i++) {
            uint256 amount = invested[investors[i]];
            invested[investors[i]] = 0;
            investors[i].transfer(amount);
        }
    }
}
