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
    fixed = POOL.replace(
        """        (bool ok, ) = msg.sender.call{value: n}("");
        require(ok);
        totalShares -= n;""",
        """        totalShares -= n;
        (bool ok, ) = msg.sender.call{value: n}("");
        require(ok);""",
    )
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


FEED = """pragma solidity ^0.8.20;
type Price is uint256;
error NotOwner(address who);
interface IFeed { function push(uint256 v) external; }
contract Feed {
    address owner;
    IFeed feed;
    mapping(address => uint256) credit;
    Price last;
    function set(uint256 v) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        last = Price.wrap(v);
        owner = msg.sender;
    }
    function relay(uint256 v) external {
        try feed.push(v) {
            credit[msg.sender] += 1;
        } catch {
            credit[msg.sender] = 0;
        }
    }
    function get() external view returns (uint256) { return Price.unwrap(last); }
}
"""


def test_solidity_08_custom_errors_guard_value_types_are_not_calls_and_try_is_an_external_call() -> None:
    """`revert NotOwner()` guards the owner write; `Price.wrap`/`unwrap` run no code; the `try` call is an
    external call followed by state writes in its success branch."""
    got = [(f.line, f.detector) for f in scan_source(FEED, "Feed.sol")]
    assert got == [(16, "reentrancy")]


SPOT = """pragma solidity ^0.7.6;
interface IPool { function slot0() external view returns (uint160, int24, uint16, uint16, uint16, uint8, bool); }
contract Minter {
    IPool pool;
    mapping(address => uint256) minted;
    event Seen(uint160 p);
    function mint(uint256 amount) external {
        (uint160 sqrtP, , , , , , ) = pool.slot0();
        minted[msg.sender] += amount * uint256(sqrtP) / 2**96;
    }
    function observe() external {
        (uint160 sqrtP, , , , , , ) = pool.slot0();
        emit Seen(sqrtP);
    }
}
"""


def test_a_price_computed_from_spot_reserves_in_a_state_change_is_reported_a_mere_read_is_not() -> None:
    assert _found(SPOT, "spot-price") == [(8, "medium")]
