"""Set-5 re-entrancy cases: call/value, cross-function, token receiver hooks."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_savings_club_old.sol",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.4.24",
        fn="leave",
        shape="0.4 savings club: member payout through an internal helper using call.value before the share is zeroed",
        src=r"""
pragma solidity ^0.4.24;

library SafeMath {
    function add(uint a, uint b) internal pure returns (uint) { uint c = a + b; require(c >= a); return c; }
    function sub(uint a, uint b) internal pure returns (uint) { require(b <= a); return a - b; }
}

contract SavingsClub {
    using SafeMath for uint;

    struct Member { uint deposited; uint joinedAt; bool active; }

    mapping(address => Member) public members;
    uint public totalSaved;
    uint public minDeposit = 0.05 ether;

    event Joined(address who, uint amount);
    event Left(address who, uint amount);

    function join() public payable {
        require(msg.value >= minDeposit);
        Member storage m = members[msg.sender];
        m.deposited = m.deposited.add(msg.value);
        if (!m.active) { m.active = true; m.joinedAt = now; }
        totalSaved = totalSaved.add(msg.value);
        emit Joined(msg.sender, msg.value);
    }

    function _pay(address to, uint amount) internal {
        require(to.call.value(amount)());
    }

    function leave() public {
        Member storage m = members[msg.sender];
        require(m.active && m.deposited > 0);
        uint amount = m.deposited;
        _pay(msg.sender, amount);  //@
        totalSaved = totalSaved.sub(amount);
        m.deposited = 0;
        m.active = false;
        emit Left(msg.sender, amount);
    }
}
""",
        fix=[
            (
                "        _pay(msg.sender, amount);  //@\n        totalSaved = totalSaved.sub(amount);\n        m.deposited = 0;\n        m.active = false;\n",
                "        totalSaved = totalSaved.sub(amount);\n        m.deposited = 0;\n        m.active = false;\n        _pay(msg.sender, amount);\n",
            ),
        ],
    ),
    dict(
        name="b5_rewards_pool_cross.sol",
        cls="re-entrancy (cross-function)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="claimRewards",
        shape="0.8 pool: claimRewards sends ether before zeroing pending; transferPoints re-entered moves the same points",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract RewardsPool {
    mapping(address => uint256) public points;
    mapping(address => uint256) public pending;
    uint256 public rewardPerPoint = 1e12;
    address public operator;

    event PointsMoved(address indexed from, address indexed to, uint256 amount);
    event Claimed(address indexed user, uint256 amount);

    constructor() payable { operator = msg.sender; }

    modifier onlyOperator() { require(msg.sender == operator, "operator"); _; }

    function award(address user, uint256 amount) external onlyOperator {
        points[user] += amount;
        pending[user] += amount * rewardPerPoint;
    }

    function transferPoints(address to, uint256 amount) external {
        require(points[msg.sender] >= amount, "points");
        uint256 share = pending[msg.sender] * amount / points[msg.sender];
        points[msg.sender] -= amount;
        points[to] += amount;
        pending[msg.sender] -= share;
        pending[to] += share;
        emit PointsMoved(msg.sender, to, amount);
    }

    function claimRewards() external {
        uint256 amount = pending[msg.sender];
        require(amount > 0, "nothing");
        (bool ok, ) = payable(msg.sender).call{value: amount}("");  //@
        require(ok, "send");
        pending[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
    }

    receive() external payable {}
}
""",
        fix=[
            (
                '        (bool ok, ) = payable(msg.sender).call{value: amount}("");  //@\n        require(ok, "send");\n        pending[msg.sender] = 0;\n',
                '        pending[msg.sender] = 0;\n        (bool ok, ) = payable(msg.sender).call{value: amount}("");\n        require(ok, "send");\n',
            ),
        ],
    ),
    dict(
        name="b5_nft_drop_mint.sol",
        cls="re-entrancy (ERC-721 hook)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="mint",
        shape="0.8 NFT sale: _safeMint calls onERC721Received before the per-wallet counter is bumped",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC721Receiver {
    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata data) external returns (bytes4);
}

contract MiniERC721 {
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    function _safeMint(address to, uint256 id) internal {
        require(ownerOf[id] == address(0), "minted");
        ownerOf[id] = to;
        balanceOf[to] += 1;
        emit Transfer(address(0), to, id);
        if (to.code.length > 0) {
            require(
                IERC721Receiver(to).onERC721Received(msg.sender, address(0), id, "") == IERC721Receiver.onERC721Received.selector,
                "receiver"
            );
        }
    }
}

contract GenesisDrop is MiniERC721 {
    uint256 public constant MAX_PER_WALLET = 2;
    uint256 public constant PRICE = 0.08 ether;
    uint256 public nextId = 1;
    uint256 public maxSupply = 5000;
    mapping(address => uint256) public mintedBy;
    address public treasury;

    constructor(address _treasury) { treasury = _treasury; }

    function mint(uint256 qty) external payable {
        require(msg.value == PRICE * qty, "price");
        require(mintedBy[msg.sender] + qty <= MAX_PER_WALLET, "wallet cap");
        require(nextId + qty - 1 <= maxSupply, "sold out");
        for (uint256 i = 0; i < qty; i++) {
            _safeMint(msg.sender, nextId);  //@
            nextId++;
        }
        mintedBy[msg.sender] += qty;  //@
    }

    function sweep() external {
        payable(treasury).transfer(address(this).balance);
    }
}
""",
        fix=[
            (
                "        for (uint256 i = 0; i < qty; i++) {\n            _safeMint(msg.sender, nextId);  //@\n            nextId++;\n        }\n        mintedBy[msg.sender] += qty;  //@\n",
                "        mintedBy[msg.sender] += qty;\n        for (uint256 i = 0; i < qty; i++) {\n            uint256 id = nextId;\n            nextId++;\n            _safeMint(msg.sender, id);\n        }\n",
            ),
        ],
    ),
    dict(
        name="b5_token_escrow_777.sol",
        cls="re-entrancy (ERC-777 hook)",
        det=["reentrancy"],
        ver="0.6.12",
        fn="release",
        shape="0.6 escrow over an ERC-777-style token: token.transfer (hooked) before the deal is marked released",
        src=r"""
