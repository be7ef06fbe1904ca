"""Modern-Solidity classes: read-only re-entrancy and signature replay (nonce, chain id, deadline)."""

from __future__ import annotations

from nexus.scan import scan_source


def _found(src: str, detector: str) -> list[tuple[int, str]]:
    return [(f.line, f.severity) for f in scan_source(src, "m.sol") if f.detector == detector]


POOL = """pragma solidity ^0.8.20;
contract Pool {
    uint256 public totalShares;
    uint256 public reserve;
    bool locked;
    modifier nonReentrant() { require(!locked); locked = true; _; locked = false; }
    function price() external view returns (uint256) {
        return reserve * 1e18 / totalShares;
    }
    function withdraw(uint256 n) external nonReentrant {
        (bool ok, ) = msg.sender.call{value: n}("");
        require(ok);
        totalShares -= n;
    }
}
"""


def test_a_view_reading_state_updated_after_a_value_call_is_reported_even_behind_non_reentrant() -> None:
    assert _found(POOL, "read-only-reentrancy") == [(7, "medium")]
    assert _found(POOL, "reentrancy") == []  # the classic rule trusts the guard; the view is not guarded
    fixed = POOL.replace("""        (bool ok, ) = msg.sender.call{value: n}("");
        require(ok);
        totalShares -= n;""", """        totalShares -= n;
        (bool ok, ) = msg.sender.call{value: n}("");
        require(ok);""")
    assert _found(fixed, "read-only-reentrancy") == []


VOUCHER = """pragma solidity ^0.8.20;
contract Voucher {
    address signer;
    mapping(bytes32 => bool) used;
    mapping(address => uint256) nonces;
    function a(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked(to, amount));
        require(ecrecover(digest, v, r, s) == signer);
    }
    function b(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked(to, amount, nonces[to]++));
        require(ecrecover(digest, v, r, s) == signer);
    }
    function c(address to, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        require(block.timestamp <= deadline);
        bytes32 digest = keccak256(abi.encodePacked(block.chainid, to, amount, deadline));
        require(!used[digest]);
        used[digest] = true;
        require(ecrecover(digest, v, r, s) == signer);
    }
}
"""


def test_signature_digest_without_nonce_is_high_without_chain_id_medium_and_complete_is_silent() -> None:
    assert _found(VOUCHER, "signature-replay") == [(8, "high"), (12, "medium")]


VAULT = """pragma solidity ^0.8.20;
library FixedPointMathLib {
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) { return x * y / d; }
}
abstract contract Vault {
    using FixedPointMathLib for uint256;
    uint256 public totalSupply;
    function totalAssets() public view virtual returns (uint256);
    function convertToShares(uint256 assets) public view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? assets : assets.mulDivDown(supply, totalAssets());
    }
    function convertToSharesOffset(uint256 assets) public view returns (uint256) {
        return assets.mulDivDown(totalSupply + 10 ** 3, totalAssets() + 1);
    }
}
"""


def test_share_minting_without_a_virtual_offset_is_an_inflation_risk_with_one_it_is_not() -> None:
    assert _found(VAULT, "share-inflation") == [(11, "medium")]
