"""Round 13 of the misc detectors (src/nexus/scan/detectors/_sums.py, _origin.py, ...): bounds a loop
proves, and tx.origin checks that authorise nobody.

* `n - 1` in the body of `for (i = 0; i < n; i++)` cannot go below zero (`n > i >= 0`); `n - k`, an
  `if (i < n) .. else { n - 1 }` and a loop that decrements `n` stay reported;
* inside `unchecked { }`, a local that only ever holds a sum of array lengths (`total += parts[i].length`)
  cannot reach `2**256`; `total += amounts[i]` stays, and so does the same sum before Solidity 0.8;
* `if (!ok && tx.origin == Constants.ESTIMATION_ADDRESS) revert ..;` (and `require(tx.origin != K)`)
  turns one constant origin away and lets nobody through: quiet. `tx.origin != K` then revert, or
  `require(tx.origin == K)` (only K passes) stays high/high.

Each benign twin is quiet on this code and reported on the code before round 13; each vulnerable twin
keeps the severity and confidence the old code gave it.
"""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _found(src: str, detector: str, name: str = "c.sol") -> dict[int, tuple[str, str]]:
    return {f.line: (f.severity, f.confidence) for f in scan_source(src, name) if f.detector == detector}


# -- `n - 1` under a loop's `i < n` ----------------------------------------------------------------------

LAST4 = """pragma solidity ^0.4.24;
contract Batch {
    mapping(address => uint) public paid;
    function run(uint[] amounts, uint k) public {
        uint n = amounts.length;
        for (uint i = 0; i < n; i++) {
            bool last = i == n - %s;
            if (last) { paid[msg.sender] = amounts[i]; }
        }
    }
}
"""

LAST8 = """pragma solidity ^0.8.19;
contract Batch {
    mapping(address => uint256) public paid;
    function run(uint256[] calldata amounts, uint256 k) external {
        uint256 length = amounts.length;
        for (uint256 i = 0; i < length; ++i) {
            bool last;
            unchecked { last = i == length - %s; }
            if (last) { paid[msg.sender] = amounts[i]; }
        }
    }
}
"""

ELSE8 = """pragma solidity ^0.8.19;
contract Batch {
    mapping(address => uint256) public paid;
    function run(uint256 i, uint256 n) external {
        if (i < n) {
            paid[msg.sender] = i;
        } else {
            unchecked { paid[msg.sender] = n - 1; }
        }
    }
}
"""

SHRINK4 = """pragma solidity ^0.4.24;
contract Batch {
    mapping(address => uint) public paid;
    function run(uint n) public {
        for (uint i = 0; i < n; i++) {
            n--;
            paid[msg.sender] = n - 1;
        }
    }
}
"""


@pytest.mark.parametrize(("src", "line"), [(LAST4, 7), (LAST8, 8)])
def test_last_index_of_the_loop_range_is_quiet(src: str, line: int) -> None:
    assert line not in _found(src % "1", "integer-overflow")
    assert _found(src % "k", "integer-overflow")[line] == ("medium", "medium")


@pytest.mark.parametrize(("src", "line"), [(ELSE8, 8), (SHRINK4, 7)])
def test_minus_one_outside_the_loop_bound_stays(src: str, line: int) -> None:
    assert line in _found(src, "integer-overflow")


# -- a sum of array lengths ------------------------------------------------------------------------------

SUM8 = """pragma solidity ^0.8.19;
contract Merge {
    function merge(uint256[] calldata amounts) external pure returns (uint256 total) {
        uint256[][] memory parts = new uint256[][](amounts.length);
        total = 0;
        for (uint256 i = 0; i < amounts.length; ++i) {
            parts[i] = new uint256[](amounts[i] %% 8);
            unchecked { total += %s; }
        }
    }
}
"""

SUM4 = """pragma solidity ^0.4.24;
contract Merge {
    uint public total;
    function merge(uint[] amounts) public {
        uint count = 0;
        for (uint i = 0; i < amounts.length; ++i) {
            uint[] memory part = new uint[](amounts[i]);
            count += part.length;
        }
        total = count;
    }
}
"""


def test_unchecked_sum_of_lengths_is_quiet() -> None:
    assert 8 not in _found(SUM8 % "parts[i].length", "integer-overflow")
    assert _found(SUM8 % "amounts[i]", "integer-overflow")[8][0] in ("low", "medium")
    mixed = SUM8.replace("total = 0;", "total = amounts[0];")  # not only lengths: stays
    assert 8 in _found(mixed % "parts[i].length", "integer-overflow")


def test_sum_of_lengths_before_08_stays() -> None:
    assert 8 in _found(SUM4, "integer-overflow")


# -- tx.origin turned away, not let through ----------------------------------------------------------

ORIGIN4 = """pragma solidity ^0.4.24;
contract Relay {
    address constant ESTIMATOR = address(1);
    function relay(address to, bytes data) public {
        bool ok = to.call(data);
        if (!ok && tx.origin %s ESTIMATOR) {
            revert();
        }
    }
}
"""

