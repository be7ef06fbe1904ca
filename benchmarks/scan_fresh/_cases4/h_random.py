"""Set-4 bad randomness and timestamp dependence cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_dice_table_old.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.4.24",
        fn="roll",
        shape="0.4 dice game: the roll comes from the previous block hash and now",
        src=r"""
pragma solidity ^0.4.24;

contract DiceTable {
    address public house;
    uint public minBet = 0.01 ether;
    uint public maxProfitPct = 2;
    uint public rolls;

    event Rolled(address player, uint guess, uint result, uint payout);

    constructor() public payable { house = msg.sender; }

    function() public payable {}

    function maxBet() public view returns (uint) {
        return address(this).balance * maxProfitPct / 100 / 5;
    }

    function roll(uint8 guess) public payable {
        require(guess >= 1 && guess <= 6);
        require(msg.value >= minBet && msg.value <= maxBet());
        uint result = uint(keccak256(abi.encodePacked(blockhash(block.number - 1), now, rolls))) % 6 + 1;  //@
        rolls++;
        uint payout = 0;
        if (result == guess) {
            payout = msg.value * 5;
            msg.sender.transfer(payout);
        }
        emit Rolled(msg.sender, guess, result, payout);
    }

    function houseWithdraw(uint amount) public {
        require(msg.sender == house);
        house.transfer(amount);
    }
}
""",
        fix=[
            (
                "    uint public rolls;\n",
                "    uint public rolls;\n    struct Bet { uint8 guess; uint value; uint blockNo; }\n    mapping (address => Bet) public bets;\n",
            ),
            (
                "        uint result = uint(keccak256(abi.encodePacked(blockhash(block.number - 1), now, rolls))) % 6 + 1;  //@\n        rolls++;\n",
                "        require(bets[msg.sender].value == 0);\n        bets[msg.sender] = Bet(guess, msg.value, block.number);\n        rolls++;\n    }\n\n    function settle() public {\n        Bet memory b = bets[msg.sender];\n        require(b.value > 0 && block.number > b.blockNo + 1 && block.number <= b.blockNo + 256);\n        delete bets[msg.sender];\n        uint guess = b.guess;\n        uint result = uint(keccak256(abi.encodePacked(blockhash(b.blockNo + 1), msg.sender))) % 6 + 1;\n",
            ),
            ("            payout = msg.value * 5;\n", "            payout = b.value * 5;\n"),
            (
                "    function roll(uint8 guess) public payable {\n",
                "    function placeBet(uint8 guess) public payable {\n",
            ),
        ],
    ),
    dict(
        name="b4_mystery_box_drop.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.8.26",
        fn="openBox",
        shape="NFT mystery boxes: rarity drawn from prevrandao, timestamp and the opener",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

contract MysteryBoxDrop {
    enum Rarity { Common, Rare, Epic, Legendary }

    uint256 public constant BOX_PRICE = 0.05 ether;
    uint256 public constant MAX_BOXES = 5_000;
    address public immutable artist;
    uint256 public boxesSold;
    uint256 public nextToken = 1;
    bool public revealOpen;

    mapping(address => uint256) public unopened;
    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => Rarity) public rarityOf;
    mapping(Rarity => uint256) public minted;
    uint16[4] public weights = [7000, 2200, 700, 100];

    event BoxBought(address indexed buyer, uint256 count);
    event Opened(address indexed owner, uint256 indexed tokenId, Rarity rarity);

    modifier onlyArtist() {
        require(msg.sender == artist, "artist");
        _;
    }

    constructor() {
        artist = msg.sender;
    }

    function buyBoxes(uint256 count) external payable {
        require(count > 0 && count <= 10, "count");
        require(boxesSold + count <= MAX_BOXES, "sold out");
        require(msg.value == count * BOX_PRICE, "price");
        boxesSold += count;
        unopened[msg.sender] += count;
        emit BoxBought(msg.sender, count);
    }

    function setRevealOpen(bool open) external onlyArtist {
        revealOpen = open;
    }

    function openBox() external returns (uint256 tokenId) {
        require(revealOpen, "closed");
        require(unopened[msg.sender] > 0, "no box");
        unopened[msg.sender] -= 1;
        tokenId = nextToken++;
        uint256 roll = uint256(keccak256(abi.encodePacked(block.prevrandao, block.timestamp, msg.sender, tokenId))) % 10_000;  //@
        Rarity r = _pick(roll);
        ownerOf[tokenId] = msg.sender;
        rarityOf[tokenId] = r;
        minted[r] += 1;
        emit Opened(msg.sender, tokenId, r);
    }

    function _pick(uint256 roll) internal view returns (Rarity) {
        uint256 acc;
        for (uint256 i; i < 4; ++i) {
            acc += weights[i];
            if (roll < acc) return Rarity(i);
        }
        return Rarity.Common;
    }

    function withdraw() external onlyArtist {
        payable(artist).transfer(address(this).balance);
    }

    function setWeights(uint16[4] calldata w) external onlyArtist {
        require(!revealOpen, "reveal started");
        require(uint256(w[0]) + w[1] + w[2] + w[3] == 10_000, "sum");
        weights = w;
    }

    function transfer(address to, uint256 tokenId) external {
        require(ownerOf[tokenId] == msg.sender, "owner");
        ownerOf[tokenId] = to;
    }
}
""",
        fix=[
            (
                "    bool public revealOpen;\n",
                "    bool public revealOpen;\n    uint256 public seed;\n",
            ),
            (
                "    function setRevealOpen(bool open) external onlyArtist {\n        revealOpen = open;\n",
                '    function setRevealOpen(bool open, uint256 vrfSeed) external onlyArtist {\n        require(seed == 0, "seeded");\n        require(boxesSold == MAX_BOXES, "sale running");\n        seed = vrfSeed;\n        revealOpen = open;\n',
            ),
            (
                "        uint256 roll = uint256(keccak256(abi.encodePacked(block.prevrandao, block.timestamp, msg.sender, tokenId))) % 10_000;  //@\n",
                "        uint256 roll = uint256(keccak256(abi.encodePacked(seed, tokenId))) % 10_000;\n",
            ),
        ],
    ),
    dict(
        name="b4_guild_raffle.vy",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="vyper 0.4",
        fn="draw",
        shape="Vyper raffle: winner index from block.prevhash and block.timestamp",
        src=r"""
#pragma version ^0.4.0

MAX_ENTRIES: constant(uint256) = 500

organizer: public(address)
entries: public(DynArray[address, MAX_ENTRIES])
ticket_price: public(uint256)
last_winner: public(address)

event Winner:
    who: address
    prize: uint256

@deploy
def __init__(price: uint256):
    self.organizer = msg.sender
    self.ticket_price = price

@external
@payable
def enter():
    assert msg.value == self.ticket_price
    self.entries.append(msg.sender)

@external
def draw():
    assert msg.sender == self.organizer
    n: uint256 = len(self.entries)
    assert n > 0
    seed: bytes32 = keccak256(concat(block.prevhash, convert(block.timestamp, bytes32)))  #@
    winner: address = self.entries[convert(seed, uint256) % n]
    self.last_winner = winner
    self.entries = []
    prize: uint256 = self.balance
    send(winner, prize)
    log Winner(who=winner, prize=prize)
""",
        fix=[
            (
                "ticket_price: public(uint256)\n",
                "ticket_price: public(uint256)\nsealed_seed: public(bytes32)\n\n@external\ndef seal(h: bytes32):\n    assert msg.sender == self.organizer\n    self.sealed_seed = h\n",
            ),
            ("def draw():\n", "def draw(secret: bytes32):\n"),
            (
                "    seed: bytes32 = keccak256(concat(block.prevhash, convert(block.timestamp, bytes32)))  #@\n",
                "    assert keccak256(secret) == self.sealed_seed\n    seed: bytes32 = keccak256(concat(secret, convert(n, bytes32)))\n",
            ),
        ],
    ),
    dict(
        name="b4_staking_lucky_minute.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence", "bad-randomness"],
        ver="0.7.6",
        fn="harvest",
        shape="staking: harvesting in a block whose timestamp ends in 00-04 seconds doubles the reward",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

