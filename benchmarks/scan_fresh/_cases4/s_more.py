"""Set-4 further cases: a second malleable-signature id, storage pointer and storage write cases, and longer
production-shaped contracts (cross-function re-entrancy in a lender, an unbounded governance loop)."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_lazy_mint_gallery.sol",
        cls="signature malleability",
        det=["signature-malleability"],
        ver="0.7.6",
        fn="redeem",
        shape="lazy-mint gallery: redeemed vouchers are keyed by keccak(r, s, v), recovered with bare ecrecover",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

contract LazyMintGallery {
    string public name = "Gallery";
    address public immutable curator;
    uint256 public royaltyBps = 750;
    uint256 public minted;

    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;
    mapping(uint256 => string) public tokenURI;
    mapping(bytes32 => bool) public redeemed;
    mapping(address => uint256) public pendingWithdrawals;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event Redeemed(uint256 indexed tokenId, address buyer, uint256 price);

    modifier onlyCurator() {
        require(msg.sender == curator, "curator");
        _;
    }

    constructor() {
        curator = msg.sender;
    }

    function voucherDigest(uint256 tokenId, uint256 minPrice, string memory uri) public view returns (bytes32) {
        uint256 id;
        assembly {
            id := chainid()
        }
        return keccak256(abi.encodePacked("\x19\x01", keccak256(abi.encode(id, address(this))), keccak256(abi.encode(tokenId, minPrice, keccak256(bytes(uri))))));
    }

    function redeem(uint256 tokenId, uint256 minPrice, string calldata uri, uint8 v, bytes32 r, bytes32 s) external payable {
        require(msg.value >= minPrice, "price");
        bytes32 key = keccak256(abi.encodePacked(r, s, v));  //@
        require(!redeemed[key], "voucher used");  //@
        address signer = ecrecover(voucherDigest(tokenId, minPrice, uri), v, r, s);
        require(signer != address(0) && signer == curator, "signature");
        redeemed[key] = true;
        _mint(msg.sender, tokenId, uri);
        pendingWithdrawals[curator] += msg.value;
        emit Redeemed(tokenId, msg.sender, msg.value);
    }

    function _mint(address to, uint256 tokenId, string memory uri) internal {
        if (ownerOf[tokenId] != address(0)) {
            address prev = ownerOf[tokenId];
            balanceOf[prev] -= 1;
            emit Transfer(prev, to, tokenId);
        } else {
            minted += 1;
            emit Transfer(address(0), to, tokenId);
        }
        ownerOf[tokenId] = to;
        balanceOf[to] += 1;
        tokenURI[tokenId] = uri;
    }

    function transferFrom(address from, address to, uint256 tokenId) external {
        require(ownerOf[tokenId] == from && msg.sender == from, "owner");
        ownerOf[tokenId] = to;
        balanceOf[from] -= 1;
        balanceOf[to] += 1;
        emit Transfer(from, to, tokenId);
    }

    function royaltyInfo(uint256, uint256 salePrice) external view returns (address, uint256) {
        return (curator, salePrice * royaltyBps / 10000);
    }

    function setRoyalty(uint256 bps) external onlyCurator {
        require(bps <= 1000, "bps");
        royaltyBps = bps;
    }

    function withdraw() external {
        uint256 amount = pendingWithdrawals[msg.sender];
        pendingWithdrawals[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
""",
        fix=[
            (
                '        bytes32 key = keccak256(abi.encodePacked(r, s, v));  //@\n        require(!redeemed[key], "voucher used");  //@\n',
                '        bytes32 key = bytes32(tokenId);\n        require(!redeemed[key], "voucher used");\n        require(uint256(s) <= 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0, "s");\n',
            )
        ],
    ),
    dict(
        name="b4_domain_registrar_old.sol",
        cls="uninitialised storage pointer",
        det=["uninitialised-storage"],
        ver="0.4.24",
        fn="register",
        shape="0.4 registrar: a local struct declared without `memory` is a storage pointer to slot 0",
        src=r"""
pragma solidity ^0.4.24;

contract DomainRegistrar {
    bool public open = false;
    address public registrar;
    uint public fee = 0.05 ether;

    struct Domain {
        bytes32 label;
        address holder;
        uint expires;
    }

    mapping (bytes32 => Domain) public domains;
    mapping (address => bytes32[]) public owned;

    event Registered(bytes32 label, address holder, uint expires);

    constructor() public {
        registrar = msg.sender;
    }

    function setOpen(bool o) public {
        require(msg.sender == registrar);
        open = o;
    }

    function register(bytes32 label) public payable {
        require(msg.value == fee);
        require(domains[label].expires < now);
        Domain d;  //@
        d.label = label;  //@
        d.holder = msg.sender;
        d.expires = now + 365 days;
        require(open);
        domains[label] = d;
        owned[msg.sender].push(label);
        emit Registered(label, msg.sender, d.expires);
    }

    function withdraw() public {
        require(msg.sender == registrar);
        registrar.transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "        Domain d;  //@\n        d.label = label;  //@\n",
                "        Domain memory d;\n        d.label = label;\n",
            )
        ],
    ),
    dict(
        name="b4_quest_game_old.sol",
        cls="uninitialised storage pointer",
        det=["uninitialised-storage"],
        ver="0.4.26",
        fn="startQuest",
        shape="0.4 game: a Quest local without a data location aliases the game-master slot",
        src=r"""
pragma solidity ^0.4.26;

contract QuestGame {
    address public gameMaster;
    uint public questFee = 10 finney;
    uint public prizePool;

    struct Quest {
        address hero;
        uint difficulty;
        uint startedAt;
    }

    Quest[] public quests;
    mapping (address => uint) public xp;

    constructor() public {
        gameMaster = msg.sender;
    }

    function startQuest(uint difficulty) public payable returns (uint) {
        require(msg.value == questFee && difficulty > 0 && difficulty <= 10);
        Quest q;  //@
        q.hero = msg.sender;  //@
        q.difficulty = difficulty;
        q.startedAt = now;
        prizePool += msg.value;
        return quests.push(q) - 1;
    }

    function finish(uint id) public {
        Quest storage q = quests[id];
        require(q.hero == msg.sender && now >= q.startedAt + q.difficulty * 1 hours);
        xp[msg.sender] += q.difficulty * 10;
        delete quests[id];
    }

    function payout(address to, uint amount) public {
        require(msg.sender == gameMaster && amount <= prizePool);
        prizePool -= amount;
        to.transfer(amount);
    }
}
""",
        fix=[
            (
                "        Quest q;  //@\n        q.hero = msg.sender;  //@\n",
                "        Quest memory q;\n        q.hero = msg.sender;\n",
            )
        ],
    ),
    dict(
        name="b4_bonus_codes_old.sol",
        cls="arbitrary storage write",
        det=["arbitrary-storage-write"],
        ver="0.4.25",
        fn="popBonusCode",
        shape="0.4 wallet: array length decremented without a bound, then any index can be written",
        src=r"""
pragma solidity ^0.4.25;

contract BonusWallet {
    uint[] public bonusCodes;
    address public owner;

    constructor() public {
        bonusCodes = new uint[](0);
        owner = msg.sender;
    }

    function() public payable {}

    function pushBonusCode(uint c) public {
        bonusCodes.push(c);
    }

    function popBonusCode() public {
        bonusCodes.length--;  //@
    }

    function updateBonusCodeAt(uint idx, uint c) public {
        require(idx < bonusCodes.length);
        bonusCodes[idx] = c;
    }

    function withdraw(uint amount) public {
        require(msg.sender == owner);
        owner.transfer(amount);
    }
}
""",
        fix=[
            (
                "        bonusCodes.length--;  //@\n",
                "        require(bonusCodes.length > 0);\n        bonusCodes.length--;\n",
            )
        ],
    ),
    dict(
        name="b4_config_registry_asm.sol",
        cls="arbitrary storage write",
        det=["arbitrary-storage-write"],
        ver="0.8.26",
        fn="setConfig",
        shape="keeper config store writes a caller-chosen slot with sstore; the key is not namespaced",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract KeeperConfig {
    address public owner;
    mapping(address => bool) public operators;

    event ConfigSet(bytes32 indexed key, bytes32 value);

    constructor() {
        owner = msg.sender;
        operators[msg.sender] = true;
    }

    function setOperator(address op, bool on) external {
        require(msg.sender == owner, "owner");
        operators[op] = on;
    }

    function getConfig(bytes32 key) external view returns (bytes32 value) {
        bytes32 slot = keccak256(abi.encode("keeper.config", key));
        assembly {
            value := sload(slot)
        }
    }

    function setConfig(bytes32 key, bytes32 value) external {
        require(operators[msg.sender], "operator");
        assembly {
            sstore(key, value)  //@
        }
        emit ConfigSet(key, value);
    }
}
""",
        fix=[
            (
                "        assembly {\n            sstore(key, value)  //@\n        }\n",
                '        bytes32 slot = keccak256(abi.encode("keeper.config", key));\n        assembly {\n            sstore(slot, value)\n        }\n',
            )
        ],
    ),
    dict(
        name="b4_money_market_eth.sol",
        cls="re-entrancy (cross-function)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="withdrawCollateral",
        shape="money market: withdraw is lock-guarded but pays before lowering collateral; borrow has no lock and reads it",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.21;

interface IPriceFeed {
    function latestAnswer() external view returns (int256);
}

interface IStable {
    function mint(address to, uint256 amount) external;
    function burn(address from, uint256 amount) external;
}

contract EthMoneyMarket {
    uint256 public constant COLLATERAL_FACTOR = 0.75e18;
    uint256 private _status = 1;

    IPriceFeed public immutable feed;
    IStable public immutable stable;
    mapping(address => uint256) public collateral;
    mapping(address => uint256) public debt;
    uint256 public totalCollateral;
    uint256 public totalDebt;

    event Supplied(address indexed user, uint256 amount);
    event Withdrawn(address indexed user, uint256 amount);
    event Borrowed(address indexed user, uint256 amount);
    event Repaid(address indexed user, uint256 amount);

    modifier nonReentrant() {
        require(_status == 1, "busy");
        _status = 2;
        _;
        _status = 1;
    }

    constructor(IPriceFeed _feed, IStable _stable) {
        feed = _feed;
        stable = _stable;
    }

    function _ethPrice() internal view returns (uint256) {
        int256 p = feed.latestAnswer();
        require(p > 0, "feed");
        return uint256(p) * 1e10;
    }

    function _maxDebt(uint256 coll) internal view returns (uint256) {
        return coll * _ethPrice() / 1e18 * COLLATERAL_FACTOR / 1e18;
    }

    function supply() external payable nonReentrant {
        collateral[msg.sender] += msg.value;
        totalCollateral += msg.value;
        emit Supplied(msg.sender, msg.value);
    }

    function withdrawCollateral(uint256 amount) external nonReentrant {
        uint256 remaining = collateral[msg.sender] - amount;
        require(debt[msg.sender] <= _maxDebt(remaining), "undercollateralised");
        (bool ok, ) = msg.sender.call{value: amount}("");  //@
        require(ok, "eth");
        collateral[msg.sender] = remaining;  //@
        totalCollateral -= amount;
        emit Withdrawn(msg.sender, amount);
    }

    function borrow(uint256 amount) external {
        require(debt[msg.sender] + amount <= _maxDebt(collateral[msg.sender]), "limit");
        debt[msg.sender] += amount;
        totalDebt += amount;
        stable.mint(msg.sender, amount);
        emit Borrowed(msg.sender, amount);
    }

    function repay(uint256 amount) external nonReentrant {
        stable.burn(msg.sender, amount);
        debt[msg.sender] -= amount;
        totalDebt -= amount;
        emit Repaid(msg.sender, amount);
    }

    function healthFactor(address user) external view returns (uint256) {
        if (debt[user] == 0) return type(uint256).max;
        return _maxDebt(collateral[user]) * 1e18 / debt[user];
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = msg.sender.call{value: amount}("");  //@\n        require(ok, "eth");\n        collateral[msg.sender] = remaining;  //@\n        totalCollateral -= amount;\n',
                '        collateral[msg.sender] = remaining;\n        totalCollateral -= amount;\n        (bool ok, ) = msg.sender.call{value: amount}("");\n        require(ok, "eth");\n',
            ),
            (
                "    function borrow(uint256 amount) external {\n",
                "    function borrow(uint256 amount) external nonReentrant {\n",
            ),
        ],
    ),
    dict(
        name="b4_community_grants_dao.sol",
        cls="DoS (unbounded loop)",
        det=["unbounded-loop", "unbounded-growth", "call-in-loop"],
        ver="0.7.6",
        fn="closeRound",
        shape="grants DAO: anyone can submit a proposal; closing a round walks every proposal ever submitted",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;
pragma abicoder v2;

contract CommunityGrants {
    struct Proposal {
        address payable recipient;
        uint256 ask;
        uint256 votes;
        uint256 round;
        bool funded;
        string uri;
    }

    address public steward;
    uint256 public round = 1;
    uint256 public roundBudget;
    uint256 public submissionBond = 0.01 ether;
    Proposal[] public proposals;
    mapping(uint256 => mapping(address => bool)) public hasVoted;
    mapping(address => uint256) public votingPower;

    event Submitted(uint256 indexed id, address recipient, uint256 ask);
    event Voted(uint256 indexed id, address voter, uint256 weight);
    event RoundClosed(uint256 round, uint256 funded);

    modifier onlySteward() {
        require(msg.sender == steward, "steward");
        _;
    }

    constructor() {
        steward = msg.sender;
    }

    function fundRound() external payable onlySteward {
        roundBudget += msg.value;
    }

    function setPower(address voter, uint256 power) external onlySteward {
        votingPower[voter] = power;
    }

    function submit(uint256 ask, string calldata uri) external payable returns (uint256 id) {
        require(msg.value == submissionBond, "bond");
        proposals.push(Proposal(msg.sender, ask, 0, round, false, uri));
        id = proposals.length - 1;
        emit Submitted(id, msg.sender, ask);
    }

    function vote(uint256 id) external {
        Proposal storage p = proposals[id];
        require(p.round == round, "old round");
        require(!hasVoted[id][msg.sender], "voted");
        hasVoted[id][msg.sender] = true;
        p.votes += votingPower[msg.sender];
        emit Voted(id, msg.sender, votingPower[msg.sender]);
    }

    function closeRound() external onlySteward {
        uint256 budget = roundBudget;
        uint256 funded;
        for (uint256 i = 0; i < proposals.length; i++) {  //@
            Proposal storage p = proposals[i];
            if (p.round != round || p.funded || p.votes == 0) continue;
            if (p.ask <= budget) {
                p.funded = true;
                budget -= p.ask;
                funded++;
                p.recipient.transfer(p.ask + submissionBond);
            }
        }
        roundBudget = budget;
        emit RoundClosed(round, funded);
        round++;
    }

    function proposalCount() external view returns (uint256) {
        return proposals.length;
    }
}
""",
        fix=[
            (
                "    function closeRound() external onlySteward {\n        uint256 budget = roundBudget;\n        uint256 funded;\n        for (uint256 i = 0; i < proposals.length; i++) {  //@\n",
                '    mapping(address => uint256) public owed;\n\n    function closeRound(uint256[] calldata ids) external onlySteward {\n        require(ids.length <= 50, "batch");\n        uint256 budget = roundBudget;\n        uint256 funded;\n        for (uint256 j = 0; j < ids.length; j++) {\n            uint256 i = ids[j];\n',
            ),
            (
                "                p.recipient.transfer(p.ask + submissionBond);\n",
                "                owed[p.recipient] += p.ask + submissionBond;\n",
            ),
            (
                "    function proposalCount() external view returns (uint256) {\n",
                "    function claim() external {\n        uint256 amount = owed[msg.sender];\n        owed[msg.sender] = 0;\n        msg.sender.transfer(amount);\n    }\n\n    function proposalCount() external view returns (uint256) {\n",
            ),
        ],
    ),
]
