"""Set-4 re-entrancy cases (plain call, ERC-721 and ERC-777 hooks, cross-function) in varied styles and versions."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_payment_channel_hub.sol",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="withdrawCollateral",
        shape="hub with channels; collateral withdrawal pays by call before the ledger entry is cleared",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title Unidirectional payment channel hub
/// @notice Payers lock collateral, open channels to payees, payees close with a signed voucher.
contract ChannelHub {
    struct Channel {
        address payer;
        address payee;
        uint128 deposit;
        uint64 expiresAt;
        bool closed;
    }

    uint256 public constant MIN_DURATION = 1 hours;

    mapping(address => uint256) public collateral;
    mapping(bytes32 => Channel) public channels;
    uint256 public channelCount;

    event CollateralAdded(address indexed payer, uint256 amount);
    event CollateralWithdrawn(address indexed payer, uint256 amount);
    event ChannelOpened(bytes32 indexed id, address indexed payer, address indexed payee, uint256 deposit);
    event ChannelClosed(bytes32 indexed id, uint256 paid, uint256 refunded);

    error NotPayer();
    error Expired();
    error Insufficient();

    function addCollateral() external payable {
        collateral[msg.sender] += msg.value;
        emit CollateralAdded(msg.sender, msg.value);
    }

    function withdrawCollateral(uint256 amount) external {
        uint256 bal = collateral[msg.sender];
        if (bal < amount) revert Insufficient();
        (bool ok, ) = payable(msg.sender).call{value: amount}("");  //@
        require(ok, "send failed");
        collateral[msg.sender] = bal - amount;  //@
        emit CollateralWithdrawn(msg.sender, amount);
    }

    function openChannel(address payee, uint128 deposit, uint64 duration) external returns (bytes32 id) {
        require(duration >= MIN_DURATION, "short");
        if (collateral[msg.sender] < deposit) revert Insufficient();
        collateral[msg.sender] -= deposit;
        id = keccak256(abi.encode(msg.sender, payee, channelCount++));
        channels[id] = Channel(msg.sender, payee, deposit, uint64(block.timestamp) + duration, false);
        emit ChannelOpened(id, msg.sender, payee, deposit);
    }

    function close(bytes32 id, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {
        Channel storage c = channels[id];
        require(msg.sender == c.payee && !c.closed, "bad channel");
        if (block.timestamp > c.expiresAt) revert Expired();
        require(amount <= c.deposit, "too much");
        bytes32 digest = keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", keccak256(abi.encode(address(this), block.chainid, id, amount))));
        address signer = ecrecover(digest, v, r, s);
        require(signer != address(0) && signer == c.payer, "bad sig");
        c.closed = true;
        uint256 refund = c.deposit - amount;
        collateral[c.payer] += refund;
        _pay(c.payee, amount);
        emit ChannelClosed(id, amount, refund);
    }

    function reclaim(bytes32 id) external {
        Channel storage c = channels[id];
        if (msg.sender != c.payer) revert NotPayer();
        require(!c.closed && block.timestamp > c.expiresAt, "open");
        c.closed = true;
        collateral[c.payer] += c.deposit;
        emit ChannelClosed(id, 0, c.deposit);
    }

    function _pay(address to, uint256 amount) internal {
        (bool ok, ) = payable(to).call{value: amount}("");
        require(ok, "pay failed");
    }
}
""",
        fix=[
            (
                '        (bool ok, ) = payable(msg.sender).call{value: amount}("");  //@\n        require(ok, "send failed");\n        collateral[msg.sender] = bal - amount;  //@\n',
                '        collateral[msg.sender] = bal - amount;\n        (bool ok, ) = payable(msg.sender).call{value: amount}("");\n        require(ok, "send failed");\n',
            )
        ],
    ),
    dict(
        name="b4_option_writer_nft.sol",
        cls="re-entrancy (ERC-721 hook)",
        det=["reentrancy"],
        ver="0.8.26",
        fn="buyOption",
        shape="covered-call NFTs: safe mint hands control to the buyer before the series' sold count is updated",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

interface IERC721Receiver {
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4);
}

