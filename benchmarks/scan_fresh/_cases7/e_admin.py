"""Set-7 admin-path cases: selfdestruct and delegatecall that anyone can reach."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_conference_tickets_close.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.4.26",
        fn="closeEvent",
        shape="0.4 conference ticket sale: closeEvent() selfdestructs to the organizer without the onlyOrganizer modifier the refund path uses",
        src=r"""
pragma solidity ^0.4.26;

contract ConferenceTickets {
    address public organizer;
    uint256 public price;
    uint256 public capacity;
    uint256 public sold;
    mapping(address => uint256) public ticketsOf;

    event Bought(address indexed buyer, uint256 qty);
    event Refund(address indexed buyer, uint256 amount);

    constructor(uint256 _price, uint256 _capacity) public {
        organizer = msg.sender;
        price = _price;
        capacity = _capacity;
    }

    modifier onlyOrganizer() {
        require(msg.sender == organizer);
        _;
    }

    function buy(uint256 qty) public payable {
        require(qty > 0 && qty <= 4);
        require(sold + qty <= capacity);
        require(msg.value == qty * price);
        ticketsOf[msg.sender] += qty;
        sold += qty;
        emit Bought(msg.sender, qty);
    }

    function refundTicket(address buyer) public onlyOrganizer {
        uint256 qty = ticketsOf[buyer];
        ticketsOf[buyer] = 0;
        sold -= qty;
        buyer.transfer(qty * price);
        emit Refund(buyer, qty * price);
    }

    function closeEvent() public {
        selfdestruct(organizer);  //@
    }
}
""",
        fix=[("    function closeEvent() public {\n", "    function closeEvent() public onlyOrganizer {\n")],
    ),
    dict(
        name="b7_insurance_pricing_retire.sol",
        cls="unprotected selfdestruct",
        det=["unprotected-selfdestruct"],
        ver="0.8.26",
        fn="retire",
        shape="0.8 insurance premium-pricing module: retire(to) selfdestructs to a caller-chosen address with no governor check",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IFeed {
    function latestAnswer() external view returns (int256);
}

contract InsurancePricingModule {
    address public governor;
    IFeed public volatilityFeed;
    uint256 public baseRateBps = 150;
    uint256 public loadBps = 40;
    mapping(bytes32 => uint256) public productMultiplier;

    event ProductSet(bytes32 indexed product, uint256 multiplier);
    event Retired(address to);

    constructor(IFeed feed) {
        governor = msg.sender;
        volatilityFeed = feed;
    }

    function setProduct(bytes32 product, uint256 multiplierBps) external {
        require(msg.sender == governor, "gov");
        productMultiplier[product] = multiplierBps;
        emit ProductSet(product, multiplierBps);
    }

    function premium(bytes32 product, uint256 cover, uint256 daysCovered) external view returns (uint256) {
        int256 vol = volatilityFeed.latestAnswer();
        uint256 v = vol > 0 ? uint256(vol) : 0;
        uint256 rate = baseRateBps + (loadBps * v) / 1e8;
        return (cover * rate * productMultiplier[product] * daysCovered) / (10000 * 10000 * 365);
    }

    function retire(address payable to) external {
        emit Retired(to);
        selfdestruct(to);  //@
    }
}
""",
        fix=[
            (
                "    function retire(address payable to) external {\n",
                '    function retire(address payable to) external {\n        require(msg.sender == governor, "gov");\n',
            )
        ],
    ),
    dict(
        name="b7_yield_vault_hooks.sol",
        cls="unprotected delegatecall",
        det=["unprotected-delegatecall"],
        ver="0.8.26",
        fn="runHook",
        shape="0.8 yield vault core: runHook(hook, data) delegatecalls any caller-supplied address with caller data; owner functions elsewhere are guarded",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract YieldVaultCore {
    address public owner;
    address public token;
    address public strategy;
    mapping(address => uint256) public deposits;
    uint256 public totalDeposits;

    event HookRun(address indexed hook, bytes4 selector);
    event StrategySet(address indexed strategy);

    constructor(address _token) {
        owner = msg.sender;
        token = _token;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }

    function setStrategy(address s) external onlyOwner {
        strategy = s;
        emit StrategySet(s);
    }

    function deposit(uint256 amount) external {
        (bool ok, bytes memory ret) = token.call(
            abi.encodeWithSignature("transferFrom(address,address,uint256)", msg.sender, address(this), amount)
        );
        require(ok && (ret.length == 0 || abi.decode(ret, (bool))), "pull");
        deposits[msg.sender] += amount;
        totalDeposits += amount;
    }

    function runHook(address hook, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory out) = hook.delegatecall(data);  //@
        require(ok, "hook failed");
        emit HookRun(hook, bytes4(data));
        return out;
    }
}
""",
        fix=[
            (
                "    function runHook(address hook, bytes calldata data) external returns (bytes memory) {\n",
                "    function runHook(address hook, bytes calldata data) external onlyOwner returns (bytes memory) {\n",
            )
        ],
    ),
    dict(
        name="b7_team_wallet_migrate.sol",
        cls="unprotected delegatecall",
        det=["unprotected-delegatecall"],
        ver="0.5.17",
        fn="migrate",
        shape="0.5 team wallet with a daily limit: migrate(logic, data) delegatecalls a caller-chosen logic contract; pay and ownership are owner-only",
        src=r"""
pragma solidity ^0.5.17;

contract TeamWallet {
    address public owner;
    address public pendingOwner;
    uint256 public dailyLimit;
    uint256 public spentToday;
    uint256 public lastDay;

    event Paid(address indexed to, uint256 amount);
    event Migrated(address indexed logic);

    constructor(uint256 limit) public {
        owner = msg.sender;
        dailyLimit = limit;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }

    function () external payable {}

    function pay(address payable to, uint256 amount) external onlyOwner {
        if (now / 1 days > lastDay) {
            lastDay = now / 1 days;
            spentToday = 0;
        }
        require(spentToday + amount <= dailyLimit, "limit");
        spentToday += amount;
        to.transfer(amount);
        emit Paid(to, amount);
    }

    function proposeOwner(address p) external onlyOwner {
        pendingOwner = p;
    }

    function acceptOwner() external {
        require(msg.sender == pendingOwner, "pending");
        owner = pendingOwner;
        pendingOwner = address(0);
    }

    function migrate(address logic, bytes calldata data) external {
        (bool ok, ) = logic.delegatecall(data);  //@
        require(ok, "migrate");
        emit Migrated(logic);
    }
}
""",
        fix=[
            (
                "    function migrate(address logic, bytes calldata data) external {\n",
                "    function migrate(address logic, bytes calldata data) external onlyOwner {\n",
            )
        ],
    ),
]
