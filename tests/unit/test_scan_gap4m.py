"""Round 19b recall gaps (gap4m): an unchecked pre-0.6 array pop that wraps the length, an inline-assembly
`sstore` at a slot the caller passes, a Vyper `raw_call(.., is_delegate_call=True)` to a caller's address,
a signed transfer without a nonce whose helper debits a balance (no used-mark), and an ecrecover compared
with a caller-keyed mapping entry (zero for every unset key)."""

from __future__ import annotations

import pytest

from nexus.scan import scan_source


def _hits(src: str, name: str, detector: str) -> list[tuple[int, str, str]]:
    return [(f.line, f.severity, f.confidence) for f in scan_source(src, name) if f.detector == detector]


def _default(src: str, name: str, detector: str) -> list[tuple[int, str, str]]:
    return [h for h in _hits(src, name, detector) if h[2] in ("medium", "high")]


PLAYLIST = """pragma solidity ^{ver};
contract Playlist {{
    uint256[] public tracks;
    address public curator;
    function add(uint256 t) public {{ tracks.push(t); }}
    function dropLast() public {{
        {check}
        {shrink};
    }}
    function retitle(uint256 i, uint256 t) public {{
        require(i < tracks.length);
        tracks[i] = t;
    }}
}}
"""
SHRINKS = ["tracks.length--", "tracks.length -= 1", "tracks.length = tracks.length - 1"]


@pytest.mark.parametrize("ver", ["0.4.24", "0.5.12"])
@pytest.mark.parametrize("shrink", SHRINKS)
def test_array_pop_without_an_emptiness_check_wraps_the_length(ver: str, shrink: str) -> None:
    src = PLAYLIST.format(ver=ver, check="", shrink=shrink)
    assert _hits(src, "Playlist.sol", "arbitrary-storage-write") == [(8, "high", "medium")]
    for fix in ("require(tracks.length != 0);", "if (tracks.length == 0) return;", "tracks[tracks.length - 1] = 0;"):
        assert _hits(PLAYLIST.format(ver=ver, check=fix, shrink=shrink), "P.sol", "arbitrary-storage-write") == []
    # no public indexed write at a caller's index: the wrapped length opens nothing
    closed = src.replace("tracks[i] = t;", "tracks.push(t);")
    assert _hits(closed, "Playlist.sol", "arbitrary-storage-write") == []


FLAGS = """pragma solidity ^{ver};
contract FeatureFlags {{
    address public admin;
    mapping(address => bool) public managers;
    constructor() public {{ admin = msg.sender; }}
    function setManager(address m, bool on) external {{
        require(msg.sender == admin);
        managers[m] = on;
    }}
    function transferAdmin(address a) external {{
        require(msg.sender == admin);
        admin = a;
    }}
    function setFlag(uint256 flag, uint256 value) external {{
        require({guard});
        {where}
        assembly {{
            sstore(where, value)
        }}
    }}
}}
"""
RAW = "uint256 where = flag;"
HASHED = 'bytes32 where = keccak256(abi.encodePacked("flags", flag));'


@pytest.mark.parametrize("ver", ["0.5.17", "0.8.19"])
def test_assembly_sstore_at_a_slot_the_caller_passes(ver: str) -> None:
    def src(guard: str, where: str) -> str:
        out = FLAGS.format(ver=ver, guard=guard, where=where)
        return out.replace(" public {", " {") if ver.startswith("0.8") else out

    # a role the admin appoints: every manager can overwrite `admin`'s slot
    assert _default(src("managers[msg.sender]", RAW), "F.sol", "arbitrary-storage-write") == [(18, "high", "medium")]
    # nobody checked: anyone writes any slot
    assert _default(src("flag != 0", RAW), "F.sol", "arbitrary-storage-write") == [(18, "high", "high")]
    # the fixed twins: the key is hashed under a namespace; the admin itself (who appoints itself)
    assert _hits(src("managers[msg.sender]", HASHED), "F.sol", "arbitrary-storage-write") == []
    assert _hits(src("msg.sender == admin", RAW), "F.sol", "arbitrary-storage-write") == []