/// Covered-call option series; each bought option is an NFT the holder can exercise before expiry.
contract CallOptionNFT {
    struct Series {
        address writer;
        uint96 strike;      // wei per option
        uint96 premium;     // wei per option
        uint32 expiry;
        uint32 cap;
        uint32 sold;
    }

    mapping(uint256 => Series) public series;
    mapping(uint256 => address) public ownerOf;
    mapping(uint256 => uint256) public seriesOf;
    mapping(address => uint256) public balanceOf;
    mapping(address => uint256) public earnings;
    uint256 public nextSeries;
    uint256 public nextToken = 1;

    event Transfer(address indexed from, address indexed to, uint256 indexed id);
    event SeriesWritten(uint256 indexed id, address writer, uint256 cap);

    function write(uint96 strike, uint96 premium, uint32 expiry, uint32 cap) external payable returns (uint256 id) {
        require(msg.value == uint256(cap) * 1 ether, "collateral");
        require(expiry > block.timestamp, "expiry");
        id = nextSeries++;
        series[id] = Series(msg.sender, strike, premium, expiry, cap, 0);
        emit SeriesWritten(id, msg.sender, cap);
    }

    function buyOption(uint256 sid) external payable returns (uint256 tokenId) {
        Series storage s = series[sid];
        require(s.sold < s.cap, "sold out");
        require(msg.value == s.premium, "premium");
        tokenId = nextToken++;
        seriesOf[tokenId] = sid;
        _safeMint(msg.sender, tokenId);  //@
        s.sold += 1;  //@
        earnings[s.writer] += msg.value;
    }

    function exercise(uint256 tokenId) external payable {
        require(ownerOf[tokenId] == msg.sender, "holder");
        Series storage s = series[seriesOf[tokenId]];
        require(block.timestamp <= s.expiry, "expired");
        require(msg.value == s.strike, "strike");
        _burn(tokenId);
        earnings[s.writer] += msg.value;
        (bool ok, ) = msg.sender.call{value: 1 ether}("");
        require(ok, "payout");
    }

    function collect() external {
        uint256 amount = earnings[msg.sender];
        earnings[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "collect");
    }

    function _safeMint(address to, uint256 id) internal {
        ownerOf[id] = to;
        balanceOf[to] += 1;
        emit Transfer(address(0), to, id);
        if (to.code.length > 0) {
            bytes4 ret = IERC721Receiver(to).onERC721Received(msg.sender, address(0), id, "");
            require(ret == IERC721Receiver.onERC721Received.selector, "receiver");
        }
    }

    function _burn(uint256 id) internal {
        address holder = ownerOf[id];
        balanceOf[holder] -= 1;
        delete ownerOf[id];
        emit Transfer(holder, address(0), id);
    }
}
""",
        fix=[
            (
                "        _safeMint(msg.sender, tokenId);  //@\n        s.sold += 1;  //@\n        earnings[s.writer] += msg.value;\n",
                "        s.sold += 1;\n        earnings[s.writer] += msg.value;\n        _safeMint(msg.sender, tokenId);\n",
            )
        ],
    ),
    dict(
        name="b4_insurance_777_pool.sol",
        cls="re-entrancy (ERC-777 hook)",
        det=["reentrancy"],
        ver="0.6.12",
        fn="redeem",
        shape="ERC-777 send (tokensReceived hook) in redeem before the member's stake is reduced",
        src=r"""
pragma solidity ^0.6.12;

interface IERC777 {
    function send(address recipient, uint256 amount, bytes calldata data) external;
    function operatorSend(address from, address to, uint256 amount, bytes calldata data, bytes calldata opData) external;
}

