pragma solidity ^0.5.17;

interface IHookToken {
    function send(address recipient, uint256 amount, bytes calldata data) external;
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract TokenEscrow {
    struct Deal {
        address buyer;
        address seller;
        uint256 amount;
        bool released;
    }

    IHookToken public token;
    mapping(uint256 => Deal) public deals;
    uint256 public lockedTotal;

    constructor(IHookToken _token) public {
        token = _token;
    }

    function open(uint256 id, address seller, uint256 amount) external {
        require(deals[id].buyer == address(0), "exists");
        require(token.transferFrom(msg.sender, address(this), amount), "fund");
        deals[id] = Deal(msg.sender, seller, amount, false);
        lockedTotal += amount;
    }

    function release(uint256 id) external {
        Deal storage d = deals[id];
        require(msg.sender == d.buyer, "buyer");
        require(!d.released, "done");
        token.send(d.seller, d.amount, "");
        d.released = true;
        lockedTotal -= d.amount;
    }
}
