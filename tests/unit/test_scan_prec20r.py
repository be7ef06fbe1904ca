"""Re-entrancy round 20 (src/nexus/scan/detectors/_fieldset.py, _trusted.trusted_call).

The fact an auditor uses to dismiss MasterChef's `emergencyWithdraw` (`pool.lpToken.safeTransfer(msg.sender,
user.amount)` before `user.amount = 0`), read on the IR, not on any package's names: **the callee is one
field of a stored record that only the owner writes.** Anyone picks the pool (`_pid`) and anyone's
`updatePool` writes other fields of it through a storage pointer, so the record as a whole is open; but its
`lpToken` field is written only when the owner adds a pool (`onlyOwner add(..) { poolInfo.push(..) }`), so
the token's code is the owner's choice and the stale write is a low note, as for an owner-set state
variable. The receiver's type is also read through the struct field (`pool.lpToken` → `IERC20`), so a
`using SafeERC20 for IERC20` wrapper on it is seen. The twins let anyone set the field or push a pool:
they stay medium. Each benign twin fails on the old code; Solidity 0.5 and 0.8."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

CHEF = """pragma solidity PRAGMA;
interface IERC20 { function transfer(address to, uint256 v) external returns (bool); }
LIBRARY
contract Chef {
    using SafeERC20 for IERC20;
    struct PoolInfo { IERC20 lpToken; uint256 acc; uint256 last; }
    struct UserInfo { uint256 amount; uint256 debt; }
    address public owner;
    PoolInfo[] public poolInfo;
    mapping(uint256 => mapping(address => UserInfo)) public userInfo;
    modifier onlyOwner() { require(msg.sender == owner, "owner"); _; }
    constructor() public { owner = msg.sender; }
    function add(IERC20 token) external ADDGUARD {
        poolInfo.push(PoolInfo({lpToken: token, acc: 0, last: block.number}));
    }
    function setToken(uint256 pid, IERC20 token) external SETGUARD { poolInfo[pid].lpToken = token; }
    function updatePool(uint256 pid) public {
        PoolInfo storage pool = poolInfo[pid];
        pool.acc = pool.acc + 1;
        pool.last = block.number;
    }
    function emergencyWithdraw(uint256 pid) external {
        PoolInfo storage pool = poolInfo[pid];
        UserInfo storage user = userInfo[pid][msg.sender];
        pool.lpToken.CALL(msg.sender, user.amount);
        user.amount = 0;
        user.debt = 0;
    }
}
"""


_LIB = {
    "declared": """library SafeERC20 {
    function safeTransfer(IERC20 t, address to, uint256 v) internal { require(t.transfer(to, v)); }
}""",
    # the import cannot be read here: `using SafeERC20 for IERC20` still names a library (only one may follow `using`)
    "imported": 'import "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";',
}


def _src(pragma: str, call: str, add: str = "onlyOwner", set_: str = "onlyOwner", lib: str = "declared") -> str:
    src = (
        CHEF.replace("LIBRARY", _LIB[lib])
        .replace("PRAGMA", pragma)
        .replace("CALL", call)
        .replace("ADDGUARD", add)
        .replace("SETGUARD", set_)
    )
    return src.replace("constructor() public", "constructor()") if pragma.startswith("^0.8") else src


def _reentrancy(src: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, "Chef.sol") if f.detector == "reentrancy"]


@pytest.mark.parametrize("pragma", ["^0.6.12", "^0.8.13"])
@pytest.mark.parametrize("call", ["transfer", "safeTransfer"])
def test_owner_written_record_field_is_a_low_note(pragma: str, call: str) -> None:
    found = _reentrancy(_src(pragma, call))
    assert found == [("low", "low")]  # was ("medium", "low")


@pytest.mark.parametrize("pragma", ["^0.6.12", "^0.8.13"])
def test_imported_safe_wrapper_on_owner_field_is_a_low_note(pragma: str) -> None:
    found = _reentrancy(_src(pragma, "safeTransfer", lib="imported"))
    assert found == [("low", "low")]  # was ("medium", "low")


@pytest.mark.parametrize("pragma", ["^0.6.12", "^0.8.13"])
@pytest.mark.parametrize(("add", "set_"), [("onlyOwner", ""), ("", "onlyOwner")])
@pytest.mark.parametrize("lib", ["declared", "imported"])
def test_field_anyone_writes_stays_medium(pragma: str, add: str, set_: str, lib: str) -> None:
    # anyone may set the pool's token (`setToken`) or push a pool with a token of their choice (`add`)
    found = _reentrancy(_src(pragma, "safeTransfer", add, set_, lib))
    assert found == [("medium", "low")]  # as before this round
