pragma solidity ^0.4.24;

contract PromoToken {
    string public name = "Promo";
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    constructor(uint256 supply) public {
        balanceOf[msg.sender] = supply;
        totalSupply = supply;
    }

    function transfer(address to, uint256 value) public returns (bool) {
        require(balanceOf[msg.sender] >= value);
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        return true;
    }

    function airdrop(address[] recipients, uint256 value) public returns (bool) {
        require(value == 0 || recipients.length <= uint256(-1) / value);
        uint256 total = recipients.length * value;
        require(balanceOf[msg.sender] >= total);
        balanceOf[msg.sender] -= total;
        for (uint256 i = 0; i < recipients.length; i++) {
            balanceOf[recipients[i]] += value;
        }
        return true;
    }
}
