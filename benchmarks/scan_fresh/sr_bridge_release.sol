// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract BridgeGateway {
    address public relayerKey;
    IERC20 public token;
    mapping(uint256 => bool) public processed;

    constructor(address key, IERC20 _token) {
        relayerKey = key;
        token = _token;
    }

    function release(address to, uint256 amount, uint256 depositId, bytes32 r, bytes32 s, uint8 v) external {
        require(!processed[depositId], "done");
        bytes32 h = keccak256(abi.encode(to, amount, depositId));
        require(ecrecover(h, v, r, s) == relayerKey && relayerKey != address(0), "sig");
        processed[depositId] = true;
        require(token.transfer(to, amount), "transfer");
    }
}
