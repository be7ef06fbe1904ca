pragma solidity ^0.4.24;

contract NameRegistry {
    address public owner;
    uint256 public fee = 0.01 ether;
    struct Entry {
        address holder;
        bytes32 name;
    }
    mapping(bytes32 => Entry) public entries;

    constructor() public {
        owner = msg.sender;
    }

    function register(bytes32 name) public payable {
        require(msg.value >= fee);
        require(entries[name].holder == address(0));
        Entry e;
        e.holder = msg.sender;
        e.name = name;
        entries[name] = e;
    }

    function withdraw() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
