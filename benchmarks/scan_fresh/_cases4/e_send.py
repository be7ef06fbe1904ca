"""Set-4 ignored send failure and unchecked low-level call cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_weekly_lottery_old.sol",
        cls="ignored send failure",
        det=["ignored-send-failure", "unchecked-call"],
        ver="0.4.24",
        fn="draw",
        shape="0.4 lottery: winner.send result dropped, then the pot is reset",
        src=r"""
pragma solidity ^0.4.24;

contract WeeklyLottery {
    address public owner;
    address[] public tickets;
    uint public pot;
    uint public round;
    uint public ticketPrice = 0.01 ether;
    mapping (uint => address) public winners;

    constructor() public { owner = msg.sender; }

    function buy() public payable {
        require(msg.value == ticketPrice);
        tickets.push(msg.sender);
        pot += msg.value;
    }

    function draw(uint seed) public {
        require(msg.sender == owner);
        require(tickets.length > 0);
        address winner = tickets[seed % tickets.length];
        winners[round] = winner;
        uint prize = pot * 95 / 100;
        winner.send(prize);  //@
        owner.transfer(pot - prize);
        pot = 0;
        delete tickets;
        round++;
    }
}
""",
        fix=[("        winner.send(prize);  //@\n", "        require(winner.send(prize));\n")],
    ),
    dict(
        name="b4_english_auction.sol",
        cls="ignored send failure",
        det=["ignored-send-failure", "unchecked-call"],
        ver="0.5.17",
        fn="bid",
        shape="auction refunds the outbid bidder with send and ignores the result",
        src=r"""
pragma solidity ^0.5.17;

