"""Share inflation and spot price: when a finding earns medium confidence, and the source followed through helpers.

Each vulnerable contract has a benign twin repaired the standard way (virtual offset, dead shares, minimum
first deposit, a TWAP/feed instead of reserves); Solidity 0.4 and 0.8, Vyper where the shape exists.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nexus.scan import scan_source


def _found(src: str, detector: str, path: str = "d.sol") -> list[tuple[int, str]]:
    return sorted((f.line, f.confidence) for f in scan_source(src, path) if f.detector == detector)


# -- share inflation -----------------------------------------------------------------------------------------

POOL_08 = """pragma solidity ^0.8.20;
contract EthPool {
    mapping(address => uint256) public units;
    uint256 public totalShares;
    function _mintable(uint256 paid, uint256 held) internal view returns (uint256) {
        if (totalShares == 0) return paid;
        return paid * totalShares / held;
    }
    function join() external payable {
        uint256 got = _mintable(msg.value, address(this).balance - msg.value);
        units[msg.sender] += got;
        totalShares += got;
    }
}
"""
POOL_08_OFFSET = POOL_08.replace("paid * totalShares / held", "paid * (totalShares + 1e6) / (held + 1)")
POOL_08_DEAD = POOL_08.replace(
    "        units[msg.sender] += got;\n",
    "        if (totalShares == 0) { units[address(0xdead)] += 1000; totalShares += 1000; got -= 1000; }\n"
    "        units[msg.sender] += got;\n",
)
POOL_08_MIN = POOL_08.replace(
    "        uint256 got =", "        require(totalShares > 0 || msg.value >= 1 ether);\n        uint256 got ="
)

VAULT_04 = """pragma solidity ^0.4.24;
contract Token { function balanceOf(address) public view returns (uint256); }
contract Vault04 {
    Token public asset;
    uint256 public totalSupply;
    mapping(address => uint256) public shareOf;
    function held() public view returns (uint256) { return asset.balanceOf(address(this)); }
    function previewShares(uint256 amount) public view returns (uint256) {
        if (totalSupply == 0) return amount;
        return amount * totalSupply / held();
    }
    function enter(uint256 amount) public {
        uint256 s = previewShares(amount);
        totalSupply += s;
        shareOf[msg.sender] += s;
    }
}
"""
VAULT_04_OFFSET = VAULT_04.replace("amount * totalSupply / held()", "amount * (totalSupply + 10 ** 3) / (held() + 1)")

# totalAssets left to the inheriting contract (solmate's shape): not shown donatable, stays low
ABSTRACT_08 = """pragma solidity ^0.8.20;
abstract contract Base4626 {
    uint256 public totalSupply;
    function totalAssets() public view virtual returns (uint256);
    function convertToShares(uint256 assets) public view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? assets : assets * supply / totalAssets();
    }
    function deposit(uint256 assets) external returns (uint256 shares) {
        shares = convertToShares(assets);
        totalSupply += shares;
    }
}
"""


def test_a_conversion_over_a_donatable_balance_in_a_helper_is_medium_through_its_call_site() -> None:
    # the denominator is the helper's parameter; its call site passes address(this).balance
    assert _found(POOL_08, "share-inflation") == [(7, "medium")]


def test_a_public_view_conversion_over_balance_of_this_used_by_a_deposit_is_medium_in_0_4() -> None:
    assert _found(VAULT_04, "share-inflation") == [(10, "medium")]


def test_virtual_offset_twins_are_silent() -> None:
    assert _found(POOL_08_OFFSET, "share-inflation") == []
    assert _found(VAULT_04_OFFSET, "share-inflation") == []


def test_dead_shares_or_a_minimum_first_deposit_keep_the_finding_low() -> None:
    assert _found(POOL_08_DEAD, "share-inflation") == [(7, "low")]
    assert _found(POOL_08_MIN, "share-inflation") == [(7, "low")]


def test_an_abstract_total_assets_is_not_shown_donatable_and_stays_low() -> None:
    assert _found(ABSTRACT_08, "share-inflation") == [(7, "low")]


# -- spot price ----------------------------------------------------------------------------------------------

LENDER_08 = """pragma solidity ^0.8.20;
interface IPair { function getReserves() external view returns (uint112, uint112, uint32); }
interface IERC20 { function transfer(address, uint256) external returns (bool); }
contract Lender {
    IPair public pair;
    IERC20 public stable;
    mapping(address => uint256) public posted;
    function quote(uint256 amount) public view returns (uint256) {
        (uint112 a, uint112 b, ) = pair.getReserves();
        return amount * b / a;
    }
    function draw(uint256 want) external {
        require(want * 2 <= quote(posted[msg.sender]), "limit");
        stable.transfer(msg.sender, want);
    }
}
"""
LENDER_08_FEED = """pragma solidity ^0.8.20;
interface IFeed { function twap(uint32 window) external view returns (uint256); }
interface IERC20 { function transfer(address, uint256) external returns (bool); }
contract Lender {
    IFeed public feed;
    IERC20 public stable;
    mapping(address => uint256) public posted;
    function quote(uint256 amount) public view returns (uint256) {
        return amount * feed.twap(1800) / 1e18;
    }
    function draw(uint256 want) external {
        require(want * 2 <= quote(posted[msg.sender]), "limit");
        stable.transfer(msg.sender, want);
    }
}
"""

DIRECT_04 = """pragma solidity ^0.4.24;
contract Pair { function getReserves() public view returns (uint112, uint112, uint32); }
contract Swapper {
    Pair public pair;
    mapping(address => uint256) public credit;
    function buy() public payable {
        uint112 r0; uint112 r1; uint32 t;
        (r0, r1, t) = pair.getReserves();
        uint256 out = msg.value * r1 / r0;
        credit[msg.sender] += out;
    }
}
"""
# the price is only emitted, nothing it decides moves: the finding stays low
DIRECT_04_LOG = DIRECT_04.replace("        credit[msg.sender] += out;\n", "        emit Quoted(out);\n").replace(
    "    Pair public pair;\n", "    Pair public pair;\n    event Quoted(uint256 v);\n"
)

SLOT0_08 = """pragma solidity ^0.8.20;
interface IPool { function slot0() external view returns (uint160, int24, uint16, uint16, uint16, uint8, bool); }
contract Margin {
    IPool public pool;
    mapping(address => uint256) public held;
    mapping(address => uint256) public owed;
    function _px() internal view returns (uint256) {
        (uint160 s, , , , , , ) = pool.slot0();
        return (uint256(s) * uint256(s)) >> 192;
    }
    function seize(address who) external {
        require(held[who] * _px() < owed[who], "healthy");
        uint256 amount = held[who];
        held[who] = 0;
        payable(msg.sender).transfer(amount);
    }
}
"""

VYPER_SPOT = """# @version 0.3.10
interface Pair:
    def getReserves() -> (uint112, uint112, uint32): view

