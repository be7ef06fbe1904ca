"""Set-7 AMM spot reserves used as a price by a state-changing function."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_gov_collateral_minter.sol",
        cls="spot-price oracle",
        det=["spot-price"],
        ver="0.8.26",
        fn="priceInStable",  # label fix (gap7): the use in lockAndMint is marked too (read + decision), as in b5_pair_priced_lending
        shape="0.8 stablecoin minter against a governance-token collateral: priceInStable() reads the collateral/stable pair's getReserves(), and lockAndMint() sizes debt with it; the fixed twin reads a TWAP oracle",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IPair {
    function getReserves() external view returns (uint112, uint112, uint32);
    function token0() external view returns (address);
}

interface ITwap {
    function consult(address token, uint256 amountIn) external view returns (uint256);
}

interface IERC20 {
    function transferFrom(address f, address t, uint256 v) external returns (bool);
}

interface IStable {
    function mint(address to, uint256 amount) external;
}

contract GovCollateralMinter {
    IERC20 public immutable collateral;
    IStable public immutable stable;
    IPair public immutable pair;
    ITwap public immutable twap;
    uint256 public constant MIN_RATIO_BPS = 15_000;
    mapping(address => uint256) public locked;
    mapping(address => uint256) public minted;

    constructor(IERC20 c, IStable s, IPair p, ITwap t) {
        collateral = c;
        stable = s;
        pair = p;
        twap = t;
    }

    function priceInStable() public view returns (uint256) {
        (uint112 r0, uint112 r1, ) = pair.getReserves();  //@
        return pair.token0() == address(collateral) ? (uint256(r1) * 1e18) / r0 : (uint256(r0) * 1e18) / r1;
    }

    function lockAndMint(uint256 lockAmount, uint256 mintAmount) external {
        if (lockAmount > 0) {
            require(collateral.transferFrom(msg.sender, address(this), lockAmount), "pull");
            locked[msg.sender] += lockAmount;
        }
        uint256 value = (locked[msg.sender] * priceInStable()) / 1e18;  //@
        require((minted[msg.sender] + mintAmount) * MIN_RATIO_BPS <= value * 10_000, "ratio");
        minted[msg.sender] += mintAmount;
        stable.mint(msg.sender, mintAmount);
    }
}
""",
        fix=[
            (
                "        (uint112 r0, uint112 r1, ) = pair.getReserves();  //@\n        return pair.token0() == address(collateral) ? (uint256(r1) * 1e18) / r0 : (uint256(r0) * 1e18) / r1;\n",
                "        return twap.consult(address(collateral), 1e18);  //@\n",
            )
        ],
    ),
    dict(
        name="b7_isolated_market_liquidate.sol",
        cls="spot-price oracle",
        det=["spot-price"],
        ver="0.6.12",
        fn="liquidate",
        shape="0.6 isolated lending market: borrow() prices collateral with the oracle but liquidate() takes the pair's spot reserves, so a flash swap makes healthy loans liquidatable with a bigger seize",
        src=r"""
pragma solidity ^0.6.12;

interface IPair {
    function getReserves() external view returns (uint112 r0, uint112 r1, uint32 ts);
}

interface IPriceOracle {
    function price() external view returns (uint256);
}

interface IERC20 {
    function transfer(address to, uint256 v) external returns (bool);
    function transferFrom(address f, address t, uint256 v) external returns (bool);
}

contract IsolatedLendingMarket {
    IERC20 public collateralToken;
    IERC20 public debtToken;
    IPair public pair;
    IPriceOracle public oracle;
    uint256 public constant LTV_BPS = 7000;
    uint256 public constant LIQ_THRESHOLD_BPS = 8000;
    uint256 public constant BONUS_BPS = 10800;
    mapping(address => uint256) public collateralOf;
    mapping(address => uint256) public debtOf;

    constructor(IERC20 c, IERC20 d, IPair p, IPriceOracle o) public {
        collateralToken = c;
        debtToken = d;
        pair = p;
        oracle = o;
    }

    function depositCollateral(uint256 amount) external {
        require(collateralToken.transferFrom(msg.sender, address(this), amount), "pull");
        collateralOf[msg.sender] += amount;
    }

    function borrow(uint256 amount) external {
        uint256 value = collateralOf[msg.sender] * oracle.price() / 1e18;
        require((debtOf[msg.sender] + amount) * 10000 <= value * LTV_BPS, "ltv");
        debtOf[msg.sender] += amount;
        require(debtToken.transfer(msg.sender, amount), "push");
    }

    function liquidate(address user, uint256 repay) external {
        (uint112 r0, uint112 r1, ) = pair.getReserves();  //@
        uint256 price = uint256(r1) * 1e18 / r0;  //@
        uint256 value = collateralOf[user] * price / 1e18;
        require(debtOf[user] * 10000 > value * LIQ_THRESHOLD_BPS, "healthy");
        require(repay > 0 && repay <= debtOf[user], "repay");
        require(debtToken.transferFrom(msg.sender, address(this), repay), "pull");
        uint256 seize = repay * BONUS_BPS / 10000 * 1e18 / price;
        if (seize > collateralOf[user]) seize = collateralOf[user];
        debtOf[user] -= repay;
        collateralOf[user] -= seize;
        require(collateralToken.transfer(msg.sender, seize), "seize");
    }
}
""",
        fix=[
            (
                "        (uint112 r0, uint112 r1, ) = pair.getReserves();  //@\n        uint256 price = uint256(r1) * 1e18 / r0;  //@\n",
                "        uint256 price = oracle.price();  //@\n",
            )
        ],
    ),
]
