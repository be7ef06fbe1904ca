"""Unchecked send/call and integer overflow/underflow cases for the second blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b2_isf_lottery_payout.sol",
        cls="ignored send failure",
        det=["ignored-send-failure"],
        ver="0.4.25",
        fn="draw",
        shape="0.4 lottery: winner.send(pot) result dropped, then the round is reset anyway",
        src="""
pragma solidity ^0.4.25;

contract WeeklyLottery {
    address public manager;
    address[] public players;
    uint public round;

    event Winner(uint round, address who, uint amount);

    constructor() public {
        manager = msg.sender;
    }

    function enter() public payable {
        require(msg.value == 0.1 ether && players.length < 100);
        players.push(msg.sender);
    }

    function draw(uint seedFromOracle) public {
        require(msg.sender == manager && players.length > 0);
        address winner = players[seedFromOracle % players.length];
        uint pot = address(this).balance;
        winner.send(pot);  //@
        emit Winner(round, winner, pot);
        delete players;
        round++;
    }
}
""",
        fix=[
            (
                "        winner.send(pot);  //@",
                "        require(winner.send(pot));",
            )
        ],
    ),
    dict(
        name="b2_isf_withdraw_send.sol",
        cls="ignored send failure",
        det=["ignored-send-failure"],
        ver="0.6.12",
        fn="withdrawEarnings",
        shape="earnings zeroed, then payable(msg.sender).send(x) with the bool ignored: funds silently lost",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

contract Marketplace {
    struct Listing { address payable seller; uint256 price; bool sold; }

    mapping(uint256 => Listing) public listings;
    mapping(address => uint256) public earnings;
    uint256 public nextId;

    function list(uint256 price) external returns (uint256 id) {
        id = nextId++;
        listings[id] = Listing(msg.sender, price, false);
    }

    function buy(uint256 id) external payable {
        Listing storage l = listings[id];
        require(!l.sold && msg.value == l.price, "bad buy");
        l.sold = true;
        earnings[l.seller] += msg.value;
    }

    function withdrawEarnings() external {
        uint256 amount = earnings[msg.sender];
        earnings[msg.sender] = 0;
        msg.sender.send(amount);  //@
    }
}
""",
        fix=[
            (
                "        msg.sender.send(amount);  //@",
                '        require(msg.sender.send(amount), "send failed");',
            )
        ],
    ),
    dict(
        name="b2_uc_relayer.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.7.6",
        fn="relay",
        shape="meta-tx relayer: target.call{value}(data) result discarded, fee still charged",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

contract GasRelayer {
    address public owner;
    uint256 public fee = 0.001 ether;
    mapping(address => uint256) public deposits;

    event Relayed(address indexed user, address indexed target);

    constructor() {
        owner = msg.sender;
    }

    function topUp() external payable {
        deposits[msg.sender] += msg.value;
    }

    function relay(address user, address target, uint256 value, bytes calldata data) external {
        require(msg.sender == owner, "relayer only");
        require(deposits[user] >= value + fee, "balance");
        deposits[user] -= value + fee;
        deposits[owner] += fee;
        target.call{value: value}(data);  //@
        emit Relayed(user, target);
    }
}
""",
        fix=[
            (
                "        target.call{value: value}(data);  //@",
                '        (bool ok, ) = target.call{value: value}(data);\n        require(ok, "relay failed");',
            )
        ],
    ),
    dict(
        name="b2_uc_old_airdrop.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.4.24",
        fn="multiTransfer",
        shape="0.4 airdropper: token.call(bytes4(keccak256(...)), ...) inside a loop, return ignored",
        src="""
pragma solidity ^0.4.24;

contract Airdropper {
    address public owner;

    constructor() public {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function multiTransfer(address token, address[] recipients, uint256 amount) public onlyOwner {
        bytes4 sig = bytes4(keccak256("transferFrom(address,address,uint256)"));
        for (uint256 i = 0; i < recipients.length; i++) {
            token.call(sig, owner, recipients[i], amount);  //@
        }
    }
}
""",
        fix=[
            (
                "            token.call(sig, owner, recipients[i], amount);  //@",
                "            require(token.call(sig, owner, recipients[i], amount));",
            )
        ],
    ),
    dict(
        name="b2_uc_vyper_forward.vy",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.4.3",
        fn="forward",
        shape="Vyper 0.4: raw_call(..., revert_on_failure=False) whose success flag is never looked at",
        src="""
# pragma version ^0.4.0

owner: public(address)
forwarded: public(uint256)


@deploy
def __init__():
    self.owner = msg.sender


@external
@payable
def __default__():
    pass


@external
def forward(target: address, amount: uint256, data: Bytes[256]):
    assert msg.sender == self.owner, "owner"
    ok: bool = False
    resp: Bytes[32] = b""
    ok, resp = raw_call(target, data, max_outsize=32, value=amount, revert_on_failure=False)  #@
    self.forwarded += amount
""",
        fix=[
            (
                "    self.forwarded += amount\n",
                '    assert ok, "call failed"\n    self.forwarded += amount\n',
            )
        ],
    ),
    dict(
        name="b2_io_batch_transfer.sol",
        cls="pre-0.8 overflow",
        det=["integer-overflow"],
        ver="0.4.24",
        fn="batchTransfer",
        shape="BEC-style: amount = cnt * value multiplies unchecked, then each receiver gets value",
        src="""
pragma solidity ^0.4.24;

contract PausableToken {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;
    bool public paused;
    address public owner;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 supply) public {
        owner = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    function batchTransfer(address[] _receivers, uint256 _value) public returns (bool) {
        require(!paused);
        uint cnt = _receivers.length;
        uint256 amount = uint256(cnt) * _value;  //@
        require(cnt > 0 && cnt <= 20);
        require(_value > 0 && balanceOf[msg.sender] >= amount);
        balanceOf[msg.sender] = balanceOf[msg.sender] - amount;
        for (uint i = 0; i < cnt; i++) {
            balanceOf[_receivers[i]] = balanceOf[_receivers[i]] + _value;
            emit Transfer(msg.sender, _receivers[i], _value);
        }
        return true;
    }
}
""",
        fix=[
            (
                "        uint256 amount = uint256(cnt) * _value;  //@",
                "        uint256 amount = uint256(cnt) * _value;\n        require(_value == 0 || amount / _value == cnt);",
            )
        ],
    ),
    dict(
        name="b2_io_lock_extend.sol",
        cls="pre-0.8 overflow",
        det=["integer-overflow"],
        ver="0.5.17",
        fn="extendLock",
        shape="timelock: unlockAt[msg.sender] += extra wraps around, releasing early",
        src="""
pragma solidity ^0.5.17;

contract TimeLockedSavings {
    mapping(address => uint256) public balances;
    mapping(address => uint256) public unlockAt;

    function deposit() external payable {
        balances[msg.sender] += msg.value;
        if (unlockAt[msg.sender] == 0) {
            unlockAt[msg.sender] = now + 1 weeks;
        }
    }

    function extendLock(uint256 extraSeconds) external {
        unlockAt[msg.sender] += extraSeconds;  //@
    }

    function withdraw() external {
        require(balances[msg.sender] > 0, "empty");
        require(now > unlockAt[msg.sender], "locked");
        uint256 amount = balances[msg.sender];
        balances[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
""",
        fix=[
            (
                "        unlockAt[msg.sender] += extraSeconds;  //@",
                '        uint256 next = unlockAt[msg.sender] + extraSeconds;\n        require(next >= unlockAt[msg.sender], "overflow");\n        unlockAt[msg.sender] = next;',
            )
        ],
    ),
    dict(
        name="b2_io_unchecked_burn.sol",
        cls="0.8 unchecked underflow",
        det=["integer-overflow"],
        ver="0.8.20",
        fn="burnFrom",
        shape="solmate-style token: allowance decremented inside unchecked{} without the >= check",
        src="""
// SPDX-License-Identifier: AGPL-3.0-only
pragma solidity ^0.8.20;

contract GovToken {
    string public constant name = "Gov";
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 amount);

    constructor(uint256 supply) {
        balanceOf[msg.sender] = supply;
        totalSupply = supply;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function burnFrom(address from, uint256 amount) external {
        uint256 allowed = allowance[from][msg.sender];
        unchecked {
            if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;  //@
        }
        balanceOf[from] -= amount;
        unchecked {
            totalSupply -= amount;
        }
        emit Transfer(from, address(0), amount);
    }
}
""",
        fix=[
            (
                "        unchecked {\n            if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;  //@\n        }\n",
                "        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;\n",
            )
        ],
    ),
    dict(
        name="b2_io_unchecked_reward.sol",
        cls="0.8 unchecked underflow",
        det=["integer-overflow"],
        ver="0.8.20",
        fn="withdraw",
        shape="gas-golfed staking: unchecked { stake[msg.sender] -= amount; } with no balance check before",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 v) external returns (bool);
    function transferFrom(address f, address t, uint256 v) external returns (bool);
}

contract LeanStaking {
    IERC20 public immutable stakeToken;
    uint256 public totalStaked;
    mapping(address => uint256) public stakeOf;

    constructor(IERC20 t) {
        stakeToken = t;
    }

    function stake(uint256 amount) external {
        require(stakeToken.transferFrom(msg.sender, address(this), amount), "pull");
        unchecked {
            stakeOf[msg.sender] += amount;
            totalStaked += amount;
        }
    }

    function withdraw(uint256 amount) external {
        unchecked {
            stakeOf[msg.sender] -= amount;  //@
            totalStaked -= amount;
        }
        require(stakeToken.transfer(msg.sender, amount), "push");
    }
}
""",
        fix=[
            (
                "        unchecked {\n            stakeOf[msg.sender] -= amount;  //@\n",
                '        require(stakeOf[msg.sender] >= amount, "stake");\n        unchecked {\n            stakeOf[msg.sender] -= amount;\n',
            )
        ],
    ),
]