pair: public(Pair)
credit: public(HashMap[address, uint256])

@external
@payable
def buy():
    r0: uint112 = 0
    r1: uint112 = 0
    t: uint32 = 0
    r0, r1, t = self.pair.getReserves()
    self.credit[msg.sender] += msg.value * convert(r1, uint256) / convert(r0, uint256)
"""


def test_a_public_view_spot_helper_deciding_a_borrow_limit_is_medium_at_the_call_site() -> None:
    assert _found(LENDER_08, "spot-price") == [(13, "medium")]
    assert _found(LENDER_08_FEED, "spot-price") == []


def test_an_internal_slot0_helper_deciding_a_liquidation_is_medium() -> None:
    assert _found(SLOT0_08, "spot-price") == [(12, "medium")]


def test_reserves_credited_to_state_are_medium_in_0_4_and_only_low_when_merely_emitted() -> None:
    assert _found(DIRECT_04, "spot-price") == [(8, "medium")]
    assert _found(DIRECT_04_LOG, "spot-price") == [(9, "low")]  # one line lower (the event)


def test_vyper_reserves_credited_to_state_are_medium() -> None:
    assert _found(VYPER_SPOT, "spot-price", "d.vy") == [(14, "medium")]


TWO_LEVEL_08 = """pragma solidity ^0.8.20;
interface IPool { function slot0() external view returns (uint160, int24, uint16, uint16, uint16, uint8, bool); }
interface IOracle { function meanPrice(uint32 window) external view returns (uint256); }
contract Credit {
    IPool public pool;
    IOracle public oracle;
    mapping(address => uint256) public held;
    mapping(address => uint256) public owed;
    function _px() internal view returns (uint256) {
        (uint160 s, , , , , , ) = pool.slot0();
        return (uint256(s) * uint256(s)) >> 192;
    }
    function worth(address who) public view returns (uint256) {
        return held[who] * _px() / 1e18;
    }
    function take(uint256 amount) external {
        require(owed[msg.sender] + amount <= worth(msg.sender) / 2, "limit");
        owed[msg.sender] += amount;
    }
}
"""
TWO_LEVEL_08_TWAP = TWO_LEVEL_08.replace(
    """        (uint160 s, , , , , , ) = pool.slot0();
        return (uint256(s) * uint256(s)) >> 192;""",
    "        return oracle.meanPrice(1800);",
)


def test_a_public_view_over_an_internal_slot0_helper_is_followed_to_the_state_changing_caller() -> None:
    assert _found(TWO_LEVEL_08, "spot-price") == [(17, "medium")]
    assert _found(TWO_LEVEL_08_TWAP, "spot-price") == []


VYPER_VAULT = """
# @version 0.3.10
interface ERC20:
    def balanceOf(a: address) -> uint256: view
    def transferFrom(a: address, b: address, c: uint256) -> bool: nonpayable

