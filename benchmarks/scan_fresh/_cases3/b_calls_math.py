"""Ignored send results, unchecked low-level calls and integer wrap-around cases for the third blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b3_payroll_send.sol",
        cls="ignored send failure",
        det=["ignored-send-failure"],
        ver="0.4.24",
        fn="paySalary",
        shape="0.4 payroll: employee.send(salary) result dropped, the period is marked paid anyway",
        src="""
pragma solidity ^0.4.24;

contract Payroll {
    struct Employee { address account; uint salary; uint lastPaid; }

    address public employer;
    Employee[] public staff;
    uint constant PERIOD = 30 days;

    modifier onlyEmployer() {
        require(msg.sender == employer);
        _;
    }

    constructor() public payable {
        employer = msg.sender;
    }

    function () public payable {}

    function hire(address account, uint salary) public onlyEmployer {
        staff.push(Employee(account, salary, now));
    }

    function paySalary(uint idx) public onlyEmployer {
        Employee storage e = staff[idx];
        require(now >= e.lastPaid + PERIOD);
        e.lastPaid = now;
        e.account.send(e.salary);  //@
    }
}
""",
        fix=[("        e.account.send(e.salary);  //@", "        require(e.account.send(e.salary));")],
    ),
    dict(
        name="b3_raffle_payout.sol",
        cls="ignored send failure",
        det=["ignored-send-failure"],
        ver="0.5.17",
        fn="close",
        shape="prize sent with send() and the pot cleared whether or not it arrived",
        src="""
pragma solidity ^0.5.17;

contract CharityRaffle {
    address payable public charity;
    address payable[] public entrants;
    address payable public lastWinner;
    uint256 public pot;
    uint256 public constant TICKET = 0.05 ether;

    constructor(address payable _charity) public {
        charity = _charity;
    }

    function enter() external payable {
        require(msg.value == TICKET, "ticket price");
        entrants.push(msg.sender);
        pot += msg.value;
    }

    function close(uint256 winnerIndex) external {
        require(msg.sender == charity, "charity only");
        require(winnerIndex < entrants.length, "index");
        uint256 prize = pot / 2;
        lastWinner = entrants[winnerIndex];
        lastWinner.send(prize);  //@
        charity.transfer(pot - prize);
        pot = 0;
        delete entrants;
    }
}
""",
        fix=[("        lastWinner.send(prize);  //@", '        require(lastWinner.send(prize), "prize");')],
    ),
    dict(
        name="b3_safe_execute.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.7.6",
        fn="execute",
        shape="2-of-3 multisig marks a transaction executed after a call whose success flag is never read",
        src="""
// SPDX-License-Identifier: LGPL-3.0
pragma solidity ^0.7.6;

contract TinyMultisig {
    struct Txn { address to; uint256 value; bytes data; uint8 approvals; bool executed; }

    mapping(address => bool) public isSigner;
    mapping(uint256 => mapping(address => bool)) public approved;
    Txn[] public txns;
    uint8 public constant THRESHOLD = 2;

    constructor(address[3] memory signers) {
        for (uint256 i = 0; i < 3; i++) isSigner[signers[i]] = true;
    }

    receive() external payable {}

    modifier onlySigner() {
        require(isSigner[msg.sender], "signer");
        _;
    }

    function submit(address to, uint256 value, bytes calldata data) external onlySigner returns (uint256) {
        txns.push(Txn(to, value, data, 0, false));
        return txns.length - 1;
    }

    function approve(uint256 id) external onlySigner {
        require(!approved[id][msg.sender], "twice");
        approved[id][msg.sender] = true;
        txns[id].approvals++;
    }

    function execute(uint256 id) external onlySigner {
        Txn storage t = txns[id];
        require(!t.executed && t.approvals >= THRESHOLD, "not ready");
        t.executed = true;
        (bool success, ) = t.to.call{value: t.value}(t.data);  //@
    }
}
""",
        fix=[
            (
                "        (bool success, ) = t.to.call{value: t.value}(t.data);  //@",
                '        (bool success, ) = t.to.call{value: t.value}(t.data);\n        require(success, "call reverted");',
            )
        ],
    ),
    dict(
        name="b3_bridge_unlock.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.4.25",
        fn="unlock",
        shape="0.4 bridge: token.call(bytes4(keccak256(...)), ...) as a statement, receipt marked processed",
        src="""
pragma solidity ^0.4.25;

