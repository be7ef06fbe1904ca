"""The injected classes SmartBugs has and the first mutation set lacked: arithmetic before 0.8, bad
randomness, timestamp dependence, denial of service (a failing call or an unbounded loop over a list
anyone grows) and transaction-order dependence. Each takes fresh names, a form (0-2) and `old` (the file
compiles before 0.8: `msg.sender` is payable and `address(uint160(a))` makes an address payable), and
returns code that compiles from 0.5 on. Used by scan_mutation.py.
"""

from __future__ import annotations

__all__ = ["MORE"]


def _pay(to: str, amount: str, old: bool) -> str:
    if to == "msg.sender":
        return f"{'msg.sender' if old else 'payable(msg.sender)'}.transfer({amount});"
    return f"{f'address(uint160({to}))' if old else f'payable({to})'}.transfer({amount});"


def _arith_old(n: dict[str, str], form: int, old: bool) -> str:
    """Caller input reaches unchecked + - * (before 0.8 every operation wraps silently)."""
    if form % 3 == 0:  # a transfer without a balance check: the sender's balance underflows
        return (
            f"    mapping(address => uint256) private {n['bal']};\n"
            f"    function {n['fn']}(address {n['who']}, uint256 {n['arg']}) external {{\n"
            f"        {n['bal']}[msg.sender] -= {n['arg']};\n"
            f"        {n['bal']}[{n['who']}] += {n['arg']};\n"
            f"    }}\n"
        )
    if form % 3 == 1:  # a lock time any holder can push past 2**256 back to zero
        return (
            f"    mapping(address => uint256) private {n['tot']};\n"
            f"    function {n['fn']}(uint256 {n['arg']}) external {{\n"
            f"        {n['tot']}[msg.sender] += {n['arg']};\n"
            f"    }}\n"
        )
    return (  # a price multiplication that wraps: buy many for little
        f"    mapping(address => uint256) private {n['bal']};\n"
        f"    uint256 private {n['tot']} = 1 ether;\n"
        f"    function {n['fn']}(uint256 {n['arg']}) external payable {{\n"
        f"        require(msg.value == {n['arg']} * {n['tot']});\n"
        f"        {n['bal']}[msg.sender] += {n['arg']};\n"
        f"    }}\n"
    )


def _randomness(n: dict[str, str], form: int, old: bool) -> str:
    if form % 3 == 0:  # coin flip on a hash of block data
        return (
            f"    function {n['fn']}() external payable {{\n"
            f"        require(msg.value == 1 ether);\n"
            f"        if (uint256(keccak256(abi.encodePacked(block.timestamp, msg.sender))) % 2 == 0) {{\n"
            f"            {_pay('msg.sender', '2 ether', old)}\n"
            f"        }}\n"
            f"    }}\n"
        )
    if form % 3 == 1:  # lottery winner drawn from the previous block hash
        return (
            f"    address[] private {n['who']};\n"
            f"    function {n['dep']}() external payable {{\n"
            f"        require(msg.value == 1 ether);\n        {n['who']}.push(msg.sender);\n    }}\n"
            f"    function {n['fn']}() external {{\n"
            f"        uint256 {n['amt']} = uint256(blockhash(block.number - 1)) % {n['who']}.length;\n"
            f"        {_pay(n['who'] + '[' + n['amt'] + ']', 'address(this).balance', old)}\n"
            f"    }}\n"
        )
    return (  # guess-the-number from block data
        f"    function {n['fn']}(uint8 {n['arg']}) external payable {{\n"
        f"        require(msg.value == 1 ether);\n"
        f"        uint8 {n['amt']} = uint8(uint256(keccak256(abi.encodePacked(blockhash(block.number - 1),"
        f" block.timestamp))) % 10);\n"
        f"        if ({n['arg']} == {n['amt']}) {{ {_pay('msg.sender', '2 ether', old)} }}\n"
        f"    }}\n"
    )


