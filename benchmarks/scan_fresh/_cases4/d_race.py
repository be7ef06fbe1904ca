"""Set-4 transaction-order cases: first-submitter rewards, seller-changeable prices, the ERC-20 approve race."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_riddle_bounty.sol",
        cls="payee/transaction-order race",
        det=["transaction-order", "payee-race", "public-solution"],
        ver="0.5.17",
        fn="solve",
        shape="puzzle bounty paid to whoever first submits the plaintext answer in the clear",
        src=r"""
pragma solidity ^0.5.17;

contract RiddleBounty {
    struct Riddle {
        address sponsor;
        bytes32 answerHash;
        uint256 reward;
        bool solved;
        string question;
    }

    Riddle[] public riddles;
    mapping(address => uint256) public solvedBy;

    event Posted(uint256 indexed id, string question, uint256 reward);
    event Solved(uint256 indexed id, address solver, string answer);

    function post(string calldata question, bytes32 answerHash) external payable returns (uint256) {
        require(msg.value > 0, "reward");
        riddles.push(Riddle(msg.sender, answerHash, msg.value, false, question));
        emit Posted(riddles.length - 1, question, msg.value);
        return riddles.length - 1;
    }

    function solve(uint256 id, string calldata answer) external {
        Riddle storage r = riddles[id];
        require(!r.solved, "solved");
        require(keccak256(abi.encodePacked(answer)) == r.answerHash, "wrong");  //@
        r.solved = true;
        solvedBy[msg.sender] += 1;
        emit Solved(id, msg.sender, answer);
        msg.sender.transfer(r.reward);  //@
    }

    function withdrawUnsolved(uint256 id) external {
        Riddle storage r = riddles[id];
        require(msg.sender == r.sponsor && !r.solved, "no");
        r.solved = true;
        msg.sender.transfer(r.reward);
    }
}
""",
        fix=[
            (
                "    mapping(address => uint256) public solvedBy;\n",
                "    mapping(address => uint256) public solvedBy;\n    mapping(address => bytes32) public commitOf;\n    mapping(address => uint256) public commitBlock;\n\n    function commit(bytes32 c) external {\n        commitOf[msg.sender] = c;\n        commitBlock[msg.sender] = block.number;\n    }\n",
            ),
            (
                '        require(keccak256(abi.encodePacked(answer)) == r.answerHash, "wrong");  //@\n',
                '        require(keccak256(abi.encodePacked(answer)) == r.answerHash, "wrong");\n        require(commitOf[msg.sender] == keccak256(abi.encodePacked(msg.sender, answer)), "commit");\n        require(commitBlock[msg.sender] < block.number, "same block");\n',
            ),
            ("        msg.sender.transfer(r.reward);  //@\n", "        msg.sender.transfer(r.reward);\n"),
        ],
    ),
    dict(
        name="b4_royalty_market.sol",
        cls="payee/transaction-order race",
        det=["price-change-race", "transaction-order"],
        ver="0.8.26",
        fn="buy",
        shape="NFT market paid in ERC-20: buy charges the listing's current price, which the seller may change at any time",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

interface IERC721 {
    function transferFrom(address from, address to, uint256 id) external;
    function ownerOf(uint256 id) external view returns (address);
}

interface IERC2981 {
    function royaltyInfo(uint256 id, uint256 salePrice) external view returns (address, uint256);
}

contract RoyaltyMarket {
    struct Listing {
        address seller;
        IERC721 nft;
        uint256 tokenId;
        uint256 price;
        bool active;
    }

    IERC20 public immutable currency;
    address public feeRecipient;
    uint16 public feeBps = 200;
    uint256 public nextId;
    mapping(uint256 => Listing) public listings;

    event Listed(uint256 indexed id, address indexed seller, uint256 price);
    event PriceChanged(uint256 indexed id, uint256 price);
    event Sold(uint256 indexed id, address indexed buyer, uint256 price);

    constructor(IERC20 _currency, address _fees) {
        currency = _currency;
        feeRecipient = _fees;
    }

    function list(IERC721 nft, uint256 tokenId, uint256 price) external returns (uint256 id) {
        require(nft.ownerOf(tokenId) == msg.sender, "owner");
        id = nextId++;
        listings[id] = Listing(msg.sender, nft, tokenId, price, true);
        emit Listed(id, msg.sender, price);
    }

    function setPrice(uint256 id, uint256 price) external {
        Listing storage l = listings[id];
        require(l.seller == msg.sender && l.active, "seller");
        l.price = price;
        emit PriceChanged(id, price);
    }

    function cancel(uint256 id) external {
        require(listings[id].seller == msg.sender, "seller");
        listings[id].active = false;
    }

    function buy(uint256 id) external {
        Listing storage l = listings[id];
        require(l.active, "inactive");
        l.active = false;
        uint256 price = l.price;  //@
        uint256 fee = price * feeBps / 10_000;
        (address artist, uint256 royalty) = _royalty(l.nft, l.tokenId, price);
        currency.transferFrom(msg.sender, feeRecipient, fee);
        if (royalty > 0) currency.transferFrom(msg.sender, artist, royalty);
        currency.transferFrom(msg.sender, l.seller, price - fee - royalty);  //@
        l.nft.transferFrom(l.seller, msg.sender, l.tokenId);
        emit Sold(id, msg.sender, price);
    }

    function _royalty(IERC721 nft, uint256 tokenId, uint256 price) internal view returns (address, uint256) {
        try IERC2981(address(nft)).royaltyInfo(tokenId, price) returns (address to, uint256 amount) {
            if (amount <= price / 10) return (to, amount);
        } catch {}
        return (address(0), 0);
    }
}
""",
        fix=[
            (
                "    function buy(uint256 id) external {\n",
                "    function buy(uint256 id, uint256 maxPrice) external {\n",
            ),
            (
                "        uint256 price = l.price;  //@\n",
                '        uint256 price = l.price;\n        require(price <= maxPrice, "price moved");\n',
            ),
        ],
    ),
    dict(
        name="b4_guild_token_old.sol",
        cls="payee/transaction-order race",
        det=["transaction-order", "approve-race"],
        ver="0.4.24",
        fn="approve",
        shape="0.4 token without SafeMath; approve overwrites a non-zero allowance",
        src=r"""
pragma solidity ^0.4.24;

contract GuildToken {
    string public name = "Guild";
    string public symbol = "GLD";
    uint8 public decimals = 18;
    uint256 public totalSupply;
    address public guildmaster;

    mapping (address => uint256) public balanceOf;
    mapping (address => mapping (address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) public {
        guildmaster = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    function transfer(address _to, uint256 _value) public returns (bool) {
        require(_to != address(0));
        require(balanceOf[msg.sender] >= _value);
        balanceOf[msg.sender] -= _value;
        balanceOf[_to] += _value;
        emit Transfer(msg.sender, _to, _value);
        return true;
    }

    function approve(address _spender, uint256 _value) public returns (bool) {
        allowance[msg.sender][_spender] = _value;  //@
        emit Approval(msg.sender, _spender, _value);
        return true;
    }

    function transferFrom(address _from, address _to, uint256 _value) public returns (bool) {
        require(_to != address(0));
        require(balanceOf[_from] >= _value);
        require(allowance[_from][msg.sender] >= _value);
        balanceOf[_from] -= _value;
        allowance[_from][msg.sender] -= _value;
        balanceOf[_to] += _value;
        emit Transfer(_from, _to, _value);
        return true;
    }
}
""",
        fix=[
            (
                "        allowance[msg.sender][_spender] = _value;  //@\n",
                "        require(_value == 0 || allowance[msg.sender][_spender] == 0);\n        allowance[msg.sender][_spender] = _value;\n",
            )
        ],
    ),
]
