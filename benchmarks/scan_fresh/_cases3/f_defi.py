"""DeFi cases (ERC-4626 style first-depositor share inflation, AMM spot prices, read-only re-entrancy) for the third blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b3_yield_vault_4626.sol",
        cls="ERC-4626 share inflation",
        det=["share-inflation"],
        ver="0.8.26",
        fn="convertToShares",
        shape="solmate-style vault: shares = assets * supply / totalAssets() with totalAssets() = balanceOf(this), no offset or dead shares",
        src="""
// SPDX-License-Identifier: AGPL-3.0-only
pragma solidity ^0.8.20;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transfer(address, uint256) external returns (bool);
    function transferFrom(address, address, uint256) external returns (bool);
}

contract YieldVault {
    IERC20 public immutable asset;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Deposit(address indexed caller, address indexed owner, uint256 assets, uint256 shares);

    constructor(IERC20 _asset) {
        asset = _asset;
    }

    function totalAssets() public view returns (uint256) {
        return asset.balanceOf(address(this));
    }

    function convertToShares(uint256 assets) public view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? assets : assets * supply / totalAssets();  //@
    }

    function convertToAssets(uint256 shares) public view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? shares : shares * totalAssets() / supply;
    }

    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        require((shares = convertToShares(assets)) != 0, "ZERO_SHARES");
        require(asset.transferFrom(msg.sender, address(this), assets), "tf");
        totalSupply += shares;
        balanceOf[receiver] += shares;
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    function redeem(uint256 shares, address receiver) external returns (uint256 assets) {
        assets = convertToAssets(shares);
        balanceOf[msg.sender] -= shares;
        totalSupply -= shares;
        require(asset.transfer(receiver, assets), "t");
    }
}
""",
        fix=[
            (
                "        return supply == 0 ? assets : assets * supply / totalAssets();  //@",
                "        return assets * (supply + 1e6) / (totalAssets() + 1);",
            ),
            (
                "        return supply == 0 ? shares : shares * totalAssets() / supply;",
                "        return shares * (totalAssets() + 1) / (supply + 1e6);",
            ),
        ],
    ),
    dict(
        name="b3_staking_bar.sol",
        cls="ERC-4626 share inflation",
        det=["share-inflation"],
        ver="0.7.6",
        fn="enter",
        shape="xSUSHI-style bar: first staker sets the share price, a donation to the bar rounds the next staker to zero",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transfer(address, uint256) external returns (bool);
    function transferFrom(address, address, uint256) external returns (bool);
}

contract StakingBar {
    IERC20 public immutable token;
    mapping(address => uint256) public shares;
    uint256 public totalShares;

    constructor(IERC20 t) {
        token = t;
    }

    function enter(uint256 amount) external {
        uint256 pooled = token.balanceOf(address(this));
        uint256 minted;
        if (totalShares == 0 || pooled == 0) {
            minted = amount;
        } else {
            minted = amount * totalShares / pooled;  //@
        }
        shares[msg.sender] += minted;
        totalShares += minted;
        require(token.transferFrom(msg.sender, address(this), amount), "tf");
    }

    function leave(uint256 share) external {
        uint256 amount = share * token.balanceOf(address(this)) / totalShares;
        shares[msg.sender] -= share;
        totalShares -= share;
        require(token.transfer(msg.sender, amount), "t");
    }
}
""",
        fix=[
            (
                "        if (totalShares == 0 || pooled == 0) {\n            minted = amount;\n        } else {\n            minted = amount * totalShares / pooled;  //@\n        }\n",
                '        if (totalShares == 0 || pooled == 0) {\n            require(amount > 1000, "min first stake");\n            minted = amount - 1000;\n            shares[address(0xdead)] += 1000;\n            totalShares += 1000;\n        } else {\n            minted = amount * totalShares / pooled;\n        }\n        require(minted > 0, "zero shares");\n',
            )
        ],
    ),
    dict(
        name="b3_lending_reserve_oracle.sol",
        cls="spot price from AMM reserves",
        det=["spot-price"],
        ver="0.8.26",
        fn="collateralValue",
        shape="lending market values collateral with the pair's current getReserves() ratio",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IUniswapV2Pair {
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function token0() external view returns (address);
}

contract MiniLending {
    IUniswapV2Pair public immutable pair;
    address public immutable collateralToken;
    uint256 public constant LTV_BPS = 7500;
    mapping(address => uint256) public collateral;
    mapping(address => uint256) public debt;

    constructor(IUniswapV2Pair p, address c) {
        pair = p;
        collateralToken = c;
    }

    function collateralValue(address user) public view returns (uint256) {
        (uint112 r0, uint112 r1, ) = pair.getReserves();  //@
        uint256 price = pair.token0() == collateralToken ? uint256(r1) * 1e18 / r0 : uint256(r0) * 1e18 / r1;  //@
        return collateral[user] * price / 1e18;
    }

    function borrow(uint256 amount) external {
        require(debt[msg.sender] + amount <= collateralValue(msg.sender) * LTV_BPS / 10_000, "undercollateralised");
        debt[msg.sender] += amount;
        payable(msg.sender).transfer(amount);
    }

    function depositCollateral(uint256 amount) external {
        collateral[msg.sender] += amount;
    }
}
""",
        fix=[
            (
                "    function collateralValue(address user) public view returns (uint256) {\n        (uint112 r0, uint112 r1, ) = pair.getReserves();  //@\n        uint256 price = pair.token0() == collateralToken ? uint256(r1) * 1e18 / r0 : uint256(r0) * 1e18 / r1;  //@\n",
                '    address public oracleKeeper = msg.sender;\n    uint256 public twapPrice;\n\n    function pushTwap(uint256 p) external {\n        require(msg.sender == oracleKeeper, "keeper");\n        twapPrice = p;\n    }\n\n    function collateralValue(address user) public view returns (uint256) {\n        uint256 price = twapPrice;\n',
            )
        ],
    ),
    dict(
        name="b3_liquidator_balance_price.sol",
        cls="spot price from AMM reserves",
        det=["spot-price"],
        ver="0.6.12",
        fn="tokenPriceInEth",
        shape="0.6 liquidation helper prices the token from WETH.balanceOf(pair) / token.balanceOf(pair)",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
}

contract LiquidationDesk {
    IERC20 public immutable weth;
    IERC20 public immutable token;
    address public immutable pair;
    mapping(address => uint256) public tokenCollateral;
    mapping(address => uint256) public ethDebt;

    constructor(IERC20 _weth, IERC20 _token, address _pair) public {
        weth = _weth;
        token = _token;
        pair = _pair;
    }

    function tokenPriceInEth() public view returns (uint256) {
        return weth.balanceOf(pair) * 1e18 / token.balanceOf(pair);  //@
    }

    function isLiquidatable(address account) public view returns (bool) {
        uint256 value = tokenCollateral[account] * tokenPriceInEth() / 1e18;
        return value * 100 < ethDebt[account] * 120;
    }

    function liquidate(address account) external payable {
        require(isLiquidatable(account), "healthy");
        require(msg.value >= ethDebt[account], "repay all");
        ethDebt[account] = 0;
        tokenCollateral[account] = 0;
    }
}
""",
        fix=[
            (
                "interface IERC20 {\n",
                "interface IPairCumulative {\n    function price1CumulativeLast() external view returns (uint256);\n}\n\ninterface IERC20 {\n",
            ),
            (
                "    function tokenPriceInEth() public view returns (uint256) {\n        return weth.balanceOf(pair) * 1e18 / token.balanceOf(pair);  //@\n    }\n",
                '    uint256 public cumulativeLast;\n    uint256 public averagePrice;\n    uint256 public updatedAt;\n\n    function updateAverage() external {\n        uint256 cumulativeNow = IPairCumulative(pair).price1CumulativeLast();\n        require(block.timestamp > updatedAt + 30 minutes, "too soon");\n        averagePrice = (cumulativeNow - cumulativeLast) / (block.timestamp - updatedAt);\n        (cumulativeLast, updatedAt) = (cumulativeNow, block.timestamp);\n    }\n\n    function tokenPriceInEth() public view returns (uint256) {\n        return averagePrice;\n    }\n',
            ),
        ],
    ),
    dict(
        name="b3_eth_lp_virtual_price.sol",
        cls="read-only re-entrancy",
        det=["read-only-reentrancy"],
        ver="0.8.26",
        fn="virtualPrice",
        shape="ETH/stable pool: removeLiquidity is locked but pays ETH before reserves drop; the unlocked virtualPrice() view reads the half-updated state",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract EthStablePool {
    uint256 public reserveEth;
    uint256 public reserveUsd;
    uint256 public lpSupply;
    mapping(address => uint256) public lpBalance;
    uint256 private _status = 1;

    modifier nonReentrant() {
        require(_status == 1, "locked");
        _status = 2;
        _;
        _status = 1;
    }

    function addLiquidity(uint256 usdAmount) external payable nonReentrant {
        uint256 minted = lpSupply == 0 ? msg.value : msg.value * lpSupply / reserveEth;
        reserveEth += msg.value;
        reserveUsd += usdAmount;
        lpSupply += minted;
        lpBalance[msg.sender] += minted;
    }

    function removeLiquidity(uint256 lp) external nonReentrant {
        uint256 ethOut = lp * reserveEth / lpSupply;
        uint256 usdOut = lp * reserveUsd / lpSupply;
        lpBalance[msg.sender] -= lp;
        lpSupply -= lp;
        (bool ok, ) = msg.sender.call{value: ethOut}("");
        require(ok, "eth");
        reserveEth -= ethOut;
        reserveUsd -= usdOut;
    }

    function virtualPrice() external view returns (uint256) {
        return (reserveEth + reserveUsd) * 1e18 / lpSupply;  //@
    }
}
""",
        fix=[
            (
                "        return (reserveEth + reserveUsd) * 1e18 / lpSupply;  //@",
                '        require(_status == 1, "locked");\n        return (reserveEth + reserveUsd) * 1e18 / lpSupply;',
            )
        ],
    ),
    dict(
        name="b3_lp_collateral_reader.sol",
        cls="read-only re-entrancy",
        det=["read-only-reentrancy"],
        ver="0.8.26",
        fn="lpValue",
        shape="money market values Curve-style LP collateral with get_virtual_price() and never takes the pool's lock first",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface ICurvePool {
    function get_virtual_price() external view returns (uint256);
    function remove_liquidity(uint256 amount, uint256[2] calldata minAmounts) external returns (uint256[2] memory);
}

interface IERC20 {
    function transferFrom(address, address, uint256) external returns (bool);
}

contract LpMoneyMarket {
    ICurvePool public immutable pool;
    IERC20 public immutable lpToken;
    mapping(address => uint256) public lpDeposited;
    mapping(address => uint256) public borrowed;

    constructor(ICurvePool p, IERC20 lp) {
        pool = p;
        lpToken = lp;
    }

    function deposit(uint256 amount) external {
        require(lpToken.transferFrom(msg.sender, address(this), amount), "tf");
        lpDeposited[msg.sender] += amount;
    }

    function lpValue(address user) public view returns (uint256) {
        return lpDeposited[user] * pool.get_virtual_price() / 1e18;  //@
    }

    function borrow(uint256 amount) external {
        require(borrowed[msg.sender] + amount <= lpValue(msg.sender) * 8 / 10, "ltv");
        borrowed[msg.sender] += amount;
        payable(msg.sender).transfer(amount);
    }
}
""",
        fix=[
            (
                "    function lpValue(address user) public view returns (uint256) {\n",
                "    function lpValue(address user) public returns (uint256) {\n        uint256[2] memory noMin;\n        pool.remove_liquidity(0, noMin);\n",
            )
        ],
    ),
]
