"""Round 19 precision (prec19m): a delegating proxy whose implementation only the constructor or a
caller-checked setter writes (Compound's `Unitroller`/`*Delegator`), a low-level call's success flag
checked in inline assembly (`switch success case 0 { revert(..) }`, `if eq(success, 0) { revert(..) }`),
a binary-search midpoint (`upper - (upper - lower) / 2`, `center - 1` under `upper > lower`), a vote by
signature counted once per signer and proposal, and the misspelt EIP-712 `getDomainSeperator()`."""

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


SEARCH = """{head}
contract Votes {{
    struct Checkpoint {{ uint32 fromBlock; uint96 votes; }}
    mapping(address => mapping(uint32 => Checkpoint)) public checkpoints;
    mapping(address => uint32) public numCheckpoints;
    function getPriorVotes(address account, uint blockNumber) public view returns (uint96) {{
        uint32 nCheckpoints = numCheckpoints[account];
        if (nCheckpoints == 0) {{
            return 0;
        }}
        uint32 lower = 0;
        uint32 upper = {top};
        while ({loop}) {{ {open}
            uint32 center = {mid};
            Checkpoint memory cp = checkpoints[account][center];
            if (cp.fromBlock == blockNumber) {{
                return cp.votes;
            }} else if (cp.fromBlock < blockNumber) {{
                lower = center;
            }} else {{
                upper = center - 1;
            }}
        {close}}}
        return checkpoints[account][lower].votes;
    }}
}}
"""


def _search(ver: str, loop: str = "upper > lower", mid: str = "upper - (upper - lower) / 2") -> str:
    top = "nCheckpoints - 1" if ver == "0.5" else "nCheckpoints"
    block = ("", "") if ver == "0.5" else ("unchecked {", "} ")
    return SEARCH.format(head=HEAD[ver], top=top, loop=loop, mid=mid, open=block[0], close=block[1])


@pytest.mark.parametrize("ver", ["0.5", "0.8"])
def test_binary_search_midpoint_under_its_loop_condition_cannot_wrap(ver: str) -> None:
    assert _hm(_search(ver), "integer-overflow") == []
    assert _hm(_search(ver, mid="upper - ((upper - lower) >> 1)"), "integer-overflow") == []
    # the vulnerable twins: `upper >= lower` lets center reach lower = 0, so `center - 1` wraps; a midpoint
    # taken from the wrong end (`lower - ..`) or with no halving (center = lower) keeps its findings
    assert [x[0] for x in _hm(_search(ver, loop="upper >= lower"), "integer-overflow")] == [21]
    assert [x[0] for x in _hm(_search(ver, mid="upper - (upper - lower) / 1"), "integer-overflow")] == [21]
    wrong_end = [x[0] for x in _hm(_search(ver, mid="lower - (upper - lower) / 2"), "integer-overflow")]
    assert wrong_end == [14, 21]


GOVERNOR = """{head}
{base}
contract Governor {extends}{{
    struct Receipt {{ bool hasVoted; bool support; uint96 votes; }}
    struct Proposal {{ uint forVotes; uint againstVotes; mapping(address => Receipt) receipts; }}
    {decl}
    bytes32 public constant BALLOT_TYPEHASH = keccak256("Ballot(uint256 proposalId,bool support)");
    function castVoteBySig(uint proposalId, bool support, uint8 v, bytes32 r, bytes32 s) public {{
        bytes32 structHash = keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, support));
        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", block.chainid, address(this), structHash));
        address signatory = ecrecover(digest, v, r, s);
        require(signatory != address(0), "invalid signature");
        _castVote(signatory, proposalId, support);
    }}
    function _castVote(address voter, uint proposalId, bool support) internal {{
        Proposal storage proposal = proposals[proposalId];
        Receipt storage receipt = proposal.receipts[voter];
        {check}
        if (support) {{
            proposal.forVotes = proposal.forVotes + 1;
        }} else {{
            proposal.againstVotes = proposal.againstVotes + 1;
        }}
        receipt.hasVoted = true;
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.5", "0.8"])
@pytest.mark.parametrize("inherited", [False, True])
def test_vote_by_signature_counted_once_per_signer_and_proposal_is_not_replayable(ver: str, inherited: bool) -> None:
    decl = "mapping(uint => Proposal) public proposals;"
    base, extends = ('import "./GovernorStorage.sol";', "is GovernorStorage ") if inherited else ("", "")

    def src(check: str) -> str:
        own = ("" if inherited else decl) + ("" if ver == "0.8" else " uint public chainId;")
        text = GOVERNOR.format(head=HEAD[ver], base=base, extends=extends, decl=own, check=check)
        return text if ver == "0.8" else text.replace("block.chainid", "chainId")

    assert _hm(src('require(receipt.hasVoted == false, "voter already voted");'), "signature-replay") == []
    # the vulnerable twin: nothing rejects a second vote, so the same signature votes again
    assert _hm(src(""), "signature-replay") == [(11, "high", "medium")]


PERMIT = """{head}
contract Token {{
    mapping(address => uint) public nonces;
    mapping(address => mapping(address => uint)) public allowance;
    bytes32 public constant PERMIT_TYPEHASH = keccak256("Permit(address holder,address spender,uint256 nonce)");
    bytes32 internal domainSeperator;
    function getDomainSeperator() public view returns (bytes32) {{ return domainSeperator; }}
    function permit(address holder, address spender, uint256 nonce, uint8 v, bytes32 r, bytes32 s) external {{
        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", {domain},
            keccak256(abi.encode(PERMIT_TYPEHASH, holder, spender, nonce))));
        require(holder != address(0) && holder == ecrecover(digest, v, r, s), "INVALID-PERMIT");
        require(nonce == nonces[holder]++, "INVALID-NONCE");
        allowance[holder][spender] = 1;
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.5", "0.8"])
def test_misspelt_eip712_domain_separator_names_the_domain(ver: str) -> None:
    assert _hm(PERMIT.format(head=HEAD[ver], domain="getDomainSeperator()"), "signature-replay") == []
    # the vulnerable twin: the digest names no domain at all, so the permit is good on every chain and on
    # every copy of this token (the holder's signature, gap5b: medium confidence)
    assert _hm(PERMIT.format(head=HEAD[ver], domain="bytes32(0)"), "signature-replay") == [(11, "medium", "medium")]
