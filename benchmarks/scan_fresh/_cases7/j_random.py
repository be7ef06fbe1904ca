"""Set-7 randomness from block values: a dice table, a Vyper egg hatchery, a raid loot roll (prevrandao)."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_dice_table_settle.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.4.24",
        fn="settle",
        shape="0.4 dice table: anyone may settle a bet with a roll from blockhash(block.number - 1), so a contract settles only its winning bets; the fixed twin takes the word from the randomness oracle",
        src=r"""
pragma solidity ^0.4.24;

contract DiceTable {
    address public house;
    address public randomnessOracle;
    uint256 public maxBet = 1 ether;

    struct Bet {
        address player;
        uint256 amount;
        uint8 guess;
        bool settled;
    }

    Bet[] public bets;

    event BetPlaced(uint256 indexed id, address player, uint8 guess, uint256 amount);
    event BetSettled(uint256 indexed id, uint8 roll, uint256 payout);

    constructor(address _oracle) public payable {
        house = msg.sender;
        randomnessOracle = _oracle;
    }

    function setMaxBet(uint256 m) public {
        require(msg.sender == house);
        maxBet = m;
    }

    function placeBet(uint8 guess) public payable returns (uint256) {
        require(guess >= 1 && guess <= 6);
        require(msg.value > 0 && msg.value <= maxBet);
        bets.push(Bet(msg.sender, msg.value, guess, false));
        emit BetPlaced(bets.length - 1, msg.sender, guess, msg.value);
        return bets.length - 1;
    }

    function settle(uint256 id) public {
        Bet storage b = bets[id];
        require(!b.settled);
        uint256 rnd = uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), id)));  //@
        uint8 roll = uint8(rnd % 6) + 1;
        b.settled = true;
        uint256 payout = 0;
        if (roll == b.guess) {
            payout = b.amount * 5;
            b.player.transfer(payout);
        }
        emit BetSettled(id, roll, payout);
    }
}
""",
        fix=[
            (
                "    function settle(uint256 id) public {\n        Bet storage b = bets[id];\n        require(!b.settled);\n        uint256 rnd = uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), id)));  //@\n",
                "    function settle(uint256 id, uint256 randomWord) public {\n        require(msg.sender == randomnessOracle);\n        Bet storage b = bets[id];\n        require(!b.settled);\n        uint256 rnd = uint256(keccak256(abi.encodePacked(randomWord, id)));  //@\n",
            )
        ],
    ),
    dict(
        name="b7_egg_hatchery.vy",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.4.3",
        fn="hatch",
        shape="Vyper 0.4 pet-egg hatchery: hatch() rolls rarity from keccak256(block.prevhash, egg id) in the owner's own transaction; the fixed twin waits for the oracle's word",
        src=r"""
# pragma version ^0.4.0

event EggBought:
    owner: address
    egg_id: uint256

event Hatched:
    owner: address
    egg_id: uint256
    rarity: uint256

breeder: public(address)
oracle: public(address)
egg_price: public(uint256)
egg_owner: public(HashMap[uint256, address])
hatched: public(HashMap[uint256, bool])
rarity_of: public(HashMap[uint256, uint256])
next_egg: public(uint256)


@deploy
def __init__(price: uint256, oracle: address):
    self.breeder = msg.sender
    self.oracle = oracle
    self.egg_price = price


@external
@payable
def buy_egg() -> uint256:
    assert msg.value == self.egg_price, "price"
    egg: uint256 = self.next_egg
    self.egg_owner[egg] = msg.sender
    self.next_egg = egg + 1
    log EggBought(owner=msg.sender, egg_id=egg)
    return egg


@external
def hatch(egg_id: uint256):
    assert self.egg_owner[egg_id] == msg.sender, "owner"
    assert not self.hatched[egg_id], "hatched"
    self.hatched[egg_id] = True
    roll: uint256 = convert(keccak256(concat(block.prevhash, convert(egg_id, bytes32))), uint256) % 1000  #@
    self.rarity_of[egg_id] = roll + 1
    log Hatched(owner=msg.sender, egg_id=egg_id, rarity=roll + 1)


@external
def collect():
    assert msg.sender == self.breeder, "breeder"
    send(self.breeder, self.balance)
""",
        fix=[
            (
                "    self.hatched[egg_id] = True\n    roll: uint256 = convert(keccak256(concat(block.prevhash, convert(egg_id, bytes32))), uint256) % 1000  #@\n    self.rarity_of[egg_id] = roll + 1\n    log Hatched(owner=msg.sender, egg_id=egg_id, rarity=roll + 1)\n",
                '    self.hatched[egg_id] = True\n\n\n@external\ndef fulfill(egg_id: uint256, word: uint256):\n    assert msg.sender == self.oracle, "oracle"\n    assert self.hatched[egg_id] and self.rarity_of[egg_id] == 0, "state"\n    roll: uint256 = word % 1000  #@\n    self.rarity_of[egg_id] = roll + 1\n    log Hatched(owner=self.egg_owner[egg_id], egg_id=egg_id, rarity=roll + 1)\n',
            )
        ],
    ),
    dict(
        name="b7_raid_loot_prevrandao.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.8.26",
        fn="openLoot",
        shape="0.8 co-op game raid: openLoot() rolls the item tier from block.prevrandao and the caller, so a hero can open only in a block that gives a rare tier; the fixed twin uses a per-raid seed posted by the VRF coordinator",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract RaidLoot {
    address public gameMaster;
    address public vrfCoordinator;
    uint256 public raidId;
    bool public raidRunning;
    mapping(uint256 => mapping(address => bool)) public participated;
    mapping(uint256 => mapping(address => bool)) public looted;
    mapping(uint256 => uint256) public raidSeed;
    mapping(address => uint256[]) public inventory;

    event Joined(uint256 indexed raid, address hero);
    event Loot(uint256 indexed raid, address hero, uint256 tier);

    constructor(address coordinator) {
        gameMaster = msg.sender;
        vrfCoordinator = coordinator;
    }

    function startRaid() external {
        require(msg.sender == gameMaster && !raidRunning, "gm");
        raidId += 1;
        raidRunning = true;
    }

    function joinRaid() external {
        require(raidRunning, "no raid");
        participated[raidId][msg.sender] = true;
        emit Joined(raidId, msg.sender);
    }

    function finishRaid() external {
        require(msg.sender == gameMaster && raidRunning, "gm");
        raidRunning = false;
    }

    function postSeed(uint256 raid, uint256 word) external {
        require(msg.sender == vrfCoordinator && raidSeed[raid] == 0, "vrf");
        require(raid < raidId || !raidRunning, "running");
        raidSeed[raid] = word | 1;
    }

    function openLoot(uint256 raid) external {
        require(raid < raidId || !raidRunning, "running");
        require(participated[raid][msg.sender] && !looted[raid][msg.sender], "no loot");
        looted[raid][msg.sender] = true;
        uint256 roll = uint256(keccak256(abi.encode(block.prevrandao, msg.sender, raid))) % 100;  //@
        uint256 tier = roll < 2 ? 3 : roll < 15 ? 2 : 1;
        inventory[msg.sender].push(tier);
        emit Loot(raid, msg.sender, tier);
    }
}
""",
        fix=[
            (
                "        uint256 roll = uint256(keccak256(abi.encode(block.prevrandao, msg.sender, raid))) % 100;  //@\n",
                '        require(raidSeed[raid] != 0, "seed");\n        uint256 roll = uint256(keccak256(abi.encode(raidSeed[raid], msg.sender, raid))) % 100;  //@\n',
            )
        ],
    ),
]
