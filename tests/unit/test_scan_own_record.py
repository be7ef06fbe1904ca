"""A caller resetting its own record is not an authority write (src/nexus/scan/detectors/_authflow.py,
`unprotected-owner-write`): `wagers[msg.sender] = 0` after a play gives up the caller's own standing, or
puts it where any fresh address already is. Writing the owner, someone else's entry, granting oneself a
role, or clearing one's own entry in a list someone else fills (a ban list) stay reported. Own twins in
Solidity 0.4, 0.8 and Vyper."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _owner_writes(src: str, name: str = "c.sol") -> set[int]:
    """Lines of `unprotected-owner-write` findings in the default view (confidence medium or high); a
    one-shot paid registration (`require(wagers[msg.sender] == 0)`) is already a low-confidence note."""
    return {
        f.line
        for f in scan_source(src, name)
        if f.detector == "unprotected-owner-write" and f.confidence in ("medium", "high")
    }


GAME = """pragma solidity ^0.4.24;
contract Game {
    address public owner;
    mapping(address => uint256) public wagers;
    mapping(address => bool) public players;
    uint256 public joined;
    constructor() public { owner = msg.sender; }
    modifier onlyPlayers() { require(wagers[msg.sender] > 0); _; }
    function wager() public payable {
        require(wagers[msg.sender] == 0 && msg.value == 1 ether);
        wagers[msg.sender] = msg.value;
    }
    function play() public onlyPlayers {
        wagers[msg.sender] = 0;
        msg.sender.transfer(1 wei);
    }
    function quit() public { delete players[msg.sender]; }
    function kick(address who) public { require(msg.sender == owner); players[who] = false; }
    function join() public { require(players[msg.sender]); joined += 1; }
}
"""


def test_a_caller_resetting_its_own_record_is_quiet() -> None:
    assert _owner_writes(GAME) == set()


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("wagers[msg.sender] = 0;", "owner = msg.sender;", 14),  # the owner itself
        ("wagers[msg.sender] = 0;", "wagers[tx.origin == msg.sender ? owner : msg.sender] = 0;", 14),
        (
            "function quit() public { delete players[msg.sender]; }",
            "function quit(address a) public { delete players[a]; }",
            17,
        ),
        (
            "function quit() public { delete players[msg.sender]; }",
            "function quit() public { players[msg.sender] = true; }",
            17,
        ),
    ],
)
def test_authority_writes_stay_reported(old: str, new: str, line: int) -> None:
    src = GAME.replace(old, new)
    assert src != GAME
    assert line in _owner_writes(src)


STRIKES = """pragma solidity ^0.4.24;
contract Club {
    address public owner;
    mapping(address => uint256) public strikes;
    constructor() public { owner = msg.sender; }
    function strike(address who) public { require(msg.sender == owner); strikes[who] += 1; }
    function appeal() public { require(strikes[msg.sender] > 0); strikes[msg.sender] = 0; }
    uint256 public votes;
    function vote() public { require(strikes[msg.sender] == 0); votes += 1; }
}
"""


def test_clearing_strikes_someone_else_gave_stays_reported() -> None:
    assert 7 in _owner_writes(STRIKES)  # the owner's penalty undone by the penalised caller
    # the same record only ever raised by each caller for itself: a reset is what a fresh address has
    own = STRIKES.replace("require(msg.sender == owner); strikes[who] += 1;", "strikes[msg.sender] += 1;")
    assert 7 not in _owner_writes(own)


def test_an_internal_helper_resetting_the_callers_record_is_quiet() -> None:
    src = GAME.replace("wagers[msg.sender] = 0;\n", "_clear();\n").replace(
        "function join()", "function _clear() internal { wagers[msg.sender] = 0; }\n    function join()"
    )
    assert _owner_writes(src) == set()
    assert 14 in _owner_writes(src.replace("wagers[msg.sender] = 0; }", "owner = msg.sender; }"))


MODERN = """// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Seats {
    mapping(address => uint256) public seat;
    mapping(address => uint256) public strikes;
    address public admin;
    constructor() { admin = msg.sender; }
    function sit() external payable {
        require(seat[msg.sender] == 0); require(msg.value == 1 ether); seat[msg.sender] = 1; }
    function leave() external { require(seat[msg.sender] != 0); seat[msg.sender] = 0; }
    function pardon() external { require(strikes[msg.sender] > 0); delete strikes[msg.sender]; }
    function strike(address a) external { require(msg.sender == admin); strikes[a] += 1; }
    uint256 public uses;
    function use() external { require(strikes[msg.sender] == 0 && seat[msg.sender] > 0); uses += 1; }
}
"""


def test_solidity_08_twins() -> None:
    assert _owner_writes(MODERN) == {11}  # undoing the admin's strikes against oneself
    # strikes only ever raised by each caller for itself: dropping one's own is what a fresh address has
    own = MODERN.replace("require(msg.sender == admin); strikes[a] += 1;", "strikes[msg.sender] += 1;")
    assert 11 not in _owner_writes(own)
    assert 11 in _owner_writes(
        MODERN.replace("delete strikes[msg.sender];", "delete strikes[tx.origin == msg.sender ? admin : msg.sender];")
    )


VYPER = """# @version ^0.3.7
owner: public(address)
wagers: public(HashMap[address, uint256])

@external
def __init__():
    self.owner = msg.sender

@external
@payable
def wager():
    assert self.wagers[msg.sender] == 0
    assert msg.value == 1000
    self.wagers[msg.sender] = msg.value

@external
def play():
    assert self.wagers[msg.sender] > 0
    self.wagers[msg.sender] = 0
    send(msg.sender, 1)

@external
def sweep():
    assert msg.sender == self.owner
    send(msg.sender, self.balance)
"""


def test_vyper_twins() -> None:
    assert _owner_writes(VYPER, "c.vy") == set()
    assert 19 in _owner_writes(VYPER.replace("self.wagers[msg.sender] = 0", "self.owner = msg.sender"), "c.vy")
