"""Set-6 re-entrancy cases: cross-function, ERC-777 hook, Vyper raw_call."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_bridge_escrow_cross.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.6.12",
        fn="cancelDeposit",
        shape="0.6 bridge escrow: cancelDeposit refunds with call{value} before marking the deposit cancelled; the relayer finalize path re-enters via the same record (cross-function)",
        src=r"""
// SPDX-License-Identifier: GPL-3.0
pragma solidity 0.6.12;

contract RelayerSet {
    mapping(address => bool) public isRelayer;
    address public guardian;

    event RelayerChanged(address relayer, bool enabled);

    constructor() public { guardian = msg.sender; }

    modifier onlyRelayer() {
        require(isRelayer[msg.sender], "relayer");
        _;
    }

    function setRelayer(address r, bool on) external {
        require(msg.sender == guardian, "guardian");
        isRelayer[r] = on;
        emit RelayerChanged(r, on);
    }
}

contract EthBridgeEscrow is RelayerSet {
    struct Deposit {
        address payable sender;
        uint96 destChain;
        uint256 amount;
        uint64 createdAt;
        bool settled;
    }

    uint256 public constant CANCEL_DELAY = 1 days;
    uint256 public depositCount;
    mapping(uint256 => Deposit) public deposits;
    mapping(address => uint256) public openValue;

    event Locked(uint256 indexed id, address indexed sender, uint96 destChain, uint256 amount);
    event Finalized(uint256 indexed id);
    event Cancelled(uint256 indexed id);

    function lock(uint96 destChain) external payable returns (uint256 id) {
        require(msg.value > 0, "zero");
        id = ++depositCount;
        deposits[id] = Deposit(msg.sender, destChain, msg.value, uint64(block.timestamp), false);
        openValue[msg.sender] += msg.value;
        emit Locked(id, msg.sender, destChain, msg.value);
    }

    function finalize(uint256 id) external onlyRelayer {
        Deposit storage d = deposits[id];
        require(!d.settled, "settled");
        d.settled = true;
        openValue[d.sender] -= d.amount;
        emit Finalized(id);
    }

    function cancelDeposit(uint256 id) external {
        Deposit storage d = deposits[id];
        require(d.sender == msg.sender, "sender");
        require(!d.settled, "settled");
        require(block.timestamp >= d.createdAt + CANCEL_DELAY, "early");
        (bool ok, ) = d.sender.call{value: d.amount}("");
        require(ok, "refund");
        d.settled = true;  //@
        openValue[msg.sender] -= d.amount;
        emit Cancelled(id);
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = d.sender.call{value: d.amount}("");\n        require(ok, "refund");\n        d.settled = true;  //@\n        openValue[msg.sender] -= d.amount;\n',
                '        d.settled = true;\n        openValue[msg.sender] -= d.amount;\n        (bool ok, ) = d.sender.call{value: d.amount}("");\n        require(ok, "refund");\n',
            )
        ],
    ),
    dict(
        name="b6_erc777_pool_hook.sol",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.7.6",
        fn="redeem",
        shape="0.7 pool over an ERC-777-style token: redeem() sends tokens (recipient hook fires) before burning the caller's shares",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.7.6;

interface IERC777Like {
    function send(address to, uint256 amount, bytes calldata data) external;
    function operatorSend(address from, address to, uint256 amount, bytes calldata data, bytes calldata opData) external;
    function balanceOf(address who) external view returns (uint256);
}

library Math {
    function min(uint256 a, uint256 b) internal pure returns (uint256) { return a < b ? a : b; }
}

contract ShareLedger {
    mapping(address => uint256) public shares;
    uint256 public totalShares;

    event SharesMinted(address indexed to, uint256 amount);
    event SharesBurned(address indexed from, uint256 amount);

    function _mintShares(address to, uint256 s) internal {
        shares[to] += s;
        totalShares += s;
        emit SharesMinted(to, s);
    }

    function _burnShares(address from, uint256 s) internal {
        require(shares[from] >= s, "shares");
        shares[from] -= s;
        totalShares -= s;
        emit SharesBurned(from, s);
    }
}

contract HookTokenPool is ShareLedger {
    IERC777Like public immutable token;
    address public keeper;
    uint256 public exitFeeBps = 30;

    constructor(IERC777Like t) {
        token = t;
        keeper = msg.sender;
    }

    function poolBalance() public view returns (uint256) {
        return token.balanceOf(address(this));
    }

    function join(uint256 amount) external {
        uint256 bal = poolBalance();
        uint256 s = totalShares == 0 ? amount : amount * totalShares / bal;
        token.operatorSend(msg.sender, address(this), amount, "", "");
        _mintShares(msg.sender, s);
    }

    function redeem(uint256 s) external {
        require(s > 0 && shares[msg.sender] >= s, "shares");
        uint256 gross = s * poolBalance() / totalShares;
        uint256 fee = gross * exitFeeBps / 10000;
        token.send(msg.sender, gross - fee, "");
        _burnShares(msg.sender, s);  //@
    }

    function setFee(uint256 bps) external {
        require(msg.sender == keeper, "keeper");
        exitFeeBps = Math.min(bps, 100);
    }
}
""",
        fix=[
            (
                '        token.send(msg.sender, gross - fee, "");\n        _burnShares(msg.sender, s);  //@\n',
                '        _burnShares(msg.sender, s);\n        token.send(msg.sender, gross - fee, "");\n',
            )
        ],
    ),
    dict(
        name="b6_raffle_refund.vy",
        cls="reentrancy",
        det=["reentrancy"],
        ver="0.4.3",
        fn="withdraw_refund",
        shape="Vyper 0.4 cancelled raffle: withdraw_refund raw_calls the ticket value back before zeroing the ticket count",
        src=r"""
# pragma version ^0.4.0

event TicketBought:
    buyer: indexed(address)
    count: uint256

event Refunded:
    buyer: indexed(address)
    amount: uint256

organizer: public(address)
ticket_price: public(uint256)
tickets: public(HashMap[address, uint256])
sold: public(uint256)
cancelled: public(bool)
closes_at: public(uint256)


@deploy
def __init__(price: uint256, duration: uint256):
    self.organizer = msg.sender
    self.ticket_price = price
    self.closes_at = block.timestamp + duration


@external
@payable
def buy(count: uint256):
    assert not self.cancelled, "cancelled"
    assert block.timestamp < self.closes_at, "closed"
    assert msg.value == count * self.ticket_price, "price"
    self.tickets[msg.sender] += count
    self.sold += count
    log TicketBought(msg.sender, count)


@external
def cancel():
    assert msg.sender == self.organizer, "organizer"
    self.cancelled = True


@external
def withdraw_refund():
    assert self.cancelled, "not cancelled"
    n: uint256 = self.tickets[msg.sender]
    assert n > 0, "nothing"
    amount: uint256 = n * self.ticket_price
    raw_call(msg.sender, b"", value=amount)
    self.tickets[msg.sender] = 0  #@
    self.sold -= n
    log Refunded(msg.sender, amount)


@external
def collect():
    assert msg.sender == self.organizer, "organizer"
    assert not self.cancelled and block.timestamp >= self.closes_at, "open"
    send(self.organizer, self.balance)
""",
        fix=[
            (
                '    raw_call(msg.sender, b"", value=amount)\n    self.tickets[msg.sender] = 0  #@\n    self.sold -= n\n',
                '    self.tickets[msg.sender] = 0\n    self.sold -= n\n    raw_call(msg.sender, b"", value=amount)\n',
            )
        ],
    ),
]
