"""Reentrancy and read-only reentrancy cases for the fresh recall set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="re_savings_vault.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.8.19",
        fn="withdraw",
        shape="call{value} before the balance is cleared",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

contract SavingsVault {
    mapping(address => uint256) public deposits;
    uint256 public totalDeposits;

    event Deposited(address indexed who, uint256 amount);
    event Withdrawn(address indexed who, uint256 amount);

    function deposit() external payable {
        require(msg.value > 0, "zero");
        deposits[msg.sender] += msg.value;
        totalDeposits += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    function withdraw() external {
        uint256 amount = deposits[msg.sender];
        require(amount > 0, "nothing");
        (bool ok, ) = msg.sender.call{value: amount}("");  //@
        require(ok, "transfer failed");
        deposits[msg.sender] = 0;  //@
        totalDeposits -= amount;
        emit Withdrawn(msg.sender, amount);
    }
}
""",
        fix=[
            (
                """        (bool ok, ) = msg.sender.call{value: amount}("");  //@
        require(ok, "transfer failed");
        deposits[msg.sender] = 0;  //@
        totalDeposits -= amount;
""",
                """        deposits[msg.sender] = 0;
        totalDeposits -= amount;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "transfer failed");
""",
            ),
        ],
    ),
    dict(
        name="re_nft_drop.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.8.20",
        fn="mint",
        shape="ERC-721 onERC721Received hook before the per-wallet counter is written",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

interface IERC721Receiver {
    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data)
        external returns (bytes4);
}

contract GenesisDrop {
    uint256 public constant MAX_PER_WALLET = 2;
    uint256 public constant PRICE = 0.05 ether;
    uint256 public nextId = 1;
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;
    mapping(address => uint256) public mintedBy;

    function mint() external payable {
        require(msg.value == PRICE, "price");
        require(mintedBy[msg.sender] < MAX_PER_WALLET, "limit");
        uint256 id = nextId;
        ownerOf[id] = msg.sender;
        balanceOf[msg.sender] += 1;
        if (msg.sender.code.length > 0) {
            bytes4 r = IERC721Receiver(msg.sender).onERC721Received(msg.sender, address(0), id, "");  //@
            require(r == IERC721Receiver.onERC721Received.selector, "receiver");
        }
        mintedBy[msg.sender] += 1;  //@
        nextId = id + 1;
    }
}
""",
        fix=[
            (
                """        uint256 id = nextId;
        ownerOf[id] = msg.sender;""",
                """        uint256 id = nextId;
        mintedBy[msg.sender] += 1;
        nextId = id + 1;
        ownerOf[id] = msg.sender;""",
            ),
            (
                """        mintedBy[msg.sender] += 1;  //@
        nextId = id + 1;
""",
                "",
            ),
        ],
    ),
    dict(
        name="re_lending_helper.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.7.6",
        fn="redeem",
        shape="call hidden in an internal helper, state written after the helper returns",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract EtherLendingPool {
    mapping(address => uint256) public supplied;
    mapping(address => uint256) public borrowed;
    uint256 public totalSupplied;

    function supply() external payable {
        supplied[msg.sender] += msg.value;
        totalSupplied += msg.value;
    }

    function _sendValue(address payable to, uint256 amount) internal {
        (bool success, ) = to.call{value: amount}("");
        require(success, "send");
    }

    function redeem(uint256 amount) external {
        require(borrowed[msg.sender] == 0, "has debt");
        require(supplied[msg.sender] >= amount, "too much");
        _sendValue(msg.sender, amount);  //@
        supplied[msg.sender] -= amount;  //@
        totalSupplied -= amount;
    }
}
""",
        fix=[
            (
                """        _sendValue(msg.sender, amount);  //@
        supplied[msg.sender] -= amount;  //@
        totalSupplied -= amount;
""",
                """        supplied[msg.sender] -= amount;
        totalSupplied -= amount;
        _sendValue(msg.sender, amount);
""",
            ),
        ],
    ),
    dict(
        name="re_staking_cross.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.6.12",
        fn="unstake",
        shape="cross-function: callback moves the stake with transferStake before unstake zeroes it",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract EthStaking {
    mapping(address => uint256) public stakeOf;
    uint256 public totalStaked;

    function stake() external payable {
        stakeOf[msg.sender] += msg.value;
        totalStaked += msg.value;
    }

    function transferStake(address to, uint256 amount) external {
        require(stakeOf[msg.sender] >= amount, "stake");
        stakeOf[msg.sender] -= amount;
        stakeOf[to] += amount;
    }

    function unstake() external {
        uint256 amount = stakeOf[msg.sender];
        require(amount > 0, "none");
        (bool ok, ) = msg.sender.call{value: amount}("");  //@
        require(ok, "eth");
        stakeOf[msg.sender] = 0;  //@
        totalStaked -= amount;
    }
}
""",
        fix=[
            (
                """        (bool ok, ) = msg.sender.call{value: amount}("");  //@
        require(ok, "eth");
        stakeOf[msg.sender] = 0;  //@
        totalStaked -= amount;
""",
                """        stakeOf[msg.sender] = 0;
        totalStaked -= amount;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "eth");
""",
            ),
        ],
    ),
    dict(
        name="re_escrow_hook.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.5.17",
        fn="release",
        shape="ERC-777-style token send with recipient hook before the escrow is marked released",
        src="""
pragma solidity ^0.5.17;

