// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

contract SimpleProxy {
    address public implementation;
    address public admin;

    event Upgraded(address indexed impl);

    constructor(address impl) {
        implementation = impl;
        admin = msg.sender;
    }

    function upgradeTo(address impl) external {
        require(impl.code.length > 0, "not a contract");
        implementation = impl;
        emit Upgraded(impl);
    }

    fallback() external payable {
        address impl = implementation;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }
}
