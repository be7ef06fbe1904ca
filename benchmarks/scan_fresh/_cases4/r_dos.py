"""Set-4 denial-of-service cases: loops over user-grown arrays and push payments that one recipient can block."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_dividend_share_registry.sol",
        cls="DoS (unbounded loop)",
        det=["unbounded-loop", "unbounded-growth"],
        ver="0.5.17",
        fn="declareDividend",
        shape="co-op share registry: anyone can buy a share and join the holder list; dividends iterate the whole list",
        src=r"""
pragma solidity ^0.5.17;

contract CoopShares {
    struct Holder {
        uint256 shares;
        uint256 owed;
        bool listed;
    }

    uint256 public constant SHARE_PRICE = 0.001 ether;
    address payable public board;
    address[] public holderList;
    mapping(address => Holder) public holders;
    uint256 public totalShares;
    uint256 public retained;

    event Bought(address indexed who, uint256 shares);
    event Dividend(uint256 amount, uint256 perShare);
    event Paid(address indexed who, uint256 amount);

    modifier onlyBoard() {
        require(msg.sender == board, "board");
        _;
    }

    constructor() public {
        board = msg.sender;
    }

    function buyShares() external payable {
        require(msg.value >= SHARE_PRICE && msg.value % SHARE_PRICE == 0, "price");
        uint256 n = msg.value / SHARE_PRICE;
        Holder storage h = holders[msg.sender];
        if (!h.listed) {
            h.listed = true;
            holderList.push(msg.sender);  //@
        }
        h.shares += n;
        totalShares += n;
        retained += msg.value;
        emit Bought(msg.sender, n);
    }

    function transferShares(address to, uint256 n) external {
        Holder storage from = holders[msg.sender];
        require(from.shares >= n, "shares");
        from.shares -= n;
        Holder storage dest = holders[to];
        if (!dest.listed) {
            dest.listed = true;
            holderList.push(to);
        }
        dest.shares += n;
    }

    function declareDividend(uint256 amount) external onlyBoard {
        require(amount <= retained, "retained");
        retained -= amount;
        uint256 perShare = amount / totalShares;
        for (uint256 i = 0; i < holderList.length; i++) {  //@
            Holder storage h = holders[holderList[i]];
            h.owed += h.shares * perShare;
        }
        emit Dividend(amount, perShare);
    }

    function withdraw() external {
        uint256 amount = holders[msg.sender].owed;
        holders[msg.sender].owed = 0;
        msg.sender.transfer(amount);
        emit Paid(msg.sender, amount);
    }

    function holderCount() external view returns (uint256) {
        return holderList.length;
    }

    function reinvest(uint256 amount) external onlyBoard {
        require(amount <= retained, "retained");
        retained -= amount;
        board.transfer(amount);
    }
}
""",
        fix=[
            (
                "    uint256 public retained;\n",
                "    uint256 public retained;\n    uint256 public accPerShare;\n    mapping(address => uint256) public debt;\n",
            ),
            (
                "        if (!h.listed) {\n            h.listed = true;\n            holderList.push(msg.sender);  //@\n        }\n        h.shares += n;\n",
                "        _settle(msg.sender);\n        if (!h.listed) {\n            h.listed = true;\n            holderList.push(msg.sender);\n        }\n        h.shares += n;\n        debt[msg.sender] = h.shares * accPerShare;\n",
            ),
            (
                '        require(from.shares >= n, "shares");\n        from.shares -= n;\n',
                '        require(from.shares >= n, "shares");\n        _settle(msg.sender);\n        _settle(to);\n        from.shares -= n;\n        debt[msg.sender] = from.shares * accPerShare;\n',
            ),
            (
                "        dest.shares += n;\n    }\n",
                "        dest.shares += n;\n        debt[to] = dest.shares * accPerShare;\n    }\n\n    function _settle(address who) internal {\n        Holder storage h = holders[who];\n        h.owed += h.shares * accPerShare - debt[who];\n        debt[who] = h.shares * accPerShare;\n    }\n",
            ),
            (
                "        for (uint256 i = 0; i < holderList.length; i++) {  //@\n            Holder storage h = holders[holderList[i]];\n            h.owed += h.shares * perShare;\n        }\n",
                "        accPerShare += perShare;\n",
            ),
            (
                "        uint256 amount = holders[msg.sender].owed;\n",
                "        _settle(msg.sender);\n        uint256 amount = holders[msg.sender].owed;\n",
            ),
        ],
    ),
    dict(
        name="b4_crowdfund_refunds_old.sol",
        cls="DoS (push payment in loop)",
        det=["call-in-loop", "blocking-recipient", "unbounded-loop"],
        ver="0.4.26",
        fn="refundAll",
        shape="0.4 crowdfund: failed campaign refunds every backer in one loop with require(send)",
        src=r"""
