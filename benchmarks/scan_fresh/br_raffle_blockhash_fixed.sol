// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

interface IRandomBeacon {
    function randomness(uint256 round) external view returns (uint256);
}

contract CharityRaffle {
    IRandomBeacon public immutable beacon;
    address[] public entrants;
    uint256 public immutable closesAt;
    address public winner;

    constructor(uint256 duration, IRandomBeacon _beacon) {
        beacon = _beacon;
        closesAt = block.timestamp + duration;
    }

    function enter() external payable {
        require(block.timestamp < closesAt, "closed");
        require(msg.value == 0.02 ether, "fee");
        entrants.push(msg.sender);
    }

    function settle() external {
        require(block.timestamp >= closesAt && winner == address(0), "state");
        uint256 pick = beacon.randomness(closesAt) % entrants.length;
        winner = entrants[pick];
        payable(winner).transfer(address(this).balance / 2);
    }
}
