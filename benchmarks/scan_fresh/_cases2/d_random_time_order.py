"""Bad randomness, timestamp dependence and front-running (order / payee / price race) cases for the second blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b2_br_dice_roll.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.6.12",
        fn="_roll",
        shape="internal _roll helper hashes block.difficulty, timestamp and sender; roll() pays 5x on a six",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

contract DiceHouse {
    address public house;
    uint256 public constant MAX_BET = 0.2 ether;
    uint256 private nonce;

    event Rolled(address indexed player, uint8 face, uint256 payout);

    constructor() public payable {
        house = msg.sender;
    }

    function _roll() internal returns (uint8) {
        nonce++;
        return uint8(uint256(keccak256(abi.encodePacked(block.difficulty, block.timestamp, msg.sender, nonce))) % 6) + 1;  //@
    }

    function roll() external payable {
        require(msg.value > 0 && msg.value <= MAX_BET, "bet");
        uint8 face = _roll();
        uint256 payout = face == 6 ? msg.value * 5 : 0;
        if (payout > 0) {
            msg.sender.transfer(payout);
        }
        emit Rolled(msg.sender, face, payout);
    }
}
""",
        fix=[
            (
                "    function _roll() internal returns (uint8) {\n        nonce++;\n        return uint8(uint256(keccak256(abi.encodePacked(block.difficulty, block.timestamp, msg.sender, nonce))) % 6) + 1;  //@\n    }\n",
                "    mapping(address => uint256) public pendingBet;\n\n    function _roll(uint256 vrfWord) internal returns (uint8) {\n        nonce++;\n        return uint8(vrfWord % 6) + 1;\n    }\n",
            ),
            (
                '    function roll() external payable {\n        require(msg.value > 0 && msg.value <= MAX_BET, "bet");\n        uint8 face = _roll();\n',
                '    function roll() external payable {\n        require(msg.value > 0 && msg.value <= MAX_BET && pendingBet[msg.sender] == 0, "bet");\n        pendingBet[msg.sender] = msg.value;\n    }\n\n    /// called back by the VRF coordinator (the house key here) with a verifiable random word\n    function fulfil(address payable player, uint256 vrfWord) external {\n        require(msg.sender == house, "coordinator");\n        uint256 bet = pendingBet[player];\n        require(bet > 0, "no bet");\n        pendingBet[player] = 0;\n        uint8 face = _roll(vrfWord);\n',
            ),
            (
                "        uint256 payout = face == 6 ? msg.value * 5 : 0;\n        if (payout > 0) {\n            msg.sender.transfer(payout);\n        }\n        emit Rolled(msg.sender, face, payout);\n",
                "        uint256 payout = face == 6 ? bet * 5 : 0;\n        if (payout > 0) {\n            player.transfer(payout);\n        }\n        emit Rolled(player, face, payout);\n",
            ),
        ],
    ),
    dict(
        name="b2_br_raffle_blockhash.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.4.26",
        fn="pickWinner",
        shape="0.4 raffle: winner index from blockhash(block.number - 1)",
        src="""
pragma solidity ^0.4.26;

contract TicketRaffle {
    address public organiser;
    address[] public tickets;
    uint public price = 10 finney;

    constructor() public {
        organiser = msg.sender;
    }

    function buy(uint count) public payable {
        require(msg.value == price * count && count <= 10 && tickets.length + count <= 500);
        for (uint i = 0; i < count; i++) {
            tickets.push(msg.sender);
        }
    }

    function pickWinner() public {
        require(tickets.length >= 10);
        uint idx = uint(blockhash(block.number - 1)) % tickets.length;  //@
        address winner = tickets[idx];
        delete tickets;
        winner.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "    function pickWinner() public {\n        require(tickets.length >= 10);\n        uint idx = uint(blockhash(block.number - 1)) % tickets.length;  //@\n",
                "    function pickWinner(uint oracleRandom) public {\n        require(msg.sender == organiser && tickets.length >= 10);\n        uint idx = oracleRandom % tickets.length;\n",
            )
        ],
    ),
    dict(
        name="b2_ts_jackpot_window.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.7.6",
        fn="spin",
        shape="every 15th second wins the pot: block.timestamp % 15 == 0 decides the payout",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

contract SlotMachine {
    uint256 public constant TICKET = 0.05 ether;
    uint256 public spins;
    address public lastWinner;

    event Spin(address indexed player, bool won);

    function spin() external payable {
        require(msg.value == TICKET, "ticket");
        spins++;
        bool won = block.timestamp % 15 == 0;  //@
        if (won) {
            lastWinner = msg.sender;
            (bool ok, ) = msg.sender.call{value: address(this).balance}("");
            require(ok, "pay");
        }
        emit Spin(msg.sender, won);
    }
}
""",
        fix=[
            (
                '        bool won = block.timestamp % 15 == 0;  //@\n        if (won) {\n            lastWinner = msg.sender;\n            (bool ok, ) = msg.sender.call{value: address(this).balance}("");\n            require(ok, "pay");\n        }\n        emit Spin(msg.sender, won);\n    }\n',
                '        players[spins] = msg.sender;\n    }\n\n    mapping(uint256 => address) public players;\n    address public immutable oracle = msg.sender;\n    mapping(uint256 => bool) public settled;\n\n    /// the randomness oracle settles each spin with a verifiable word\n    function settle(uint256 spinId, uint256 word) external {\n        require(msg.sender == oracle && !settled[spinId], "oracle");\n        settled[spinId] = true;\n        address player = players[spinId];\n        bool won = word % 15 == 0;\n        if (won) {\n            lastWinner = player;\n            (bool ok, ) = player.call{value: address(this).balance}("");\n            require(ok, "pay");\n        }\n        emit Spin(player, won);\n    }\n',
            )
        ],
    ),
    dict(
        name="b2_ts_vyper_lucky_block.vy",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.4.3",
        fn="play",
        shape="Vyper 0.4: block.timestamp % 10 == 7 pays out the whole balance",
        src="""
# pragma version ^0.4.0

event Played:
    player: indexed(address)
    won: bool

plays: public(uint256)


@external
@payable
def play():
    assert msg.value == 10**16, "stake"
    self.plays += 1
    won: bool = block.timestamp % 10 == 7  #@
    if won:
        send(msg.sender, self.balance)
    log Played(player=msg.sender, won=won)
""",
        fix=[
            (
                "plays: public(uint256)\n",
                "plays: public(uint256)\noracle: public(immutable(address))\nplayer_of: public(HashMap[uint256, address])\n\n\n@deploy\ndef __init__():\n    oracle = msg.sender\n",
            ),
            (
                "    won: bool = block.timestamp % 10 == 7  #@\n    if won:\n        send(msg.sender, self.balance)\n    log Played(player=msg.sender, won=won)\n",
                '    self.player_of[self.plays] = msg.sender\n\n\n@external\ndef settle(play_id: uint256, word: uint256):\n    assert msg.sender == oracle, "oracle"\n    player: address = self.player_of[play_id]\n    assert player != empty(address), "settled"\n    self.player_of[play_id] = empty(address)\n    won: bool = word % 10 == 7\n    if won:\n        send(player, self.balance)\n    log Played(player=player, won=won)\n',
            ),
        ],
    ),
    dict(
        name="b2_tod_bounty_reward.sol",
        cls="payee/transaction-order race",
        det=["transaction-order"],
        ver="0.5.17",
        fn="setReward",
        shape="owner can swap (lower) the reward while the accepted solver's claimReward is pending",
        src="""
pragma solidity ^0.5.17;

contract BugBounty {
    address payable public owner;
    uint256 public reward;
    bool public claimed;
    address public solver;

    constructor() public payable {
        owner = msg.sender;
        reward = msg.value;
    }

    function setReward() external payable {
        require(msg.sender == owner, "owner");
        require(!claimed, "claimed");
        owner.transfer(reward);  //@
        reward = msg.value;  //@
    }

    function acceptReport(address reporter) external {
        require(msg.sender == owner, "owner");
        solver = reporter;
    }

    function claimReward() external {
        require(!claimed, "claimed");
        require(msg.sender == solver, "not the solver");
        claimed = true;
        msg.sender.transfer(reward);
    }
}
""",
        fix=[
            (
                '    function claimReward() external {\n        require(!claimed, "claimed");\n',
                '    function claimReward(uint256 minReward) external {\n        require(!claimed, "claimed");\n        require(reward >= minReward, "reward changed");\n',
            ),
            (
                "        owner.transfer(reward);  //@\n        reward = msg.value;  //@\n",
                '        require(msg.value >= reward, "cannot lower");\n        owner.transfer(reward);\n        reward = msg.value;\n',
            ),
        ],
    ),
    dict(
        name="b2_pr_hash_puzzle.sol",
        cls="payee/transaction-order race",
        det=["payee-race"],
        ver="0.8.20",
        fn="solve",
        shape="whoever submits the preimage first is paid: the answer is visible in the mempool",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract PreimageChallenge {
    bytes32 public immutable target;
    bool public solved;
    address public winner;

    event Solved(address indexed by, string answer);

    constructor(bytes32 _target) payable {
        target = _target;
    }

    function solve(string calldata answer) external {
        require(!solved, "done");
        require(keccak256(abi.encodePacked(answer)) == target, "wrong");
        solved = true;
        winner = msg.sender;
        (bool ok, ) = payable(msg.sender).call{value: address(this).balance}("");  //@
        require(ok, "pay");
        emit Solved(msg.sender, answer);
    }
}
""",
        fix=[
            (
                "    event Solved(address indexed by, string answer);\n",
                "    event Solved(address indexed by, string answer);\n\n    mapping(address => bytes32) public commits;\n    mapping(address => uint256) public commitBlock;\n\n    function commit(bytes32 c) external {\n        commits[msg.sender] = c;\n        commitBlock[msg.sender] = block.number;\n    }\n",
            ),
            (
                '        require(keccak256(abi.encodePacked(answer)) == target, "wrong");\n',
                '        require(keccak256(abi.encodePacked(answer)) == target, "wrong");\n        require(commits[msg.sender] == keccak256(abi.encodePacked(msg.sender, answer)), "no commit");\n        require(commitBlock[msg.sender] < block.number, "same block");\n',
            ),
            (
                '        (bool ok, ) = payable(msg.sender).call{value: address(this).balance}("");  //@',
                '        (bool ok, ) = payable(msg.sender).call{value: address(this).balance}("");',
            ),
        ],
    ),
    dict(
        name="b2_pcr_item_shop.sol",
        cls="payee/transaction-order race",
        det=["price-change-race"],
        ver="0.8.20",
        fn="buy",
        shape="seller can change the unit price while a buyer's order is pending; buy() has no max price",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

contract ItemShop {
    address public seller;
    IERC20 public immutable payToken;
    uint256 public unitPrice;
    mapping(address => uint256) public items;

    constructor(IERC20 token, uint256 price) {
        seller = msg.sender;
        payToken = token;
        unitPrice = price;
    }

    function setPrice(uint256 price) external {
        require(msg.sender == seller, "seller");
        unitPrice = price;
    }

    function buy(uint256 qty) external {
        uint256 cost = qty * unitPrice;  //@
        require(payToken.transferFrom(msg.sender, seller, cost), "pay");
        items[msg.sender] += qty;
    }
}
""",
        fix=[
            (
                "    function buy(uint256 qty) external {\n        uint256 cost = qty * unitPrice;  //@\n",
                '    function buy(uint256 qty, uint256 maxUnitPrice) external {\n        require(unitPrice <= maxUnitPrice, "price moved");\n        uint256 cost = qty * unitPrice;\n',
            )
        ],
    ),
]
