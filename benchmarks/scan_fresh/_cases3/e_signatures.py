"""Signature cases (no nonce, no chain id, malleable signatures, ecrecover returning zero) for the third blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b3_gasless_voucher.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.8.26",
        fn="redeemVoucher",
        shape="points voucher signed by the issuer over (to, amount) only: the same voucher redeems again and again",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract RewardVouchers {
    address public immutable issuer;
    mapping(address => uint256) public points;

    event Redeemed(address indexed to, uint256 amount);

    constructor(address issuer_) {
        issuer = issuer_;
    }

    function _recover(bytes32 digest, bytes calldata sig) internal pure returns (address) {
        require(sig.length == 65, "sig length");
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := calldataload(sig.offset)
            s := calldataload(add(sig.offset, 32))
            v := byte(0, calldataload(add(sig.offset, 64)))
        }
        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "high s");
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0), "bad sig");
        return signer;
    }

    function redeemVoucher(address to, uint256 amount, bytes calldata sig) external {
        bytes32 digest = keccak256(abi.encodePacked("\\x19Ethereum Signed Message:\\n32", keccak256(abi.encode(to, amount))));  //@
        require(_recover(digest, sig) == issuer, "not issuer");
        points[to] += amount;
        emit Redeemed(to, amount);
    }
}
""",
        fix=[
            (
                "    mapping(address => uint256) public points;\n",
                "    mapping(address => uint256) public points;\n    mapping(address => uint256) public nonces;\n",
            ),
            (
                '        bytes32 digest = keccak256(abi.encodePacked("\\x19Ethereum Signed Message:\\n32", keccak256(abi.encode(to, amount))));  //@',
                '        bytes32 digest = keccak256(abi.encodePacked("\\x19Ethereum Signed Message:\\n32", keccak256(abi.encode(block.chainid, address(this), to, amount, nonces[to]++))));',
            ),
        ],
    ),
    dict(
        name="b3_bridge_validator_sig.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.7.6",
        fn="withdraw",
        shape="bridge withdrawal hash has a nonce but no chain id or contract address; the same proof pays on a fork or sister bridge",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

contract EthBridgeExit {
    address public validator;
    mapping(uint256 => bool) public exited;

    event Exit(address indexed to, uint256 amount, uint256 nonce);

    constructor(address v) {
        validator = v;
    }

    receive() external payable {}

    function withdraw(address payable to, uint256 amount, uint256 nonce, uint8 v, bytes32 r, bytes32 s) external {
        require(!exited[nonce], "exited");
        bytes32 h = keccak256(abi.encodePacked(to, amount, nonce));  //@
        bytes32 digest = keccak256(abi.encodePacked("\\x19Ethereum Signed Message:\\n32", h));
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == validator, "signature");
        exited[nonce] = true;
        to.transfer(amount);
        emit Exit(to, amount, nonce);
    }
}
""",
        fix=[
            (
                "        bytes32 h = keccak256(abi.encodePacked(to, amount, nonce));  //@",
                "        uint256 chainId;\n        assembly { chainId := chainid() }\n        bytes32 h = keccak256(abi.encodePacked(chainId, address(this), to, amount, nonce));",
            )
        ],
    ),
    dict(
        name="b3_meta_vote_relay.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.5.17",
        fn="castVoteBySig",
        shape="0.5 governance: castVoteBySig has no nonce and no has-voted flag for the signer, so a relayed vote counts many times",
        src="""
pragma solidity ^0.5.17;

