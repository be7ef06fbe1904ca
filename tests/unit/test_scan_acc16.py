"""Round 16 (issue #15): access-control precision on audited code (src/nexus/scan/detectors/access.py,
_ownrow.py). A caller writing its own row of a per-owner approval mapping (`operators[msg.sender][op] =
ok`, directly or through an internal writer bound to `msg.sender`) while every caller check reads the
mapping at another row (`isApprovedForAll(from, msg.sender)`) grants the caller nothing: quiet. The
vulnerable twins (`admins[msg.sender] = true` checked at the caller's own row) stay high/medium.
Own twins in Solidity 0.4 and 0.8 (and Vyper)."""

from __future__ import annotations

from nexus.scan import scan_source

APPROVALS_08 = """pragma solidity ^0.8.20;
contract Token {
    mapping(address => mapping(address => bool)) internal operators;
    mapping(uint256 => address) public ownerOf;
    function isApprovedForAll(address _owner, address _operator) public view returns (bool) {
        return operators[_owner][_operator];
    }
    function setApprovalForAll(address op, bool ok) external {
        %s
    }
    function _set(address owner, address op, bool ok) internal {
        require(owner != op);
        operators[owner][op] = ok;
    }
    function transferFrom(address from, address to, uint256 id) external {
        require(msg.sender == from || isApprovedForAll(from, msg.sender), "not allowed");
        require(ownerOf[id] == from);
        ownerOf[id] = to;
    }
}
"""
DIRECT = "operators[msg.sender][op] = ok;"
HELPER = "_set(msg.sender, op, ok);"

ROLES_08 = """pragma solidity ^0.8.20;
contract Roles {
    mapping(address => bool) public admins;
    function isAdmin(address who) public view returns (bool) { return admins[who]; }
    function claim() external {
        %s
    }
    function _grant(address who) internal { admins[who] = true; }
    function sweep(address payable to) external {
        require(admins[msg.sender]);
        to.transfer(address(this).balance);
    }
}
"""

APPROVALS_04 = """pragma solidity ^0.4.24;
contract Token {
    mapping(address => mapping(address => bool)) operators;
    mapping(uint256 => address) public ownerOf;
    function setApprovalForAll(address op, bool ok) public {
        operators[msg.sender][op] = ok;
    }
    function isApprovedForAll(address o, address op) public view returns (bool) { return operators[o][op]; }
    function transferFrom(address from, address to, uint256 id) public {
        require(msg.sender == from || isApprovedForAll(from, msg.sender));
        require(ownerOf[id] == from);
        ownerOf[id] = to;
    }
}
"""
ADMINS_04 = """pragma solidity ^0.4.24;
contract Club {
    mapping(address => bool) admins;
    function join() public {
        admins[msg.sender] = true;
    }
    function sweep(address to) public {
        require(admins[msg.sender]);
        to.transfer(this.balance);
    }
}
"""

TRANSFEROR_08 = """pragma solidity ^0.8.20;
contract Lane {
    struct Transferor { address addr; uint64 fixedUntil; }
    mapping(address => Transferor) public transferorOf;
    mapping(uint64 => address) public controller;
    uint64 public round;
    function setTransferor(Transferor calldata t) external {
        Transferor storage cur = transferorOf[msg.sender];
        if (cur.addr != address(0) && cur.fixedUntil > round) revert();
        transferorOf[msg.sender] = t;
    }
    function transfer(uint64 r, address next) external {
        address elc = controller[r];
        address transferor = transferorOf[elc].addr;
        if (transferor != address(0)) {
            if (transferor != msg.sender) revert();
        } else if (elc != msg.sender) {
            revert();
        }
        controller[r] = next;
    }
}
"""

