"""Round 18b of the re-entrancy detectors:

* cross-function re-entrancy past a lock (_crossfn.py): a locked function pays out before its debit,
  and an unlocked public function re-validates and moves the same balance (`transferCredit`), so the
  hook re-enters there. The lock does not stop it. Quiet when the debit comes first, when the other
  function holds the lock too, and when the unlocked function only adds to the balance (`deposit`);
* read-only re-entrancy on the reading side (_midread.py): a market prices collateral with a pool's
  `get_virtual_price()` without first taking the pool's lock (a state-changing call on the same pool).
* hooks that run the caller's code (_hookcall.py): an ERC-777 `send` to `msg.sender` or an address
  parameter, and an internal `_safeMint(msg.sender, ..)` that calls `onERC721Received` on its parameter,
  before the state write are medium confidence (like `msg.sender.call`), even on a token the owner set
  and behind an allowlist (each member re-enters as itself). Pulling tokens into this contract, a fixed
  treasury recipient, an owner-only caller and the hook's own next loop iteration stay low.

Each vulnerable case is reported at medium confidence or more here; the code before round 18b reported
nothing, or only at low confidence. Each fixed twin stays quiet.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

_DEFAULT = ("medium", "high")


def _found(src: str, detector: str, name: str = "c.sol") -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.confidence) for f in scan_source(src, name) if f.detector == detector]


def _default(src: str, detector: str, name: str = "c.sol") -> list[tuple[int, str, str]]:
    return [x for x in _found(src, detector, name) if x[2] in _DEFAULT]


# -- cross-function re-entrancy past a lock ----------------------------------------------------------

CROSS8 = """pragma solidity ^0.8.20;
contract Vault {
    mapping(address => uint256) public shares;
    bool private entered;
    modifier nonReentrant() { require(!entered); entered = true; _; entered = false; }
    function deposit() external payable { shares[msg.sender] += msg.value; }
    function give(address to, uint256 n) external {
        require(shares[msg.sender] >= n, "low");
        shares[msg.sender] -= n;
        shares[to] += n;
    }
    function redeem(uint256 n) external nonReentrant {
        require(shares[msg.sender] >= n, "low");
        (bool ok, ) = payable(msg.sender).call{value: n}("");
        require(ok);
        shares[msg.sender] -= n;
    }
}
"""

CROSS4 = """pragma solidity ^0.4.24;
contract Vault {
    mapping(address => uint) public shares;
    bool private busy;
    modifier noReentrancy() { require(!busy); busy = true; _; busy = false; }
    function deposit() public payable { shares[msg.sender] += msg.value; }
    function give(address to, uint n) public {
        if (shares[msg.sender] < n) revert();
        shares[msg.sender] -= n;
        shares[to] += n;
    }
    function redeem(uint n) public noReentrancy {
        require(shares[msg.sender] >= n);
        require(msg.sender.call.value(n)());
        shares[msg.sender] -= n;
    }
}
"""

_CALL8 = '        (bool ok, ) = payable(msg.sender).call{value: n}("");\n        require(ok);\n'
_DEBIT = "        shares[msg.sender] -= n;\n    }\n}\n"


@pytest.mark.parametrize(("src", "line"), [(CROSS8, 14), (CROSS4, 14)])
def test_locked_payout_before_debit_with_unlocked_mover_is_reported(src: str, line: int) -> None:
    found = _default(src, "reentrancy")
    assert [x[0] for x in found] == [line]
    msg = next(f.message for f in scan_source(src, "c.sol") if f.detector == "reentrancy")
    assert "`give`" in msg and "`shares`" in msg


def test_debit_before_payout_is_quiet() -> None:
    fixed = CROSS8.replace(_CALL8 + _DEBIT, "        shares[msg.sender] -= n;\n" + _CALL8 + "    }\n}\n")
    assert fixed != CROSS8
    assert _found(fixed, "reentrancy") == []


def test_mover_under_the_same_lock_is_quiet() -> None:
    fixed = CROSS8.replace("uint256 n) external {", "uint256 n) external nonReentrant {")
    assert fixed != CROSS8
    assert _found(fixed, "reentrancy") == []


def test_unlocked_function_that_only_adds_is_quiet() -> None:
    start, end = CROSS8.index("    function give"), CROSS8.index("    function redeem")
    only_deposit = CROSS8[:start] + CROSS8[end:]
    assert _found(only_deposit, "reentrancy") == []


def test_owner_only_mover_is_quiet() -> None:
    owned = CROSS8.replace(
        "    function give(address to, uint256 n) external {\n",
        "    address public owner = msg.sender;\n"
        "    function give(address to, uint256 n) external {\n        require(msg.sender == owner);\n",
    )
    assert owned != CROSS8
    assert _default(owned, "reentrancy") == []


# -- read-only re-entrancy: reading a pool price mid-update -------------------------------------------

MARKET8 = """pragma solidity ^0.8.20;
interface IStablePool {
    function get_virtual_price() external view returns (uint256);
    function claim_admin_fees() external;
}
contract Market {
    IStablePool public immutable pool;
    mapping(address => uint256) public collateral;
    mapping(address => uint256) public debt;
    constructor(IStablePool p) { pool = p; }
    function _price() internal view returns (uint256) {
        return pool.get_virtual_price();
    }
    function borrow(uint256 amount) external {
        require(debt[msg.sender] + amount <= collateral[msg.sender] * _price() / 2e18, "ltv");
        debt[msg.sender] += amount;
        payable(msg.sender).transfer(amount);
    }
}
"""

MARKET_VY = """# @version 0.3.10
interface StablePool:
    def get_virtual_price() -> uint256: view
    def remove_liquidity(amount: uint256, mins: uint256[2]) -> uint256[2]: nonpayable

