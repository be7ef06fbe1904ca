// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

interface IMintable {
    function mint(address to, uint256 amount) external;
}

contract VoucherMinter {
    address public immutable issuer;
    IMintable public immutable token;

    constructor(address _issuer, IMintable _token) {
        issuer = _issuer;
        token = _token;
    }

    function redeem(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", keccak256(abi.encodePacked(to, amount))));
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == issuer, "bad voucher");
        token.mint(to, amount);
    }
}
