pragma solidity ^0.4.24;

contract BugBounty {
    address public sponsor;
    uint256 public reward;
    bytes32 public targetHash;
    bool public paid;

    constructor(bytes32 h) public payable {
        sponsor = msg.sender;
        reward = msg.value;
        targetHash = h;
    }

    function setReward(uint256 r) public {
        require(msg.sender == sponsor);
        require(!paid);
        require(r >= reward);
        reward = r;
    }

    function claim(bytes32 proofSeed, uint256 expectedReward) public {
        require(!paid);
        require(reward >= expectedReward);
        require(keccak256(abi.encodePacked(proofSeed, msg.sender)) == targetHash);
        paid = true;
        msg.sender.transfer(reward);
    }
}
