pragma solidity ^0.4.24;

contract Broken {
    function f() public {
        uint x = ;
    }
}
