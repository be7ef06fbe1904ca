// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract SimpleCrowdsale {
    address payable public wallet;
    uint256 public rate;
    uint256 public cap;
    uint256 public sold;
    mapping(address => uint256) public tokensOf;

    constructor(address payable _wallet, uint256 _rate, uint256 _cap) public {
        wallet = _wallet;
        rate = _rate;
        cap = _cap;
    }

    function buy() external payable {
        require(rate == 0 || msg.value <= uint256(-1) / rate, "overflow");
        uint256 tokens = msg.value * rate;
        require(tokens <= cap && sold <= cap - tokens, "cap");
        sold += tokens;
        tokensOf[msg.sender] += tokens;
        wallet.transfer(msg.value);
    }
}
