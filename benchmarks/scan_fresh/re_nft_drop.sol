// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

interface IERC721Receiver {
    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data)
        external returns (bytes4);
}

contract GenesisDrop {
    uint256 public constant MAX_PER_WALLET = 2;
    uint256 public constant PRICE = 0.05 ether;
    uint256 public nextId = 1;
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;
    mapping(address => uint256) public mintedBy;

    function mint() external payable {
        require(msg.value == PRICE, "price");
        require(mintedBy[msg.sender] < MAX_PER_WALLET, "limit");
        uint256 id = nextId;
        ownerOf[id] = msg.sender;
        balanceOf[msg.sender] += 1;
        if (msg.sender.code.length > 0) {
            bytes4 r = IERC721Receiver(msg.sender).onERC721Received(msg.sender, address(0), id, "");
            require(r == IERC721Receiver.onERC721Received.selector, "receiver");
        }
        mintedBy[msg.sender] += 1;
        nextId = id + 1;
    }
}
