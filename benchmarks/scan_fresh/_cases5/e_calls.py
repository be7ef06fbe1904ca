"""Set-5 unchecked low-level calls and ignored send failures."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_refund_desk_old.sol",
        cls="unchecked call",
        det=["unchecked-call", "ignored-send-failure"],
        ver="0.4.24",
        fn="cancelTicket",
        shape="0.4 event tickets: refund by call.value whose result is dropped, ticket then deleted",
        src=r"""
pragma solidity ^0.4.24;

contract EventTickets {
    struct Ticket { address holder; uint paid; bool used; }

    address public organizer;
    uint public price = 0.2 ether;
    uint public sold;
    mapping(uint => Ticket) public tickets;

    event Bought(uint id, address holder);
    event Cancelled(uint id);

    constructor() public { organizer = msg.sender; }

    function buy() public payable returns (uint id) {
        require(msg.value == price);
        id = ++sold;
        tickets[id] = Ticket(msg.sender, msg.value, false);
        emit Bought(id, msg.sender);
    }

    function cancelTicket(uint id) public {
        Ticket storage t = tickets[id];
        require(t.holder == msg.sender && !t.used);
        uint amount = t.paid;
        delete tickets[id];
        t.holder.call.value(amount)();  //@
        emit Cancelled(id);
    }
}
""",
        fix=[
            (
                "        uint amount = t.paid;\n        delete tickets[id];\n        t.holder.call.value(amount)();  //@\n",
                "        uint amount = t.paid;\n        address holder = t.holder;\n        delete tickets[id];\n        require(holder.call.value(amount)());\n",
            )
        ],
    ),
    dict(
        name="b5_multisend_token_ok.sol",
        cls="unchecked call",
        det=["unchecked-call", "ignored-send-failure"],
        ver="0.8.26",
        fn="_send",
        shape="0.8 disperser: low-level token transfer call per recipient with the success flag unused",
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

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract Disperser is Pausable {
    event Dispersed(address token, uint256 count, uint256 total);

    function _send(address token, address to, uint256 amount) internal {
        (bool ok, bytes memory ret) = token.call(abi.encodeWithSelector(IERC20.transfer.selector, to, amount));  //@
        ret;
    }

    function disperse(address token, address[] calldata to, uint256[] calldata amounts) external whenNotPaused {
        require(to.length == amounts.length, "len");
        uint256 total;
        for (uint256 i = 0; i < amounts.length; i++) total += amounts[i];
        require(IERC20(token).transferFrom(msg.sender, address(this), total), "pull");
        for (uint256 i = 0; i < to.length; i++) {
            _send(token, to[i], amounts[i]);
        }
        emit Dispersed(token, to.length, total);
    }
}
""",
        fix=[("        ret;\n", '        require(ok && (ret.length == 0 || abi.decode(ret, (bool))), "transfer");\n')],
    ),
    dict(
        name="b5_keeper_payout.vy",
        cls="unchecked call",
        det=["unchecked-call", "ignored-send-failure"],
        ver="0.4.3",
        fn="work",
        shape="Vyper 0.4 keeper job: reward paid with raw_call revert_on_failure=False and the flag discarded",
        src=r"""
# pragma version ^0.4.0

owner: public(address)
reward: public(uint256)
last_work: public(uint256)
interval: public(uint256)
credits: public(HashMap[address, uint256])


@deploy
@payable
def __init__():
    self.owner = msg.sender
    self.reward = 10**15
    self.interval = 3600


@external
def work():
    assert block.number >= self.last_work + self.interval // 12, "early"
    self.last_work = block.number
    self.credits[msg.sender] += 1
    ok: bool = raw_call(msg.sender, b"", value=self.reward, revert_on_failure=False)  #@


@external
@payable
def fund():
    pass
""",
        fix=[
            (
                '    ok: bool = raw_call(msg.sender, b"", value=self.reward, revert_on_failure=False)  #@\n',
                '    ok: bool = raw_call(msg.sender, b"", value=self.reward, revert_on_failure=False)\n    assert ok, "pay"\n',
            )
        ],
    ),
    dict(
        name="b5_relay_logged_failure.sol",
        cls="ignored send failure",
        det=["ignored-send-failure", "unchecked-call"],
        ver="0.8.26",
        fn="settle",
        shape="0.8 payment relay: call result checked only to emit an event; the invoice is marked paid either way",
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

contract InvoiceRelay is Pausable {
    struct Invoice { address payable payee; uint256 amount; bool paid; }

    mapping(uint256 => Invoice) public invoices;
    mapping(address => uint256) public escrowOf;
    uint256 public nextId;

    event Issued(uint256 id, address payee, uint256 amount);
    event Settled(uint256 id, bool delivered);

    function issue(address payable payee) external payable returns (uint256 id) {
        id = nextId++;
        invoices[id] = Invoice(payee, msg.value, false);
        escrowOf[msg.sender] += msg.value;
        emit Issued(id, payee, msg.value);
    }

    function settle(uint256 id) external whenNotPaused {
        Invoice storage inv = invoices[id];
        require(!inv.paid && inv.amount > 0, "state");
        inv.paid = true;
        (bool ok, ) = inv.payee.call{value: inv.amount}("");  //@
        emit Settled(id, ok);
    }
}
""",
        fix=[("        emit Settled(id, ok);\n", '        require(ok, "payee");\n        emit Settled(id, ok);\n')],
    ),
    dict(
        name="b5_prize_pool_flag_old.sol",
        cls="ignored send failure",
        det=["ignored-send-failure", "unchecked-call"],
        ver="0.6.12",
        fn="payWinner",
        shape="0.6 prize pool: send result stored in a flag that nothing reads; round closes regardless",
        src=r"""
pragma solidity ^0.6.12;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() public {
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

contract PrizePool is Pausable {
    address public host;
    address payable public winner;
    uint256 public prize;
    bool public lastPayoutOk;
    bool public open = true;

    event RoundClosed(address winner, uint256 prize);

    constructor() public payable { host = msg.sender; prize = msg.value; }

    function pickWinner(address payable w) external {
        require(msg.sender == host, "host");
        winner = w;
    }

    function payWinner() external whenNotPaused {
        require(open && winner != address(0), "state");
        open = false;
        lastPayoutOk = winner.send(prize);  //@
        emit RoundClosed(winner, prize);
        prize = 0;
    }
}
""",
        fix=[
            (
                "        lastPayoutOk = winner.send(prize);  //@\n",
                '        lastPayoutOk = winner.send(prize);\n        require(lastPayoutOk, "send");\n',
            )
        ],
    ),
]
