pragma solidity ^0.5.17;

contract EnglishAuction {
    address payable public seller;
    address payable public highestBidder;
    uint256 public highestBid;
    uint256 public endsAt;
    mapping(address => uint256) public refunds;

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
                refunds[prev] += prevBid;
                emit RefundFailed(prev, prevBid);
            }
        }
    }

    function withdrawRefund() external {
        uint256 amount = refunds[msg.sender];
        refunds[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
