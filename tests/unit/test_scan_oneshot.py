"""Authorisation writes anyone reaches but cannot use to take over at will (src/nexus/scan/detectors/
_oneshot.py): a one-shot initialiser (`require(owner == address(0))`, or a flag it raises that nothing
lowers) is a low-confidence note, since only the window before the deployer's own call is open; a seat
the caller pays for (`require(msg.value >= fee); players[msg.sender] = true;`) is a sale. Free seats,
re-callable initialisers and misnamed constructors stay medium. Own twins (Solidity 0.4 and 0.5)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _owner_writes(src: str) -> dict[str, str]:
    return {f.function: f.confidence for f in scan_source(src, "c.sol") if f.detector == "unprotected-owner-write"}


ZERO = """pragma solidity ^0.4.24;
contract Vault {
    address public owner;
    function init() public {
        require(owner == address(0));
        owner = msg.sender;
    }
    function sweep() public {
        require(msg.sender == owner);
        msg.sender.transfer(address(this).balance);
    }
}
"""

FLAG = """pragma solidity ^0.5.0;
contract Vault {
    address payable public owner;
    bool public initialised;
    function init(address payable o) public {
        if (initialised) revert();
        initialised = true;
        owner = o;
    }
    function sweep() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
"""

MODIFIER = """pragma solidity ^0.5.0;
contract Vault {
    address payable public owner;
    bool private done;
    modifier initializer() { require(!done); done = true; _; }
    function init(address payable o) public initializer { owner = o; }
    function sweep() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
"""


@pytest.mark.parametrize("src", [ZERO, FLAG, MODIFIER], ids=["owner-zero", "flag", "modifier"])
def test_a_one_shot_initialiser_is_a_low_note(src: str) -> None:
    assert _owner_writes(src) == {"init": "low"}


@pytest.mark.parametrize(
    ("src", "old", "new"),
    [
        (ZERO, "        require(owner == address(0));\n", ""),  # anyone, any time
        (FLAG, "        if (initialised) revert();\n", ""),  # the flag is raised but never checked
        # a second function lowers the flag again: re-callable
        (FLAG, "    function sweep()", "    function reset() public { initialised = false; }\n    function sweep()"),
        (MODIFIER, " done = true;", ""),  # the modifier checks a flag nothing raises
    ],
)
def test_a_re_callable_initialiser_stays_medium(src: str, old: str, new: str) -> None:
    changed = src.replace(old, new)
    assert changed != src
    assert _owner_writes(changed).get("init") == "medium"


SEATS = """pragma solidity ^0.4.24;
contract Club {
    address public owner;
    mapping(address => bool) public members;
    uint256 public fee = 1 finney;
    modifier onlyMembers() { require(members[msg.sender]); _; }
    constructor() public { owner = msg.sender; }
    function join() public payable {
        require(msg.value >= 0.02 ether);
        members[msg.sender] = true;
    }
    function joinAtFee() public payable {
        require(msg.value == fee);
        members[msg.sender] = true;
    }
    function vote(uint256 id) public onlyMembers { }
    function cashOut() public { require(msg.sender == owner); msg.sender.transfer(address(this).balance); }
}
"""


def test_a_seat_the_caller_pays_for_is_a_low_note() -> None:
    assert _owner_writes(SEATS) == {"join": "low", "joinAtFee": "low"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("        require(msg.value >= 0.02 ether);\n", ""),  # a free seat: the check means nothing
        ("require(msg.value >= 0.02 ether);", "require(msg.value >= 0 ether);"),
        (
            "members[msg.sender] = true;\n    }\n    function joinAtFee",
            "members[tx.origin] = true;\n    }\n    function joinAtFee",
        ),
    ],
)
def test_a_free_seat_or_a_seat_for_someone_else_stays_medium(old: str, new: str) -> None:
    changed = SEATS.replace(old, new, 1)
    assert changed != SEATS
    assert _owner_writes(changed).get("join") == "medium"


def test_a_paid_seat_that_also_takes_the_owner_slot_stays_medium() -> None:
    src = SEATS.replace(
        "members[msg.sender] = true;\n    }\n    function joinAtFee",
        "members[msg.sender] = true;\n        owner = msg.sender;\n    }\n    function joinAtFee",
    )
    assert _owner_writes(src).get("join") == "medium"