APPROVALS_VY = """
operators: HashMap[address, HashMap[address, bool]]
owner_of: HashMap[uint256, address]

@external
def setApprovalForAll(op: address, ok: bool):
    self.operators[msg.sender][op] = ok

@internal
@view
def _approved(o: address, op: address) -> bool:
    return self.operators[o][op]

@external
def transferFrom(sender: address, to: address, id: uint256):
    assert msg.sender == sender or self._approved(sender, msg.sender)
    assert self.owner_of[id] == sender
    self.owner_of[id] = to
"""
ROLES_VY = """
admins: HashMap[address, bool]

@external
def join():
    self.admins[msg.sender] = True

@external
def sweep(to: address):
    assert self.admins[msg.sender]
    send(to, self.balance)
"""


def _ow(src: str, name: str = "c.sol") -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, name) if f.detector == "unprotected-owner-write"]


def test_own_approval_row_is_quiet_08() -> None:
    assert _ow(APPROVALS_08 % DIRECT) == []


def test_own_approval_row_through_internal_writer_is_quiet_08() -> None:
    assert _ow(APPROVALS_08 % HELPER) == []


def test_internal_writer_bound_to_a_parameter_stays_08() -> None:
    src = APPROVALS_08.replace(
        "function setApprovalForAll(address op", "function setApprovalForAll(address who, address op"
    )
    assert _ow(src % "_set(who, op, ok);") == [("high", "medium")]


def test_row_written_for_anyone_stays_08() -> None:
    src = APPROVALS_08.replace(
        "function setApprovalForAll(address op", "function setApprovalForAll(address who, address op"
    )
    assert _ow(src % "operators[who][op] = ok;") == [("high", "medium")]


def test_caller_keyed_role_stays_08() -> None:
    assert _ow(ROLES_08 % "admins[msg.sender] = true;") == [("high", "medium")]
    assert _ow(ROLES_08 % "_grant(msg.sender);") == [("high", "medium")]


def test_own_approval_row_is_quiet_04() -> None:
    assert _ow(APPROVALS_04) == []


def test_caller_keyed_admin_stays_04() -> None:
    assert _ow(ADMINS_04) == [("high", "medium")]


def test_own_transferor_row_is_quiet_08() -> None:
    assert _ow(TRANSFEROR_08) == []


def test_transferor_checked_at_caller_row_stays_08() -> None:
    src = TRANSFEROR_08.replace(
        "address transferor = transferorOf[elc].addr;", "address transferor = transferorOf[msg.sender].addr;"
    )
    assert _ow(src) == [("high", "medium")]


def test_vyper_own_row_quiet_and_caller_keyed_stays() -> None:
    assert _ow(APPROVALS_VY, "c.vy") == []
    assert _ow(ROLES_VY, "c.vy") == [("high", "medium")]


# Two authorities checked by nested ifs (`if (msg.sender != a) { o = a.owner(); if (msg.sender != o) revert(); }`):
# after the outer if, the caller is `a` or `a`'s owner.
NESTED_08 = """pragma solidity ^0.8.20;
interface IOwnable { function owner() external view returns (address); }
contract Bridge {
    IOwnable public rollup;
    modifier onlyRollupOrOwner() {
        if (msg.sender != address(rollup)) {
            address rollupOwner = rollup.owner();
            if (%s) {
                revert();
            }
        }
        _;
    }
    function updateRollupAddress(IOwnable r) external onlyRollupOrOwner {
        rollup = r;
    }
}
"""
NESTED_04 = """pragma solidity ^0.4.24;
contract Bridge {
    address public rollup;
    address public admin;
    function updateRollup(address r) public {
        if (msg.sender != rollup) {
            if (%s) throw;
        }
        rollup = r;
    }
    function setAdmin(address a) public {
        require(msg.sender == admin);
        admin = a;
    }
}
"""


def test_nested_two_authority_guard_is_quiet_08() -> None:
    assert _ow(NESTED_08 % "msg.sender != rollupOwner") == []


def test_nested_guard_not_about_the_caller_stays_08() -> None:
    assert _ow(NESTED_08 % "rollupOwner == address(0)") == [("high", "medium")]


def test_nested_two_authority_guard_is_quiet_04() -> None:
    assert _ow(NESTED_04 % "msg.sender != admin") == []


def test_nested_guard_not_about_the_caller_stays_04() -> None:
    assert _ow(NESTED_04 % "r == address(0)") == [("high", "medium")]
