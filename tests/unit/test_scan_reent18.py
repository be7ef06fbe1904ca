"""Re-entrancy round 18 (detectors/_appointed.py, _trusted.py, reentrancy.py).

1. A state variable written outside constructors only by a function behind OpenZeppelin's `initializer`
   (or `onlyInitializing`) modifier is set once, by the initialiser, like one a zero-check initialiser
   sets (round 17): a call to it that is a plain account operation is fixed, and the stale write after it
   is a low note. Stay: the same variable with an open setter too, and an initialiser without the
   modifier.

2. `mint`/`burn` variants named for the token (`mintTokens`, `burnOWL`, `mintFor`) on a token fixed at
   deployment credit or debit the accounts they are handed, like `mint`/`burn`: a low note. Stay: a
   `mintAndCall` (runs a hook on the receiver), and `mintTokens` on a token anyone may set.

3. `read-only-reentrancy` (_inflight.py) reads a callee set once by an initialiser (`initializer`, or
   round 17's zero-checked initialiser) as fixed too, like `reentrancy` does: a deposit into it does not
   hand control to a reader, quiet. Stays: an initialiser anyone may call again.

Each benign twin fails on the old code; each vulnerable twin keeps the old severity and confidence.
Solidity 0.4 and 0.8; Vyper for change 2 (Vyper has no modifiers).
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

INIT_08 = """pragma solidity ^0.8.20;
interface IToken {
    function transfer(address to, uint256 amount) external returns (bool);
}
abstract contract Initializable {
    bool private _initialized;
    modifier initializer() {
        require(!_initialized, "done");
        _initialized = true;
        _;
    }
}
contract Faucet is Initializable {
    IToken public asset;
    mapping(address => uint256) public owed;
    function initialize(IToken _asset) public MOD {
        asset = _asset;
    }
    EXTRA
    function claim(address user) external {
        uint256 amount = owed[user];
        require(asset.transfer(user, amount));
        owed[user] = 0;
    }
}
"""

INIT_04 = """pragma solidity ^0.4.24;
contract IToken {
    function transfer(address to, uint256 amount) public returns (bool);
}
contract Initializable {
    bool private initialized;
    modifier initializer() {
        require(!initialized);
        initialized = true;
        _;
    }
}
contract Faucet is Initializable {
    IToken public asset;
    mapping(address => uint256) public owed;
    function initialize(IToken _asset) public MOD {
        asset = _asset;
    }
    EXTRA
    function claim(address user) public {
        uint256 amount = owed[user];
        require(asset.transfer(user, amount));
        owed[user] = 0;
    }
}
"""

_INIT_BENIGN = {"initializer": ("initializer", "")}
_INIT_VULNERABLE = {
    # anyone may point `asset` anywhere after the initialiser ran
    "open-setter": ("initializer", "function setAsset(IToken a) public { asset = a; }"),
    # no modifier: anyone may call `initialize` again
    "no-modifier": ("", ""),
}

SUPPLY_08 = """pragma solidity ^0.8.20;
interface IFrt {
    function mintTokens(address user, uint256 amount) external;
    function mintAndCall(address user, uint256 amount) external;
}
contract Exchange {
    address public owner;
    IFrt public frt;
    mapping(address => uint256) public earned;
    constructor(IFrt _frt) { owner = msg.sender; frt = _frt; }
    EXTRA
    function claim() external {
        uint256 amount = earned[msg.sender];
        frt.CALL(msg.sender, amount);
        earned[msg.sender] = 0;
    }
}
"""

SUPPLY_04 = """pragma solidity ^0.4.24;
contract IFrt {
    function mintTokens(address user, uint256 amount) public;
    function mintAndCall(address user, uint256 amount) public;
}
contract Exchange {
    address public owner;
    IFrt public frt;
    mapping(address => uint256) public earned;
    constructor(IFrt _frt) public { owner = msg.sender; frt = _frt; }
    EXTRA
    function claim() public {
        uint256 amount = earned[msg.sender];
        frt.CALL(msg.sender, amount);
        earned[msg.sender] = 0;
    }
}
"""

SUPPLY_VY = """
interface Frt:
    def mintTokens(user: address, amount: uint256): nonpayable
    def mintAndCall(user: address, amount: uint256): nonpayable

frt: public(Frt)
earned: public(HashMap[address, uint256])

@external
def __init__(f: address):
    self.frt = Frt(f)

EXTRA

@external
def claim():
    amount: uint256 = self.earned[msg.sender]
    self.frt.CALL(msg.sender, amount)
    self.earned[msg.sender] = 0
