"""Transaction-order dependence on terms (detector `price-change-race`, SWC-114): a payable purchase
converts msg.value through a price or rate another function can change while the purchase is pending.
Vulnerable and fixed twins in Solidity 0.4, 0.8 and Vyper; the fix is the buyer's own limit (an
expected price, a minimum out) that the purchase checks."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, path: str = "<source>") -> dict[int, list[int]]:
    return {f.line: f.related for f in scan_source(src, path) if f.detector == "price-change-race"}


OLD = """pragma solidity ^0.4.24;
contract Shop {
    address owner;
    uint price = 1 ether;
    mapping(address => uint) units;
    function setPrice(uint p) public {
        require(msg.sender == owner);
        price = p;
    }
    function buy() public payable {
        units[msg.sender] += msg.value / price;
    }
}
"""
OLD_FIXED = OLD.replace(
    "    function buy() public payable {\n",
    "    function buy(uint expected) public payable {\n        require(price == expected);\n",
)

NEW = """pragma solidity ^0.8.20;
contract Sale {
    address private owner;
    uint256 private rate;
    mapping(address => uint256) public tokens;
    modifier onlyOwner() { require(msg.sender == owner, "owner"); _; }
    function setRate(uint256 r) external onlyOwner { rate = r; }
    function buy() external payable {
        uint256 amount = msg.value * rate;
        tokens[msg.sender] += amount;
    }
}
"""
NEW_FIXED = NEW.replace("function buy() external payable {", "function buy(uint256 minOut) external payable {").replace(
    "        tokens[msg.sender] += amount;\n",
    '        require(amount >= minOut, "slippage");\n        tokens[msg.sender] += amount;\n',
)

ITEMS = """pragma solidity ^0.8.20;
contract Market {
    struct Item { address seller; uint256 price; }
    mapping(uint256 => Item) public items;
    mapping(address => uint256) public shares;
    function reprice(uint256 id, uint256 p) external {
        require(msg.sender == items[id].seller);
        items[id].price = p;
    }
    function buy(uint256 id) external payable {
        shares[msg.sender] += msg.value / items[id].price;
    }
}
"""
EXACT = OLD.replace(
    "units[msg.sender] += msg.value / price;", "require(msg.value == price);\n        units[msg.sender] += 1;"
)
FIXED_PRICE = OLD.replace("        price = p;\n", "").replace("uint p", "address p")
OWNER_BUYS = OLD.replace(
    "function buy() public payable {", "function buy() public payable {\n        require(msg.sender == owner);"
)

VY = """# @version ^0.4.0
owner: address
price: uint256
units: HashMap[address, uint256]

@external
def set_price(p: uint256):
    assert msg.sender == self.owner
    self.price = p

@external
@payable
def buy():
    self.units[msg.sender] += msg.value // self.price
"""
VY_FIXED = VY.replace("def buy():\n", "def buy(expected: uint256):\n    assert self.price == expected\n")


def test_a_purchase_through_a_price_the_seller_can_change_is_reported_with_the_setter_related() -> None:
    assert _hits(OLD) == {11: [8]}
    (f,) = [f for f in scan_source(OLD) if f.detector == "price-change-race"]
    assert (f.category, f.swc_id, f.severity, f.function) == ("front_running", "SWC-114", "medium", "buy")


def test_an_expected_price_the_buyer_passes_is_the_fix() -> None:
    assert _hits(OLD) and _hits(OLD_FIXED) == {}


def test_solidity_08_a_rate_carried_by_a_local_and_a_minimum_out_fix() -> None:
    assert _hits(NEW) == {9: [7]}
    assert _hits(NEW_FIXED) == {}


def test_an_items_price_its_seller_changes_is_reported() -> None:
    assert _hits(ITEMS) == {11: [8]}


@pytest.mark.parametrize(
    "src",
    [EXACT, FIXED_PRICE, OWNER_BUYS],
    ids=["exact-price-reverts-instead", "price-never-set", "only-the-owner-buys"],
)
def test_no_race_when_a_change_cannot_hurt_a_pending_buyer(src: str) -> None:
    assert _hits(OLD) and _hits(src) == {}  # each is OLD with one change


def test_vyper_twins() -> None:
    assert _hits(VY, "s.vy") == {14: [9]}
    assert _hits(VY_FIXED, "s.vy") == {}


SUPPLY = """pragma solidity ^0.4.24;
contract Ico {
    address owner;
    uint rate = 1000;
    uint totalSupply;
    uint cap = 10 ** 24;
    mapping(address => uint) balances;
    function setRate(uint r) public { require(msg.sender == owner); rate = r; }
    function create() public payable {
        require(msg.value <= (cap - totalSupply) / rate);
        uint tokens = msg.value * rate;
        totalSupply += tokens;
        balances[msg.sender] += tokens;
    }
}
"""


def test_the_report_is_on_the_conversion_not_on_a_cap_check_a_state_total_feeds() -> None:
    # `totalSupply += tokens` carries msg.value into storage, not into a local: the cap check on line 10
    # divides no payment by the rate, the conversion on line 11 does
    assert _hits(SUPPLY) == {11: [8]}


def test_a_term_set_through_another_variable_the_setter_just_wrote_is_still_the_callers() -> None:
    two_step = SUPPLY.replace(
        "    function setRate(uint r) public { require(msg.sender == owner); rate = r; }\n",
        "    uint bonus;\n    uint base = 900;\n"
        "    function setBonus(uint b) public { require(msg.sender == owner); bonus = b; rate = base + bonus; }\n",
    )
    assert _hits(two_step) == {13: [10]}
