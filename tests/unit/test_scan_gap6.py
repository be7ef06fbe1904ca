"""Rules widened for blind set 6's misses, each on contracts written for these tests (not the set's files):
a payee kept in a record field any caller can rewrite, a pool's remainder sent to a caller-picked address,
a late write made by an internal helper after the external call, and the approve race in Vyper."""

from __future__ import annotations

from nexus.scan import scan_source


def _hits(src: str, detector: str, name: str = "c.sol") -> set[int]:
    return {f.line for f in scan_source(src, name) if f.detector == detector}


# -- payee-race: the payee is a struct field in a mapping entry -------------------------------------------
ESCROW = """pragma solidity ^0.8.20;
contract Escrow {
    struct Deal { address buyer; address payable seller; uint256 price; bool settled; }
    mapping(uint256 => Deal) public deals;
    uint256 public next;
    function open(address payable seller) external payable returns (uint256 k) {
        k = next++;
        deals[k] = Deal(msg.sender, seller, msg.value, false);
    }
    function claimSeller(uint256 k) external {
        SETTER
    }
    function release(uint256 k) external {
        Deal storage d = deals[k];
        require(msg.sender == d.buyer && !d.settled);
        PIN
        d.settled = true;
        d.seller.transfer(d.price);
    }
}
"""
_OPEN = "require(!deals[k].settled);\n        deals[k].seller = payable(msg.sender);"


def test_field_payee_anyone_can_rewrite_is_found() -> None:
    src = ESCROW.replace("SETTER", _OPEN).replace("PIN", "")
    assert _hits(src, "payee-race") == {19}


def test_field_payee_rewrite_checked_against_the_record_is_safe() -> None:
    guarded = "require(msg.sender == deals[k].buyer);\n        " + _OPEN
    assert _hits(ESCROW.replace("SETTER", guarded).replace("PIN", ""), "payee-race") == set()


def test_field_payee_pinned_by_the_payer_is_safe() -> None:
    src = ESCROW.replace("SETTER", _OPEN).replace("PIN", "require(d.seller == expected);")
    src = src.replace("function release(uint256 k)", "function release(uint256 k, address expected)")
    assert _hits(src, "payee-race") == set()


def test_field_payee_zero_check_does_not_pin() -> None:
    src = ESCROW.replace("SETTER", _OPEN).replace("PIN", "require(d.seller != address(0));")
    assert _hits(src, "payee-race") == {19}


# -- unprotected-withdrawal: what is left of a pool, to a caller-picked address (Vyper) -------------------
POOL_VY = """# pragma version ^0.4.0
owner: public(address)
budget: public(uint256)
spent: public(uint256)
@deploy
@payable
def __init__():
    self.owner = msg.sender
    self.budget = msg.value
@external
def pay(amount: uint256):
    assert msg.sender == self.owner
    self.spent += amount
    send(self.owner, amount)
@external
def close(dest: address):
    GUARD
    left: uint256 = self.budget - self.spent
    self.budget = self.spent
    send(dest, left)
"""


def test_pool_remainder_to_any_address_is_found() -> None:
    assert _hits(POOL_VY.replace("GUARD", "pass"), "unprotected-withdrawal", "p.vy") == {20}


def test_pool_remainder_owner_only_is_safe() -> None:
    guarded = POOL_VY.replace("GUARD", "assert msg.sender == self.owner")
    assert _hits(guarded, "unprotected-withdrawal", "p.vy") == set()


# -- read-only-reentrancy: the late write is in an internal helper ----------------------------------------
SHARES = """pragma solidity ^0.8.20;
contract Shares {
    uint256 public supply;
    uint256 public assets;
    mapping(address => uint256) public held;
    function _take(address a, uint256 n) internal { held[a] -= n; supply -= n; }
    function perShare() external view returns (uint256) { return assets * 1e18 / supply; }
    function deposit() external payable { held[msg.sender] += msg.value; supply += msg.value; assets += msg.value; }
    function redeem(uint256 n) external {
        uint256 out = n * assets / supply;
        assets -= out;
        ORDER
    }
}
"""
_LATE = '(bool ok, ) = msg.sender.call{value: out}("");\n        require(ok);\n        _take(msg.sender, n);'
_EARLY = '_take(msg.sender, n);\n        (bool ok, ) = msg.sender.call{value: out}("");\n        require(ok);'


