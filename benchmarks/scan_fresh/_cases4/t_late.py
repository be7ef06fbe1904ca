"""Set-4 last cases: a name service, a DEX router, cliff vesting, and two Vyper 0.3 contracts."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_name_service.sol",
        cls="payee/transaction-order race",
        det=["transaction-order"],
        ver="0.8.26",
        fn="register",
        shape="name service: the first transaction naming a free label owns it; labels travel in the clear",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.18;

contract NameService {
    struct Record {
        address owner;
        address resolved;
        uint64 expires;
    }

    uint256 public constant MIN_LENGTH = 3;
    uint256 public pricePerYear = 0.002 ether;
    address public treasury;
    mapping(bytes32 => Record) public records;
    mapping(address => bytes32) public primaryName;

    event NameRegistered(bytes32 indexed node, string label, address owner, uint64 expires);
    event NameRenewed(bytes32 indexed node, uint64 expires);
    event AddrChanged(bytes32 indexed node, address addr);

    error Unavailable();
    error NotOwner();

    modifier onlyNameOwner(bytes32 node) {
        if (records[node].owner != msg.sender || records[node].expires < block.timestamp) revert NotOwner();
        _;
    }

    constructor(address _treasury) {
        treasury = _treasury;
    }

    function nodeOf(string memory label) public pure returns (bytes32) {
        return keccak256(bytes(label));
    }

    function available(string memory label) public view returns (bool) {
        return bytes(label).length >= MIN_LENGTH && records[nodeOf(label)].expires < block.timestamp;
    }

    function register(string calldata label, uint8 yearsCount) external payable returns (bytes32 node) {
        require(yearsCount > 0 && msg.value == pricePerYear * yearsCount, "price");
        if (!available(label)) revert Unavailable();  //@
        node = nodeOf(label);
        uint64 expires = uint64(block.timestamp + uint256(yearsCount) * 365 days);
        records[node] = Record(msg.sender, msg.sender, expires);  //@
        if (primaryName[msg.sender] == bytes32(0)) primaryName[msg.sender] = node;
        emit NameRegistered(node, label, msg.sender, expires);
    }

    function renew(bytes32 node, uint8 yearsCount) external payable {
        require(msg.value == pricePerYear * yearsCount, "price");
        Record storage r = records[node];
        require(r.expires >= block.timestamp, "expired");
        r.expires += uint64(uint256(yearsCount) * 365 days);
        emit NameRenewed(node, r.expires);
    }

    function setAddr(bytes32 node, address a) external onlyNameOwner(node) {
        records[node].resolved = a;
        emit AddrChanged(node, a);
    }

    function transferName(bytes32 node, address to) external onlyNameOwner(node) {
        records[node].owner = to;
    }

    function resolve(bytes32 node) external view returns (address) {
        Record storage r = records[node];
        return r.expires >= block.timestamp ? r.resolved : address(0);
    }

    function withdraw() external {
        (bool ok, ) = treasury.call{value: address(this).balance}("");
        require(ok, "treasury");
    }

    function setPrice(uint256 p) external {
        require(msg.sender == treasury, "treasury");
        pricePerYear = p;
    }
}
""",
        fix=[
            (
                "    mapping(address => bytes32) public primaryName;\n",
                "    mapping(address => bytes32) public primaryName;\n    mapping(bytes32 => uint256) public commitments;\n\n    function commit(bytes32 commitment) external {\n        commitments[commitment] = block.timestamp;\n    }\n",
            ),
            (
                "    function register(string calldata label, uint8 yearsCount) external payable returns (bytes32 node) {\n",
                "    function register(string calldata label, uint8 yearsCount, bytes32 secret) external payable returns (bytes32 node) {\n",
            ),
            (
                "        if (!available(label)) revert Unavailable();  //@\n",
                '        if (!available(label)) revert Unavailable();\n        bytes32 c = keccak256(abi.encode(label, msg.sender, secret));\n        uint256 t = commitments[c];\n        require(t != 0 && t + 1 minutes <= block.timestamp && block.timestamp <= t + 1 days, "commitment");\n        delete commitments[c];\n',
            ),
            (
                "        records[node] = Record(msg.sender, msg.sender, expires);  //@\n",
                "        records[node] = Record(msg.sender, msg.sender, expires);\n",
            ),
        ],
    ),
    dict(
        name="b4_swap_router.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.6.12",
        fn="_refundDust",
        shape="DEX router: token moves are checked, but the ETH dust refund helper drops the call's result",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

interface IWETH {
    function deposit() external payable;
    function withdraw(uint256) external;
    function transfer(address to, uint256 value) external returns (bool);
}

interface IPair {
    function getAmountOut(address tokenIn, uint256 amountIn) external view returns (uint256);
    function swap(address tokenIn, uint256 amountIn, uint256 amountOut, address to) external;
}

contract SwapRouter {
    IWETH public immutable weth;
    address public immutable factory;

    event Swapped(address indexed user, address pair, uint256 amountIn, uint256 amountOut);

    modifier ensure(uint256 deadline) {
        require(deadline >= block.timestamp, "Router: EXPIRED");
        _;
    }

    constructor(IWETH _weth, address _factory) public {
        weth = _weth;
        factory = _factory;
    }

    receive() external payable {
        assert(msg.sender == address(weth));
    }

    function _safeTransferFrom(address token, address from, address to, uint256 value) internal {
        (bool ok, bytes memory data) = token.call(abi.encodeWithSelector(IERC20.transferFrom.selector, from, to, value));
        require(ok && (data.length == 0 || abi.decode(data, (bool))), "Router: TRANSFER_FROM_FAILED");
    }

    function _safeTransfer(address token, address to, uint256 value) internal {
        (bool ok, bytes memory data) = token.call(abi.encodeWithSelector(IERC20.transfer.selector, to, value));
        require(ok && (data.length == 0 || abi.decode(data, (bool))), "Router: TRANSFER_FAILED");
    }

    function _refundDust(address to, uint256 value) internal {
        if (value > 0) {
            to.call{value: value}(new bytes(0));  //@
        }
    }

    function swapExactTokensForTokens(IPair pair, address tokenIn, uint256 amountIn, uint256 minOut, address to, uint256 deadline) external ensure(deadline) returns (uint256 out) {
        out = pair.getAmountOut(tokenIn, amountIn);
        require(out >= minOut, "Router: INSUFFICIENT_OUTPUT");
        _safeTransferFrom(tokenIn, msg.sender, address(pair), amountIn);
        pair.swap(tokenIn, amountIn, out, to);
        emit Swapped(msg.sender, address(pair), amountIn, out);
    }

    function swapETHForExactTokens(IPair pair, uint256 amountOut, uint256 amountInNeeded, address to, uint256 deadline) external payable ensure(deadline) {
        require(msg.value >= amountInNeeded, "Router: EXCESSIVE_INPUT");
        require(pair.getAmountOut(address(weth), amountInNeeded) >= amountOut, "Router: PRICE");
        weth.deposit{value: amountInNeeded}();
        require(weth.transfer(address(pair), amountInNeeded), "Router: WETH");
        pair.swap(address(weth), amountInNeeded, amountOut, to);
        _refundDust(msg.sender, msg.value - amountInNeeded);
        emit Swapped(msg.sender, address(pair), amountInNeeded, amountOut);
    }

    function swapExactTokensForETH(IPair pair, address tokenIn, uint256 amountIn, uint256 minOut, address payable to, uint256 deadline) external ensure(deadline) {
        uint256 out = pair.getAmountOut(tokenIn, amountIn);
        require(out >= minOut, "Router: INSUFFICIENT_OUTPUT");
        _safeTransferFrom(tokenIn, msg.sender, address(pair), amountIn);
        pair.swap(tokenIn, amountIn, out, address(this));
        weth.withdraw(out);
        (bool ok, ) = to.call{value: out}("");
        require(ok, "Router: ETH_TRANSFER_FAILED");
        emit Swapped(msg.sender, address(pair), amountIn, out);
    }
}
""",
        fix=[
            (
                "            to.call{value: value}(new bytes(0));  //@\n",
                '            (bool ok, ) = to.call{value: value}(new bytes(0));\n            require(ok, "Router: REFUND_FAILED");\n',
            )
        ],
    ),
    dict(
        name="b4_cliff_vesting.sol",
        cls="ignored send failure",
        det=["ignored-send-failure", "unchecked-call"],
        ver="0.5.17",
        fn="release",
        shape="cliff vesting: release books the amount as released and ignores whether the send went through",
        src=r"""
pragma solidity ^0.5.17;

contract CliffVesting {
    struct Grant {
        uint256 total;
        uint256 released;
        uint64 start;
        uint64 cliff;
        uint64 duration;
        bool revocable;
        bool revoked;
    }

    address public admin;
    mapping(address => Grant) public grants;
    uint256 public committed;

    event Granted(address indexed who, uint256 total, uint64 cliff, uint64 duration);
    event Released(address indexed who, uint256 amount);
    event Revoked(address indexed who, uint256 returned);

    modifier onlyAdmin() {
        require(msg.sender == admin, "admin");
        _;
    }

    constructor() public payable {
        admin = msg.sender;
    }

    function () external payable {}

    function grant(address who, uint256 total, uint64 cliff, uint64 duration, bool revocable) external onlyAdmin {
        require(grants[who].total == 0, "exists");
        require(cliff <= duration && duration > 0, "schedule");
        require(committed + total <= address(this).balance, "unfunded");
        committed += total;
        grants[who] = Grant(total, 0, uint64(now), cliff, duration, revocable, false);
        emit Granted(who, total, cliff, duration);
    }

    function vested(address who) public view returns (uint256) {
        Grant storage g = grants[who];
        if (now < g.start + g.cliff) return 0;
        if (now >= g.start + g.duration || g.revoked) return g.total;
        return g.total * (now - g.start) / g.duration;
    }

    function releasable(address who) public view returns (uint256) {
        return vested(who) - grants[who].released;
    }

    function release() external {
        uint256 amount = releasable(msg.sender);
        require(amount > 0, "nothing");
        grants[msg.sender].released += amount;
        committed -= amount;
        msg.sender.send(amount);  //@
        emit Released(msg.sender, amount);
    }

    function revoke(address who) external onlyAdmin {
        Grant storage g = grants[who];
        require(g.revocable && !g.revoked, "not revocable");
        uint256 keep = vested(who);
        uint256 back = g.total - keep;
        g.total = keep;
        g.revoked = true;
        committed -= back;
        emit Revoked(who, back);
    }

    function withdrawSurplus(uint256 amount) external onlyAdmin {
        require(amount <= address(this).balance - committed, "committed");
        msg.sender.transfer(amount);
    }

    function transferAdmin(address next) external onlyAdmin {
        require(next != address(0), "zero");
        admin = next;
    }

    function unvested(address who) external view returns (uint256) {
        return grants[who].total - vested(who);
    }
}
""",
        fix=[("        msg.sender.send(amount);  //@\n", '        require(msg.sender.send(amount), "send");\n')],
    ),
    dict(
        name="b4_merkle_drop.vy",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="vyper 0.3",
        fn="claim",
        shape="Vyper 0.3 ETH merkle airdrop: raw_call pays before the claimed bit is set",
        src=r"""
# @version ^0.3.7

root: public(bytes32)
claimed: public(HashMap[uint256, bool])
owner: public(address)

event Claimed:
    index: uint256
    account: address
    amount: uint256

@external
@payable
def __init__(_root: bytes32):
    self.root = _root
    self.owner = msg.sender

@internal
@pure
def _verify(proof: DynArray[bytes32, 20], leaf: bytes32, root: bytes32) -> bool:
    h: bytes32 = leaf
    for p in proof:
        if convert(h, uint256) < convert(p, uint256):
            h = keccak256(concat(h, p))
        else:
            h = keccak256(concat(p, h))
    return h == root

@external
def claim(index: uint256, amount: uint256, proof: DynArray[bytes32, 20]):
    assert not self.claimed[index], "claimed"
    leaf: bytes32 = keccak256(_abi_encode(index, msg.sender, amount))
    assert self._verify(proof, leaf, self.root), "proof"
    raw_call(msg.sender, b"", value=amount)  #@
    self.claimed[index] = True  #@
    log Claimed(index, msg.sender, amount)

@external
def set_root(_root: bytes32):
    assert msg.sender == self.owner
    self.root = _root
""",
        fix=[
            (
                '    raw_call(msg.sender, b"", value=amount)  #@\n    self.claimed[index] = True  #@\n',
                '    self.claimed[index] = True\n    raw_call(msg.sender, b"", value=amount)\n',
            )
        ],
    ),
    dict(
        name="b4_coin_flip_hall.vy",
        cls="timestamp dependence",
        det=["timestamp-dependence", "bad-randomness"],
        ver="vyper 0.3",
        fn="flip",
        shape="Vyper 0.3 coin flip: heads when the block timestamp is even",
        src=r"""
# @version ^0.3.7

house: public(address)
max_stake: public(uint256)
wins: public(HashMap[address, uint256])

event Flip:
    player: indexed(address)
    stake: uint256
    won: bool

@external
@payable
def __init__():
    self.house = msg.sender
    self.max_stake = as_wei_value(1, "ether")

@external
@payable
def __default__():
    pass

@external
@payable
def flip(heads: bool):
    assert msg.value > 0 and msg.value <= self.max_stake, "stake"
    assert self.balance >= 2 * msg.value, "bank"
    landed_heads: bool = block.timestamp % 2 == 0  #@
    won: bool = landed_heads == heads
    if won:
        self.wins[msg.sender] += 1
        send(msg.sender, 2 * msg.value)
    log Flip(msg.sender, msg.value, won)

@external
def set_max(v: uint256):
    assert msg.sender == self.house
    self.max_stake = v
""",
        fix=[
            (
                "wins: public(HashMap[address, uint256])\n",
                "wins: public(HashMap[address, uint256])\nseed_commit: public(bytes32)\n\n@external\ndef commit_seed(c: bytes32):\n    assert msg.sender == self.house\n    self.seed_commit = c\n",
            ),
            ("def flip(heads: bool):\n", "def flip(heads: bool, house_seed: bytes32):\n"),
            (
                "    landed_heads: bool = block.timestamp % 2 == 0  #@\n",
                '    assert msg.sender != self.house\n    assert keccak256(house_seed) == self.seed_commit, "seed"\n    self.seed_commit = empty(bytes32)\n    landed_heads: bool = convert(keccak256(concat(house_seed, convert(msg.sender, bytes32))), uint256) % 2 == 0\n',
            ),
        ],
    ),
]
