"""Set-6 block-value randomness and timestamp-dependence cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_loot_box_blockhash.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.8.26",
        fn="open",
        shape="0.8 loot box: open() rolls rarity from blockhash(block.number - 1) and msg.sender; the fixed twin uses a commit of a future block's hash",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IItems {
    function mint(address to, uint256 itemId, uint256 amount) external;
}

contract LootBoxes {
    uint256 public constant BOX_PRICE = 0.02 ether;
    uint16[4] public rarityCutoffs = [6000, 8800, 9800, 10000];

    IItems public immutable items;
    address public immutable studio;
    mapping(address => uint256) public boxes;
    mapping(address => uint256) public commitBlock;

    event BoxBought(address indexed who, uint256 count);
    event BoxOpened(address indexed who, uint256 rarity);

    constructor(IItems i) {
        items = i;
        studio = msg.sender;
    }

    function buy(uint256 count) external payable {
        require(msg.value == count * BOX_PRICE, "price");
        boxes[msg.sender] += count;
        emit BoxBought(msg.sender, count);
    }

    function _rarity(uint256 roll) internal view returns (uint256) {
        uint256 r = roll % 10000;
        for (uint256 i = 0; i < 4; i++) if (r < rarityCutoffs[i]) return i;
        return 3;
    }

    function open() external {
        require(boxes[msg.sender] > 0, "no box");
        boxes[msg.sender] -= 1;
        uint256 roll = uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), msg.sender, boxes[msg.sender])));  //@
        uint256 rarity = _rarity(roll);
        items.mint(msg.sender, rarity, 1);
        emit BoxOpened(msg.sender, rarity);
    }

    function withdraw() external {
        require(msg.sender == studio, "studio");
        (bool ok, ) = studio.call{value: address(this).balance}("");
        require(ok, "w");
    }
}
""",
        fix=[
            (
                '    function open() external {\n        require(boxes[msg.sender] > 0, "no box");\n        boxes[msg.sender] -= 1;\n        uint256 roll = uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), msg.sender, boxes[msg.sender])));  //@\n',
                '    function commit() external {\n        require(boxes[msg.sender] > 0 && commitBlock[msg.sender] == 0, "commit");\n        commitBlock[msg.sender] = block.number + 5;\n    }\n\n    function open() external {\n        require(boxes[msg.sender] > 0, "no box");\n        uint256 cb = commitBlock[msg.sender];\n        require(cb != 0 && block.number > cb && block.number <= cb + 256, "window");\n        commitBlock[msg.sender] = 0;\n        boxes[msg.sender] -= 1;\n        uint256 roll = uint256(keccak256(abi.encodePacked(blockhash(cb), msg.sender, boxes[msg.sender])));\n',
            )
        ],
    ),
    dict(
        name="b6_coinflip_difficulty.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.4.26",
        fn="flip",
        shape="0.4 coin flip house: flip() pays 2x when keccak(block.difficulty, now) is even; bankroll management is admin-only",
        src=r"""
pragma solidity ^0.4.26;

contract CoinFlipHouse {
    address public croupier;
    uint256 public minBet = 0.001 ether;
    uint256 public maxBetPct = 2;
    uint256 public gamesPlayed;

    event Flip(address player, uint256 bet, bool won);
    event BankrollAdded(uint256 amount);

    constructor() public payable {
        croupier = msg.sender;
    }

    modifier onlyCroupier() {
        require(msg.sender == croupier);
        _;
    }

    function addBankroll() public payable onlyCroupier {
        emit BankrollAdded(msg.value);
    }

    function maxBet() public view returns (uint256) {
        return address(this).balance * maxBetPct / 100;
    }

    function flip() public payable {
        require(msg.value >= minBet && msg.value <= maxBet());
        gamesPlayed++;
        bool won = uint256(keccak256(abi.encodePacked(block.difficulty, now, gamesPlayed))) % 2 == 0;  //@
        if (won) {
            msg.sender.transfer(msg.value * 2);
        }
        emit Flip(msg.sender, msg.value, won);
    }

    function cashOut(uint256 amount) public onlyCroupier {
        croupier.transfer(amount);
    }
}
""",
        fix=[
            (
                "    function flip() public payable {\n        require(msg.value >= minBet && msg.value <= maxBet());\n        gamesPlayed++;\n        bool won = uint256(keccak256(abi.encodePacked(block.difficulty, now, gamesPlayed))) % 2 == 0;  //@\n        if (won) {\n            msg.sender.transfer(msg.value * 2);\n        }\n        emit Flip(msg.sender, msg.value, won);\n    }\n",
                "    mapping(address => bytes32) public commitOf;\n    mapping(address => uint256) public betOf;\n\n    function placeBet(bytes32 playerCommit) public payable {\n        require(msg.value >= minBet && msg.value <= maxBet() && betOf[msg.sender] == 0);\n        commitOf[msg.sender] = playerCommit;\n        betOf[msg.sender] = msg.value;\n    }\n\n    function flip(bytes32 playerSecret, bytes32 houseSecret, uint8 v, bytes32 r, bytes32 s) public {\n        require(keccak256(abi.encodePacked(playerSecret)) == commitOf[msg.sender]);\n        require(ecrecover(keccak256(abi.encodePacked(address(this), msg.sender, commitOf[msg.sender], houseSecret)), v, r, s) == croupier);\n        uint256 bet = betOf[msg.sender];\n        require(bet > 0);\n        betOf[msg.sender] = 0;\n        commitOf[msg.sender] = bytes32(0);\n        gamesPlayed++;\n        bool won = uint256(keccak256(abi.encodePacked(playerSecret, houseSecret))) % 2 == 0;\n        if (won) {\n            msg.sender.transfer(bet * 2);\n        }\n        emit Flip(msg.sender, bet, won);\n    }\n",
            )
        ],
    ),
    dict(
        name="b6_prize_draw_timestamp.vy",
        cls="bad randomness",
        det=["bad-randomness", "timestamp-dependence"],
        ver="0.4.3",
        fn="draw",
        shape="Vyper 0.4 prize draw: draw() picks the winner index from keccak256(block.timestamp, block.prevrandao)",
        src=r"""
# pragma version ^0.4.0

MAX_ENTRIES: constant(uint256) = 500

event Entered:
    who: indexed(address)

event Winner:
    who: indexed(address)
    prize: uint256

host: public(address)
entries: public(DynArray[address, MAX_ENTRIES])
entry_fee: public(uint256)
drawn: public(bool)


@deploy
def __init__(fee: uint256):
    self.host = msg.sender
    self.entry_fee = fee


@external
@payable
def enter():
    assert not self.drawn, "drawn"
    assert msg.value == self.entry_fee, "fee"
    self.entries.append(msg.sender)
    log Entered(msg.sender)


@external
def draw():
    assert msg.sender == self.host, "host"
    assert not self.drawn and len(self.entries) > 1, "state"
    seed: bytes32 = keccak256(concat(convert(block.timestamp, bytes32), block.prevrandao))  #@
    idx: uint256 = convert(seed, uint256) % len(self.entries)
    winner: address = self.entries[idx]
    self.drawn = True
    prize: uint256 = self.balance
    send(winner, prize)
    log Winner(winner, prize)
""",
        fix=[
            (
                '    assert not self.drawn and len(self.entries) > 1, "state"\n    seed: bytes32 = keccak256(concat(convert(block.timestamp, bytes32), block.prevrandao))  #@\n',
                '    assert not self.drawn and len(self.entries) > 1, "state"\n    assert keccak256(secret) == self.secret_hash, "secret"\n    seed: bytes32 = keccak256(concat(secret, convert(len(self.entries), bytes32)))\n',
            ),
            ("def draw():\n", "def draw(secret: bytes32):\n"),
            (
                "drawn: public(bool)\n\n\n@deploy\ndef __init__(fee: uint256):\n",
                "drawn: public(bool)\nsecret_hash: public(bytes32)\n\n\n@deploy\ndef __init__(fee: uint256, secret_hash: bytes32):\n    self.secret_hash = secret_hash\n",
            ),
        ],
    ),
    dict(
        name="b6_sale_window_timestamp.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.7.6",
        fn="buy",
        shape="0.7 token sale: buy() gives a 'lucky minute' 2x bonus when block.timestamp % 60 == 0 (miner-choosable); sale window checks on timestamp are benign",
        src=r"""
pragma solidity ^0.7.6;

interface ISaleToken {
    function mint(address to, uint256 amount) external;
}

contract TokenSale {
    ISaleToken public immutable token;
    address payable public immutable treasury;
    uint256 public immutable opensAt;
    uint256 public immutable closesAt;
    uint256 public constant RATE = 1000;
    uint256 public raised;
    uint256 public hardCap = 500 ether;

    event Bought(address indexed buyer, uint256 paid, uint256 tokens, bool lucky);

    constructor(ISaleToken t, address payable tr, uint256 open, uint256 close) {
        require(close > open, "window");
        token = t;
        treasury = tr;
        opensAt = open;
        closesAt = close;
    }

    function buy() external payable {
        require(block.timestamp >= opensAt && block.timestamp < closesAt, "closed");
        require(raised + msg.value <= hardCap, "cap");
        raised += msg.value;
        uint256 tokens = msg.value * RATE;
        bool lucky = block.timestamp % 60 == 0;  //@
        if (lucky) tokens *= 2;
        token.mint(msg.sender, tokens);
        emit Bought(msg.sender, msg.value, tokens, lucky);
    }

    function finalize() external {
        require(block.timestamp >= closesAt, "open");
        (bool ok, ) = treasury.call{value: address(this).balance}("");
        require(ok, "treasury");
    }
}
""",
        fix=[
            (
                "        bool lucky = block.timestamp % 60 == 0;  //@\n",
                "        bool lucky = msg.value >= 10 ether;\n",
            )
        ],
    ),
]