pragma solidity ^0.6.12;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

contract TokenEscrow {
    struct Deal { address buyer; address seller; uint256 amount; bool released; bool refunded; }

    IERC20 public token;
    address public arbiter;
    Deal[] public deals;

    event Opened(uint256 id, address buyer, address seller, uint256 amount);
    event Released(uint256 id);

    constructor(IERC20 _token, address _arbiter) public {
        token = _token;
        arbiter = _arbiter;
    }

    function open(address seller, uint256 amount) external returns (uint256 id) {
        require(token.transferFrom(msg.sender, address(this), amount), "pull");
        deals.push(Deal(msg.sender, seller, amount, false, false));
        id = deals.length - 1;
        emit Opened(id, msg.sender, seller, amount);
    }

    function release(uint256 id) external {
        Deal storage d = deals[id];
        require(msg.sender == d.buyer || msg.sender == arbiter, "auth");
        require(!d.released && !d.refunded, "closed");
        require(token.transfer(d.seller, d.amount), "push");  //@
        d.released = true;
        emit Released(id);
    }

    function refund(uint256 id) external {
        Deal storage d = deals[id];
        require(msg.sender == arbiter, "arbiter");
        require(!d.released && !d.refunded, "closed");
        d.refunded = true;
        require(token.transfer(d.buyer, d.amount), "push");
    }
}
""",
        fix=[
            (
                '        require(token.transfer(d.seller, d.amount), "push");  //@\n        d.released = true;\n',
                '        d.released = true;\n        require(token.transfer(d.seller, d.amount), "push");\n',
            ),
        ],
    ),
    dict(
        name="b5_edition_1155_claim.sol",
        cls="re-entrancy (ERC-1155 hook)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="claim",
        shape="0.8 edition claim: onERC1155Received hook runs before the claimed flag is set",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

interface IERC1155Receiver {
    function onERC1155Received(address op, address from, uint256 id, uint256 value, bytes calldata data) external returns (bytes4);
}

contract EditionClaim {
    mapping(uint256 => mapping(address => uint256)) public balanceOf;
    mapping(address => bool) public allowlisted;
    mapping(address => bool) public claimed;
    address public curator;
    uint256 public editionId = 1;

    event TransferSingle(address indexed op, address indexed from, address indexed to, uint256 id, uint256 value);

    constructor() { curator = msg.sender; }

    function allow(address[] calldata who) external {
        require(msg.sender == curator, "curator");
        for (uint256 i = 0; i < who.length; i++) allowlisted[who[i]] = true;
    }

    function _mintTo(address to, uint256 id, uint256 amount) private {
        balanceOf[id][to] += amount;
        emit TransferSingle(msg.sender, address(0), to, id, amount);
        if (to.code.length > 0) {
            bytes4 r = IERC1155Receiver(to).onERC1155Received(msg.sender, address(0), id, amount, "");
            require(r == IERC1155Receiver.onERC1155Received.selector, "rejected");
        }
    }

    function claim() external {
        require(allowlisted[msg.sender], "not listed");
        require(!claimed[msg.sender], "claimed");
        _mintTo(msg.sender, editionId, 1);  //@
        claimed[msg.sender] = true;
    }
}
""",
        fix=[
            (
                "        _mintTo(msg.sender, editionId, 1);  //@\n        claimed[msg.sender] = true;\n",
                "        claimed[msg.sender] = true;\n        _mintTo(msg.sender, editionId, 1);\n",
            ),
        ],
    ),
    dict(
        name="b5_deposit_box.vy",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.4.3",
        fn="withdraw",
        shape="Vyper 0.4 deposit box: raw_call with value before the balance is cleared",
        src=r"""
# pragma version ^0.4.0

event Deposited:
    who: indexed(address)
    amount: uint256

event Withdrawn:
    who: indexed(address)
    amount: uint256

balances: public(HashMap[address, uint256])
total: public(uint256)
owner: public(address)


@deploy
def __init__():
    self.owner = msg.sender


@external
@payable
def deposit():
    assert msg.value > 0, "zero"
    self.balances[msg.sender] += msg.value
    self.total += msg.value
    log Deposited(who=msg.sender, amount=msg.value)


@external
def withdraw():
    amount: uint256 = self.balances[msg.sender]
    assert amount > 0, "empty"
    raw_call(msg.sender, b"", value=amount)  #@
    self.balances[msg.sender] = 0
    self.total -= amount
    log Withdrawn(who=msg.sender, amount=amount)
""",
        fix=[
            (
                '    raw_call(msg.sender, b"", value=amount)  #@\n    self.balances[msg.sender] = 0\n    self.total -= amount\n',
                '    self.balances[msg.sender] = 0\n    self.total -= amount\n    raw_call(msg.sender, b"", value=amount)\n',
            ),
        ],
    ),
]
