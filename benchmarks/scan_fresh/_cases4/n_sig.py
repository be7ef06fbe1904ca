"""Set-4 signature cases: vouchers without a nonce, high-s signatures used as ids, ecrecover's zero address."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_voucher_claims.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.8.26",
        fn="claimWithVoucher",
        shape="reward vouchers signed by an issuer, bound to chain and contract but with no nonce or used-set",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

library SigUtil {
    function toEthSigned(bytes32 h) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", h));
    }

    function recover(bytes32 digest, bytes memory sig) internal pure returns (address) {
        require(sig.length == 65, "sig length");
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 0x20))
            s := mload(add(sig, 0x40))
            v := byte(0, mload(add(sig, 0x60)))
        }
        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0), "sig");
        return signer;
    }
}

contract QuestRewards {
    using SigUtil for bytes32;

    IERC20 public immutable rewardToken;
    address public issuer;
    address public owner;
    uint256 public totalClaimed;
    mapping(address => uint256) public claimedBy;

    event Claimed(address indexed user, uint256 questId, uint256 amount);
    event IssuerChanged(address issuer);

    constructor(IERC20 token, address _issuer) {
        rewardToken = token;
        issuer = _issuer;
        owner = msg.sender;
    }

    function setIssuer(address next) external {
        require(msg.sender == owner, "owner");
        issuer = next;
        emit IssuerChanged(next);
    }

    function voucherHash(address user, uint256 questId, uint256 amount) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), user, questId, amount));
    }

    function claimWithVoucher(uint256 questId, uint256 amount, bytes calldata sig) external {
        bytes32 digest = voucherHash(msg.sender, questId, amount).toEthSigned();
        require(digest.recover(sig) == issuer, "issuer");  //@
        claimedBy[msg.sender] += amount;
        totalClaimed += amount;
        require(rewardToken.transfer(msg.sender, amount), "transfer");
        emit Claimed(msg.sender, questId, amount);
    }

    function sweep(address to, uint256 amount) external {
        require(msg.sender == owner, "owner");
        require(rewardToken.transfer(to, amount), "transfer");
    }

    function transferOwnership(address next) external {
        require(msg.sender == owner, "owner");
        require(next != address(0), "zero");
        owner = next;
    }

    function claimedOf(address user) external view returns (uint256) {
        return claimedBy[user];
    }
}
""",
        fix=[
            (
                "    mapping(address => uint256) public claimedBy;\n",
                "    mapping(address => uint256) public claimedBy;\n    mapping(address => mapping(uint256 => bool)) public questClaimed;\n",
            ),
            (
                '        require(digest.recover(sig) == issuer, "issuer");  //@\n',
                '        require(digest.recover(sig) == issuer, "issuer");\n        require(!questClaimed[msg.sender][questId], "claimed");\n        questClaimed[msg.sender][questId] = true;\n',
            ),
        ],
    ),
    dict(
        name="b4_l2_messenger.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.7.6",
        fn="relayMessage",
        shape="L2 messenger: relay checks an attester signature over the message but keeps no record of relayed messages",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

interface ITarget {
    function onMessage(address sender, bytes calldata payload) external;
}

contract L2Messenger {
    uint256 public immutable remoteChainId;
    address public attester;
    address public admin;
    uint256 public sentNonce;
    bool public halted;

    event MessageSent(uint256 indexed nonce, address indexed sender, address target, bytes payload);
    event MessageRelayed(bytes32 indexed id, address target);

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin");
        _;
    }

    constructor(uint256 _remoteChainId, address _attester) {
        remoteChainId = _remoteChainId;
        attester = _attester;
        admin = msg.sender;
    }

    function sendMessage(address target, bytes calldata payload) external {
        require(!halted, "halted");
        emit MessageSent(sentNonce++, msg.sender, target, payload);
    }

    function messageId(uint256 nonce, address sender, address target, bytes memory payload) public view returns (bytes32) {
        uint256 chainId;
        assembly {
            chainId := chainid()
        }
        return keccak256(abi.encode(remoteChainId, chainId, address(this), nonce, sender, target, payload));
    }

    function relayMessage(uint256 nonce, address sender, address target, bytes calldata payload, uint8 v, bytes32 r, bytes32 s) external {
        require(!halted, "halted");
        bytes32 id = messageId(nonce, sender, target, payload);
        address signer = ecrecover(id, v, r, s);  //@
        require(signer != address(0) && signer == attester, "attestation");  //@
        ITarget(target).onMessage(sender, payload);
        emit MessageRelayed(id, target);
    }

    function setAttester(address a) external onlyAdmin {
        attester = a;
    }

    function setHalted(bool h) external onlyAdmin {
        halted = h;
    }

    uint256 public gasLimitPerMessage = 500_000;
    mapping(address => bool) public blockedTarget;

    function setGasLimit(uint256 g) external onlyAdmin {
        require(g >= 100_000 && g <= 5_000_000, "gas");
        gasLimitPerMessage = g;
    }

    function blockTarget(address t, bool b) external onlyAdmin {
        blockedTarget[t] = b;
    }

    function transferAdmin(address next) external onlyAdmin {
        require(next != address(0), "zero");
        admin = next;
    }

    function pendingCount() external view returns (uint256) {
        return sentNonce;
    }

    function isHalted() external view returns (bool) {
        return halted;
    }
}
""",
        fix=[
            ("    bool public halted;\n", "    bool public halted;\n    mapping(bytes32 => bool) public relayed;\n"),
            (
                '        require(signer != address(0) && signer == attester, "attestation");  //@\n',
                '        require(signer != address(0) && signer == attester, "attestation");\n        require(!relayed[id], "relayed");\n        relayed[id] = true;\n',
            ),
        ],
    ),
    dict(
        name="b4_presigned_token.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.5.17",
        fn="transferPreSigned",
        shape="0.5 token with relayed transfers: the signed hash has no nonce",
        src=r"""
