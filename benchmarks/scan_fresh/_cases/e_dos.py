"""Denial-of-service cases (call in loop, unbounded loop, king of the hill) for the fresh recall set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="dos_presale_refund.sol",
        cls="DoS",
        det=["call-in-loop"],
        ver="0.5.17",
        fn="refundAll",
        shape="refund every investor with transfer() inside one loop",
        src="""
pragma solidity ^0.5.17;

contract Presale {
    address public manager;
    address payable[] public investors;
    mapping(address => uint256) public invested;
    bool public cancelled;

    constructor() public {
        manager = msg.sender;
    }

    function invest() external payable {
        require(!cancelled, "cancelled");
        if (invested[msg.sender] == 0) investors.push(msg.sender);
        invested[msg.sender] += msg.value;
    }

    function refundAll() external {
        require(msg.sender == manager, "manager");
        cancelled = true;
        for (uint256 i = 0; i < investors.length; i++) {
            uint256 amount = invested[investors[i]];
            invested[investors[i]] = 0;
            investors[i].transfer(amount);  //@
        }
    }
}
""",
        fix=[
            (
                """    function refundAll() external {
        require(msg.sender == manager, "manager");
        cancelled = true;
        for (uint256 i = 0; i < investors.length; i++) {
            uint256 amount = invested[investors[i]];
            invested[investors[i]] = 0;
            investors[i].transfer(amount);  //@
        }
    }""",
                """    function cancel() external {
        require(msg.sender == manager, "manager");
        cancelled = true;
    }

    function claimRefund() external {
        require(cancelled, "not cancelled");
        uint256 amount = invested[msg.sender];
        invested[msg.sender] = 0;
        msg.sender.transfer(amount);
    }""",
            )
        ],
    ),
    dict(
        name="dos_dividend_loop.sol",
        cls="DoS",
        det=["unbounded-loop", "call-in-loop", "unbounded-growth"],
        ver="0.8.21",
        fn="distribute",
        shape="anyone can register; distribute() walks the whole holder list",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract DividendClub {
    address[] public members;
    mapping(address => bool) public isMember;
    mapping(address => uint256) public owed;
    uint256 public totalOwed;

    function join() external payable {
        require(msg.value == 0.001 ether, "fee");
        require(!isMember[msg.sender], "member");
        isMember[msg.sender] = true;
        members.push(msg.sender);
    }

    receive() external payable {}

    function distribute() external {
        uint256 share = (address(this).balance - totalOwed) / members.length;
        for (uint256 i = 0; i < members.length; i++) {  //@
            owed[members[i]] += share;
        }
        totalOwed += share * members.length;
    }

    function claim() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        totalOwed -= amount;
        payable(msg.sender).transfer(amount);
    }
}
""",
        fix=[
            (
                "    mapping(address => uint256) public owed;\n",
                "    mapping(address => uint256) public owed;\n    uint256 public cursor;\n    uint256 public roundShare;\n",
            ),
            (
                """    function distribute() external {
        uint256 share = (address(this).balance - totalOwed) / members.length;
        for (uint256 i = 0; i < members.length; i++) {  //@
            owed[members[i]] += share;
        }
        totalOwed += share * members.length;
    }""",
                """    function distribute(uint256 maxSteps) external {
        require(maxSteps <= 200, "batch");
        if (cursor == 0) roundShare = (address(this).balance - totalOwed) / members.length;
        uint256 end = cursor + maxSteps;
        if (end > members.length) end = members.length;
        for (uint256 i = cursor; i < end; i++) {
            owed[members[i]] += roundShare;
        }
        totalOwed += roundShare * (end - cursor);
        cursor = end == members.length ? 0 : end;
    }""",
            ),
        ],
    ),
    dict(
        name="dos_throne.sol",
        cls="DoS",
        det=["blocking-recipient"],
        ver="0.8.19",
        fn="claimThrone",
        shape="king of the hill: previous king must accept the refund for a new king to be crowned",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

contract Throne {
    address payable public king;
    uint256 public prize;

    constructor() payable {
        king = payable(msg.sender);
        prize = msg.value;
    }

    function claimThrone() external payable {
        require(msg.value > prize, "bid higher");
        (bool ok, ) = king.call{value: prize}("");  //@
        require(ok, "refund failed");  //@
        king = payable(msg.sender);
        prize = msg.value;
    }
}
""",
        fix=[
            (
                "    uint256 public prize;\n",
                "    uint256 public prize;\n    mapping(address => uint256) public refunds;\n",
            ),
            (
                """        (bool ok, ) = king.call{value: prize}("");  //@
        require(ok, "refund failed");  //@
""",
                """        refunds[king] += prize;
""",
            ),
            (
                "        prize = msg.value;\n    }\n}",
                """        prize = msg.value;
    }

    function withdrawRefund() external {
        uint256 amount = refunds[msg.sender];
        refunds[msg.sender] = 0;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "withdraw");
    }
}""",
            ),
        ],
    ),
    dict(
        name="dos_airdrop_queue.sol",
        cls="DoS",
        det=["call-in-loop", "unbounded-loop"],
        ver="0.7.6",
        fn="processQueue",
        shape="ERC-20 transfer to every queued claimant in one loop; one reverting token holder blocks all",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract AirdropQueue {
    IERC20 public token;
    address public operator;
    address[] public queue;
    uint256 public perClaim;
    mapping(address => bool) public requested;

    constructor(IERC20 _token, uint256 _perClaim) {
        token = _token;
        operator = msg.sender;
        perClaim = _perClaim;
    }

    function request() external {
        require(!requested[msg.sender], "queued");
        requested[msg.sender] = true;
        queue.push(msg.sender);
    }

    function processQueue() external {
        require(msg.sender == operator, "operator");
        for (uint256 i = 0; i < queue.length; i++) {
            require(token.transfer(queue[i], perClaim), "transfer");  //@
        }
        delete queue;
    }
}
""",
        fix=[
            (
                "    uint256 public perClaim;\n",
                "    uint256 public perClaim;\n    mapping(address => bool) public claimed;\n",
            ),
            (
                """    function request() external {
        require(!requested[msg.sender], "queued");
        requested[msg.sender] = true;
        queue.push(msg.sender);
    }

    function processQueue() external {
        require(msg.sender == operator, "operator");
        for (uint256 i = 0; i < queue.length; i++) {
            require(token.transfer(queue[i], perClaim), "transfer");  //@
        }
        delete queue;
    }""",
                """    function claim() external {
        require(!claimed[msg.sender], "claimed");
        claimed[msg.sender] = true;
        require(token.transfer(msg.sender, perClaim), "transfer");
    }""",
            ),
        ],
    ),
    dict(
        name="dos_vyper_payroll.vy",
        cls="DoS",
        det=["call-in-loop"],
        ver="vyper 0.3.10",
        fn="pay_all",
        shape="Vyper send() to each staff member inside a loop",
        src="""
# @version ^0.3.10

boss: public(address)
staff: public(DynArray[address, 100])
wage: public(uint256)

@external
def __init__(_wage: uint256):
    self.boss = msg.sender
    self.wage = _wage

@external
@payable
def fund():
    pass

@external
def hire(who: address):
    assert msg.sender == self.boss
    self.staff.append(who)

@external
def pay_all():
    assert msg.sender == self.boss
    for who in self.staff:
        send(who, self.wage)  #@
""",
        fix=[
            ("wage: public(uint256)\n", "wage: public(uint256)\nowed: public(HashMap[address, uint256])\n"),
            (
                """    for who in self.staff:
        send(who, self.wage)  #@
""",
                """    for who in self.staff:
        self.owed[who] += self.wage

@external
def collect():
    amount: uint256 = self.owed[msg.sender]
    self.owed[msg.sender] = 0
    send(msg.sender, amount)
""",
            ),
        ],
    ),
]
