"""Round 20 (prec20m) of the arithmetic detectors:

* a power of ten raised to a token's `decimals()` (_decimals.py): `10 ** token.decimals()`, directly, via a
  cast, or through a local or memory struct field set only from such a call, is one whole token's scale and
  fits in 256 bits (price adapters and valuers). An exponent the caller passes stays reported, with the
  same severity and confidence as before.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _found(src: str, detector: str = "integer-overflow") -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == detector]


# -- a power of ten of a token's decimals -----------------------------------------------------------

_DEC06 = """pragma solidity 0.6.12;
interface IERC20 { function decimals() external view returns (uint8); }
contract Oracle {
    struct Info { uint256 dec; }
    mapping(address => uint256) public unit;
    function add(address token) external {
        uint256 d = IERC20(token).decimals();
        unit[token] = 10 ** d;
    }
    function addStruct(address token) external {
        Info memory info;
        info.dec = IERC20(token).decimals();
        unit[token] = 10 ** info.dec;
    }
    function addDirect(address token) external {
        unit[token] = 10 ** uint256(IERC20(token).decimals());
    }
}
"""

_DEC08 = """pragma solidity ^0.8.4;
interface IERC20 { function decimals() external view returns (uint8); }
contract Oracle {
    mapping(address => uint256) public unit;
    function add(address token) external {
        unchecked {
            uint256 d = IERC20(token).decimals();
            unit[token] = 10 ** d;
        }
    }
}
"""

# The exponent is a number anyone stores (`setDecimals`), not a token's `decimals()`: `10 ** 100` wraps.
_SETTER = (
    "    mapping(address => uint256) public decs;\n"
    "    function setDecimals(address t, uint256 d) external { decs[t] = d; }\n"
)
_VULN06 = _DEC06.replace("IERC20(token).decimals()", "decs[token]").replace(
    "contract Oracle {\n", "contract Oracle {\n" + _SETTER
)
_VULN08 = _DEC08.replace("IERC20(token).decimals()", "decs[token]").replace(
    "contract Oracle {\n", "contract Oracle {\n" + _SETTER
)
# A local also written from the caller's value: not a token's decimals only.
_MIXED06 = _DEC06.replace(
    "uint256 d = IERC20(token).decimals();\n", "uint256 d = IERC20(token).decimals();\n        if (d == 0) d = extra;\n"
).replace("function add(address token)", "function add(address token, uint256 extra)")


@pytest.mark.parametrize("src", [_DEC06, _DEC08])
def test_power_of_token_decimals_is_quiet(src: str) -> None:
    assert _found(src) == []


@pytest.mark.parametrize(("src", "line"), [(_VULN06, 10), (_VULN08, 10), (_MIXED06, 9)])
def test_power_of_callers_exponent_stays(src: str, line: int) -> None:
    found = _found(src)
    assert any(x[0] == line and x[1] in ("medium", "high") and x[2] in ("medium", "high") for x in found), found


# -- shares whose total every setter caps (MasterChef's devPercent + treasuryPercent) ---------------

_SHARES06 = """pragma solidity 0.6.12;
contract Chef {
    address public owner;
    uint256 public devPercent;
    uint256 public treasuryPercent;
    uint256 public lastReward;
    modifier onlyOwner() { require(msg.sender == owner); _; }
    constructor(uint256 _dev, uint256 _treasury) public {
        require(_dev <= 1000 && _treasury <= 1000);
        require(_dev + _treasury <= 1000);
        owner = msg.sender;
        devPercent = _dev;
        treasuryPercent = _treasury;
    }
    function setDevPercent(uint256 _new) public onlyOwner {
        require(0 <= _new && _new <= 1000, "invalid");
        require(treasuryPercent + _new <= 1000, "over max");
        devPercent = _new;
    }
    function setTreasuryPercent(uint256 _new) public onlyOwner {
        require(0 <= _new && _new <= 1000, "invalid");
        require(devPercent + _new <= 1000, "over max");
        treasuryPercent = _new;
    }
    function update(uint256 reward) public {
        lastReward = reward / 1000 * (1000 - devPercent - treasuryPercent);
    }
}
"""

_SHARES08 = _SHARES06.replace("pragma solidity 0.6.12;", "pragma solidity ^0.8.0;").replace(
    " public {\n        require(_dev", " {\n        require(_dev"
)
_SHARES08 = _SHARES08.replace(
    "lastReward = reward / 1000 * (1000 - devPercent - treasuryPercent);",
    "unchecked { lastReward = reward / 1000 * (1000 - devPercent - treasuryPercent); }",
)

# The treasury setter checks its share alone, not the total: dev 1000 + treasury 1000 makes the rest wrap.
_UNCAPPED06 = _SHARES06.replace('        require(devPercent + _new <= 1000, "over max");\n', "")
_UNCAPPED08 = _SHARES08.replace('        require(devPercent + _new <= 1000, "over max");\n', "")


@pytest.mark.parametrize("src", [_SHARES06, _SHARES08])
def test_capped_shares_remainder_is_quiet(src: str) -> None:
    assert _found(src) == []


@pytest.mark.parametrize("src", [_UNCAPPED06, _UNCAPPED08])
def test_uncapped_share_remainder_stays(src: str) -> None:
    line = src.splitlines().index(next(x for x in src.splitlines() if "1000 - devPercent" in x)) + 1
    # as before this round: medium severity, low confidence (the shares are owner-set, a trusted input)
    assert (line, "medium", "low") in _found(src)


# -- a caller check split across `if`/`else` (Compound's Timelock) -------------------------------------

_TIMELOCK06 = """pragma solidity 0.6.12;
contract Timelock {
    address public admin;
    address public pendingAdmin;
    bool public admin_initialized;
    constructor(address admin_) public { admin = admin_; }
    function acceptAdmin() public {
        require(msg.sender == pendingAdmin, "not pending");
        admin = msg.sender;
        pendingAdmin = address(0);
    }
    function setPendingAdmin(address pendingAdmin_) public {
        if (admin_initialized) {
            require(msg.sender == address(this), "Call must come from Timelock.");
        } else {
            require(msg.sender == admin, "First call must come from admin.");
            admin_initialized = true;
        }
        pendingAdmin = pendingAdmin_;
    }
}
"""
_TIMELOCK08 = _TIMELOCK06.replace("pragma solidity 0.6.12;", "pragma solidity ^0.8.0;").replace(") public {", ") {", 1)

# The first call is anyone's: the `else` branch checks nothing, so anyone becomes the pending admin.
_OPEN06 = _TIMELOCK06.replace('            require(msg.sender == admin, "First call must come from admin.");\n', "")
_OPEN08 = _TIMELOCK08.replace('            require(msg.sender == admin, "First call must come from admin.");\n', "")


@pytest.mark.parametrize("src", [_TIMELOCK06, _TIMELOCK08])
def test_split_caller_check_is_quiet(src: str) -> None:
    assert _found(src, "unprotected-owner-write") == []


@pytest.mark.parametrize("src", [_OPEN06, _OPEN08])
def test_one_unchecked_branch_stays(src: str) -> None:
    line = src.splitlines().index("        pendingAdmin = pendingAdmin_;") + 1
    assert (line, "high", "medium") in _found(src, "unprotected-owner-write")


# -- a push in an `initializer` runs once (StableJoeStaking's first reward token) --------------------

_INIT07 = """pragma solidity 0.7.6;
contract Staking {
    address public owner;
    address[] public rewardTokens;
    mapping(address => uint256) public acc;
    bool private done;
    modifier initializer() { require(!done); _; done = true; }
    modifier onlyOwner() { require(msg.sender == owner); _; }
    function initialize(address _rewardToken) external initializer {
        owner = msg.sender;
        rewardTokens.push(_rewardToken);
    }
    function addRewardToken(address _rewardToken) external onlyOwner {
        require(rewardTokens.length < 25, "list of token too big");
        rewardTokens.push(_rewardToken);
    }
    function deposit(uint256 amount) external {
        uint256 _len = rewardTokens.length;
        for (uint256 i; i < _len; i++) {
            acc[rewardTokens[i]] += amount;
        }
    }
}
"""
_INIT08 = _INIT07.replace("pragma solidity 0.7.6;", "pragma solidity ^0.8.0;")
# No `initializer`: anyone calls `initialize` again and again, and every call lengthens the list.
_REINIT07 = _INIT07.replace(" external initializer {", " external {")
_REINIT08 = _INIT08.replace(" external initializer {", " external {")


@pytest.mark.parametrize("src", [_INIT07, _INIT08])
def test_initializer_push_is_quiet(src: str) -> None:
    assert _found(src, "unbounded-loop") == []


@pytest.mark.parametrize("src", [_REINIT07, _REINIT08])
def test_reenterable_initialize_push_stays(src: str) -> None:
    assert (19, "medium", "medium") in _found(src, "unbounded-loop")
