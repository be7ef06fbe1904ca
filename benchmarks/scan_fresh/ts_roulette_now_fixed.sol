pragma solidity ^0.5.17;

contract TimeRoulette {
    uint256 public lastSpin;
    mapping(address => bytes32) public commits;
    mapping(address => uint256) public commitBlock;

    function commit(bytes32 h) external {
        commits[msg.sender] = h;
        commitBlock[msg.sender] = block.number;
    }

    function () external payable {}

    function spin(bytes32 secret) external payable {
        require(msg.value == 1 ether, "stake");
        require(keccak256(abi.encodePacked(secret)) == commits[msg.sender], "commit");
        require(block.number > commitBlock[msg.sender], "same block");
        delete commits[msg.sender];
        if (uint256(keccak256(abi.encodePacked(secret, address(this)))) % 7 == 0) {
            msg.sender.transfer(address(this).balance);
        }
    }
}