def test_late_write_in_helper_is_found() -> None:
    assert _hits(SHARES.replace("ORDER", _LATE), "read-only-reentrancy") == {7}


def test_helper_write_before_the_call_is_safe() -> None:
    assert _hits(SHARES.replace("ORDER", _EARLY), "read-only-reentrancy") == set()


# -- approve-race in Vyper ---------------------------------------------------------------------------------
APPROVE_VY = """# pragma version ^0.4.0
allowed: HashMap[address, HashMap[address, uint256]]
@external
def approve(who: address, value: uint256) -> bool:
    CHECK
    self.allowed[msg.sender][who] = value
    return True
"""


def test_vyper_approve_overwrite_is_found() -> None:
    assert _hits(APPROVE_VY.replace("CHECK", "pass"), "approve-race", "t.vy") == {6}


def test_vyper_approve_reset_first_is_safe() -> None:
    check = "assert value == 0 or self.allowed[msg.sender][who] == 0"
    assert _hits(APPROVE_VY.replace("CHECK", check), "approve-race", "t.vy") == set()


# -- unprotected-withdrawal: a recovered signer kept in a local and checked against the authority ---------
VOUCHER = """pragma solidity ^0.8.20;
contract Vouchers {
    address public signerKey;
    mapping(bytes32 => bool) public spent;
    constructor(address k) { signerKey = k; }
    receive() external payable {}
    function cash(bytes32 id, uint256 value, uint8 v, bytes32 r, bytes32 s) external {
        require(!spent[id]);
        address who = ecrecover(keccak256(abi.encode(address(this), block.chainid, msg.sender, value, id)), v, r, s);
        CHECK
        spent[id] = true;
        payable(msg.sender).transfer(value);
    }
}
"""


def test_recovered_signer_never_checked_is_found() -> None:
    assert _hits(
        VOUCHER.replace("CHECK", "emit Cashed(who);").replace("receive()", "event Cashed(address w);\n    receive()"),
        "unprotected-withdrawal",
    ) == {13}


def test_recovered_signer_checked_against_the_key_is_safe() -> None:
    check = "require(who != address(0) && who == signerKey);"
    assert _hits(VOUCHER.replace("CHECK", check), "unprotected-withdrawal") == set()


# -- unprotected-owner-write: an initialiser latched by a counter set to a positive number -----------------
INIT = """pragma solidity ^0.8.20;
contract Impl {
    address public admin;
    uint8 public stage;
    function setup(address a) external {
        LATCH
        admin = a;
        stage = 2;
    }
    function act() external { require(msg.sender == admin); ACT }
}
"""


def _owner_conf(src: str) -> list[str]:
    return [f.confidence for f in scan_source(src, "i.sol") if f.detector == "unprotected-owner-write"]


def test_unlatched_initialiser_is_medium() -> None:
    assert _owner_conf(INIT.replace("LATCH", "").replace("ACT", "")) == ["medium"]


def test_initialiser_latched_by_positive_counter_is_low() -> None:
    assert _owner_conf(INIT.replace("LATCH", "require(stage == 0);").replace("ACT", "")) == ["low"]


def test_latch_another_function_resets_is_medium() -> None:
    assert _owner_conf(INIT.replace("LATCH", "require(stage == 0);").replace("ACT", "stage = 0;")) == ["medium"]


_SELF = (
    '(bool ok, ) = address(this).call(abi.encodeWithSignature("perShare()"));\n'
    "        require(ok);\n        _take(msg.sender, n);"
)


def test_a_call_to_the_contract_itself_hands_no_outsider_a_view_mid_update() -> None:
    # address(this).call runs the contract's own code: no outside reader gets control before `_take`
    assert _hits(SHARES.replace("ORDER", _SELF), "read-only-reentrancy") == set()
    outside = _SELF.replace("address(this)", "msg.sender")
    assert _hits(SHARES.replace("ORDER", outside), "read-only-reentrancy") == {7}
