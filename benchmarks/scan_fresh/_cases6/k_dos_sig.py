"""Set-6 denial-of-service and signature cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_dividend_push_loop.sol",
        cls="DoS: call in loop",
        det=["call-in-loop", "unbounded-loop"],
        ver="0.8.26",
        fn="distribute",
        shape="0.8 dividend pool: distribute() pushes ETH to every holder with require(ok) in a loop; one reverting holder blocks all",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract DividendPool {
    address public immutable manager;
    address[] public holders;
    mapping(address => uint256) public units;
    mapping(address => uint256) public owed;
    uint256 public totalUnits;

    event Joined(address indexed who, uint256 units);
    event Distributed(uint256 amount);

    constructor() { manager = msg.sender; }

    function join() external payable {
        require(msg.value >= 0.1 ether, "min");
        if (units[msg.sender] == 0) holders.push(msg.sender);
        units[msg.sender] += msg.value / 0.1 ether;
        totalUnits += msg.value / 0.1 ether;
        emit Joined(msg.sender, units[msg.sender]);
    }

    function distribute() external payable {
        require(msg.sender == manager, "manager");
        uint256 n = holders.length;
        for (uint256 i = 0; i < n; i++) {
            address h = holders[i];
            uint256 share = (msg.value * units[h]) / totalUnits;
            (bool ok, ) = h.call{value: share}("");  //@
            require(ok, "payout failed");
        }
        emit Distributed(msg.value);
    }
}
""",
        fix=[
            (
                '            (bool ok, ) = h.call{value: share}("");  //@\n            require(ok, "payout failed");\n',
                "            owed[h] += share;\n",
            ),
            (
                "        emit Distributed(msg.value);\n    }\n",
                '        emit Distributed(msg.value);\n    }\n\n    function withdrawOwed() external {\n        uint256 a = owed[msg.sender];\n        owed[msg.sender] = 0;\n        (bool ok, ) = msg.sender.call{value: a}("");\n        require(ok, "withdraw");\n    }\n',
            ),
        ],
    ),
    dict(
        name="b6_throne_refund_block.sol",
        cls="DoS: reverting recipient",
        det=["blocking-recipient"],
        ver="0.7.6",
        fn="claimThrone",
        shape="0.7 king-of-the-hill: claimThrone refunds the previous king with transfer(); a contract king that reverts on receive freezes the game",
        src=r"""
pragma solidity ^0.7.6;

contract KingOfTheHill {
    address payable public king;
    uint256 public throneBid;
    uint256 public reignStarted;
    address public immutable operator;
    mapping(address => uint256) public pendingRefund;

    event NewKing(address indexed king, uint256 bid);

    constructor() payable {
        operator = msg.sender;
        king = msg.sender;
        throneBid = msg.value;
        reignStarted = block.timestamp;
    }

    function claimThrone() external payable {
        require(msg.value > throneBid * 11 / 10, "bid too low");
        address payable previous = king;
        uint256 refund = throneBid;
        king = msg.sender;
        throneBid = msg.value;
        reignStarted = block.timestamp;
        previous.transfer(refund);  //@
        emit NewKing(msg.sender, msg.value);
    }

    function withdrawRefund() external {
        uint256 r = pendingRefund[msg.sender];
        pendingRefund[msg.sender] = 0;
        msg.sender.transfer(r);
    }
}
""",
        fix=[("        previous.transfer(refund);  //@\n", "        pendingRefund[previous] += refund;\n")],
    ),
    dict(
        name="b6_meta_tx_forwarder_replay.sol",
        cls="signature replay",
        det=["signature-replay"],
        ver="0.8.26",
        fn="executeMeta",
        shape="0.8 meta-tx token: executeMeta verifies an ecrecover'd signature over (from, to, amount, deadline) with no nonce, so the relayed transfer can be replayed",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract MetaToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => uint256) public nonces;
    bytes32 public immutable DOMAIN;

    event Transfer(address indexed from, address indexed to, uint256 value);

    error BadSignature();
    error Expired();

    constructor(uint256 supply) {
        balanceOf[msg.sender] = supply;
        DOMAIN = keccak256(abi.encode(keccak256("MetaToken"), block.chainid, address(this)));
    }

    function transfer(address to, uint256 v) external returns (bool) {
        _move(msg.sender, to, v);
        return true;
    }

    function _move(address from, address to, uint256 v) internal {
        require(balanceOf[from] >= v, "balance");
        unchecked { balanceOf[from] -= v; }
        balanceOf[to] += v;
        emit Transfer(from, to, v);
    }

    function executeMeta(address from, address to, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        if (block.timestamp > deadline) revert Expired();
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", DOMAIN, keccak256(abi.encode(from, to, amount, deadline))));  //@
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0) || signer != from) revert BadSignature();
        _move(from, to, amount);
    }
}
""",
        fix=[
            (
                "keccak256(abi.encode(from, to, amount, deadline))));  //@\n",
                "keccak256(abi.encode(from, to, amount, nonces[from]++, deadline))));\n",
            )
        ],
    ),
    dict(
        name="b6_voucher_redeem_zero.sol",
        cls="ecrecover zero",
        det=["ecrecover-zero"],
        ver="0.7.6",
        fn="redeem",
        shape="0.7 voucher redeemer: compares ecrecover's result with `issuer`, which is unset until setIssuer is called, so a garbage signature (recovering 0) redeems",
        src=r"""
