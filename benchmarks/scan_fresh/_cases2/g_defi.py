"""DeFi cases (ERC-4626 first-depositor inflation, AMM spot price used as an oracle) for the second blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b2_si_yield_vault.sol",
        cls="ERC-4626 first-depositor inflation",
        det=["share-inflation"],
        ver="0.8.20",
        fn="convertToShares",
        shape="hand-rolled 4626: totalAssets() is the token balance, shares = assets * supply / totalAssets with no offset",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transfer(address to, uint256 v) external returns (bool);
    function transferFrom(address f, address t, uint256 v) external returns (bool);
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
        return supply == 0 ? assets : (assets * supply) / totalAssets();  //@
    }

    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        shares = convertToShares(assets);
        require(shares != 0, "ZERO_SHARES");
        require(asset.transferFrom(msg.sender, address(this), assets), "pull");
        totalSupply += shares;
        balanceOf[receiver] += shares;
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    function redeem(uint256 shares) external returns (uint256 assets) {
        assets = (shares * totalAssets()) / totalSupply;
        balanceOf[msg.sender] -= shares;
        totalSupply -= shares;
        require(asset.transfer(msg.sender, assets), "push");
    }
}
""",
        fix=[
            (
                "        return supply == 0 ? assets : (assets * supply) / totalAssets();  //@",
                "        return (assets * (supply + 1e6)) / (totalAssets() + 1);",
            ),
            (
                "        assets = (shares * totalAssets()) / totalSupply;",
                "        assets = (shares * (totalAssets() + 1)) / (totalSupply + 1e6);",
            ),
        ],
    ),
    dict(
        name="b2_si_vyper_vault.vy",
        cls="ERC-4626 first-depositor inflation",
        det=["share-inflation"],
        ver="0.4.3",
        fn="_to_shares",
        shape="Vyper 0.4 vault: shares priced off staticcall balanceOf(self), donation skews the first deposit",
        src="""
# pragma version ^0.4.0

interface IERC20:
    def balanceOf(who: address) -> uint256: view
    def transferFrom(src: address, dst: address, amount: uint256) -> bool: nonpayable
    def transfer(dst: address, amount: uint256) -> bool: nonpayable

asset: public(immutable(IERC20))
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])


@deploy
def __init__(_asset: IERC20):
    asset = _asset


@internal
@view
def _to_shares(assets: uint256) -> uint256:
    supply: uint256 = self.totalSupply
    if supply == 0:
        return assets
    return assets * supply // staticcall asset.balanceOf(self)  #@


@external
def deposit(assets: uint256) -> uint256:
    shares: uint256 = self._to_shares(assets)
    assert shares > 0, "zero shares"
    assert extcall asset.transferFrom(msg.sender, self, assets)
    self.totalSupply += shares
    self.balanceOf[msg.sender] += shares
    return shares


@external
def redeem(shares: uint256) -> uint256:
    assets: uint256 = shares * staticcall asset.balanceOf(self) // self.totalSupply
    self.balanceOf[msg.sender] -= shares
    self.totalSupply -= shares
    assert extcall asset.transfer(msg.sender, assets)
    return assets
""",
        fix=[
            (
                "    supply: uint256 = self.totalSupply\n    if supply == 0:\n        return assets\n    return assets * supply // staticcall asset.balanceOf(self)  #@\n",
                "    supply: uint256 = self.totalSupply\n    return assets * (supply + 10**6) // (staticcall asset.balanceOf(self) + 1)\n",
            ),
            (
                "    assets: uint256 = shares * staticcall asset.balanceOf(self) // self.totalSupply\n",
                "    assets: uint256 = shares * (staticcall asset.balanceOf(self) + 1) // (self.totalSupply + 10**6)\n",
            ),
        ],
    ),
    dict(
        name="b2_sp_lending_oracle.sol",
        cls="spot price from AMM reserves",
        det=["spot-price"],
        ver="0.8.20",
        fn="collateralValue",
        shape="lending market values collateral from a Uniswap-V2 pair's getReserves() in the same block",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IUniswapV2Pair {
    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 ts);
    function token0() external view returns (address);
}

