"""Named-argument calls (`S({a: x, b: y})`, `f({to: t, amount: a})`): every value is part of the IR.

The parser used to keep only the first `name: value` pair's value, so a block value, a tainted amount or an
external call written as the second named argument was invisible to every detector. The values now sit, in
written order, under one `named` node: read by taint and use analyses, never bound to parameters by position
(the written order need not be the declared one).
"""

from __future__ import annotations

from nexus.scan import scan_source
from nexus.scan._solidity import parse_solidity


def _detectors(src: str) -> set[tuple[str, int]]:
    return {(f.detector, f.line) for f in scan_source(src, "c.sol") if f.severity in ("high", "medium")}


def test_every_named_value_is_in_the_ir() -> None:
    src = """pragma solidity ^0.8.0;
contract C {
    struct S { uint a; bytes32 h; uint c; }
    function f(uint x) external view returns (S memory) {
        return S({a: x, h: blockhash(block.number - 1), c: g({y: x, z: 7})});
    }
    function g(uint y, uint z) internal pure returns (uint) { return y + z; }
}
"""
    unit = parse_solidity("c.sol", src)
    ret = next(s for s in unit.contracts[0].functions[0].statements() if s.kind == "return")
    ctor = ret.exprs[0]
    assert ctor.kind == "call" and ctor.callee.name == "S"
    (named,) = ctor.arguments
    assert named.kind == "other" and named.name == "named"
    assert [a.text or a.name for a in named.args][:2] == ["x", "blockhash(block.number - 1)"]
    inner = named.args[2]
    assert inner.kind == "call" and inner.callee.name == "g"
    assert [a.text or a.name for a in inner.arguments[0].args] == ["x", "7"]


LOTTERY = """pragma solidity ^0.8.0;
contract Lottery {
    struct Draw { uint round; uint seed; }
    address[] public players;
    function pick() external {
        Draw memory d = Draw({round: players.length, seed: SEED});
        address winner = players[d.seed % players.length];
        payable(winner).transfer(address(this).balance);
    }
}
"""


def test_a_block_value_passed_as_a_later_named_argument_is_a_draw() -> None:
    vulnerable = LOTTERY.replace("SEED", "uint(blockhash(block.number - 1))")
    fixed = LOTTERY.replace("SEED", "7")
    assert any(d == "bad-randomness" for d, _ in _detectors(vulnerable))
    assert not any(d == "bad-randomness" for d, _ in _detectors(fixed))


REQUESTS = """pragma solidity ^0.8.0;
contract Requests {
    struct R { bytes32 id; uint256 t; }
    mapping(bytes32 => bytes32) public commits;
    address[] public players;
    function open(uint256 n) external returns (R memory r) {
        bytes32 id = keccak256(abi.encode(msg.sender, n, block.timestamp));
        r = CTOR;
        commits[id] = keccak256(abi.encode(r));
        DRAW
    }
}
"""


def test_an_identifier_handed_on_as_a_named_field_is_no_draw_as_positionally() -> None:
    for ctor in ("R({id: id, t: block.timestamp})", "R({t: block.timestamp, id: id})", "R(id, block.timestamp)"):
        quiet = REQUESTS.replace("CTOR", ctor).replace("DRAW", "")
        assert not any(d == "bad-randomness" for d, _ in _detectors(quiet)), ctor
        drawn = REQUESTS.replace("CTOR", ctor).replace(
            "DRAW", "payable(players[uint256(id) % players.length]).transfer(address(this).balance);"
        )
        assert any(d == "bad-randomness" for d, _ in _detectors(drawn)), ctor


def test_the_length_push_returns_carries_no_timestamp_from_the_pushed_value() -> None:
    src = """pragma solidity ^0.4.24;
contract Zoo {
    struct Pet { uint64 born; uint32 kind; }
    Pet[] pets;
    function make(uint32 k) public returns (uint256) {
        Pet memory p = Pet({kind: k, born: uint64(now)});
        uint256 id = pets.push(p) - 1;
        require(id == uint256(uint32(id)));
        USE
        return id;
    }
}
"""
    quiet = {f.line for f in scan_source(src.replace("USE", ""), "z.sol") if f.detector == "timestamp-dependence"}
    assert 8 not in quiet
    used = src.replace("USE", "require(p.born % 2 == 0);")
    assert 9 in {f.line for f in scan_source(used, "z.sol") if f.detector == "timestamp-dependence"}