asset: public(ERC20)
totalSupply: public(uint256)
balances: public(HashMap[address, uint256])

@view
@internal
def _total_assets() -> uint256:
    return self.asset.balanceOf(self)

@external
def deposit(amount: uint256) -> uint256:
    shares: uint256 = amount
    if self.totalSupply > 0:
        shares = amount * self.totalSupply / self._total_assets()
    self.asset.transferFrom(msg.sender, self, amount)
    self.totalSupply += shares
    self.balances[msg.sender] += shares
    return shares
"""
VYPER_VAULT_OFFSET = VYPER_VAULT.replace(
    "amount * self.totalSupply / self._total_assets()",
    "amount * (self.totalSupply + 1000) / (self._total_assets() + 1)",
)


def test_vyper_conversion_over_a_self_balance_helper_is_medium_and_its_offset_twin_silent() -> None:
    assert _found(VYPER_VAULT, "share-inflation", "v.vy") == [(20, "medium")]
    assert _found(VYPER_VAULT_OFFSET, "share-inflation", "v.vy") == []


_NAME = st.text(alphabet="abcdefghkmnpqrsuvwxyz", min_size=3, max_size=8).map(lambda s: "q" + s)


@settings(max_examples=15, deadline=None)
@given(helper=_NAME, paid=_NAME, held=_NAME, got=_NAME)
def test_the_verdict_follows_the_ir_not_the_names(helper: str, paid: str, held: str, got: str) -> None:
    """Renaming the helper, its parameters and the caller's local keeps the verdict (medium / silent twin)."""
    assume(len({helper, paid, held, got}) == 4)

    def rename(src: str) -> str:
        for old, new in (("_mintable", helper), ("paid", paid), ("held", held), ("got", got)):
            src = src.replace(old, new)
        return src

    assert _found(rename(POOL_08), "share-inflation") == [(7, "medium")]
    assert _found(rename(POOL_08_OFFSET), "share-inflation") == []
