pragma solidity ^0.4.24;

contract Payroll {
    address public employer;
    mapping(address => uint256) public salary;
    mapping(address => uint256) public lastPaid;

    constructor() public {
        employer = msg.sender;
    }

    function () public payable {}

    function hire(address worker, uint256 monthly) public {
        require(msg.sender == employer);
        salary[worker] = monthly;
    }

    function payMonth(address worker) public {
        require(msg.sender == employer);
        require(now >= lastPaid[worker] + 30 days);
        lastPaid[worker] = now;
        worker.send(salary[worker]);
    }
}