contract BridgeVault {
    address public relayer;
    mapping (bytes32 => bool) public processed;

    event Locked(address indexed token, address indexed from, uint amount, bytes32 destination);
    event Unlocked(bytes32 indexed receipt, address to, uint amount);

    constructor(address _relayer) public {
        relayer = _relayer;
    }

    function lock(address token, uint amount, bytes32 destination) public {
        require(token.call(bytes4(keccak256("transferFrom(address,address,uint256)")), msg.sender, this, amount));
        emit Locked(token, msg.sender, amount, destination);
    }

    function unlock(bytes32 receipt, address token, address to, uint amount) public {
        require(msg.sender == relayer);
        require(!processed[receipt]);
        processed[receipt] = true;
        token.call(bytes4(keccak256("transfer(address,uint256)")), to, amount);  //@
        emit Unlocked(receipt, to, amount);
    }
}
""",
        fix=[
            (
                '        token.call(bytes4(keccak256("transfer(address,uint256)")), to, amount);  //@',
                '        require(token.call(bytes4(keccak256("transfer(address,uint256)")), to, amount));',
            )
        ],
    ),
    dict(
        name="b3_vy_forwarder.vy",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="vyper 0.4",
        fn="forward",
        shape="Vyper 0.4 raw_call with revert_on_failure=False whose success flag is dropped",
        src="""
#pragma version ^0.4.0

owner: public(address)
nonce: public(uint256)

event Forwarded:
    target: indexed(address)
    nonce: uint256

@deploy
def __init__():
    self.owner = msg.sender

@external
@payable
def __default__():
    pass

@external
def forward(target: address, payload: Bytes[1024], amount: uint256):
    assert msg.sender == self.owner, "owner"
    success: bool = False
    response: Bytes[32] = b""
    success, response = raw_call(target, payload, max_outsize=32, value=amount, revert_on_failure=False)  #@
    self.nonce += 1
    log Forwarded(target, self.nonce)
""",
        fix=[
            (
                "    success, response = raw_call(target, payload, max_outsize=32, value=amount, revert_on_failure=False)  #@\n",
                '    success, response = raw_call(target, payload, max_outsize=32, value=amount, revert_on_failure=False)\n    assert success, "forward failed"\n',
            )
        ],
    ),
    dict(
        name="b3_batch_token.sol",
        cls="integer overflow (pre-0.8)",
        det=["integer-overflow"],
        ver="0.4.24",
        fn="batchTransfer",
        shape="pausable 0.4 token: count * value multiplied without SafeMath in batchTransfer, the rest uses SafeMath",
        src="""
pragma solidity ^0.4.24;

library SafeMath {
    function sub(uint256 a, uint256 b) internal pure returns (uint256) { assert(b <= a); return a - b; }
    function add(uint256 a, uint256 b) internal pure returns (uint256) { uint256 c = a + b; assert(c >= a); return c; }
    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        if (a == 0) return 0;
        uint256 c = a * b;
        assert(c / a == b);
        return c;
    }
}

contract GoldCoin {
    using SafeMath for uint256;
    mapping (address => uint256) public balanceOf;
    uint256 public totalSupply;
    bool public paused;
    address public owner;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 supply) public {
        owner = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    function transfer(address _to, uint256 _value) public returns (bool) {
        require(!paused && _to != address(0));
        balanceOf[msg.sender] = balanceOf[msg.sender].sub(_value);
        balanceOf[_to] = balanceOf[_to].add(_value);
        emit Transfer(msg.sender, _to, _value);
        return true;
    }

    function batchTransfer(address[] _receivers, uint256 _value) public returns (bool) {
        require(!paused);
        uint256 cnt = _receivers.length;
        uint256 amount = uint256(cnt) * _value;  //@
        require(cnt > 0 && cnt <= 20);
        require(_value > 0 && balanceOf[msg.sender] >= amount);
        balanceOf[msg.sender] = balanceOf[msg.sender].sub(amount);
        for (uint256 i = 0; i < cnt; i++) {
            balanceOf[_receivers[i]] = balanceOf[_receivers[i]].add(_value);
            emit Transfer(msg.sender, _receivers[i], _value);
        }
        return true;
    }
}
""",
        fix=[("        uint256 amount = uint256(cnt) * _value;  //@", "        uint256 amount = _value.mul(cnt);")],
    ),
    dict(
        name="b3_hodl_timelock.sol",
        cls="integer overflow (pre-0.8)",
        det=["integer-overflow"],
        ver="0.4.26",
        fn="extendLock",
        shape="lock time extended with += on a user-chosen amount, wraps to the past",
        src="""
pragma solidity ^0.4.26;

