"""Set-6 further cases: unbounded loops, refund not debited, cross-chain signature replay."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_watchlist_sweep.vy",
        cls="DoS: unbounded loop",
        det=["unbounded-loop", "unbounded-growth", "call-in-loop"],
        ver="0.4.3",
        fn="close_round",
        shape="Vyper 0.4 prediction round: anyone can append entries (any count); close_round loops over all of them paying winners, so a filled list makes it run out of gas",
        src=r"""
# pragma version ^0.4.0

MAX_ENTRIES: constant(uint256) = 100000

struct Entry:
    who: address
    guess: bool
    stake: uint256

event Entered:
    who: indexed(address)
    guess: bool

host: public(address)
entries: public(DynArray[Entry, MAX_ENTRIES])
outcome_set: public(bool)
outcome: public(bool)
winner_stake: public(uint256)


@deploy
def __init__():
    self.host = msg.sender


@external
@payable
def enter(guess: bool):
    assert not self.outcome_set, "closed"
    self.entries.append(Entry(who=msg.sender, guess=guess, stake=msg.value))  #@
    log Entered(msg.sender, guess)


@external
def set_outcome(result: bool):
    assert msg.sender == self.host, "host"
    self.outcome_set = True
    self.outcome = result
    for e: Entry in self.entries:
        if e.guess == result:
            self.winner_stake += e.stake


@external
def close_round():
    assert self.outcome_set, "open"
    pot: uint256 = self.balance
    for e: Entry in self.entries:  #@
        if e.guess == self.outcome:
            send(e.who, pot * e.stake // self.winner_stake)
""",
        fix=[
            (
                "MAX_ENTRIES: constant(uint256) = 100000\n",
                "MAX_ENTRIES: constant(uint256) = 100000\nMAX_PER_ROUND: constant(uint256) = 50\n",
            ),
            (
                '    assert not self.outcome_set, "closed"\n    self.entries.append(Entry(who=msg.sender, guess=guess, stake=msg.value))  #@\n',
                '    assert not self.outcome_set, "closed"\n    assert len(self.entries) < MAX_PER_ROUND, "full"\n    assert msg.value >= 10**17, "min stake"\n    self.entries.append(Entry(who=msg.sender, guess=guess, stake=msg.value))\n',
            ),
            (
                "    pot: uint256 = self.balance\n    for e: Entry in self.entries:  #@\n        if e.guess == self.outcome:\n            send(e.who, pot * e.stake // self.winner_stake)\n",
                "    pot: uint256 = self.balance\n    for e: Entry in self.entries:\n        if e.guess == self.outcome:\n            self.owed[e.who] += pot * e.stake // self.winner_stake\n\n\n@external\ndef withdraw():\n    a: uint256 = self.owed[msg.sender]\n    self.owed[msg.sender] = 0\n    send(msg.sender, a)\n",
            ),
            (
                "winner_stake: public(uint256)\n",
                "winner_stake: public(uint256)\nowed: public(HashMap[address, uint256])\n",
            ),
        ],
    ),
    dict(
        name="b6_validator_registry_loop.sol",
        cls="DoS: unbounded loop",
        det=["unbounded-loop", "unbounded-growth"],
        ver="0.6.12",
        fn="slashAll",
        shape="0.6 validator registry: register() is open to anyone with a tiny bond and pushes to an array; slashAll iterates the whole array",
        src=r"""
pragma solidity ^0.6.12;

contract ValidatorRegistry {
    struct Validator {
        address operator;
        uint256 bond;
        uint256 lastHeartbeat;
    }

    uint256 public constant MIN_BOND = 1 wei;
    uint256 public constant TIMEOUT = 1 hours;
    address public slasher;
    Validator[] public validators;
    mapping(address => uint256) public indexPlusOne;
    uint256 public slashedPool;

    event Registered(address operator, uint256 bond);
    event Slashed(address operator, uint256 amount);

    constructor() public { slasher = msg.sender; }

    function register() external payable {
        require(msg.value >= MIN_BOND, "bond");
        require(indexPlusOne[msg.sender] == 0, "exists");
        validators.push(Validator(msg.sender, msg.value, block.timestamp));
        indexPlusOne[msg.sender] = validators.length;
        emit Registered(msg.sender, msg.value);
    }

    function heartbeat() external {
        uint256 i = indexPlusOne[msg.sender];
        require(i != 0, "unknown");
        validators[i - 1].lastHeartbeat = block.timestamp;
    }

    function slashAll() external {
        require(msg.sender == slasher, "slasher");
        for (uint256 i = 0; i < validators.length; i++) {  //@
            Validator storage v = validators[i];
            if (block.timestamp > v.lastHeartbeat + TIMEOUT && v.bond > 0) {
                uint256 cut = v.bond / 10;
                v.bond -= cut;
                slashedPool += cut;
                emit Slashed(v.operator, cut);
            }
        }
    }
}
""",
        fix=[
            ("    uint256 public constant MIN_BOND = 1 wei;\n", "    uint256 public constant MIN_BOND = 32 ether;\n"),
            (
                '    function slashAll() external {\n        require(msg.sender == slasher, "slasher");\n        for (uint256 i = 0; i < validators.length; i++) {  //@\n',
                '    function slashRange(uint256 from, uint256 to) external {\n        require(msg.sender == slasher, "slasher");\n        require(from <= to && to <= validators.length && to - from <= 100, "range");\n        for (uint256 i = from; i < to; i++) {\n',
            ),
        ],
    ),
    dict(
        name="b6_deposit_refund_not_debited.sol",
        cls="refund not debited",
        det=["refund-not-debited"],
        ver="0.6.12",
        fn="refund",
        shape="0.6 presale: refund() after a failed sale pays contributions[msg.sender] but never zeroes it",
        src=r"""
pragma solidity ^0.6.12;

contract Presale {
    address payable public project;
    uint256 public softCap;
    uint256 public endsAt;
    uint256 public raised;
    bool public finalized;
    mapping(address => uint256) public contributions;

    event Contributed(address indexed who, uint256 amount);
    event Refunded(address indexed who, uint256 amount);

    constructor(uint256 cap, uint256 duration) public {
        project = msg.sender;
        softCap = cap;
        endsAt = block.timestamp + duration;
    }

    function contribute() external payable {
        require(block.timestamp < endsAt, "ended");
        contributions[msg.sender] += msg.value;
        raised += msg.value;
        emit Contributed(msg.sender, msg.value);
    }

    function finalize() external {
        require(block.timestamp >= endsAt && raised >= softCap && !finalized, "cannot");
        finalized = true;
        project.transfer(address(this).balance);
    }

    function refund() external {
        require(block.timestamp >= endsAt && raised < softCap, "no refund");
        uint256 amount = contributions[msg.sender];
        require(amount > 0, "nothing");
        msg.sender.transfer(amount);  //@
        emit Refunded(msg.sender, amount);
    }
}
""",
        fix=[
            (
                '        require(amount > 0, "nothing");\n        msg.sender.transfer(amount);  //@\n',
                '        require(amount > 0, "nothing");\n        contributions[msg.sender] = 0;\n        msg.sender.transfer(amount);\n',
            )
        ],
    ),
]
