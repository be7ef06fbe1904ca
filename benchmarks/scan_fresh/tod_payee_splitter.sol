// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract RoyaltyPot {
    address public artist;
    address payable public beneficiary;

    constructor() public {
        artist = msg.sender;
        beneficiary = msg.sender;
    }

    receive() external payable {}

    function setBeneficiary(address payable b) external {
        beneficiary = b;
    }

    function payout() external {
        require(msg.sender == artist, "artist");
        beneficiary.transfer(address(this).balance);
    }
}
