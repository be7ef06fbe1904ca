// SPDX-License-Identifier: MIT
pragma solidity 0.8.23;

contract StakedEthPool {
    mapping(address => uint256) public sharesOf;
    uint256 public totalShares;

    receive() external payable {}

    function _toShares(uint256 amount, uint256 poolBefore) internal view returns (uint256) {
        if (totalShares == 0) return amount;
        return (amount * totalShares) / poolBefore;
    }

    function stake() external payable returns (uint256 minted) {
        minted = _toShares(msg.value, address(this).balance - msg.value);
        sharesOf[msg.sender] += minted;
        totalShares += minted;
    }

    function unstake(uint256 shares) external {
        uint256 amount = (shares * address(this).balance) / totalShares;
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
        payable(msg.sender).transfer(amount);
    }
}
