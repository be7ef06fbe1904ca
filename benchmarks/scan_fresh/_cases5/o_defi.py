"""Set-5 DeFi pricing and share cases: ERC-4626 first-depositor inflation, AMM spot price."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_lp_vault_4626.sol",
        cls="share inflation",
        det=["share-inflation"],
        ver="0.8.26",
        fn="convertToShares",
        shape="0.8 ERC-4626-style vault: shares = assets * supply / balanceOf(this), donations move the rate",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC20 {
    function balanceOf(address who) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract LpVault {
    IERC20 public immutable asset;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Deposit(address indexed caller, address indexed owner, uint256 assets, uint256 shares);

    constructor(IERC20 _asset) { asset = _asset; }

    function totalAssets() public view returns (uint256) {
        return asset.balanceOf(address(this));
    }

    function convertToShares(uint256 assets) public view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? assets : assets * supply / totalAssets();  //@
    }

    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        shares = convertToShares(assets);
        require(shares > 0, "zero shares");
        require(asset.transferFrom(msg.sender, address(this), assets), "pull");
        totalSupply += shares;
        balanceOf[receiver] += shares;
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    function redeem(uint256 shares) external returns (uint256 assets) {
        assets = shares * totalAssets() / totalSupply;
        balanceOf[msg.sender] -= shares;
        totalSupply -= shares;
        require(asset.transfer(msg.sender, assets), "push");
    }
}
""",
        fix=[
            (
                "        return supply == 0 ? assets : assets * supply / totalAssets();  //@\n",
                "        return assets * (supply + 1e6) / (totalAssets() + 1);\n",
            )
        ],
    ),
    dict(
        name="b5_staked_eth_pool.sol",
        cls="share inflation",
        det=["share-inflation"],
        ver="0.8.26",
        fn="stake",
        shape="0.8 liquid staking pool: share price from address(this).balance, first staker can donate",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract LiquidStakingPool {
    mapping(address => uint256) public shares;
    uint256 public totalShares;
    address public operator;

    event Staked(address who, uint256 amount, uint256 minted);

    constructor() { operator = msg.sender; }

    function _pooled(uint256 incoming) internal view returns (uint256) {
        return address(this).balance - incoming;
    }

    function stake() external payable {
        require(msg.value > 0, "zero");
        uint256 minted;
        if (totalShares == 0) {
            minted = msg.value;
        } else {
            minted = msg.value * totalShares / _pooled(msg.value);  //@
        }
        shares[msg.sender] += minted;
        totalShares += minted;
        emit Staked(msg.sender, msg.value, minted);
    }

    function unstake(uint256 amount) external {
        uint256 out = amount * address(this).balance / totalShares;
        shares[msg.sender] -= amount;
        totalShares -= amount;
        payable(msg.sender).transfer(out);
    }

    receive() external payable {}
}
""",
        fix=[
            ("    uint256 public totalShares;\n", "    uint256 public totalShares;\n    uint256 public pooled;\n"),
            (
                "            minted = msg.value * totalShares / _pooled(msg.value);  //@\n",
                "            minted = msg.value * totalShares / pooled;\n",
            ),
            (
                "        shares[msg.sender] += minted;\n",
                '        require(minted > 0, "dust");\n        pooled += msg.value;\n        shares[msg.sender] += minted;\n',
            ),
            (
                "        uint256 out = amount * address(this).balance / totalShares;\n",
                "        uint256 out = amount * pooled / totalShares;\n        pooled -= out;\n",
            ),
        ],
    ),
    dict(
        name="b5_yield_wrapper_old.sol",
        cls="share inflation",
        det=["share-inflation"],
        ver="0.6.12",
        fn="deposit",
        shape="0.6 yield wrapper: mint uses token.balanceOf(this) as the pool size, rounding to zero shares accepted",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function balanceOf(address who) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract YieldWrapper {
    IERC20 public underlying;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    constructor(IERC20 _u) public { underlying = _u; }

    function deposit(uint256 amount) external {
        uint256 pool = underlying.balanceOf(address(this));
        uint256 minted = totalSupply == 0 ? amount : amount * totalSupply / pool;  //@
        require(underlying.transferFrom(msg.sender, address(this), amount), "pull");
        balanceOf[msg.sender] += minted;
        totalSupply += minted;
    }

    function withdraw(uint256 shareAmt) external {
        uint256 out = shareAmt * underlying.balanceOf(address(this)) / totalSupply;
        balanceOf[msg.sender] -= shareAmt;
        totalSupply -= shareAmt;
        require(underlying.transfer(msg.sender, out), "push");
    }
}
""",
        fix=[
            ("    uint256 public totalSupply;\n", "    uint256 public totalSupply;\n    uint256 public managed;\n"),
            ("        uint256 pool = underlying.balanceOf(address(this));\n", "        uint256 pool = managed;\n"),
            (
                "        balanceOf[msg.sender] += minted;\n",
                '        require(minted > 0, "dust");\n        managed += amount;\n        balanceOf[msg.sender] += minted;\n',
            ),
            (
                "        uint256 out = shareAmt * underlying.balanceOf(address(this)) / totalSupply;\n",
                "        uint256 out = shareAmt * managed / totalSupply;\n        managed -= out;\n",
            ),
        ],
    ),
    dict(
        name="b5_pair_priced_lending.sol",
        cls="spot price",
        det=["spot-price"],
        ver="0.8.26",
        fn="collateralValue",
        shape="0.8 lending: collateral valued from a Uniswap-V2 pair's getReserves ratio",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IUniswapV2Pair {
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);
    function token0() external view returns (address);
}

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

