"""Re-entrancy cases (plain call, ERC-721/777 hooks, cross-function, stipend, read-only) for the second blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b2_re_staking_rewards.sol",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.8.20",
        fn="claimRewards",
        shape="OZ-style: internal _sendValue helper does the call, the reward is cleared after it",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Ownable {
    address public owner;
    constructor() { owner = msg.sender; }
    modifier onlyOwner() { require(msg.sender == owner, "Ownable: caller"); _; }
}

contract EthStakingRewards is Ownable {
    mapping(address => uint256) public staked;
    mapping(address => uint256) public rewards;
    uint256 public rewardRate = 5;

    event Claimed(address indexed user, uint256 amount);

    receive() external payable {}

    function stake() external payable {
        require(msg.value > 0, "zero");
        staked[msg.sender] += msg.value;
    }

    function accrue(address user) external onlyOwner {
        rewards[user] += (staked[user] * rewardRate) / 100;
    }

    function claimRewards() external {
        uint256 reward = rewards[msg.sender];
        require(reward > 0, "nothing");
        _sendValue(payable(msg.sender), reward);  //@
        rewards[msg.sender] = 0;  //@
        emit Claimed(msg.sender, reward);
    }

    function _sendValue(address payable to, uint256 amount) internal {
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "send failed");
    }
}
""",
        fix=[
            (
                "        _sendValue(payable(msg.sender), reward);  //@\n        rewards[msg.sender] = 0;  //@\n",
                "        rewards[msg.sender] = 0;\n        _sendValue(payable(msg.sender), reward);\n",
            )
        ],
    ),
    dict(
        name="b2_re_nft_mint_hook.sol",
        cls="re-entrancy (ERC-721 hook)",
        det=["reentrancy"],
        ver="0.8.20",
        fn="mint",
        shape="per-wallet mint cap counted after _safeMint's onERC721Received callback",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC721Receiver {
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4);
}

contract CappedDrop {
    uint256 public constant MAX_PER_WALLET = 3;
    uint256 public nextId = 1;
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;
    mapping(address => uint256) public mintedBy;

    event Transfer(address indexed from, address indexed to, uint256 indexed id);

    function mint(uint256 qty) external {
        require(mintedBy[msg.sender] + qty <= MAX_PER_WALLET, "cap");
        for (uint256 i = 0; i < qty; i++) {
            _safeMint(msg.sender, nextId++);  //@
        }
        mintedBy[msg.sender] += qty;  //@
    }

    function _safeMint(address to, uint256 id) internal {
        ownerOf[id] = to;
        balanceOf[to] += 1;
        emit Transfer(address(0), to, id);
        if (to.code.length > 0) {
            bytes4 ret = IERC721Receiver(to).onERC721Received(msg.sender, address(0), id, "");
            require(ret == IERC721Receiver.onERC721Received.selector, "unsafe recipient");
        }
    }
}
""",
        fix=[
            (
                "        for (uint256 i = 0; i < qty; i++) {\n            _safeMint(msg.sender, nextId++);  //@\n        }\n        mintedBy[msg.sender] += qty;  //@\n",
                "        mintedBy[msg.sender] += qty;\n        for (uint256 i = 0; i < qty; i++) {\n            _safeMint(msg.sender, nextId++);\n        }\n",
            )
        ],
    ),
    dict(
        name="b2_re_777_deposit.sol",
        cls="re-entrancy (ERC-777 hook)",
        det=["reentrancy"],
        ver="0.6.12",
        fn="withdraw",
        shape="token vault over an ERC-777 token: transfer (tokensReceived hook) before the deposit is cleared",
        src="""
pragma solidity ^0.6.12;

interface IERC777Like {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract HookTokenVault {
    IERC777Like public immutable token;
    mapping(address => uint256) public deposits;
    uint256 public totalDeposits;

    constructor(IERC777Like _token) public {
        token = _token;
    }

    function deposit(uint256 amount) external {
        require(token.transferFrom(msg.sender, address(this), amount), "pull");
        deposits[msg.sender] += amount;
        totalDeposits += amount;
    }