PLUGINS = """{pragma}

admin: public(address)
approved: public(HashMap[address, bool])
credits: public(HashMap[address, uint256])

@{ctor}
def __init__():
    self.admin = msg.sender

@external
def approve_plugin(p: address):
    assert msg.sender == self.admin
    self.approved[p] = True

@external
def execute(plugin: address, payload: Bytes[256]):
{check}    raw_call(plugin, payload, is_delegate_call=True)
"""
VYPER = {"0.3": ("# @version ^0.3.10", "external"), "0.4": ("#pragma version ^0.4.0", "deploy")}


@pytest.mark.parametrize("ver", sorted(VYPER))
def test_vyper_delegate_raw_call_to_a_caller_address(ver: str) -> None:
    pragma, ctor = VYPER[ver]

    def src(check: str) -> str:
        return PLUGINS.format(pragma=pragma, ctor=ctor, check=check)

    assert _default(src(""), "Plugins.vy", "unprotected-delegatecall") == [(18, "high", "high")]
    assert _hits(src("    assert msg.sender == self.admin\n"), "Plugins.vy", "unprotected-delegatecall") == []
    assert _hits(src("    assert self.approved[plugin]\n"), "Plugins.vy", "unprotected-delegatecall") == []


MEALS = """pragma solidity ^{ver};
contract MealVouchers {{
    mapping(address => uint256) public credit;
    {nonces}
    function _spend(address from, address to, uint256 amount) internal {{
        require(credit[from] >= amount);
        credit[from] -= amount;
        credit[to] += amount;
    }}
    function spendSigned(address from, address canteen, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {{
        bytes32 digest = keccak256(abi.encodePacked({chain}address(this), from, canteen, amount{nonce}));
        address who = ecrecover(digest, v, r, s);
        require(who != address(0) && who == from);
        _spend(from, canteen, amount);
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.5.17", "0.8.21"])
def test_signed_spend_whose_helper_debits_a_balance_has_no_used_mark(ver: str) -> None:
    chain = "block.chainid, " if ver.startswith("0.8") else ""
    src = MEALS.format(ver=ver, nonces="", chain=chain, nonce="")
    assert _default(src, "M.sol", "signature-replay") == [(12, "high", "medium")]
    fixed = MEALS.format(
        ver=ver, nonces="mapping(address => uint256) public nonces;", chain=chain, nonce=", nonces[from]++"
    )
    assert _default(fixed, "M.sol", "signature-replay") == []
    # a real used-mark in the helper (check the entry, then set it) still keeps the replay out
    marked = src.replace("require(credit[from] >= amount);", "require(credit[from] >= amount && !spent[from]);")
    marked = marked.replace("credit[to] += amount;", "credit[to] += amount;\n        spent[from] = true;")
    marked = marked.replace("public credit;", "public credit;\n    mapping(address => bool) public spent;")
    assert _default(marked, "M.sol", "signature-replay") == []


DELEGATES = """pragma solidity ^{ver};
contract RelayedClaims {{
    mapping(address => address) public delegateKey;
    address public auditor = msg.sender;
    mapping(address => uint256) public claimed;
    function setDelegateKey(address k) external {{ delegateKey[msg.sender] = k; }}
    function setAuditor(address a) external {{ require(msg.sender == auditor); auditor = a; }}
    function claimFor(address account, uint256 amount, uint8 v, bytes32 r, bytes32 s) external {{
        bytes32 h = keccak256(abi.encodePacked(address(this), account, amount, claimed[account]));
        require({check});
        claimed[account] += amount;
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.5.17", "0.8.21"])
def test_ecrecover_compared_with_a_caller_keyed_entry_is_zero_for_unset_keys(ver: str) -> None:
    def src(check: str) -> str:
        return DELEGATES.format(ver=ver, check=check)

    assert _default(src("ecrecover(h, v, r, s) == delegateKey[account]"), "R.sol", "ecrecover-zero") == [
        (10, "medium", "medium")
    ]
    zero_checked = "delegateKey[account] != address(0) && ecrecover(h, v, r, s) == delegateKey[account]"
    assert _hits(src(zero_checked), "R.sol", "ecrecover-zero") == []
    # a configured signer (one state variable) is zero only by mistake: still a note
    assert _hits(src("ecrecover(h, v, r, s) == auditor"), "R.sol", "ecrecover-zero") == [(10, "medium", "low")]


BRIDGE = """pragma solidity ^{ver};
contract Bridge {{
    address public guardian;
    mapping(bytes32 => bool) public done;
    function deliver(address to, bytes calldata data, uint8 v, bytes32 r, bytes32 s) external {{
        bytes32 digest = keccak256(abi.encode(address(this), to, data));
        bytes32 key = {key};
        require(!done[key]);
        done[key] = true;
        address who = ecrecover(digest, v, r, s);
        require(who != address(0) && who == guardian);
        (bool ok, ) = to.call(data);
        require(ok);
    }}
}}
"""


@pytest.mark.parametrize("ver", ["0.5.17", "0.8.21"])
def test_a_bytes_message_beside_plain_v_r_s_is_no_signature_material(ver: str) -> None:
    # the mark is keyed by the digest over the message bytes: the malleated signature finds it set
    assert _hits(BRIDGE.format(ver=ver, key="digest"), "B.sol", "signature-malleability") == []
    # the vulnerable twin: the mark is keyed by the signature itself
    by_sig = BRIDGE.format(ver=ver, key="keccak256(abi.encodePacked(r, s, v))")
    assert _default(by_sig, "B.sol", "signature-malleability") == [(9, "high", "medium")]


TICKETS = """pragma solidity ^0.8.21;
contract ConcertTickets {{
    address public box;
    uint256 public sold;
    mapping(uint256 => bool) public issued;
    constructor(address b) {{ box = b; }}
    function ticketHash(uint256 seat, uint256 serial, address to) public view returns (bytes32 h) {{
        {chain}
        h = keccak256(abi.encode(cid, address(this), seat, serial, to));
    }}
    function issue(uint256 seat, uint256 serial, address to, uint8 v, bytes32 r, bytes32 s) external {{
        bytes32 id = ticketHash(seat, serial, to);
        address who = ecrecover(id, v, r, s);
        require(who != address(0) && who == box);
        {mark}
        sold += 1;
    }}
}}
"""
ASM_CHAIN = "uint256 cid;\n        assembly { cid := chainid() }"
BLOCK_CHAIN = "uint256 cid = block.chainid;"
MARK = "require(!issued[serial]);\n        issued[serial] = true;"


@pytest.mark.parametrize("chain", [ASM_CHAIN, BLOCK_CHAIN])
def test_chain_id_bound_by_a_hashing_helper_and_a_serial_used_only_in_the_digest(chain: str) -> None:
    line = 14 if "assembly" in chain else 13  # the ecrecover
    # the serial is marked used and the helper binds the chain: a replay finds nothing to do
    assert _default(TICKETS.format(chain=chain, mark=MARK), "T.sol", "signature-replay") == []
    # the vulnerable twin: the `serial` is the caller's pick and never consumed, the same signature issues again
    assert _default(TICKETS.format(chain=chain, mark=""), "T.sol", "signature-replay") == [(line, "high", "medium")]
    idle = TICKETS.format(chain=chain, mark="").replace("serial", "nonce")
    assert _default(idle, "T.sol", "signature-replay") == [(line, "high", "medium")]
    # a nonce parameter checked against stored state is a nonce
    used = TICKETS.format(chain=chain, mark="require(nonce == next[to]++);").replace("serial", "nonce")
    used = used.replace("public issued;", "public issued;\n    mapping(address => uint256) public next;")
    assert _default(used, "T.sol", "signature-replay") == []
