// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract RestakeVault {
    mapping(address => uint256) public sharesOf;
    uint256 public totalShares;
    uint256 private status = 1;

    modifier lock() {
        require(status == 1, "reentry");
        status = 2;
        _;
        status = 1;
    }

    uint256 public pooled;

    function enter() external payable lock {
        uint256 s = totalShares == 0 ? msg.value : (msg.value * totalShares) / pooled;
        sharesOf[msg.sender] += s;
        totalShares += s;
        pooled += msg.value;
    }

    function exit(uint256 shares) external lock {
        require(sharesOf[msg.sender] >= shares, "shares");
        uint256 amount = (shares * pooled) / totalShares;
        pooled -= amount;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "pay");
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
    }

    function sharePrice() external view returns (uint256) {
        return totalShares == 0 ? 1e18 : (pooled * 1e18) / totalShares;
    }
}
