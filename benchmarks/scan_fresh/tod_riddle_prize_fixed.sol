// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract RiddlePrize {
    bytes32 public immutable answerHash;
    bool public solved;
    mapping(address => bytes32) public commitOf;
    mapping(address => uint256) public commitAt;

    function commit(bytes32 c) external {
        commitOf[msg.sender] = c;
        commitAt[msg.sender] = block.number;
    }

    constructor(bytes32 h) payable {
        answerHash = h;
    }

    function answer(string calldata guess) external {
        require(!solved, "solved");
        require(commitAt[msg.sender] != 0 && commitAt[msg.sender] < block.number, "commit first");
        require(commitOf[msg.sender] == keccak256(abi.encodePacked(msg.sender, guess)), "commit");
        require(keccak256(bytes(guess)) == answerHash, "wrong");
        solved = true;
        payable(msg.sender).transfer(address(this).balance);
    }
}
