"""Set-5 arbitrary storage writes and uninitialised storage pointers."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b5_slot_registry_asm.sol",
        cls="arbitrary storage write",
        det=["arbitrary-storage-write"],
        ver="0.8.26",
        fn="setConfig",
        shape="0.8 config registry: sstore at a slot computed from a caller-supplied key without a namespace",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

contract Pausable {
    address public pauser;
    bool public paused;

    event Paused(address by);
    event Unpaused(address by);

    constructor() {
        pauser = msg.sender;
    }

    modifier whenNotPaused() {
        require(!paused, "paused");
        _;
    }

    function pause() external {
        require(msg.sender == pauser, "pauser");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external {
        require(msg.sender == pauser, "pauser");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

contract ConfigRegistry is Pausable {
    address public owner;
    mapping(bytes32 => bool) public writable;

    event ConfigSet(bytes32 key, bytes32 value);

    constructor() { owner = msg.sender; }

    function allowKey(bytes32 key) external {
        require(msg.sender == owner, "owner");
        writable[key] = true;
    }

    function getConfig(bytes32 key) external view returns (bytes32 v) {
        assembly { v := sload(key) }
    }

    function setConfig(bytes32 key, bytes32 value) external whenNotPaused {
        assembly {
            sstore(key, value)  //@
        }
        emit ConfigSet(key, value);
    }
}
""",
        fix=[
            (
                "        assembly { v := sload(key) }\n",
                '        bytes32 slot = keccak256(abi.encode("config", key));\n        assembly { v := sload(slot) }\n',
            ),
            (
                "        assembly {\n            sstore(key, value)  //@\n        }\n",
                '        require(writable[key], "key");\n        bytes32 slot = keccak256(abi.encode("config", key));\n        assembly {\n            sstore(slot, value)\n        }\n',
            ),
        ],
    ),
    dict(
        name="b5_bonus_queue_length_old.sol",
        cls="arbitrary storage write",
        det=["arbitrary-storage-write", "integer-overflow"],
        ver="0.4.24",
        fn="popBonus",
        shape="0.4 bonus queue: length decremented without a check, then writes land at a caller index",
        src=r"""
pragma solidity ^0.4.24;

contract BonusQueue {
    address public owner;
    uint[] public bonuses;

    constructor() public { owner = msg.sender; }

    function pushBonus(uint amount) public {
        bonuses.push(amount);
    }

    function popBonus() public {
        bonuses.length--;  //@
    }

    function setBonus(uint index, uint amount) public {
        require(index < bonuses.length);
        bonuses[index] = amount;
    }
}
""",
        fix=[("        bonuses.length--;  //@\n", "        require(bonuses.length > 0);\n        bonuses.length--;\n")],
    ),
    dict(
        name="b5_member_signup_ptr_old.sol",
        cls="uninitialised storage",
        det=["uninitialised-storage"],
        ver="0.4.24",
        fn="signUp",
        shape="0.4 club: a struct local declared without `memory` points at slot 0 and overwrites the owner",
        src=r"""
pragma solidity ^0.4.24;

contract MembersClub {
    address public owner;
    uint public fee = 0.1 ether;

    struct Member { address addr; uint joined; }

    Member[] public members;

    constructor() public { owner = msg.sender; }

    function signUp() public payable {
        require(msg.value == fee);
        Member m;  //@
        m.addr = msg.sender;
        m.joined = now;
        members.push(m);
    }

    function collect() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
""",
        fix=[("        Member m;  //@\n", "        Member memory m;\n")],
    ),
    dict(
        name="b5_lottery_ticket_ptr_old.sol",
        cls="uninitialised storage",
        det=["uninitialised-storage"],
        ver="0.4.24",
        fn="buyTicket",
        shape="0.4 lottery: an uninitialised storage struct local overwrites the pot and round counters",
        src=r"""
pragma solidity ^0.4.24;

contract NumberLottery {
    uint public pot;
    uint public round;
    address public operator;

    struct Ticket { uint number; address player; }

    mapping(uint => Ticket[]) public ticketsOf;

    constructor() public { operator = msg.sender; }

    function buyTicket(uint number) public payable {
        require(msg.value == 0.05 ether && number < 1000);
        Ticket t;  //@
        t.number = number;
        t.player = msg.sender;
        ticketsOf[round].push(t);
        pot += msg.value;
    }

    function payout(address winner) public {
        require(msg.sender == operator);
        uint amount = pot;
        pot = 0;
        round++;
        winner.transfer(amount);
    }
}
""",
        fix=[("        Ticket t;  //@\n", "        Ticket memory t;\n")],
    ),
]
