"""Set-4 DeFi pricing cases: first-depositor share inflation, AMM spot prices, read-only re-entrancy."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_yield_vault.sol",
        cls="ERC-4626 inflation",
        det=["share-inflation"],
        ver="0.8.26",
        fn="_toShares",
        shape="4626-style vault: totalAssets is the token balance and shares use a bare ratio with no offset",
        src=r"""
// SPDX-License-Identifier: AGPL-3.0
pragma solidity ^0.8.20;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract YieldVault {
    IERC20 public immutable asset;
    string public name;
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    address public keeper;
    uint256 public lastHarvest;

    event Deposit(address indexed caller, address indexed owner, uint256 assets, uint256 shares);
    event Withdraw(address indexed caller, address indexed receiver, address indexed owner, uint256 assets, uint256 shares);

    constructor(IERC20 _asset, string memory _name) {
        asset = _asset;
        name = _name;
        keeper = msg.sender;
    }

    function totalAssets() public view returns (uint256) {
        return asset.balanceOf(address(this));
    }

    function _toShares(uint256 assets, bool roundUp) internal view returns (uint256) {
        uint256 supply = totalSupply;
        if (supply == 0) return assets;  //@
        uint256 shares = assets * supply / totalAssets();  //@
        if (roundUp && shares * totalAssets() < assets * supply) shares += 1;
        return shares;
    }

    function _toAssets(uint256 shares) internal view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? shares : shares * totalAssets() / supply;
    }

    function previewDeposit(uint256 assets) external view returns (uint256) {
        return _toShares(assets, false);
    }

    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        shares = _toShares(assets, false);
        require(shares > 0, "zero shares");
        require(asset.transferFrom(msg.sender, address(this), assets), "pull");
        totalSupply += shares;
        balanceOf[receiver] += shares;
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    function withdraw(uint256 assets, address receiver, address owner) external returns (uint256 shares) {
        require(owner == msg.sender, "owner");
        shares = _toShares(assets, true);
        balanceOf[owner] -= shares;
        totalSupply -= shares;
        require(asset.transfer(receiver, assets), "push");
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
    }

    function redeem(uint256 shares, address receiver, address owner) external returns (uint256 assets) {
        require(owner == msg.sender, "owner");
        assets = _toAssets(shares);
        balanceOf[owner] -= shares;
        totalSupply -= shares;
        require(asset.transfer(receiver, assets), "push");
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
    }

    function harvest() external {
        require(msg.sender == keeper, "keeper");
        lastHarvest = block.timestamp;
    }
}
""",
        fix=[
            (
                "        uint256 supply = totalSupply;\n        if (supply == 0) return assets;  //@\n        uint256 shares = assets * supply / totalAssets();  //@\n        if (roundUp && shares * totalAssets() < assets * supply) shares += 1;\n",
                "        uint256 supply = totalSupply + 1e6;\n        uint256 held = totalAssets() + 1;\n        uint256 shares = assets * supply / held;\n        if (roundUp && shares * held < assets * supply) shares += 1;\n",
            ),
            (
                "        uint256 supply = totalSupply;\n        return supply == 0 ? shares : shares * totalAssets() / supply;\n",
                "        return shares * (totalAssets() + 1) / (totalSupply + 1e6);\n",
            ),
        ],
    ),
    dict(
        name="b4_eth_staking_pool.sol",
        cls="ERC-4626 inflation",
        det=["share-inflation"],
        ver="0.7.6",
        fn="join",
        shape="ETH pool: shares priced from address(this).balance, which anyone can raise by sending ETH",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

contract EthStakingPool {
    uint256 public totalShares;
    mapping(address => uint256) public shares;
    address public operator;

    event Joined(address indexed who, uint256 amount, uint256 minted);
    event Left(address indexed who, uint256 burned, uint256 amount);

    constructor() {
        operator = msg.sender;
    }

    // validator rewards arrive here
    receive() external payable {}

    function join() external payable returns (uint256 minted) {
        uint256 before = address(this).balance - msg.value;
        if (totalShares == 0) {
            minted = msg.value;
        } else {
            minted = msg.value * totalShares / before;  //@
        }
        require(minted > 0, "dust");
        shares[msg.sender] += minted;
        totalShares += minted;
        emit Joined(msg.sender, msg.value, minted);
    }

    function leave(uint256 amount) external {
        require(shares[msg.sender] >= amount, "shares");
        uint256 out = amount * address(this).balance / totalShares;
        shares[msg.sender] -= amount;
        totalShares -= amount;
        msg.sender.transfer(out);
        emit Left(msg.sender, amount, out);
    }
}
""",
        fix=[
            (
                "    uint256 public totalShares;\n",
                "    uint256 public totalShares;\n    uint256 public pooled;\n",
            ),
            (
                "    receive() external payable {}\n",
                '    receive() external payable {\n        require(msg.sender == operator, "operator");\n        pooled += msg.value;\n    }\n',
            ),
            (
                "        uint256 before = address(this).balance - msg.value;\n",
                "        uint256 before = pooled;\n        pooled += msg.value;\n",
            ),
            (
                "            minted = msg.value * totalShares / before;  //@\n",
                "            minted = msg.value * totalShares / before;\n",
            ),
            (
                "        uint256 out = amount * address(this).balance / totalShares;\n",
                "        uint256 out = amount * pooled / totalShares;\n        pooled -= out;\n",
            ),
        ],
    ),
    dict(
        name="b4_option_settlement_v3.sol",
        cls="spot price",
        det=["spot-price"],
        ver="0.8.26",
        fn="settle",
        shape="cash-settled options: settlement price is the Uniswap v3 pool's current slot0 price",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IUniswapV3Pool {
    function slot0() external view returns (uint160 sqrtPriceX96, int24 tick, uint16, uint16, uint16, uint8, bool);
    function observe(uint32[] calldata secondsAgos) external view returns (int56[] memory, uint160[] memory);
}

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract CashOptions {
    struct Option {
        address buyer;
        uint128 strike;     // quote per base, 1e18
        uint128 size;       // base, 1e18
        uint64 expiry;
        bool settled;
    }

    IUniswapV3Pool public immutable pool;
    IERC20 public immutable quote;
    address public immutable writer;
    uint256 public collateral;
    uint256 public nextId;
    mapping(uint256 => Option) public options;

    event Bought(uint256 indexed id, address buyer, uint256 strike, uint256 size);
    event Settled(uint256 indexed id, uint256 price, uint256 payout);

    constructor(IUniswapV3Pool _pool, IERC20 _quote) {
        pool = _pool;
        quote = _quote;
        writer = msg.sender;
    }

    function fund(uint256 amount) external {
        require(quote.transferFrom(msg.sender, address(this), amount), "pull");
        collateral += amount;
    }

    function buy(uint128 strike, uint128 size, uint64 expiry, uint256 premium) external returns (uint256 id) {
        require(expiry > block.timestamp, "expiry");
        require(quote.transferFrom(msg.sender, writer, premium), "premium");
        id = nextId++;
        options[id] = Option(msg.sender, strike, size, expiry, false);
        emit Bought(id, msg.sender, strike, size);
    }

    function _priceFromSqrt(uint160 sqrtPriceX96) internal pure returns (uint256) {
        uint256 p = uint256(sqrtPriceX96) * uint256(sqrtPriceX96) >> 96;
        return p * 1e18 >> 96;
    }

    function settle(uint256 id) external {
        Option storage o = options[id];
        require(!o.settled && block.timestamp >= o.expiry, "not settleable");
        (uint160 sqrtPriceX96, , , , , , ) = pool.slot0();  //@
        uint256 price = _priceFromSqrt(sqrtPriceX96);  //@
        o.settled = true;
        uint256 payout = price > o.strike ? (price - o.strike) * o.size / 1e18 : 0;
        if (payout > collateral) payout = collateral;
        collateral -= payout;
        if (payout > 0) require(quote.transfer(o.buyer, payout), "pay");
        emit Settled(id, price, payout);
    }

    function withdrawCollateral(uint256 amount) external {
        require(msg.sender == writer, "writer");
        require(amount <= collateral, "collateral");
        collateral -= amount;
        require(quote.transfer(writer, amount), "push");
    }

    function intrinsic(uint256 id, uint256 atPrice) external view returns (uint256) {
        Option storage o = options[id];
        return atPrice > o.strike ? (atPrice - o.strike) * o.size / 1e18 : 0;
    }

    function transferOption(uint256 id, address to) external {
        require(options[id].buyer == msg.sender, "holder");
        options[id].buyer = to;
    }
}
""",
        fix=[
            (
                "        (uint160 sqrtPriceX96, , , , , , ) = pool.slot0();  //@\n        uint256 price = _priceFromSqrt(sqrtPriceX96);  //@\n",
                "        uint256 price = _twap(1800);\n",
            ),
            (
                "    function settle(uint256 id) external {\n",
                "    function _twap(uint32 window) internal view returns (uint256) {\n        uint32[] memory ago = new uint32[](2);\n        ago[0] = window;\n        (int56[] memory cum, ) = pool.observe(ago);\n        int24 meanTick = int24((cum[1] - cum[0]) / int56(uint56(window)));\n        return _priceFromTick(meanTick);\n    }\n\n    function _priceFromTick(int24 tick) internal pure returns (uint256 p) {\n        p = 1e18;\n        uint24 n = tick < 0 ? uint24(-tick) : uint24(tick);\n        for (uint24 i; i < n && i < 2000; i++) p = tick < 0 ? p * 10000 / 10001 : p * 10001 / 10000;\n    }\n\n    function settle(uint256 id) external {\n",
            ),
        ],
    ),
    dict(
        name="b4_presale_credit.sol",
        cls="spot price",
        det=["spot-price"],
        ver="0.6.12",
        fn="tokenPrice",
        shape="launchpad credit line values project tokens by the pair's current token balances",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

contract PresaleCredit {
    IERC20 public immutable projectToken;
    IERC20 public immutable weth;
    address public immutable pair;
    uint256 public constant LTV_BPS = 4000;

    mapping(address => uint256) public pledged;
    mapping(address => uint256) public debt;

    constructor(IERC20 _token, IERC20 _weth, address _pair) public {
        projectToken = _token;
        weth = _weth;
        pair = _pair;
    }

    function tokenPrice() public view returns (uint256) {
        uint256 wethInPair = weth.balanceOf(pair);  //@
        uint256 tokensInPair = projectToken.balanceOf(pair);  //@
        return wethInPair * 1e18 / tokensInPair;
    }

    function pledge(uint256 amount) external {
        require(projectToken.transferFrom(msg.sender, address(this), amount), "pull");
        pledged[msg.sender] += amount;
    }

    function borrow(uint256 amount) external {
        uint256 value = pledged[msg.sender] * tokenPrice() / 1e18;
        require(debt[msg.sender] + amount <= value * LTV_BPS / 10000, "ltv");
        debt[msg.sender] += amount;
        require(weth.transfer(msg.sender, amount), "send");
    }

    function repay(uint256 amount) external {
        require(weth.transferFrom(msg.sender, address(this), amount), "pull");
        debt[msg.sender] -= amount;
    }
}
""",
        fix=[
            (
                "    uint256 public constant LTV_BPS = 4000;\n",
                "    uint256 public constant LTV_BPS = 4000;\n    address public immutable oracle;\n",
            ),
            (
                "    constructor(IERC20 _token, IERC20 _weth, address _pair) public {\n",
                "    constructor(IERC20 _token, IERC20 _weth, address _pair, address _oracle) public {\n        oracle = _oracle;\n",
            ),
            (
                "        uint256 wethInPair = weth.balanceOf(pair);  //@\n        uint256 tokensInPair = projectToken.balanceOf(pair);  //@\n        return wethInPair * 1e18 / tokensInPair;\n",
                "        return ITwap(oracle).consult(address(projectToken), 1e18);\n",
            ),
            (
                "contract PresaleCredit {\n",
                "interface ITwap {\n    function consult(address token, uint256 amountIn) external view returns (uint256);\n}\n\ncontract PresaleCredit {\n",
            ),
        ],
    ),
    dict(
        name="b4_stable_lp_lender.sol",
        cls="read-only re-entrancy",
        det=["read-only-reentrancy"],
        ver="0.8.26",
        fn="collateralValue",
        shape="lender prices Curve-style LP collateral with get_virtual_price without touching the pool's lock",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IStablePool {
    function get_virtual_price() external view returns (uint256);
    function remove_liquidity(uint256 amount, uint256[2] calldata minAmounts) external returns (uint256[2] memory);
}

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract StableLpLender {
    IStablePool public immutable pool;
    IERC20 public immutable lpToken;
    IERC20 public immutable usd;
    uint256 public constant LTV = 0.8e18;

    mapping(address => uint256) public lpDeposited;
    mapping(address => uint256) public borrowed;

    constructor(IStablePool _pool, IERC20 _lp, IERC20 _usd) {
        pool = _pool;
        lpToken = _lp;
        usd = _usd;
    }

    function collateralValue(address user) public view returns (uint256) {
        return lpDeposited[user] * pool.get_virtual_price() / 1e18;  //@
    }

    function depositLp(uint256 amount) external {
        require(lpToken.transferFrom(msg.sender, address(this), amount), "pull");
        lpDeposited[msg.sender] += amount;
    }

    function borrow(uint256 amount) external {
        require(borrowed[msg.sender] + amount <= collateralValue(msg.sender) * LTV / 1e18, "ltv");
        borrowed[msg.sender] += amount;
        require(usd.transfer(msg.sender, amount), "send");
    }

    function liquidate(address user) external {
        require(borrowed[user] > collateralValue(user) * LTV / 1e18, "healthy");
        uint256 lp = lpDeposited[user];
        require(usd.transferFrom(msg.sender, address(this), borrowed[user]), "repay");
        lpDeposited[user] = 0;
        borrowed[user] = 0;
        require(lpToken.transfer(msg.sender, lp), "seize");
    }
}
""",
        fix=[
            (
                "    function collateralValue(address user) public view returns (uint256) {\n        return lpDeposited[user] * pool.get_virtual_price() / 1e18;  //@\n    }\n",
                "    function collateralValue(address user) public view returns (uint256) {\n        return lpDeposited[user] * pool.get_virtual_price() / 1e18;\n    }\n\n    function _checkPoolUnlocked() internal {\n        uint256[2] memory zero;\n        pool.remove_liquidity(0, zero);\n    }\n",
            ),
            (
                "    function borrow(uint256 amount) external {\n",
                "    function borrow(uint256 amount) external {\n        _checkPoolUnlocked();\n",
            ),
            (
                "    function liquidate(address user) external {\n",
                "    function liquidate(address user) external {\n        _checkPoolUnlocked();\n",
            ),
        ],
    ),
    dict(
        name="b4_restake_pool.sol",
        cls="read-only re-entrancy",
        det=["read-only-reentrancy", "reentrancy"],
        ver="0.8.26",
        fn="exit",
        shape="pool guarded by a lock on its mutators, but exit pays ETH before burning while the public exchangeRate view stays unguarded",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract RestakePool {
    uint256 private locked = 1;
    uint256 public totalShares;
    mapping(address => uint256) public sharesOf;

    event Entered(address indexed who, uint256 amount, uint256 shares);
    event Exited(address indexed who, uint256 shares, uint256 amount);

    modifier lock() {
        require(locked == 1, "locked");
        locked = 2;
        _;
        locked = 1;
    }

    receive() external payable {}

    /// Used by integrators (lenders, LST routers) to price pool shares.
    function exchangeRate() external view returns (uint256) {
        if (totalShares == 0) return 1e18;
        return address(this).balance * 1e18 / totalShares;
    }

    function enter() external payable lock returns (uint256 minted) {
        uint256 prior = address(this).balance - msg.value;
        minted = totalShares == 0 ? msg.value : msg.value * totalShares / prior;
        sharesOf[msg.sender] += minted;
        totalShares += minted;
        emit Entered(msg.sender, msg.value, minted);
    }

    function exit(uint256 shares) external lock {
        require(sharesOf[msg.sender] >= shares, "shares");
        uint256 amount = shares * address(this).balance / totalShares;
        (bool ok, ) = msg.sender.call{value: amount}("");  //@
        require(ok, "send");
        sharesOf[msg.sender] -= shares;  //@
        totalShares -= shares;  //@
        emit Exited(msg.sender, shares, amount);
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = msg.sender.call{value: amount}("");  //@\n        require(ok, "send");\n        sharesOf[msg.sender] -= shares;  //@\n        totalShares -= shares;  //@\n',
                '        sharesOf[msg.sender] -= shares;\n        totalShares -= shares;\n        (bool ok, ) = msg.sender.call{value: amount}("");\n        require(ok, "send");\n',
            ),
        ],
    ),
]