contract LuckyStaking {
    uint256 public constant RATE = 1e12; // wei per staked wei per second
    mapping(address => uint256) public staked;
    mapping(address => uint256) public since;
    uint256 public totalStaked;

    event Harvest(address indexed who, uint256 reward, bool lucky);

    receive() external payable {}

    function stake() external payable {
        _harvest(msg.sender);
        staked[msg.sender] += msg.value;
        totalStaked += msg.value;
    }

    function unstake(uint256 amount) external {
        require(staked[msg.sender] >= amount, "staked");
        _harvest(msg.sender);
        staked[msg.sender] -= amount;
        totalStaked -= amount;
        msg.sender.transfer(amount);
    }

    function harvest() external {
        _harvest(msg.sender);
    }

    function _harvest(address who) internal {
        uint256 last = since[who];
        since[who] = block.timestamp;
        if (last == 0 || staked[who] == 0) return;
        uint256 reward = staked[who] * (block.timestamp - last) * RATE / 1e18;
        bool lucky = block.timestamp % 60 < 5;  //@
        if (lucky) reward *= 2;  //@
        emit Harvest(who, reward, lucky);
        if (reward > 0) payable(who).transfer(reward);
    }
}
""",
        fix=[
            (
                "        bool lucky = block.timestamp % 60 < 5;  //@\n        if (lucky) reward *= 2;  //@\n",
                "        bool lucky = false;\n",
            ),
        ],
    ),
    dict(
        name="b4_dutch_drop_old.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.4.26",
        fn="buy",
        shape="0.4 sale: a half-price bonus for buying in the block whose timestamp equals the start",
        src=r"""
pragma solidity ^0.4.26;

contract GenesisDrop {
    address public owner;
    uint public saleStart;
    uint public price = 1 finney;
    uint public sold;
    mapping (address => uint) public tokens;

    constructor(uint _start) public {
        owner = msg.sender;
        saleStart = _start;
    }

    function buy() public payable {
        require(now >= saleStart);
        uint unit = price;
        if (now == saleStart) {  //@
            unit = price / 2;  //@
        }
        uint amount = msg.value / unit;
        require(amount > 0);
        tokens[msg.sender] += amount;
        sold += amount;
    }

    function collect() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "        uint unit = price;\n        if (now == saleStart) {  //@\n            unit = price / 2;  //@\n        }\n",
                "        uint unit = price;\n",
            ),
        ],
    ),
]
