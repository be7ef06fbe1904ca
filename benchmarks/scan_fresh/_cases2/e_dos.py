"""Denial-of-service cases (loops over user-grown arrays, push payments in a loop, a blocking recipient) for the second blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b2_ul_reward_snapshot.sol",
        cls="DoS (unbounded loop)",
        det=["unbounded-loop"],
        ver="0.8.20",
        fn="snapshot",
        shape="anyone can register(); snapshot() walks every registered member in one transaction",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract MembershipRewards {
    address public admin;
    address[] public members;
    mapping(address => bool) public isMember;
    mapping(address => uint256) public points;
    uint256 public epoch;

    constructor() {
        admin = msg.sender;
    }

    function register() external {
        require(!isMember[msg.sender], "member");
        isMember[msg.sender] = true;
        members.push(msg.sender);
    }

    function snapshot(uint256 pointsEach) external {
        require(msg.sender == admin, "admin");
        for (uint256 i = 0; i < members.length; ++i) {  //@
            points[members[i]] += pointsEach;
        }
        epoch++;
    }
}
""",
        fix=[
            (
                '    function snapshot(uint256 pointsEach) external {\n        require(msg.sender == admin, "admin");\n        for (uint256 i = 0; i < members.length; ++i) {  //@\n',
                '    function snapshot(uint256 pointsEach, uint256 from, uint256 to) external {\n        require(msg.sender == admin, "admin");\n        require(from < to && to <= members.length && to - from <= 200, "range");\n        for (uint256 i = from; i < to; ++i) {\n',
            )
        ],
    ),
    dict(
        name="b2_cil_dividend_push.sol",
        cls="DoS (push payment in a loop)",
        det=["call-in-loop"],
        ver="0.5.17",
        fn="distribute",
        shape="dividends pushed with require(transfer) to every shareholder; one reverting holder blocks all",
        src="""
pragma solidity ^0.5.17;

contract DividendPool {
    address public owner;
    address payable[] public holders;
    mapping(address => uint256) public shares;
    uint256 public totalShares;

    constructor() public {
        owner = msg.sender;
    }

    function buyShares() external payable {
        require(msg.value >= 0.01 ether, "min");
        if (shares[msg.sender] == 0) holders.push(msg.sender);
        shares[msg.sender] += msg.value;
        totalShares += msg.value;
    }

    function distribute() external payable {
        require(msg.sender == owner, "owner");
        for (uint256 i = 0; i < holders.length; i++) {
            uint256 cut = msg.value * shares[holders[i]] / totalShares;
            holders[i].transfer(cut);  //@
        }
    }
}
""",
        fix=[
            (
                "    uint256 public totalShares;\n",
                "    uint256 public totalShares;\n    uint256 public perShare;\n    mapping(address => uint256) public paidPerShare;\n    mapping(address => uint256) public owed;\n\n    function _settle(address who) internal {\n        owed[who] += shares[who] * (perShare - paidPerShare[who]) / 1e18;\n        paidPerShare[who] = perShare;\n    }\n",
            ),
            (
                '        require(msg.value >= 0.01 ether, "min");\n',
                '        require(msg.value >= 0.01 ether, "min");\n        _settle(msg.sender);\n',
            ),
            (
                "        for (uint256 i = 0; i < holders.length; i++) {\n            uint256 cut = msg.value * shares[holders[i]] / totalShares;\n            holders[i].transfer(cut);  //@\n        }\n    }\n",
                "        perShare += msg.value * 1e18 / totalShares;\n    }\n\n    function claim() external {\n        _settle(msg.sender);\n        uint256 amount = owed[msg.sender];\n        owed[msg.sender] = 0;\n        msg.sender.transfer(amount);\n    }\n",
            ),
        ],
    ),
    dict(
        name="b2_brc_throne.sol",
        cls="DoS (blocking recipient)",
        det=["blocking-recipient"],
        ver="0.4.24",
        fn="claimThrone",
        shape="King-of-the-hill: the old king is refunded with transfer before the new one takes over",
        src="""
pragma solidity ^0.4.24;

contract Throne {
    address public king;
    uint public price;
    address public owner;

    constructor() public payable {
        owner = msg.sender;
        king = msg.sender;
        price = msg.value;
    }

    function claimThrone() public payable {
        require(msg.value > price);
        uint fee = msg.value / 50;
        king.transfer(msg.value - fee);  //@
        owner.transfer(fee);
        king = msg.sender;
        price = msg.value;
    }
}
""",
        fix=[
            (
                "    address public owner;\n",
                "    address public owner;\n    mapping(address => uint) public refunds;\n",
            ),
            (
                "        king.transfer(msg.value - fee);  //@\n        owner.transfer(fee);\n",
                "        refunds[king] += msg.value - fee;\n        refunds[owner] += fee;\n",
            ),
            (
                "        price = msg.value;\n    }\n}\n",
                "        price = msg.value;\n    }\n\n    function withdrawRefund() public {\n        uint amount = refunds[msg.sender];\n        refunds[msg.sender] = 0;\n        msg.sender.transfer(amount);\n    }\n}\n",
            ),
        ],
    ),
    dict(
        name="b2_cil_vyper_queue.vy",
        cls="DoS (push payment in a loop)",
        det=["call-in-loop"],
        ver="0.3.10",
        fn="process",
        shape="Vyper 0.3: a storage DynArray anyone grows, drained in one call that pays each entry",
        src="""
# @version ^0.3.7

struct Request:
    who: address
    amount: uint256

queue: public(DynArray[Request, 4096])
operator: public(address)


@external
def __init__():
    self.operator = msg.sender


@external
@payable
def enqueue():
    self.queue.append(Request({who: msg.sender, amount: msg.value}))


@external
def process():
    assert msg.sender == self.operator
    for r in self.queue:  #@
        send(r.who, r.amount)
    self.queue = []
""",
        fix=[
            (
                "queue: public(DynArray[Request, 4096])\n",
                "queue: public(DynArray[Request, 4096])\nowed: public(HashMap[address, uint256])\n",
            ),
            (
                "    self.queue.append(Request({who: msg.sender, amount: msg.value}))\n",
                "    self.owed[msg.sender] += msg.value\n",
            ),
            (
                "def process():\n    assert msg.sender == self.operator\n    for r in self.queue:  #@\n        send(r.who, r.amount)\n    self.queue = []\n",
                "def withdraw():\n    amount: uint256 = self.owed[msg.sender]\n    self.owed[msg.sender] = 0\n    send(msg.sender, amount)\n",
            ),
        ],
    ),
    dict(
        name="b2_ul_lockup_total.sol",
        cls="DoS (unbounded loop)",
        det=["unbounded-loop"],
        ver="0.6.12",
        fn="_unlocked",
        shape="every lock() pushes a struct; withdraw() sums all of the caller's locks in a loop (anyone can spam locks for a victim)",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

contract TokenLockup {
    struct Lock { uint128 amount; uint64 releaseAt; bool taken; }

    mapping(address => Lock[]) public locks;
    mapping(address => uint256) public withdrawn;

    function lockFor(address beneficiary, uint64 releaseAt) external payable {
        require(msg.value > 0, "zero");
        locks[beneficiary].push(Lock(uint128(msg.value), releaseAt, false));
    }

    function _unlocked(address who) internal view returns (uint256 total) {
        Lock[] storage l = locks[who];
        for (uint256 i = 0; i < l.length; i++) {  //@
            if (l[i].releaseAt <= block.number) total += l[i].amount;
        }
    }

    function withdraw() external {
        uint256 amount = _unlocked(msg.sender) - withdrawn[msg.sender];
        withdrawn[msg.sender] += amount;
        msg.sender.transfer(amount);
    }
}
""",
        fix=[
            (
                "    function _unlocked(address who) internal view returns (uint256 total) {\n        Lock[] storage l = locks[who];\n        for (uint256 i = 0; i < l.length; i++) {  //@\n",
                "    function _unlocked(address who) internal view returns (uint256 total) {\n        Lock[] storage l = locks[who];\n        uint256 n = l.length < 50 ? l.length : 50;\n        for (uint256 i = 0; i < n; i++) {\n",
            ),
            (
                '    function lockFor(address beneficiary, uint64 releaseAt) external payable {\n        require(msg.value > 0, "zero");\n',
                '    function lockFor(address beneficiary, uint64 releaseAt) external payable {\n        require(msg.value > 0, "zero");\n        require(msg.sender == beneficiary && locks[beneficiary].length < 50, "lock limit");\n',
            ),
        ],
    ),
]
