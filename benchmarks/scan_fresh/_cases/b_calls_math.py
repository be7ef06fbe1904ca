"""Unchecked call/send, ignored send failure and integer overflow cases for the fresh recall set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="uc_payroll.sol",
        cls="unchecked call",
        det=["unchecked-call"],
        ver="0.4.24",
        fn="payMonth",
        shape="send() result dropped, the month marked paid anyway",
        src="""
pragma solidity ^0.4.24;

contract Payroll {
    address public employer;
    mapping(address => uint256) public salary;
    mapping(address => uint256) public lastPaid;

    constructor() public {
        employer = msg.sender;
    }

    function () public payable {}

    function hire(address worker, uint256 monthly) public {
        require(msg.sender == employer);
        salary[worker] = monthly;
    }

    function payMonth(address worker) public {
        require(msg.sender == employer);
        require(now >= lastPaid[worker] + 30 days);
        lastPaid[worker] = now;
        worker.send(salary[worker]);  //@
    }
}
""",
        fix=[("        worker.send(salary[worker]);  //@", "        require(worker.send(salary[worker]));")],
    ),
    dict(
        name="uc_multisig_exec.sol",
        cls="unchecked call",
        det=["unchecked-call"],
        ver="0.7.6",
        fn="execute",
        shape="low-level call with data whose success flag is never read; the proposal is marked executed",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract TwoOfThree {
    address[3] public signers;
    struct Proposal {
        address to;
        uint256 value;
        bytes data;
        uint8 approvals;
        bool executed;
    }
    Proposal[] public proposals;
    mapping(uint256 => mapping(address => bool)) public approved;

    constructor(address[3] memory _signers) {
        signers = _signers;
    }

    receive() external payable {}

    function isSigner(address a) public view returns (bool) {
        return a == signers[0] || a == signers[1] || a == signers[2];
    }

    function propose(address to, uint256 value, bytes calldata data) external returns (uint256) {
        require(isSigner(msg.sender), "signer");
        proposals.push(Proposal(to, value, data, 0, false));
        return proposals.length - 1;
    }

    function approve(uint256 id) external {
        require(isSigner(msg.sender), "signer");
        require(!approved[id][msg.sender], "twice");
        approved[id][msg.sender] = true;
        proposals[id].approvals += 1;
    }

    function execute(uint256 id) external {
        Proposal storage p = proposals[id];
        require(p.approvals >= 2, "approvals");
        require(!p.executed, "executed");
        p.executed = true;
        p.to.call{value: p.value}(p.data);  //@
    }
}
""",
        fix=[
            (
                "        p.to.call{value: p.value}(p.data);  //@",
                """        (bool ok, ) = p.to.call{value: p.value}(p.data);
        require(ok, "call failed");""",
            )
        ],
    ),
    dict(
        name="uc_vyper_splitter.vy",
        cls="unchecked call",
        det=["unchecked-call"],
        ver="vyper 0.3.10",
        fn="release",
        shape="raw_call with revert_on_failure=False; the returned bool is stored but never checked",
        src="""
# @version ^0.3.10

payee: public(address)
released: public(uint256)

@external
def __init__(_payee: address):
    self.payee = _payee

@external
@payable
def __default__():
    pass

@external
def release():
    amount: uint256 = self.balance
    self.released += amount
    ok: bool = raw_call(self.payee, b"", value=amount, revert_on_failure=False)  #@
""",
        fix=[
            (
                """    ok: bool = raw_call(self.payee, b"", value=amount, revert_on_failure=False)  #@""",
                '''    ok: bool = raw_call(self.payee, b"", value=amount, revert_on_failure=False)
    assert ok, "payment failed"''',
            )
        ],
    ),
    dict(
        name="isf_auction_refund.sol",
        cls="ignored send failure",
        det=["ignored-send-failure"],
        ver="0.5.17",
        fn="bid",
        shape="failed refund to the outbid bidder only emits an event",
        src="""
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
            if (!prev.send(prevBid)) {  //@
                emit RefundFailed(prev, prevBid);  //@
            }
        }
    }
}
""",
        fix=[
            (
                "    uint256 public endsAt;\n",
                "    uint256 public endsAt;\n    mapping(address => uint256) public refunds;\n",
            ),
            (
                """            if (!prev.send(prevBid)) {  //@
                emit RefundFailed(prev, prevBid);  //@
            }""",
                """            if (!prev.send(prevBid)) {
                refunds[prev] += prevBid;
                emit RefundFailed(prev, prevBid);
            }""",
            ),
            (
                "            }\n        }\n    }\n}\n",
                "            }\n        }\n    }\n\n    function withdrawRefund() external {\n"
                "        uint256 amount = refunds[msg.sender];\n        refunds[msg.sender] = 0;\n"
                "        msg.sender.transfer(amount);\n    }\n}\n",
            ),
        ],
    ),
    dict(
        name="isf_milestone_escrow.sol",
        cls="ignored send failure",
        det=["ignored-send-failure"],
        ver="0.8.17",
        fn="approveMilestone",
        shape="call{value} failure branch left empty, milestone still paid",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.17;

contract MilestoneEscrow {
    address public client;
    address payable public freelancer;
    uint256[] public milestones;
    uint256 public nextMilestone;

    constructor(address payable _freelancer, uint256[] memory amounts) payable {
        client = msg.sender;
        freelancer = _freelancer;
        milestones = amounts;
    }

    function approveMilestone() external {
        require(msg.sender == client, "client");
        require(nextMilestone < milestones.length, "done");
        uint256 amount = milestones[nextMilestone];
        nextMilestone += 1;
        (bool sent, ) = freelancer.call{value: amount}("");  //@
        if (!sent) {  //@
        }
    }
}
""",
        fix=[
            (
                """        (bool sent, ) = freelancer.call{value: amount}("");  //@
        if (!sent) {  //@
        }""",
                """        (bool sent, ) = freelancer.call{value: amount}("");
        if (!sent) {
            revert("payment failed");
        }""",
            )
        ],
    ),
    dict(
        name="io_batch_token.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.4.24",
        fn="airdrop",
        shape="count * value product wraps; per-recipient credit exceeds the debit",
        src="""
pragma solidity ^0.4.24;

contract PromoToken {
    string public name = "Promo";
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    constructor(uint256 supply) public {
        balanceOf[msg.sender] = supply;
        totalSupply = supply;
    }

    function transfer(address to, uint256 value) public returns (bool) {
        require(balanceOf[msg.sender] >= value);
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        return true;
    }

    function airdrop(address[] recipients, uint256 value) public returns (bool) {
        uint256 total = recipients.length * value;  //@
        require(balanceOf[msg.sender] >= total);
        balanceOf[msg.sender] -= total;
        for (uint256 i = 0; i < recipients.length; i++) {
            balanceOf[recipients[i]] += value;
        }
        return true;
    }
}
""",
        fix=[
            (
                "        uint256 total = recipients.length * value;  //@",
                "        require(value == 0 || recipients.length <= uint256(-1) / value);\n"
                "        uint256 total = recipients.length * value;",
            )
        ],
    ),
    dict(
        name="io_timelock_extend.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.5.16",
        fn="extendLock",
        shape="+= on a lock time lets the holder wrap it to the past",
        src="""
pragma solidity 0.5.16;

contract TimeLockedWallet {
    mapping(address => uint256) public balance;
    mapping(address => uint256) public unlockAt;

    function lock(uint256 duration) external payable {
        balance[msg.sender] += msg.value;
        if (unlockAt[msg.sender] < now + duration) {
            unlockAt[msg.sender] = now + duration;
        }
    }

    function extendLock(uint256 extra) external {
        unlockAt[msg.sender] += extra;  //@
    }

    function withdraw() external {
        require(now >= unlockAt[msg.sender], "locked");
        uint256 amount = balance[msg.sender];
        balance[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
""",
        fix=[
            (
                "        if (unlockAt[msg.sender] < now + duration) {",
                '        require(now + duration >= now, "overflow");\n        if (unlockAt[msg.sender] < now + duration) {',
            ),
            (
                "        unlockAt[msg.sender] += extra;  //@",
                """        uint256 next = unlockAt[msg.sender] + extra;
        require(next >= unlockAt[msg.sender], "overflow");
        unlockAt[msg.sender] = next;""",
            ),
        ],
    ),
    dict(
        name="io_points_unchecked.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.8.22",
        fn="redeem",
        shape="0.8 unchecked subtraction without a balance check",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.22;

contract LoyaltyPoints {
    address public shop;
    mapping(address => uint256) public points;

    event Redeemed(address indexed who, uint256 points, uint256 reward);

    constructor() {
        shop = msg.sender;
    }

    function award(address customer, uint256 amount) external {
        require(msg.sender == shop, "shop");
        points[customer] += amount;
    }

    function redeem(uint256 amount) external {
        unchecked {
            points[msg.sender] -= amount;  //@
        }
        emit Redeemed(msg.sender, amount, amount / 100);
    }
}
""",
        fix=[
            ("        unchecked {\n", '        require(points[msg.sender] >= amount, "points");\n        unchecked {\n')
        ],
    ),
    dict(
        name="io_crowdsale_rate.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.6.12",
        fn="buy",
        shape="msg.value * rate and sold + tokens without SafeMath before 0.8",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract SimpleCrowdsale {
    address payable public wallet;
    uint256 public rate;
    uint256 public cap;
    uint256 public sold;
    mapping(address => uint256) public tokensOf;

    constructor(address payable _wallet, uint256 _rate, uint256 _cap) public {
        wallet = _wallet;
        rate = _rate;
        cap = _cap;
    }

    function buy() external payable {
        uint256 tokens = msg.value * rate;  //@
        require(sold + tokens <= cap, "cap");  //@
        sold += tokens;
        tokensOf[msg.sender] += tokens;
        wallet.transfer(msg.value);
    }
}
""",
        fix=[
            (
                """        uint256 tokens = msg.value * rate;  //@
        require(sold + tokens <= cap, "cap");  //@""",
                """        require(rate == 0 || msg.value <= uint256(-1) / rate, "overflow");
        uint256 tokens = msg.value * rate;
        require(tokens <= cap && sold <= cap - tokens, "cap");""",
            )
        ],
    ),
    dict(
        name="io_reward_unchecked_mul.sol",
        cls="integer overflow",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="pending",
        shape="reward accrual multiplied inside unchecked for gas",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

contract FarmRewards {
    uint256 public rewardPerSecond;
    address public owner;
    mapping(address => uint256) public staked;
    mapping(address => uint256) public since;

    constructor(uint256 rps) {
        owner = msg.sender;
        rewardPerSecond = rps;
    }

    function stake() external payable {
        staked[msg.sender] += msg.value;
        since[msg.sender] = block.timestamp;
    }

    function pending(address user) public view returns (uint256 r) {
        unchecked {
            r = staked[user] * (block.timestamp - since[user]) * rewardPerSecond / 1e18;  //@
        }
    }
}
""",
        fix=[
            (
                """        unchecked {
            r = staked[user] * (block.timestamp - since[user]) * rewardPerSecond / 1e18;  //@
        }""",
                """        r = staked[user] * (block.timestamp - since[user]) * rewardPerSecond / 1e18;""",
            )
        ],
    ),
]
