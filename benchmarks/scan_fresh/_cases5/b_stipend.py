"""Set-5 re-entrancy through send/transfer and read-only re-entrancy."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_tip_jar_send_old.sol",
        cls="re-entrancy (stipend)",
        det=["reentrancy-stipend", "reentrancy"],
        ver="0.4.24",
        fn="cashOut",
        shape="0.4 tip jar: cashOut sends with transfer before zeroing; the event and counter update after",
        src=r"""
pragma solidity ^0.4.24;

contract TipJar {
    mapping(address => uint) public tips;
    mapping(address => uint) public cashedOut;
    uint public totalTips;

    event Tipped(address creator, uint amount);
    event CashedOut(address creator, uint amount);

    function tip(address creator) public payable {
        tips[creator] += msg.value;
        totalTips += msg.value;
        emit Tipped(creator, msg.value);
    }

    function cashOut() public {
        uint amount = tips[msg.sender];
        require(amount > 0);
        msg.sender.transfer(amount);  //@
        tips[msg.sender] = 0;
        cashedOut[msg.sender] += amount;
        totalTips -= amount;
        emit CashedOut(msg.sender, amount);
    }
}
""",
        fix=[
            (
                "        msg.sender.transfer(amount);  //@\n        tips[msg.sender] = 0;\n        cashedOut[msg.sender] += amount;\n        totalTips -= amount;\n",
                "        tips[msg.sender] = 0;\n        cashedOut[msg.sender] += amount;\n        totalTips -= amount;\n        msg.sender.transfer(amount);\n",
            )
        ],
    ),
    dict(
        name="b5_rent_deposit_send.sol",
        cls="re-entrancy (stipend)",
        det=["reentrancy-stipend", "reentrancy"],
        ver="0.8.26",
        fn="returnDeposit",
        shape="0.8 rental: deposit returned with send before the lease is closed",
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

contract RentalDeposits is Pausable {
    struct Lease { address payable tenant; uint256 deposit; bool active; }

    address public landlord;
    mapping(uint256 => Lease) public leases;
    uint256 public held;

    constructor() { landlord = msg.sender; }

    function open(uint256 id) external payable {
        require(!leases[id].active, "active");
        leases[id] = Lease(payable(msg.sender), msg.value, true);
        held += msg.value;
    }

    function returnDeposit(uint256 id) external whenNotPaused {
        Lease storage l = leases[id];
        require(msg.sender == landlord && l.active, "state");
        require(l.tenant.send(l.deposit), "send");  //@
        held -= l.deposit;
        l.active = false;
    }
}
""",
        fix=[
            (
                '        require(l.tenant.send(l.deposit), "send");  //@\n        held -= l.deposit;\n        l.active = false;\n',
                '        uint256 d = l.deposit;\n        held -= d;\n        l.active = false;\n        require(l.tenant.send(d), "send");\n',
            )
        ],
    ),
    dict(
        name="b5_pool_virtual_price.sol",
        cls="read-only re-entrancy",
        det=["read-only-reentrancy", "reentrancy"],
        ver="0.8.26",
        fn="removeLiquidity",
        shape="0.8 pool: removeLiquidity sends ether before reserves drop; getVirtualPrice read by lenders",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract EthStablePool {
    uint256 public ethReserve;
    uint256 public lpSupply;
    mapping(address => uint256) public lpOf;

    function getVirtualPrice() external view returns (uint256) {
        return lpSupply == 0 ? 1e18 : ethReserve * 1e18 / lpSupply;
    }

    function addLiquidity() external payable {
        uint256 minted = lpSupply == 0 ? msg.value : msg.value * lpSupply / ethReserve;
        ethReserve += msg.value;
        lpSupply += minted;
        lpOf[msg.sender] += minted;
    }

    function removeLiquidity(uint256 lp) external {
        require(lpOf[msg.sender] >= lp, "lp");
        uint256 out = lp * ethReserve / lpSupply;
        lpOf[msg.sender] -= lp;
        lpSupply -= lp;
        (bool ok, ) = msg.sender.call{value: out}("");  //@
        require(ok, "send");
        ethReserve -= out;
    }
}

contract PoolPricedLender {
    EthStablePool public pool;
    mapping(address => uint256) public lpCollateral;

    constructor(EthStablePool p) { pool = p; }

    function borrowLimit(address who) public view returns (uint256) {
        return lpCollateral[who] * pool.getVirtualPrice() / 1e18 / 2;
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = msg.sender.call{value: out}("");  //@\n        require(ok, "send");\n        ethReserve -= out;\n',
                '        ethReserve -= out;\n        (bool ok, ) = msg.sender.call{value: out}("");\n        require(ok, "send");\n',
            )
        ],
    ),
    dict(
        name="b5_vault_rate_view.sol",
        cls="read-only re-entrancy",
        det=["read-only-reentrancy", "reentrancy"],
        ver="0.8.26",
        fn="withdraw",
        shape="0.8 vault: burns shares after an ERC-777-style hooked token send; pricePerShare read by others",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IHookToken {
    function send(address to, uint256 amount, bytes calldata data) external;
    function balanceOf(address who) external view returns (uint256);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract HookVault {
    IHookToken public immutable token;
    uint256 public totalShares;
    uint256 public managed;
    mapping(address => uint256) public shares;

    constructor(IHookToken t) { token = t; }

    function deposit(uint256 amount) external {
        uint256 minted = totalShares == 0 ? amount : amount * totalShares / managed;
        managed += amount;
        shares[msg.sender] += minted;
        totalShares += minted;
        require(token.transferFrom(msg.sender, address(this), amount), "pull");
    }

    function pricePerShare() external view returns (uint256) {
        return totalShares == 0 ? 1e18 : managed * 1e18 / totalShares;
    }

    function withdraw(uint256 s) external {
        require(shares[msg.sender] >= s, "shares");
        uint256 amount = s * managed / totalShares;
        managed -= amount;
        token.send(msg.sender, amount, "");  //@
        shares[msg.sender] -= s;
        totalShares -= s;
    }
}
""",
        fix=[
            (
                '        token.send(msg.sender, amount, "");  //@\n        shares[msg.sender] -= s;\n        totalShares -= s;\n',
                '        shares[msg.sender] -= s;\n        totalShares -= s;\n        token.send(msg.sender, amount, "");\n',
            )
        ],
    ),
]
