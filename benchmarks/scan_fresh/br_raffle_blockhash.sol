// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

contract CharityRaffle {
    address[] public entrants;
    uint256 public immutable closesAt;
    address public winner;

    constructor(uint256 duration) {
        closesAt = block.timestamp + duration;
    }

    function enter() external payable {
        require(block.timestamp < closesAt, "closed");
        require(msg.value == 0.02 ether, "fee");
        entrants.push(msg.sender);
    }

    function settle() external {
        require(block.timestamp >= closesAt && winner == address(0), "state");
        uint256 pick = uint256(blockhash(block.number - 1)) % entrants.length;
        winner = entrants[pick];
        payable(winner).transfer(address(this).balance / 2);
    }
}
