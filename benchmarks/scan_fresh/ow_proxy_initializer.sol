// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract FeeCollectorImpl {
    address public admin;
    uint256 public feeBps;
    mapping(address => uint256) public collected;

    function initialize(address _admin, uint256 _feeBps) external {
        admin = _admin;
        feeBps = _feeBps;
    }

    function collect() external payable {
        collected[msg.sender] += (msg.value * feeBps) / 10000;
    }

    function withdraw(address payable to) external {
        require(msg.sender == admin, "admin");
        to.transfer(address(this).balance);
    }
}
