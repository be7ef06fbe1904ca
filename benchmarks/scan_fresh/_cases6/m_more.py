"""Set-6 further cases: ignored send failure, cross-chain replay, Vyper approve race."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_escrow_release_logged.sol",
        cls="ignored send failure",
        det=["ignored-send-failure", "unchecked-call"],
        ver="0.5.17",
        fn="release",
        shape="0.5 milestone escrow: release() marks the milestone paid, tries send() and on failure only emits an event (funds stuck, milestone lost)",
        src=r"""
pragma solidity ^0.5.17;

contract MilestoneEscrow {
    address public client;
    address payable public contractor;
    address public arbiter;
    uint256[] public milestoneAmounts;
    mapping(uint256 => bool) public paid;

    event Released(uint256 index, uint256 amount);
    event ReleaseFailed(uint256 index, uint256 amount);

    constructor(address payable _contractor, address _arbiter, uint256[] memory amounts) public payable {
        client = msg.sender;
        contractor = _contractor;
        arbiter = _arbiter;
        uint256 sum;
        for (uint256 i = 0; i < amounts.length; i++) sum += amounts[i];
        require(sum == msg.value, "funding");
        milestoneAmounts = amounts;
    }

    function release(uint256 index) external {
        require(msg.sender == client || msg.sender == arbiter, "auth");
        require(!paid[index], "paid");
        paid[index] = true;
        uint256 amount = milestoneAmounts[index];
        if (contractor.send(amount)) {
            emit Released(index, amount);
        } else {
            emit ReleaseFailed(index, amount);  //@
        }
    }
}
""",
        fix=[
            (
                "            emit ReleaseFailed(index, amount);  //@\n",
                "            paid[index] = false;\n            emit ReleaseFailed(index, amount);\n",
            ),
        ],
    ),
    dict(
        name="b6_bridge_claim_ignored.sol",
        cls="ignored send failure",
        det=["ignored-send-failure", "unchecked-call"],
        ver="0.8.26",
        fn="claimInbound",
        shape="0.8 bridge inbound claim: the call result is captured in `ok` and only used for an event; the message is already consumed",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract InboundClaims {
    address public immutable relayer;
    mapping(bytes32 => uint256) public inbound;
    mapping(bytes32 => address) public recipientOf;
    mapping(bytes32 => bool) public consumed;

    event Credited(bytes32 indexed msgId, address to, uint256 amount);
    event Delivered(bytes32 indexed msgId, bool ok);

    constructor(address r) payable { relayer = r; }

    function credit(bytes32 msgId, address to, uint256 amount) external {
        require(msg.sender == relayer, "relayer");
        require(inbound[msgId] == 0, "dup");
        inbound[msgId] = amount;
        recipientOf[msgId] = to;
        emit Credited(msgId, to, amount);
    }

    function claimInbound(bytes32 msgId) external {
        require(!consumed[msgId], "consumed");
        consumed[msgId] = true;
        (bool ok, ) = recipientOf[msgId].call{value: inbound[msgId]}("");
        emit Delivered(msgId, ok);  //@
    }
}
""",
        fix=[
            (
                "        emit Delivered(msgId, ok);  //@\n",
                '        require(ok, "delivery");\n        emit Delivered(msgId, ok);\n',
            ),
        ],
    ),
    dict(
        name="b6_claim_sig_no_chain.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.6.12",
        fn="claimWithSig",
        shape="0.6 rewards distributor deployed on several chains: the signed digest has a nonce but neither chain id nor contract address, so a claim replays on the other deployment",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function transfer(address, uint256) external returns (bool);
}

contract SignedRewards {
    IERC20 public immutable reward;
    address public signer;
    address public owner;
    mapping(address => uint256) public nonces;

    event Claimed(address indexed who, uint256 amount, uint256 nonce);

    constructor(IERC20 r, address s) public {
        reward = r;
        signer = s;
        owner = msg.sender;
    }

    function setSigner(address s) external {
        require(msg.sender == owner, "owner");
        require(s != address(0), "zero");
        signer = s;
    }

    function _recover(bytes32 digest, bytes memory sig) internal pure returns (address) {
        require(sig.length == 65, "len");
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");
        address a = ecrecover(digest, v, r, s);
        require(a != address(0), "zero");
        return a;
    }

    function claimWithSig(uint256 amount, bytes calldata sig) external {
        uint256 n = nonces[msg.sender]++;
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", keccak256(abi.encode(msg.sender, amount, n))));  //@
        require(_recover(digest, sig) == signer, "sig");
        require(reward.transfer(msg.sender, amount), "push");
        emit Claimed(msg.sender, amount, n);
    }
}
""",
        fix=[
            (
                "keccak256(abi.encode(msg.sender, amount, n))));  //@\n",
                "keccak256(abi.encode(_chainId(), address(this), msg.sender, amount, n))));\n",
            ),
            (
                "    function _recover(",
                "    function _chainId() internal pure returns (uint256 id) {\n        assembly { id := chainid() }\n    }\n\n    function _recover(",
            ),
        ],
    ),
    dict(
        name="b6_stable_approve.vy",
        cls="approve race",
        det=["approve-race"],
        ver="0.4.3",
        fn="approve",
        shape="Vyper 0.4 stablecoin: approve() overwrites a non-zero allowance; fixed twin requires a reset to zero first",
        src=r"""
# pragma version ^0.4.0

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    amount: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    amount: uint256

name: public(String[32])
symbol: public(String[8])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
minter: public(address)


@deploy
def __init__():
    self.name = "Dollar"
    self.symbol = "USDx"
    self.decimals = 6
    self.minter = msg.sender


@external
def mint(to: address, amount: uint256):
    assert msg.sender == self.minter, "minter"
    self.totalSupply += amount
    self.balanceOf[to] += amount
    log Transfer(empty(address), to, amount)


@external
def transfer(to: address, amount: uint256) -> bool:
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount
    log Transfer(msg.sender, to, amount)
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    self.allowance[owner][msg.sender] -= amount
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    log Transfer(owner, to, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount  #@
    log Approval(msg.sender, spender, amount)
    return True
""",
        fix=[
            (
                "    self.allowance[msg.sender][spender] = amount  #@\n",
                '    assert amount == 0 or self.allowance[msg.sender][spender] == 0, "reset first"\n    self.allowance[msg.sender][spender] = amount\n',
            )
        ],
    ),
]
