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
    mapping(address => bool) public claimed;
    mapping(address => bool) public requested;

    constructor(IERC20 _token, uint256 _perClaim) {
        token = _token;
        operator = msg.sender;
        perClaim = _perClaim;
    }

    function claim() external {
        require(!claimed[msg.sender], "claimed");
        claimed[msg.sender] = true;
        require(token.transfer(msg.sender, perClaim), "transfer");
    }
}
