pragma solidity ^0.4.24;

contract JobQueue {
    address public manager;
    bytes32[] public jobs;

    constructor() public {
        manager = msg.sender;
    }

    function enqueue(bytes32 job) public {
        jobs.push(job);
    }

    function resize(uint256 n) public {
        jobs.length = n;
    }

    function update(uint256 i, bytes32 job) public {
        require(i < jobs.length);
        jobs[i] = job;
    }
}
