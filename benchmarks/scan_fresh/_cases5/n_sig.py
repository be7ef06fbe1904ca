"""Set-5 signature cases: replay (nonce/chain id/deadline), malleable s, ecrecover returning zero."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_gasless_voucher.sol",
        cls="signature (replay)",
        det=["signature-replay"],
        ver="0.8.26",
        fn="redeem",
        shape="0.8 voucher: signed (to, amount) redeemed with no nonce or used-flag, so it can be redeemed again",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract CreditVoucher is Pausable {
    address public issuer;
    mapping(address => uint256) public credit;
    uint256 public outstanding;

    event Redeemed(address indexed to, uint256 amount);

    constructor(address _issuer) { issuer = _issuer; }

    function _recover(bytes32 digest, uint8 v, bytes32 r, bytes32 s) internal pure returns (address signer) {
        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");
        signer = ecrecover(digest, v, r, s);
        require(signer != address(0), "sig");
    }

    function redeem(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external whenNotPaused {
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32",
            keccak256(abi.encode(block.chainid, address(this), to, amount))));  //@
        require(_recover(digest, v, r, s) == issuer, "issuer");
        credit[to] += amount;
        outstanding += amount;
        emit Redeemed(to, amount);
    }
}
""",
        fix=[
            (
                "    mapping(address => uint256) public credit;\n",
                "    mapping(address => uint256) public credit;\n    mapping(address => uint256) public nonces;\n",
            ),
            (
                "            keccak256(abi.encode(block.chainid, address(this), to, amount))));  //@\n",
                "            keccak256(abi.encode(block.chainid, address(this), to, amount, nonces[to]++))));\n",
            ),
        ],
    ),
    dict(
        name="b5_permit_token_chain.sol",
        cls="signature (replay)",
        det=["signature-replay"],
        ver="0.8.26",
        fn="permit",
        shape="0.8 permit: nonce and deadline checked, but the digest binds neither chain id nor contract",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract PermitToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => uint256) public nonces;
    bytes32 public constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor() { balanceOf[msg.sender] = 1e27; }

    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        require(block.timestamp <= deadline, "expired");
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonces[owner]++, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", structHash));  //@
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == owner, "sig");
        allowance[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        allowance[from][msg.sender] -= value;
        balanceOf[from] -= value;
        balanceOf[to] += value;
        return true;
    }
}
""",
        fix=[
            (
                '        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", structHash));  //@\n',
                '        bytes32 domain = keccak256(abi.encode(keccak256("EIP712Domain(uint256 chainId,address verifyingContract)"), block.chainid, address(this)));\n        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", domain, structHash));\n',
            )
        ],
    ),
    dict(
        name="b5_meta_wallet_old.sol",
        cls="signature (replay)",
        det=["signature-replay"],
        ver="0.5.17",
        fn="execute",
        shape="0.5 meta-tx wallet: nonce is part of the digest but is never incremented",
        src=r"""
