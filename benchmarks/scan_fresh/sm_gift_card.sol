// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract GiftCards {
    address public immutable store;
    mapping(bytes32 => bool) public usedSig;

    constructor(address _store) payable {
        store = _store;
    }

    function claim(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 sigId = keccak256(abi.encodePacked(r, s, v));
        require(!usedSig[sigId], "used");
        bytes32 h = keccak256(abi.encodePacked(block.chainid, address(this), msg.sender, amount));
        address signer = ecrecover(h, v, r, s);
        require(signer != address(0) && signer == store, "sig");
        usedSig[sigId] = true;
        payable(msg.sender).transfer(amount);
    }
}
