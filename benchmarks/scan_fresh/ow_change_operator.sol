// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract OracleFeed {
    address public operator;
    int256 public latestAnswer;
    uint256 public updatedAt;

    modifier onlyOperator() {
        require(msg.sender == operator, "operator");
        _;
    }

    constructor() public {
        operator = msg.sender;
    }

    function push(int256 answer) external onlyOperator {
        latestAnswer = answer;
        updatedAt = block.timestamp;
    }

    function setOperator(address next) external {
        operator = next;
    }
}