def _timestamp(n: dict[str, str], form: int, old: bool) -> str:
    if form % 3 == 0:  # roulette on the block time
        return (
            f"    function {n['fn']}() external payable {{\n"
            f"        require(msg.value == 1 ether);\n"
            f"        if (block.timestamp % 15 == 0) {{ {_pay('msg.sender', 'address(this).balance', old)} }}\n"
            f"    }}\n"
        )
    if form % 3 == 1:  # the payout's size read from the block time
        return (
            f"    function {n['fn']}() external payable {{\n"
            f"        require(msg.value == 1 ether);\n"
            f"        uint256 {n['amt']} = (block.timestamp % 3) * 1 ether;\n"
            f"        {_pay('msg.sender', n['amt'], old)}\n"
            f"    }}\n"
        )
    return (  # the first caller the miner lets past a time wins the pot
        f"    uint256 private {n['tot']};\n"
        f"    address private {n['who']};\n"
        f"    function {n['fn']}() external {{\n"
        f"        if (block.timestamp >= {n['tot']} && {n['who']} == address(0)) {{\n"
        f"            {n['who']} = msg.sender;\n"
        f"            {_pay('msg.sender', 'address(this).balance', old)}\n"
        f"        }}\n"
        f"    }}\n"
    )


def _dos(n: dict[str, str], form: int, old: bool) -> str:
    join = f"    function {n['dep']}() external {{ {n['who']}.push(msg.sender); }}\n"
    head = f"    address[] private {n['who']};\n{join}    function {n['fn']}() external {{\n"
    loop = f"        for (uint256 {n['amt']} = 0; {n['amt']} < {n['who']}.length; {n['amt']}++) {{\n"
    item = f"{n['who']}[{n['amt']}]"
    if form % 3 == 0:  # one reverting payee blocks every payout
        body = f"            {_pay(item, '1', old)}\n"
    elif form % 3 == 1:  # the same with send + require
        target = f"address(uint160({item}))" if old else f"payable({item})"
        body = f"            require({target}.send(1));\n"
    else:  # a loop over a list anyone grows: past the block gas limit it can never finish
        return (
            f"    mapping(address => uint256) private {n['bal']};\n{head}{loop}"
            f"            {n['bal']}[{item}] += 1;\n        }}\n    }}\n"
        )
    return f"{head}{loop}{body}        }}\n    }}\n"


def _tod(n: dict[str, str], form: int, old: bool) -> str:
    if form % 3 == 0:  # a public answer in the mempool: copy it with more gas
        return (
            f"    bytes32 private {n['tot']} = keccak256(abi.encodePacked(uint256(42)));\n"
            f"    function {n['fn']}(uint256 {n['arg']}) external {{\n"
            f"        require(keccak256(abi.encodePacked({n['arg']})) == {n['tot']});\n"
            f"        {_pay('msg.sender', 'address(this).balance', old)}\n"
            f"    }}\n"
        )
    if form % 3 == 1:  # the seller changes the price under a pending purchase
        return (
            f"    uint256 private {n['tot']} = 1 ether;\n"
            f"    address private {n['who']};\n"
            f"    mapping(address => uint256) private {n['bal']};\n"
            f"    function {n['set']}(uint256 {n['arg']}) external {{ require(msg.sender == {n['who']});"
            f" {n['tot']} = {n['arg']}; }}\n"
            f"    function {n['fn']}() external payable {{\n"
            f"        {n['bal']}[msg.sender] += msg.value / {n['tot']};\n"
            f"    }}\n"
        )
    return (  # the owner changes the reward under a pending claim (SWC-114)
        f"    uint256 private {n['tot']};\n"
        f"    address private {n['who']};\n"
        f"    function {n['set']}() external payable {{\n"
        f"        require(msg.sender == {n['who']});\n"
        f"        {_pay(n['who'], n['tot'], old)}\n"
        f"        {n['tot']} = msg.value;\n"
        f"    }}\n"
        f"    function {n['fn']}(uint256 {n['arg']}) external {{\n"
        f"        require({n['arg']} < 10);\n"
        f"        {_pay('msg.sender', n['tot'], old)}\n"
        f"    }}\n"
    )


# bug -> (SmartBugs category, template, applies to a file whose lowest compiler version is v)
MORE = {
    "arithmetic-pre08": ("arithmetic", _arith_old, lambda v: (0, 5, 0) <= v < (0, 8, 0)),
    "bad-randomness": ("bad_randomness", _randomness, lambda v: v >= (0, 5, 0)),
    "timestamp": ("time_manipulation", _timestamp, lambda v: v >= (0, 5, 0)),
    "dos-loop": ("denial_of_service", _dos, lambda v: v >= (0, 5, 0)),
    "tod": ("front_running", _tod, lambda v: v >= (0, 5, 0)),
}
