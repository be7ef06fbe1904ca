"""Signature cases (replay without nonce / chain id, malleability, ecrecover returning zero) for the second blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b2_sr_gasless_transfer.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.8.20",
        fn="transferWithSig",
        shape="gasless token transfer: signed (from,to,amount,deadline) with no nonce, so a relayer can resubmit it",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract GaslessToken {
    mapping(address => uint256) public balanceOf;
    bytes32 public immutable DOMAIN;

    constructor(uint256 supply) {
        balanceOf[msg.sender] = supply;
        DOMAIN = keccak256(abi.encode(block.chainid, address(this)));
    }

    function transferWithSig(address from, address to, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        require(block.number <= deadline, "expired");
        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", DOMAIN, keccak256(abi.encode(from, to, amount, deadline))));  //@
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == from, "bad sig");
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }
}
""",
        fix=[
            (
                "    bytes32 public immutable DOMAIN;\n",
                "    bytes32 public immutable DOMAIN;\n    mapping(address => uint256) public nonces;\n",
            ),
            (
                '        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", DOMAIN, keccak256(abi.encode(from, to, amount, deadline))));  //@',
                '        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", DOMAIN, keccak256(abi.encode(from, to, amount, nonces[from]++, deadline))));',
            ),
        ],
    ),
    dict(
        name="b2_sr_voucher_no_chainid.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.7.6",
        fn="redeem",
        shape="voucher redemption with a per-user nonce but no chain id / contract address in the signed hash (replayable on a fork or a second deployment)",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

contract VoucherDesk {
    address public signer;
    mapping(address => uint256) public nonces;
    mapping(address => uint256) public credits;

    constructor(address _signer) {
        signer = _signer;
    }

    function _recover(bytes32 h, uint8 v, bytes32 r, bytes32 s) internal pure returns (address) {
        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");
        address a = ecrecover(h, v, r, s);
        require(a != address(0), "zero");
        return a;
    }

    function redeem(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 h = keccak256(abi.encodePacked("\\x19Ethereum Signed Message:\\n32", keccak256(abi.encodePacked(msg.sender, amount, nonces[msg.sender]))));  //@
        require(_recover(h, v, r, s) == signer, "signer");
        nonces[msg.sender]++;
        credits[msg.sender] += amount;
    }
}
""",
        fix=[
            (
                "keccak256(abi.encodePacked(msg.sender, amount, nonces[msg.sender]))));  //@",
                "keccak256(abi.encodePacked(_chainId(), address(this), msg.sender, amount, nonces[msg.sender]))));",
            ),
            (
                "    function redeem(",
                "    function _chainId() internal pure returns (uint256 id) {\n        assembly {\n            id := chainid()\n        }\n    }\n\n    function redeem(",
            ),
        ],
    ),
    dict(
        name="b2_sm_claim_by_sig.sol",
        cls="signature malleability / ecrecover zero",
        det=["signature-malleability"],
        ver="0.8.20",
        fn="claim",
        shape="used signatures tracked by keccak256(signature bytes); raw ecrecover accepts the high-s twin",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract AirdropClaims {
    address public immutable issuer;
    mapping(bytes32 => bool) public usedSig;
    mapping(address => uint256) public claimed;

    constructor(address _issuer) {
        issuer = _issuer;
    }

    function _split(bytes memory sig) internal pure returns (bytes32 r, bytes32 s, uint8 v) {
        require(sig.length == 65, "len");
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
    }

    function claim(uint256 amount, bytes calldata sig) external {
        bytes32 sigId = keccak256(sig);
        require(!usedSig[sigId], "used");
        (bytes32 r, bytes32 s, uint8 v) = _split(sig);
        bytes32 h = keccak256(abi.encodePacked(block.chainid, address(this), msg.sender, amount));
        address who = ecrecover(h, v, r, s);  //@
        require(who != address(0) && who == issuer, "sig");
        usedSig[sigId] = true;
        claimed[msg.sender] += amount;
    }
}
""",
        fix=[
            (
                "        address who = ecrecover(h, v, r, s);  //@",
                '        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "high s");\n        address who = ecrecover(h, v, r, s);',
            )
        ],
    ),
    dict(
        name="b2_ez_admin_sig.sol",
        cls="signature malleability / ecrecover zero",
        det=["ecrecover-zero"],
        ver="0.6.12",
        fn="executeSigned",
        shape="guardian starts unset (address(0)); ecrecover of a garbage signature returns 0 and matches it",
        src="""
pragma solidity ^0.6.12;

contract GuardedVault {
    address public owner;
    address public guardian;
    uint256 public nonce;

    constructor() public payable {
        owner = msg.sender;
    }

    function setGuardian(address g) external {
        require(msg.sender == owner, "owner");
        guardian = g;
    }

    function executeSigned(address payable to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 h = keccak256(abi.encodePacked(address(this), to, amount, nonce));
        address signer = ecrecover(h, v, r, s);
        require(signer == guardian, "guardian");  //@
        nonce++;
        to.transfer(amount);
    }
}
""",
        fix=[
            (
                '        require(signer == guardian, "guardian");  //@',
                '        require(signer != address(0) && signer == guardian, "guardian");',
            )
        ],
    ),
    dict(
        name="b2_ez_vyper_permit.vy",
        cls="signature malleability / ecrecover zero",
        det=["ecrecover-zero"],
        ver="0.4.3",
        fn="permit",
        shape="Vyper 0.4 permit: ecrecover result compared to owner without rejecting empty(address)",
        src="""
# pragma version ^0.4.0

allowance: public(HashMap[address, HashMap[address, uint256]])
nonces: public(HashMap[address, uint256])
DOMAIN: immutable(bytes32)
PERMIT_TYPEHASH: constant(bytes32) = keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")


@deploy
def __init__():
    DOMAIN = keccak256(abi_encode(chain.id, self))


@external
def permit(owner: address, spender: address, amount: uint256, deadline: uint256, v: uint8, r: bytes32, s: bytes32):
    assert block.number <= deadline, "expired"
    nonce: uint256 = self.nonces[owner]
    digest: bytes32 = keccak256(concat(b"\\x19\\x01", DOMAIN, keccak256(abi_encode(PERMIT_TYPEHASH, owner, spender, amount, nonce, deadline))))
    assert ecrecover(digest, v, r, s) == owner, "sig"  #@
    self.nonces[owner] = nonce + 1
    self.allowance[owner][spender] = amount
""",
        fix=[
            (
                '    assert ecrecover(digest, v, r, s) == owner, "sig"  #@',
                '    assert owner != empty(address), "zero owner"\n    assert ecrecover(digest, v, r, s) == owner, "sig"',
            )
        ],
    ),
]
