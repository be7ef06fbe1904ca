"""`price-change-race` (SWC-114) on purchases paid in an ERC-20: the buyer's tokens are pulled with
`transferFrom(msg.sender, ..)` / `safeTransferFrom` for an amount priced by a term the seller or owner can
reset while the purchase is pending. Vulnerable and fixed twins in Solidity 0.5 and 0.8 and Vyper; the
fixes are a maximum price or cost the buyer passes, a price fixed when the listing is created, and a
purchase only the owner makes. Also: a buyer's check on one field of a listing is no limit on another."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, path: str = "<source>") -> dict[int, list[int]]:
    return {f.line: f.related for f in scan_source(src, path) if f.detector == "price-change-race"}


MARKET = """pragma solidity ^0.8.20;
interface IERC20 { function transferFrom(address from, address to, uint256 amount) external returns (bool); }
contract TokenMarket {
    struct Listing { address seller; uint256 price; uint256 amount; }
    IERC20 public immutable pay;
    uint256 public nextId;
    mapping(uint256 => Listing) public listings;
    constructor(IERC20 p) { pay = p; }
    function list(uint256 price, uint256 amount) external returns (uint256 id) {
        id = nextId++;
        listings[id] = Listing(msg.sender, price, amount);
    }
    function setPrice(uint256 id, uint256 price) external {
        require(msg.sender == listings[id].seller, "seller");
        listings[id].price = price;
    }
    function buy(uint256 id, uint256 qty) external {
        Listing storage l = listings[id];
        require(qty <= l.amount, "stock");
        l.amount -= qty;
        require(pay.transferFrom(msg.sender, l.seller, l.price * qty), "pay");
    }
}
"""
MAX_PRICE = MARKET.replace(
    "uint256 id, uint256 qty) external {", "uint256 id, uint256 qty, uint256 maxPrice) external {"
).replace(
    '        require(qty <= l.amount, "stock");\n',
    '        require(qty <= l.amount, "stock");\n        require(l.price <= maxPrice, "price moved");\n',
)
MAX_COST = MARKET.replace(
    "uint256 id, uint256 qty) external {", "uint256 id, uint256 qty, uint256 maxCost) external {"
).replace(
    '        require(pay.transferFrom(msg.sender, l.seller, l.price * qty), "pay");\n',
    "        uint256 cost = l.price * qty;\n"
    '        require(cost <= maxCost, "cost");\n'
    '        require(pay.transferFrom(msg.sender, l.seller, cost), "pay");\n',
)
FIXED_AT_LISTING = MARKET.replace(
    "    function setPrice(uint256 id, uint256 price) external {\n"
    '        require(msg.sender == listings[id].seller, "seller");\n'
    "        listings[id].price = price;\n    }\n",
    "",
)
OWNER_BUYS = MARKET.replace("    uint256 public nextId;\n", "    uint256 public nextId;\n    address owner;\n").replace(
    "        Listing storage l = listings[id];\n",
    '        require(msg.sender == owner, "owner");\n        Listing storage l = listings[id];\n',
)


def test_a_token_purchase_priced_by_a_listing_its_seller_can_reprice_is_reported_on_the_pull() -> None:
    # the listing itself (line 11, a fresh id) fixes nothing anyone can race; the reprice on 15 does
    assert _hits(MARKET) == {21: [15]}
    (f,) = [f for f in scan_source(MARKET) if f.detector == "price-change-race"]
    assert (f.category, f.swc_id, f.severity, f.confidence, f.function) == (
        "front_running",
        "SWC-114",
        "medium",
        "medium",
        "buy",
    )
    assert "listings.price" in f.message and "setPrice" in f.message


@pytest.mark.parametrize(
    "src",
    [MAX_PRICE, MAX_COST, FIXED_AT_LISTING, OWNER_BUYS],
    ids=["max-price-checked", "max-cost-checked", "price-fixed-at-listing", "owner-only-purchase"],
)
def test_token_purchase_fixes(src: str) -> None:
    assert _hits(MARKET) and _hits(src) == {}


def test_a_relisting_under_a_caller_chosen_id_is_a_setter_a_fresh_id_is_not() -> None:
    chosen = FIXED_AT_LISTING.replace(
        "function list(uint256 price, uint256 amount) external returns (uint256 id) {\n        id = nextId++;\n",
        "function list(uint256 id, uint256 price, uint256 amount) external {\n",
    )
    assert _hits(FIXED_AT_LISTING) == {} and _hits(chosen) == {16: [10]}


OLD = """pragma solidity ^0.5.0;
contract ERC20 { function transferFrom(address from, address to, uint value) public returns (bool); }
library SafeERC20 {
    function safeTransferFrom(ERC20 token, address from, address to, uint value) internal {
        require(token.transferFrom(from, to, value));
    }
}
contract Shop {
    using SafeERC20 for ERC20;
    ERC20 token;
    address owner;
    uint public unitPrice;
    mapping(address => uint) public units;
    function setUnitPrice(uint p) public { require(msg.sender == owner); unitPrice = p; }
    function buy(uint n) public {
        uint cost = unitPrice * n;
        token.safeTransferFrom(msg.sender, owner, cost);
        units[msg.sender] += n;
    }
    function deposit(uint amount) public {
        token.safeTransferFrom(msg.sender, address(this), amount);
    }
}
"""


@pytest.mark.parametrize(
    "pull",
    [
        "token.safeTransferFrom(msg.sender, owner, cost);",
        "SafeERC20.safeTransferFrom(token, msg.sender, owner, cost);",
        "require(token.transferFrom(msg.sender, owner, cost));",
    ],
    ids=["using-for", "library-call", "plain-transferFrom"],
)
@pytest.mark.parametrize("pragma", ["^0.5.0", "^0.4.24"])
def test_solidity_04_05_pulls_of_a_cost_carried_by_a_local(pull: str, pragma: str) -> None:
    src = OLD.replace("token.safeTransferFrom(msg.sender, owner, cost);", pull, 1).replace("^0.5.0", pragma)
    assert _hits(src) == {17: [14]}  # the deposit of a caller-chosen amount (line 21) is no purchase
    limited = src.replace("function buy(uint n) public {", "function buy(uint n, uint maxCost) public {").replace(
        "        uint cost = unitPrice * n;\n",
        "        uint cost = unitPrice * n;\n        require(cost <= maxCost);\n",
    )
    assert _hits(limited) == {}


def test_a_pull_from_someone_else_is_no_purchase_from_the_caller() -> None:
    other = OLD.replace("function buy(uint n) public {", "function buy(address payer, uint n) public {").replace(
        "token.safeTransferFrom(msg.sender, owner, cost);", "token.safeTransferFrom(payer, owner, cost);"
    )
    assert _hits(OLD) and _hits(other) == {}


ITEMS = """pragma solidity ^0.8.20;
contract Market {
    struct Item { address seller; uint256 price; uint256 stock; }
    mapping(uint256 => Item) public items;
    mapping(address => uint256) public shares;
    function reprice(uint256 id, uint256 p) external {
        require(msg.sender == items[id].seller);
        items[id].price = p;
    }
    function restock(uint256 id, uint256 n) external {
        require(msg.sender == items[id].seller);
        items[id].stock = n;
    }
    function buy(uint256 id, uint256 n) external payable {
        require(n <= items[id].stock);
        shares[msg.sender] += msg.value / items[id].price;
    }
}
"""


def test_a_check_on_the_stock_is_no_limit_on_the_price_of_the_same_listing() -> None:
    assert _hits(ITEMS) == {16: [8]}
    fixed = ITEMS.replace("uint256 n) external payable {", "uint256 n, uint256 maxPrice) external payable {").replace(
        "        require(n <= items[id].stock);\n",
        "        require(n <= items[id].stock && items[id].price <= maxPrice);\n",
    )
    assert _hits(fixed) == {}


VY = """# @version ^0.4.0
interface IERC20:
    def transferFrom(sender: address, to: address, amount: uint256) -> bool: nonpayable

token: IERC20
owner: address
price: uint256
units: HashMap[address, uint256]

@external
def set_price(p: uint256):
    assert msg.sender == self.owner
    self.price = p

@external
def buy(n: uint256):
    extcall self.token.transferFrom(msg.sender, self.owner, self.price * n)
    self.units[msg.sender] += n
"""
VY_FIXED = VY.replace("def buy(n: uint256):\n", "def buy(n: uint256, max_cost: uint256):\n").replace(
    "    extcall self.token.transferFrom(msg.sender, self.owner, self.price * n)\n",
    "    cost: uint256 = self.price * n\n    assert cost <= max_cost\n"
    "    extcall self.token.transferFrom(msg.sender, self.owner, cost)\n",
)


def test_vyper_token_purchase_twins() -> None:
    assert _hits(VY, "t.vy") == {17: [13]}
    assert _hits(VY_FIXED, "t.vy") == {}
