"""Re-entrancy cases (plain call, ERC-777 and ERC-721 hooks, cross-function, send/transfer) for the third blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b3_escrow_milestones.sol",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="withdrawReleased",
        shape="OZ-style escrow: internal _payout helper does call{value} before the released ledger is zeroed",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract Ownable {
    address private _owner;
    error NotOwner(address caller);

    constructor() { _owner = msg.sender; }

    modifier onlyOwner() {
        if (msg.sender != _owner) revert NotOwner(msg.sender);
        _;
    }

    function owner() public view returns (address) { return _owner; }
}

contract MilestoneEscrow is Ownable {
    struct Job { address payable freelancer; uint96 total; uint96 paid; }

    mapping(uint256 => Job) public jobs;
    mapping(address => uint256) public released;
    uint256 public nextJob;

    event Released(uint256 indexed id, uint256 amount);
    event Withdrawn(address indexed who, uint256 amount);

    function open(address payable freelancer) external payable onlyOwner returns (uint256 id) {
        id = nextJob++;
        jobs[id] = Job(freelancer, uint96(msg.value), 0);
    }

    function approveMilestone(uint256 id, uint96 amount) external onlyOwner {
        Job storage j = jobs[id];
        require(j.paid + amount <= j.total, "exceeds budget");
        j.paid += amount;
        released[j.freelancer] += amount;
        emit Released(id, amount);
    }

    function withdrawReleased() external {
        uint256 amount = released[msg.sender];
        require(amount > 0, "nothing released");
        _payout(payable(msg.sender), amount);  //@
        released[msg.sender] = 0;  //@
        emit Withdrawn(msg.sender, amount);
    }

    function _payout(address payable to, uint256 amount) internal {
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "payout failed");
    }
}
""",
        fix=[
            (
                "        _payout(payable(msg.sender), amount);  //@\n        released[msg.sender] = 0;  //@\n",
                "        released[msg.sender] = 0;\n        _payout(payable(msg.sender), amount);\n",
            )
        ],
    ),
    dict(
        name="b3_dao_exit_fund.sol",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.4.24",
        fn="ragequit",
        shape="0.4 DAO exit: msg.sender.call.value()() then the share burn",
        src="""
pragma solidity ^0.4.24;

contract ExitFund {
    mapping (address => uint) public shares;
    uint public totalShares;
    address public curator;

    event Joined(address member, uint amount);
    event Quit(address member, uint amount);

    function ExitFund() public {
        curator = msg.sender;
    }

    function join() public payable {
        require(msg.value > 0);
        shares[msg.sender] += msg.value;
        totalShares += msg.value;
        Joined(msg.sender, msg.value);
    }

    function shareValue(address member) public view returns (uint) {
        if (totalShares == 0) return 0;
        return this.balance * shares[member] / totalShares;
    }

    function ragequit() public {
        uint owed = shareValue(msg.sender);
        require(owed > 0);
        if (!msg.sender.call.value(owed)()) {  //@
            revert();
        }
        totalShares -= shares[msg.sender];  //@
        shares[msg.sender] = 0;  //@
        Quit(msg.sender, owed);
    }
}
""",
        fix=[
            (
                "        if (!msg.sender.call.value(owed)()) {  //@\n            revert();\n        }\n        totalShares -= shares[msg.sender];  //@\n        shares[msg.sender] = 0;  //@\n",
                "        totalShares -= shares[msg.sender];\n        shares[msg.sender] = 0;\n        if (!msg.sender.call.value(owed)()) {\n            revert();\n        }\n",
            )
        ],
    ),
    dict(
        name="b3_ticket_office_777.sol",
        cls="re-entrancy (ERC-777 hook)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="refund",
        shape="ERC-777 operatorSend back to the buyer (tokensReceived hook) before the ticket count is cleared",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

interface IERC777 {
    function send(address recipient, uint256 amount, bytes calldata data) external;
    function operatorSend(address sender, address recipient, uint256 amount, bytes calldata data, bytes calldata operatorData) external;
}

contract TicketOffice {
    IERC777 public immutable token;
    uint256 public immutable price;
    uint64 public immutable showTime;
    mapping(address => uint256) public tickets;
    uint256 public sold;

    constructor(IERC777 token_, uint256 price_, uint64 showTime_) {
        token = token_;
        price = price_;
        showTime = showTime_;
    }

    function buy(uint256 n) external {
        token.operatorSend(msg.sender, address(this), n * price, "", "");
        tickets[msg.sender] += n;
        sold += n;
    }

    function refund() external {
        require(block.timestamp + 1 days < showTime, "too late");
        uint256 n = tickets[msg.sender];
        require(n != 0, "no tickets");
        token.send(msg.sender, n * price, "");  //@
        sold -= n;  //@
        tickets[msg.sender] = 0;  //@
    }
}
""",
        fix=[
            (
                '        token.send(msg.sender, n * price, "");  //@\n        sold -= n;  //@\n        tickets[msg.sender] = 0;  //@\n',
                '        sold -= n;\n        tickets[msg.sender] = 0;\n        token.send(msg.sender, n * price, "");\n',
            )
        ],
    ),
    dict(
        name="b3_genesis_drop_721.sol",
        cls="re-entrancy (ERC-721 hook)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="mintAllowlist",
        shape="_safeMint (onERC721Received) in a loop before the per-wallet claimed counter is bumped",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC721Receiver {
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4);
}

contract GenesisDrop {
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;
    mapping(address => uint256) public claimed;
    mapping(address => bool) public allowlisted;
    uint256 public totalSupply;
    uint256 public constant MAX_PER_WALLET = 2;
    address public immutable admin = msg.sender;

    function setAllowlist(address[] calldata who) external {
        require(msg.sender == admin, "admin");
        for (uint256 i; i < who.length; ++i) allowlisted[who[i]] = true;
    }

    function mintAllowlist(uint256 qty) external {
        require(allowlisted[msg.sender], "not listed");
        require(claimed[msg.sender] + qty <= MAX_PER_WALLET, "cap");
        for (uint256 i; i < qty; ++i) {
            _safeMint(msg.sender, totalSupply + 1);  //@
        }
        claimed[msg.sender] += qty;  //@
    }

    function _safeMint(address to, uint256 id) internal {
        ownerOf[id] = to;
        balanceOf[to] += 1;
        totalSupply = id;
        if (to.code.length != 0) {
            require(
                IERC721Receiver(to).onERC721Received(msg.sender, address(0), id, "") ==
                    IERC721Receiver.onERC721Received.selector,
                "unsafe recipient"
            );
        }
    }
}
""",
        fix=[
            (
                "        for (uint256 i; i < qty; ++i) {\n            _safeMint(msg.sender, totalSupply + 1);  //@\n        }\n        claimed[msg.sender] += qty;  //@\n",
                "        claimed[msg.sender] += qty;\n        for (uint256 i; i < qty; ++i) {\n            _safeMint(msg.sender, totalSupply + 1);\n        }\n",
            )
        ],
    ),
    dict(
        name="b3_margin_pool_cross.sol",
        cls="re-entrancy (cross-function)",
        det=["reentrancy"],
        ver="0.7.6",
        fn="withdraw",
        shape="withdraw has a lock but transferCredit does not; call{value} precedes the debit, so the hook moves the credit out",
        src="""
// SPDX-License-Identifier: GPL-3.0
pragma solidity ^0.7.6;

contract MarginPool {
    mapping(address => uint256) public credit;
    bool private locked;

    event Moved(address indexed from, address indexed to, uint256 amount);

    modifier lock() {
        require(!locked, "locked");
        locked = true;
        _;
        locked = false;
    }

    receive() external payable {
        credit[msg.sender] += msg.value;
    }

    function transferCredit(address to, uint256 amount) external {
        require(credit[msg.sender] >= amount, "insufficient");
        credit[msg.sender] -= amount;
        credit[to] += amount;
        emit Moved(msg.sender, to, amount);
    }

    function withdraw(uint256 amount) external lock {
        require(credit[msg.sender] >= amount, "insufficient");
        (bool ok, ) = msg.sender.call{value: amount}("");  //@
        require(ok, "send failed");
        credit[msg.sender] -= amount;  //@
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = msg.sender.call{value: amount}("");  //@\n        require(ok, "send failed");\n        credit[msg.sender] -= amount;  //@\n',
                '        credit[msg.sender] -= amount;\n        (bool ok, ) = msg.sender.call{value: amount}("");\n        require(ok, "send failed");\n',
            )
        ],
    ),
    dict(
        name="b3_farm_harvest.sol",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.6.12",
        fn="harvest",
        shape="MasterChef-like harvest pays ETH rewards through call.value before rewardDebt is updated",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract EthFarm {
    struct UserInfo { uint256 amount; uint256 rewardDebt; }

    uint256 public accPerShare;
    uint256 public totalStaked;
    mapping(address => UserInfo) public userInfo;
    address public distributor;

    constructor() public { distributor = msg.sender; }

    function notifyReward() external payable {
        require(msg.sender == distributor, "!distributor");
        if (totalStaked > 0) accPerShare += msg.value * 1e12 / totalStaked;
    }

    function pending(address who) public view returns (uint256) {
        UserInfo storage u = userInfo[who];
        return u.amount * accPerShare / 1e12 - u.rewardDebt;
    }

    function deposit() external payable {
        UserInfo storage u = userInfo[msg.sender];
        require(u.amount == 0 || pending(msg.sender) == 0, "harvest first");
        u.amount += msg.value;
        totalStaked += msg.value;
        u.rewardDebt = u.amount * accPerShare / 1e12;
    }

    function harvest() external {
        UserInfo storage u = userInfo[msg.sender];
        uint256 reward = pending(msg.sender);
        if (reward > 0) {
            (bool ok, ) = msg.sender.call.value(reward)("");  //@
            require(ok, "transfer failed");
        }
        u.rewardDebt = u.amount * accPerShare / 1e12;  //@
    }
}
""",
        fix=[
            (
                '        if (reward > 0) {\n            (bool ok, ) = msg.sender.call.value(reward)("");  //@\n            require(ok, "transfer failed");\n        }\n        u.rewardDebt = u.amount * accPerShare / 1e12;  //@\n',
                '        u.rewardDebt = u.amount * accPerShare / 1e12;\n        if (reward > 0) {\n            (bool ok, ) = msg.sender.call.value(reward)("");\n            require(ok, "transfer failed");\n        }\n',
            )
        ],
    ),
    dict(
        name="b3_vy_savings.vy",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="vyper 0.4",
        fn="redeem",
        shape="Vyper 0.4 raw_call with value before the deposit record is cleared, no @nonreentrant",
        src="""
#pragma version ^0.4.0

deposits: public(HashMap[address, uint256])
unlock_at: public(HashMap[address, uint256])
total: public(uint256)
LOCK: constant(uint256) = 7 * 86400

event Redeemed:
    who: indexed(address)
    amount: uint256

@external
@payable
def save():
    self.deposits[msg.sender] += msg.value
    self.unlock_at[msg.sender] = block.timestamp + LOCK
    self.total += msg.value

@external
def redeem():
    amount: uint256 = self.deposits[msg.sender]
    assert amount > 0, "empty"
    assert block.timestamp >= self.unlock_at[msg.sender], "locked"
    raw_call(msg.sender, b"", value=amount)  #@
    self.deposits[msg.sender] = 0  #@
    self.total -= amount
    log Redeemed(msg.sender, amount)
""",
        fix=[
            (
                '    raw_call(msg.sender, b"", value=amount)  #@\n    self.deposits[msg.sender] = 0  #@\n    self.total -= amount\n',
                '    self.deposits[msg.sender] = 0\n    self.total -= amount\n    raw_call(msg.sender, b"", value=amount)\n',
            )
        ],
    ),
    dict(
        name="b3_tip_jar_send.sol",
        cls="send/transfer re-entrancy",
        det=["reentrancy-stipend"],
        ver="0.4.25",
        fn="cashOut",
        shape="0.4 send() of the whole tip balance before the tips mapping is zeroed",
        src="""
pragma solidity ^0.4.25;

contract TipJar {
    mapping (address => uint256) public tips;
    mapping (address => string) public handles;

    event Tipped(address indexed from, address indexed creator, uint256 value);

    function register(string handle) public {
        handles[msg.sender] = handle;
    }

    function tip(address creator) public payable {
        require(bytes(handles[creator]).length != 0);
        tips[creator] += msg.value;
        emit Tipped(msg.sender, creator, msg.value);
    }

    function cashOut() public {
        uint256 amount = tips[msg.sender];
        if (amount == 0) return;
        if (msg.sender.send(amount)) {  //@
            tips[msg.sender] = 0;  //@
        }
    }
}
""",
        fix=[
            (
                "        if (msg.sender.send(amount)) {  //@\n            tips[msg.sender] = 0;  //@\n        }\n",
                "        tips[msg.sender] = 0;\n        if (!msg.sender.send(amount)) {\n            tips[msg.sender] = amount;\n        }\n",
            )
        ],
    ),
    dict(
        name="b3_sealed_auction_refund.sol",
        cls="send/transfer re-entrancy",
        det=["reentrancy-stipend"],
        ver="0.5.17",
        fn="withdrawBid",
        shape="transfer() of a losing bid before the bid record is deleted",
        src="""
pragma solidity ^0.5.17;

contract OpenAuction {
    address payable public seller;
    uint256 public endsAt;
    address public leader;
    uint256 public leadingBid;
    mapping(address => uint256) public bids;

    constructor(uint256 duration) public {
        seller = msg.sender;
        endsAt = now + duration;
    }

    function bid() external payable {
        require(now < endsAt, "ended");
        uint256 total = bids[msg.sender] + msg.value;
        require(total > leadingBid, "too low");
        bids[msg.sender] = total;
        leader = msg.sender;
        leadingBid = total;
    }

    function withdrawBid() external {
        require(msg.sender != leader, "leader");
        uint256 amount = bids[msg.sender];
        require(amount > 0, "none");
        msg.sender.transfer(amount);  //@
        delete bids[msg.sender];  //@
    }

    function settle() external {
        require(now >= endsAt, "running");
        uint256 amount = bids[leader];
        bids[leader] = 0;
        seller.transfer(amount);
    }
}
""",
        fix=[
            (
                "        msg.sender.transfer(amount);  //@\n        delete bids[msg.sender];  //@\n",
                "        delete bids[msg.sender];\n        msg.sender.transfer(amount);\n",
            )
        ],
    ),
]
