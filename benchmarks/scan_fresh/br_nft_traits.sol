// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract CreatureMint {
    uint256 public nextId;
    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => uint8) public rarity;

    function mint() external payable {
        require(msg.value == 0.03 ether, "price");
        uint256 id = nextId++;
        ownerOf[id] = msg.sender;
        uint256 roll = uint256(keccak256(abi.encodePacked(block.prevrandao, block.number, msg.sender, id))) % 100;
        rarity[id] = roll < 2 ? 3 : roll < 12 ? 2 : 1;
    }
}