contract EnglishAuction {
    address payable public seller;
    address payable public highestBidder;
    uint256 public highestBid;
    uint256 public reserve;
    uint256 public endsAt;
    uint256 public minIncrementBps = 500;
    bool public settled;

    event NewBid(address indexed bidder, uint256 amount, uint256 endsAt);
    event Settled(address winner, uint256 amount);

    modifier whileOpen() {
        require(now < endsAt, "ended");
        _;
    }

    constructor(uint256 _reserve, uint256 duration) public {
        seller = msg.sender;
        reserve = _reserve;
        endsAt = now + duration;
    }

    function minNextBid() public view returns (uint256) {
        if (highestBid == 0) return reserve;
        return highestBid + highestBid * minIncrementBps / 10000;
    }

    function bid() external payable whileOpen {
        require(msg.value >= minNextBid(), "low");
        address payable previous = highestBidder;
        uint256 previousBid = highestBid;
        highestBidder = msg.sender;
        highestBid = msg.value;
        if (endsAt - now < 10 minutes) {
            endsAt = now + 10 minutes;
        }
        if (previous != address(0)) {
            previous.send(previousBid);  //@
        }
        emit NewBid(msg.sender, msg.value, endsAt);
    }

    function settle() external {
        require(now >= endsAt && !settled, "not yet");
        settled = true;
        emit Settled(highestBidder, highestBid);
        (bool ok, ) = seller.call.value(highestBid)("");
        require(ok, "seller");
    }

    event ReserveLowered(uint256 reserve);

    function lowerReserve(uint256 newReserve) external {
        require(msg.sender == seller, "seller");
        require(highestBid == 0 && newReserve < reserve, "reserve");
        reserve = newReserve;
        emit ReserveLowered(newReserve);
    }

    function setIncrement(uint256 bps) external {
        require(msg.sender == seller, "seller");
        require(bps >= 100 && bps <= 2000, "bps");
        minIncrementBps = bps;
    }

    function timeLeft() external view returns (uint256) {
        return now >= endsAt ? 0 : endsAt - now;
    }

    function cancel() external {
        require(msg.sender == seller && highestBid == 0, "cancel");
        endsAt = now;
        settled = true;
    }
}
""",
        fix=[
            (
                "    bool public settled;\n",
                "    bool public settled;\n    mapping(address => uint256) public refunds;\n",
            ),
            (
                "            previous.send(previousBid);  //@\n",
                "            if (!previous.send(previousBid)) refunds[previous] += previousBid;\n",
            ),
            (
                "    function settle() external {\n",
                "    function claimRefund() external {\n        uint256 r = refunds[msg.sender];\n        refunds[msg.sender] = 0;\n        msg.sender.transfer(r);\n    }\n\n    function settle() external {\n",
            ),
        ],
    ),
    dict(
        name="b4_keeper_registry.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.7.6",
        fn="performUpkeep",
        shape="keeper registry: the upkeep call's success flag is never read, yet the keeper is paid",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;
pragma abicoder v2;

contract KeeperRegistry {
    struct Upkeep {
        address target;
        address admin;
        uint96 balance;
        uint32 gasLimit;
        uint64 lastPerformed;
        uint32 interval;
        bool paused;
    }

    uint96 public constant PAYMENT = 0.002 ether;
    address public owner;
    mapping(address => bool) public keepers;
    mapping(uint256 => Upkeep) public upkeeps;
    mapping(address => uint256) public keeperEarnings;
    uint256 public upkeepCount;

    event Registered(uint256 indexed id, address target);
    event Performed(uint256 indexed id, address keeper);

    modifier onlyKeeper() {
        require(keepers[msg.sender], "not keeper");
        _;
    }

    constructor() {
        owner = msg.sender;
    }

    function setKeeper(address k, bool on) external {
        require(msg.sender == owner, "owner");
        keepers[k] = on;
    }

    function register(address target, uint32 gasLimit, uint32 interval) external payable returns (uint256 id) {
        require(gasLimit >= 50_000 && gasLimit <= 2_000_000, "gas");
        id = upkeepCount++;
        upkeeps[id] = Upkeep(target, msg.sender, uint96(msg.value), gasLimit, 0, interval, false);
        emit Registered(id, target);
    }

    function addFunds(uint256 id) external payable {
        upkeeps[id].balance += uint96(msg.value);
    }

    function pause(uint256 id, bool on) external {
        require(upkeeps[id].admin == msg.sender, "admin");
        upkeeps[id].paused = on;
    }

    function performUpkeep(uint256 id, bytes calldata performData) external onlyKeeper {
        Upkeep storage u = upkeeps[id];
        require(!u.paused, "paused");
        require(block.timestamp >= u.lastPerformed + u.interval, "too soon");
        require(u.balance >= PAYMENT, "unfunded");
        u.target.call{gas: u.gasLimit}(abi.encodeWithSignature("performUpkeep(bytes)", performData));  //@
        u.lastPerformed = uint64(block.timestamp);
        u.balance -= PAYMENT;
        keeperEarnings[msg.sender] += PAYMENT;
        emit Performed(id, msg.sender);
    }

    function withdrawEarnings() external {
        uint256 amount = keeperEarnings[msg.sender];
        keeperEarnings[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send");
    }

    function cancel(uint256 id) external {
        Upkeep storage u = upkeeps[id];
        require(u.admin == msg.sender, "admin");
        uint256 refund = u.balance;
        u.balance = 0;
        u.paused = true;
        (bool ok, ) = msg.sender.call{value: refund}("");
        require(ok, "refund");
    }
}
""",
        fix=[
            (
                '        u.target.call{gas: u.gasLimit}(abi.encodeWithSignature("performUpkeep(bytes)", performData));  //@\n',
                '        (bool success, ) = u.target.call{gas: u.gasLimit}(abi.encodeWithSignature("performUpkeep(bytes)", performData));\n        require(success, "upkeep failed");\n',
            )
        ],
    ),
    dict(
        name="b4_board_multisig_old.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.4.26",
        fn="executeTransaction",
        shape="0.4 multisig marks a transaction executed whatever its call returned",
        src=r"""
pragma solidity ^0.4.26;

contract BoardMultisig {
    struct Transaction {
        address destination;
        uint value;
        bytes data;
        bool executed;
        uint approvals;
    }

    mapping (address => bool) public isOwner;
    mapping (uint => mapping (address => bool)) public approved;
    Transaction[] public transactions;
    uint public required;

    event Submission(uint indexed id);
    event Execution(uint indexed id);

    modifier ownerOnly() {
        require(isOwner[msg.sender]);
        _;
    }

    constructor(address[] _owners, uint _required) public {
        require(_required > 0 && _required <= _owners.length);
        for (uint i = 0; i < _owners.length; i++) {
            isOwner[_owners[i]] = true;
        }
        required = _required;
    }

    function() public payable {}

    function submitTransaction(address destination, uint value, bytes data) public ownerOnly returns (uint id) {
        id = transactions.length;
        transactions.push(Transaction(destination, value, data, false, 0));
        emit Submission(id);
        approve(id);
    }

    function approve(uint id) public ownerOnly {
        require(!approved[id][msg.sender]);
        approved[id][msg.sender] = true;
        transactions[id].approvals += 1;
    }

    function executeTransaction(uint id) public ownerOnly {
        Transaction storage txn = transactions[id];
        require(!txn.executed && txn.approvals >= required);
        txn.executed = true;
        txn.destination.call.value(txn.value)(txn.data);  //@
        emit Execution(id);
    }

    modifier onlyWallet() {
        require(msg.sender == address(this));
        _;
    }

    function revoke(uint id) public ownerOnly {
        require(approved[id][msg.sender] && !transactions[id].executed);
        approved[id][msg.sender] = false;
        transactions[id].approvals -= 1;
    }

    function addOwner(address owner) public onlyWallet {
        require(!isOwner[owner] && owner != address(0));
        isOwner[owner] = true;
    }

    function removeOwner(address owner) public onlyWallet {
        require(isOwner[owner]);
        isOwner[owner] = false;
    }

    function changeRequirement(uint _required) public onlyWallet {
        require(_required > 0);
        required = _required;
    }

    function isConfirmed(uint id) public view returns (bool) {
        return transactions[id].approvals >= required;
    }
}
""",
        fix=[
            (
                "        txn.destination.call.value(txn.value)(txn.data);  //@\n",
                "        require(txn.destination.call.value(txn.value)(txn.data));\n",
            )
        ],
    ),
    dict(
        name="b4_salary_stream.vy",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="vyper 0.4",
        fn="withdraw_from_stream",
        shape="Vyper streaming payments: raw_call with revert_on_failure=False; the returned flag is assigned and never read",
        src=r"""
#pragma version ^0.4.0

struct Stream:
    sender: address
    recipient: address
    rate: uint256
    start: uint256
    stop: uint256
    withdrawn: uint256

streams: public(HashMap[uint256, Stream])
next_id: public(uint256)

event StreamCreated:
    id: indexed(uint256)
    recipient: address
    rate: uint256

@external
@payable
def create_stream(recipient: address, duration: uint256) -> uint256:
    assert duration > 0 and msg.value % duration == 0
    sid: uint256 = self.next_id
    self.streams[sid] = Stream(sender=msg.sender, recipient=recipient, rate=msg.value // duration, start=block.timestamp, stop=block.timestamp + duration, withdrawn=0)
    self.next_id = sid + 1
    log StreamCreated(id=sid, recipient=recipient, rate=msg.value // duration)
    return sid

@view
@internal
def _vested(s: Stream) -> uint256:
    t: uint256 = min(block.timestamp, s.stop)
    return (t - s.start) * s.rate - s.withdrawn

@view
@external
def available(sid: uint256) -> uint256:
    return self._vested(self.streams[sid])

@external
def withdraw_from_stream(sid: uint256):
    s: Stream = self.streams[sid]
    assert msg.sender == s.recipient
    amount: uint256 = self._vested(s)
    self.streams[sid].withdrawn = s.withdrawn + amount
    sent: bool = raw_call(s.recipient, b"", value=amount, revert_on_failure=False)  #@
""",
        fix=[
            (
                '    sent: bool = raw_call(s.recipient, b"", value=amount, revert_on_failure=False)  #@\n',
                '    sent: bool = raw_call(s.recipient, b"", value=amount, revert_on_failure=False)\n    assert sent\n',
            )
        ],
    ),
]