contract MiniLender {
    IUniswapV2Pair public immutable pair;
    address public immutable collateralToken;
    uint256 public constant LTV_BPS = 7000;
    mapping(address => uint256) public collateral;
    mapping(address => uint256) public debt;

    constructor(IUniswapV2Pair _pair, address _collateralToken) {
        pair = _pair;
        collateralToken = _collateralToken;
    }

    function collateralValue(uint256 amount) public view returns (uint256) {
        (uint112 r0, uint112 r1, ) = pair.getReserves();  //@
        (uint256 rc, uint256 rq) = pair.token0() == collateralToken ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        return (amount * rq) / rc;
    }

    function depositCollateral() external payable {
        collateral[msg.sender] += msg.value;
    }

    function borrowCapacity(address who) external view returns (uint256) {
        return (collateralValue(collateral[who]) * LTV_BPS) / 10_000 - debt[who];
    }
}
""",
        fix=[
            (
                "interface IUniswapV2Pair {",
                "interface IPriceFeed {\n    function latestAnswer() external view returns (int256);\n}\n\ninterface IUniswapV2Pair {",
            ),
            (
                "    uint256 public constant LTV_BPS = 7000;\n",
                "    uint256 public constant LTV_BPS = 7000;\n    IPriceFeed public immutable feed;\n",
            ),
            (
                "    constructor(IUniswapV2Pair _pair, address _collateralToken) {\n",
                "    constructor(IUniswapV2Pair _pair, address _collateralToken, IPriceFeed _feed) {\n        feed = _feed;\n",
            ),
            (
                "        (uint112 r0, uint112 r1, ) = pair.getReserves();  //@\n        (uint256 rc, uint256 rq) = pair.token0() == collateralToken ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));\n        return (amount * rq) / rc;\n",
                '        int256 p = feed.latestAnswer();\n        require(p > 0, "feed");\n        return (amount * uint256(p)) / 1e8;\n',
            ),
        ],
    ),
    dict(
        name="b2_sp_balance_ratio.sol",
        cls="spot price from AMM reserves",
        det=["spot-price"],
        ver="0.7.6",
        fn="getPrice",
        shape="price = balanceOf(pool) ratio of the two tokens, used to mint a synthetic in the same tx",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transferFrom(address f, address t, uint256 v) external returns (bool);
}

contract SyntheticMinter {
    IERC20 public immutable weth;
    IERC20 public immutable usdc;
    address public immutable pool;
    mapping(address => uint256) public synthBalance;

    constructor(IERC20 _weth, IERC20 _usdc, address _pool) {
        weth = _weth;
        usdc = _usdc;
        pool = _pool;
    }

    function getPrice() public view returns (uint256) {
        return usdc.balanceOf(pool) * 1e18 / weth.balanceOf(pool);  //@
    }

    function mint(uint256 wethIn) external {
        require(weth.transferFrom(msg.sender, address(this), wethIn), "pull");
        synthBalance[msg.sender] += wethIn * getPrice() / 1e18;
    }
}
""",
        fix=[
            (
                "    mapping(address => uint256) public synthBalance;\n",
                '    mapping(address => uint256) public synthBalance;\n    uint256 public twapPrice;\n    uint256 public lastUpdate;\n    address public keeper = msg.sender;\n\n    /// the keeper posts a time-weighted average computed off-chain from many blocks\n    function postTwap(uint256 price) external {\n        require(msg.sender == keeper, "keeper");\n        twapPrice = price;\n        lastUpdate = block.number;\n    }\n',
            ),
            (
                "        return usdc.balanceOf(pool) * 1e18 / weth.balanceOf(pool);  //@",
                '        require(block.number - lastUpdate < 300, "stale");\n        return twapPrice;',
            ),
        ],
    ),
]
