pragma solidity 0.5.16;

contract OtcDesk {
    mapping(bytes => bool) public filled;
    mapping(address => uint256) public credit;

    function deposit() external payable {
        credit[msg.sender] += msg.value;
    }

    function split(bytes memory sig) internal pure returns (uint8 v, bytes32 r, bytes32 s) {
        require(sig.length == 65, "len");
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
    }

    function fill(address maker, uint256 price, bytes calldata sig) external payable {
        require(!filled[sig], "filled");
        require(msg.value == price, "price");
        (uint8 v, bytes32 r, bytes32 s) = split(sig);
        bytes32 h = keccak256(abi.encodePacked(address(this), maker, price));
        require(maker != address(0) && ecrecover(h, v, r, s) == maker, "sig");
        filled[sig] = true;
        credit[maker] += msg.value;
    }
}
