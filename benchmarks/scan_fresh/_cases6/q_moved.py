"""Set-6 cases moved out of k_dos_sig.py to keep modules under 300 lines."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_collateral_spot_price.sol",
        cls="spot-price oracle",
        det=["spot-price"],
        ver="0.8.26",
        fn="borrow",
        shape="0.8 lending market: borrow() values collateral from a Uniswap-V2 pair's getReserves() spot ratio, manipulable within one transaction",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IPair {
    function getReserves() external view returns (uint112 r0, uint112 r1, uint32 ts);
}

interface IERC20 {
    function transferFrom(address, address, uint256) external returns (bool);
    function transfer(address, uint256) external returns (bool);
}

interface ITwap {
    function consult(address token, uint256 amountIn) external view returns (uint256);
}

contract SpotLending {
    IPair public immutable pair;
    IERC20 public immutable collateral;
    IERC20 public immutable stable;
    ITwap public immutable twap;
    uint256 public constant LTV_BPS = 6000;

    mapping(address => uint256) public deposited;
    mapping(address => uint256) public borrowed;

    constructor(IPair p, IERC20 c, IERC20 s, ITwap t) {
        pair = p;
        collateral = c;
        stable = s;
        twap = t;
    }

    function depositCollateral(uint256 amount) external {
        require(collateral.transferFrom(msg.sender, address(this), amount), "pull");
        deposited[msg.sender] += amount;
    }

    function collateralValue(address who) public view returns (uint256) {
        (uint112 rc, uint112 rs, ) = pair.getReserves();  //@
        return (deposited[who] * rs) / rc;
    }

    function borrow(uint256 amount) external {
        uint256 limit = (collateralValue(msg.sender) * LTV_BPS) / 10_000;
        require(borrowed[msg.sender] + amount <= limit, "undercollateralised");
        borrowed[msg.sender] += amount;
        require(stable.transfer(msg.sender, amount), "push");
    }
}
""",
        fix=[
            (
                "        (uint112 rc, uint112 rs, ) = pair.getReserves();  //@\n        return (deposited[who] * rs) / rc;\n",
                "        return twap.consult(address(collateral), deposited[who]);\n",
            )
        ],
    ),
]
