pragma solidity ^0.4.24;

contract UpgradableRegistry {
    address public owner;
    address public logic;
    mapping(bytes32 => address) public records;

    constructor(address _logic) public {
        owner = msg.sender;
        logic = _logic;
    }

    function setLogic(address _logic) public {
        require(msg.sender == owner);
        logic = _logic;
    }

    function forward(address target, bytes data) public returns (bool) {
        require(msg.sender == owner && target == logic);
        return target.delegatecall(data);
    }
}
