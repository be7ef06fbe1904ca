"""Denial-of-service cases (loops over user-grown arrays, payments pushed in a loop, a recipient that can refuse) for the third blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b3_airdrop_signup.sol",
        cls="DoS (unbounded loop)",
        det=["unbounded-loop", "unbounded-growth"],
        ver="0.8.26",
        fn="distribute",
        shape="anyone can sign up (push to an array); distribute walks the whole array in one transaction",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract CommunityAirdrop {
    IERC20 public immutable token;
    address public immutable organiser;
    address[] public participants;
    mapping(address => bool) public signedUp;
    mapping(address => uint256) public owed;
    bool public distributed;

    constructor(IERC20 t) {
        token = t;
        organiser = msg.sender;
    }

    function signUp() external {
        require(!signedUp[msg.sender], "already");
        signedUp[msg.sender] = true;
        participants.push(msg.sender);
    }

    function distribute(uint256 perHead) external {
        require(msg.sender == organiser && !distributed, "organiser");
        distributed = true;
        for (uint256 i = 0; i < participants.length; i++) {  //@
            owed[participants[i]] += perHead;
        }
    }

    function claim() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        require(token.transfer(msg.sender, amount), "transfer");
    }
}
""",
        fix=[
            (
                "    bool public distributed;\n",
                "    uint256 public perHeadAmount;\n    mapping(address => bool) public claimed;\n",
            ),
            (
                '        require(msg.sender == organiser && !distributed, "organiser");\n        distributed = true;\n        for (uint256 i = 0; i < participants.length; i++) {  //@\n            owed[participants[i]] += perHead;\n        }\n',
                '        require(msg.sender == organiser && perHeadAmount == 0, "organiser");\n        perHeadAmount = perHead;\n',
            ),
            (
                "        uint256 amount = owed[msg.sender];\n        owed[msg.sender] = 0;\n",
                '        require(signedUp[msg.sender] && !claimed[msg.sender], "claim");\n        claimed[msg.sender] = true;\n        uint256 amount = perHeadAmount + owed[msg.sender];\n        owed[msg.sender] = 0;\n',
            ),
        ],
    ),
    dict(
        name="b3_coop_dividends.sol",
        cls="DoS (push payment in a loop)",
        det=["call-in-loop"],
        ver="0.4.24",
        fn="payDividends",
        shape="0.4 co-op pays every member with transfer() inside the loop; one reverting member blocks everyone",
        src="""
pragma solidity ^0.4.24;

contract FarmCoop {
    address public manager;
    address[] public members;
    mapping (address => uint) public stake;
    uint public totalStake;

    constructor() public {
        manager = msg.sender;
    }

    function join() public payable {
        require(msg.value >= 1 ether);
        if (stake[msg.sender] == 0) members.push(msg.sender);
        stake[msg.sender] += msg.value;
        totalStake += msg.value;
    }

    function () public payable {}

    function payDividends() public {
        require(msg.sender == manager);
        uint pot = address(this).balance - totalStake;
        for (uint i = 0; i < members.length; i++) {
            address m = members[i];
            m.transfer(pot * stake[m] / totalStake);  //@
        }
    }
}
""",
        fix=[
            (
                "    uint public totalStake;\n",
                "    uint public totalStake;\n    uint public totalOwed;\n    mapping (address => uint) public owed;\n",
            ),
            (
                "        uint pot = address(this).balance - totalStake;\n        for (uint i = 0; i < members.length; i++) {\n            address m = members[i];\n            m.transfer(pot * stake[m] / totalStake);  //@\n        }\n    }\n",
                "        uint pot = address(this).balance - totalStake - totalOwed;\n        for (uint i = 0; i < members.length; i++) {\n            address m = members[i];\n            uint share = pot * stake[m] / totalStake;\n            owed[m] += share;\n            totalOwed += share;\n        }\n    }\n\n    function withdrawDividend() public {\n        uint due = owed[msg.sender];\n        owed[msg.sender] = 0;\n        totalOwed -= due;\n        msg.sender.transfer(due);\n    }\n",
            ),
        ],
    ),
    dict(
        name="b3_throne_game.sol",
        cls="DoS (blocking recipient)",
        det=["blocking-recipient"],
        ver="0.5.17",
        fn="claimThrone",
        shape="king-of-the-hill refunds the old king with require(send); a contract king that reverts keeps the throne",
        src="""
pragma solidity ^0.5.17;

contract Throne {
    address payable public king;
    uint256 public claimPrice = 0.1 ether;
    uint256 public reign;
    string public motto;

    event NewKing(address king, uint256 price, string motto);

    constructor() public {
        king = msg.sender;
    }

    function claimThrone(string calldata newMotto) external payable {
        require(msg.value >= claimPrice, "pay more");
        uint256 refund = claimPrice + (msg.value - claimPrice) / 2;
        require(king.send(refund), "refund failed");  //@
        king = msg.sender;
        claimPrice = msg.value * 3 / 2;
        motto = newMotto;
        reign++;
        emit NewKing(msg.sender, msg.value, newMotto);
    }
}
""",
        fix=[
            (
                "    string public motto;\n",
                "    string public motto;\n    mapping(address => uint256) public refunds;\n\n    function withdrawRefund() external {\n        uint256 amount = refunds[msg.sender];\n        refunds[msg.sender] = 0;\n        msg.sender.transfer(amount);\n    }\n",
            ),
            ('        require(king.send(refund), "refund failed");  //@', "        refunds[king] += refund;"),
        ],
    ),
    dict(
        name="b3_vy_payout_members.vy",
        cls="DoS (push payment in a loop)",
        det=["call-in-loop"],
        ver="vyper 0.4",
        fn="payout",
        shape="Vyper 0.4 club treasury sends each member its share inside a for loop over a DynArray",
        src="""
#pragma version ^0.4.0

members: public(DynArray[address, 200])
treasurer: public(address)
is_member: public(HashMap[address, bool])

@deploy
def __init__():
    self.treasurer = msg.sender

@external
@payable
def __default__():
    pass

@external
def join():
    assert not self.is_member[msg.sender], "member"
    self.is_member[msg.sender] = True
    self.members.append(msg.sender)

@external
def payout():
    assert msg.sender == self.treasurer, "treasurer"
    n: uint256 = len(self.members)
    assert n > 0
    share: uint256 = self.balance // n
    for m: address in self.members:
        send(m, share)  #@
""",
        fix=[
            (
                "is_member: public(HashMap[address, bool])\n",
                "is_member: public(HashMap[address, bool])\nowed: public(HashMap[address, uint256])\ntotal_owed: public(uint256)\n",
            ),
            (
                "    share: uint256 = self.balance // n\n    for m: address in self.members:\n        send(m, share)  #@\n",
                "    share: uint256 = (self.balance - self.total_owed) // n\n    for m: address in self.members:\n        self.owed[m] += share\n    self.total_owed += share * n\n\n@external\ndef claim():\n    amount: uint256 = self.owed[msg.sender]\n    self.owed[msg.sender] = 0\n    self.total_owed -= amount\n    send(msg.sender, amount)\n",
            ),
        ],
    ),
    dict(
        name="b3_quest_board.sol",
        cls="DoS (unbounded loop)",
        det=["unbounded-loop", "unbounded-growth"],
        ver="0.7.6",
        fn="expireQuests",
        shape="anyone posts quests (array push); expireQuests loops over every quest ever posted",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;
pragma abicoder v2;

contract QuestBoard {
    struct Quest { address poster; uint96 bounty; uint64 deadline; bool open; }

    Quest[] public quests;
    mapping(address => uint256) public refunds;

    event Posted(uint256 indexed id, address poster, uint256 bounty);

    function post(uint64 deadline) external payable returns (uint256 id) {
        require(deadline > block.timestamp, "deadline");
        quests.push(Quest(msg.sender, uint96(msg.value), deadline, true));
        id = quests.length - 1;
        emit Posted(id, msg.sender, msg.value);
    }

    function expireQuests() external {
        for (uint256 i = 0; i < quests.length; i++) {  //@
            Quest storage q = quests[i];
            if (q.open && q.deadline < block.timestamp) {
                q.open = false;
                refunds[q.poster] += q.bounty;
            }
        }
    }

    function withdrawRefund() external {
        uint256 amount = refunds[msg.sender];
        refunds[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
""",
        fix=[
            (
                "    function expireQuests() external {\n        for (uint256 i = 0; i < quests.length; i++) {  //@\n            Quest storage q = quests[i];\n",
                '    function expireQuests(uint256[] calldata ids) external {\n        require(ids.length <= 50, "batch");\n        for (uint256 i = 0; i < ids.length; i++) {\n            Quest storage q = quests[ids[i]];\n',
            )
        ],
    ),
]