pool: public(StablePool)
deposited: public(HashMap[address, uint256])
borrowed: public(HashMap[address, uint256])

@external
def __init__(p: StablePool):
    self.pool = p

@internal
def _value(user: address) -> uint256:
    return self.deposited[user] * self.pool.get_virtual_price() / 10**18

@external
def borrow(amount: uint256):
    assert self.borrowed[msg.sender] + amount <= self._value(msg.sender) * 8 / 10
    self.borrowed[msg.sender] += amount
    send(msg.sender, amount)
"""


@pytest.mark.parametrize(("src", "name", "line"), [(MARKET8, "c.sol", 12), (MARKET_VY, "c.vy", 16)])
def test_pool_price_read_without_the_pools_lock_is_reported(src: str, name: str, line: int) -> None:
    assert [x[0] for x in _default(src, "read-only-reentrancy", name)] == [line]


def test_pool_lock_taken_first_is_quiet() -> None:
    fixed = MARKET8.replace(
        "    function _price() internal view returns (uint256) {\n",
        "    function _price() internal returns (uint256) {\n        pool.claim_admin_fees();\n",
    )
    assert fixed != MARKET8
    assert _found(fixed, "read-only-reentrancy") == []
    fixed_vy = MARKET_VY.replace(
        "    return self.deposited[user]", "    self.pool.remove_liquidity(0, [0, 0])\n    return self.deposited[user]"
    )
    assert fixed_vy != MARKET_VY
    assert _found(fixed_vy, "read-only-reentrancy", "c.vy") == []


def test_lock_on_another_contract_does_not_count() -> None:
    other = MARKET8.replace(
        "    IStablePool public immutable pool;\n",
        "    IStablePool public immutable pool;\n    IStablePool public immutable other;\n",
    )
    other = other.replace(
        "    function _price() internal view returns (uint256) {\n",
        "    function _price() internal returns (uint256) {\n        other.claim_admin_fees();\n",
    )
    assert [x[0] for x in _default(other, "read-only-reentrancy")] == [14]


def test_price_only_shown_never_acted_on_is_low() -> None:
    shown = (
        MARKET8[: MARKET8.index("    function borrow")]
        + "    function price() external view returns (uint256) { return _price(); }\n}\n"
    )
    found = _found(shown, "read-only-reentrancy")
    assert found and all(c == "low" for _, _, c in found)


# -- hooks that run the caller's code: medium confidence ----------------------------------------------

TOKEN777 = """pragma solidity ^0.8.20;
interface IERC777 {
    function send(address to, uint256 amount, bytes calldata data) external;
    function operatorSend(address from, address to, uint256 amount, bytes calldata d, bytes calldata o) external;
}
contract Pass {
    IERC777 public immutable token;
    mapping(address => uint256) public held;
    uint256 public total;
    constructor(IERC777 t) { token = t; }
    function join(uint256 n) external {
        token.operatorSend(msg.sender, address(this), n, "", "");
        held[msg.sender] += n;
        total += n;
    }
    function leave() external {
        uint256 n = held[msg.sender];
        token.send(msg.sender, n, "");
        total -= n;
        held[msg.sender] = 0;
    }
}
"""

TOKEN777_04 = """pragma solidity ^0.4.24;
contract IERC777 {
    function send(address to, uint256 amount, bytes data) public;
}
contract Pass {
    IERC777 public token;
    mapping(address => uint256) public held;
    constructor(IERC777 t) public { token = t; }
    function leave(address to) public {
        uint256 n = held[msg.sender];
        token.send(to, n, "");
        held[msg.sender] = 0;
    }
}
"""

DROP721 = """pragma solidity ^0.8.20;
interface IERC721Receiver {
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4);
}
contract Drop {
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public minted;
    mapping(address => bool) public listed;
    uint256 public next;
    address public admin;
    constructor() { admin = msg.sender; }
    function list(address who) external {
        require(msg.sender == admin);
        listed[who] = true;
    }
    function mint(uint256 qty) external {
        require(listed[msg.sender], "not listed");
        require(minted[msg.sender] + qty <= 2, "cap");
        for (uint256 i; i < qty; ++i) {
            _safeMint(msg.sender, next + 1);
        }
        minted[msg.sender] += qty;
    }
    function _safeMint(address to, uint256 id) internal {
        ownerOf[id] = to;
        next = id;
        _check(to, id);
    }
    function _check(address to, uint256 id) internal {
        if (to.code.length != 0) {
            require(IERC721Receiver(to).onERC721Received(msg.sender, address(0), id, "") == 0x150b7a02);
        }
    }
}
"""


def test_erc777_send_to_the_caller_before_the_write_is_medium() -> None:
    assert [x[0] for x in _default(TOKEN777, "reentrancy")] == [18]
    assert [x[0] for x in _default(TOKEN777_04, "reentrancy")] == [11]


def test_erc777_pull_into_this_contract_stays_low() -> None:
    found = {x[0]: x[2] for x in _found(TOKEN777, "reentrancy")}
    assert found.get(12) == "low"  # operatorSend credits this contract: its debit-side hook is not raised


def test_erc777_send_after_the_writes_is_quiet() -> None:
    fixed = TOKEN777.replace(
        '        token.send(msg.sender, n, "");\n        total -= n;\n        held[msg.sender] = 0;\n',
        '        total -= n;\n        held[msg.sender] = 0;\n        token.send(msg.sender, n, "");\n',
    )
    assert fixed != TOKEN777
    assert 18 not in {x[0] for x in _found(fixed, "reentrancy")}


def test_erc777_send_to_a_fixed_treasury_stays_low() -> None:
    fixed = TOKEN777.replace(
        "    IERC777 public immutable token;\n",
        "    IERC777 public immutable token;\n    address public immutable treasury = msg.sender;\n",
    )
    fixed = fixed.replace('token.send(msg.sender, n, "")', 'token.send(treasury, n, "")')
    assert _default(fixed, "reentrancy") == []


def test_safe_mint_to_an_allowlisted_caller_before_the_cap_is_medium() -> None:
    found = _default(DROP721, "reentrancy")
    assert [x[0] for x in found] == [20]
    msg = next(f.message for f in scan_source(DROP721, "c.sol") if f.detector == "reentrancy")
    assert "`minted`" in msg


def test_safe_mint_after_the_cap_is_counted_stays_out_of_the_default_view() -> None:
    fixed = DROP721.replace(
        "        for (uint256 i; i < qty; ++i) {\n            _safeMint(msg.sender, next + 1);\n        }\n"
        "        minted[msg.sender] += qty;\n",
        "        minted[msg.sender] += qty;\n"
        "        for (uint256 i; i < qty; ++i) {\n            _safeMint(msg.sender, next + 1);\n        }\n",
    )
    assert fixed != DROP721
    assert _default(fixed, "reentrancy") == []


def test_safe_mint_to_the_owner_only_stays_low() -> None:
    owner = DROP721.replace(
        '        require(listed[msg.sender], "not listed");\n', "        require(msg.sender == admin);\n"
    )
    assert owner != DROP721
    assert _default(owner, "reentrancy") == []