interface IHookToken {
    function send(address recipient, uint256 amount, bytes calldata data) external;
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract TokenEscrow {
    struct Deal {
        address buyer;
        address seller;
        uint256 amount;
        bool released;
    }

    IHookToken public token;
    mapping(uint256 => Deal) public deals;
    uint256 public lockedTotal;

    constructor(IHookToken _token) public {
        token = _token;
    }

    function open(uint256 id, address seller, uint256 amount) external {
        require(deals[id].buyer == address(0), "exists");
        require(token.transferFrom(msg.sender, address(this), amount), "fund");
        deals[id] = Deal(msg.sender, seller, amount, false);
        lockedTotal += amount;
    }

    function release(uint256 id) external {
        Deal storage d = deals[id];
        require(msg.sender == d.buyer, "buyer");
        require(!d.released, "done");
        token.send(d.seller, d.amount, "");  //@
        d.released = true;  //@
        lockedTotal -= d.amount;
    }
}
""",
        fix=[
            (
                """        token.send(d.seller, d.amount, "");  //@
        d.released = true;  //@
        lockedTotal -= d.amount;
""",
                """        d.released = true;
        lockedTotal -= d.amount;
        token.send(d.seller, d.amount, "");
""",
            ),
        ],
    ),
    dict(
        name="re_vyper_bank.vy",
        cls="reentrancy",
        det=["reentrancy"],
        ver="vyper 0.3.10",
        fn="withdraw",
        shape="Vyper raw_call before the balance is cleared",
        src="""
# @version ^0.3.10

balances: public(HashMap[address, uint256])
total: public(uint256)

@external
@payable
def deposit():
    self.balances[msg.sender] += msg.value
    self.total += msg.value

@external
def withdraw():
    amount: uint256 = self.balances[msg.sender]
    assert amount > 0, "nothing"
    raw_call(msg.sender, b"", value=amount)  #@
    self.balances[msg.sender] = 0  #@
    self.total -= amount
""",
        fix=[
            (
                """    raw_call(msg.sender, b"", value=amount)  #@
    self.balances[msg.sender] = 0  #@
    self.total -= amount
""",
                """    self.balances[msg.sender] = 0
    self.total -= amount
    raw_call(msg.sender, b"", value=amount)
""",
            ),
        ],
    ),
    dict(
        name="ro_stable_pool.sol",
        cls="read-only reentrancy",
        det=["read-only-reentrancy", "reentrancy"],
        ver="0.8.21",
        fn="removeLiquidity",
        shape="pool pays ETH before burning LP supply; virtualPrice() read by integrators",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract EthLiquidityPool {
    mapping(address => uint256) public lpBalance;
    uint256 public lpSupply;
    uint256 public reserve;
    bool private locked;

    modifier nonReentrant() {
        require(!locked, "locked");
        locked = true;
        _;
        locked = false;
    }

    function addLiquidity() external payable nonReentrant {
        uint256 minted = lpSupply == 0 ? msg.value : (msg.value * lpSupply) / reserve;
        lpBalance[msg.sender] += minted;
        lpSupply += minted;
        reserve += msg.value;
    }

    function removeLiquidity(uint256 lp) external nonReentrant {
        require(lpBalance[msg.sender] >= lp, "lp");
        uint256 out = (lp * reserve) / lpSupply;
        reserve -= out;
        (bool ok, ) = msg.sender.call{value: out}("");  //@
        require(ok, "eth");
        lpBalance[msg.sender] -= lp;
        lpSupply -= lp;  //@
    }

    function virtualPrice() external view returns (uint256) {
        if (lpSupply == 0) return 1e18;
        return (reserve * 1e18) / lpSupply;
    }
}
""",
        fix=[
            (
                """        (bool ok, ) = msg.sender.call{value: out}("");  //@
        require(ok, "eth");
        lpBalance[msg.sender] -= lp;
        lpSupply -= lp;  //@
""",
                """        lpBalance[msg.sender] -= lp;
        lpSupply -= lp;
        (bool ok, ) = msg.sender.call{value: out}("");
        require(ok, "eth");
""",
            ),
        ],
    ),
    dict(
        name="ro_restake_vault.sol",
        cls="read-only reentrancy",
        det=["read-only-reentrancy", "reentrancy"],
        ver="0.8.24",
        fn="exit",
        shape="vault pays the exiting holder before reducing totalShares; sharePrice() view",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract RestakeVault {
    mapping(address => uint256) public sharesOf;
    uint256 public totalShares;
    uint256 private status = 1;

    modifier lock() {
        require(status == 1, "reentry");
        status = 2;
        _;
        status = 1;
    }

    uint256 public pooled;

    function enter() external payable lock {
        uint256 s = totalShares == 0 ? msg.value : (msg.value * totalShares) / pooled;
        sharesOf[msg.sender] += s;
        totalShares += s;
        pooled += msg.value;
    }

    function exit(uint256 shares) external lock {
        require(sharesOf[msg.sender] >= shares, "shares");
        uint256 amount = (shares * pooled) / totalShares;
        pooled -= amount;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");  //@
        require(ok, "pay");
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;  //@
    }

    function sharePrice() external view returns (uint256) {
        return totalShares == 0 ? 1e18 : (pooled * 1e18) / totalShares;
    }
}
""",
        fix=[
            (
                """        (bool ok, ) = payable(msg.sender).call{value: amount}("");  //@
        require(ok, "pay");
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;  //@
""",
                """        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "pay");
""",
            ),
        ],
    ),
]
