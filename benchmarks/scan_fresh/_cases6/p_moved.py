"""Set-6 cases moved out of g_origin_calls.py, h_overflow.py to keep modules under 300 lines."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_lottery_payout_send.sol",
        cls="unchecked send",
        det=["unchecked-call"],
        ver="0.4.24",
        fn="settle",
        shape="0.4 jackpot: settle() marks the round paid and calls winner.send(pot) without checking the result",
        src=r"""
pragma solidity ^0.4.24;

contract Jackpot {
    struct Round {
        address[] players;
        uint256 pot;
        address winner;
        bool paid;
    }

    address public house;
    uint256 public ticket = 0.01 ether;
    uint256 public currentRound;
    mapping(uint256 => Round) internal rounds;
    mapping(uint256 => bytes32) public seedHash;

    event Joined(uint256 round, address player);
    event Settled(uint256 round, address winner, uint256 pot);

    constructor() public { house = msg.sender; }

    function commitSeed(bytes32 h) public {
        require(msg.sender == house);
        seedHash[currentRound] = h;
    }

    function join() public payable {
        require(msg.value == ticket);
        rounds[currentRound].players.push(msg.sender);
        rounds[currentRound].pot += msg.value;
        emit Joined(currentRound, msg.sender);
    }

    function settle(bytes32 seed) public {
        Round storage r = rounds[currentRound];
        require(msg.sender == house);
        require(keccak256(abi.encodePacked(seed)) == seedHash[currentRound]);
        require(r.players.length > 0 && !r.paid);
        r.winner = r.players[uint256(seed) % r.players.length];
        r.paid = true;
        r.winner.send(r.pot);  //@
        emit Settled(currentRound, r.winner, r.pot);
        currentRound++;
    }

    function playersOf(uint256 round) public view returns (address[]) {
        return rounds[round].players;
    }
}
""",
        fix=[("        r.winner.send(r.pot);  //@\n", "        require(r.winner.send(r.pot));\n")],
    ),
    dict(
        name="b6_vesting_claim_underflow.sol",
        cls="integer underflow",
        det=["integer-overflow"],
        ver="0.5.17",
        fn="claim",
        shape="0.5 cliff vesting: claim computes vested - claimed where the admin can shorten a schedule's total below what was already claimed, so the subtraction wraps",
        src=r"""
pragma solidity ^0.5.17;

interface IERC20 {
    function transfer(address, uint256) external returns (bool);
}

contract CliffVesting {
    struct Schedule {
        uint256 total;
        uint256 claimed;
        uint64 start;
        uint64 cliff;
        uint64 duration;
    }

    IERC20 public token;
    address public admin;
    mapping(address => Schedule) public schedules;

    event Claimed(address indexed who, uint256 amount);
    event Adjusted(address indexed who, uint256 total);

    constructor(IERC20 t) public {
        token = t;
        admin = msg.sender;
    }

    function setSchedule(address who, uint256 total, uint64 cliff, uint64 duration) external {
        require(msg.sender == admin, "admin");
        require(duration > 0 && cliff <= duration, "params");
        schedules[who] = Schedule(total, 0, uint64(now), cliff, duration);
    }

    function adjustTotal(address who, uint256 total) external {
        require(msg.sender == admin, "admin");
        schedules[who].total = total;
        emit Adjusted(who, total);
    }

    function vested(address who) public view returns (uint256) {
        Schedule memory s = schedules[who];
        if (now < s.start + s.cliff) return 0;
        if (now >= s.start + s.duration) return s.total;
        return s.total * (now - s.start) / s.duration;
    }

    function claim() external {
        Schedule storage s = schedules[msg.sender];
        uint256 amount = vested(msg.sender) - s.claimed;  //@
        require(amount > 0, "nothing");
        s.claimed += amount;
        require(token.transfer(msg.sender, amount), "push");
        emit Claimed(msg.sender, amount);
    }
}
""",
        fix=[
            (
                "        uint256 amount = vested(msg.sender) - s.claimed;  //@\n",
                '        uint256 v = vested(msg.sender);\n        require(v > s.claimed, "nothing");\n        uint256 amount = v - s.claimed;\n',
            )
        ],
    ),
]
