// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract RiddlePrize {
    bytes32 public immutable answerHash;
    bool public solved;

    constructor(bytes32 h) payable {
        answerHash = h;
    }

    function answer(string calldata guess) external {
        require(!solved, "solved");
        require(keccak256(bytes(guess)) == answerHash, "wrong");
        solved = true;
        payable(msg.sender).transfer(address(this).balance);
    }
}
