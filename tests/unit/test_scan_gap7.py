"""Gap round on blind set 7: general rules for the misses that were real gaps, each with contracts written
for this test (a vulnerable one and its fixed twin, in more than one shape, Solidity 0.4 and 0.8, Vyper
where it applies).

* price-change-race, the sale side: the caller hands over an amount it picks (an ERC-20 pull from the
  caller into this contract) and is paid that amount converted through a stored rate another function can
  set; safe when the seller states a minimum the sale compares (_sale.sale_hits)
* bad-randomness: Vyper's `block.prevhash` is a block value (randomness._is_block_value)
* signature-replay: an expiry the signer signed (a deadline parameter in the digest) that nothing compares
  with the clock is medium, not a note; Vyper checked for this case; `chain.id` binds the chain
  (_digests.signed_expiry, binds_chain)
* reentrancy: a lock the function takes and gives back itself, under any modifier name, leaves unlocked
  functions that re-validate the stale value open, as a named lock does (_recheck.held_lock)
* transaction-order: binding oneself to an entry whose payment another function can change, with no
  expected amount (_commit.bound_terms)
* blocking-recipient: a required payment to a payee one caller named for a record that passes to others
  (_lasting.lasting_payees)
* payee-race (a twin false alarm): a payee field claimed once, paid only once set (_setonce.claimed_once)
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _found(src: str, detector: str, name: str = "c.sol") -> dict[int, str]:
    return {f.line: f.confidence for f in scan_source(src, name) if f.detector == detector}


def _default(src: str, detector: str, name: str = "c.sol") -> set[int]:
    return {line for line, conf in _found(src, detector, name).items() if conf in ("medium", "high")}


# -- price-change-race: a sale paid through a rate another function sets -------------------------------

BUYBACK_04 = """pragma solidity ^0.4.24;
interface IERC20 { function transferFrom(address f, address t, uint v) external returns (bool); }
contract Buyback {
    address admin;
    IERC20 token;
    uint public price;
    function setPrice(uint p) public { require(msg.sender == admin); price = p; }
    function sell(uint amount%s) public {
        require(token.transferFrom(msg.sender, this, amount));
        uint owed = amount * price / 1e18;%s
        msg.sender.transfer(owed);
    }
}
"""

SWAP_08 = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
interface IERC20 {
    function transferFrom(address f, address t, uint256 v) external returns (bool);
    function transfer(address t, uint256 v) external returns (bool);
}
contract Redeemer {
    address public keeper;
    IERC20 public immutable bond;
    IERC20 public immutable cash;
    uint256 public rateBps = 9_500;
    constructor(IERC20 b, IERC20 c) { keeper = msg.sender; bond = b; cash = c; }
    function setRate(uint256 r) external { require(msg.sender == keeper, "keeper"); rateBps = r; }
    function redeem(uint256 bonds%s) external {
        require(bond.transferFrom(msg.sender, address(this), bonds), "pull");%s
        require(cash.transfer(msg.sender, (bonds * rateBps) / 10_000), "push");
    }
}
"""

ETH_08 = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
interface IERC20 { function transferFrom(address f, address t, uint256 v) external returns (bool); }
contract TicketDesk {
    address public owner = msg.sender;
    IERC20 public immutable ticket;
    uint256 public refundWei = 1e16;
    constructor(IERC20 t) payable { ticket = t; }
    function setRefund(uint256 w) external { require(msg.sender == owner); refundWei = w; }
    function returnTickets(uint256 n%s) external {
        require(ticket.transferFrom(msg.sender, address(this), n), "pull");
        uint256 due = n * refundWei;%s
        (bool ok, ) = payable(msg.sender).call{value: due}("");
        require(ok, "eth");
    }
}
"""

VYPER = """# pragma version ^0.4.0
interface IERC20:
    def transferFrom(f: address, t: address, v: uint256) -> bool: nonpayable

token: public(IERC20)
treasurer: public(address)
rate: public(uint256)

@deploy
@payable
def __init__(t: IERC20):
    self.token = t
    self.treasurer = msg.sender
    self.rate = 10**15

