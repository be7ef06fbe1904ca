"""Set-7 ERC-4626-style share maths without a virtual offset (Solidity and Vyper)."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_savings_rate_vault.sol",
        cls="ERC-4626 inflation",
        det=["share-inflation"],
        ver="0.8.26",
        fn="convertToShares",
        shape="0.8 stablecoin savings vault (ERC-4626 shape): convertToShares = assets * totalSupply / balanceOf(this) with no virtual shares, so a first depositor holding one share can donate assets and make the next deposit round down to a share worth far less than it paid (deposit() rejects only a zero result)",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function balanceOf(address a) external view returns (uint256);
    function transfer(address to, uint256 v) external returns (bool);
    function transferFrom(address f, address t, uint256 v) external returns (bool);
}

contract SavingsRateVault {
    IERC20 public immutable asset;
    string public constant name = "Savings USD Vault";
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Deposit(address indexed caller, address indexed owner, uint256 assets, uint256 shares);
    event Withdraw(address indexed caller, address indexed receiver, uint256 assets, uint256 shares);

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

    function convertToAssets(uint256 shares) public view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? shares : (shares * totalAssets()) / supply;
    }

    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        shares = convertToShares(assets);
        require(shares > 0, "zero shares");
        require(asset.transferFrom(msg.sender, address(this), assets), "pull");
        totalSupply += shares;
        balanceOf[receiver] += shares;
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    function redeem(uint256 shares, address receiver) external returns (uint256 assets) {
        require(balanceOf[msg.sender] >= shares, "shares");
        assets = convertToAssets(shares);
        balanceOf[msg.sender] -= shares;
        totalSupply -= shares;
        require(asset.transfer(receiver, assets), "push");
        emit Withdraw(msg.sender, receiver, assets, shares);
    }
}
""",
        fix=[
            (
                "        uint256 supply = totalSupply;\n        return supply == 0 ? assets : (assets * supply) / totalAssets();  //@\n",
                "        return (assets * (totalSupply + 1e6)) / (totalAssets() + 1);  //@\n",
            ),
            (
                "        uint256 supply = totalSupply;\n        return supply == 0 ? shares : (shares * totalAssets()) / supply;\n",
                "        return (shares * (totalAssets() + 1)) / (totalSupply + 1e6);\n",
            ),
        ],
    ),
    dict(
        name="b7_strategy_vault.vy",
        cls="ERC-4626 inflation",
        det=["share-inflation"],
        ver="0.4.3",
        fn="_to_shares",
        shape="Vyper 0.4 single-asset strategy vault: _to_shares = assets * totalSupply // asset.balanceOf(self) with no offset; a donation after the first tiny deposit rounds the next depositor's shares down",
        src=r"""
# pragma version ^0.4.0

from ethereum.ercs import IERC20

event Deposit:
    sender: indexed(address)
    owner: indexed(address)
    assets: uint256
    shares: uint256

event Withdraw:
    owner: indexed(address)
    receiver: indexed(address)
    assets: uint256
    shares: uint256

asset: public(immutable(IERC20))
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])


@deploy
def __init__(token: IERC20):
    asset = token


@view
@internal
def _total_assets() -> uint256:
    return staticcall asset.balanceOf(self)


@view
@internal
def _to_shares(assets: uint256) -> uint256:
    supply: uint256 = self.totalSupply
    if supply == 0:
        return assets
    return assets * supply // self._total_assets()  #@


@view
@internal
def _to_assets(shares: uint256) -> uint256:
    return shares * self._total_assets() // self.totalSupply


@view
@external
def totalAssets() -> uint256:
    return self._total_assets()


@external
def deposit(assets: uint256, receiver: address) -> uint256:
    shares: uint256 = self._to_shares(assets)
    assert shares > 0, "zero shares"
    assert extcall asset.transferFrom(msg.sender, self, assets), "pull"
    self.totalSupply += shares
    self.balanceOf[receiver] += shares
    log Deposit(sender=msg.sender, owner=receiver, assets=assets, shares=shares)
    return shares


@external
def redeem(shares: uint256, receiver: address) -> uint256:
    assets: uint256 = self._to_assets(shares)
    self.balanceOf[msg.sender] -= shares
    self.totalSupply -= shares
    assert extcall asset.transfer(receiver, assets), "push"
    log Withdraw(owner=msg.sender, receiver=receiver, assets=assets, shares=shares)
    return assets
""",
        fix=[
            (
                "    supply: uint256 = self.totalSupply\n    if supply == 0:\n        return assets\n    return assets * supply // self._total_assets()  #@\n",
                "    return assets * (self.totalSupply + 10**6) // (self._total_assets() + 1)  #@\n",
            ),
            (
                "    return shares * self._total_assets() // self.totalSupply\n",
                "    return shares * (self._total_assets() + 1) // (self.totalSupply + 10**6)\n",
            ),
        ],
    ),
]