ORIGIN8 = """pragma solidity ^0.8.19;
import { Constants } from "./Constants.sol";
contract Relay {
    error GasEstimation();
    function relay(address to, bytes calldata data) external {
        (bool ok, ) = to.call(data);
        if (ok == false && tx.origin %s Constants.ESTIMATION_ADDRESS) {
            revert GasEstimation();
        }
        require(tx.origin %s Constants.BLOCKED, "no");
    }
}
"""

ORIGINV = """# @version 0.3.10
ESTIMATOR: constant(address) = 0x0000000000000000000000000000000000000001

@external
def relay(to: address, data: Bytes[100]):
    ok: bool = raw_call(to, data, revert_on_failure=False)
    if not ok and tx.origin %s ESTIMATOR:
        raise "estimation"
"""

STORED8 = """pragma solidity ^0.8.19;
contract Relay {
    address public estimator;
    constructor(address e) { estimator = e; }
    function relay(address to) external {
        if (tx.origin == estimator) {
            payable(to).transfer(address(this).balance);
        }
    }
}
"""


def test_denied_constant_origin_is_quiet() -> None:
    assert _found(ORIGIN4 % "==", "tx-origin") == {}
    assert _found(ORIGIN8 % ("==", "!="), "tx-origin") == {}
    assert _found(ORIGINV % "==", "tx-origin", "c.vy") == {}


def test_origin_authorisation_stays() -> None:
    assert _found(ORIGIN4 % "!=", "tx-origin") == {6: ("high", "high")}
    assert _found(ORIGIN8 % ("!=", "=="), "tx-origin") == {7: ("high", "high"), 10: ("high", "high")}
    assert _found(ORIGINV % "!=", "tx-origin", "c.vy") == {7: ("high", "high")}
    assert _found(STORED8, "tx-origin") == {6: ("high", "high")}


# -- an imported `initializer` the constructor itself spends ----------------------------------------------

INIT4 = """pragma solidity ^0.4.24;
import "zos-lib/contracts/Initializable.sol";
contract Oracle is Initializable {
    address public proposer;
    constructor() public {
        %s
    }
    function initialize(address _proposer) public initializer {
        proposer = _proposer;
    }
    function propose() public {
        require(msg.sender == proposer);
        msg.sender.transfer(1);
    }
}
"""

INIT8 = """pragma solidity 0.8.15;
import { Initializable } from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
contract Oracle is Initializable {
    address public proposer;
    constructor() {
        %s
    }
    function initialize(address _proposer) public reinitializer(2) {
        proposer = _proposer;
    }
    function propose() external {
        require(msg.sender == proposer, "auth");
        payable(msg.sender).transfer(1);
    }
}
"""


@pytest.mark.parametrize(
    ("src", "ctor"),
    [
        (INIT4, "initialize(address(0));"),
        (INIT8, "initialize({ _proposer: address(0) });"),
        (INIT8, "_disableInitializers();"),
    ],
)
def test_initializer_the_constructor_spends_is_a_note(src: str, ctor: str) -> None:
    assert _found(src % ctor, "unprotected-owner-write") == {9: ("low", "low")}


@pytest.mark.parametrize("src", [INIT4, INIT8])
def test_initializer_left_open_stays(src: str) -> None:
    assert _found(src % "", "unprotected-owner-write") == {9: ("high", "low")}


# -- a block hash checked against a caller's non-zero claim, or packed into a record ----------------------

CLAIM4 = """pragma solidity ^0.4.24;
contract Oracle {
    bytes32[] public roots;
    mapping(address => bytes32) public guesses;
    function propose(bytes32 root, uint n, bytes32 h) public {
        %s
        require(blockhash(n) == h);
        roots.push(root);
    }
    function settle(uint n) public {
        require(guesses[msg.sender] != bytes32(0));
        if (blockhash(n) == guesses[msg.sender]) { msg.sender.transfer(1 ether); }
    }
}
"""

RECORD8 = """pragma solidity ^0.8.15;
interface IClone {
    function clone(bytes memory data) external returns (address);
    function play(bytes32 h) external;
}
contract Factory {
    IClone impl;
    function create(bytes32 claim, bytes calldata extra) external returns (address g) {
        bytes32 parentHash = blockhash(block.number - 1);
        %s
    }
}
"""

CLAIMV = """# @version 0.3.10
roots: public(DynArray[bytes32, 100])

@external
def propose(root: bytes32, n: uint256, h: bytes32):
    %s
    assert blockhash(n) == h
    self.roots.append(root)
"""


def test_checked_claim_and_packed_record_are_quiet() -> None:
    assert _found(CLAIM4 % "require(h != bytes32(0));", "bad-randomness") == {12: ("high", "medium")}
    packed = "g = impl.clone(abi.encodePacked(msg.sender, claim, parentHash, extra));"
    assert _found(RECORD8 % packed, "bad-randomness") == {}
    assert _found(CLAIMV % "assert h != empty(bytes32)", "bad-randomness", "c.vy") == {}