    function withdraw() external {
        uint256 amount = deposits[msg.sender];
        require(amount > 0, "empty");
        require(token.transfer(msg.sender, amount), "push");  //@
        totalDeposits -= amount;
        deposits[msg.sender] = 0;  //@
    }
}
""",
        fix=[
            (
                '        require(token.transfer(msg.sender, amount), "push");  //@\n        totalDeposits -= amount;\n        deposits[msg.sender] = 0;  //@\n',
                '        deposits[msg.sender] = 0;\n        totalDeposits -= amount;\n        require(token.transfer(msg.sender, amount), "push");\n',
            )
        ],
    ),
    dict(
        name="b2_re_cross_function.sol",
        cls="re-entrancy (cross-function)",
        det=["reentrancy"],
        ver="0.7.6",
        fn="withdrawAll",
        shape="withdrawAll is nonReentrant but transferCredit is not: the balance is moved out during the call",
        src="""
// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.7.6;

contract CreditLedger {
    mapping(address => uint256) private credit;
    bool private locked;

    modifier nonReentrant() {
        require(!locked, "locked");
        locked = true;
        _;
        locked = false;
    }

    function deposit() external payable {
        credit[msg.sender] += msg.value;
    }

    function transferCredit(address to, uint256 amount) external {
        require(credit[msg.sender] >= amount, "insufficient");
        credit[msg.sender] -= amount;
        credit[to] += amount;
    }

    function withdrawAll() external nonReentrant {
        uint256 amount = credit[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}("");  //@
        require(ok, "call");
        credit[msg.sender] = 0;  //@
    }

    function creditOf(address who) external view returns (uint256) {
        return credit[who];
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = msg.sender.call{value: amount}("");  //@\n        require(ok, "call");\n        credit[msg.sender] = 0;  //@\n',
                '        credit[msg.sender] = 0;\n        (bool ok, ) = msg.sender.call{value: amount}("");\n        require(ok, "call");\n',
            )
        ],
    ),
    dict(
        name="b2_re_old_piggy.sol",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.4.24",
        fn="Collect",
        shape="0.4 style: if (msg.sender.call.value(am)()) { balance -= am; } with a log contract",
        src="""
pragma solidity ^0.4.24;

contract Journal {
    event Entry(address who, string what, uint val);
    function add(address who, string what, uint val) public {
        emit Entry(who, what, val);
    }
}

contract PiggyBank {
    mapping (address => uint) public Accounts;
    uint public MinSum = 1 ether;
    Journal Log;

    function PiggyBank(address log) public {
        Log = Journal(log);
    }

    function Put() public payable {
        Accounts[msg.sender] += msg.value;
        Log.add(msg.sender, "Put", msg.value);
    }

    function Collect(uint _am) public payable {
        if (Accounts[msg.sender] >= MinSum && Accounts[msg.sender] >= _am) {
            if (msg.sender.call.value(_am)()) {  //@
                Accounts[msg.sender] -= _am;  //@
                Log.add(msg.sender, "Collect", _am);
            }
        }
    }

    function() public payable {
        Put();
    }
}
""",
        fix=[
            (
                '            if (msg.sender.call.value(_am)()) {  //@\n                Accounts[msg.sender] -= _am;  //@\n                Log.add(msg.sender, "Collect", _am);\n            }\n',
                '            Accounts[msg.sender] -= _am;\n            require(msg.sender.call.value(_am)());\n            Log.add(msg.sender, "Collect", _am);\n',
            )
        ],
    ),
    dict(
        name="b2_re_vyper_escrow.vy",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.4.3",
        fn="release",
        shape="Vyper 0.4 escrow: raw_call to the payee before the escrow entry is zeroed",
        src="""
# pragma version ^0.4.0

event Released:
    payee: indexed(address)
    amount: uint256

arbiter: public(address)
escrowed: public(HashMap[address, uint256])
approved: public(HashMap[address, bool])


@deploy
def __init__():
    self.arbiter = msg.sender


@external
@payable
def fund(payee: address):
    self.escrowed[payee] += msg.value


@external
def approve(payee: address):
    assert msg.sender == self.arbiter, "arbiter"
    self.approved[payee] = True


@external
def release():
    assert self.approved[msg.sender], "not approved"
    amount: uint256 = self.escrowed[msg.sender]
    raw_call(msg.sender, b"", value=amount)  #@
    self.escrowed[msg.sender] = 0  #@
    log Released(payee=msg.sender, amount=amount)
""",
        fix=[
            (
                '    raw_call(msg.sender, b"", value=amount)  #@\n    self.escrowed[msg.sender] = 0  #@\n',
                '    self.escrowed[msg.sender] = 0\n    raw_call(msg.sender, b"", value=amount)\n',
            )
        ],
    ),
    dict(
        name="b2_rs_refund_transfer.sol",
        cls="send/transfer re-entrancy",
        det=["reentrancy-stipend"],
        ver="0.4.26",
        fn="refund",
        shape="crowdsale refund: msg.sender.transfer before the contribution is zeroed",
        src="""
pragma solidity ^0.4.26;

contract RefundableSale {
    address public owner;
    uint256 public goal;
    uint256 public deadline;
    uint256 public raised;
    mapping(address => uint256) public contributed;

    constructor(uint256 _goal, uint256 _days) public {
        owner = msg.sender;
        goal = _goal;
        deadline = now + _days * 1 days;
    }

    function contribute() public payable {
        require(now < deadline);
        contributed[msg.sender] += msg.value;
        raised += msg.value;
    }

    function refund() public {
        require(now >= deadline && raised < goal);
        uint256 amount = contributed[msg.sender];
        require(amount > 0);
        msg.sender.transfer(amount);  //@
        contributed[msg.sender] = 0;  //@
    }
}
""",
        fix=[
            (
                "        msg.sender.transfer(amount);  //@\n        contributed[msg.sender] = 0;  //@\n",
                "        contributed[msg.sender] = 0;\n        msg.sender.transfer(amount);\n",
            )
        ],
    ),
    dict(
        name="b2_rs_claim_send.sol",
        cls="send/transfer re-entrancy",
        det=["reentrancy-stipend"],
        ver="0.5.17",
        fn="claim",
        shape="payout via require(send) before the claimed flag is set",
        src="""
pragma solidity ^0.5.17;

contract PrizePool {
    address public organiser;
    mapping(address => uint256) public owed;
    mapping(address => bool) public claimed;

    constructor() public payable {
        organiser = msg.sender;
    }

    function award(address winner, uint256 amount) external {
        require(msg.sender == organiser, "organiser");
        owed[winner] = amount;
    }

    function claim() external {
        require(!claimed[msg.sender], "claimed");
        uint256 amount = owed[msg.sender];
        require(msg.sender.send(amount), "send");  //@
        claimed[msg.sender] = true;  //@
    }
}
""",
        fix=[
            (
                '        require(msg.sender.send(amount), "send");  //@\n        claimed[msg.sender] = true;  //@\n',
                '        claimed[msg.sender] = true;\n        require(msg.sender.send(amount), "send");\n',
            )
        ],
    ),
    dict(
        name="b2_ror_stable_pool.sol",
        cls="read-only re-entrancy",
        det=["read-only-reentrancy"],
        ver="0.8.20",
        fn="removeLiquidity",
        shape="locked pool pays ETH out before lowering its reserve; the unlocked virtualPrice view is stale meanwhile",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract EthLpPool {
    uint256 public totalSupply;
    uint256 public reserve;
    mapping(address => uint256) public balanceOf;
    uint256 private unlocked = 1;

    modifier lock() {
        require(unlocked == 1, "LOCKED");
        unlocked = 2;
        _;
        unlocked = 1;
    }

    function addLiquidity() external payable lock returns (uint256 shares) {
        shares = totalSupply == 0 ? msg.value : (msg.value * totalSupply) / reserve;
        balanceOf[msg.sender] += shares;
        totalSupply += shares;
        reserve += msg.value;
    }

    function removeLiquidity(uint256 shares) external lock {
        uint256 out = (shares * reserve) / totalSupply;
        balanceOf[msg.sender] -= shares;
        totalSupply -= shares;
        (bool ok, ) = msg.sender.call{value: out}("");  //@
        require(ok, "eth");
        reserve -= out;  //@
    }

    /// used by lending markets to price the LP token
    function virtualPrice() external view returns (uint256) {
        return totalSupply == 0 ? 1e18 : (reserve * 1e18) / totalSupply;
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = msg.sender.call{value: out}("");  //@\n        require(ok, "eth");\n        reserve -= out;  //@\n',
                '        reserve -= out;\n        (bool ok, ) = msg.sender.call{value: out}("");\n        require(ok, "eth");\n',
            )
        ],
    ),
    dict(
        name="b2_ror_vyper_pool.vy",
        cls="read-only re-entrancy",
        det=["read-only-reentrancy"],
        ver="0.4.3",
        fn="remove_liquidity",
        shape="Vyper 0.4: @nonreentrant remove_liquidity raw_calls ETH out before updating the balance a view prices from",
        src="""
# pragma version ^0.4.0

total_supply: public(uint256)
eth_balance: public(uint256)
shares: public(HashMap[address, uint256])


@external
@payable
@nonreentrant
def add_liquidity() -> uint256:
    minted: uint256 = msg.value
    if self.total_supply > 0:
        minted = msg.value * self.total_supply // self.eth_balance
    self.shares[msg.sender] += minted
    self.total_supply += minted
    self.eth_balance += msg.value
    return minted


@external
@nonreentrant
def remove_liquidity(amount: uint256):
    out: uint256 = amount * self.eth_balance // self.total_supply
    self.shares[msg.sender] -= amount
    self.total_supply -= amount
    raw_call(msg.sender, b"", value=out)  #@
    self.eth_balance -= out  #@


@external
@view
def get_virtual_price() -> uint256:
    if self.total_supply == 0:
        return 10**18
    return self.eth_balance * 10**18 // self.total_supply
""",
        fix=[
            (
                '    raw_call(msg.sender, b"", value=out)  #@\n    self.eth_balance -= out  #@\n',
                '    self.eth_balance -= out\n    raw_call(msg.sender, b"", value=out)\n',
            )
        ],
    ),
]
