// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

interface IVrf {
    function request(uint256 id) external;
}

contract CreatureMint {
    IVrf public immutable vrf;
    uint256 public nextId;
    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => uint8) public rarity;

    constructor(IVrf _vrf) {
        vrf = _vrf;
    }

    function mint() external payable {
        require(msg.value == 0.03 ether, "price");
        uint256 id = nextId++;
        ownerOf[id] = msg.sender;
        vrf.request(id);
    }

    function fulfil(uint256 id, uint256 word) external {
        require(msg.sender == address(vrf), "vrf");
        require(rarity[id] == 0, "set");
        uint256 roll = word % 100;
        rarity[id] = roll < 2 ? 3 : roll < 12 ? 2 : 1;
    }
}