pragma solidity ^0.4.26;

contract Crowdfund {
    address public creator;
    uint public goal;
    uint public deadline;
    uint public raised;
    address[] public backers;
    mapping (address => uint) public pledged;
    bool public refunded;

    constructor(uint _goal, uint _days) public {
        creator = msg.sender;
        goal = _goal;
        deadline = now + _days * 1 days;
    }

    function pledge() public payable {
        require(now < deadline);
        if (pledged[msg.sender] == 0) backers.push(msg.sender);
        pledged[msg.sender] += msg.value;
        raised += msg.value;
    }

    function claim() public {
        require(msg.sender == creator && now >= deadline && raised >= goal);
        creator.transfer(address(this).balance);
    }

    function refundAll() public {
        require(now >= deadline && raised < goal && !refunded);
        for (uint i = 0; i < backers.length; i++) {
            require(backers[i].send(pledged[backers[i]]));  //@
        }
        refunded = true;
    }
}
""",
        fix=[
            (
                "    function refundAll() public {\n        require(now >= deadline && raised < goal && !refunded);\n        for (uint i = 0; i < backers.length; i++) {\n            require(backers[i].send(pledged[backers[i]]));  //@\n        }\n        refunded = true;\n    }\n",
                "    function refund() public {\n        require(now >= deadline && raised < goal);\n        uint amount = pledged[msg.sender];\n        pledged[msg.sender] = 0;\n        msg.sender.transfer(amount);\n    }\n",
            )
        ],
    ),
    dict(
        name="b4_throne_of_ether.sol",
        cls="DoS (push payment in loop)",
        det=["blocking-recipient"],
        ver="0.6.12",
        fn="claimThrone",
        shape="king-of-the-hill: the new claim must succeed in paying the dethroned king, who can refuse ETH",
        src=r"""
pragma solidity ^0.6.12;

