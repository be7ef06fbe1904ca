// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract PluginWallet {
    address public owner;
    mapping(address => bool) public trustedPlugin;

    constructor() {
        owner = msg.sender;
    }

    receive() external payable {}

    function trust(address plugin, bool yes) external {
        require(msg.sender == owner, "owner");
        trustedPlugin[plugin] = yes;
    }

    function runPlugin(address plugin, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = plugin.delegatecall(data);
        require(ok, "plugin failed");
        return ret;
    }
}