pragma solidity ^0.5.17;

contract PreSignedToken {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    event Transfer(address indexed from, address indexed to, uint256 value);

    constructor(uint256 supply) public {
        balanceOf[msg.sender] = supply;
        totalSupply = supply;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function transferPreSigned(address from, address to, uint256 value, uint256 fee, uint8 v, bytes32 r, bytes32 s) external returns (bool) {
        bytes32 h = keccak256(abi.encodePacked(address(this), from, to, value, fee));  //@
        address signer = ecrecover(keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", h)), v, r, s);
        require(signer != address(0) && signer == from, "signature");
        _move(from, to, value);
        _move(from, msg.sender, fee);
        return true;
    }

    function _move(address from, address to, uint256 value) internal {
        require(balanceOf[from] >= value, "balance");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
""",
        fix=[
            (
                "    uint256 public totalSupply;\n",
                "    uint256 public totalSupply;\n    mapping(address => uint256) public nonces;\n",
            ),
            (
                "        bytes32 h = keccak256(abi.encodePacked(address(this), from, to, value, fee));  //@\n",
                "        bytes32 h = keccak256(abi.encodePacked(address(this), from, to, value, fee, nonces[from]++));\n",
            ),
        ],
    ),
    dict(
        name="b4_otc_desk.sol",
        cls="signature malleability",
        det=["signature-malleability"],
        ver="0.6.12",
        fn="fill",
        shape="OTC desk: fills are de-duplicated by the hash of the signature bytes, recovered with bare ecrecover",
        src=r"""
pragma solidity ^0.6.12;
pragma experimental ABIEncoderV2;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract OtcDesk {
    struct Quote {
        address maker;
        IERC20 sell;
        IERC20 buy;
        uint256 sellAmount;
        uint256 buyAmount;
        uint256 expiry;
    }

    mapping(bytes32 => bool) public usedSignature;
    mapping(address => bool) public cancelledAll;

    event Filled(address indexed maker, address indexed taker, uint256 sellAmount, uint256 buyAmount);

    function _split(bytes memory sig) internal pure returns (uint8 v, bytes32 r, bytes32 s) {
        require(sig.length == 65, "length");
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
        if (v < 27) v += 27;
    }

    function quoteHash(Quote memory q) public view returns (bytes32) {
        uint256 id;
        assembly { id := chainid() }
        return keccak256(abi.encode(id, address(this), q.maker, q.sell, q.buy, q.sellAmount, q.buyAmount, q.expiry));
    }

    function fill(Quote calldata q, bytes calldata sig) external {
        require(block.timestamp <= q.expiry, "expired");
        require(!cancelledAll[q.maker], "cancelled");
        bytes32 sigId = keccak256(sig);  //@
        require(!usedSignature[sigId], "used");  //@
        (uint8 v, bytes32 r, bytes32 s) = _split(sig);
        address signer = ecrecover(quoteHash(q), v, r, s);  //@
        require(signer != address(0) && signer == q.maker, "signer");
        usedSignature[sigId] = true;
        require(q.sell.transferFrom(q.maker, msg.sender, q.sellAmount), "sell");
        require(q.buy.transferFrom(msg.sender, q.maker, q.buyAmount), "buy");
        emit Filled(q.maker, msg.sender, q.sellAmount, q.buyAmount);
    }

    function cancelAll() external {
        cancelledAll[msg.sender] = true;
    }

    address public feeCollector = msg.sender;
    uint256 public feeBps;

    function setFee(uint256 bps) external {
        require(msg.sender == feeCollector, "collector");
        require(bps <= 50, "bps");
        feeBps = bps;
    }

    function reinstate() external {
        cancelledAll[msg.sender] = false;
    }

    function signerOf(Quote calldata q, bytes calldata sig) external view returns (address) {
        (uint8 v, bytes32 r, bytes32 s) = _split(sig);
        return ecrecover(quoteHash(q), v, r, s);
    }

    function isLive(Quote calldata q) external view returns (bool) {
        return block.timestamp <= q.expiry && !cancelledAll[q.maker];
    }

    function quoteId(Quote calldata q) external view returns (bytes32) {
        return quoteHash(q);
    }
}
""",
        fix=[
            (
                '        bytes32 sigId = keccak256(sig);  //@\n        require(!usedSignature[sigId], "used");  //@\n',
                '        bytes32 sigId = quoteHash(q);\n        require(!usedSignature[sigId], "used");\n',
            ),
            (
                "        address signer = ecrecover(quoteHash(q), v, r, s);  //@\n",
                '        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");\n        address signer = ecrecover(sigId, v, r, s);\n',
            ),
        ],
    ),
    dict(
        name="b4_vote_by_sig.sol",
        cls="ecrecover zero",
        det=["ecrecover-zero"],
        ver="0.8.26",
        fn="castVoteBySig",
        shape="DAO voting by signature of a voter's registered hot key; unregistered voters have key zero",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IVotes {
    function getPastVotes(address who, uint256 blockNumber) external view returns (uint256);
}

contract HotKeyGovernor {
    struct Proposal {
        uint64 snapshot;
        uint64 deadline;
        uint128 forVotes;
        uint128 againstVotes;
    }

    IVotes public immutable token;
    mapping(address => address) public hotKey;
    mapping(uint256 => Proposal) public proposals;
    mapping(uint256 => mapping(address => bool)) public voted;
    uint256 public proposalCount;

    event HotKeySet(address indexed voter, address key);
    event VoteCast(uint256 indexed id, address indexed voter, bool support, uint256 weight);

    constructor(IVotes _token) {
        token = _token;
    }

    function setHotKey(address key) external {
        hotKey[msg.sender] = key;
        emit HotKeySet(msg.sender, key);
    }

    function propose(uint64 duration) external returns (uint256 id) {
        id = ++proposalCount;
        proposals[id] = Proposal(uint64(block.number - 1), uint64(block.timestamp + duration), 0, 0);
    }

    function castVote(uint256 id, bool support) external {
        _cast(id, msg.sender, support);
    }

    function castVoteBySig(uint256 id, address voter, bool support, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), id, voter, support));
        require(ecrecover(digest, v, r, s) == hotKey[voter], "bad signature");  //@
        _cast(id, voter, support);
    }

    function _cast(uint256 id, address voter, bool support) internal {
        Proposal storage p = proposals[id];
        require(block.timestamp <= p.deadline, "closed");
        require(!voted[id][voter], "voted");
        voted[id][voter] = true;
        uint128 weight = uint128(token.getPastVotes(voter, p.snapshot));
        if (support) p.forVotes += weight;
        else p.againstVotes += weight;
        emit VoteCast(id, voter, support, weight);
    }

    function state(uint256 id) external view returns (string memory) {
        Proposal storage p = proposals[id];
        if (p.deadline == 0) return "none";
        if (block.timestamp <= p.deadline) return "active";
        return p.forVotes > p.againstVotes ? "passed" : "defeated";
    }

    function clearHotKey() external {
        delete hotKey[msg.sender];
        emit HotKeySet(msg.sender, address(0));
    }

    function tally(uint256 id) external view returns (uint256 forVotes, uint256 againstVotes) {
        Proposal storage p = proposals[id];
        return (p.forVotes, p.againstVotes);
    }

    function hasVoted(uint256 id, address voter) external view returns (bool) {
        return voted[id][voter];
    }
}
""",
        fix=[
            (
                '        require(ecrecover(digest, v, r, s) == hotKey[voter], "bad signature");  //@\n',
                '        address signer = ecrecover(digest, v, r, s);\n        require(signer != address(0) && signer == hotKey[voter], "bad signature");\n',
            )
        ],
    ),
    dict(
        name="b4_permit_token.vy",
        cls="ecrecover zero",
        det=["ecrecover-zero"],
        ver="vyper 0.4",
        fn="permit",
        shape="Vyper token permit compares ecrecover's result with the caller-given owner, which may be empty(address)",
        src=r"""
#pragma version ^0.4.0

balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
nonces: public(HashMap[address, uint256])
totalSupply: public(uint256)

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

@deploy
def __init__(supply: uint256):
    self.balanceOf[msg.sender] = supply
    self.totalSupply = supply

@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    self.allowance[owner][msg.sender] -= amount
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    return True

@external
def burn(amount: uint256):
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[empty(address)] += amount

@external
def permit(owner: address, spender: address, amount: uint256, deadline: uint256, v: uint8, r: bytes32, s: bytes32) -> bool:
    assert block.timestamp <= deadline, "expired"
    nonce: uint256 = self.nonces[owner]
    digest: bytes32 = keccak256(abi_encode(chain.id, self, owner, spender, amount, nonce, deadline))
    assert ecrecover(digest, v, r, s) == owner, "signature"  #@
    self.nonces[owner] = nonce + 1
    self.allowance[owner][spender] = amount
    log Approval(owner=owner, spender=spender, value=amount)
    return True
""",
        fix=[
            (
                '    assert ecrecover(digest, v, r, s) == owner, "signature"  #@\n',
                '    signer: address = ecrecover(digest, v, r, s)\n    assert signer != empty(address) and signer == owner, "signature"\n',
            )
        ],
    ),
]
