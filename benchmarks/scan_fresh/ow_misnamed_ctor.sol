pragma solidity ^0.4.24;

contract CharityFund {
    address public trustee;
    uint256 public raised;

    function CharityFnd() public {
        trustee = msg.sender;
    }

    function donate() public payable {
        raised += msg.value;
    }

    function disburse(address to, uint256 amount) public {
        require(msg.sender == trustee);
        to.transfer(amount);
    }
}
