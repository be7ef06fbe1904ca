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

    receive() external payable {}

    function enter() external payable lock {
        uint256 s = totalShares == 0 ? msg.value : (msg.value * totalShares) / (address(this).balance - msg.value);
        sharesOf[msg.sender] += s;
        totalShares += s;
    }

    function exit(uint256 shares) external lock {
        require(sharesOf[msg.sender] >= shares, "shares");
        uint256 amount = (shares * address(this).balance) / totalShares;
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "pay");
    }

    function sharePrice() external view returns (uint256) {
        return totalShares == 0 ? 1e18 : (address(this).balance * 1e18) / totalShares;
    }
}
