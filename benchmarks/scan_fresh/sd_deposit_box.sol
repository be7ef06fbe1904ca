// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract DepositBox {
    address payable public owner;
    uint256 public fee = 0.01 ether;

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }

    constructor() public {
        owner = msg.sender;
    }

    function store() external payable {
        require(msg.value >= fee, "fee");
    }

    function setFee(uint256 f) external onlyOwner {
        fee = f;
    }

    function close() external {
        selfdestruct(owner);
    }
}
