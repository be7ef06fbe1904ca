"""Bad randomness, timestamp dependence and transaction-order cases for the fresh recall set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="br_weekly_lottery.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.4.24",
        fn="draw",
        shape="winner index from keccak256(block.timestamp, block.difficulty)",
        src="""
pragma solidity ^0.4.24;

contract WeeklyLottery {
    address public organiser;
    address[] public tickets;
    uint256 public price = 0.1 ether;

    constructor() public {
        organiser = msg.sender;
    }

    function buy() public payable {
        require(msg.value == price);
        tickets.push(msg.sender);
    }

    function draw() public {
        require(msg.sender == organiser);
        require(tickets.length > 0);
        uint256 idx = uint256(keccak256(abi.encodePacked(block.timestamp, block.difficulty))) % tickets.length;  //@
        address winner = tickets[idx];
        delete tickets;
        winner.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "    uint256 public price = 0.1 ether;\n",
                "    uint256 public price = 0.1 ether;\n    bytes32 public sealedSeed;\n",
            ),
            (
                """    function draw() public {
        require(msg.sender == organiser);
        require(tickets.length > 0);
        uint256 idx = uint256(keccak256(abi.encodePacked(block.timestamp, block.difficulty))) % tickets.length;  //@""",
                """    function seal(bytes32 commitment) public {
        require(msg.sender == organiser);
        sealedSeed = commitment;
    }

    function draw(bytes32 seed) public {
        require(msg.sender == organiser);
        require(tickets.length > 0);
        require(keccak256(abi.encodePacked(seed)) == sealedSeed);
        uint256 idx = uint256(keccak256(abi.encodePacked(seed, tickets.length))) % tickets.length;""",
            ),
        ],
    ),
    dict(
        name="br_raffle_blockhash.sol",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="0.8.19",
        fn="settle",
        shape="blockhash(block.number - 1) picks the raffle winner; anyone may settle",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

contract CharityRaffle {
    address[] public entrants;
    uint256 public immutable closesAt;
    address public winner;

    constructor(uint256 duration) {
        closesAt = block.timestamp + duration;
    }

    function enter() external payable {
        require(block.timestamp < closesAt, "closed");
        require(msg.value == 0.02 ether, "fee");
        entrants.push(msg.sender);
    }

    function settle() external {
        require(block.timestamp >= closesAt && winner == address(0), "state");
        uint256 pick = uint256(blockhash(block.number - 1)) % entrants.length;  //@
        winner = entrants[pick];
        payable(winner).transfer(address(this).balance / 2);
    }
}
""",
        fix=[
            (
                "contract CharityRaffle {\n",
                "interface IRandomBeacon {\n    function randomness(uint256 round) external view returns (uint256);\n}\n\n"
                "contract CharityRaffle {\n    IRandomBeacon public immutable beacon;\n",
            ),
            (
                "    constructor(uint256 duration) {\n",
                "    constructor(uint256 duration, IRandomBeacon _beacon) {\n        beacon = _beacon;\n",
            ),
            (
                "        uint256 pick = uint256(blockhash(block.number - 1)) % entrants.length;  //@",
                "        uint256 pick = beacon.randomness(closesAt) % entrants.length;",
            ),
        ],
    ),
    dict(
        name="br_vyper_dice.vy",
        cls="bad randomness",
        det=["bad-randomness"],
        ver="vyper 0.3.10",
        fn="roll",
        shape="Vyper dice from keccak256 of block.prevhash and timestamp",
        src="""
# @version ^0.3.10

house: public(address)

@external
@payable
def __init__():
    self.house = msg.sender

@external
@payable
def roll(guess: uint256):
    assert msg.value == 10 ** 16, "stake"
    face: uint256 = convert(keccak256(concat(block.prevhash, convert(block.timestamp, bytes32))), uint256) % 6  #@
    if face == guess:
        send(msg.sender, msg.value * 5)
""",
        fix=[
            (
                "house: public(address)\n",
                "interface Beacon:\n    def latest() -> uint256: view\n\nhouse: public(address)\nbeacon: public(Beacon)\n",
            ),
            (
                "def __init__():\n    self.house = msg.sender\n",
                "def __init__(_beacon: address):\n    self.house = msg.sender\n    self.beacon = Beacon(_beacon)\n",
            ),
            (
                "    face: uint256 = convert(keccak256(concat(block.prevhash, convert(block.timestamp, bytes32))), uint256) % 6  #@",
                "    face: uint256 = self.beacon.latest() % 6",
            ),
        ],
    ),
    dict(
        name="ts_happy_hour_sale.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence"],
        ver="0.8.20",
        fn="buy",
        shape="price halves when block.timestamp % 3600 < 300",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract TicketShop {
    uint256 public constant PRICE = 0.01 ether;
    mapping(address => uint256) public tickets;
    address payable public immutable venue;

    constructor(address payable _venue) {
        venue = _venue;
    }

    function buy(uint256 count) external payable {
        uint256 unit = PRICE;
        if (block.timestamp % 3600 < 300) {  //@
            unit = PRICE / 2;
        }
        require(msg.value == unit * count, "payment");
        tickets[msg.sender] += count;
        venue.transfer(msg.value);
    }
}
""",
        fix=[
            (
                """        uint256 unit = PRICE;
        if (block.timestamp % 3600 < 300) {  //@
            unit = PRICE / 2;
        }
""",
                """        uint256 unit = PRICE;
""",
            ),
        ],
    ),
    dict(
        name="ts_roulette_now.sol",
        cls="timestamp dependence",
        det=["timestamp-dependence", "bad-randomness"],
        ver="0.5.17",
        fn="spin",
        shape="every 7th second pays the pot",
        src="""
pragma solidity ^0.5.17;

contract TimeRoulette {
    uint256 public lastSpin;

    function () external payable {}

    function spin() external payable {
        require(msg.value == 1 ether, "stake");
        require(now != lastSpin, "one per block");
        lastSpin = now;
        if (now % 7 == 0) {  //@
            msg.sender.transfer(address(this).balance);
        }
    }
}
""",
        fix=[
            (
                "    uint256 public lastSpin;\n",
                "    uint256 public lastSpin;\n    mapping(address => bytes32) public commits;\n    mapping(address => uint256) public commitBlock;\n\n"
                "    function commit(bytes32 h) external {\n        commits[msg.sender] = h;\n        commitBlock[msg.sender] = block.number;\n    }\n",
            ),
            (
                """    function spin() external payable {
        require(msg.value == 1 ether, "stake");
        require(now != lastSpin, "one per block");
        lastSpin = now;
        if (now % 7 == 0) {  //@""",
                """    function spin(bytes32 secret) external payable {
        require(msg.value == 1 ether, "stake");
        require(keccak256(abi.encodePacked(secret)) == commits[msg.sender], "commit");
        require(block.number > commitBlock[msg.sender], "same block");
        delete commits[msg.sender];
        if (uint256(keccak256(abi.encodePacked(secret, address(this)))) % 7 == 0) {""",
            ),
        ],
    ),
    dict(
        name="tod_rate_swap.sol",
        cls="transaction order",
        det=["price-change-race", "transaction-order"],
        ver="0.8.19",
        fn="buy",
        shape="owner can reprice between a buyer's submission and inclusion; no min-out",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

contract TokenSale {
    address public owner;
    uint256 public tokensPerEth;
    mapping(address => uint256) public balanceOf;

    constructor(uint256 rate) {
        owner = msg.sender;
        tokensPerEth = rate;
    }

    function setRate(uint256 rate) external {
        require(msg.sender == owner, "owner");
        tokensPerEth = rate;
    }

    function buy() external payable {
        uint256 amount = msg.value * tokensPerEth;  //@
        balanceOf[msg.sender] += amount;
    }
}
""",
        fix=[
            (
                """    function buy() external payable {
        uint256 amount = msg.value * tokensPerEth;  //@""",
                """    function buy(uint256 minTokens) external payable {
        uint256 amount = msg.value * tokensPerEth;
        require(amount >= minTokens, "slippage");""",
            )
        ],
    ),
    dict(
        name="tod_bounty_reward.sol",
        cls="transaction order",
        det=["transaction-order", "price-change-race"],
        ver="0.4.24",
        fn="claim",
        shape="sponsor may lower the reward while a bug report is pending",
        src="""
pragma solidity ^0.4.24;

contract BugBounty {
    address public sponsor;
    uint256 public reward;
    bytes32 public targetHash;
    bool public paid;

    constructor(bytes32 h) public payable {
        sponsor = msg.sender;
        reward = msg.value;
        targetHash = h;
    }

    function setReward(uint256 r) public {
        require(msg.sender == sponsor);
        require(!paid);
        reward = r;
    }

    function claim(bytes32 proofSeed) public {
        require(!paid);
        require(keccak256(abi.encodePacked(proofSeed, msg.sender)) == targetHash);
        paid = true;
        msg.sender.transfer(reward);  //@
    }
}
""",
        fix=[
            (
                """    function claim(bytes32 proofSeed) public {
        require(!paid);""",
                """    function claim(bytes32 proofSeed, uint256 expectedReward) public {
        require(!paid);
        require(reward >= expectedReward);""",
            ),
            (
                """    function setReward(uint256 r) public {
        require(msg.sender == sponsor);
        require(!paid);
        reward = r;""",
                """    function setReward(uint256 r) public {
        require(msg.sender == sponsor);
        require(!paid);
        require(r >= reward);
        reward = r;""",
            ),
        ],
    ),
    dict(
        name="tod_payee_splitter.sol",
        cls="transaction order",
        det=["payee-race"],
        ver="0.6.12",
        fn="payout",
        shape="anyone may set the beneficiary that payout() pays",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract RoyaltyPot {
    address public artist;
    address payable public beneficiary;

    constructor() public {
        artist = msg.sender;
        beneficiary = msg.sender;
    }

    receive() external payable {}

    function setBeneficiary(address payable b) external {
        beneficiary = b;  //@
    }

    function payout() external {
        require(msg.sender == artist, "artist");
        beneficiary.transfer(address(this).balance);  //@
    }
}
""",
        fix=[
            (
                "    function setBeneficiary(address payable b) external {\n",
                '    function setBeneficiary(address payable b) external {\n        require(msg.sender == artist, "artist");\n',
            )
        ],
    ),
    dict(
        name="tod_approve_token.sol",
        cls="transaction order",
        det=["approve-race"],
        ver="0.5.16",
        fn="approve",
        shape="ERC-20 approve overwrites a non-zero allowance",
        src="""
pragma solidity 0.5.16;

contract GuildToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) public {
        balanceOf[msg.sender] = supply;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;  //@
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(balanceOf[from] >= value && allowance[from][msg.sender] >= value, "funds");
        allowance[from][msg.sender] -= value;
        balanceOf[from] -= value;
        balanceOf[to] += value;
        return true;
    }
}
""",
        fix=[
            (
                "    function approve(address spender, uint256 value) external returns (bool) {\n",
                "    function approve(address spender, uint256 value) external returns (bool) {\n"
                '        require(value == 0 || allowance[msg.sender][spender] == 0, "reset first");\n',
            )
        ],
    ),
    dict(
        name="tod_riddle_prize.sol",
        cls="transaction order",
        det=["public-solution"],
        ver="0.8.20",
        fn="answer",
        shape="first to submit the preimage of a stored hash wins; answer visible in the mempool",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract RiddlePrize {
    bytes32 public immutable answerHash;
    bool public solved;

    constructor(bytes32 h) payable {
        answerHash = h;
    }

    function answer(string calldata guess) external {
        require(!solved, "solved");
        require(keccak256(bytes(guess)) == answerHash, "wrong");  //@
        solved = true;
        payable(msg.sender).transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "    bool public solved;\n",
                "    bool public solved;\n    mapping(address => bytes32) public commitOf;\n    mapping(address => uint256) public commitAt;\n\n"
                "    function commit(bytes32 c) external {\n        commitOf[msg.sender] = c;\n        commitAt[msg.sender] = block.number;\n    }\n",
            ),
            (
                """        require(keccak256(bytes(guess)) == answerHash, "wrong");  //@""",
                """        require(commitAt[msg.sender] != 0 && commitAt[msg.sender] < block.number, "commit first");
        require(commitOf[msg.sender] == keccak256(abi.encodePacked(msg.sender, guess)), "commit");
        require(keccak256(bytes(guess)) == answerHash, "wrong");""",
            ),
        ],
    ),
]
