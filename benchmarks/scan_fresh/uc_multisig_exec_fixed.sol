// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract TwoOfThree {
    address[3] public signers;
    struct Proposal {
        address to;
        uint256 value;
        bytes data;
        uint8 approvals;
        bool executed;
    }
    Proposal[] public proposals;
    mapping(uint256 => mapping(address => bool)) public approved;

    constructor(address[3] memory _signers) {
        signers = _signers;
    }

    receive() external payable {}

    function isSigner(address a) public view returns (bool) {
        return a == signers[0] || a == signers[1] || a == signers[2];
    }

    function propose(address to, uint256 value, bytes calldata data) external returns (uint256) {
        require(isSigner(msg.sender), "signer");
        proposals.push(Proposal(to, value, data, 0, false));
        return proposals.length - 1;
    }

    function approve(uint256 id) external {
        require(isSigner(msg.sender), "signer");
        require(!approved[id][msg.sender], "twice");
        approved[id][msg.sender] = true;
        proposals[id].approvals += 1;
    }

    function execute(uint256 id) external {
        Proposal storage p = proposals[id];
        require(p.approvals >= 2, "approvals");
        require(!p.executed, "executed");
        p.executed = true;
        (bool ok, ) = p.to.call{value: p.value}(p.data);
        require(ok, "call failed");
    }
}
