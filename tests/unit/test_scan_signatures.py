"""Raw ecrecover misuse: signature malleability (SWC-117) and a zero recovered signer (SWC-122), on
vulnerable and fixed contracts written for these tests, Solidity 0.4 to 0.8 and Vyper."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source
from nexus.scan.detectors.signatures import EcrecoverZero, SignatureMalleability

pytest.importorskip("tree_sitter_solidity")

HALF = "0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0"


def _lines(source: str, name: str = "C.sol", det: type = SignatureMalleability) -> list[int]:
    return sorted(f.line for f in scan_source(source, name, detectors=[det]))


# -- malleability: the used-mark is keyed on the signature --------------------------------------------------

SOL04_PACKED = """pragma solidity ^0.4.24;
contract Cheque {
    address public issuer;
    mapping(bytes32 => bool) public spent;
    constructor() public { issuer = msg.sender; }
    function split(bytes sig) internal pure returns (uint8 v, bytes32 r, bytes32 s) {
        assembly { r := mload(add(sig, 32)) s := mload(add(sig, 64)) v := byte(0, mload(add(sig, 96))) }
    }
    function signerOf(bytes32 h, bytes sig) internal pure returns (address) {
        (uint8 v, bytes32 r, bytes32 s) = split(sig);
        return ecrecover(h, v, r, s);
    }
    function cash(uint amount, bytes sig) public {
        bytes32 key = keccak256(sig);
        require(!spent[key]);
        spent[key] = true;%FIX%
        require(signerOf(keccak256(abi.encodePacked(this, msg.sender, amount)), sig) == issuer);
        msg.sender.transfer(amount);
    }
}
"""

SOL05_VRS = """pragma solidity ^0.5.0;
contract Faucet {
    address signer;
    mapping(bytes32 => bool) used;
    constructor(address s) public { require(s != address(0)); signer = s; }
    function drip(address payable to, uint amount, uint8 v, bytes32 r, bytes32 s) public {
        %FIX%bytes32 id = keccak256(abi.encodePacked(r, s, v));
        require(!used[id], "used");
        used[id] = true;
        bytes32 h = keccak256(abi.encodePacked(to, amount));
        require(ecrecover(h, v, r, s) == signer);
        to.transfer(amount);
    }
}
"""

SOL08_BYTES = """pragma solidity ^0.8.19;
contract Airdrop {
    address immutable signer;
    mapping(bytes => bool) claimed;
    constructor(address s) { require(s != address(0)); signer = s; }
    function _check(bytes32 h, bytes calldata sig) internal view {
        (bytes32 r, bytes32 s, uint8 v) = abi.decode(sig, (bytes32, bytes32, uint8));%FIX%
        require(ecrecover(h, v, r, s) == signer, "sig");
    }
    function claim(uint256 amount, bytes calldata sig) external {
        require(!claimed[sig], "claimed");
        claimed[sig] = true;
        _check(keccak256(abi.encode(block.chainid, msg.sender, amount)), sig);
        payable(msg.sender).transfer(amount);
    }
}
"""

VYPER = """# @version 0.3.10
signer: immutable(address)
used: HashMap[bytes32, bool]

@external
def __init__(s: address):
    assert s != empty(address)
    signer = s

@external
def redeem(amount: uint256, v: uint256, r: uint256, s: uint256):
%FIX%    key: bytes32 = keccak256(concat(convert(r, bytes32), convert(s, bytes32)))
    assert not self.used[key]
    self.used[key] = True
    h: bytes32 = keccak256(concat(convert(msg.sender, bytes32), convert(amount, bytes32)))
    assert ecrecover(h, v, r, s) == signer
    send(msg.sender, amount)
