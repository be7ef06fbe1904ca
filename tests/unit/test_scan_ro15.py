"""Round 15 (issue #15): read-only re-entrancy at medium confidence (src/nexus/scan/detectors/modern.py,
_inflight.py). A view that divides by or into a variable left stale while value goes to the caller (or an
address the caller passed in) is a price other protocols read mid-update: medium. The same stale variable
read without a ratio, or a call to a stored address, stays a low-confidence note. Own twins in Solidity 0.4
and 0.8.

Signature replay (modern.py, _recover.py): a digest recovered through an internal helper (an ecrecover
wrapper, or assembly calling precompile 1) is checked like a direct ecrecover; a digest used once but
naming neither the chain nor the contract, checked against a key the constructor sets, is valid on every
deployment under that key: medium. Naming the contract (or the chain) keeps it a low note."""

from __future__ import annotations

from nexus.scan import scan_source

VAULT_08 = """pragma solidity ^0.8.20;
contract StakePool {
    mapping(address => uint256) public stakeOf;
    uint256 public supply;
    uint256 public backing;
    function deposit() external payable {
        uint256 minted = supply == 0 ? msg.value : msg.value * supply / backing;
        stakeOf[msg.sender] += minted;
        supply += minted;
        backing += msg.value;
    }
    function redeem(uint256 units, address payable to) external {
        uint256 owed = units * backing / supply;
        backing -= owed;
        (bool ok, ) = to.call{value: owed}("");
        require(ok);
        stakeOf[msg.sender] -= units;
        supply -= units;
    }
    function %s
}
"""
RATE = "rate() external view returns (uint256) { return backing * 1e18 / supply; }"
PLAIN = "outstanding() external view returns (uint256) { return supply; }"

BANK_04 = """pragma solidity ^0.4.24;
contract Bank {
    mapping(address => uint256) public units;
    uint256 public totalUnits;
    uint256 public funds;
    address public treasury;
    function quit(uint256 n) public {
        uint256 owed = n * funds / totalUnits;
        funds -= owed;
        require(%s.call.value(owed)());
        units[msg.sender] -= n;
        totalUnits -= n;
    }
    function unitPrice() public view returns (uint256) { return funds * 1 ether / totalUnits; }
}
"""


def _ro(src: str) -> list[str]:
    return [f.confidence for f in scan_source(src, "c.sol") if f.detector == "read-only-reentrancy"]


def test_a_price_view_over_state_stale_during_a_payout_to_a_caller_chosen_address_is_medium() -> None:
    assert _ro(VAULT_08 % RATE) == ["medium"]


def test_a_view_without_a_ratio_over_the_same_stale_state_stays_low() -> None:
    assert _ro(VAULT_08 % PLAIN) == ["low"]


def test_solidity_04_payout_to_msg_sender_with_a_price_view_is_medium() -> None:
    assert _ro(BANK_04 % "msg.sender") == ["medium"]


def test_solidity_04_payout_to_a_stored_treasury_stays_low() -> None:
    assert _ro(BANK_04 % "treasury") in ([], ["low"])


HELPER_04 = """pragma solidity ^0.4.24;
contract Faucet {
    address public signer;
    %s
    function check(bytes32 h, uint8 v, bytes32 r, bytes32 s) internal view returns (bool) {
        return ecrecover(h, v, r, s) == signer;
    }
    function drip(address to, uint256 amount, %s uint8 v, bytes32 r, bytes32 s) public {
        %s
        bytes32 h = keccak256(abi.encodePacked(%s to, amount));
        require(check(h, v, r, s));
        to.transfer(amount);
    }
}
"""
HELPER_04_BAD = HELPER_04 % ("", "", "", "")
HELPER_04_GOOD = HELPER_04 % (
    "mapping(address => uint256) public nonces;",
    "uint256 deadline,",
    "require(now <= deadline);",
    "address(this), deadline, nonces[to]++,",
)

ASM_08 = """pragma solidity ^0.8.20;
contract Relay {
    address public immutable key;
    mapping(address => uint256) public nonces;
    constructor(address k) { key = k; }
    function signerOf(bytes32 digest, bytes memory sig) internal view returns (address who) {
        assembly {
            let p := mload(0x40)
            mstore(p, digest)
            mstore(add(p, 32), byte(0, mload(add(sig, 96))))
            mstore(add(p, 64), mload(add(sig, 32)))
            mstore(add(p, 96), mload(add(sig, 64)))
            pop(staticcall(gas(), 1, p, 128, p, 32))
            who := mload(p)
        }
    }
    function forward(address to, bytes calldata data, bytes calldata sig) external {
        uint256 cid;
        assembly { cid := chainid() }
        bytes32 d = keccak256(abi.encode(cid, address(this), to, %s data));
        require(signerOf(d, sig) == key);
        (bool ok, ) = to.call(data);
        require(ok);
    }
}
"""

CLAIM_08 = """pragma solidity ^0.8.20;
contract Gateway {
    address public attester;
    mapping(bytes32 => bool) public spent;
    constructor(address a) { attester = a; }
    function claim(address to, uint256 amount, bytes32 ref, uint8 v, bytes32 r, bytes32 s) external {
        require(!spent[ref]);
        spent[ref] = true;
        bytes32 h = keccak256(abi.encode(%s to, amount, ref));
        address who = ecrecover(h, v, r, s);
        require(who == attester && who != address(0));
        payable(to).transfer(amount);
    }
}
"""


def _replay(src: str) -> list[tuple[str, str]]:
    return [(f.severity, f.confidence) for f in scan_source(src, "c.sol") if f.detector == "signature-replay"]


def test_solidity_04_digest_recovered_in_an_ecrecover_helper_without_a_nonce_is_high_medium() -> None:
    assert _replay(HELPER_04_BAD) == [("high", "medium")]


def test_solidity_04_helper_digest_with_nonce_contract_and_deadline_is_not_reported_at_medium() -> None:
    assert all(c == "low" for _, c in _replay(HELPER_04_GOOD))


def test_digest_recovered_by_assembly_precompile_call_without_a_nonce_is_high_medium() -> None:
    assert _replay(ASM_08 % "") == [("high", "medium")]


def test_assembly_recover_with_a_nonce_and_assembly_chainid_lacks_only_a_deadline() -> None:
    assert _replay(ASM_08 % "nonces[to]++,") == [("low", "low")]


def test_used_once_digest_naming_neither_chain_nor_contract_under_a_deploy_time_key_is_medium() -> None:
    assert _replay(CLAIM_08 % "") == [("medium", "medium")]


def test_used_once_digest_naming_the_contract_stays_a_low_note() -> None:
    assert _replay(CLAIM_08 % "address(this),") == [("medium", "low")]


def test_used_once_digest_under_a_deploy_time_key_with_a_block_expiry_stays_a_low_note() -> None:
    src = CLAIM_08.replace("bytes32 ref,", "bytes32 ref, uint256 lastBlock,")
    src = src.replace("require(!spent[ref]);", "require(!spent[ref] && block.number <= lastBlock);")
    assert _replay(src % "lastBlock,") == [("medium", "low")]
