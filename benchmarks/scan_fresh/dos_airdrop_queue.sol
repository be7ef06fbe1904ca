// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract AirdropQueue {
    IERC20 public token;
    address public operator;
    address[] public queue;
    uint256 public perClaim;
    mapping(address => bool) public requested;

    constructor(IERC20 _token, uint256 _perClaim) {
        token = _token;
        operator = msg.sender;
        perClaim = _perClaim;
    }

    function request() external {
        require(!requested[msg.sender], "queued");
        requested[msg.sender] = true;
        queue.push(msg.sender);
    }

    function processQueue() external {
        require(msg.sender == operator, "operator");
        for (uint256 i = 0; i < queue.length; i++) {
            require(token.transfer(queue[i], perClaim), "transfer");
        }
        delete queue;
    }
}
