"""ERC-4626 share inflation, AMM spot price, uninitialised storage and arbitrary storage write cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="si_yield_vault.sol",
        cls="ERC-4626 share inflation",
        det=["share-inflation"],
        ver="0.8.20",
        fn="deposit",
        shape="shares = assets * supply / balanceOf(this), no virtual offset",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function balanceOf(address a) external view returns (uint256);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

contract YieldVault {
    IERC20 public immutable asset;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    constructor(IERC20 _asset) {
        asset = _asset;
    }

    function totalAssets() public view returns (uint256) {
        return asset.balanceOf(address(this));
    }

    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        uint256 supply = totalSupply;
        shares = supply == 0 ? assets : (assets * supply) / totalAssets();  //@
        require(asset.transferFrom(msg.sender, address(this), assets), "pull");
        totalSupply = supply + shares;
        balanceOf[receiver] += shares;
    }

    function redeem(uint256 shares, address receiver) external returns (uint256 assets) {
        assets = (shares * totalAssets()) / totalSupply;
        balanceOf[msg.sender] -= shares;
        totalSupply -= shares;
        require(asset.transfer(receiver, assets), "push");
    }
}
""",
        fix=[
            (
                "        shares = supply == 0 ? assets : (assets * supply) / totalAssets();  //@",
                '        shares = (assets * (supply + 1e6)) / (totalAssets() + 1);\n        require(shares > 0, "zero shares");',
            ),
            (
                "        assets = (shares * totalAssets()) / totalSupply;",
                "        assets = (shares * (totalAssets() + 1)) / (totalSupply + 1e6);",
            ),
        ],
    ),
    dict(
        name="si_staked_eth_pool.sol",
        cls="ERC-4626 share inflation",
        det=["share-inflation"],
        ver="0.8.23",
        fn="_toShares",
        shape="conversion helper over address(this).balance; first staker can donate",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.23;

contract StakedEthPool {
    mapping(address => uint256) public sharesOf;
    uint256 public totalShares;

    receive() external payable {}

    function _toShares(uint256 amount, uint256 poolBefore) internal view returns (uint256) {
        if (totalShares == 0) return amount;
        return (amount * totalShares) / poolBefore;  //@
    }

    function stake() external payable returns (uint256 minted) {
        minted = _toShares(msg.value, address(this).balance - msg.value);
        sharesOf[msg.sender] += minted;
        totalShares += minted;
    }

    function unstake(uint256 shares) external {
        uint256 amount = (shares * address(this).balance) / totalShares;
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
        payable(msg.sender).transfer(amount);
    }
}
""",
        fix=[
            (
                """        if (totalShares == 0) return amount;
        return (amount * totalShares) / poolBefore;  //@""",
                """        return (amount * (totalShares + 1e9)) / (poolBefore + 1);""",
            ),
            (
                "        minted = _toShares(msg.value, address(this).balance - msg.value);\n",
                '        minted = _toShares(msg.value, address(this).balance - msg.value);\n        require(minted > 0, "dust");\n',
            ),
            (
                "        uint256 amount = (shares * address(this).balance) / totalShares;",
                "        uint256 amount = (shares * (address(this).balance + 1)) / (totalShares + 1e9);",
            ),
        ],
    ),
    dict(
        name="sp_collateral_lender.sol",
        cls="spot-price oracle",
        det=["spot-price"],
        ver="0.8.20",
        fn="borrow",
        shape="collateral valued from a Uniswap-v2-style pair's getReserves in borrow()",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPair {
    function getReserves() external view returns (uint112 r0, uint112 r1, uint32 ts);
}

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

contract CollateralLender {
    IPair public immutable pair;
    IERC20 public immutable collateral;
    IERC20 public immutable stable;
    mapping(address => uint256) public deposited;
    mapping(address => uint256) public debt;

    constructor(IPair _pair, IERC20 _collateral, IERC20 _stable) {
        pair = _pair;
        collateral = _collateral;
        stable = _stable;
    }

    function depositCollateral(uint256 amount) external {
        require(collateral.transferFrom(msg.sender, address(this), amount), "pull");
        deposited[msg.sender] += amount;
    }

    function borrow(uint256 amount) external {
        (uint112 rCol, uint112 rStable, ) = pair.getReserves();  //@
        uint256 value = (deposited[msg.sender] * rStable) / rCol;  //@
        require((debt[msg.sender] + amount) * 150 <= value * 100, "undercollateralised");
        debt[msg.sender] += amount;
        require(stable.transfer(msg.sender, amount), "push");
    }
}
""",
        fix=[
            (
                "interface IPair {\n    function getReserves() external view returns (uint112 r0, uint112 r1, uint32 ts);\n}",
                "interface IPriceFeed {\n    function latestPrice() external view returns (uint256 price, uint256 updatedAt);\n}",
            ),
            ("    IPair public immutable pair;", "    IPriceFeed public immutable feed;"),
            (
                "    constructor(IPair _pair, IERC20 _collateral, IERC20 _stable) {\n        pair = _pair;",
                "    constructor(IPriceFeed _feed, IERC20 _collateral, IERC20 _stable) {\n        feed = _feed;",
            ),
            (
                """        (uint112 rCol, uint112 rStable, ) = pair.getReserves();  //@
        uint256 value = (deposited[msg.sender] * rStable) / rCol;  //@""",
                """        (uint256 price, uint256 updatedAt) = feed.latestPrice();
        require(block.timestamp - updatedAt < 1 hours, "stale");
        uint256 value = (deposited[msg.sender] * price) / 1e18;""",
            ),
        ],
    ),
    dict(
        name="sp_v3_liquidator.sol",
        cls="spot-price oracle",
        det=["spot-price"],
        ver="0.8.24",
        fn="liquidate",
        shape="liquidation priced from a v3 pool's slot0 sqrtPriceX96",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IV3Pool {
    function slot0() external view returns (uint160 sqrtPriceX96, int24 tick, uint16, uint16, uint16, uint8, bool);
}

contract MarginAccounts {
    IV3Pool public immutable pool;
    mapping(address => uint256) public collateralWei;
    mapping(address => uint256) public debtUsd;

    constructor(IV3Pool _pool) {
        pool = _pool;
    }

    function priceUsd() internal view returns (uint256) {
        (uint160 sqrtP, , , , , , ) = pool.slot0();  //@
        return (uint256(sqrtP) * uint256(sqrtP) * 1e18) >> 192;
    }

    function deposit() external payable {
        collateralWei[msg.sender] += msg.value;
    }

    function borrow(uint256 usd) external {
        uint256 value = (collateralWei[msg.sender] * priceUsd()) / 1e18;
        require((debtUsd[msg.sender] + usd) * 150 <= value * 100, "collateral");
        debtUsd[msg.sender] += usd;
    }

    function liquidate(address account) external {
        uint256 value = (collateralWei[account] * priceUsd()) / 1e18;  //@
        require(value * 100 < debtUsd[account] * 110, "healthy");
        uint256 seized = collateralWei[account];
        collateralWei[account] = 0;
        debtUsd[account] = 0;
        payable(msg.sender).transfer(seized);
    }
}
""",
        fix=[
            (
                "interface IV3Pool {\n    function slot0() external view returns (uint160 sqrtPriceX96, int24 tick, uint16, uint16, uint16, uint8, bool);\n}",
                "interface IV3Pool {\n    function observe(uint32[] calldata secondsAgos)\n        external view returns (int56[] memory tickCumulatives, uint160[] memory liquidityCumulatives);\n}\n\n"
                "interface ITickMath {\n    function priceFromTick(int24 tick) external pure returns (uint256);\n}",
            ),
            (
                "    IV3Pool public immutable pool;\n",
                "    IV3Pool public immutable pool;\n    ITickMath public immutable tickMath;\n",
            ),
            (
                "    constructor(IV3Pool _pool) {\n        pool = _pool;\n",
                "    constructor(IV3Pool _pool, ITickMath _tickMath) {\n        pool = _pool;\n        tickMath = _tickMath;\n",
            ),
            (
                """        (uint160 sqrtP, , , , , , ) = pool.slot0();  //@
        return (uint256(sqrtP) * uint256(sqrtP) * 1e18) >> 192;""",
                """        uint32[] memory ago = new uint32[](2);
        ago[0] = 1800;
        (int56[] memory cum, ) = pool.observe(ago);
        int24 meanTick = int24((cum[1] - cum[0]) / 1800);
        return tickMath.priceFromTick(meanTick);""",
            ),
            (
                "        uint256 value = (collateralWei[account] * priceUsd()) / 1e18;  //@",
                "        uint256 value = (collateralWei[account] * priceUsd()) / 1e18;",
            ),
        ],
    ),
    dict(
        name="us_name_registry.sol",
        cls="uninitialised storage pointer",
        det=["uninitialised-storage"],
        ver="0.4.24",
        fn="register",
        shape="local struct without a location writes slot 0 (the owner)",
        src="""
pragma solidity ^0.4.24;

contract NameRegistry {
    address public owner;
    uint256 public fee = 0.01 ether;
    struct Entry {
        address holder;
        bytes32 name;
    }
    mapping(bytes32 => Entry) public entries;

    constructor() public {
        owner = msg.sender;
    }

    function register(bytes32 name) public payable {
        require(msg.value >= fee);
        require(entries[name].holder == address(0));
        Entry e;  //@
        e.holder = msg.sender;  //@
        e.name = name;
        entries[name] = e;
    }

    function withdraw() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "        Entry e;  //@\n        e.holder = msg.sender;  //@",
                "        Entry memory e;\n        e.holder = msg.sender;",
            )
        ],
    ),
    dict(
        name="us_score_board.sol",
        cls="uninitialised storage pointer",
        det=["uninitialised-storage"],
        ver="0.4.24",
        fn="submit",
        shape="local uint[] without location pushes into slot 0 (the admin)",
        src="""
pragma solidity ^0.4.24;

contract ScoreBoard {
    address public admin;
    uint256 public bestScore;
    mapping(address => uint256[]) public history;

    constructor() public {
        admin = msg.sender;
    }

    function submit(uint256 score) public {
        uint256[] scores;  //@
        scores.push(score);  //@
        history[msg.sender].push(score);
        if (score > bestScore) bestScore = score;
    }

    function reset() public {
        require(msg.sender == admin);
        bestScore = 0;
    }
}
""",
        fix=[
            (
                "        uint256[] scores;  //@\n        scores.push(score);  //@\n",
                "        uint256[] storage scores = history[msg.sender];\n        require(scores.length < 100);\n",
            ),
            ("        history[msg.sender].push(score);\n", "        scores.push(score);\n"),
        ],
    ),
    dict(
        name="asw_bonus_codes.sol",
        cls="arbitrary storage write",
        det=["arbitrary-storage-write"],
        ver="0.4.24",
        fn="popCode",
        shape="length-- on an empty array, then index writes anywhere",
        src="""
pragma solidity ^0.4.24;

contract PromoCodes {
    address public owner;
    uint256[] public codes;

    constructor() public {
        owner = msg.sender;
    }

    function pushCode(uint256 c) public {
        codes.push(c);
    }

    function popCode() public {
        require(codes.length >= 0);  //@
        codes.length--;  //@
    }

    function setCode(uint256 idx, uint256 c) public {
        require(idx < codes.length);
        codes[idx] = c;
    }

    function withdraw() public {
        require(msg.sender == owner);
        msg.sender.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "        require(codes.length >= 0);  //@\n        codes.length--;  //@",
                "        require(codes.length > 0);\n        codes.length--;",
            )
        ],
    ),
    dict(
        name="asw_queue_resize.sol",
        cls="arbitrary storage write",
        det=["arbitrary-storage-write"],
        ver="0.4.24",
        fn="resize",
        shape="caller sets a storage array's length directly",
        src="""
pragma solidity ^0.4.24;

contract JobQueue {
    address public manager;
    bytes32[] public jobs;

    constructor() public {
        manager = msg.sender;
    }

    function enqueue(bytes32 job) public {
        jobs.push(job);
    }

    function resize(uint256 n) public {
        jobs.length = n;  //@
    }

    function update(uint256 i, bytes32 job) public {
        require(i < jobs.length);
        jobs[i] = job;
    }
}
""",
        fix=[
            (
                "    function resize(uint256 n) public {\n        jobs.length = n;  //@",
                "    function resize(uint256 n) public {\n        require(msg.sender == manager);\n        require(n <= jobs.length);\n        jobs.length = n;",
            )
        ],
    ),
]
