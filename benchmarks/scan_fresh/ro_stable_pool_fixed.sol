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
        lpBalance[msg.sender] -= lp;
        lpSupply -= lp;
        (bool ok, ) = msg.sender.call{value: out}("");
        require(ok, "eth");
    }

    function virtualPrice() external view returns (uint256) {
        if (lpSupply == 0) return 1e18;
        return (reserve * 1e18) / lpSupply;
    }
}