contract Council {
    struct Proposal { uint256 forVotes; uint256 againstVotes; uint256 endBlock; }

    mapping(uint256 => Proposal) public proposals;
    mapping(address => uint256) public weight;
    address public chair;
    bytes32 public constant BALLOT_TYPEHASH = keccak256("Ballot(uint256 proposalId,bool support)");
    bytes32 public DOMAIN;

    constructor() public {
        chair = msg.sender;
        uint256 id;
        assembly { id := chainid() }
        DOMAIN = keccak256(abi.encode(keccak256("Council"), id, address(this)));
    }

    function setWeight(address who, uint256 w) external {
        require(msg.sender == chair, "chair");
        weight[who] = w;
    }

    function propose(uint256 id, uint256 duration) external {
        require(msg.sender == chair, "chair");
        proposals[id].endBlock = block.number + duration;
    }

    function castVoteBySig(uint256 proposalId, bool support, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 structHash = keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, support));  //@
        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", DOMAIN, structHash));
        address voter = ecrecover(digest, v, r, s);  //@
        require(voter != address(0), "invalid signature");
        Proposal storage p = proposals[proposalId];
        require(block.number <= p.endBlock, "closed");
        if (support) p.forVotes += weight[voter];
        else p.againstVotes += weight[voter];
    }
}
""",
        fix=[
            (
                "    mapping(address => uint256) public weight;\n",
                "    mapping(address => uint256) public weight;\n    mapping(uint256 => mapping(address => bool)) public hasVoted;\n",
            ),
            (
                '        require(voter != address(0), "invalid signature");\n',
                '        require(voter != address(0), "invalid signature");\n        require(!hasVoted[proposalId][voter], "voted");\n        hasVoted[proposalId][voter] = true;\n',
            ),
        ],
    ),
    dict(
        name="b3_claim_by_signature_bytes.sol",
        cls="signature malleability",
        det=["signature-malleability"],
        ver="0.8.26",
        fn="claim",
        shape="airdrop marks the signature bytes as used and recovers with raw ecrecover (no low-s check), so the flipped (s, v) claims again",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract SignedAirdrop {
    IERC20 public immutable token;
    address public immutable signer;
    mapping(bytes32 => bool) public usedSig;

    constructor(IERC20 t, address s) {
        token = t;
        signer = s;
    }

    function claim(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 sigId = keccak256(abi.encodePacked(r, s, v));  //@
        require(!usedSig[sigId], "used");
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), to, amount));
        address who = ecrecover(digest, v, r, s);  //@
        require(who != address(0) && who == signer, "signature");
        usedSig[sigId] = true;
        require(token.transfer(to, amount), "transfer");
    }
}
""",
        fix=[
            (
                '        bytes32 sigId = keccak256(abi.encodePacked(r, s, v));  //@\n        require(!usedSig[sigId], "used");\n        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), to, amount));\n        address who = ecrecover(digest, v, r, s);  //@\n',
                '        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), to, amount));\n        bytes32 sigId = digest;\n        require(!usedSig[sigId], "used");\n        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");\n        address who = ecrecover(digest, v, r, s);\n',
            )
        ],
    ),
    dict(
        name="b3_order_cancel_sighash.sol",
        cls="signature malleability",
        det=["signature-malleability"],
        ver="0.6.12",
        fn="fill",
        shape="0.6 order book: filled orders keyed by keccak256(signature); the malleated twin of a signature fills the order twice",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

contract SignedOrders {
    mapping(bytes32 => bool) public filled;
    mapping(address => uint256) public escrow;

    function deposit() external payable {
        escrow[msg.sender] += msg.value;
    }

    function _split(bytes memory sig) internal pure returns (uint8 v, bytes32 r, bytes32 s) {
        require(sig.length == 65, "len");
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
    }

    function fill(address maker, uint256 price, uint256 expiry, bytes calldata sig) external {
        require(now <= expiry, "expired");
        bytes32 key = keccak256(sig);  //@
        require(!filled[key], "filled");
        bytes32 orderHash = keccak256(abi.encode(address(this), maker, msg.sender, price, expiry));
        (uint8 v, bytes32 r, bytes32 s) = _split(sig);
        require(ecrecover(orderHash, v, r, s) == maker && maker != address(0), "maker sig");
        filled[key] = true;
        escrow[maker] -= price;
        msg.sender.transfer(price);
    }
}
""",
        fix=[
            (
                '        bytes32 key = keccak256(sig);  //@\n        require(!filled[key], "filled");\n        bytes32 orderHash = keccak256(abi.encode(address(this), maker, msg.sender, price, expiry));\n',
                '        bytes32 orderHash = keccak256(abi.encode(address(this), maker, msg.sender, price, expiry));\n        bytes32 key = orderHash;\n        require(!filled[key], "filled");\n',
            )
        ],
    ),
    dict(
        name="b3_permit_zero_owner.sol",
        cls="ecrecover zero",
        det=["ecrecover-zero"],
        ver="0.6.12",
        fn="permit",
        shape="EIP-2612-style permit compares ecrecover to owner without rejecting address(0), so owner=0 takes a garbage signature",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.6.12;

contract PermitToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => uint256) public nonces;
    bytes32 public DOMAIN_SEPARATOR;
    bytes32 public constant PERMIT_TYPEHASH = keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    constructor(uint256 supply) public {
        balanceOf[msg.sender] = supply;
        uint256 chainId;
        assembly { chainId := chainid() }
        DOMAIN_SEPARATOR = keccak256(abi.encode(keccak256("PermitToken"), chainId, address(this)));
    }

    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        require(deadline >= block.timestamp, "expired");
        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", DOMAIN_SEPARATOR,
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonces[owner]++, deadline))));
        require(ecrecover(digest, v, r, s) == owner, "invalid permit");  //@
        allowance[owner][spender] = value;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(balanceOf[from] >= value && allowance[from][msg.sender] >= value, "funds");
        allowance[from][msg.sender] -= value;
        balanceOf[from] -= value;
        balanceOf[to] += value;
        return true;
    }
}
""",
        fix=[
            (
                '        require(ecrecover(digest, v, r, s) == owner, "invalid permit");  //@',
                '        address recovered = ecrecover(digest, v, r, s);\n        require(recovered != address(0) && recovered == owner, "invalid permit");',
            )
        ],
    ),
    dict(
        name="b3_oracle_unset_signer.sol",
        cls="ecrecover zero",
        det=["ecrecover-zero"],
        ver="0.5.17",
        fn="postPrice",
        shape="price feed whose reporter starts unset; ecrecover(...) == reporter passes for an invalid signature until set",
        src="""
pragma solidity ^0.5.17;

contract SignedPriceFeed {
    address public admin;
    address public reporter;
    uint256 public price;
    uint256 public updatedAt;

    constructor() public {
        admin = msg.sender;
    }

    function setReporter(address r) external {
        require(msg.sender == admin, "admin");
        reporter = r;
    }

    function postPrice(uint256 newPrice, uint256 timestamp, uint8 v, bytes32 r, bytes32 s) external {
        require(timestamp > updatedAt && timestamp <= now, "stale");
        bytes32 h = keccak256(abi.encodePacked(address(this), newPrice, timestamp));
        address signer = ecrecover(h, v, r, s);
        require(signer == reporter, "not reporter");  //@
        price = newPrice;
        updatedAt = timestamp;
    }
}
""",
        fix=[
            (
                '        require(signer == reporter, "not reporter");  //@',
                '        require(signer != address(0) && signer == reporter, "not reporter");',
            )
        ],
    ),
]
