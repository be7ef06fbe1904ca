"""Set-7 signature flows: a coupon with no used mark, a bridge exit with no chain id, a permit with no deadline check."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_signed_coupon_shop.sol",
        cls="signature replay (nonce)",
        det=["signature-replay"],
        ver="0.8.26",
        fn="buyWithCoupon",
        shape="0.8 shop with server-signed discount coupons: the digest binds chain, contract, buyer and discount but nothing marks a coupon used, so one coupon discounts every later purchase",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract CouponShop {
    address public immutable owner;
    address public signer;
    uint256 public listPrice = 0.1 ether;
    mapping(address => uint256) public itemsOf;

    event Bought(address indexed buyer, uint256 qty, uint256 paid);
    event SignerSet(address signer);

    constructor(address _signer) {
        require(_signer != address(0), "signer");
        owner = msg.sender;
        signer = _signer;
    }

    function setSigner(address s) external {
        require(msg.sender == owner && s != address(0), "owner");
        signer = s;
        emit SignerSet(s);
    }

    function buyWithCoupon(uint256 qty, uint256 couponId, uint256 discountBps, uint8 v, bytes32 r, bytes32 s) external payable {
        require(qty > 0 && qty <= 5 && discountBps <= 5000, "args");
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), msg.sender, couponId, discountBps));
        bytes32 ethHash = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", digest));
        address who = ecrecover(ethHash, v, r, s);
        require(who != address(0) && who == signer, "coupon");  //@
        uint256 due = (qty * listPrice * (10_000 - discountBps)) / 10_000;
        require(msg.value == due, "value");
        itemsOf[msg.sender] += qty;
        emit Bought(msg.sender, qty, msg.value);
    }

    function withdraw() external {
        require(msg.sender == owner, "owner");
        payable(owner).transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "    mapping(address => uint256) public itemsOf;\n",
                "    mapping(address => uint256) public itemsOf;\n    mapping(uint256 => bool) public couponUsed;\n",
            ),
            (
                '        require(who != address(0) && who == signer, "coupon");  //@\n',
                '        require(who != address(0) && who == signer, "coupon");  //@\n        require(!couponUsed[couponId], "used");\n        couponUsed[couponId] = true;\n',
            ),
        ],
    ),
    dict(
        name="b7_bridge_exit_gateway.sol",
        cls="signature replay (chain id)",
        det=["signature-replay"],
        ver="0.8.26",
        fn="withdraw",
        shape="0.8 bridge exit gateway deployed on several rollups with one validator key: the signed digest is (to, amount, depositId) with no chain id or gateway address, so an exit signed for one chain pays out on the others",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 v) external returns (bool);
}

contract BridgeExitGateway {
    IERC20 public immutable token;
    address public validator;
    address public immutable admin;
    mapping(uint256 => bool) public processed;

    event Exit(uint256 indexed depositId, address to, uint256 amount);

    constructor(IERC20 _token, address _validator) {
        require(_validator != address(0), "validator");
        token = _token;
        validator = _validator;
        admin = msg.sender;
    }

    function rotateValidator(address v) external {
        require(msg.sender == admin && v != address(0), "admin");
        validator = v;
    }

    function withdraw(address to, uint256 amount, uint256 depositId, bytes calldata sig) external {
        require(!processed[depositId], "done");
        require(sig.length == 65, "sig");
        bytes32 digest = keccak256(abi.encodePacked(to, amount, depositId));  //@
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");
        address signer = ecrecover(keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", digest)), v, r, s);
        require(signer != address(0) && signer == validator, "signer");
        processed[depositId] = true;
        require(token.transfer(to, amount), "transfer");
        emit Exit(depositId, to, amount);
    }
}
""",
        fix=[
            (
                "        bytes32 digest = keccak256(abi.encodePacked(to, amount, depositId));  //@\n",
                "        bytes32 digest = keccak256(abi.encodePacked(block.chainid, address(this), to, amount, depositId));  //@\n",
            )
        ],
    ),
    dict(
        name="b7_guild_credit_permit.vy",
        cls="signature replay (deadline)",
        det=["signature-replay"],
        ver="0.4.3",
        fn="permit",
        shape="Vyper 0.4 ERC-20 with EIP-2612 permit: the deadline is signed but never compared with block.timestamp, so a permit the owner thought had lapsed can still be submitted at any later time",
        src=r"""
# pragma version ^0.4.0

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

PERMIT_TYPEHASH: constant(bytes32) = keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
DOMAIN_TYPEHASH: constant(bytes32) = keccak256("EIP712Domain(string name,uint256 chainId,address verifyingContract)")

name: public(String[32])
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
nonces: public(HashMap[address, uint256])
minter: public(address)


@deploy
def __init__():
    self.name = "Guild Credit"
    self.minter = msg.sender


@external
def mint(to: address, amount: uint256):
    assert msg.sender == self.minter, "minter"
    self.totalSupply += amount
    self.balanceOf[to] += amount
    log Transfer(sender=empty(address), receiver=to, value=amount)


@external
def transfer(to: address, amount: uint256) -> bool:
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount
    log Transfer(sender=msg.sender, receiver=to, value=amount)
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    self.allowance[owner][msg.sender] -= amount
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    log Transfer(sender=owner, receiver=to, value=amount)
    return True


@external
def permit(owner: address, spender: address, amount: uint256, deadline: uint256, v: uint8, r: bytes32, s: bytes32):
    assert owner != empty(address), "owner"
    nonce: uint256 = self.nonces[owner]
    domain: bytes32 = keccak256(abi_encode(DOMAIN_TYPEHASH, keccak256(self.name), chain.id, self))
    struct_hash: bytes32 = keccak256(abi_encode(PERMIT_TYPEHASH, owner, spender, amount, nonce, deadline))
    digest: bytes32 = keccak256(concat(b"\x19\x01", domain, struct_hash))
    assert ecrecover(digest, v, r, s) == owner, "sig"  #@
    self.nonces[owner] = nonce + 1
    self.allowance[owner][spender] = amount
    log Approval(owner=owner, spender=spender, value=amount)
""",
        fix=[
            (
                '    assert owner != empty(address), "owner"\n    nonce: uint256 = self.nonces[owner]\n',
                '    assert owner != empty(address), "owner"\n    assert block.timestamp <= deadline, "expired"\n    nonce: uint256 = self.nonces[owner]\n',
            )
        ],
    ),
]
