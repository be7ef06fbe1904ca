// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract EtherLendingPool {
    mapping(address => uint256) public supplied;
    mapping(address => uint256) public borrowed;
    uint256 public totalSupplied;

    function supply() external payable {
        supplied[msg.sender] += msg.value;
        totalSupplied += msg.value;
    }

    function _sendValue(address payable to, uint256 amount) internal {
        (bool success, ) = to.call{value: amount}("");
        require(success, "send");
    }

    function redeem(uint256 amount) external {
        require(borrowed[msg.sender] == 0, "has debt");
        require(supplied[msg.sender] >= amount, "too much");
        supplied[msg.sender] -= amount;
        totalSupplied -= amount;
        _sendValue(msg.sender, amount);
    }
}
