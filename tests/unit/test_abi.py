"""Property tests for the ABI codec: calldata and outputs round-trip, revert reasons decode."""

from __future__ import annotations

from eth_abi import encode
from hypothesis import given
from hypothesis import strategies as st

from nexus.chain.abi import ABI, decode_revert, selector
from nexus.chain.types import Log

ITEMS = [
    {
        "type": "function",
        "name": "put",
        "stateMutability": "nonpayable",
        "inputs": [
            {"name": "k", "type": "bytes32"},
            {"name": "v", "type": "uint256"},
            {"name": "who", "type": "address"},
        ],
        "outputs": [{"name": "", "type": "uint256"}, {"name": "", "type": "string"}],
    },
    {
        "type": "event",
        "name": "Put",
        "anonymous": False,
        "inputs": [
            {"name": "k", "type": "bytes32", "indexed": True},
            {"name": "v", "type": "uint256", "indexed": False},
            {"name": "note", "type": "string", "indexed": False},
        ],
    },
]
abi = ABI(ITEMS)
addresses = st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex())


@given(st.binary(min_size=32, max_size=32), st.integers(0, 2**256 - 1), addresses)
def test_calldata_has_selector_and_args(k: bytes, v: int, who: str) -> None:
    data = abi.encode_call("put", [k, v, who])
    assert data[:4] == selector("put(bytes32,uint256,address)")
    assert data[4:] == encode(["bytes32", "uint256", "address"], [k, v, who])


@given(st.integers(0, 2**256 - 1), st.text())
def test_outputs_round_trip(v: int, s: str) -> None:
    assert abi.decode_output("put", encode(["uint256", "string"], [v, s])) == (v, s)


@given(st.text())
def test_error_string_reasons_decode(reason: str) -> None:
    assert decode_revert(selector("Error(string)") + encode(["string"], [reason])) == reason


@given(st.binary(max_size=64))
def test_arbitrary_revert_data_never_raises(data: bytes) -> None:
    out = decode_revert(data)
    assert out is None or isinstance(out, str)


def test_panic_code() -> None:
    assert decode_revert(selector("Panic(uint256)") + (0x11).to_bytes(32, "big")) == "panic 0x11"


@given(st.binary(min_size=32, max_size=32), st.integers(0, 2**256 - 1), st.text())
def test_event_log_decodes(k: bytes, v: int, note: str) -> None:
    log = Log(
        "0x" + "11" * 20,
        (abi.event_topic("Put"), k),
        encode(["uint256", "string"], [v, note]),
        1,
        "0x" + "22" * 32,
        0,
        0,
    )
    ev = abi.decode_log(log)
    assert ev is not None and ev.name == "Put"
    assert ev.args == {"k": "0x" + k.hex(), "v": v, "note": note}


def test_unknown_topic_is_not_decoded() -> None:
    log = Log("0x" + "11" * 20, (b"\x01" * 32,), b"", 1, "0x" + "22" * 32, 0, 0)
    assert abi.decode_log(log) is None
