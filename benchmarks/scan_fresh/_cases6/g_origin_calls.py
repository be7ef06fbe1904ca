"""Set-6 tx.origin and unchecked low-level call / send cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_family_wallet_origin.sol",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.4.26",
        fn="withdrawTo",
        shape="0.4 family allowance wallet: withdrawTo gated by a modifier comparing tx.origin with the parent; child allowances use msg.sender",
        src=r"""
pragma solidity ^0.4.26;

contract FamilyWallet {
    address public parent;
    mapping(address => uint256) public allowanceOf;
    mapping(address => uint256) public spentThisWeek;
    mapping(address => uint256) public weekOf;

    event AllowanceSet(address child, uint256 weekly);
    event Spent(address child, address to, uint256 amount);
    event ParentWithdrawal(address to, uint256 amount);

    modifier onlyParent() {
        require(tx.origin == parent);  //@
        _;
    }

    constructor() public {
        parent = msg.sender;
    }

    function() public payable {}

    function setAllowance(address child, uint256 weekly) public onlyParent {
        allowanceOf[child] = weekly;
        emit AllowanceSet(child, weekly);
    }

    function spend(address to, uint256 amount) public {
        uint256 week = now / 1 weeks;
        if (weekOf[msg.sender] != week) {
            weekOf[msg.sender] = week;
            spentThisWeek[msg.sender] = 0;
        }
        require(spentThisWeek[msg.sender] + amount <= allowanceOf[msg.sender]);
        spentThisWeek[msg.sender] += amount;
        to.transfer(amount);
        emit Spent(msg.sender, to, amount);
    }

    function withdrawTo(address to, uint256 amount) public onlyParent {
        to.transfer(amount);
        emit ParentWithdrawal(to, amount);
    }
}
""",
        fix=[("        require(tx.origin == parent);  //@\n", "        require(msg.sender == parent);\n")],
    ),
    dict(
        name="b6_fee_collector_origin.vy",
        cls="tx.origin auth",
        det=["tx-origin"],
        ver="0.4.3",
        fn="collect",
        shape="Vyper 0.4 fee collector: collect() checks tx.origin == admin before sending all fees to a chosen address",
        src=r"""
# pragma version ^0.4.0

event FeePaid:
    payer: indexed(address)
    amount: uint256

event Collected:
    to: address
    amount: uint256

admin: public(address)
fee: public(uint256)
paid: public(HashMap[address, uint256])


@deploy
def __init__(fee: uint256):
    self.admin = msg.sender
    self.fee = fee


@external
@payable
def pay_fee():
    assert msg.value == self.fee, "fee"
    self.paid[msg.sender] += msg.value
    log FeePaid(msg.sender, msg.value)


@external
def set_fee(fee: uint256):
    assert msg.sender == self.admin, "admin"
    self.fee = fee


@external
def collect(to: address):
    assert tx.origin == self.admin, "admin"  #@
    amount: uint256 = self.balance
    send(to, amount)
    log Collected(to, amount)
""",
        fix=[('    assert tx.origin == self.admin, "admin"  #@\n', '    assert msg.sender == self.admin, "admin"\n')],
    ),
    dict(
        name="b6_airdrop_unchecked_call.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.8.26",
        fn="claim",
        shape="0.8 merkle-less ETH airdrop: claim marks claimed then ignores the call's bool, so a failed payment burns the claim; a checked call in rescue() is fine",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract EthAirdrop {
    address public immutable distributor;
    uint64 public immutable claimDeadline;
    mapping(address => uint256) public entitlement;
    mapping(address => bool) public claimed;
    uint256 public outstanding;

    event Allocated(address indexed to, uint256 amount);
    event Claimed(address indexed to, uint256 amount);

    error Expired();
    error NotDistributor();

    constructor(uint64 deadline) payable {
        distributor = msg.sender;
        claimDeadline = deadline;
    }

    function allocate(address[] calldata to, uint256[] calldata amounts) external {
        if (msg.sender != distributor) revert NotDistributor();
        require(to.length == amounts.length, "len");
        for (uint256 i; i < to.length; ) {
            entitlement[to[i]] += amounts[i];
            outstanding += amounts[i];
            emit Allocated(to[i], amounts[i]);
            unchecked { ++i; }
        }
        require(outstanding <= address(this).balance, "underfunded");
    }

    function claim() external {
        if (block.timestamp > claimDeadline) revert Expired();
        require(!claimed[msg.sender], "claimed");
        uint256 amount = entitlement[msg.sender];
        claimed[msg.sender] = true;
        outstanding -= amount;
        payable(msg.sender).call{value: amount}("");  //@
        emit Claimed(msg.sender, amount);
    }

    function rescue() external {
        if (msg.sender != distributor) revert NotDistributor();
        require(block.timestamp > claimDeadline, "live");
        (bool ok, ) = payable(distributor).call{value: address(this).balance}("");
        require(ok, "rescue");
    }
}
""",
        fix=[
            (
                '        payable(msg.sender).call{value: amount}("");  //@\n',
                '        (bool ok, ) = payable(msg.sender).call{value: amount}("");\n        require(ok, "pay");\n',
            )
        ],
    ),
    dict(
        name="b6_token_rescue_unchecked.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.5.17",
        fn="forward",
        shape="0.5 deposit forwarder: forward() moves ERC-20s with a raw address.call(transfer selector) and never checks success or return data",
        src=r"""
pragma solidity ^0.5.17;

interface IToken {
    function balanceOf(address) external view returns (uint256);
}

contract Ownable {
    address public owner;
    event OwnershipTransferred(address prev, address next);
    constructor() public { owner = msg.sender; }
    modifier onlyOwner() { require(msg.sender == owner, "owner"); _; }
    function transferOwnership(address next) public onlyOwner {
        emit OwnershipTransferred(owner, next);
        owner = next;
    }
}

contract DepositForwarder is Ownable {
    address public coldWallet;
    mapping(address => bool) public supported;
    mapping(address => uint256) public forwardedTotal;

    event Forwarded(address token, uint256 amount);
    event EthForwarded(uint256 amount);

    constructor(address cold) public { coldWallet = cold; }

    function setSupported(address token, bool on) external onlyOwner {
        supported[token] = on;
    }

    function forward(address token) external {
        require(supported[token], "unsupported");
        uint256 bal = IToken(token).balanceOf(address(this));
        forwardedTotal[token] += bal;
        token.call(abi.encodeWithSignature("transfer(address,uint256)", coldWallet, bal));  //@
        emit Forwarded(token, bal);
    }

    function forwardEth() external {
        uint256 bal = address(this).balance;
        (bool ok, ) = coldWallet.call.value(bal)("");
        require(ok, "eth");
        emit EthForwarded(bal);
    }

    function () external payable {}
}
""",
        fix=[
            (
                '        token.call(abi.encodeWithSignature("transfer(address,uint256)", coldWallet, bal));  //@\n',
                '        (bool ok, bytes memory ret) = token.call(abi.encodeWithSignature("transfer(address,uint256)", coldWallet, bal));\n        require(ok && (ret.length == 0 || abi.decode(ret, (bool))), "transfer");\n',
            )
        ],
    ),
]