pragma solidity ^0.7.6;

contract VoucherRedeemer {
    address public admin;
    address public issuer;
    mapping(bytes32 => bool) public used;

    event Redeemed(address indexed to, uint256 amount, bytes32 id);

    constructor() { admin = msg.sender; }

    receive() external payable {}

    function _chainId() internal pure returns (uint256 id) {
        assembly { id := chainid() }
    }

    function setIssuer(address i) external {
        require(msg.sender == admin, "admin");
        issuer = i;
    }

    function redeem(bytes32 id, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        require(!used[id], "used");
        bytes32 h = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", keccak256(abi.encodePacked(address(this), _chainId(), msg.sender, amount, id))));
        require(ecrecover(h, v, r, s) == issuer, "sig");  //@
        used[id] = true;
        msg.sender.transfer(amount);
        emit Redeemed(msg.sender, amount, id);
    }
}
""",
        fix=[
            (
                '        require(ecrecover(h, v, r, s) == issuer, "sig");  //@\n',
                '        address signer = ecrecover(h, v, r, s);\n        require(signer != address(0) && signer == issuer, "sig");\n',
            )
        ],
    ),
    dict(
        name="b6_yield_vault_inflation.sol",
        cls="ERC-4626 inflation",
        det=["share-inflation"],
        ver="0.8.26",
        fn="deposit",
        shape="0.8 minimal ERC-4626-style vault: shares = assets * totalSupply / totalAssets() with totalAssets = token balance (donatable) and no virtual offset",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transferFrom(address, address, uint256) external returns (bool);
    function transfer(address, uint256) external returns (bool);
}

contract YieldVault {
    IERC20 public immutable asset;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Deposit(address indexed caller, address indexed owner, uint256 assets, uint256 shares);
    event Withdraw(address indexed owner, uint256 assets, uint256 shares);

    constructor(IERC20 a) { asset = a; }

    function totalAssets() public view returns (uint256) {
        return asset.balanceOf(address(this));
    }

    function convertToShares(uint256 assets) public view returns (uint256) {
        uint256 supply = totalSupply;
        return supply == 0 ? assets : (assets * supply) / totalAssets();  //@
    }

    function deposit(uint256 assets, address receiver) external returns (uint256 shares) {
        shares = convertToShares(assets);
        require(shares > 0, "ZERO_SHARES");
        require(asset.transferFrom(msg.sender, address(this), assets), "pull");
        totalSupply += shares;
        balanceOf[receiver] += shares;
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    function redeem(uint256 shares) external returns (uint256 assets) {
        assets = (shares * totalAssets()) / totalSupply;
        balanceOf[msg.sender] -= shares;
        totalSupply -= shares;
        require(asset.transfer(msg.sender, assets), "push");
        emit Withdraw(msg.sender, assets, shares);
    }
}
""",
        fix=[
            (
                "        return supply == 0 ? assets : (assets * supply) / totalAssets();  //@\n",
                "        return (assets * (supply + 1e6)) / (totalAssets() + 1);\n",
            ),
            (
                "        assets = (shares * totalAssets()) / totalSupply;\n",
                "        assets = (shares * (totalAssets() + 1)) / (totalSupply + 1e6);\n",
            ),
        ],
    ),
]
