// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;
pragma abicoder v2;

contract GaslessForwarder {
    struct Request {
        address from;
        address to;
        uint256 gas;
        bytes data;
    }

    function recover(bytes32 h, bytes memory sig) internal pure returns (address) {
        require(sig.length == 65, "len");
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
        return ecrecover(h, v, r, s);
    }

    function relay(Request calldata req, bytes calldata sig) external returns (bytes memory) {
        uint256 id;
        assembly { id := chainid() }
        bytes32 h = keccak256(abi.encode(id, address(this), req.from, req.to, req.gas, keccak256(req.data)));
        require(recover(h, sig) == req.from && req.from != address(0), "signature");
        (bool ok, bytes memory ret) = req.to.call{gas: req.gas}(abi.encodePacked(req.data, req.from));
        require(ok, "call");
        return ret;
    }
}
