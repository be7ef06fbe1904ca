pragma solidity ^0.4.24;

contract PromoCodes {
    address public owner;
    uint256[] public codes;

    constructor() public {
        owner = msg.sender;
    }

    function pushCode(uint256 c) public {
        codes.push(c);
    }

    function popCode() public {
        require(codes.length >= 0);
        codes.length--;
    }

    function setCode(uint256 idx, uint256 c) public {
        require(idx < codes.length);
        codes[idx] = c;
    }

    function withdraw() public {
        require(msg.sender == owner);
        msg.sender.transfer(address(this).balance);
    }
}
