"""Set-7 subtraction without a balance check: pre-0.8 and inside 0.8 `unchecked` blocks."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b7_savings_circle_withdraw.sol",
        cls="integer underflow",
        det=["integer-overflow"],
        ver="0.7.6",
        fn="withdraw",
        shape="0.7 rotating savings circle: withdraw(amount) subtracts from the member's awarded balance with no check before paying it out",
        src=r"""
pragma solidity ^0.7.6;

contract SavingsCircle {
    address public coordinator;
    uint256 public contribution;
    uint256 public round;
    address[] public members;
    mapping(address => bool) public isMember;
    mapping(address => uint256) public balance;
    mapping(uint256 => mapping(address => bool)) public paidIn;
    mapping(uint256 => uint256) public paidCount;

    event Contributed(address indexed member, uint256 round);
    event PotAwarded(address indexed member, uint256 round, uint256 amount);
    event Withdrawn(address indexed member, uint256 amount);

    constructor(uint256 _contribution) {
        coordinator = msg.sender;
        contribution = _contribution;
    }

    function join() external {
        require(round == 0 && !isMember[msg.sender], "member");
        require(members.length < 12, "full");
        isMember[msg.sender] = true;
        members.push(msg.sender);
    }

    function contribute() external payable {
        require(isMember[msg.sender], "member");
        require(msg.value == contribution, "amount");
        require(!paidIn[round][msg.sender], "paid");
        paidIn[round][msg.sender] = true;
        paidCount[round] += 1;
        emit Contributed(msg.sender, round);
    }

    function award() external {
        require(msg.sender == coordinator, "coord");
        require(members.length > 0 && paidCount[round] == members.length, "unpaid");
        address winner = members[round % members.length];
        uint256 pot = contribution * members.length;
        balance[winner] += pot;
        emit PotAwarded(winner, round, pot);
        round += 1;
    }

    function withdraw(uint256 amount) external {
        balance[msg.sender] -= amount;  //@
        msg.sender.transfer(amount);
        emit Withdrawn(msg.sender, amount);
    }
}
""",
        fix=[
            (
                "        balance[msg.sender] -= amount;  //@\n",
                '        require(balance[msg.sender] >= amount, "balance");\n        balance[msg.sender] -= amount;  //@\n',
            )
        ],
    ),
    dict(
        name="b7_relayer_gas_tank.sol",
        cls="integer underflow in unchecked",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="drain",
        shape="0.8 meta-transaction gas tank: drain(amount) debits the caller's tank inside unchecked { } with no balance check, then pays the amount out",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

error NotRelayer();
error TransferFailed();

contract RelayerGasTank {
    address public immutable relayer;
    uint256 public feeBps = 200;
    mapping(address => uint256) public tankOf;
    uint256 public totalTanked;

    event Filled(address indexed account, uint256 amount);
    event Charged(address indexed account, uint256 gasCost, uint256 fee);
    event Drained(address indexed account, uint256 amount);

    constructor(address _relayer) {
        relayer = _relayer;
    }

    function fill(address account) external payable {
        tankOf[account] += msg.value;
        totalTanked += msg.value;
        emit Filled(account, msg.value);
    }

    function charge(address account, uint256 gasCost) external {
        if (msg.sender != relayer) revert NotRelayer();
        uint256 fee = (gasCost * feeBps) / 10_000;
        uint256 total = gasCost + fee;
        require(tankOf[account] >= total, "empty");
        tankOf[account] -= total;
        totalTanked -= total;
        (bool ok, ) = relayer.call{value: total}("");
        if (!ok) revert TransferFailed();
        emit Charged(account, gasCost, fee);
    }

    function drain(uint256 amount) external {
        unchecked {
            tankOf[msg.sender] -= amount;  //@
            totalTanked -= amount;
        }
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert TransferFailed();
        emit Drained(msg.sender, amount);
    }
}
""",
        fix=[
            (
                "    function drain(uint256 amount) external {\n        unchecked {\n",
                '    function drain(uint256 amount) external {\n        require(tankOf[msg.sender] >= amount, "balance");\n        unchecked {\n',
            )
        ],
    ),
    dict(
        name="b7_delegation_pool_unchecked.sol",
        cls="integer underflow in unchecked",
        det=["integer-overflow"],
        ver="0.8.26",
        fn="undelegate",
        shape="0.8 governance delegation pool holding escrowed tokens: undelegate(to, amount) subtracts the delegation inside unchecked { } unchecked against what was delegated, then returns the tokens",
        src=r"""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IGovToken {
    function transferFrom(address f, address t, uint256 v) external returns (bool);
    function transfer(address t, uint256 v) external returns (bool);
}

contract DelegationPool {
    IGovToken public immutable token;
    mapping(address => mapping(address => uint256)) public delegatedTo;
    mapping(address => uint256) public votesOf;
    uint256 public totalDelegated;

    event Delegated(address indexed from, address indexed to, uint256 amount);
    event Undelegated(address indexed from, address indexed to, uint256 amount);

    constructor(IGovToken t) {
        token = t;
    }

    function delegate(address to, uint256 amount) external {
        require(to != address(0) && amount > 0, "args");
        require(token.transferFrom(msg.sender, address(this), amount), "pull");
        delegatedTo[msg.sender][to] += amount;
        votesOf[to] += amount;
        totalDelegated += amount;
        emit Delegated(msg.sender, to, amount);
    }

    function undelegate(address to, uint256 amount) external {
        unchecked {
            delegatedTo[msg.sender][to] -= amount;  //@
            votesOf[to] -= amount;
            totalDelegated -= amount;
        }
        require(token.transfer(msg.sender, amount), "push");
        emit Undelegated(msg.sender, to, amount);
    }

    function shareOfVotes(address who) external view returns (uint256) {
        if (totalDelegated == 0) return 0;
        return (votesOf[who] * 1e18) / totalDelegated;
    }
}
""",
        fix=[
            (
                "    function undelegate(address to, uint256 amount) external {\n        unchecked {\n",
                '    function undelegate(address to, uint256 amount) external {\n        require(delegatedTo[msg.sender][to] >= amount, "delegated");\n        unchecked {\n',
            )
        ],
    ),
]
