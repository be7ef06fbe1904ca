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
        reward = r;
    }

    function claim(bytes32 proofSeed) public {
        require(!paid);
        require(keccak256(abi.encodePacked(proofSeed, msg.sender)) == targetHash);
        paid = true;
        msg.sender.transfer(reward);
    }
}
