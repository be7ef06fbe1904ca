"""Assembly-flavoured and Vyper 0.3 extras (unchecked assembly call, assembly delegatecall, 0.3 re-entrancy) for the second blind set."""
# ruff: noqa: E501  (Solidity/Vyper source held as data)

CASES = [
    dict(
        name="b2_uc_asm_refund.sol",
        cls="unchecked low-level call",
        det=["unchecked-call"],
        ver="0.8.20",
        fn="_refundExcess",
        shape="solady-style assembly ETH refund: pop(call(...)) throws the success flag away",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract BatchMinter {
    uint256 public constant PRICE = 0.02 ether;
    uint256 public minted;
    mapping(address => uint256) public mintedBy;

    event Minted(address indexed to, uint256 qty);

    function mint(uint256 qty) external payable {
        uint256 cost = PRICE * qty;
        require(msg.value >= cost, "underpaid");
        minted += qty;
        mintedBy[msg.sender] += qty;
        emit Minted(msg.sender, qty);
        _refundExcess(msg.sender, msg.value - cost);
    }

    function _refundExcess(address to, uint256 amount) internal {
        if (amount == 0) return;
        assembly {
            pop(call(gas(), to, amount, 0, 0, 0, 0))  //@
        }
    }
}
""",
        fix=[
            (
                "            pop(call(gas(), to, amount, 0, 0, 0, 0))  //@",
                "            if iszero(call(gas(), to, amount, 0, 0, 0, 0)) {\n                revert(0, 0)\n            }",
            )
        ],
    ),
    dict(
        name="b2_dc_asm_router.sol",
        cls="delegatecall to a user target",
        det=["unprotected-delegatecall"],
        ver="0.8.20",
        fn="route",
        shape="assembly router: the implementation address is read from calldata and delegatecalled",
        src="""
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract SwapRouter {
    address public immutable admin;
    mapping(address => bool) public adapters;

    constructor() {
        admin = msg.sender;
    }

    function setAdapter(address adapter, bool on) external {
        require(msg.sender == admin, "admin");
        adapters[adapter] = on;
    }

    /// route(adapter, payload): runs the adapter's swap code in the router's context
    function route(address adapter, bytes calldata payload) external payable {
        assembly {
            calldatacopy(0, payload.offset, payload.length)
            let ok := delegatecall(gas(), adapter, 0, payload.length, 0, 0)  //@
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
""",
        fix=[
            (
                "    function route(address adapter, bytes calldata payload) external payable {\n",
                '    function route(address adapter, bytes calldata payload) external payable {\n        require(adapters[adapter], "unknown adapter");\n',
            ),
            (
                "            let ok := delegatecall(gas(), adapter, 0, payload.length, 0, 0)  //@",
                "            let ok := delegatecall(gas(), adapter, 0, payload.length, 0, 0)",
            ),
        ],
    ),
    dict(
        name="b2_re_vyper3_bank.vy",
        cls="re-entrancy (call)",
        det=["reentrancy"],
        ver="0.3.10",
        fn="withdraw",
        shape="Vyper 0.3 bank: raw_call with value before the balance is debited (no @nonreentrant)",
        src="""
# @version ^0.3.7

event Withdrawal:
    who: indexed(address)
    amount: uint256

balances: public(HashMap[address, uint256])
total: public(uint256)


@external
@payable
def deposit():
    self.balances[msg.sender] += msg.value
    self.total += msg.value


@external
def withdraw(amount: uint256):
    assert self.balances[msg.sender] >= amount, "balance"
    raw_call(msg.sender, b"", value=amount)  #@
    self.balances[msg.sender] -= amount  #@
    self.total -= amount
    log Withdrawal(msg.sender, amount)
""",
        fix=[
            (
                '    raw_call(msg.sender, b"", value=amount)  #@\n    self.balances[msg.sender] -= amount  #@\n    self.total -= amount\n',
                '    self.balances[msg.sender] -= amount\n    self.total -= amount\n    raw_call(msg.sender, b"", value=amount)\n',
            )
        ],
    ),
]