@external
def set_rate(r: uint256):
    assert msg.sender == self.treasurer
    self.rate = r

@external
def redeem(amount: uint256%s):
    assert extcall self.token.transferFrom(msg.sender, self, amount)
    payout: uint256 = amount * self.rate // 10**18%s
    send(msg.sender, payout)
"""

SALES = [
    (BUYBACK_04, ", uint minOut", "\n        require(owed >= minOut);", "c.sol"),
    (SWAP_08, ", uint256 minRate", '\n        require(rateBps >= minRate, "rate");', "c.sol"),
    (ETH_08, ", uint256 minDue", '\n        require(due >= minDue, "moved");', "c.sol"),
    (VYPER, ", min_out: uint256", "\n    assert payout >= min_out", "c.vy"),
]


@pytest.mark.parametrize(("src", "param", "check", "name"), SALES)
def test_sale_through_a_settable_rate_is_a_price_race(src: str, param: str, check: str, name: str) -> None:
    assert _default(src % ("", ""), "price-change-race", name)


@pytest.mark.parametrize(("src", "param", "check", "name"), SALES)
def test_sale_with_a_stated_minimum_is_quiet(src: str, param: str, check: str, name: str) -> None:
    assert not _found(src % (param, check), "price-change-race", name)


def test_owner_only_sale_is_quiet() -> None:
    src = (BUYBACK_04 % ("", "")).replace(
        "require(token.transferFrom(msg.sender, this, amount));",
        "require(msg.sender == admin);\n        require(token.transferFrom(msg.sender, this, amount));",
    )
    assert not _found(src, "price-change-race")


# -- bad-randomness: Vyper's block.prevhash is a block hash ---------------------------------------------

HATCH_VY = """# pragma version ^0.4.0
owner_of: public(HashMap[uint256, address])
prize: public(HashMap[uint256, uint256])
oracle: public(address)

@external
def draw(ticket: uint256%s):
    assert self.owner_of[ticket] == msg.sender
%s
"""

ROLLS = [
    "    self.prize[ticket] = convert(keccak256(concat(block.prevhash, convert(ticket, bytes32))), uint256) % 100",
    "    roll: uint256 = convert(block.prevhash, uint256) % 6\n    if roll == 0:\n        send(msg.sender, 10**18)",
]


@pytest.mark.parametrize("roll", ROLLS)
def test_vyper_prevhash_draw_is_bad_randomness(roll: str) -> None:
    assert _default(HATCH_VY % ("", roll), "bad-randomness", "c.vy")


@pytest.mark.parametrize("roll", ROLLS)
def test_vyper_oracle_word_draw_is_quiet(roll: str) -> None:
    fixed = roll.replace("convert(keccak256(concat(block.prevhash, convert(ticket, bytes32))), uint256)", "word")
    fixed = fixed.replace("convert(block.prevhash, uint256)", "word")
    src = HATCH_VY % (", word: uint256", "    assert msg.sender == self.oracle\n" + fixed)
    assert not _found(src, "bad-randomness", "c.vy")


# -- signature-replay: an expiry the signer signed that nothing compares with the clock ----------------

PERMIT_VY = """# pragma version ^0.4.0
nonces: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
TYPEHASH: constant(bytes32) = keccak256("Permit(address o,address s,uint256 v,uint256 n,uint256 d)")

@external
def permit(owner: address, spender: address, amount: uint256, deadline: uint256, v: uint8, r: bytes32, s: bytes32):%s
    nonce: uint256 = self.nonces[owner]
    domain: bytes32 = keccak256(abi_encode(chain.id, self))
    inner: bytes32 = keccak256(abi_encode(TYPEHASH, owner, spender, amount, nonce, deadline))
    digest: bytes32 = keccak256(concat(b"\\x19\\x01", domain, inner))
    assert ecrecover(digest, v, r, s) == owner
    self.nonces[owner] = nonce + 1
    self.allowance[owner][spender] = amount
