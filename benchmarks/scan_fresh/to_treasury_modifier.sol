// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract DaoTreasury {
    address public council;
    IERC20 public immutable token;

    event Grant(address indexed to, uint256 amount);

    constructor(IERC20 _token) {
        council = msg.sender;
        token = _token;
    }

    modifier onlyCouncil() {
        require(tx.origin == council, "council");
        _;
    }

    function grant(address to, uint256 amount) external onlyCouncil {
        require(token.transfer(to, amount), "transfer");
        emit Grant(to, amount);
    }

    function setCouncil(address next) external onlyCouncil {
        council = next;
    }
}
