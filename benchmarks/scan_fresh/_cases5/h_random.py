"""Set-5 randomness, timestamp and tx.origin cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_loot_box_prevrandao.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.8.26",
        fn="open",
        shape="0.8 loot box: rarity rolled from prevrandao and the previous blockhash in an internal helper",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract LootBoxes {
    enum Rarity { Common, Rare, Epic, Legendary }

    address public studio;
    uint256 public boxPrice = 0.02 ether;
    uint256 public opened;
    mapping(address => Rarity[]) public inventory;

    event Opened(address indexed who, Rarity rarity);

    constructor() { studio = msg.sender; }

    function _roll(address who) internal view returns (uint256) {
        return uint256(keccak256(abi.encodePacked(block.prevrandao, blockhash(block.number - 1), who, opened))) % 1000;  //@
    }

    function open() external payable {
        require(msg.value == boxPrice, "price");
        uint256 r = _roll(msg.sender);  //@
        Rarity got = r < 5 ? Rarity.Legendary : r < 50 ? Rarity.Epic : r < 250 ? Rarity.Rare : Rarity.Common;
        inventory[msg.sender].push(got);
        opened++;
        emit Opened(msg.sender, got);
    }
}
""",
        fix=[
            (
                "    mapping(address => Rarity[]) public inventory;\n",
                "    mapping(address => Rarity[]) public inventory;\n    mapping(address => uint256) public pendingBlock;\n    mapping(address => bytes32) public seedCommit;\n",
            ),
            (
                "    function _roll(address who) internal view returns (uint256) {\n        return uint256(keccak256(abi.encodePacked(block.prevrandao, blockhash(block.number - 1), who, opened))) % 1000;  //@\n    }\n",
                "    function commitSeed(bytes32 c) external {\n        seedCommit[msg.sender] = c;\n    }\n\n    function _roll(address who, bytes32 studioSeed) internal view returns (uint256) {\n        return uint256(keccak256(abi.encodePacked(studioSeed, who, opened))) % 1000;\n    }\n",
            ),
            (
                '    function open() external payable {\n        require(msg.value == boxPrice, "price");\n        uint256 r = _roll(msg.sender);  //@\n',
                '    function open(address who, bytes32 studioSeed) external payable {\n        require(msg.sender == studio && msg.value == boxPrice, "studio");\n        require(keccak256(abi.encodePacked(studioSeed)) == seedCommit[studio], "seed");\n        seedCommit[studio] = bytes32(0);\n        uint256 r = _roll(who, studioSeed);\n',
            ),
            ("        inventory[msg.sender].push(got);\n", "        inventory[who].push(got);\n"),
            ("        emit Opened(msg.sender, got);\n", "        emit Opened(who, got);\n"),
        ],
    ),
    dict(
        name="b5_coin_flip_old.sol",
        cls="bad randomness",
        det=["bad-randomness", "timestamp-dependence"],
        ver="0.5.17",
        fn="flip",
        shape="0.5 coin flip: outcome from keccak of block.timestamp and block.difficulty",
        src=r"""
pragma solidity ^0.5.17;

contract CoinFlip {
    address payable public house;
    uint256 public maxBet = 1 ether;

    event Flipped(address player, bool won, uint256 amount);

    constructor() public payable { house = msg.sender; }

    function flip(bool heads) external payable {
        require(msg.value > 0 && msg.value <= maxBet, "bet");
        require(address(this).balance >= msg.value * 2, "bank");
        bool outcome = uint256(keccak256(abi.encodePacked(block.timestamp, block.difficulty, msg.sender))) % 2 == 0;  //@
        bool won = outcome == heads;
        if (won) msg.sender.transfer(msg.value * 2);
        emit Flipped(msg.sender, won, msg.value);
    }
}
""",
        fix=[
            (
                "    uint256 public maxBet = 1 ether;\n",
                "    uint256 public maxBet = 1 ether;\n    struct Bet { uint256 amount; bool heads; uint256 blockNo; }\n    mapping(address => Bet) public bets;\n",
            ),
            (
                '    function flip(bool heads) external payable {\n        require(msg.value > 0 && msg.value <= maxBet, "bet");\n        require(address(this).balance >= msg.value * 2, "bank");\n        bool outcome = uint256(keccak256(abi.encodePacked(block.timestamp, block.difficulty, msg.sender))) % 2 == 0;  //@\n        bool won = outcome == heads;\n        if (won) msg.sender.transfer(msg.value * 2);\n        emit Flipped(msg.sender, won, msg.value);\n',
                '    function flip(bool heads) external payable {\n        require(msg.value > 0 && msg.value <= maxBet, "bet");\n        require(bets[msg.sender].amount == 0, "pending");\n        bets[msg.sender] = Bet(msg.value, heads, block.number);\n    }\n\n    function settle(address payable player, bool outcome) external {\n        require(msg.sender == house, "house");\n        Bet memory b = bets[player];\n        delete bets[player];\n        bool won = outcome == b.heads;\n        if (won) player.transfer(b.amount * 2);\n        emit Flipped(player, won, b.amount);\n',
            ),
        ],
    ),
    dict(
        name="b5_last_buyer_round.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.8.26",
        fn="buyKey",
        shape="0.8 last-buyer game: a 30-second timestamp window decides whether the round ends and who wins",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract LastBuyerWins is Pausable {
    address public lastBuyer;
    uint256 public lastBuyAt;
    uint256 public pot;
    uint256 public keyPrice = 0.01 ether;
    uint256 public round;

    event RoundWon(uint256 round, address winner, uint256 pot);

    function buyKey() external payable whenNotPaused {
        require(msg.value == keyPrice, "price");
        if (lastBuyer != address(0) && block.timestamp > lastBuyAt + 30) {  //@
            address winner = lastBuyer;
            uint256 prize = pot;
            pot = 0;
            round++;
            payable(winner).transfer(prize);
            emit RoundWon(round, winner, prize);
        }
        lastBuyer = msg.sender;
        lastBuyAt = block.timestamp;
        pot += msg.value;
    }
}
""",
        fix=[
            (
                "        if (lastBuyer != address(0) && block.timestamp > lastBuyAt + 30) {  //@\n",
                "        if (lastBuyer != address(0) && block.number > lastBuyAt + 100) {\n",
            ),
            ("        lastBuyAt = block.timestamp;\n", "        lastBuyAt = block.number;\n"),
        ],
    ),
    dict(
        name="b5_minute_jackpot_old.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.7.6",
        fn="deposit",
        shape="0.7 jackpot: the first deposit of each new minute (block.timestamp / 60) takes the pot",
        src=r"""
pragma solidity ^0.7.6;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract MinuteJackpot is Pausable {
    uint256 public lastMinute;
    uint256 public pot;
    uint256 public entry = 0.05 ether;
    address public lastWinner;

    event Jackpot(address winner, uint256 amount);

    function deposit() external payable whenNotPaused {
        require(msg.value == entry, "entry");
        uint256 minute = block.timestamp / 60;  //@
        if (minute != lastMinute) {
            lastMinute = minute;
            uint256 prize = pot;
            pot = msg.value;
            lastWinner = msg.sender;
            msg.sender.transfer(prize);
            emit Jackpot(msg.sender, prize);
        } else {
            pot += msg.value;
        }
    }
}
""",
        fix=[("        uint256 minute = block.timestamp / 60;  //@\n", "        uint256 minute = block.number / 5;\n")],
    ),
    dict(
        name="b5_cold_wallet_origin.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.8.26",
        fn="onlyOwner",
        shape="0.8 cold wallet: onlyOwner modifier authenticates tx.origin",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract ColdWallet {
    address public owner;
    uint256 public dailyLimit = 5 ether;

    event Withdrawn(address to, uint256 amount);

    modifier onlyOwner() {
        require(tx.origin == owner, "owner");  //@
        _;
    }

    constructor() { owner = msg.sender; }

    function setDailyLimit(uint256 l) external onlyOwner { dailyLimit = l; }

    function withdrawAll(address payable to) external onlyOwner {
        uint256 amount = address(this).balance;
        to.transfer(amount);
        emit Withdrawn(to, amount);
    }

    receive() external payable {}
}
""",
        fix=[
            ('        require(tx.origin == owner, "owner");  //@\n', '        require(msg.sender == owner, "owner");\n')
        ],
    ),
    dict(
        name="b5_fund_origin.vy",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.4.3",
        fn="pay_out",
        shape="Vyper 0.4 community fund: pay_out asserts tx.origin is the steward",
        src=r"""
# pragma version ^0.4.0

steward: public(address)
paid: public(HashMap[address, uint256])


@deploy
@payable
def __init__():
    self.steward = msg.sender


@external
@payable
def donate():
    pass


@external
def pay_out(to: address, amount: uint256):
    assert tx.origin == self.steward, "steward"  #@
    self.paid[to] += amount
    send(to, amount)
""",
        fix=[
            (
                '    assert tx.origin == self.steward, "steward"  #@\n',
                '    assert msg.sender == self.steward, "steward"\n',
            )
        ],
    ),
]