"""

VOUCHER_04 = """pragma solidity ^0.4.24;
contract Vouchers {
    address signer;
    mapping(address => uint) public nonces;
    function redeem(uint amount, uint validUntil, uint8 v, bytes32 r, bytes32 s) public {%s
        bytes32 h = keccak256(abi.encodePacked(this, msg.sender, amount, validUntil, nonces[msg.sender]));
        require(ecrecover(h, v, r, s) == signer);
        nonces[msg.sender]++;
        msg.sender.transfer(amount);
    }
}
"""

ORDER_08 = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Orders {
    address public maker;
    mapping(bytes32 => bool) public used;
    function fill(uint256 qty, uint256 expiry, uint8 v, bytes32 r, bytes32 s) external {%s
        bytes32 h = keccak256(abi.encode(block.chainid, address(this), qty, expiry));
        require(!used[h], "used");
        used[h] = true;
        require(ecrecover(h, v, r, s) == maker, "sig");
        payable(msg.sender).transfer(qty);
    }
}
"""

EXPIRIES = [
    (PERMIT_VY, '\n    assert block.timestamp <= deadline, "expired"', "c.vy"),
    (VOUCHER_04, "\n        require(now <= validUntil);", "c.sol"),
    (ORDER_08, '\n        require(block.timestamp < expiry, "expired");', "c.sol"),
]


@pytest.mark.parametrize(("src", "check", "name"), EXPIRIES)
def test_signed_expiry_never_checked_is_replay(src: str, check: str, name: str) -> None:
    assert _default(src % "", "signature-replay", name)


@pytest.mark.parametrize(("src", "check", "name"), EXPIRIES)
def test_signed_expiry_checked_is_quiet(src: str, check: str, name: str) -> None:
    assert not _default(src % check, "signature-replay", name)


def test_digest_with_no_expiry_at_all_stays_a_note() -> None:
    src = (ORDER_08 % "").replace(", uint256 expiry", "").replace(", qty, expiry)", ", qty)")
    assert set(_found(src, "signature-replay").values()) <= {"low"}


# -- reentrancy: a lock under a name the lock list does not know still leaves unlocked functions open ----

CARD_08 = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
error Short();
contract Card {
    uint256 private entered;
    mapping(address => uint256) public credit;
    modifier guarded() {
        if (entered == 1) revert();
        entered = 1;
        _;
        entered = 0;
    }
    function topUp() external payable { credit[msg.sender] += msg.value; }
    function gift(address to, uint256 amount) external {
        if (credit[msg.sender] < amount) revert Short();
        credit[msg.sender] -= amount;
        credit[to] += amount;
    }
    function cashOut() external guarded {
        uint256 amount = credit[msg.sender];%s
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok);%s
    }
}
"""

BANK_04 = """pragma solidity ^0.4.24;
contract Bank {
    bool busy;
    mapping(address => uint) public balance;
    modifier oneAtATime() { require(!busy); busy = true; _; busy = false; }
    function deposit() public payable { balance[msg.sender] += msg.value; }
    function move(address to, uint v) public {
        require(balance[msg.sender] >= v);
        balance[msg.sender] -= v;
        balance[to] += v;
    }
    function withdraw(uint v) public oneAtATime {
        require(balance[msg.sender] >= v);%s
        require(msg.sender.call.value(v)());%s
    }
}
"""

LOCKED = [
    (CARD_08, "\n        credit[msg.sender] = 0;"),
    (BANK_04, "\n        balance[msg.sender] -= v;"),
]


@pytest.mark.parametrize(("src", "write"), LOCKED)
def test_own_lock_leaves_an_unlocked_mover_open(src: str, write: str) -> None:
    assert _default(src % ("", write), "reentrancy")


@pytest.mark.parametrize(("src", "write"), LOCKED)
def test_own_lock_with_write_before_call_is_quiet(src: str, write: str) -> None:
    assert not _found(src % (write, ""), "reentrancy")


def test_one_way_latch_is_no_lock_for_the_cross_function_rule() -> None:
    # `require(!done); done = true;` never given back: not a lock, the finding stays as it was (a note)
    src = (BANK_04 % ("", "\n        balance[msg.sender] -= v;")).replace("busy = false; ", "")
    assert not _default(src, "reentrancy")


# -- transaction-order: binding oneself to an entry whose payment another function can change ----------

JOBS_08 = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Jobs {
    struct Job { address client; address worker; uint256 budget; }
    mapping(uint256 => Job) public jobs;
    uint256 public next;
    function post() external payable returns (uint256 id) {
        id = next++;
        jobs[id] = Job(msg.sender, address(0), msg.value);
    }
    function lower(uint256 id, uint256 b) external {
        Job storage j = jobs[id];
        require(msg.sender == j.client && j.worker == address(0) && b < j.budget);
        uint256 back = j.budget - b;
        j.budget = b;
        payable(msg.sender).transfer(back);
    }
    function take(uint256 id%s) external {
        Job storage j = jobs[id];
        require(j.worker == address(0));%s
        j.worker = msg.sender;
    }
    function release(uint256 id) external {
        Job storage j = jobs[id];
        require(msg.sender == j.client);
        uint256 amount = j.budget;
        j.budget = 0;
        payable(j.worker).transfer(amount);
    }
}
"""

