"""Set-6 cases moved out of a_reentrancy.py, d_withdraw.py, f_init_origin.py to keep modules under 300 lines."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_nft_mint_hook.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.8.26",
        fn="mintBatch",
        shape="0.8 NFT drop: _safeMint calls onERC721Received on the buyer inside the loop before mintedBy is bumped, so the per-wallet cap is bypassed by re-entering",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC721Receiver {
    function onERC721Received(address op, address from, uint256 id, bytes calldata data) external returns (bytes4);
}

abstract contract MiniERC721 {
    mapping(uint256 => address) internal _ownerOf;
    mapping(address => uint256) internal _balanceOf;
    event Transfer(address indexed from, address indexed to, uint256 indexed id);

    function ownerOf(uint256 id) public view returns (address o) {
        o = _ownerOf[id];
        require(o != address(0), "NOT_MINTED");
    }

    function _mint(address to, uint256 id) internal {
        require(_ownerOf[id] == address(0), "MINTED");
        unchecked { _balanceOf[to]++; }
        _ownerOf[id] = to;
        emit Transfer(address(0), to, id);
    }

    function _safeMint(address to, uint256 id) internal {
        _mint(to, id);
        if (to.code.length != 0) {
            require(
                IERC721Receiver(to).onERC721Received(msg.sender, address(0), id, "") ==
                    IERC721Receiver.onERC721Received.selector,
                "UNSAFE_RECIPIENT"
            );
        }
    }
}

contract GenesisDrop is MiniERC721 {
    uint256 public constant MAX_SUPPLY = 5555;
    uint256 public constant PER_WALLET = 3;
    uint256 public constant PRICE = 0.05 ether;

    address public immutable treasury;
    uint256 public nextId = 1;
    mapping(address => uint256) public mintedBy;
    bool public saleOpen;

    error SaleClosed();
    error WalletCap();
    error WrongPrice();

    constructor(address t) { treasury = t; }

    function openSale() external {
        require(msg.sender == treasury, "treasury");
        saleOpen = true;
    }

    function mintBatch(uint256 qty) external payable {
        if (!saleOpen) revert SaleClosed();
        if (msg.value != qty * PRICE) revert WrongPrice();
        if (mintedBy[msg.sender] + qty > PER_WALLET) revert WalletCap();
        require(nextId + qty <= MAX_SUPPLY + 1, "sold out");
        for (uint256 i = 0; i < qty; ++i) {
            _safeMint(msg.sender, nextId);
            nextId++;  //@
        }
        mintedBy[msg.sender] += qty;  //@
    }

    function withdraw() external {
        (bool ok, ) = treasury.call{value: address(this).balance}("");
        require(ok, "withdraw");
    }
}
""",
        fix=[
            (
                "        for (uint256 i = 0; i < qty; ++i) {\n            _safeMint(msg.sender, nextId);\n            nextId++;  //@\n        }\n        mintedBy[msg.sender] += qty;  //@\n",
                "        mintedBy[msg.sender] += qty;\n        uint256 first = nextId;\n        nextId = first + qty;\n        for (uint256 i = 0; i < qty; ++i) {\n            _safeMint(msg.sender, first + i);\n        }\n",
            )
        ],
    ),
    dict(
        name="b6_game_season_kill.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.6.12",
        fn="endSeason",
        shape="0.6 game season contract: endSeason selfdestructs to the studio once the season timer passed, but anyone may call it early via the `force` flag",
        src=r"""
pragma solidity ^0.6.12;

contract StudioRoles {
    address payable public studio;
    address public gameMaster;

    constructor(address gm) public {
        studio = msg.sender;
        gameMaster = gm;
    }

    modifier onlyGM() {
        require(msg.sender == gameMaster || msg.sender == studio, "gm");
        _;
    }
}

contract SeasonPass is StudioRoles {
    uint256 public seasonEnd;
    uint256 public passPrice;
    mapping(address => uint8) public tier;
    mapping(address => uint256) public xp;

    event PassBought(address indexed player, uint8 tier);
    event XPGranted(address indexed player, uint256 amount);

    constructor(address gm, uint256 length, uint256 price) public StudioRoles(gm) {
        seasonEnd = block.timestamp + length;
        passPrice = price;
    }

    function buyPass(uint8 t) external payable {
        require(t >= 1 && t <= 3, "tier");
        require(msg.value == passPrice * t, "price");
        require(tier[msg.sender] == 0, "owned");
        tier[msg.sender] = t;
        emit PassBought(msg.sender, t);
    }

    function grantXP(address player, uint256 amount) external onlyGM {
        xp[player] += amount * tier[player];
        emit XPGranted(player, amount);
    }

    function endSeason(bool force) external {
        require(force || block.timestamp > seasonEnd, "season live");
        selfdestruct(studio);  //@
    }
}
""",
        fix=[
            (
                '    function endSeason(bool force) external {\n        require(force || block.timestamp > seasonEnd, "season live");\n',
                '    function endSeason(bool force) external onlyGM {\n        require(force || block.timestamp > seasonEnd, "season live");\n',
            )
        ],
    ),
    dict(
        name="b6_multisig_origin.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.7.6",
        fn="confirm",
        shape="0.7 multisig: confirm() checks signers with tx.origin; submit() uses msg.sender properly; an anti-bot check require(tx.origin == msg.sender) elsewhere is benign",
        src=r"""
pragma solidity ^0.7.6;
pragma abicoder v2;

contract MultiSig {
    struct Txn {
        address to;
        uint256 value;
        bytes data;
        uint256 confirmations;
        bool executed;
    }

    address[] public signers;
    mapping(address => bool) public isSigner;
    mapping(uint256 => mapping(address => bool)) public confirmedBy;
    uint256 public threshold;
    Txn[] public txns;

    event Submitted(uint256 indexed id, address to, uint256 value);
    event Confirmed(uint256 indexed id, address signer);
    event Executed(uint256 indexed id);

    constructor(address[] memory _signers, uint256 _threshold) {
        require(_threshold > 0 && _threshold <= _signers.length, "threshold");
        for (uint256 i = 0; i < _signers.length; i++) {
            isSigner[_signers[i]] = true;
            signers.push(_signers[i]);
        }
        threshold = _threshold;
    }

    receive() external payable {}

    function submit(address to, uint256 value, bytes calldata data) external returns (uint256 id) {
        require(isSigner[msg.sender], "signer");
        require(tx.origin == msg.sender, "no contracts");
        id = txns.length;
        txns.push(Txn(to, value, data, 0, false));
        emit Submitted(id, to, value);
    }

    function confirm(uint256 id) external {
        require(isSigner[tx.origin], "signer");  //@
        require(!confirmedBy[id][tx.origin], "dup");
        confirmedBy[id][tx.origin] = true;
        txns[id].confirmations += 1;
        emit Confirmed(id, tx.origin);
    }

    function execute(uint256 id) external {
        Txn storage t = txns[id];
        require(!t.executed && t.confirmations >= threshold, "not ready");
        t.executed = true;
        (bool ok, ) = t.to.call{value: t.value}(t.data);
        require(ok, "call");
        emit Executed(id);
    }
}
""",
        fix=[
            (
                '        require(isSigner[tx.origin], "signer");  //@\n        require(!confirmedBy[id][tx.origin], "dup");\n        confirmedBy[id][tx.origin] = true;\n        txns[id].confirmations += 1;\n        emit Confirmed(id, tx.origin);\n',
                '        require(isSigner[msg.sender], "signer");\n        require(!confirmedBy[id][msg.sender], "dup");\n        confirmedBy[id][msg.sender] = true;\n        txns[id].confirmations += 1;\n        emit Confirmed(id, msg.sender);\n',
            )
        ],
    ),
]