contract MutualCoverPool {
    IERC777 public immutable token;
    address public governor;
    uint256 public totalStake;
    uint256 public lockedForClaims;
    mapping(address => uint256) public stakeOf;

    event Joined(address indexed member, uint256 amount);
    event Redeemed(address indexed member, uint256 amount);
    event ClaimPaid(address indexed to, uint256 amount);

    constructor(IERC777 _token) public {
        token = _token;
        governor = msg.sender;
    }

    function join(uint256 amount) external {
        token.operatorSend(msg.sender, address(this), amount, "", "");
        stakeOf[msg.sender] += amount;
        totalStake += amount;
        emit Joined(msg.sender, amount);
    }

    function redeem(uint256 amount) external {
        require(stakeOf[msg.sender] >= amount, "stake");
        require(totalStake - amount >= lockedForClaims, "locked");
        token.send(msg.sender, amount, "");  //@
        stakeOf[msg.sender] -= amount;  //@
        totalStake -= amount;
        emit Redeemed(msg.sender, amount);
    }

    function payClaim(address to, uint256 amount) external {
        require(msg.sender == governor, "gov");
        require(amount <= totalStake, "pool");
        totalStake -= amount;
        token.send(to, amount, "");
        emit ClaimPaid(to, amount);
    }
}
""",
        fix=[
            (
                '        token.send(msg.sender, amount, "");  //@\n        stakeOf[msg.sender] -= amount;  //@\n        totalStake -= amount;\n',
                '        stakeOf[msg.sender] -= amount;\n        totalStake -= amount;\n        token.send(msg.sender, amount, "");\n',
            )
        ],
    ),
    dict(
        name="b4_club_treasury_old.sol",
        cls="re-entrancy (cross-function)",
        det=["reentrancy"],
        ver="0.4.25",
        fn="cashOut",
        shape="0.4 club: cashOut calls out before zeroing; transferCredit moves the same credit meanwhile",
        src=r"""
pragma solidity ^0.4.24;

contract ClubTreasury {
    address public chair;
    mapping (address => uint) public credit;
    mapping (address => bool) public member;
    uint public memberCount;

    event Deposit(address who, uint amount);
    event CashOut(address who, uint amount);

    modifier onlyMember() {
        require(member[msg.sender]);
        _;
    }

    function ClubTreasury() public {
        chair = msg.sender;
        member[msg.sender] = true;
        memberCount = 1;
    }

    function admit(address who) public {
        require(msg.sender == chair);
        if (!member[who]) {
            member[who] = true;
            memberCount++;
        }
    }

    function deposit() public payable onlyMember {
        credit[msg.sender] += msg.value;
        Deposit(msg.sender, msg.value);
    }

    function transferCredit(address to, uint amount) public onlyMember {
        require(member[to]);
        require(credit[msg.sender] >= amount);
        credit[msg.sender] -= amount;
        credit[to] += amount;
    }

    function cashOut() public onlyMember {
        uint amount = credit[msg.sender];
        require(amount > 0);
        require(msg.sender.call.value(amount)());  //@
        credit[msg.sender] = 0;  //@
        CashOut(msg.sender, amount);
    }
}
""",
        fix=[
            (
                "        require(msg.sender.call.value(amount)());  //@\n        credit[msg.sender] = 0;  //@\n",
                "        credit[msg.sender] = 0;\n        require(msg.sender.call.value(amount)());\n",
            )
        ],
    ),
    dict(
        name="b4_milestone_escrow.vy",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="vyper 0.4",
        fn="release",
        shape="Vyper escrow: raw_call to the contractor before the milestone is marked paid",
        src=r"""
#pragma version ^0.4.0

struct Milestone:
    amount: uint256
    approved: bool
    paid: bool

client: public(address)
contractor: public(address)
milestones: public(HashMap[uint256, Milestone])
count: public(uint256)

event Released:
    index: uint256
    amount: uint256

@deploy
@payable
def __init__(_contractor: address):
    self.client = msg.sender
    self.contractor = _contractor

@external
@payable
def add_milestone(amount: uint256):
    assert msg.sender == self.client
    assert msg.value == amount
    self.milestones[self.count] = Milestone(amount=amount, approved=False, paid=False)
    self.count += 1

@external
def approve(index: uint256):
    assert msg.sender == self.client
    self.milestones[index].approved = True

@external
def release(index: uint256):
    m: Milestone = self.milestones[index]
    assert m.approved and not m.paid
    raw_call(self.contractor, b"", value=m.amount)  #@
    self.milestones[index].paid = True  #@
    log Released(index=index, amount=m.amount)
""",
        fix=[
            (
                '    raw_call(self.contractor, b"", value=m.amount)  #@\n    self.milestones[index].paid = True  #@\n',
                '    self.milestones[index].paid = True\n    raw_call(self.contractor, b"", value=m.amount)\n',
            )
        ],
    ),
]