contract ThroneOfEther {
    address payable public monarch;
    uint256 public claimPrice = 0.1 ether;
    uint256 public reignStart;
    address payable public treasury;
    string public motto;

    event NewMonarch(address indexed who, uint256 paid, string motto);

    constructor() public {
        treasury = msg.sender;
        monarch = msg.sender;
        reignStart = now;
    }

    function claimThrone(string calldata newMotto) external payable {
        require(msg.value >= claimPrice, "price");
        uint256 fee = msg.value / 50;
        uint256 compensation = msg.value - fee;
        require(monarch.send(compensation), "compensation");  //@
        treasury.transfer(fee);
        monarch = msg.sender;
        motto = newMotto;
        reignStart = now;
        claimPrice = msg.value * 3 / 2;
        emit NewMonarch(msg.sender, msg.value, newMotto);
    }
}
""",
        fix=[
            ("    string public motto;\n", "    string public motto;\n    mapping(address => uint256) public owed;\n"),
            (
                '        require(monarch.send(compensation), "compensation");  //@\n',
                "        owed[monarch] += compensation;\n",
            ),
            (
                "        emit NewMonarch(msg.sender, msg.value, newMotto);\n    }\n",
                "        emit NewMonarch(msg.sender, msg.value, newMotto);\n    }\n\n    function collect() external {\n        uint256 amount = owed[msg.sender];\n        owed[msg.sender] = 0;\n        msg.sender.transfer(amount);\n    }\n",
            ),
        ],
    ),
    dict(
        name="b4_nft_raffle_refunds.sol",
        cls="DoS (push payment in loop)",
        det=["call-in-loop", "blocking-recipient", "unbounded-loop"],
        ver="0.8.26",
        fn="settle",
        shape="NFT raffle: settlement pays every losing entrant back in one loop with require(ok)",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

interface IERC721 {
    function transferFrom(address from, address to, uint256 id) external;
}

interface IRandomness {
    function randomWord(uint256 requestId) external view returns (uint256);
}

contract NftRaffle {
    struct Raffle {
        address host;
        IERC721 nft;
        uint256 tokenId;
        uint256 ticketPrice;
        uint64 closesAt;
        uint256 requestId;
        bool settled;
    }

    IRandomness public immutable rng;
    uint256 public rafflesCount;
    mapping(uint256 => Raffle) public raffles;
    mapping(uint256 => address[]) public entrants;
    mapping(uint256 => mapping(address => bool)) public entered;

    event RaffleOpened(uint256 indexed id, address host, uint256 ticketPrice);
    event Entered(uint256 indexed id, address who);
    event Settled(uint256 indexed id, address winner);

    error Closed();
    error AlreadyEntered();

    constructor(IRandomness _rng) {
        rng = _rng;
    }

    function open(IERC721 nft, uint256 tokenId, uint256 ticketPrice, uint64 duration, uint256 requestId) external returns (uint256 id) {
        nft.transferFrom(msg.sender, address(this), tokenId);
        id = ++rafflesCount;
        raffles[id] = Raffle(msg.sender, nft, tokenId, ticketPrice, uint64(block.timestamp) + duration, requestId, false);
        emit RaffleOpened(id, msg.sender, ticketPrice);
    }

    function enter(uint256 id) external payable {
        Raffle storage r = raffles[id];
        if (block.timestamp >= r.closesAt) revert Closed();
        if (entered[id][msg.sender]) revert AlreadyEntered();
        require(msg.value == r.ticketPrice, "price");
        entered[id][msg.sender] = true;
        entrants[id].push(msg.sender);
        emit Entered(id, msg.sender);
    }

    function settle(uint256 id) external {
        Raffle storage r = raffles[id];
        require(block.timestamp >= r.closesAt && !r.settled, "not closable");
        r.settled = true;
        address[] storage list = entrants[id];
        uint256 n = list.length;
        require(n > 0, "empty");
        uint256 w = rng.randomWord(r.requestId) % n;
        address winner = list[w];
        r.nft.transferFrom(address(this), winner, r.tokenId);
        uint256 refund = r.ticketPrice / 2;
        for (uint256 i; i < n; ++i) {
            if (i == w) continue;
            (bool ok, ) = payable(list[i]).call{value: refund}("");  //@
            require(ok, "refund failed");  //@
        }
        (bool paid, ) = payable(r.host).call{value: r.ticketPrice * n - refund * (n - 1)}("");
        require(paid, "host");
        emit Settled(id, winner);
    }

    function entrantCount(uint256 id) external view returns (uint256) {
        return entrants[id].length;
    }
}
""",
        fix=[
            (
                "    mapping(uint256 => mapping(address => bool)) public entered;\n",
                "    mapping(uint256 => mapping(address => bool)) public entered;\n    mapping(uint256 => address) public winnerOf;\n",
            ),
            (
                '        for (uint256 i; i < n; ++i) {\n            if (i == w) continue;\n            (bool ok, ) = payable(list[i]).call{value: refund}("");  //@\n            require(ok, "refund failed");  //@\n        }\n',
                "        winnerOf[id] = winner;\n",
            ),
            (
                "    function entrantCount(uint256 id) external view returns (uint256) {\n",
                '    function claimRefund(uint256 id) external {\n        Raffle storage r = raffles[id];\n        require(r.settled && entered[id][msg.sender] && msg.sender != winnerOf[id], "no refund");\n        entered[id][msg.sender] = false;\n        (bool ok, ) = payable(msg.sender).call{value: r.ticketPrice / 2}("");\n        require(ok, "refund");\n    }\n\n    function entrantCount(uint256 id) external view returns (uint256) {\n',
            ),
        ],
    ),
]
