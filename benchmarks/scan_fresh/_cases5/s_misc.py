"""Set-5 refunds not debited, inverted balance checks, short address."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_presale_refund.sol",
        cls="bookkeeping (refund not debited)",
        det=["refund-not-debited", "unprotected-withdrawal", "reentrancy"],
        ver="0.8.26",
        fn="claimRefund",
        shape="0.8 presale: failed-sale refund pays the contribution but never clears it",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Presale {
    address public project;
    uint256 public softCap;
    uint256 public endsAt;
    uint256 public raised;
    mapping(address => uint256) public contributed;

    constructor(uint256 cap, uint256 duration) {
        project = msg.sender;
        softCap = cap;
        endsAt = block.timestamp + duration;
    }

    function contribute() external payable {
        require(block.timestamp < endsAt, "ended");
        contributed[msg.sender] += msg.value;
        raised += msg.value;
    }

    function claimRefund() external {
        require(block.timestamp >= endsAt && raised < softCap, "no refund");
        uint256 amount = contributed[msg.sender];
        require(amount > 0, "none");
        payable(msg.sender).transfer(amount);  //@
    }

    function finalize() external {
        require(msg.sender == project && block.timestamp >= endsAt && raised >= softCap, "final");
        payable(project).transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                '        require(amount > 0, "none");\n',
                '        require(amount > 0, "none");\n        contributed[msg.sender] = 0;\n',
            )
        ],
    ),
    dict(
        name="b5_order_cancel_refund.sol",
        cls="bookkeeping (refund not debited)",
        det=["refund-not-debited", "unprotected-withdrawal"],
        ver="0.8.26",
        fn="cancel",
        shape="0.8 limit orders: cancel refunds the escrowed ether via a helper but the order stays open",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract LimitOrders is Pausable {
    struct Order { address payable maker; uint256 escrow; uint256 minOut; bool open; }

    Order[] public orders;

    event Placed(uint256 id);
    event Cancelled(uint256 id);

    function place(uint256 minOut) external payable returns (uint256 id) {
        orders.push(Order(payable(msg.sender), msg.value, minOut, true));
        id = orders.length - 1;
        emit Placed(id);
    }

    function _refund(Order storage o) internal {
        o.maker.transfer(o.escrow);
    }

    function cancel(uint256 id) external whenNotPaused {
        Order storage o = orders[id];
        require(o.open && msg.sender == o.maker, "state");
        _refund(o);  //@
        emit Cancelled(id);
    }
}
""",
        fix=[("        _refund(o);  //@\n", "        o.open = false;\n        _refund(o);\n        o.escrow = 0;\n")],
    ),
    dict(
        name="b5_credit_line_inverted.sol",
        cls="bookkeeping (inverted balance check)",
        det=["inverted-balance-check"],
        ver="0.8.26",
        fn="repayAndWithdraw",
        shape="0.8 credit line: withdrawal check compares the wrong way round (amount must exceed the deposit)",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract CreditLine is Pausable {
    mapping(address => uint256) public deposits;
    mapping(address => uint256) public debt;

    function deposit() external payable { deposits[msg.sender] += msg.value; }

    function borrow(uint256 amount) external {
        require(debt[msg.sender] + amount <= deposits[msg.sender] / 2, "limit");
        debt[msg.sender] += amount;
        payable(msg.sender).transfer(amount);
    }

    function repayAndWithdraw(uint256 amount) external payable whenNotPaused {
        require(msg.value >= debt[msg.sender], "repay");
        debt[msg.sender] = 0;
        require(amount >= deposits[msg.sender], "balance");  //@
        unchecked { deposits[msg.sender] -= amount; }
        payable(msg.sender).transfer(amount);
    }
}
""",
        fix=[
            (
                '        require(amount >= deposits[msg.sender], "balance");  //@\n',
                '        require(amount <= deposits[msg.sender], "balance");\n',
            )
        ],
    ),
    dict(
        name="b5_game_gold_inverted_old.sol",
        cls="bookkeeping (inverted balance check)",
        det=["inverted-balance-check", "integer-overflow"],
        ver="0.4.24",
        fn="spendGold",
        shape="0.4 game: spendGold checks balance < cost (inverted) before subtracting",
        src=r"""
pragma solidity ^0.4.24;

contract GameGold {
    address public gm;
    mapping(address => uint) public gold;
    mapping(address => uint) public items;

    constructor() public { gm = msg.sender; }

    function grant(address p, uint amount) public {
        require(msg.sender == gm);
        gold[p] += amount;
    }

    function spendGold(uint cost) public {
        if (gold[msg.sender] < cost) {  //@
            gold[msg.sender] -= cost;
            items[msg.sender] += 1;
        }
    }

    function sell(uint n) public {
        require(items[msg.sender] >= n);
        items[msg.sender] -= n;
        gold[msg.sender] += n * 10;
    }
}
""",
        fix=[("        if (gold[msg.sender] < cost) {  //@\n", "        if (gold[msg.sender] >= cost) {\n")],
    ),
    dict(
        name="b5_exchange_token_short_old.sol",
        cls="bookkeeping (short address)",
        det=["short-address"],
        ver="0.4.24",
        fn="transfer",
        shape="0.4 exchange-listed token: transfer(address,uint) without a payload-size check",
        src=r"""
pragma solidity ^0.4.24;

contract ListedToken {
    string public name = "Listed";
    uint8 public decimals = 18;
    uint public totalSupply;
    mapping(address => uint) public balances;

    event Transfer(address indexed from, address indexed to, uint value);

    constructor(uint supply) public {
        totalSupply = supply;
        balances[msg.sender] = supply;
    }

    function balanceOf(address who) public view returns (uint) { return balances[who]; }

    function transfer(address to, uint value) public returns (bool) {
        require(balances[msg.sender] >= value);  //@
        balances[msg.sender] -= value;
        balances[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }
}
""",
        fix=[
            (
                "        require(balances[msg.sender] >= value);  //@\n",
                "        require(msg.data.length >= 68);\n        require(balances[msg.sender] >= value);\n",
            )
        ],
    ),
]