"""

CASES = {
    "0.4 packed bytes, helper recovers": (SOL04_PACKED, "C.sol", 16),
    "0.5 v,r,s keyed by hash of (r,s,v)": (SOL05_VRS, "C.sol", 9),
    "0.8 mapping(bytes=>bool), abi.decode": (SOL08_BYTES, "C.sol", 12),
    "vyper keyed by concat(r, s)": (VYPER, "C.vy", 14),
}
# each fix bounds s (the only thing that stops the twin; v alone does not)
FIXES = {
    "0.4 packed bytes, helper recovers": (
        "\n        (, , bytes32 s) = split(sig);\n        require(uint256(s) <= " + HALF + ");"
    ),
    "0.5 v,r,s keyed by hash of (r,s,v)": "require(uint256(s) <= HALF_ORDER);\n        ",
    "0.8 mapping(bytes=>bool), abi.decode": "\n        if (uint256(s) > " + HALF + ") revert();",
    "vyper keyed by concat(r, s)": "    assert s <= " + HALF + "\n",
}


@pytest.mark.parametrize("case", list(CASES))
def test_malleability_is_found_where_the_used_mark_is_keyed_on_the_signature(case: str) -> None:
    src, name, line = CASES[case]
    vulnerable = src.replace("%FIX%", "")
    assert _lines(vulnerable, name) == [line]
    (f,) = scan_source(vulnerable, name, detectors=[SignatureMalleability])
    assert f.swc_id == "SWC-117" and f.severity == "high" and "lower half order" in f.message


@pytest.mark.parametrize("case", list(CASES))
def test_bounding_s_silences_it(case: str) -> None:
    src, name, _ = CASES[case]
    fixed = src.replace("%FIX%", FIXES[case])
    if case.startswith("0.5"):
        fixed = fixed.replace(
            "    address signer;", "    address signer;\n    uint256 constant HALF_ORDER = " + HALF + ";"
        )
    assert _lines(fixed, name) == []


def test_v_alone_does_not_silence_it_and_the_message_says_v_is_open() -> None:
    only_v = SOL05_VRS.replace("%FIX%", 'require(v == 27 || v == 28, "v");\n        ')
    (f,) = scan_source(only_v, "C.sol", detectors=[SignatureMalleability])
    assert "nor v" not in f.message
    (g,) = scan_source(SOL05_VRS.replace("%FIX%", ""), "C.sol", detectors=[SignatureMalleability])
    assert "nor v to 27/28" in g.message


def test_a_mark_on_the_digest_or_a_nonce_is_not_malleable() -> None:
    on_digest = (
        SOL05_VRS.replace("%FIX%", "")
        .replace(
            "bytes32 id = keccak256(abi.encodePacked(r, s, v));",
            "bytes32 id = keccak256(abi.encodePacked(to, amount));",
        )
        .replace("bytes32 h = keccak256(abi.encodePacked(to, amount));", "bytes32 h = id;")
    )
    assert _lines(on_digest) == []
    with_nonce = (
        SOL05_VRS.replace("%FIX%", "")
        .replace("        to.transfer(amount);", "        nonces[to]++;\n        to.transfer(amount);")
        .replace(
            "    mapping(bytes32 => bool) used;",
            "    mapping(bytes32 => bool) used;\n    mapping(address => uint) nonces;",
        )
    )
    assert _lines(with_nonce) == []
    on_r_only = SOL05_VRS.replace("%FIX%", "").replace("abi.encodePacked(r, s, v)", "abi.encodePacked(r)")
    assert _lines(on_r_only) == []  # the twin (r, n - s, v ^ 1) keeps r: the mark still catches it


def test_the_library_recover_is_not_a_raw_site() -> None:
    oz = """pragma solidity ^0.8.20;
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
contract Airdrop {
    using ECDSA for bytes32;
    address signer;
    mapping(bytes => bool) claimed;
    function claim(uint256 amount, bytes calldata sig) external {
        require(!claimed[sig]);
        claimed[sig] = true;
        require(keccak256(abi.encode(msg.sender, amount)).recover(sig) == signer);
    }
}
"""
    assert _lines(oz) == []


# -- the zero signer ------------------------------------------------------------------------------------------

PERMIT = """pragma solidity ^0.8.0;
contract Token {
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => uint256) public nonces;
    function permit(address owner, address spender, uint256 value, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(block.chainid, owner, spender, value, nonces[owner]++));
        address recovered = ecrecover(digest, v, r, s);
        require(%CHECK%recovered == owner, "INVALID_SIGNATURE");
        allowance[owner][spender] = value;
    }
}
"""

ORACLE04 = """pragma solidity ^0.4.24;
contract Oracle {
    address reporter = msg.sender;
    address admin = msg.sender;
    uint public price;
    function setReporter(address r) public { require(msg.sender == admin); %CHECK%reporter = r; }
    function report(uint p, uint8 v, bytes32 r, bytes32 s) public {
        require(ecrecover(keccak256(p), v, r, s) == reporter);
        price = p;
    }
}
"""

VYPER_ZERO = """# @version 0.3.10
allowance: public(HashMap[address, HashMap[address, uint256]])

@external
def permit(owner: address, spender: address, amount: uint256, v: uint256, r: uint256, s: uint256):
    h: bytes32 = keccak256(concat(convert(owner, bytes32), convert(spender, bytes32)))
    signer: address = ecrecover(h, v, r, s)
%CHECK%    assert signer == owner
    self.allowance[owner][spender] = amount
"""


@pytest.mark.parametrize(
    ("src", "name", "line", "check", "confidence"),
    [
        (PERMIT, "T.sol", 8, "recovered != address(0) && ", "medium"),  # anyone names the owner: permit for 0
        (ORACLE04, "O.sol", 8, "require(r != address(0)); ", "low"),  # zero only if the admin sets it so
        (VYPER_ZERO, "T.vy", 8, "    assert signer != empty(address)\n", "medium"),
    ],
)
def test_a_recovered_signer_compared_with_a_maybe_zero_address_needs_a_zero_check(
    src: str, name: str, line: int, check: str, confidence: str
) -> None:
    found = scan_source(src.replace("%CHECK%", ""), name, detectors=[EcrecoverZero])
    assert [f.line for f in found] == [line]
    assert found[0].swc_id == "SWC-122" and "address(0)" in found[0].message
    assert found[0].confidence == confidence
    assert _lines(src.replace("%CHECK%", check), name, EcrecoverZero) == []


def test_comparing_with_msg_sender_or_a_constant_needs_no_zero_check() -> None:
    sender = PERMIT.replace("%CHECK%", "").replace("recovered == owner", "recovered == msg.sender")
    assert _lines(sender, det=EcrecoverZero) == []
    const = ORACLE04.replace("%CHECK%", "").replace(
        "    address reporter = msg.sender;",
        "    address constant reporter = 0x1234567890123456789012345678901234567890;",
    )
    const = const.replace("reporter = r; ", "")
    assert _lines(const, det=EcrecoverZero) == []
