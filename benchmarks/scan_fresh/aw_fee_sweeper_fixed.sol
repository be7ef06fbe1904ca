// SPDX-License-Identifier: MIT
pragma solidity 0.8.23;

contract SwapFeeVault {
    address public immutable treasury;
    uint256 public totalFees;

    constructor(address _treasury) {
        treasury = _treasury;
    }

    function chargeFee() external payable {
        totalFees += msg.value;
    }

    function sweepFees() external {
        require(msg.sender == treasury, "treasury");
        uint256 amount = address(this).balance;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "sweep");
    }
}
