"""Round 21b recall gaps (gap5b), each on contracts written for these tests (vulnerable and fixed):
a signed credit whose record write accumulates (no used-mark), a nonce the contract never advances, a
holder's signature whose digest names neither chain nor contract, an ecrecover compared with a signer the
contract itself leaves zero, a balance check inverted in an `if` around the debit, and a narrowing cast
that records an amount truncated while the function acts on it whole."""

from __future__ import annotations

import pytest
from tests.unit.test_scan_gap4m import _default, _hits

from nexus.scan import scan_source

ALLOWANCE = """pragma solidity ^{ver};
contract MealAllowance {{
    address public cashier;
    mapping(address => uint256) public owed;
    {extra}
    function credit(address staff, uint256 meals, uint8 v, bytes32 r, bytes32 s) public {{
        bytes32 h = keccak256(abi.encodePacked(address(this), staff, meals{nonce}));
        require(ecrecover(h, v, r, s) == cashier);
        owed[staff] = owed[staff] + meals;
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.5.17", "0.8.24"])
def test_accumulating_record_write_is_no_used_mark(ver: str) -> None:
    src = ALLOWANCE.format(ver=ver, extra="", nonce="")
    assert _default(src, "A.sol", "signature-replay") == [(8, "high", "medium")]
    fixed = ALLOWANCE.format(ver=ver, extra="mapping(address => uint256) public seq;", nonce=", seq[staff]++")
    assert _default(fixed, "A.sol", "signature-replay") == []
    # an overwrite keyed by the signed value (a one-off record) is still read as the mark it was
    once = src.replace("owed[staff] = owed[staff] + meals;", "owed[staff] = meals;")
    assert _default(once, "A.sol", "signature-replay") == []


RELAY = """pragma solidity ^{ver};
contract Relay {{
    address public keyHolder;
    mapping(address => uint256) public nonces;
    constructor(address k) {pub}{{ keyHolder = k; }}
    function relay(address payable to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {{
        bytes32 d = keccak256(abi.encodePacked(address(this), to, amount, nonces[to]));
        require(ecrecover(d, v, r, s) == keyHolder && keyHolder != address(0));
        {bump}
        to.transfer(amount);
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.5.17", "0.8.24"])
def test_nonce_no_function_advances_is_no_nonce(ver: str) -> None:
    pub = "public " if ver.startswith("0.5") else ""
    src = RELAY.format(ver=ver, pub=pub, bump="")
    assert _default(src, "R.sol", "signature-replay") == [(8, "high", "medium")]
    fixed = RELAY.format(ver=ver, pub=pub, bump="nonces[to] += 1;")
    assert _default(fixed, "R.sol", "signature-replay") == []


BYSIG = """pragma solidity ^0.8.24;
contract VotePower {{
    mapping(address => address) public delegates;
    mapping(address => uint256) public sigNonce;
    function delegateBySig(address holder, address to, uint256 expiry, uint8 v, bytes32 r, bytes32 s) external {{
        require(block.timestamp <= expiry);
        bytes32 d = keccak256(abi.encode({domain}holder, to, sigNonce[holder]++, expiry));
        address who = ecrecover(d, v, r, s);
        require(who != address(0) && who == holder);
        delegates[holder] = to;
    }}
}}
"""


def test_holder_signature_without_any_domain_replays_on_copies() -> None:
    src = BYSIG.format(domain="")
    assert _default(src, "V.sol", "signature-replay") == [(8, "medium", "medium")]
    assert _default(BYSIG.format(domain="address(this), "), "V.sol", "signature-replay") == []
    assert _hits(BYSIG.format(domain="block.chainid, address(this), "), "V.sol", "signature-replay") == []
    # a domain the constructor keeps in storage binds both
    kept = BYSIG.format(domain="SEP, ").replace(
        "    mapping(address => uint256) public sigNonce;\n",
        "    mapping(address => uint256) public sigNonce;\n    bytes32 public immutable SEP;\n"
        "    constructor() { SEP = keccak256(abi.encode(block.chainid, address(this))); }\n",
    )
    assert "SEP, holder" in kept and _hits(kept, "V.sol", "signature-replay") == []


SIGNER = """pragma solidity ^{ver};
contract Checkpoint {{
    address public admin;
    address public attestor;
    bytes32 public root;
    constructor({arg}) {pub}{{ admin = msg.sender;{init} }}
    function setAttestor(address a) external {{ require(msg.sender == admin); attestor = a; }}
    {revoke}
    function post(bytes32 newRoot, uint256 epoch, uint8 v, bytes32 r, bytes32 s) external {{
        address got = ecrecover(keccak256(abi.encodePacked(address(this), newRoot, epoch)), v, r, s);
        require({check});
        root = newRoot;
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.4.24", "0.8.24"])
def test_signer_the_contract_leaves_zero_is_a_finding(ver: str) -> None:
    pub = "public " if ver.startswith("0.4") else ""

    def src(arg: str = "", init: str = "", revoke: str = "", check: str = "got == attestor") -> str:
        return SIGNER.format(ver=ver, pub=pub, arg=arg, init=init, revoke=revoke, check=check)

    # never set at deployment: zero until the admin calls setAttestor
    assert _default(src(), "C.sol", "ecrecover-zero") == [(11, "medium", "medium")]
    # set at deployment, but a revoke clears it
    revoke = "function revoke() external { require(msg.sender == admin); delete attestor; }"
    assert _default(src("address a", " attestor = a;", revoke), "C.sol", "ecrecover-zero") == [(11, "medium", "medium")]
    # set at deployment and never cleared: zero only by the admin's mistake, a note
    assert _default(src("address a", " attestor = a;"), "C.sol", "ecrecover-zero") == []
    assert _hits(src("address a", " attestor = a;"), "C.sol", "ecrecover-zero") == [(11, "medium", "low")]
    # the fix: the recovered address is checked against zero
    assert _hits(src(check="got != address(0) && got == attestor"), "C.sol", "ecrecover-zero") == []


ARCADE = """pragma solidity ^{ver};
contract Arcade {{
    mapping(address => uint256) public tokens;
    mapping(address => uint256) public plays;
    function buy() public payable {{ tokens[msg.sender] += msg.value / 1e15; }}
    function play(uint256 price) public {{
        if ({cond}) {{
            tokens[msg.sender] -= price;
            plays[msg.sender] += 1;
        }}
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.4.24", "0.5.17"])
def test_inverted_check_in_an_if_around_the_debit(ver: str) -> None:
    for cond in ("price > tokens[msg.sender]", "tokens[msg.sender] < price && price != 0"):
        src = ARCADE.format(ver=ver, cond=cond)
        assert _default(src, "G.sol", "inverted-balance-check") == [(7, "high", "medium")], cond
    assert _hits(ARCADE.format(ver=ver, cond="tokens[msg.sender] >= price"), "G.sol", "inverted-balance-check") == []
    # a guard that stops the call when the balance is short is the right way round
    guard = ARCADE.format(ver=ver, cond="true").replace("if (true) {", "if (tokens[msg.sender] < price) revert(); {")
    assert _hits(guard, "G.sol", "inverted-balance-check") == []


LOCKER = """pragma solidity ^{ver};
interface IToken {{ function transfer(address to, uint256 v) external returns (bool); }}
contract Locker {{
    struct Lock {{ uint64 amount; uint64 until; }}
    IToken public token;
    address public keeper;
    mapping(address => Lock) public locks;
    function unlockPart(uint256 value) external {{
        {gate}
        Lock storage l = locks[msg.sender];
        l.amount = l.amount - uint64(value);
        require(token.transfer(msg.sender, value));
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.6.12", "0.8.24"])
def test_cast_recorded_truncated_but_paid_whole(ver: str) -> None:
    src = LOCKER.format(ver=ver, gate="")
    # a note since the round 21 merge (audited code bounds such amounts by what the caller holds)
    assert (11, "low", "low") in _hits(src, "L.sol", "integer-overflow")
    fixed = LOCKER.format(ver=ver, gate="require(value <= l.amount);").replace(
        "        require(value <= l.amount);\n        Lock storage l = locks[msg.sender];\n",
        "        Lock storage l = locks[msg.sender];\n        require(value <= l.amount);\n",
    )
    assert not [f for f in scan_source(fixed, "L.sol") if "low bits" in f.message]
    # only the keeper passes the value: its own input, a note
    keeper = LOCKER.format(ver=ver, gate="require(msg.sender == keeper);")
    assert (11, "low", "low") in _hits(keeper, "L.sol", "integer-overflow")
    assert _default(keeper, "L.sol", "integer-overflow") == []


MINTER = """pragma solidity ^0.8.24;
contract Points {
    mapping(address => uint32) public tier;
    mapping(address => uint256) public balance;
    function join(uint256 stakeAmt) external payable {
        require(msg.value == stakeAmt);
        tier[msg.sender] = uint32(stakeAmt);
        balance[msg.sender] += stakeAmt;
    }
    function setTier(uint256 t) external {
        tier[msg.sender] = uint32(t);
    }
}
"""


def test_cast_without_a_whole_use_is_left_alone() -> None:
    # `join` compares stakeAmt (msg.value) and `setTier` never uses t whole: neither is reported
    assert _hits(MINTER, "P.sol", "integer-overflow") == []


COUPON = """pragma solidity ^0.8.24;
contract Coupons {{
    address public issuer;
    mapping(bytes32 => bool) public spent;
    mapping(address => uint256) public balance;
    constructor(address i) {{ issuer = i; }}
    function use(address holder, uint256 value, uint8 v, bytes32 r, bytes32 s) external {{
        bytes32 key = keccak256(abi.encode(holder, value));
        {check}
        bytes32 d = keccak256(abi.encode(block.chainid, address(this), holder, value));
        address who = ecrecover(d, v, r, s);
        require(who != address(0) && who == issuer);
        {mark}
        balance[holder] += value;
    }}
}}
"""


def test_used_mark_keyed_by_a_hash_of_the_signed_values() -> None:
    src = COUPON.format(check="", mark="")
    assert _default(src, "K.sol", "signature-replay") == [(11, "high", "medium")]
    fixed = COUPON.format(check="require(!spent[key]);", mark="spent[key] = true;")
    assert _default(fixed, "K.sol", "signature-replay") == []
    # a key hashed from something the signature does not cover (the caller) is no mark of the message
    other = fixed.replace("keccak256(abi.encode(holder, value));", "keccak256(abi.encode(msg.sender, v));")
    assert _default(other, "K.sol", "signature-replay") == [(11, "high", "medium")]


ROTATE = """pragma solidity ^0.5.17;
contract OracleData {
    address public signer;
    uint256 public nonce;
}
contract OracleProxy is OracleData {
    constructor(address s) public { signer = s; }
}
contract Oracle is OracleData {
    function rotate(address next, uint256 _nonce, uint8 v, bytes32 r, bytes32 s) public {
        require(_nonce > nonce && signer == ecrecover(keccak256(abi.encodePacked(next, _nonce)), v, r, s));
        nonce = _nonce;
        signer = next;
    }
}
"""


def test_signer_a_proxy_constructor_sets_and_a_new_signer_argument_stay_notes() -> None:
    # the proxy's constructor fills the storage the logic contract reads: configured, not zero by design
    assert _default(ROTATE, "O.sol", "ecrecover-zero") == []
    # the digest signs an address argument (`next`), but the key compared is the stored signer: no holder's
    # signature, so a digest without a domain stays a note here
    assert _default(ROTATE, "O.sol", "signature-replay") == []
    assert _hits(ROTATE, "O.sol", "signature-replay") == [(11, "medium", "low")]
    assert _hits(ROTATE, "O.sol", "ecrecover-zero") == [(11, "medium", "low")]
