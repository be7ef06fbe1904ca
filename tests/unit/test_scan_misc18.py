"""Round 18 (issue #15): access-control precision on pre-0.8 audited code (src/nexus/scan/callers.py:
what a helper handed the caller decides; src/nexus/scan/detectors/ for the rest).

* `require(canVote(msg.sender))` with a view helper that reads the caller's entry (`lastSession[a]`)
  and also the period and session counters: only the caller's entry decides who may call. A public
  `passPeriod()` that moves the period is no owner write; a public function writing anyone's entry
  (`lastSession[a] = s`) stays high/medium.
* `require(_stake(msg.sender, v))` with a helper that changes state (stakes for the caller, fails in the
  wrong phase) acts for the caller; it checks nobody against a stored authority, so `passPhase()` is no
  owner write. The same helper comparing the caller with `admin` keeps `admin` an authority: a public
  write of it stays high/medium.
* `if (!(amount == 0 || current > 0 || ids[a].length < MAX)) return;` and then, on the branch where
  `amount == 0` is false and `current == 0` holds, `ids[a].push(..)`: the only side left is the length
  cap, so the list never holds more than MAX entries and a loop over it is bounded (unbounded-loop
  quiet). The same either-or check without the length side (`amount < MAX`) stays medium/medium.
* `tokens = new address[](n)` wipes the old list at a cost per element, but in a constructor there is
  no old list (quiet) and in a one-shot initialiser (`require(!initialized); initialized = true;`) it
  runs once, at set-up: unbounded-growth low/low. The same wipe without the latch (callable again after
  anyone grows the list) stays medium/medium.
* A refund out of the caller's own payment (`if (asset == address(0)) { require(msg.value == amount); }`
  .. `if (asset == address(0)) { refund = amount - deposited; msg.sender.call{value: refund}(""); }`,
  SafeMath `amount.sub(deposited)` in 0.4) is no withdrawal (quiet). Without the `msg.value == amount`
  check the refund is whatever the caller names: unprotected-withdrawal stays high/medium.

Benign twins are quiet, vulnerable twins keep their severity and confidence; Solidity 0.4 and 0.8."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, detector: str) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector]


VIEW_04 = """pragma solidity ^0.4.24;
contract Court {
    address governor;
    uint public period;
    uint public session;
    mapping(address => uint) public lastSession;
    mapping(address => uint) public votes;
    constructor() public { governor = msg.sender; }
    function passPeriod() public {
        require(now > 0);
        period = period + 1;
        session += 1;
    }
    function canVote(address a) public view returns (bool) {
        if (lastSession[a] != session) return false;
        if (period < 2) return false;
        return true;
    }
    function vote() public {
        require(canVote(msg.sender));
        votes[msg.sender] += 1;
    }
}
"""

VIEW_08 = """pragma solidity ^0.8.20;
contract Court {
    address governor;
    uint public period;
    uint public session;
    mapping(address => uint) public lastSession;
    mapping(address => uint) public votes;
    constructor() { governor = msg.sender; }
    function passPeriod() public {
        require(block.timestamp > 0);
        period = period + 1;
        session += 1;
    }
    function canVote(address a) public view returns (bool) {
        if (lastSession[a] != session) return false;
        if (period < 2) return false;
        return true;
    }
    function vote() public {
        require(canVote(msg.sender));
        votes[msg.sender] += 1;
    }
}
"""

ACT_04 = """pragma solidity ^0.4.24;
contract Pool {
    address admin;
    uint public phase;
    uint public total;
    mapping(address => uint) public stakes;
    constructor() public { admin = msg.sender; }
    function passPhase() public {
        require(total > 0);
        phase = 1 - phase;
    }
    function _stake(address a, uint v) internal returns (bool) {
        if (phase != 0) return false;
        stakes[a] = v;
        total += v;
        return true;
    }
    function stake(uint v) public { require(_stake(msg.sender, v)); }
}
"""

ACT_08 = """pragma solidity ^0.8.20;
contract Pool {
    address admin;
    uint public phase;
    uint public total;
    mapping(address => uint) public stakes;
    constructor() { admin = msg.sender; }
    function passPhase() public {
        require(total > 0);
        phase = 1 - phase;
    }
    function _stake(address a, uint v) internal returns (bool) {
        if (phase != 0) return false;
        stakes[a] = v;
        total += v;
        return true;
    }
    function stake(uint v) public { require(_stake(msg.sender, v)); }
}
"""


def _bad_view(src: str) -> str:
    return src.replace(
        "    function vote() public {",
        "    function activate(address a, uint s) public { lastSession[a] = s; }\n    function vote() public {",
    )


def _bad_act(src: str) -> str:
    return src.replace("if (phase != 0) return false;", "if (a != admin) return false;").replace(
        "phase = 1 - phase;", "admin = msg.sender;"
    )


@pytest.mark.parametrize("src", [VIEW_04, VIEW_08])
def test_view_helper_other_reads_are_no_authority(src: str) -> None:
    assert _hits(src, "unprotected-owner-write") == []


@pytest.mark.parametrize("src", [VIEW_04, VIEW_08])
def test_view_helper_caller_entry_write_stays(src: str) -> None:
    bad = _bad_view(src)
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if "function activate" in t)
    assert _hits(bad, "unprotected-owner-write") == [(line, "high", "medium")]


@pytest.mark.parametrize("src", [ACT_04, ACT_08])
def test_state_changing_helper_is_no_caller_check(src: str) -> None:
    assert _hits(src, "unprotected-owner-write") == []


@pytest.mark.parametrize("src", [ACT_04, ACT_08])
def test_state_changing_helper_compared_admin_stays(src: str) -> None:
    bad = _bad_act(src)
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if "admin = msg.sender;" in t and "constructor" not in t)
    assert _hits(bad, "unprotected-owner-write") == [(line, "high", "medium")]


LOOP_04 = """pragma solidity ^0.4.24;
contract Stakes {
    uint constant MAX_PATHS = 4;
    mapping(address => uint[]) public ids;
    mapping(address => mapping(uint => uint)) public stake;
    function setStake(address a, uint court, uint amount) public {
        uint current = stake[a][court];
        if (!(amount == 0 || current > 0 || ids[a].length < MAX_PATHS)) return;
        stake[a][court] = amount;
        if (amount == 0) {
            stake[a][court] = 0;
        } else if (current == 0) ids[a].push(court);
    }
    function clear(address a) public {
        for (uint i = 0; i < ids[a].length; i++) stake[a][ids[a][i]] = 0;
    }
}
"""

LOOP_08 = """pragma solidity ^0.8.20;
contract Stakes {
    uint constant MAX_PATHS = 4;
    mapping(address => uint[]) public ids;
    mapping(address => mapping(uint => uint)) public stake;
    function setStake(address a, uint court, uint amount) public {
        uint current = stake[a][court];
        if (!(amount == 0 || current > 0 || ids[a].length < MAX_PATHS)) return;
        stake[a][court] = amount;
        if (amount == 0) {
            stake[a][court] = 0;
        } else if (current == 0) ids[a].push(court);
    }
    function clear(address a) public {
        for (uint i = 0; i < ids[a].length; i++) stake[a][ids[a][i]] = 0;
    }
}
"""


@pytest.mark.parametrize("src", [LOOP_04, LOOP_08])
def test_either_or_length_cap_bounds_the_list(src: str) -> None:
    assert _hits(src, "unbounded-loop") == []


@pytest.mark.parametrize("src", [LOOP_04, LOOP_08])
def test_either_or_without_length_side_stays(src: str) -> None:
    bad = src.replace("ids[a].length < MAX_PATHS", "amount < MAX_PATHS")
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if "for (uint i" in t)
    assert _hits(bad, "unbounded-loop") == [(line, "medium", "medium")]


WIPE_04 = """pragma solidity ^0.4.24;
contract Pool {
    address[] public tokens;
    bool public initialized;
    function init(address[] list) public {
        require(!initialized);
        initialized = true;
        tokens = new address[](list.length);
        for (uint i = 0; i < list.length; i++) tokens[i] = list[i];
    }
    function add(address t) public { tokens.push(t); }
}
"""

WIPE_08 = """pragma solidity ^0.8.20;
contract Pool {
    address[] public tokens;
    bool public initialized;
    function init(address[] memory list) public {
        require(!initialized);
        initialized = true;
        tokens = new address[](list.length);
        for (uint i = 0; i < list.length; i++) tokens[i] = list[i];
    }
    function add(address t) public { tokens.push(t); }
}
"""


def _line(src: str, text: str) -> int:
    return next(i for i, t in enumerate(src.splitlines(), 1) if text in t)


@pytest.mark.parametrize("src", [WIPE_04, WIPE_08])
def test_wipe_in_one_shot_initialiser_is_low(src: str) -> None:
    assert _hits(src, "unbounded-growth") == [(_line(src, "tokens = new"), "low", "low")]


@pytest.mark.parametrize("src", [WIPE_04, WIPE_08])
def test_wipe_in_constructor_is_quiet(src: str) -> None:
    ctor = src.replace("function init(", "constructor(")
    if "0.8" in src:
        ctor = ctor.replace("memory list) public", "memory list)")
    assert _hits(ctor, "unbounded-growth") == []


@pytest.mark.parametrize("src", [WIPE_04, WIPE_08])
def test_wipe_without_latch_stays(src: str) -> None:
    bad = src.replace("        require(!initialized);\n", "")
    assert _hits(bad, "unbounded-growth") == [(_line(bad, "tokens = new"), "medium", "medium")]


REFUND_04 = """pragma solidity ^0.4.24;
library SafeMath {
    function sub(uint256 a, uint256 b) internal pure returns (uint256) { require(b <= a); return a - b; }
    function add(uint256 a, uint256 b) internal pure returns (uint256) { uint256 c = a + b; require(c >= a); return c; }
}
contract Holder {
    using SafeMath for uint256;
    mapping(address => uint256) public holdings;
    function deposit(address asset, uint256 expected, uint256 amount) external payable {
        uint256 held = holdings[asset];
        require(held >= expected && held < expected.add(amount));
        uint256 deposited = expected.add(amount).sub(held);
        if (asset == address(0)) {
            require(msg.value == amount);
        }
        holdings[asset] = held.add(deposited);
        if (asset == address(0)) {
            uint256 refund = amount.sub(deposited);
            msg.sender.transfer(refund);
        }
    }
}
"""

REFUND_08 = """pragma solidity ^0.8.20;
contract Holder {
    mapping(address => uint256) public holdings;
    function deposit(address asset, uint256 expected, uint256 amount) external payable {
        uint256 held = holdings[asset];
        require(held >= expected && held < expected + amount);
        uint256 deposited = expected + amount - held;
        if (asset == address(0)) {
            require(msg.value == amount);
        }
        holdings[asset] = held + deposited;
        if (asset == address(0)) {
            uint256 refund = amount - deposited;
            (bool ok, ) = msg.sender.call{value: refund}("");
            require(ok);
        }
    }
}
"""


@pytest.mark.parametrize("src", [REFUND_04, REFUND_08])
def test_refund_of_checked_payment_is_quiet(src: str) -> None:
    assert _hits(src, "unprotected-withdrawal") == []


@pytest.mark.parametrize("src", [REFUND_04, REFUND_08])
def test_refund_without_payment_check_stays(src: str) -> None:
    bad = src.replace("            require(msg.value == amount);\n", "")
    line = _line(bad, "transfer(refund)" if "0.4" in src else "call{value: refund}")
    assert _hits(bad, "unprotected-withdrawal") == [(line, "high", "medium")]
