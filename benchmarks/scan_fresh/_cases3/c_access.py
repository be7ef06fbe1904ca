"""Access-control cases (open withdrawals, tx.origin, selfdestruct, delegatecall, owner writes) for the third blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b3_fee_splitter_sweep.sol",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="0.4.26",
        fn="withdrawFees",
        shape="0.4 exchange: onlyOwner exists and guards setters, but withdrawFees(to) has no modifier",
        src="""
pragma solidity ^0.4.26;

contract Ownable {
    address public owner;

    constructor() public { owner = msg.sender; }

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function transferOwnership(address newOwner) public onlyOwner {
        require(newOwner != address(0));
        owner = newOwner;
    }
}

contract OtcDesk is Ownable {
    uint public feeBps = 30;
    uint public collectedFees;
    mapping (bytes32 => bool) public settled;

    function setFee(uint bps) public onlyOwner {
        require(bps <= 100);
        feeBps = bps;
    }

    function settle(bytes32 dealId, address counterparty) public payable {
        require(!settled[dealId]);
        settled[dealId] = true;
        uint fee = msg.value * feeBps / 10000;
        collectedFees += fee;
        counterparty.transfer(msg.value - fee);
    }

    function withdrawFees(address to) public {  //@
        uint amount = collectedFees;
        collectedFees = 0;
        to.transfer(amount);
    }
}
""",
        fix=[
            (
                "    function withdrawFees(address to) public {  //@",
                "    function withdrawFees(address to) public onlyOwner {",
            )
        ],
    ),
    dict(
        name="b3_grant_rescue.sol",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="0.8.26",
        fn="rescueETH",
        shape="vesting contract: rescue helper sends the whole ETH balance to msg.sender with no role check",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract GrantVesting {
    IERC20 public immutable token;
    address public immutable beneficiary;
    address public immutable funder;
    uint64 public immutable start;
    uint64 public immutable duration;
    uint256 public immutable total;
    uint256 public released;

    constructor(IERC20 t, address b, uint64 s, uint64 d, uint256 amount) {
        (token, beneficiary, funder, start, duration, total) = (t, b, msg.sender, s, d, amount);
    }

    function vested(uint64 ts) public view returns (uint256) {
        if (ts < start) return 0;
        if (ts >= start + duration) return total;
        return total * (ts - start) / duration;
    }

    function release() external {
        uint256 amount = vested(uint64(block.timestamp)) - released;
        released += amount;
        require(token.transfer(beneficiary, amount), "transfer");
    }

    function rescueETH() external {
        (bool ok, ) = payable(msg.sender).call{value: address(this).balance}("");  //@
        require(ok, "rescue failed");
    }

    receive() external payable {}
}
""",
        fix=[
            (
                '        (bool ok, ) = payable(msg.sender).call{value: address(this).balance}("");  //@',
                '        require(msg.sender == funder, "funder only");\n        (bool ok, ) = payable(msg.sender).call{value: address(this).balance}("");',
            )
        ],
    ),
    dict(
        name="b3_vy_treasury.vy",
        cls="anyone-can-withdraw",
        det=["unprotected-withdrawal"],
        ver="vyper 0.4",
        fn="disburse",
        shape="Vyper 0.4 DAO treasury: disburse sends ETH to any address, the council check only guards set_council",
        src="""
#pragma version ^0.4.0

council: public(address)
spent: public(uint256)

event Disbursed:
    to: indexed(address)
    amount: uint256

@deploy
def __init__(council: address):
    self.council = council

@external
@payable
def __default__():
    pass

@external
def set_council(new_council: address):
    assert msg.sender == self.council, "council only"
    self.council = new_council

@external
def disburse(to: address, amount: uint256):
    assert amount <= self.balance, "insufficient"
    self.spent += amount
    send(to, amount)  #@
    log Disbursed(to, amount)
""",
        fix=[
            (
                '    assert amount <= self.balance, "insufficient"\n',
                '    assert msg.sender == self.council, "council only"\n    assert amount <= self.balance, "insufficient"\n',
            )
        ],
    ),
    dict(
        name="b3_guild_origin.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.6.12",
        fn="onlyMember",
        shape="guild bank modifier checks membership of tx.origin",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

contract GuildBank {
    mapping(address => bool) public isMember;
    mapping(address => uint256) public budget;
    address public founder;

    modifier onlyMember() {
        require(isMember[tx.origin], "not a member");  //@
        _;
    }

    constructor() public {
        founder = msg.sender;
        isMember[msg.sender] = true;
    }

    receive() external payable {}

    function admit(address who, uint256 allowance) external {
        require(msg.sender == founder, "founder");
        isMember[who] = true;
        budget[who] = allowance;
    }

    function spend(address payable to, uint256 amount) external onlyMember {
        require(budget[tx.origin] >= amount, "over budget");
        budget[tx.origin] -= amount;
        to.transfer(amount);
    }
}
""",
        fix=[
            (
                '        require(isMember[tx.origin], "not a member");  //@',
                '        require(isMember[msg.sender], "not a member");',
            ),
            (
                '        require(budget[tx.origin] >= amount, "over budget");\n        budget[tx.origin] -= amount;',
                '        require(budget[msg.sender] >= amount, "over budget");\n        budget[msg.sender] -= amount;',
            ),
        ],
    ),
    dict(
        name="b3_cold_wallet_origin.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.4.24",
        fn="sweep",
        shape="0.4 throw-style guard `if (tx.origin != admin) throw;`",
        src="""
pragma solidity ^0.4.24;

contract ColdWallet {
    address admin;
    address hotWallet;
    uint public limit;
    uint public lastTopUp;

    function ColdWallet(address _hot, uint _limit) public {
        admin = msg.sender;
        hotWallet = _hot;
        limit = _limit;
    }

    function() public payable {}

    function topUpHot() public {
        require(now >= lastTopUp + 1 days);
        lastTopUp = now;
        uint amount = limit;
        if (this.balance < amount) amount = this.balance;
        hotWallet.transfer(amount);
    }

    function sweep(address _to) public {
        if (tx.origin != admin) throw;  //@
        _to.transfer(this.balance);
    }
}
""",
        fix=[("        if (tx.origin != admin) throw;  //@", "        if (msg.sender != admin) throw;")],
    ),
    dict(
        name="b3_vy_origin_gate.vy",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="vyper 0.4",
        fn="set_fee_receiver",
        shape="Vyper 0.4 config setter asserts tx.origin == admin",
        src="""
#pragma version ^0.4.0

admin: public(address)
fee_receiver: public(address)
fee_bps: public(uint256)

@deploy
def __init__():
    self.admin = msg.sender
    self.fee_receiver = msg.sender
    self.fee_bps = 25

@external
def set_fee_receiver(receiver: address):
    assert tx.origin == self.admin, "admin only"  #@
    assert receiver != empty(address)
    self.fee_receiver = receiver

@external
def set_fee(bps: uint256):
    assert msg.sender == self.admin, "admin only"
    assert bps <= 100
    self.fee_bps = bps
""",
        fix=[
            (
                '    assert tx.origin == self.admin, "admin only"  #@',
                '    assert msg.sender == self.admin, "admin only"',
            )
        ],
    ),
    dict(
        name="b3_promo_wallet_kill.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.4.26",
        fn="close",
        shape="0.4 campaign wallet: close(to) calls selfdestruct with no owner check",
        src="""
pragma solidity ^0.4.26;

contract PromoWallet {
    address public owner;
    uint public endBlock;
    mapping (address => bool) public redeemed;
    uint public constant GIFT = 0.01 ether;

    constructor(uint _blocks) public payable {
        owner = msg.sender;
        endBlock = block.number + _blocks;
    }

    function redeem() public {
        require(block.number < endBlock);
        require(!redeemed[msg.sender]);
        redeemed[msg.sender] = true;
        msg.sender.transfer(GIFT);
    }

    function close(address to) public {
        require(block.number >= endBlock);
        selfdestruct(to);  //@
    }
}
""",
        fix=[
            (
                "        require(block.number >= endBlock);\n",
                "        require(msg.sender == owner);\n        require(block.number >= endBlock);\n",
            )
        ],
    ),
    dict(
        name="b3_clone_logic_destroy.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.8.26",
        fn="decommission",
        shape="OZ-style logic contract: decommission lacks the onlyAdmin modifier the other functions carry",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract RoyaltyRouter {
    address public admin;
    bool public paused;
    mapping(address => uint16) public shareBps;

    error Unauthorized();

    modifier onlyAdmin() {
        if (msg.sender != admin) revert Unauthorized();
        _;
    }

    constructor() {
        admin = msg.sender;
    }

    function setShare(address artist, uint16 bps) external onlyAdmin {
        require(bps <= 10_000, "bps");
        shareBps[artist] = bps;
    }

    function setPaused(bool p) external onlyAdmin {
        paused = p;
    }

    function route(address payable artist) external payable {
        require(!paused, "paused");
        uint256 cut = msg.value * shareBps[artist] / 10_000;
        artist.transfer(cut);
    }

    function decommission(address payable refundTo) external {
        require(paused, "pause first");
        selfdestruct(refundTo);  //@
    }
}
""",
        fix=[
            (
                "    function decommission(address payable refundTo) external {",
                "    function decommission(address payable refundTo) external onlyAdmin {",
            )
        ],
    ),
    dict(
        name="b3_wallet_exec_delegate.sol",
        cls="delegatecall to user target",
        det=["unprotected-delegatecall"],
        ver="0.5.17",
        fn="execute",
        shape="smart wallet execute(target, data) delegatecalls any target for any caller",
        src="""
pragma solidity ^0.5.17;

contract SmartWallet {
    address public owner;
    address public recovery;
    uint256 public dailyLimit;

    event Executed(address indexed target, bytes result);

    constructor(address _recovery, uint256 _limit) public {
        owner = msg.sender;
        recovery = _recovery;
        dailyLimit = _limit;
    }

    function() external payable {}

    function pay(address payable to, uint256 amount) external {
        require(msg.sender == owner, "owner");
        require(amount <= dailyLimit, "limit");
        to.transfer(amount);
    }

    function recover(address newOwner) external {
        require(msg.sender == recovery, "recovery");
        owner = newOwner;
    }

    function execute(address target, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory result) = target.delegatecall(data);  //@
        require(ok, "exec failed");
        emit Executed(target, result);
        return result;
    }
}
""",
        fix=[
            (
                "        (bool ok, bytes memory result) = target.delegatecall(data);  //@",
                '        require(msg.sender == owner, "owner");\n        (bool ok, bytes memory result) = target.delegatecall(data);',
            )
        ],
    ),
    dict(
        name="b3_module_hub_asm.sol",
        cls="delegatecall to user target",
        det=["unprotected-delegatecall"],
        ver="0.8.26",
        fn="runModule",
        shape="inline-assembly delegatecall to a caller-supplied module address, no allow-list",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract ModuleHub {
    address public owner;
    mapping(address => bool) public enabledModule;

    event ModuleRan(address indexed module);

    constructor() {
        owner = msg.sender;
    }

    function enableModule(address module, bool on) external {
        require(msg.sender == owner, "owner");
        enabledModule[module] = on;
    }

    function runModule(address module, bytes calldata data) external payable returns (bytes memory out) {
        assembly {
            let ptr := mload(0x40)
            calldatacopy(ptr, data.offset, data.length)
            let ok := delegatecall(gas(), module, ptr, data.length, 0, 0)  //@
            let size := returndatasize()
            out := ptr
            mstore(out, size)
            returndatacopy(add(out, 0x20), 0, size)
            mstore(0x40, add(add(out, 0x20), size))
            if iszero(ok) { revert(add(out, 0x20), size) }
        }
        emit ModuleRan(module);
    }
}
""",
        fix=[
            (
                "    function runModule(address module, bytes calldata data) external payable returns (bytes memory out) {\n",
                '    function runModule(address module, bytes calldata data) external payable returns (bytes memory out) {\n        require(enabledModule[module], "module not enabled");\n',
            )
        ],
    ),
    dict(
        name="b3_pool_initialize.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.8.26",
        fn="initialize",
        shape="proxy-deployed staking pool: initialize(owner, token) has no initializer guard",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address, uint256) external returns (bool);
    function transferFrom(address, address, uint256) external returns (bool);
}

contract StakingPoolLogic {
    address public owner;
    IERC20 public stakeToken;
    uint256 public rewardRate;
    mapping(address => uint256) public staked;

    function initialize(address owner_, IERC20 token_, uint256 rate_) external {
        owner = owner_;  //@
        stakeToken = token_;
        rewardRate = rate_;
    }

    function stake(uint256 amount) external {
        require(stakeToken.transferFrom(msg.sender, address(this), amount), "tf");
        staked[msg.sender] += amount;
    }

    function unstake(uint256 amount) external {
        staked[msg.sender] -= amount;
        require(stakeToken.transfer(msg.sender, amount), "t");
    }

    function emergencyWithdraw(address to, uint256 amount) external {
        require(msg.sender == owner, "owner");
        require(stakeToken.transfer(to, amount), "t");
    }
}
""",
        fix=[
            (
                "        owner = owner_;  //@\n",
                '        require(owner == address(0), "initialized");\n        require(owner_ != address(0), "zero owner");\n        owner = owner_;\n',
            )
        ],
    ),
    dict(
        name="b3_crowdsale_ctor_typo.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.4.24",
        fn="TokenSale",
        shape="0.4 constructor-by-name misspelt (TokenSale vs TokenSaIe), so the owner setter is a public function",
        src="""
pragma solidity ^0.4.24;

contract TokenSaIe {
    address public owner;
    uint public rate = 1000;
    uint public raised;
    mapping (address => uint) public purchased;

    function TokenSale() public {
        owner = msg.sender;  //@
    }

    function () public payable {
        buy();
    }

    function buy() public payable {
        require(msg.value > 0);
        purchased[msg.sender] += msg.value * rate;
        raised += msg.value;
    }

    function setRate(uint _rate) public {
        require(msg.sender == owner);
        rate = _rate;
    }

    function collect() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
""",
        fix=[("contract TokenSaIe {", "contract TokenSale {")],
    ),
    dict(
        name="b3_vy_set_admin.vy",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="vyper 0.4",
        fn="commit_admin",
        shape="Vyper 0.4 two-step admin transfer: commit_admin never checks the caller",
        src="""
#pragma version ^0.4.0

admin: public(address)
future_admin: public(address)
rate: public(uint256)

@deploy
def __init__():
    self.admin = msg.sender

@external
def commit_admin(new_admin: address):
    self.future_admin = new_admin  #@

@external
def accept_admin():
    assert msg.sender == self.future_admin, "not future admin"
    self.admin = msg.sender
    self.future_admin = empty(address)

@external
def set_rate(r: uint256):
    assert msg.sender == self.admin, "admin only"
    self.rate = r
""",
        fix=[
            (
                "    self.future_admin = new_admin  #@",
                '    assert msg.sender == self.admin, "admin only"\n    self.future_admin = new_admin',
            )
        ],
    ),
]