def test_unchecked_claim_and_drawn_hash_stay() -> None:
    packed = "g = impl.clone(abi.encodePacked(msg.sender, claim, parentHash, extra));"
    assert _found(CLAIM4 % "", "bad-randomness") == {7: ("high", "medium"), 12: ("high", "medium")}
    assert _found(RECORD8 % "impl.play(parentHash);", "bad-randomness") == {9: ("high", "medium")}
    drawn = f"if (uint256(parentHash) % 2 == 0) {{ {packed} }}"
    assert _found(RECORD8 % drawn, "bad-randomness") == {10: ("high", "medium")}
    assert _found(CLAIMV % "pass", "bad-randomness", "c.vy") == {7: ("high", "medium")}


# -- signed data handed on through an internal function to a declared-only hook ------------------------------

VOTE8 = """pragma solidity ^0.8.0;
abstract contract Governor {
    mapping(uint256 => uint256) public weights;
    function _countVote(uint256 proposalId, address account, uint8 support, uint256 weight) internal virtual%s
    function castVoteBySig(uint256 proposalId, uint8 support, uint8 v, bytes32 r, bytes32 s) public returns (uint256) {
        address voter = ecrecover(keccak256(abi.encode(block.chainid, address(this), proposalId, support)), v, r, s);
        return _castVote(proposalId, voter, support);
    }
    function _castVote(uint256 proposalId, address account, uint8 support) internal returns (uint256) {
        uint256 weight = 1;
        _countVote(proposalId, account, support, weight);
        return weight;
    }
}
"""

VOTE4 = """pragma solidity ^0.4.24;
contract Governor {
    mapping(uint256 => uint256) public weights;
    function _countVote(uint256 proposalId, address account, uint8 support, uint256 weight) internal%s
    function castVoteBySig(uint256 proposalId, uint8 support, uint8 v, bytes32 r, bytes32 s) public returns (uint256) {
        address voter = ecrecover(keccak256(abi.encodePacked(address(this), proposalId, support)), v, r, s);
        return _castVote(proposalId, voter, support);
    }
    function _castVote(uint256 proposalId, address account, uint8 support) internal returns (uint256) {
        uint256 weight = 1;
        _countVote(proposalId, account, support, weight);
        return weight;
    }
}
"""

COUNTED = " { weights[proposalId] += weight; }"


@pytest.mark.parametrize("src", [VOTE8, VOTE4])
def test_replay_check_left_to_a_deeper_hook_is_a_note(src: str) -> None:
    assert _found(src % ";", "signature-replay") == {6: ("low", "low")}


@pytest.mark.parametrize("src", [VOTE8, VOTE4])
def test_replay_with_the_hook_shown_stays(src: str) -> None:
    assert _found(src % COUNTED, "signature-replay") == {6: ("high", "medium")}


# -- a proxy's delegatecall to a target only the constructor chose ------------------------------------------

PROXY8 = """pragma solidity 0.8.15;
interface IManager { function getAddress(string memory name) external view returns (address); }
contract ResolvedProxy {
    mapping(address => string) private implementationName;
    mapping(address => IManager) private addressManager;
    constructor(IManager m, string memory n) {
        addressManager[address(this)] = m;
        implementationName[address(this)] = n;
    }
    %s
    fallback() external payable {
        address target = addressManager[address(this)].getAddress(implementationName[address(this)]);
        require(target != address(0), "unset");
        (bool ok, bytes memory ret) = target.delegatecall(msg.data);
        require(ok, string(ret));
    }
}
"""

PROXY4 = """pragma solidity ^0.4.24;
contract Proxy {
    address implementation;
    constructor(address impl) public { implementation = impl; }
    %s
    function () public payable {
        address target = implementation;
        require(target.delegatecall(msg.data));
    }
}
"""


@pytest.mark.parametrize(("src", "line"), [(PROXY8, 14), (PROXY4, 8)])
def test_proxy_to_a_deployer_target_is_a_note(src: str, line: int) -> None:
    assert _found(src % "", "unprotected-delegatecall") == {line: ("low", "low")}


@pytest.mark.parametrize(
    ("src", "line", "setter"),
    [
        (PROXY8, 14, "function setManager(IManager m) external { addressManager[address(this)] = m; }"),
        (PROXY4, 8, "function upgrade(address impl) public { implementation = impl; }"),
    ],
)
def test_proxy_with_an_open_setter_stays(src: str, line: int, setter: str) -> None:
    assert _found(src % setter, "unprotected-delegatecall") == {line: ("high", "high")}


def test_proxy_beside_the_code_it_forwards_to_stays() -> None:
    lib = "\ncontract Lib {\n    uint public start;\n    function setStart(uint s) public { start = s; }\n}\n"
    assert _found(PROXY4 % "" + lib, "unprotected-delegatecall") == {8: ("high", "high")}


def test_minus_one_in_a_do_while_body_stays() -> None:
    src = LAST4.replace("for (uint i = 0; i < n; i++) {", "uint i = 0;\n        do {").replace(
        "if (last) { paid[msg.sender] = amounts[i]; }\n        }",
        "if (last) { paid[msg.sender] = amounts[i]; }\n            i++;\n        } while (i < n);",
    )
    assert 8 in _found(src % "1", "integer-overflow")
