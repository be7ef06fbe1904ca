"""Set-7 short-address cases: pre-0.5 tokens whose transfer(address, uint256) never checks msg.data's length."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_guild_gold_token.sol",
        cls="short address",
        det=["short-address"],
        ver="0.4.24",
        fn="transfer",
        shape="0.4 in-game gold token listed on an exchange: transfer(to, value) has no payload-size check, so a truncated address from an exchange's withdrawal shifts the value left; the fixed twin adds onlyPayloadSize",
        src=r"""
pragma solidity ^0.4.24;

contract GuildGold {
    string public constant name = "Guild Gold";
    string public constant symbol = "GLD";
    uint8 public constant decimals = 2;
    address public guildMaster;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Burn(address indexed from, uint256 value);

    constructor(uint256 supply) public {
        guildMaster = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    function transfer(address to, uint256 value) public returns (bool) {  //@
        require(to != address(0));
        require(balanceOf[msg.sender] >= value);
        require(balanceOf[to] + value >= balanceOf[to]);
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }

    function burn(uint256 value) public {
        require(balanceOf[msg.sender] >= value);
        balanceOf[msg.sender] -= value;
        totalSupply -= value;
        emit Burn(msg.sender, value);
    }
}
""",
        fix=[
            (
                "    function transfer(address to, uint256 value) public returns (bool) {  //@\n",
                "    modifier onlyPayloadSize(uint256 size) {\n        require(msg.data.length >= size + 4);\n        _;\n    }\n\n    function transfer(address to, uint256 value) public onlyPayloadSize(2 * 32) returns (bool) {  //@\n",
            )
        ],
    ),
    dict(
        name="b7_exchange_voucher_token.sol",
        cls="short address",
        det=["short-address"],
        ver="0.4.26",
        fn="transfer",
        shape="0.4 redeemable exchange voucher token: transfer(to, amount) reads its arguments from short calldata without a length check; redeem and issuance are separate",
        src=r"""
pragma solidity ^0.4.26;

contract ExchangeVoucher {
    string public constant name = "Exchange Voucher";
    uint8 public constant decimals = 6;
    address public issuer;
    uint256 public totalSupply;
    mapping(address => uint256) public balances;

    event Transfer(address indexed from, address indexed to, uint256 amount);
    event Redeemed(address indexed holder, uint256 amount);

    constructor() public {
        issuer = msg.sender;
    }

    function issue(address to, uint256 amount) public {
        require(msg.sender == issuer);
        require(totalSupply + amount >= totalSupply);
        totalSupply += amount;
        balances[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function balanceOf(address who) public view returns (uint256) {
        return balances[who];
    }

    function transfer(address to, uint256 amount) public returns (bool) {  //@
        require(balances[msg.sender] >= amount);
        require(balances[to] + amount >= balances[to]);
        balances[msg.sender] -= amount;
        balances[to] += amount;
        emit Transfer(msg.sender, to, amount);
        return true;
    }

    function redeem(uint256 amount) public {
        require(balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        totalSupply -= amount;
        emit Redeemed(msg.sender, amount);
    }
}
""",
        fix=[
            (
                "    function transfer(address to, uint256 amount) public returns (bool) {  //@\n        require(balances[msg.sender] >= amount);\n",
                "    function transfer(address to, uint256 amount) public returns (bool) {  //@\n        require(msg.data.length >= 68);\n        require(balances[msg.sender] >= amount);\n",
            )
        ],
    ),
]