pragma solidity ^0.5.17;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() public {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract MetaWallet is Pausable {
    address public owner;
    uint256 public nonce;

    event Executed(address to, uint256 value, bytes data);

    constructor(address _owner) public payable { owner = _owner; }

    function execute(address payable to, uint256 value, bytes calldata data, uint8 v, bytes32 r, bytes32 s) external whenNotPaused {
        bytes32 h = keccak256(abi.encodePacked(address(this), nonce, to, value, data));  //@
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", h));
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == owner, "sig");
        (bool ok, ) = to.call.value(value)(data);
        require(ok, "call");
        emit Executed(to, value, data);
    }

    function() external payable {}
}
""",
        fix=[
            (
                '        require(signer != address(0) && signer == owner, "sig");\n',
                '        require(signer != address(0) && signer == owner, "sig");\n        nonce += 1;\n',
            )
        ],
    ),
    dict(
        name="b5_claim_receipts_malleable.sol",
        cls="signature (malleability)",
        det=["signature-malleability", "signature-replay"],
        ver="0.8.26",
        fn="claim",
        shape="0.8 airdrop: used-signature set keyed by the signature bytes; ecrecover with any s",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC20 { function transfer(address to, uint256 amount) external returns (bool); }

contract SignedAirdrop {
    IERC20 public immutable token;
    address public signer;
    mapping(bytes32 => bool) public usedSig;

    constructor(IERC20 _token, address _signer) { token = _token; signer = _signer; }

    function _split(bytes memory sig) internal pure returns (uint8 v, bytes32 r, bytes32 s) {
        require(sig.length == 65, "len");
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
    }

    function claim(address to, uint256 amount, bytes calldata sig) external {
        bytes32 sigId = keccak256(sig);
        require(!usedSig[sigId], "used");
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), to, amount));
        (uint8 v, bytes32 r, bytes32 s) = _split(sig);
        address who = ecrecover(digest, v, r, s);  //@
        require(who != address(0) && who == signer, "bad sig");
        usedSig[sigId] = true;
        require(token.transfer(to, amount), "push");
    }
}
""",
        fix=[
            (
                "        bytes32 sigId = keccak256(sig);\n",
                "        bytes32 sigId = keccak256(abi.encode(to, amount));\n",
            )
        ],
    ),
    dict(
        name="b5_oracle_report_zero.sol",
        cls="signature (ecrecover zero)",
        det=["ecrecover-zero"],
        ver="0.8.26",
        fn="submit",
        shape="0.8 price oracle: reporter unset by default (zero) and ecrecover result compared without a zero check",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract SignedPriceOracle {
    address public owner;
    address public reporter;
    uint256 public price;
    uint256 public updatedAt;
    uint256 public lastNonce;

    event PriceSet(uint256 price, uint256 at);

    constructor() { owner = msg.sender; }

    function setReporter(address r) external {
        require(msg.sender == owner, "owner");
        reporter = r;
    }

    function submit(uint256 newPrice, uint256 nonce, uint8 v, bytes32 r, bytes32 s) external {
        require(nonce > lastNonce, "nonce");
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), newPrice, nonce));
        address signer = ecrecover(digest, v, r, s);
        require(signer == reporter, "reporter");  //@
        lastNonce = nonce;
        price = newPrice;
        updatedAt = block.timestamp;
        emit PriceSet(newPrice, block.timestamp);
    }
}
""",
        fix=[
            (
                '        require(signer == reporter, "reporter");  //@\n',
                '        require(signer != address(0) && signer == reporter, "reporter");\n',
            )
        ],
    ),
    dict(
        name="b5_guardian_unlock_old.sol",
        cls="signature (ecrecover zero)",
        det=["ecrecover-zero"],
        ver="0.4.24",
        fn="unlock",
        shape="0.4 recovery vault: the guardian can resign (set to zero) and unlock compares ecrecover with it unchecked",
        src=r"""
pragma solidity ^0.4.24;

contract RecoveryVault {
    address public owner;
    address public guardian;
    uint public unlockNonce;
    bool public unlocked;

    event GuardianResigned(address guardian);

    constructor(address _guardian) public payable {
        owner = msg.sender;
        guardian = _guardian;
    }

    function resignGuardian() public {
        require(msg.sender == guardian);
        emit GuardianResigned(guardian);
        guardian = address(0);
    }

    function unlock(uint8 v, bytes32 r, bytes32 s) public {
        bytes32 h = keccak256(abi.encodePacked(this, unlockNonce));
        address g = ecrecover(h, v, r, s);
        require(g == guardian);  //@
        unlockNonce++;
        unlocked = true;
    }

    function sweep(address to) public {
        require(unlocked && msg.sender == owner);
        unlocked = false;
        to.transfer(address(this).balance);
    }

    function () public payable {}
}
""",
        fix=[("        require(g == guardian);  //@\n", "        require(g != address(0) && g == guardian);\n")],
    ),
]
