pragma solidity ^0.4.24;

contract ScoreBoard {
    address public admin;
    uint256 public bestScore;
    mapping(address => uint256[]) public history;

    constructor() public {
        admin = msg.sender;
    }

    function submit(uint256 score) public {
        uint256[] storage scores = history[msg.sender];
        require(scores.length < 100);
        scores.push(score);
        if (score > bestScore) bestScore = score;
    }

    function reset() public {
        require(msg.sender == admin);
        bestScore = 0;
    }
}
