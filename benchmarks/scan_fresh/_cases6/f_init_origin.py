"""Set-6 unprotected initializer / role write and tx.origin cases."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b6_impl_vault_initialize.sol",
        cls="unprotected initializer",
        det=["unprotected-owner-write"],
        ver="0.8.26",
        fn="initialize",
        shape="0.8 proxy-deployed fee vault: initialize() sets owner and can be called again (no initialized flag); owner gates sweep()",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC20 {
    function balanceOf(address) external view returns (uint256);
    function transfer(address, uint256) external returns (bool);
}

library SafeTransfer {
    function safeTransfer(IERC20 t, address to, uint256 v) internal {
        (bool ok, bytes memory ret) = address(t).call(abi.encodeWithSelector(t.transfer.selector, to, v));
        require(ok && (ret.length == 0 || abi.decode(ret, (bool))), "TRANSFER_FAILED");
    }
}

contract FeeVaultImpl {
    using SafeTransfer for IERC20;

    address public owner;
    address public feeRecipient;
    uint16 public feeBps;
    uint8 public version;

    event OwnershipTransferred(address indexed from, address indexed to);
    event Swept(address indexed token, uint256 amount);

    modifier onlyOwner() {
        require(msg.sender == owner, "NOT_OWNER");
        _;
    }

    function initialize(address owner_, address recipient, uint16 bps) external {
        require(bps <= 1000, "BPS");
        owner = owner_;  //@
        feeRecipient = recipient;
        feeBps = bps;
        version = 1;
        emit OwnershipTransferred(address(0), owner_);
    }

    function transferOwnership(address next) external onlyOwner {
        emit OwnershipTransferred(owner, next);
        owner = next;
    }

    function setFee(uint16 bps) external onlyOwner {
        require(bps <= 1000, "BPS");
        feeBps = bps;
    }

    function sweep(IERC20 token) external onlyOwner {
        uint256 bal = token.balanceOf(address(this));
        token.safeTransfer(feeRecipient, bal);
        emit Swept(address(token), bal);
    }
}
""",
        fix=[
            (
                '        require(bps <= 1000, "BPS");\n        owner = owner_;  //@\n',
                '        require(version == 0, "INITIALIZED");\n        require(bps <= 1000, "BPS");\n        owner = owner_;\n',
            )
        ],
    ),
    dict(
        name="b6_minter_roles_old.sol",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.6.12",
        fn="addMinter",
        shape="0.6 reward token: addMinter grants the mint role to any address; the onlyMinter modifier on mint() is correct",
        src=r"""
pragma solidity ^0.6.12;

contract RewardToken {
    string public constant name = "Reward";
    string public constant symbol = "RWD";
    uint8 public constant decimals = 18;

    uint256 public totalSupply;
    uint256 public immutable cap;
    address public admin;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(address => bool) public minters;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event MinterAdded(address account);

    constructor(uint256 _cap) public {
        admin = msg.sender;
        cap = _cap;
        minters[msg.sender] = true;
    }

    modifier onlyMinter() {
        require(minters[msg.sender], "!minter");
        _;
    }

    function addMinter(address account) external {
        require(account != address(0), "zero");
        minters[account] = true;  //@
        emit MinterAdded(account);
    }

    function removeMinter(address account) external {
        require(msg.sender == admin, "!admin");
        minters[account] = false;
    }

    function mint(address to, uint256 value) external onlyMinter {
        require(totalSupply + value <= cap, "cap");
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        require(balanceOf[msg.sender] >= value, "balance");
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(balanceOf[from] >= value && allowance[from][msg.sender] >= value, "allow");
        allowance[from][msg.sender] -= value;
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
        return true;
    }
}
""",
        fix=[
            (
                '        require(account != address(0), "zero");\n        minters[account] = true;  //@\n',
                '        require(msg.sender == admin, "!admin");\n        require(account != address(0), "zero");\n        minters[account] = true;\n',
            )
        ],
    ),
    dict(
        name="b6_dao_treasury_owner.vy",
        cls="unprotected owner write",
        det=["unprotected-owner-write"],
        ver="0.4.3",
        fn="set_council",
        shape="Vyper 0.4 DAO treasury: set_council overwrites the council address that approves payouts, with no caller check",
        src=r"""
# pragma version ^0.4.0

struct Payout:
    to: address
    amount: uint256
    approved: bool
    paid: bool

event Proposed:
    id: uint256
    to: address
    amount: uint256

council: public(address)
proposer: public(address)
payouts: public(HashMap[uint256, Payout])
count: public(uint256)


@deploy
def __init__(council: address):
    self.council = council
    self.proposer = msg.sender


@external
@payable
def __default__():
    pass


@external
def propose(to: address, amount: uint256) -> uint256:
    assert msg.sender == self.proposer, "proposer"
    self.count += 1
    self.payouts[self.count] = Payout(to=to, amount=amount, approved=False, paid=False)
    log Proposed(self.count, to, amount)
    return self.count


@external
def approve(id: uint256):
    assert msg.sender == self.council, "council"
    self.payouts[id].approved = True


@external
def execute(id: uint256):
    p: Payout = self.payouts[id]
    assert p.approved and not p.paid, "state"
    self.payouts[id].paid = True
    send(p.to, p.amount)


@external
def set_council(new_council: address):
    assert new_council != empty(address), "zero"
    self.council = new_council  #@
""",
        fix=[
            (
                '    assert new_council != empty(address), "zero"\n    self.council = new_council  #@\n',
                '    assert msg.sender == self.council, "council"\n    assert new_council != empty(address), "zero"\n    self.council = new_council\n',
            )
        ],
    ),
]