OFFERS_04 = """pragma solidity ^0.4.24;
contract Offers {
    struct Offer { address maker; address taker; uint reward; }
    mapping(uint => Offer) public offers;
    function setReward(uint id, uint r) public {
        require(msg.sender == offers[id].maker && offers[id].taker == address(0));
        offers[id].reward = r;
    }
    function takeOffer(uint id%s) public {
        require(offers[id].taker == address(0));%s
        offers[id].taker = msg.sender;
    }
    function settle(uint id) public {
        require(msg.sender == offers[id].maker);
        offers[id].taker.transfer(offers[id].reward);
    }
}
"""

COMMITS = [
    (JOBS_08, ", uint256 agreed", '\n        require(j.budget == agreed, "changed");'),
    (OFFERS_04, ", uint minReward", "\n        require(offers[id].reward >= minReward);"),
]


@pytest.mark.parametrize(("src", "param", "check"), COMMITS)
def test_binding_to_a_changeable_payment_is_order_dependent(src: str, param: str, check: str) -> None:
    assert _default(src % ("", ""), "transaction-order")


@pytest.mark.parametrize(("src", "param", "check"), COMMITS)
def test_binding_that_names_the_amount_is_quiet(src: str, param: str, check: str) -> None:
    assert not _found(src % (param, check), "transaction-order")


def test_binding_to_terms_fixed_at_creation_is_quiet() -> None:
    src = OFFERS_04 % ("", "")
    src = src.replace("offers[id].reward = r;", "offers[id].maker = msg.sender;").replace("uint id, uint r", "uint id")
    assert not _found(src, "transaction-order")


# -- blocking-recipient: a payee one caller names for a record that later passes to others -------------

