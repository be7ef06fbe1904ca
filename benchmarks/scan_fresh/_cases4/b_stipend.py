"""Set-4 send/transfer re-entrancy cases (state written after a 2300-gas send or transfer)."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b4_tip_jar.sol",
        cls="send/transfer re-entrancy",
        det=["reentrancy-stipend"],
        ver="0.5.17",
        fn="cashTips",
        shape="creator tip jar: transfer of accumulated tips before the counter is cleared",
        src=r"""
pragma solidity ^0.5.17;

contract TipJar {
    struct Creator {
        address payable wallet;
        uint256 tips;
        uint256 lifetime;
        string handle;
    }

    mapping(bytes32 => Creator) public creators;
    mapping(address => bytes32) public handleOf;
    uint256 public platformCut = 250; // basis points
    address payable public platform;
    uint256 public platformFees;

    event Tipped(bytes32 indexed id, address from, uint256 amount);

    constructor() public {
        platform = msg.sender;
    }

    function register(string calldata handle) external {
        bytes32 id = keccak256(bytes(handle));
        require(creators[id].wallet == address(0), "taken");
        creators[id] = Creator(msg.sender, 0, 0, handle);
        handleOf[msg.sender] = id;
    }

    function tip(bytes32 id) external payable {
        Creator storage c = creators[id];
        require(c.wallet != address(0), "unknown");
        uint256 cut = msg.value * platformCut / 10000;
        platformFees += cut;
        c.tips += msg.value - cut;
        c.lifetime += msg.value - cut;
        emit Tipped(id, msg.sender, msg.value);
    }

    function cashTips() external {
        Creator storage c = creators[handleOf[msg.sender]];
        require(c.wallet == msg.sender && c.tips > 0, "nothing");
        c.wallet.transfer(c.tips);  //@
        c.tips = 0;  //@
    }

    function cashFees() external {
        require(msg.sender == platform, "platform");
        uint256 fees = platformFees;
        platformFees = 0;
        platform.transfer(fees);
    }

    event HandleChanged(bytes32 indexed oldId, bytes32 indexed newId);

    function changeHandle(string calldata handle) external {
        bytes32 oldId = handleOf[msg.sender];
        require(creators[oldId].wallet == msg.sender, "creator");
        require(creators[oldId].tips == 0, "cash out first");
        bytes32 id = keccak256(bytes(handle));
        require(creators[id].wallet == address(0), "taken");
        creators[id] = Creator(msg.sender, 0, creators[oldId].lifetime, handle);
        delete creators[oldId];
        handleOf[msg.sender] = id;
        emit HandleChanged(oldId, id);
    }

    function setPlatformCut(uint256 bps) external {
        require(msg.sender == platform, "platform");
        require(bps <= 1000, "cut");
        platformCut = bps;
    }

    function tipsOf(string calldata handle) external view returns (uint256) {
        return creators[keccak256(bytes(handle))].tips;
    }
}
""",
        fix=[
            (
                "        c.wallet.transfer(c.tips);  //@\n        c.tips = 0;  //@\n",
                "        uint256 amount = c.tips;\n        c.tips = 0;\n        c.wallet.transfer(amount);\n",
            )
        ],
    ),
    dict(
        name="b4_doubler_queue_old.sol",
        cls="send/transfer re-entrancy",
        det=["reentrancy-stipend"],
        ver="0.4.24",
        fn="enter",
        shape="0.4 doubler: pays the queue head with send, then advances the head index",
        src=r"""
pragma solidity ^0.4.24;

contract Doubler {
    struct Entry { address addr; uint payout; }

    Entry[] public queue;
    uint public head;
    uint public balance;
    uint public fees;
    address public owner;

    function Doubler() public { owner = msg.sender; }

    function() public payable { enter(); }

    function enter() public payable {
        if (msg.value < 10 finney) { msg.sender.transfer(msg.value); return; }
        uint fee = msg.value / 20;
        fees += fee;
        balance += msg.value - fee;
        queue.push(Entry(msg.sender, msg.value * 2));
        while (head < queue.length && balance >= queue[head].payout) {
            uint amount = queue[head].payout;
            if (queue[head].addr.send(amount)) {  //@
                balance -= amount;  //@
            }
            head += 1;  //@
        }
    }

    function collectFees() public {
        require(msg.sender == owner);
        uint f = fees;
        fees = 0;
        owner.transfer(f);
    }

    function queueLength() public view returns (uint) { return queue.length - head; }
}
""",
        fix=[
            (
                "            uint amount = queue[head].payout;\n            if (queue[head].addr.send(amount)) {  //@\n                balance -= amount;  //@\n            }\n            head += 1;  //@\n",
                "            uint amount = queue[head].payout;\n            address payee = queue[head].addr;\n            head += 1;\n            balance -= amount;\n            if (!payee.send(amount)) {\n                balance += amount;\n            }\n",
            )
        ],
    ),
]
