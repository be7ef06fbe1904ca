"""Block-value randomness, timestamp-dependent outcomes and transaction-order races for the third blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b3_dice_house.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.4.25",
        fn="roll",
        shape="0.4 dice game: outcome from keccak256(blockhash(block.number - 1), now, msg.sender) % 6",
        src="""
pragma solidity ^0.4.25;

contract DiceHouse {
    address public house;
    uint public constant MIN_BET = 0.01 ether;
    uint public constant MAX_BET = 1 ether;

    event Rolled(address indexed player, uint8 guess, uint8 result, bool won);

    constructor() public payable {
        house = msg.sender;
    }

    function () public payable {}

    function roll(uint8 guess) public payable {
        require(guess >= 1 && guess <= 6);
        require(msg.value >= MIN_BET && msg.value <= MAX_BET);
        require(address(this).balance >= msg.value * 6);
        uint8 result = uint8(uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), now, msg.sender))) % 6) + 1;  //@
        bool won = result == guess;
        if (won) {
            msg.sender.transfer(msg.value * 5);
        }
        emit Rolled(msg.sender, guess, result, won);
    }
}
""",
        fix=[
            (
                "        uint8 result = uint8(uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), now, msg.sender))) % 6) + 1;  //@\n        bool won = result == guess;\n        if (won) {\n            msg.sender.transfer(msg.value * 5);\n        }\n        emit Rolled(msg.sender, guess, result, won);\n    }",
                "        require(pendingValue[msg.sender] == 0);\n        pendingGuess[msg.sender] = guess;\n        pendingValue[msg.sender] = msg.value;\n        pendingCommit[msg.sender] = seedCommit;\n    }\n\n    bytes32 public seedCommit;\n    mapping (address => uint8) public pendingGuess;\n    mapping (address => uint) public pendingValue;\n    mapping (address => bytes32) public pendingCommit;\n\n    function commitSeed(bytes32 c) public {\n        require(msg.sender == house);\n        seedCommit = c;\n    }\n\n    function settle(address player, bytes32 seed) public {\n        require(msg.sender == house && pendingValue[player] > 0);\n        require(keccak256(abi.encodePacked(seed)) == pendingCommit[player]);\n        uint8 result = uint8(uint256(keccak256(abi.encodePacked(seed, player))) % 6) + 1;\n        uint value = pendingValue[player];\n        pendingValue[player] = 0;\n        bool won = result == pendingGuess[player];\n        if (won) {\n            player.transfer(value * 5);\n        }\n        emit Rolled(player, pendingGuess[player], result, won);\n    }",
            ),
        ],
    ),
    dict(
        name="b3_reveal_traits.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.8.26",
        fn="reveal",
        shape="NFT trait roll seeded from block.prevrandao and the token id at reveal time",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract CritterTraits {
    struct Traits { uint8 body; uint8 eyes; uint8 rarity; }

    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => Traits) public traits;
    mapping(uint256 => bool) public revealed;
    uint256 public minted;

    function mint() external payable returns (uint256 id) {
        require(msg.value == 0.02 ether, "price");
        id = ++minted;
        ownerOf[id] = msg.sender;
    }

    function reveal(uint256 id) external {
        require(ownerOf[id] == msg.sender, "owner");
        require(!revealed[id], "revealed");
        revealed[id] = true;
        uint256 seed = uint256(keccak256(abi.encode(block.prevrandao, id, msg.sender)));  //@
        traits[id] = Traits(uint8(seed % 12), uint8((seed >> 8) % 7), _rarity(seed >> 16));
    }

    function _rarity(uint256 r) internal pure returns (uint8) {
        uint256 roll = r % 1000;
        if (roll < 5) return 3;
        if (roll < 50) return 2;
        if (roll < 250) return 1;
        return 0;
    }
}
""",
        fix=[
            (
                '    function reveal(uint256 id) external {\n        require(ownerOf[id] == msg.sender, "owner");\n        require(!revealed[id], "revealed");\n        revealed[id] = true;\n        uint256 seed = uint256(keccak256(abi.encode(block.prevrandao, id, msg.sender)));  //@\n',
                '    address public immutable vrfCoordinator = msg.sender;\n\n    function fulfillRandomness(uint256 id, uint256 randomWord) external {\n        require(msg.sender == vrfCoordinator, "coordinator");\n        require(!revealed[id], "revealed");\n        revealed[id] = true;\n        uint256 seed = uint256(keccak256(abi.encode(randomWord, id)));\n',
            )
        ],
    ),
    dict(
        name="b3_vy_lottery.vy",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="vyper 0.4",
        fn="draw",
        shape="Vyper 0.4 weekly lottery picks the winner index from keccak256 of block.prevrandao and block.timestamp",
        src="""
#pragma version ^0.4.0

players: public(DynArray[address, 500])
organiser: public(address)
round: public(uint256)
PRICE: constant(uint256) = 10 ** 16

@deploy
def __init__():
    self.organiser = msg.sender

@external
@payable
def enter():
    assert msg.value == PRICE, "price"
    self.players.append(msg.sender)

@external
def draw():
    assert msg.sender == self.organiser, "organiser"
    n: uint256 = len(self.players)
    assert n > 0, "no players"
    seed: bytes32 = keccak256(concat(block.prevrandao, convert(block.timestamp, bytes32)))  #@
    winner: address = self.players[convert(seed, uint256) % n]
    self.players = []
    self.round += 1
    send(winner, self.balance)
""",
        fix=[
            (
                '@external\ndef draw():\n    assert msg.sender == self.organiser, "organiser"\n    n: uint256 = len(self.players)\n    assert n > 0, "no players"\n    seed: bytes32 = keccak256(concat(block.prevrandao, convert(block.timestamp, bytes32)))  #@\n',
                '@external\ndef draw(vrf_word: uint256):\n    assert msg.sender == self.organiser, "organiser"\n    n: uint256 = len(self.players)\n    assert n > 0, "no players"\n    seed: bytes32 = keccak256(convert(vrf_word, bytes32))\n',
            )
        ],
    ),
    dict(
        name="b3_happy_hour.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.5.17",
        fn="spin",
        shape="jackpot paid when now % 15 == 0 (the miner picks the timestamp)",
        src="""
pragma solidity ^0.5.17;

contract HappyHourSlots {
    address payable public operator;
    uint256 public lastSpin;
    uint256 public constant STAKE = 0.1 ether;

    constructor() public payable {
        operator = msg.sender;
    }

    function spin() external payable {
        require(msg.value == STAKE, "stake");
        require(now != lastSpin, "one spin per block");
        lastSpin = now;
        if (now % 15 == 0) {  //@
            msg.sender.transfer(address(this).balance);
        }
    }

    function topUp() external payable {
        require(msg.sender == operator, "operator");
    }
}
""",
        fix=[
            (
                "        if (now % 15 == 0) {  //@\n            msg.sender.transfer(address(this).balance);\n        }\n",
                "        operator.transfer(msg.value);\n",
            )
        ],
    ),
    dict(
        name="b3_presale_lucky_second.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.7.6",
        fn="buy",
        shape="presale gives a double allocation when block.timestamp is a multiple of 60",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

contract Presale {
    address payable public immutable treasury;
    uint256 public immutable opensAt;
    uint256 public constant RATE = 5000;
    mapping(address => uint256) public allocation;
    uint256 public sold;

    constructor(address payable t, uint256 o) {
        treasury = t;
        opensAt = o;
    }

    function buy() external payable {
        require(block.timestamp >= opensAt, "not open");
        uint256 amount = msg.value * RATE;
        if (block.timestamp % 60 == 0) {  //@
            amount *= 2;
        }
        allocation[msg.sender] += amount;
        sold += amount;
        treasury.transfer(msg.value);
    }
}
""",
        fix=[("        if (block.timestamp % 60 == 0) {  //@\n            amount *= 2;\n        }\n", "")],
    ),
    dict(
        name="b3_riddle_bounty.sol",
        cls="payee/transaction-order race",
        det=["transaction-order"],
        ver="0.4.24",
        fn="solve",
        shape="0.4 riddle bounty: the answer goes in clear in solve(), first mined claimant takes the prize",
        src="""
pragma solidity ^0.4.24;

contract RiddleBounty {
    bytes32 public answerHash;
    address public poser;
    bool public solved;

    event Solved(address solver, string answer);

    constructor(bytes32 _answerHash) public payable {
        poser = msg.sender;
        answerHash = _answerHash;
    }

    function solve(string answer) public {
        require(!solved);
        require(keccak256(abi.encodePacked(answer)) == answerHash);
        solved = true;
        msg.sender.transfer(address(this).balance);  //@
        emit Solved(msg.sender, answer);
    }
}
""",
        fix=[
            (
                "    function solve(string answer) public {\n        require(!solved);\n        require(keccak256(abi.encodePacked(answer)) == answerHash);\n",
                "    mapping (address => bytes32) public commits;\n    mapping (address => uint) public commitBlock;\n\n    function commit(bytes32 c) public {\n        commits[msg.sender] = c;\n        commitBlock[msg.sender] = block.number;\n    }\n\n    function solve(string answer) public {\n        require(!solved);\n        require(commitBlock[msg.sender] != 0 && commitBlock[msg.sender] < block.number);\n        require(commits[msg.sender] == keccak256(abi.encodePacked(msg.sender, answer)));\n        require(keccak256(abi.encodePacked(answer)) == answerHash);\n",
            )
        ],
    ),
    dict(
        name="b3_bug_bounty_reward.sol",
        cls="payee/transaction-order race",
        det=["payee-race", "transaction-order"],
        ver="0.5.17",
        fn="setReward",
        shape="owner resets the reward (paying the old one back to itself) while a claim for it is pending",
        src="""
pragma solidity ^0.5.17;

contract SecurityReward {
    address payable public owner;
    uint256 public reward;
    bool public claimed;
    bytes32 public target;

    constructor(bytes32 _target) public {
        owner = msg.sender;
        target = _target;
    }

    function setReward() external payable {
        require(msg.sender == owner, "owner");
        require(!claimed, "claimed");
        owner.transfer(reward);  //@
        reward = msg.value;  //@
    }

    function claimReward(uint256 submission) external {
        require(!claimed, "claimed");
        require(keccak256(abi.encodePacked(submission)) == target, "wrong");
        claimed = true;
        msg.sender.transfer(reward);
    }
}
""",
        fix=[
            (
                "    function claimReward(uint256 submission) external {\n",
                '    function claimReward(uint256 submission, uint256 expectedReward) external {\n        require(reward == expectedReward, "reward changed");\n',
            ),
            (
                '        require(!claimed, "claimed");\n        owner.transfer(reward);  //@\n        reward = msg.value;  //@\n',
                '        require(!claimed, "claimed");\n        require(reward == 0, "reward already set");\n        reward = msg.value;\n',
            ),
        ],
    ),
    dict(
        name="b3_shop_price_race.sol",
        cls="payee/transaction-order race",
        det=["price-change-race", "transaction-order"],
        ver="0.6.12",
        fn="buy",
        shape="owner may change the unit price any time; buy() takes no max price from the buyer",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract ItemShop {
    IERC20 public immutable gold;
    address public keeper;
    uint256 public price;
    mapping(address => uint256) public inventory;

    constructor(IERC20 _gold, uint256 _price) public {
        gold = _gold;
        keeper = msg.sender;
        price = _price;
    }

    function setPrice(uint256 p) external {
        require(msg.sender == keeper, "keeper");
        price = p;
    }

    function buy(uint256 qty) external {
        uint256 cost = price * qty;  //@
        require(gold.transferFrom(msg.sender, keeper, cost), "payment");
        inventory[msg.sender] += qty;
    }
}
""",
        fix=[
            (
                "    function buy(uint256 qty) external {\n        uint256 cost = price * qty;  //@\n",
                '    function buy(uint256 qty, uint256 maxPrice) external {\n        require(price <= maxPrice, "price moved");\n        uint256 cost = price * qty;\n',
            )
        ],
    ),
    dict(
        name="b3_name_registry_race.sol",
        cls="payee/transaction-order race",
        det=["transaction-order"],
        ver="0.8.26",
        fn="register",
        shape="name registry: register(name) in clear, a watcher copies the pending name with a higher fee",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract HandleRegistry {
    uint256 public constant FEE = 0.005 ether;
    mapping(bytes32 => address) public holderOf;
    mapping(address => bytes32) public handleOf;
    address payable public immutable treasury;

    event Registered(bytes32 indexed handle, address indexed holder);

    constructor(address payable t) {
        treasury = t;
    }

    function register(string calldata handle) external payable {
        require(msg.value == FEE, "fee");
        bytes32 key = keccak256(bytes(handle));
        require(holderOf[key] == address(0), "taken");  //@
        holderOf[key] = msg.sender;  //@
        handleOf[msg.sender] = key;
        treasury.transfer(msg.value);
        emit Registered(key, msg.sender);
    }
}
""",
        fix=[
            (
                '    function register(string calldata handle) external payable {\n        require(msg.value == FEE, "fee");\n        bytes32 key = keccak256(bytes(handle));\n        require(holderOf[key] == address(0), "taken");  //@\n        holderOf[key] = msg.sender;  //@\n',
                '    mapping(address => bytes32) public commitment;\n    mapping(address => uint256) public committedAt;\n\n    function commit(bytes32 c) external {\n        commitment[msg.sender] = c;\n        committedAt[msg.sender] = block.number;\n    }\n\n    function register(string calldata handle, bytes32 salt) external payable {\n        require(msg.value == FEE, "fee");\n        require(committedAt[msg.sender] != 0 && committedAt[msg.sender] < block.number, "commit first");\n        require(commitment[msg.sender] == keccak256(abi.encode(msg.sender, handle, salt)), "commitment");\n        bytes32 key = keccak256(bytes(handle));\n        require(holderOf[key] == address(0), "taken");\n        holderOf[key] = msg.sender;\n',
            )
        ],
    ),
]
