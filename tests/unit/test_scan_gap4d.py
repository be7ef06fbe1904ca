"""Round 19b recall gaps (set 4, pricing, loops and ordering), each with an own vulnerable case and fixed twin:
a minimum-deposit guard read from name words, not from `minted` (share-inflation); a pool's balance ratio
read through locals (spot-price); a loop bound copied into a local (call-in-loop); a listing term set
through a storage reference (price-change-race); a paid first-come name claim (transaction-order)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _found(src: str, detector: str, path: str = "c.sol") -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, path) if f.detector == detector}


# --- share inflation: `require(minted > 0)` is no minimum deposit --------------------------------------
COOP = """pragma solidity PRAGMA;
contract MiningCoop {
    uint256 public totalShares;
    mapping(address => uint256) public shares;
    function () external payable {}
    function buyIn() public payable {
        uint256 held = address(this).balance - msg.value;
        uint256 NAME = totalShares == 0 ? msg.value : msg.value * totalShares / held;
        require(GUARD);
        shares[msg.sender] += NAME;
        totalShares += NAME;
    }
}
"""


def _coop(pragma: str, name: str, guard: str) -> str:
    src = COOP.replace("PRAGMA", pragma).replace("NAME", name).replace("GUARD", guard.replace("NAME", name))
    if pragma.startswith("^0.8"):
        src = src.replace("function () external payable {}", "receive() external payable {}")
    return src


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
@pytest.mark.parametrize("name", ["minted", "sharesMinted", "adminCut"])
def test_a_nonzero_check_on_a_name_containing_min_leaves_the_donatable_pool_at_medium(pragma: str, name: str) -> None:
    assert _found(_coop(pragma, name, "NAME > 0"), "share-inflation") == {8: "medium"}


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
@pytest.mark.parametrize("guard", ["msg.value >= MIN_BUY_IN", "msg.value >= minimumBuyIn"])
def test_a_real_minimum_deposit_still_lowers_it(pragma: str, guard: str) -> None:
    assert _found(_coop(pragma, "minted", "minted > 0"), "share-inflation") == {8: "medium"}
    src = _coop(pragma, "minted", guard).replace(
        "uint256 public totalShares;",
        "uint256 public totalShares;\n    uint256 MIN_BUY_IN = 1e15; uint256 minimumBuyIn;",
    )
    assert _found(src, "share-inflation") == {9: "low"}


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
def test_a_virtual_offset_twin_is_quiet(pragma: str) -> None:
    assert _found(_coop(pragma, "minted", "minted > 0"), "share-inflation") == {8: "medium"}
    src = _coop(pragma, "minted", "minted > 0").replace(
        "msg.value * totalShares / held", "msg.value * (totalShares + 1e3) / (held + 1)"
    )
    assert _found(src, "share-inflation") == {}


# --- spot price: balances read into locals, then divided ---------------------------------------------------
PREMIUM = """pragma solidity PRAGMA;
interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}
interface IFeed { function latest() external view returns (uint256); }
contract CoverDesk {
    IERC20 public stable;
    IERC20 public gov;
    address public pool;
    IFeed public feed;
    mapping(address => uint256) public cover;
    function govPrice() public view returns (uint256) {
        PRICE
    }
    function buyCover(uint256 govAmount) external {
        uint256 worth = govAmount * govPrice() / 1e18;
        require(gov.transferFrom(msg.sender, address(this), govAmount));
        cover[msg.sender] += worth;
    }
}
"""
SPOT = """uint256 stableSide = stable.balanceOf(pool);
        uint256 govSide = gov.balanceOf(pool);
        return stableSide * 1e18 / govSide;"""


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
def test_a_pool_balance_ratio_through_locals_is_a_spot_price(pragma: str) -> None:
    found = _found(PREMIUM.replace("PRAGMA", pragma).replace("PRICE", SPOT), "spot-price")
    assert found == {16: "medium", 19: "medium"}


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
def test_the_feed_twin_is_quiet(pragma: str) -> None:
    assert _found(PREMIUM.replace("PRAGMA", pragma).replace("PRICE", SPOT), "spot-price")
    src = PREMIUM.replace("PRAGMA", pragma).replace("PRICE", "return feed.latest();")
    assert _found(src, "spot-price") == {}


def test_the_contracts_own_balances_through_locals_are_left_to_share_inflation() -> None:
    assert _found(PREMIUM.replace("PRAGMA", "^0.8.20").replace("PRICE", SPOT), "spot-price")
    src = PREMIUM.replace("PRAGMA", "^0.8.20").replace("PRICE", SPOT.replace("(pool)", "(address(this))"))
    assert _found(src, "spot-price") == {}


# --- call in loop: the bound copied into a local -------------------------------------------------------------
PAYOUT = """pragma solidity PRAGMA;
contract DividendClub {
    address[] public members;
    mapping(address => bool) public joined;
    mapping(address => uint256) public owed;
    function join() external payable {
        require(msg.value == 1 ether && !joined[msg.sender]);
        joined[msg.sender] = true;
        members.push(msg.sender);
    }
    function distribute() external {
        address[] storage all = members;
        uint256 count = all.length;
        uint256 each = address(this).balance / count;
        for (uint256 k = 0; k < count; k++) {
            PAY;
        }
    }
    function claim() external {
        uint256 amount = owed[msg.sender];
        owed[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
"""


@pytest.mark.parametrize(
    ("pragma", "pay"),
    [("^0.4.24", "all[k].transfer(each)"), ("^0.8.20", 'require(payable(all[k]).send(each), "paid")')],
)
def test_a_payment_in_a_loop_bounded_by_a_local_copy_of_a_grown_list_is_reported(pragma: str, pay: str) -> None:
    src = PAYOUT.replace("PRAGMA", pragma).replace("PAY", pay)
    if pragma.startswith("^0.8"):
        src = src.replace("msg.sender.transfer", "payable(msg.sender).transfer")
    assert _found(src, "call-in-loop") == {16: "medium"}


@pytest.mark.parametrize("pragma", ["^0.4.24", "^0.8.20"])
def test_the_credit_then_withdraw_twin_is_quiet(pragma: str) -> None:
    assert _found(PAYOUT.replace("PRAGMA", "^0.4.24").replace("PAY", "all[k].transfer(each)"), "call-in-loop")
    src = PAYOUT.replace("PRAGMA", pragma).replace("PAY", "owed[all[k]] += each")
    if pragma.startswith("^0.8"):
        src = src.replace("msg.sender.transfer", "payable(msg.sender).transfer")
    assert _found(src, "call-in-loop") == {}


def test_a_loop_bounded_by_a_constant_local_stays_quiet() -> None:
    src = PAYOUT.replace("PRAGMA", "^0.4.24").replace("PAY", "all[k].transfer(each)")
    assert _found(src, "call-in-loop") == {16: "medium"}
    src = src.replace("uint256 count = all.length;", "uint256 count = 3;")
    assert _found(src, "call-in-loop") == {}


# --- price-change race: the term set through a storage reference ---------------------------------------------
RENTALS = """pragma solidity PRAGMA;
interface IERC20 { function transferFrom(address from, address to, uint256 amount) external returns (bool); }
contract GearRental {
    struct Offer { address owner; uint256 dailyRate; uint256 rentedUntil; }
    IERC20 public token;
    uint256 public count;
    mapping(uint256 => Offer) public offers;
    function post(uint256 rate) external returns (uint256 id) {
        id = count++;
        offers[id] = Offer(msg.sender, rate, 0);
    }
    function reprice(uint256 id, uint256 rate) external {
        Offer storage o = offers[id];
        require(o.owner == msg.sender);
        o.dailyRate = rate;
    }
    function rent(uint256 id, uint256 numDays) external {
        Offer storage o = offers[id];
        require(o.rentedUntil < block.timestamp);
        uint256 cost = o.dailyRate * numDays;
        o.rentedUntil = block.timestamp + numDays * 1 days;
        require(token.transferFrom(msg.sender, o.owner, cost));
    }
}
"""


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
def test_a_rate_the_owner_resets_through_a_storage_reference_races_the_renter(pragma: str) -> None:
    assert _found(RENTALS.replace("PRAGMA", pragma), "price-change-race") == {22: "medium"}


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
def test_the_renter_stating_a_maximum_rate_is_quiet(pragma: str) -> None:
    assert _found(RENTALS.replace("PRAGMA", pragma), "price-change-race")
    src = RENTALS.replace("PRAGMA", pragma).replace(
        "function rent(uint256 id, uint256 numDays) external {\n        Offer storage o = offers[id];",
        "function rent(uint256 id, uint256 numDays, uint256 maxRate) external {\n        Offer storage o = offers[id];"
        "\n        require(o.dailyRate <= maxRate);",
    )
    assert _found(src, "price-change-race") == {}


def test_a_reference_to_a_fresh_entry_sets_no_term() -> None:
    assert _found(RENTALS.replace("PRAGMA", "^0.8.20"), "price-change-race")
    src = (
        RENTALS.replace("PRAGMA", "^0.8.20")
        .replace(
            "        Offer storage o = offers[id];\n        require(o.owner == msg.sender);\n"
            "        o.dailyRate = rate;",
            "        require(false);",
        )
        .replace(
            "id = count++;\n        offers[id] = Offer(msg.sender, rate, 0);",
            "id = count++;\n        Offer storage o = offers[id];\n"
            "        o.owner = msg.sender;\n        o.dailyRate = rate;",
        )
    )
    assert _found(src, "price-change-race") == {}


# --- transaction order: a paid, first-come claim of a hashed name ----------------------------------------------
TICKERS = """pragma solidity PRAGMA;
contract TickerRegistry {
    struct Ticker { address owner; uint256 since; }
    uint256 public fee = 0.1 ether;
    mapping(bytes32 => Ticker) public tickers;
    function keyOf(string memory symbol) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(symbol));
    }
    function reserve(string memory symbol) public payable {
        require(msg.value == fee);
        bytes32 key = keyOf(symbol);
        require(tickers[key].owner == address(0));
        tickers[key] = Ticker(msg.sender, block.timestamp);
    }
}
"""
COMMITTED = TICKERS.replace(
    "    function reserve(string memory symbol) public payable {\n        require(msg.value == fee);",
    "    mapping(bytes32 => uint256) public sealedAt;\n"
    "    function seal(bytes32 h) public { sealedAt[h] = block.number; }\n"
    "    function reserve(string memory symbol, bytes32 salt) public payable {\n        require(msg.value == fee);\n"
    "        bytes32 h = keccak256(abi.encodePacked(symbol, msg.sender, salt));\n"
    "        require(sealedAt[h] != 0 && sealedAt[h] < block.number);",
)


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
def test_a_paid_first_come_claim_of_a_hashed_name_is_a_medium_race(pragma: str) -> None:
    assert _found(TICKERS.replace("PRAGMA", pragma), "transaction-order") == {13: "medium"}


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
def test_the_commit_reveal_twin_is_quiet(pragma: str) -> None:
    assert _found(TICKERS.replace("PRAGMA", pragma), "transaction-order")
    assert _found(COMMITTED.replace("PRAGMA", pragma), "transaction-order") == {}


def test_a_free_handle_is_a_low_note_and_a_raw_id_no_claim() -> None:
    free = TICKERS.replace("PRAGMA", "^0.8.20").replace(
        "public payable {\n        require(msg.value == fee);", "public {"
    )
    assert _found(free, "transaction-order") == {12: "low"}
    assert [f.severity for f in scan_source(free, "c.sol") if f.detector == "transaction-order"] == ["low"]
    raw = TICKERS.replace("PRAGMA", "^0.8.20").replace(
        "bytes32 key = keyOf(symbol);", "bytes32 key = bytes32(bytes(symbol));"
    )
    assert _found(raw, "transaction-order") == {}


STALLS = """pragma solidity PRAGMA;
contract MarketStalls {
    struct Stall { address payable keeper; uint256 fee; uint256 sold; }
    mapping(bytes32 => Stall) public stalls;
    mapping(address => uint256) public passes;
    function setFee(bytes32 key, uint256 fee) public {
        Stall storage st = stalls[key];
        require(st.keeper == msg.sender);
        st.fee = fee;
    }
    function buyPass(bytes32 key) public payable {
        Stall storage st = stalls[key];
        BODY
    }
}
"""


@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.8.20"])
def test_ether_converted_through_a_reference_set_fee_races_but_refunded_change_does_not(pragma: str) -> None:
    per_fee = STALLS.replace("PRAGMA", pragma).replace("BODY", "passes[msg.sender] += msg.value / st.fee;")
    assert _found(per_fee, "price-change-race") == {13: "medium"}
    change = "require(msg.value >= st.fee);\n        passes[msg.sender] += 1;\n        "
    change += (
        "msg.sender.transfer(msg.value - st.fee);"
        if pragma == "^0.5.0"
        else ("payable(msg.sender).transfer(msg.value - st.fee);")
    )
    assert _found(STALLS.replace("PRAGMA", pragma).replace("BODY", change), "price-change-race") == {}