ART_08 = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Art {
    struct Piece { address owner; address creator; uint256 ask; }
    mapping(uint256 => Piece) public pieces;
    mapping(address => uint256) public owed;
    uint256 public next;
    function mint(address creator) external returns (uint256 id) {
        id = next++;
        pieces[id] = Piece(msg.sender, creator, 0);
    }
    function list(uint256 id, uint256 ask) external {
        require(pieces[id].owner == msg.sender);
        pieces[id].ask = ask;
    }
    function buy(uint256 id) external payable {
        Piece storage p = pieces[id];
        require(p.ask > 0 && msg.value == p.ask);
        uint256 cut = msg.value / 20;
        address seller = p.owner;
        p.owner = msg.sender;
        p.ask = 0;
%s
        (bool s, ) = seller.call{value: msg.value - cut}("");
        require(s);
    }
}
"""

NAMES_04 = """pragma solidity ^0.4.24;
contract Names {
    struct Name { address holder; address referrer; uint price; }
    mapping(bytes32 => Name) public names;
    mapping(address => uint) public owed;
    function claim(bytes32 n, address referrer) public {
        require(names[n].holder == address(0));
        names[n].holder = msg.sender;
        names[n].referrer = referrer;
    }
    function offer(bytes32 n, uint price) public {
        require(names[n].holder == msg.sender);
        names[n].price = price;
    }
    function purchase(bytes32 n) public payable {
        require(names[n].price > 0 && msg.value == names[n].price);
        address old = names[n].holder;
        names[n].holder = msg.sender;
        names[n].price = 0;
%s
        old.transfer(msg.value - msg.value / 50);
    }
}
"""

PAYEES = [
    (
        ART_08,
        '        (bool r, ) = p.creator.call{value: cut}("");\n        require(r);',
        "        owed[p.creator] += cut;",
    ),
    (
        NAMES_04,
        "        names[n].referrer.transfer(msg.value / 50);",
        "        owed[names[n].referrer] += msg.value / 50;",
    ),
]


@pytest.mark.parametrize(("src", "pay", "credit"), PAYEES)
def test_required_payment_to_a_payee_named_for_a_resold_record_blocks(src: str, pay: str, credit: str) -> None:
    assert _default(src % pay, "blocking-recipient")


@pytest.mark.parametrize(("src", "pay", "credit"), PAYEES)
def test_credited_payee_and_paid_seller_are_quiet(src: str, pay: str, credit: str) -> None:
    assert not _found(src % credit, "blocking-recipient")


def test_payee_named_for_a_record_that_never_changes_hands_is_quiet() -> None:
    src = ART_08 % '        (bool r, ) = p.creator.call{value: cut}("");\n        require(r);'
    assert not _found(src.replace("p.owner = msg.sender;", "p.ask = p.ask;"), "blocking-recipient")


@pytest.mark.parametrize(
    "check",
    [
        '\n        require(_now() <= expiry, "expired");',  # a clock helper (overridden in tests)
        "",  # handed to a modifier, below
    ],
)
def test_expiry_checked_through_a_helper_or_modifier_stays_a_note(check: str) -> None:
    src = ORDER_08 % check
    src = src.replace(
        "    function fill(",
        "    function _now() internal view returns (uint256) { return block.timestamp; }\n"
        "    modifier before(uint256 t) { require(_now() <= t); _; }\n    function fill(",
    )
    if not check:
        src = src.replace("bytes32 s) external {", "bytes32 s) external before(expiry) {")
    assert not _default(src, "signature-replay")


# -- payee-race: a payee field claimed once and paid only once set cannot be redirected ----------------

TASKS_08 = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Tasks {
    struct Task { address poster; address doer; uint256 pay; }
    mapping(uint256 => Task) public tasks;
    uint256 public next;
    function post() external payable returns (uint256 id) {
        id = next++;
        tasks[id] = Task(msg.sender, address(0), msg.value);
    }
    function take(uint256 id) external {
        Task storage t = tasks[id];
        require(t.poster != address(0)%s);
        t.doer = msg.sender;
    }
    function release(uint256 id) external {
        Task storage t = tasks[id];
        require(msg.sender == t.poster%s);
        uint256 amount = t.pay;
        t.pay = 0;
        payable(t.doer).transfer(amount);
    }
}
"""

ROLES_04 = """pragma solidity ^0.4.24;
contract Roles {
    struct Seat { address host; address guest; uint fee; }
    mapping(uint => Seat) public seats;
    function sit(uint id) public {
        if (%s) revert();
        seats[id].guest = msg.sender;
    }
    function payGuest(uint id) public {
        require(msg.sender == seats[id].host);
        require(%s);
        seats[id].guest.transfer(seats[id].fee);
    }
}
"""

ONCE = [
    (TASKS_08, (" && t.doer == address(0)", " && t.doer != address(0)"), ("", "")),
    (ROLES_04, ("seats[id].guest != address(0)", "seats[id].guest != address(0)"), ("false", "true")),
]


@pytest.mark.parametrize(("src", "once", "open_"), ONCE)
def test_payee_claimed_once_and_paid_once_set_is_no_race(src: str, once: tuple, open_: tuple) -> None:
    assert not _found(src % once, "payee-race")


@pytest.mark.parametrize(("src", "once", "open_"), ONCE)
def test_payee_anyone_rewrites_is_still_a_race(src: str, once: tuple, open_: tuple) -> None:
    assert _default(src % open_, "payee-race")
    assert _default(src % (open_[0], once[1]), "payee-race")  # paid once set, but rewritten at will
