"""Round 19 precision (prec19m): a delegating proxy whose implementation only the constructor or a
caller-checked setter writes (Compound's `Unitroller`/`*Delegator`), and a low-level call's success flag
checked in inline assembly (`switch success case 0 { revert(..) }`, `if eq(success, 0) { revert(..) }`)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source

HEAD = {"0.5": "pragma solidity ^0.5.16;", "0.8": "pragma solidity ^0.8.10;"}
FALLBACK = {"0.5": "function () external payable", "0.8": "fallback() external payable"}
RDS = {"0.5": "returndatasize", "0.8": "returndatasize()"}
CTOR = {"0.5": "constructor(address impl) public", "0.8": "constructor(address impl)"}

DELEGATOR = """{head}
contract Delegator {{
    address public admin;
    address public implementation;
    {ctor} {{ admin = msg.sender; implementation = impl; }}
    function _setImplementation(address impl) public returns (uint) {{
        {check}
        implementation = impl;
        return 0;
    }}
    {fallback} {{
        (bool success, ) = implementation.delegatecall(msg.data);
        assembly {{
            let free_mem_ptr := mload(0x40)
            returndatacopy(free_mem_ptr, 0, {rds})
            switch {flag}
            case 0 {{ revert(free_mem_ptr, {rds}) }}
            default {{ return(free_mem_ptr, {rds}) }}
        }}
    }}
    function delegateTo(address callee, bytes memory data) internal returns (bytes memory) {{
        (bool ok, bytes memory returnData) = callee.delegatecall(data);
        assembly {{
            if eq({flag2}, 0) {{ revert(add(returnData, 0x20), {rds}) }}
        }}
        return returnData;
    }}
}}
"""
GUARDS = {
    "inline-if": "if (msg.sender != admin) { return 1; }",
    "require": 'require(msg.sender == admin, "admin only");',
}


def _src(ver: str, check: str, flag: str = "success", flag2: str = "ok") -> str:
    return DELEGATOR.format(
        head=HEAD[ver], ctor=CTOR[ver], fallback=FALLBACK[ver], rds=RDS[ver], check=check, flag=flag, flag2=flag2
    )


def _hm(src: str, detector: str) -> list[tuple[int, str, str]]:
    found = scan_source(src, "Delegator.sol")
    return [
        (f.line, f.severity, f.confidence) for f in found if f.detector == detector and f.severity in ("high", "medium")
    ]


@pytest.mark.parametrize("ver", ["0.5", "0.8"])
@pytest.mark.parametrize("guard", sorted(GUARDS))
def test_proxy_whose_implementation_setter_checks_the_caller_inline_is_not_an_open_delegatecall(
    ver: str, guard: str
) -> None:
    assert _hm(_src(ver, GUARDS[guard]), "unprotected-delegatecall") == []
    # the vulnerable twin: the setter checks something other than the caller -> anyone repoints the proxy
    open_ = _src(ver, "if (impl == address(0)) { return 1; }")
    assert _hm(open_, "unprotected-delegatecall") == [(12, "high", "high")]
    assert [x[0] for x in _hm(open_, "unprotected-owner-write")] == [8]


@pytest.mark.parametrize("ver", ["0.5", "0.8"])
def test_success_flag_read_in_inline_assembly_is_checked(ver: str) -> None:
    assert _hm(_src(ver, GUARDS["require"]), "unchecked-call") == []
    # the vulnerable twins: the assembly block never names the flag
    dropped = _src(ver, GUARDS["require"], flag=RDS[ver])
    assert _hm(dropped, "unchecked-call") == [(12, "medium", "medium")]
    dropped2 = _src(ver, GUARDS["require"], flag2="returnData")
    assert _hm(dropped2, "unchecked-call") == [(22, "medium", "medium")]


@pytest.mark.parametrize("ver", ["0.5", "0.8"])
def test_a_same_named_word_elsewhere_in_assembly_is_not_a_read(ver: str) -> None:
    # `successCount` and `x.success` mention the text but not the flag
    src = _src(ver, GUARDS["require"], flag="successCount").replace(
        "let free_mem_ptr := mload(0x40)", "let free_mem_ptr := mload(0x40)\n            let successCount := 1"
    )
    assert [x[0] for x in _hm(src, "unchecked-call")] == [12]


INHERITED = """{head}
import "./DelegatorStorage.sol";
contract Delegator is DelegatorStorage {{
    {ctor} {{ admin = msg.sender; implementation = impl; }}
    function _setImplementation(address impl) public {{
        {check}
        implementation = impl;
    }}
    {fallback} {{
        (bool success, ) = implementation.delegatecall(msg.data);
        require(success);
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.5", "0.8"])
def test_proxy_whose_implementation_an_imported_storage_base_declares(ver: str) -> None:
    def src(check: str) -> str:
        return INHERITED.format(head=HEAD[ver], ctor=CTOR[ver], fallback=FALLBACK[ver], check=check)

    assert _hm(src(GUARDS["require"]), "unprotected-delegatecall") == []
    assert _hm(src(GUARDS["inline-if"].replace("return 1;", "return;")), "unprotected-delegatecall") == []
    # the vulnerable twins: an unchecked setter in this file; a target a function this file does not show returns
    assert _hm(src("require(impl != address(0));"), "unprotected-delegatecall") == [(10, "high", "high")]
    open_ = src(GUARDS["require"]).replace("implementation.delegatecall", "_impl().delegatecall")
    assert [x[1] for x in _hm(open_, "unprotected-delegatecall")] == ["high"]
