"""Set-7 approve races and payments inside loops."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_loyalty_points_token.sol",
        cls="approve race",
        det=["approve-race"],
        ver="0.5.17",
        fn="approve",
        shape="0.5 retailer loyalty-points ERC-20: approve() overwrites a non-zero allowance outright, with no increase/decrease path",
        src=r"""
pragma solidity ^0.5.17;

contract LoyaltyPoints {
    string public constant name = "Shop Points";
    string public constant symbol = "SPT";
    uint8 public constant decimals = 0;
    address public retailer;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor() public {
        retailer = msg.sender;
    }

    function award(address shopper, uint256 points) external {
        require(msg.sender == retailer, "retailer");
        require(totalSupply + points >= totalSupply, "supply");
        totalSupply += points;
        balanceOf[shopper] += points;
        emit Transfer(address(0), shopper, points);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;  //@
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(allowance[from][msg.sender] >= value, "allowance");
        allowance[from][msg.sender] -= value;
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) internal {
        require(to != address(0), "zero");
        require(balanceOf[from] >= value, "balance");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
""",
        fix=[
            (
                "        allowance[msg.sender][spender] = value;  //@\n",
                '        require(value == 0 || allowance[msg.sender][spender] == 0, "reset first");\n        allowance[msg.sender][spender] = value;  //@\n',
            )
        ],
    ),
    dict(
        name="b7_wrapped_native_token.sol",
        cls="approve race",
        det=["approve-race"],
        ver="0.8.26",
        fn="approve",
        shape="0.8 wrapped-native token (deposit/withdraw): approve() sets the allowance straight over any existing value",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract WrappedNative {
    string public constant name = "Wrapped Native";
    string public constant symbol = "WNAT";
    uint8 public constant decimals = 18;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Approval(address indexed owner, address indexed spender, uint256 value);
    event Transfer(address indexed from, address indexed to, uint256 value);
    event Deposit(address indexed to, uint256 value);
    event Withdrawal(address indexed from, uint256 value);

    function totalSupply() external view returns (uint256) {
        return address(this).balance;
    }

    function deposit() public payable {
        balanceOf[msg.sender] += msg.value;
        emit Deposit(msg.sender, msg.value);
    }

    function withdraw(uint256 value) external {
        require(balanceOf[msg.sender] >= value, "balance");
        balanceOf[msg.sender] -= value;
        payable(msg.sender).transfer(value);
        emit Withdrawal(msg.sender, value);
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;  //@
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        return transferFrom(msg.sender, to, value);
    }

    function transferFrom(address from, address to, uint256 value) public returns (bool) {
        require(balanceOf[from] >= value, "balance");
        if (from != msg.sender && allowance[from][msg.sender] != type(uint256).max) {
            require(allowance[from][msg.sender] >= value, "allowance");
            allowance[from][msg.sender] -= value;
        }
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
        return true;
    }
}
""",
        fix=[
            (
                "        allowance[msg.sender][spender] = value;  //@\n",
                '        require(value == 0 || allowance[msg.sender][spender] == 0, "reset first");\n        allowance[msg.sender][spender] = value;  //@\n',
            )
        ],
    ),
    dict(
        name="b7_esports_prize_split.sol",
        cls="DoS: call in loop",
        det=["call-in-loop"],
        ver="0.5.17",
        fn="splitPrize",
        shape="0.5 e-sports team prize splitter: splitPrize() pays every rostered player with transfer() inside one loop, so one player's reverting wallet blocks the whole split; the fixed twin credits shares for withdrawal",
        src=r"""
pragma solidity ^0.5.17;

contract TeamPrizeSplitter {
    address public manager;
    address payable[] public players;
    mapping(address => uint256) public shareBps;
    mapping(address => uint256) public owed;
    uint256 public totalBps;
    uint256 public pool;

    event PlayerAdded(address player, uint256 bps);
    event PrizeSplit(uint256 amount);

    constructor() public {
        manager = msg.sender;
    }

    function addPlayer(address payable p, uint256 bps) external {
        require(msg.sender == manager, "manager");
        require(shareBps[p] == 0 && bps > 0, "player");
        require(totalBps + bps <= 10000 && players.length < 10, "roster");
        players.push(p);
        shareBps[p] = bps;
        totalBps += bps;
        emit PlayerAdded(p, bps);
    }

    function () external payable {
        pool += msg.value;
    }

    function splitPrize() external {
        require(totalBps == 10000, "shares");
        uint256 amount = pool;
        pool = 0;
        for (uint256 i = 0; i < players.length; i++) {
            address payable p = players[i];
            p.transfer(amount * shareBps[p] / 10000);  //@
        }
        emit PrizeSplit(amount);
    }

    function claim() external {
        uint256 a = owed[msg.sender];
        owed[msg.sender] = 0;
        msg.sender.transfer(a);
    }
}
""",
        fix=[
            (
                "            p.transfer(amount * shareBps[p] / 10000);  //@\n",
                "            owed[p] += amount * shareBps[p] / 10000;  //@\n",
            )
        ],
    ),
    dict(
        name="b7_coop_dividends.vy",
        cls="DoS: call in loop",
        det=["call-in-loop"],
        ver="0.4.3",
        fn="pay_dividends",
        shape="Vyper 0.4 co-operative: anyone can join, and pay_dividends() send()s each member's share in one loop, so one reverting member blocks every payout; the fixed twin credits and lets members claim",
        src=r"""
# pragma version ^0.4.0

MAX_MEMBERS: constant(uint256) = 64

event Joined:
    member: address

event Paid:
    total: uint256

steward: public(address)
members: public(DynArray[address, MAX_MEMBERS])
is_member: public(HashMap[address, bool])
owed: public(HashMap[address, uint256])
share_price: public(uint256)
pool: public(uint256)


@deploy
def __init__(share_price: uint256):
    self.steward = msg.sender
    self.share_price = share_price


@external
@payable
def join():
    assert not self.is_member[msg.sender], "member"
    assert msg.value == self.share_price, "price"
    self.is_member[msg.sender] = True
    self.members.append(msg.sender)
    log Joined(member=msg.sender)


@external
@payable
def deposit_surplus():
    assert msg.sender == self.steward, "steward"
    self.pool += msg.value


@external
def pay_dividends():
    n: uint256 = len(self.members)
    assert n > 0, "empty"
    each: uint256 = self.pool // n
    self.pool -= each * n
    for m: address in self.members:
        send(m, each)  #@
    log Paid(total=each * n)


@external
def claim():
    amount: uint256 = self.owed[msg.sender]
    self.owed[msg.sender] = 0
    send(msg.sender, amount)
""",
        fix=[("        send(m, each)  #@\n", "        self.owed[m] += each  #@\n")],
    ),
]
