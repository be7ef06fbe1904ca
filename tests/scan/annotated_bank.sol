/*
 * A small bank with the kind of annotations SmartBugs uses; written for the scanner's tests.
 * @vulnerable_at_lines: 19,25
 */
pragma solidity ^0.4.24;

contract AnnotatedBank {
    mapping(address => uint) public balances; // who holds what
    address owner;

    constructor() public { owner = msg.sender; }

    function deposit(uint bonus) public payable {
        balances[msg.sender] += msg.value * bonus; /* <yes> <report> ARITHMETIC */
    }

    function withdraw(uint amount) public {
        require(balances[msg.sender] >= amount);
        // <yes> <report> REENTRANCY
        require(msg.sender.call.value(amount)());
        balances[msg.sender] -= amount;
    }

    function pay(address to) public {
        // <yes> <report> UNCHECKED_LL_CALLS
        to.send(1 wei); // the url "http://example.com" must not confuse the stripper
    }

    function note() public pure returns (string) {
        return "// not a comment /* nor this */";
    }
}