contract PairPricedLending {
    IUniswapV2Pair public immutable pair;
    IERC20 public immutable collateralToken;
    IERC20 public immutable stable;
    mapping(address => uint256) public collateralOf;
    mapping(address => uint256) public debtOf;

    constructor(IUniswapV2Pair _pair, IERC20 _collateral, IERC20 _stable) {
        pair = _pair; collateralToken = _collateral; stable = _stable;
    }

    function collateralValue(address who) public view returns (uint256) {
        (uint112 r0, uint112 r1, ) = pair.getReserves();
        (uint256 rc, uint256 rs) = pair.token0() == address(collateralToken) ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        return collateralOf[who] * rs / rc;  //@
    }

    function depositCollateral(uint256 amount) external {
        require(collateralToken.transferFrom(msg.sender, address(this), amount), "pull");
        collateralOf[msg.sender] += amount;
    }

    function borrow(uint256 amount) external {
        require((debtOf[msg.sender] + amount) * 3 <= collateralValue(msg.sender) * 2, "ltv");  //@
        debtOf[msg.sender] += amount;
        require(stable.transfer(msg.sender, amount), "push");
    }
}
""",
        fix=[
            (
                "    constructor(IUniswapV2Pair _pair, IERC20 _collateral, IERC20 _stable) {\n        pair = _pair; collateralToken = _collateral; stable = _stable;\n",
                "    constructor(IUniswapV2Pair _pair, IERC20 _collateral, IERC20 _stable, IPriceFeed _feed) {\n        pair = _pair; collateralToken = _collateral; stable = _stable;\n        feed = _feed;\n",
            ),
            (
                "interface IERC20 {\n",
                "interface IPriceFeed { function latestAnswer() external view returns (int256); }\n\ninterface IERC20 {\n",
            ),
            (
                "    mapping(address => uint256) public debtOf;\n",
                "    mapping(address => uint256) public debtOf;\n    IPriceFeed public feed;\n",
            ),
            (
                "        (uint112 r0, uint112 r1, ) = pair.getReserves();\n        (uint256 rc, uint256 rs) = pair.token0() == address(collateralToken) ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));\n        return collateralOf[who] * rs / rc;  //@\n",
                '        int256 p = feed.latestAnswer();\n        require(p > 0, "price");\n        return collateralOf[who] * uint256(p) / 1e8;\n',
            ),
        ],
    ),
    dict(
        name="b5_buyback_spot_old.sol",
        cls="spot price",
        det=["spot-price"],
        ver="0.6.12",
        fn="quoteTokensForEth",
        shape="0.6 presale top-up: price quoted from pair token balances (balanceOf) at call time",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function balanceOf(address who) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
}

contract SecondaryPresale {
    IERC20 public token;
    IERC20 public weth;
    address public pair;
    address payable public treasury;
    uint256 public discountBps = 1000;

    constructor(IERC20 _token, IERC20 _weth, address _pair) public {
        token = _token; weth = _weth; pair = _pair; treasury = msg.sender;
    }

    function quoteTokensForEth(uint256 ethIn) public view returns (uint256) {
        uint256 tokenReserve = token.balanceOf(pair);
        uint256 wethReserve = weth.balanceOf(pair);
        uint256 base = ethIn * tokenReserve / wethReserve;  //@
        return base * (10000 + discountBps) / 10000;
    }

    function buy() external payable {
        uint256 out = quoteTokensForEth(msg.value);
        require(token.transfer(msg.sender, out), "push");
        treasury.transfer(msg.value);
    }
}
""",
        fix=[
            (
                "    uint256 public discountBps = 1000;\n",
                "    uint256 public discountBps = 1000;\n    uint256 public fixedRate = 1000;\n",
            ),
            (
                "        uint256 tokenReserve = token.balanceOf(pair);\n        uint256 wethReserve = weth.balanceOf(pair);\n        uint256 base = ethIn * tokenReserve / wethReserve;  //@\n",
                "        uint256 base = ethIn * fixedRate;\n",
            ),
        ],
    ),
    dict(
        name="b5_amm_router_vy.vy",
        cls="spot price",
        det=["spot-price"],
        ver="0.4.3",
        fn="mint_against",
        shape="Vyper 0.4 synth minter: mint amount priced by the pool's current reserves",
        src=r"""
# pragma version ^0.4.0

interface Pool:
    def getReserves() -> (uint112, uint112, uint32): view

interface Synth:
    def mint(to: address, amount: uint256): nonpayable

pool: public(Pool)
synth: public(Synth)
collateral: public(HashMap[address, uint256])
minted: public(HashMap[address, uint256])


@deploy
def __init__(p: Pool, s: Synth):
    self.pool = p
    self.synth = s


@external
@payable
def mint_against():
    r0: uint112 = 0
    r1: uint112 = 0
    ts: uint32 = 0
    r0, r1, ts = staticcall self.pool.getReserves()
    value: uint256 = msg.value * convert(r1, uint256) // convert(r0, uint256)  #@
    self.collateral[msg.sender] += msg.value
    amount: uint256 = value * 2 // 3
    self.minted[msg.sender] += amount
    extcall self.synth.mint(msg.sender, amount)
""",
        fix=[
            ("synth: public(Synth)\n", "synth: public(Synth)\nfixed_price: public(uint256)\n"),
            ("    self.synth = s\n", "    self.synth = s\n    self.fixed_price = 2000\n"),
            (
                "    r0: uint112 = 0\n    r1: uint112 = 0\n    ts: uint32 = 0\n    r0, r1, ts = staticcall self.pool.getReserves()\n    value: uint256 = msg.value * convert(r1, uint256) // convert(r0, uint256)  #@\n",
                "    value: uint256 = msg.value * self.fixed_price\n",
            ),
        ],
    ),
]