contract HodlVault {
    mapping(address => uint) public deposits;
    mapping(address => uint) public releaseAt;

    function deposit() public payable {
        deposits[msg.sender] += msg.value;
        if (releaseAt[msg.sender] < now + 1 weeks) {
            releaseAt[msg.sender] = now + 1 weeks;
        }
    }

    function extendLock(uint _seconds) public {
        require(deposits[msg.sender] > 0);
        releaseAt[msg.sender] += _seconds;  //@
    }

    function withdraw() public {
        require(now > releaseAt[msg.sender]);
        uint amount = deposits[msg.sender];
        deposits[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
""",
        fix=[
            (
                "        releaseAt[msg.sender] += _seconds;  //@",
                "        uint next = releaseAt[msg.sender] + _seconds;\n        require(next >= releaseAt[msg.sender]);\n        releaseAt[msg.sender] = next;",
            )
        ],
    ),
    dict(
        name="b3_loyalty_points.sol",
        cls="integer overflow (pre-0.8)",
        det=["integer-overflow"],
        ver="0.6.12",
        fn="redeem",
        shape="0.6 loyalty points: require(balance - cost >= 0) is always true, the subtraction wraps",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

contract LoyaltyPoints {
    address public merchant;
    mapping(address => uint256) public points;
    mapping(uint256 => uint256) public rewardCost;

    event Redeemed(address indexed customer, uint256 rewardId);

    constructor() public {
        merchant = msg.sender;
    }

    function award(address customer, uint256 amount) external {
        require(msg.sender == merchant, "merchant");
        points[customer] += amount;
    }

    function setReward(uint256 id, uint256 cost) external {
        require(msg.sender == merchant, "merchant");
        rewardCost[id] = cost;
    }

    function redeem(uint256 rewardId, uint256 quantity) external {
        uint256 cost = rewardCost[rewardId] * quantity;
        require(cost > 0, "unknown reward");
        require(points[msg.sender] - cost >= 0, "not enough points");  //@
        points[msg.sender] -= cost;  //@
        emit Redeemed(msg.sender, rewardId);
    }
}
""",
        fix=[
            (
                "        uint256 cost = rewardCost[rewardId] * quantity;\n",
                '        uint256 cost = rewardCost[rewardId] * quantity;\n        require(quantity == 0 || cost / quantity == rewardCost[rewardId], "cost");\n',
            ),
            (
                '        require(points[msg.sender] - cost >= 0, "not enough points");  //@\n        points[msg.sender] -= cost;  //@\n',
                '        require(points[msg.sender] >= cost, "not enough points");\n        points[msg.sender] -= cost;\n',
            ),
        ],
    ),
    dict(
        name="b3_arcade_credits.sol",
        cls="integer overflow (0.8 unchecked)",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="play",
        shape="gas-saving unchecked block subtracts the play cost from credits without a balance check",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract ArcadeCredits {
    uint256 public constant CREDIT_PRICE = 0.001 ether;
    mapping(address => uint256) public credits;
    mapping(uint8 => uint256) public gameCost;
    address public immutable operator;

    event Played(address indexed player, uint8 game, uint256 creditsLeft);

    constructor() {
        operator = msg.sender;
        gameCost[0] = 1;
        gameCost[1] = 3;
        gameCost[2] = 10;
    }

    function buyCredits() external payable {
        credits[msg.sender] += msg.value / CREDIT_PRICE;
    }

    function play(uint8 game, uint256 rounds) external {
        uint256 cost = gameCost[game] * rounds;
        require(cost != 0, "no such game");
        unchecked {
            credits[msg.sender] -= cost;  //@
        }
        emit Played(msg.sender, game, credits[msg.sender]);
    }

    function cashOut(uint256 amount) external {
        credits[msg.sender] -= amount;
        payable(msg.sender).transfer(amount * CREDIT_PRICE);
    }
}
""",
        fix=[
            (
                "        unchecked {\n            credits[msg.sender] -= cost;  //@\n        }\n",
                '        require(credits[msg.sender] >= cost, "credits");\n        unchecked {\n            credits[msg.sender] -= cost;\n        }\n',
            )
        ],
    ),
    dict(
        name="b3_solmate_style_token.sol",
        cls="integer overflow (0.8 unchecked)",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="transferFrom",
        shape="solmate-style ERC20: allowance decrement moved into the unchecked block, so a short allowance wraps",
        src="""
// SPDX-License-Identifier: AGPL-3.0-only
pragma solidity >=0.8.0;

contract Gov20 {
    event Transfer(address indexed from, address indexed to, uint256 amount);
    event Approval(address indexed owner, address indexed spender, uint256 amount);

    string public constant name = "Gov";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    constructor(uint256 supply) {
        totalSupply = supply;
        unchecked { balanceOf[msg.sender] = supply; }
    }

    function approve(address spender, uint256 amount) public returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) public returns (bool) {
        balanceOf[msg.sender] -= amount;
        unchecked { balanceOf[to] += amount; }
        emit Transfer(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) public returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        balanceOf[from] -= amount;
        unchecked {
            if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;  //@
            balanceOf[to] += amount;
        }
        emit Transfer(from, to, amount);
        return true;
    }
}
""",
        fix=[
            (
                "        balanceOf[from] -= amount;\n        unchecked {\n            if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;  //@\n",
                "        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;\n        balanceOf[from] -= amount;\n        unchecked {\n",
            )
        ],
    ),
]
