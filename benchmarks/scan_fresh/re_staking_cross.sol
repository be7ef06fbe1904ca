// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract EthStaking {
    mapping(address => uint256) public stakeOf;
    uint256 public totalStaked;

    function stake() external payable {
        stakeOf[msg.sender] += msg.value;
        totalStaked += msg.value;
    }

    function transferStake(address to, uint256 amount) external {
        require(stakeOf[msg.sender] >= amount, "stake");
        stakeOf[msg.sender] -= amount;
        stakeOf[to] += amount;
    }

    function unstake() external {
        uint256 amount = stakeOf[msg.sender];
        require(amount > 0, "none");
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "eth");
        stakeOf[msg.sender] = 0;
        totalStaked -= amount;
    }
}
