"""Signature replay and malleability cases for the fresh recall set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="sr_voucher_claim.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.8.20",
        fn="redeem",
        shape="signed (to, amount) voucher with no nonce, no used mark, no chain id",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

interface IMintable {
    function mint(address to, uint256 amount) external;
}

contract VoucherMinter {
    address public immutable issuer;
    IMintable public immutable token;

    constructor(address _issuer, IMintable _token) {
        issuer = _issuer;
        token = _token;
    }

    function redeem(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked("\\x19Ethereum Signed Message:\\n32", keccak256(abi.encodePacked(to, amount))));  //@
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == issuer, "bad voucher");
        token.mint(to, amount);
    }
}
""",
        fix=[
            (
                "    IMintable public immutable token;\n",
                "    IMintable public immutable token;\n    mapping(address => uint256) public nonces;\n",
            ),
            (
                "    function redeem(address to, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {\n"
                '        bytes32 digest = keccak256(abi.encodePacked("\\x19Ethereum Signed Message:\\n32", keccak256(abi.encodePacked(to, amount))));  //@',
                "    function redeem(address to, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {\n"
                '        require(block.timestamp <= deadline, "expired");\n'
                "        bytes32 inner = keccak256(abi.encode(block.chainid, address(this), to, amount, nonces[to]++, deadline));\n"
                '        bytes32 digest = keccak256(abi.encodePacked("\\x19Ethereum Signed Message:\\n32", inner));',
            ),
        ],
    ),
    dict(
        name="sr_bridge_release.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.8.24",
        fn="release",
        shape="bridge release marks the nonce used but signs no chain id or contract address",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract BridgeGateway {
    address public relayerKey;
    IERC20 public token;
    mapping(uint256 => bool) public processed;

    constructor(address key, IERC20 _token) {
        relayerKey = key;
        token = _token;
    }

    function release(address to, uint256 amount, uint256 depositId, bytes32 r, bytes32 s, uint8 v) external {
        require(!processed[depositId], "done");
        bytes32 h = keccak256(abi.encode(to, amount, depositId));  //@
        require(ecrecover(h, v, r, s) == relayerKey && relayerKey != address(0), "sig");
        processed[depositId] = true;
        require(token.transfer(to, amount), "transfer");
    }
}
""",
        fix=[
            (
                "        bytes32 h = keccak256(abi.encode(to, amount, depositId));  //@",
                "        bytes32 h = keccak256(abi.encode(block.chainid, address(this), to, amount, depositId));",
            )
        ],
    ),
    dict(
        name="sr_meta_relayer.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.7.6",
        fn="relay",
        shape="meta-tx forwarder hashes target and data but keeps no nonce",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;
pragma abicoder v2;

contract GaslessForwarder {
    struct Request {
        address from;
        address to;
        uint256 gas;
        bytes data;
    }

    function recover(bytes32 h, bytes memory sig) internal pure returns (address) {
        require(sig.length == 65, "len");
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
        return ecrecover(h, v, r, s);
    }

    function relay(Request calldata req, bytes calldata sig) external returns (bytes memory) {
        uint256 id;
        assembly { id := chainid() }
        bytes32 h = keccak256(abi.encode(id, address(this), req.from, req.to, req.gas, keccak256(req.data)));  //@
        require(recover(h, sig) == req.from && req.from != address(0), "signature");
        (bool ok, bytes memory ret) = req.to.call{gas: req.gas}(abi.encodePacked(req.data, req.from));
        require(ok, "call");
        return ret;
    }
}
""",
        fix=[
            (
                "        bytes data;\n    }\n",
                "        bytes data;\n    }\n\n    mapping(address => uint256) public nonces;\n",
            ),
            (
                "        bytes32 h = keccak256(abi.encode(id, address(this), req.from, req.to, req.gas, keccak256(req.data)));  //@",
                "        bytes32 h = keccak256(abi.encode(id, address(this), req.from, req.to, req.gas, nonces[req.from]++, keccak256(req.data)));",
            ),
        ],
    ),
    dict(
        name="sr_permit_nodeadline.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.8.19",
        fn="permit",
        shape="permit with nonce and chain id but no deadline",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

contract PermitToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => uint256) public nonces;
    bytes32 public constant PERMIT_TYPEHASH = keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce)");

    function domainSeparator() public view returns (bytes32) {
        return keccak256(abi.encode(keccak256("EIP712Domain(uint256 chainId,address verifyingContract)"), block.chainid, address(this)));
    }

    function permit(address owner, address spender, uint256 value, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonces[owner]++));  //@
        bytes32 digest = keccak256(abi.encodePacked("\\x19\\x01", domainSeparator(), structHash));
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == owner, "permit");
        allowance[owner][spender] = value;
    }
}
""",
        fix=[
            (
                'keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce)")',
                'keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")',
            ),
            (
                "    function permit(address owner, address spender, uint256 value, uint8 v, bytes32 r, bytes32 s) external {\n"
                "        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonces[owner]++));  //@",
                "    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {\n"
                '        require(block.timestamp <= deadline, "expired");\n'
                "        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonces[owner]++, deadline));",
            ),
        ],
    ),
    dict(
        name="sm_gift_card.sol",
        cls="signature malleability",
        det=["signature-malleability"],
        ver="0.8.21",
        fn="claim",
        shape="used-signature set keyed by keccak(r, s, v); s not bounded",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract GiftCards {
    address public immutable store;
    mapping(bytes32 => bool) public usedSig;

    constructor(address _store) payable {
        store = _store;
    }

    function claim(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 sigId = keccak256(abi.encodePacked(r, s, v));  //@
        require(!usedSig[sigId], "used");
        bytes32 h = keccak256(abi.encodePacked(block.chainid, address(this), msg.sender, amount));
        address signer = ecrecover(h, v, r, s);
        require(signer != address(0) && signer == store, "sig");
        usedSig[sigId] = true;
        payable(msg.sender).transfer(amount);
    }
}
""",
        fix=[
            (
                "    function claim(uint256 amount, uint8 v, bytes32 r, bytes32 s) external {\n"
                "        bytes32 sigId = keccak256(abi.encodePacked(r, s, v));  //@\n",
                "    function claim(uint256 amount, uint256 cardId, uint8 v, bytes32 r, bytes32 s) external {\n"
                '        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");\n'
                "        bytes32 sigId = keccak256(abi.encodePacked(msg.sender, cardId));\n",
            ),
            (
                "abi.encodePacked(block.chainid, address(this), msg.sender, amount)",
                "abi.encodePacked(block.chainid, address(this), msg.sender, amount, cardId)",
            ),
        ],
    ),
    dict(
        name="sm_order_cancel.sol",
        cls="signature malleability",
        det=["signature-malleability"],
        ver="0.5.16",
        fn="fill",
        shape="0.5 order book marks a filled order by its signature bytes",
        src="""
pragma solidity 0.5.16;

contract OtcDesk {
    mapping(bytes => bool) public filled;
    mapping(address => uint256) public credit;

    function deposit() external payable {
        credit[msg.sender] += msg.value;
    }

    function split(bytes memory sig) internal pure returns (uint8 v, bytes32 r, bytes32 s) {
        require(sig.length == 65, "len");
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
    }

    function fill(address maker, uint256 price, bytes calldata sig) external payable {
        require(!filled[sig], "filled");  //@
        require(msg.value == price, "price");
        (uint8 v, bytes32 r, bytes32 s) = split(sig);
        bytes32 h = keccak256(abi.encodePacked(address(this), maker, price));
        require(maker != address(0) && ecrecover(h, v, r, s) == maker, "sig");
        filled[sig] = true;  //@
        credit[maker] += msg.value;
    }
}
""",
        fix=[
            ("    mapping(bytes => bool) public filled;\n", "    mapping(bytes32 => bool) public filled;\n"),
            (
                """        require(!filled[sig], "filled");  //@
        require(msg.value == price, "price");
        (uint8 v, bytes32 r, bytes32 s) = split(sig);
        bytes32 h = keccak256(abi.encodePacked(address(this), maker, price));""",
                """        require(msg.value == price, "price");
        (uint8 v, bytes32 r, bytes32 s) = split(sig);
        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");
        bytes32 h = keccak256(abi.encodePacked(address(this), maker, price));
        require(!filled[h], "filled");""",
            ),
            ("        filled[sig] = true;  //@", "        filled[h] = true;"),
        ],
    ),
]
