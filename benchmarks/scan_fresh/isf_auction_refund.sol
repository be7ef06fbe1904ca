pragma solidity ^0.5.17;

contract EnglishAuction {
    address payable public seller;
    address payable public highestBidder;
    uint256 public highestBid;
    uint256 public endsAt;

    event RefundFailed(address bidder, uint256 amount);

    constructor(uint256 duration) public {
        seller = msg.sender;
        endsAt = now + duration;
    }

    function bid() external payable {
        require(now < endsAt, "ended");
        require(msg.value > highestBid, "low");
        address payable prev = highestBidder;
        uint256 prevBid = highestBid;
        highestBidder = msg.sender;
        highestBid = msg.value;
        if (prev != address(0)) {
            if (!prev.send(prevBid)) {
                emit RefundFailed(prev, prevBid);
            }
        }
    }
}
