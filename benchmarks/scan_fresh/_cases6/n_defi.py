"""Set-6 DeFi pricing and signature-keying cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_zap_slot0_mint.sol",
        cls="spot-price oracle",
        det=["spot-price"],
        ver="0.7.6",
        fn="mintWithEth",
        shape="0.7 bond-style minter: mintWithEth prices ETH from a V3 pool's slot0 sqrtPriceX96 (spot, flash-movable) to decide how many stable units to mint",
        src=r"""
pragma solidity ^0.7.6;

interface IV3Pool {
    function slot0() external view returns (uint160 sqrtPriceX96, int24 tick, uint16 idx, uint16 card, uint16 cardNext, uint8 feeProtocol, bool unlocked);
    function observe(uint32[] calldata secondsAgos) external view returns (int56[] memory ticks, uint160[] memory liq);
}

interface IMintable {
    function mint(address to, uint256 amount) external;
}

contract EthBondMinter {
    IV3Pool public immutable pool;
    IMintable public immutable stable;
    address payable public immutable reserve;
    uint256 public discountBps = 200;
    address public policy;

    event Bonded(address indexed who, uint256 eth, uint256 minted);

    constructor(IV3Pool p, IMintable s, address payable r) {
        pool = p;
        stable = s;
        reserve = r;
        policy = msg.sender;
    }

    function setDiscount(uint256 bps) external {
        require(msg.sender == policy, "policy");
        require(bps <= 1000, "max");
        discountBps = bps;
    }

    function ethPrice() public view returns (uint256) {
        (uint160 sqrtP, , , , , , ) = pool.slot0();  //@
        return (uint256(sqrtP) * uint256(sqrtP) * 1e18) >> 192;
    }

    function mintWithEth() external payable {
        uint256 value = (msg.value * ethPrice()) / 1e18;
        uint256 minted = (value * (10000 + discountBps)) / 10000;
        reserve.transfer(msg.value);
        stable.mint(msg.sender, minted);
        emit Bonded(msg.sender, msg.value, minted);
    }
}
""",
        fix=[
            (
                "        (uint160 sqrtP, , , , , , ) = pool.slot0();  //@\n        return (uint256(sqrtP) * uint256(sqrtP) * 1e18) >> 192;\n",
                '        uint32[] memory ago = new uint32[](2);\n        ago[0] = 1800;\n        (int56[] memory ticks, ) = pool.observe(ago);\n        int256 meanTick = int256(ticks[1] - ticks[0]) / 1800;\n        require(meanTick > -50000 && meanTick < 50000, "tick");\n        uint256 p = 1e18;\n        uint256 step = meanTick >= 0 ? 10001e14 : 9999e14;\n        uint256 n = uint256(meanTick >= 0 ? meanTick : -meanTick);\n        for (uint256 i = 0; i < n; i++) p = (p * step) / 1e18;\n        return p;\n',
            )
        ],
    ),
    dict(
        name="b6_staked_token_shares.sol",
        cls="ERC-4626 inflation",
        det=["share-inflation"],
        ver="0.6.12",
        fn="enter",
        shape="0.6 xToken-style staking bar: enter mints amount * totalShares / token.balanceOf(this); first depositor can donate to round later depositors to zero",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transferFrom(address, address, uint256) external returns (bool);
    function transfer(address, uint256) external returns (bool);
}

contract StakingBar {
    IERC20 public immutable token;
    string public constant name = "Staked Token";
    uint256 public totalShares;
    mapping(address => uint256) public sharesOf;

    event Enter(address indexed who, uint256 amount, uint256 shares);
    event Leave(address indexed who, uint256 amount, uint256 shares);

    constructor(IERC20 t) public { token = t; }

    function enter(uint256 amount) external {
        uint256 pooled = token.balanceOf(address(this));
        uint256 shares;
        if (totalShares == 0 || pooled == 0) {
            shares = amount;
        } else {
            shares = amount * totalShares / pooled;  //@
        }
        require(token.transferFrom(msg.sender, address(this), amount), "pull");
        sharesOf[msg.sender] += shares;
        totalShares += shares;
        emit Enter(msg.sender, amount, shares);
    }

    function leave(uint256 shares) external {
        require(sharesOf[msg.sender] >= shares, "shares");
        uint256 amount = shares * token.balanceOf(address(this)) / totalShares;
        sharesOf[msg.sender] -= shares;
        totalShares -= shares;
        require(token.transfer(msg.sender, amount), "push");
        emit Leave(msg.sender, amount, shares);
    }
}
""",
        fix=[
            (
                "        uint256 shares;\n        if (totalShares == 0 || pooled == 0) {\n            shares = amount;\n        } else {\n            shares = amount * totalShares / pooled;  //@\n        }\n",
                '        uint256 shares = amount * (totalShares + 1e3) / (pooled + 1);\n        require(shares > 0, "zero shares");\n',
            ),
            (
                "        uint256 amount = shares * token.balanceOf(address(this)) / totalShares;\n",
                "        uint256 amount = shares * (token.balanceOf(address(this)) + 1) / (totalShares + 1e3);\n",
            ),
        ],
    ),
    dict(
        name="b6_gasless_vote_sigkey.sol",
        cls="signature malleability",
        det=["signature-malleability"],
        ver="0.8.26",
        fn="castBySig",
        shape="0.8 gasless voting: castBySig marks used signatures by keccak256(v, r, s) and calls raw ecrecover with no low-s check, so the flipped signature counts the vote twice",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract GaslessPoll {
    struct Proposal {
        string title;
        uint64 endsAt;
        uint256 forVotes;
        uint256 againstVotes;
    }

    address public immutable chair;
    Proposal[] public proposals;
    mapping(address => uint256) public weight;
    mapping(bytes32 => bool) public usedSig;

    event Voted(uint256 indexed id, address indexed voter, bool support);

    constructor() { chair = msg.sender; }

    function setWeight(address voter, uint256 w) external {
        require(msg.sender == chair, "chair");
        weight[voter] = w;
    }

    function propose(string calldata title, uint64 duration) external returns (uint256) {
        require(msg.sender == chair, "chair");
        proposals.push(Proposal(title, uint64(block.timestamp) + duration, 0, 0));
        return proposals.length - 1;
    }

    function castBySig(uint256 id, bool support, uint8 v, bytes32 r, bytes32 s) external {
        Proposal storage p = proposals[id];
        require(block.timestamp < p.endsAt, "closed");
        bytes32 key = keccak256(abi.encodePacked(v, r, s));
        require(!usedSig[key], "used");  //@
        usedSig[key] = true;
        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), id, support));
        address voter = ecrecover(digest, v, r, s);
        require(voter != address(0) && weight[voter] > 0, "voter");
        if (support) p.forVotes += weight[voter];
        else p.againstVotes += weight[voter];
        emit Voted(id, voter, support);
    }
}
""",
        fix=[
            (
                '        bytes32 key = keccak256(abi.encodePacked(v, r, s));\n        require(!usedSig[key], "used");  //@\n        usedSig[key] = true;\n        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), id, support));\n        address voter = ecrecover(digest, v, r, s);\n        require(voter != address(0) && weight[voter] > 0, "voter");\n',
                '        bytes32 digest = keccak256(abi.encode(block.chainid, address(this), id, support));\n        address voter = ecrecover(digest, v, r, s);\n        require(voter != address(0) && weight[voter] > 0, "voter");\n        bytes32 key = keccak256(abi.encodePacked(id, voter));\n        require(!usedSig[key], "voted");\n        usedSig[key] = true;\n',
            )
        ],
    ),
]