"""

_SUPPLY_BENIGN = {"mintTokens": ("mintTokens", "")}
_SUPPLY_VULNERABLE = {
    # the receiver's hook runs
    "and-call": ("mintAndCall", ""),
    # anyone may point `frt` anywhere
    "open-token": ("mintTokens", "function setFrt(IFrt f) public { frt = f; }"),
}
_VY_OPEN = "@external\ndef setFrt(f: address):\n    self.frt = Frt(f)\n"


def _reent(src: str, name: str = "c.sol") -> set[tuple[str, str]]:
    return {(f.severity, f.confidence) for f in scan_source(src, name) if f.detector == "reentrancy"}


def _init(template: str, parts: tuple[str, str]) -> str:
    return template.replace("MOD", parts[0]).replace("EXTRA", parts[1])


def _supply(template: str, parts: tuple[str, str]) -> str:
    return template.replace("CALL", parts[0]).replace("EXTRA", parts[1])


@pytest.mark.parametrize("case", sorted(_INIT_BENIGN))
@pytest.mark.parametrize("template", [INIT_08, INIT_04], ids=["0.8", "0.4"])
def test_callee_set_by_an_initializer_function_is_a_low_note(template: str, case: str) -> None:
    assert _reent(_init(template, _INIT_BENIGN[case])) == {("low", "low")}


@pytest.mark.parametrize("case", sorted(_INIT_VULNERABLE))
@pytest.mark.parametrize("template", [INIT_08, INIT_04], ids=["0.8", "0.4"])
def test_callee_anyone_may_set_again_stays(template: str, case: str) -> None:
    assert _reent(_init(template, _INIT_VULNERABLE[case])) == {("medium", "low")}


@pytest.mark.parametrize("case", sorted(_SUPPLY_BENIGN))
@pytest.mark.parametrize("template", [SUPPLY_08, SUPPLY_04], ids=["0.8", "0.4"])
def test_mint_variant_on_a_fixed_token_is_a_low_note(template: str, case: str) -> None:
    assert _reent(_supply(template, _SUPPLY_BENIGN[case])) == {("low", "low")}


@pytest.mark.parametrize("case", sorted(_SUPPLY_VULNERABLE))
@pytest.mark.parametrize("template", [SUPPLY_08, SUPPLY_04], ids=["0.8", "0.4"])
def test_mint_hook_or_open_token_stays(template: str, case: str) -> None:
    assert _reent(_supply(template, _SUPPLY_VULNERABLE[case])) == {("medium", "low")}


def test_vyper_mint_variant_quiet_and_hook_or_open_token_stays() -> None:
    assert _reent(SUPPLY_VY.replace("CALL", "mintTokens").replace("EXTRA", ""), "c.vy") == {("low", "low")}
    assert _reent(SUPPLY_VY.replace("CALL", "mintAndCall").replace("EXTRA", ""), "c.vy") == {("medium", "low")}
    assert _reent(SUPPLY_VY.replace("CALL", "mintTokens").replace("EXTRA", _VY_OPEN), "c.vy") == {("medium", "low")}


VAULT_08 = """pragma solidity ^0.8.20;
interface IVault {
    function deposit() external payable;
}
abstract contract Initializable {
    bool private _initialized;
    modifier initializer() {
        require(!_initialized, "done");
        _initialized = true;
        _;
    }
}
contract Pool is Initializable {
    IVault public vault;
    uint256 public total;
    function initialize(IVault v) public MOD {
        INIT
    }
    function stake() external payable {
        vault.deposit{value: msg.value}();
        total += msg.value;
    }
    function assets() external view returns (uint256) { return total; }
}
"""

VAULT_04 = """pragma solidity ^0.4.24;
contract IVault {
    function deposit() public payable;
}
contract Initializable {
    bool private initialized;
    modifier initializer() {
        require(!initialized);
        initialized = true;
        _;
    }
}
contract Pool is Initializable {
    IVault public vault;
    uint256 public total;
    function initialize(IVault v) public MOD {
        INIT
    }
    function stake() public payable {
        vault.deposit.value(msg.value)();
        total += msg.value;
    }
    function assets() public view returns (uint256) { return total; }
}
"""

_VAULT = {
    # set once: by an `initializer` function, or by a zero-checked initialiser (round 17's shape)
    "initializer": ("initializer", "vault = v;", False),
    "zero-check": ("", "require(vault == IVault(0));\n        vault = v;", False),
    # anyone may call `initialize` again and point `vault` at their contract
    "no-guard": ("", "vault = v;", True),
}


def _ro(src: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "read-only-reentrancy"]


@pytest.mark.parametrize("case", sorted(_VAULT))
@pytest.mark.parametrize("template", [VAULT_08, VAULT_04], ids=["0.8", "0.4"])
def test_read_only_reentrancy_callee_set_once_is_quiet(template: str, case: str) -> None:
    mod, init, open_ = _VAULT[case]
    got = _ro(template.replace("MOD", mod).replace("INIT", init))
    assert got == ([("medium", "low")] if open_ else []), got
