"""Detector conformance (every detector, one suite) and findings in the Forta shape."""

from __future__ import annotations

import json
import random

import pytest
from eth_utils import keccak

from nexus.chain.types import Block, CallFrame, Log, Tx, TxReceipt
from nexus.guard import FEATURES, Finding, FindingType, GuardContext, Severity, Signal, decode_tx
from nexus.guard.context import BoundedDict
from nexus.guard.detectors import AnomalyDetector, Detector, EnvelopeModel, default_detectors
from nexus.guard.txview import T_OWNER, T_SWAP, T_TRANSFER, T_VOTE

A = "0x" + "11" * 20
B = "0x" + "22" * 20
C = "0x" + "33" * 20


def _addr_topic(a: str) -> bytes:
    return bytes(12) + bytes.fromhex(a[2:])


def _view(
    n: int,
    *,
    ok: bool = True,
    to: str | None = C,
    logs: tuple[Log, ...] = (),
    sender: str = A,
    trace: CallFrame | None = None,
    value: int = 0,
):  # type: ignore[no-untyped-def]
    h = "0x" + keccak(f"tx{n}{sender}".encode()).hex()
    tx = Tx(h, sender, to, value, b"\x12\x34\x56\x78", 0, 100_000, 1, n, 0)
    rc = TxReceipt(h, n, 0, sender, to, ok, 50_000, None, logs, None if ok else "boom")
    block = Block(n, "0x" + keccak(str(n).encode()).hex(), "0x00", 1_700_000_000 + n, (tx,), (rc,))
    return decode_tx(tx, rc, block, trace)


def _log(topics: tuple[bytes, ...], data: bytes, addr: str = C) -> Log:
    return Log(addr, topics, data, 1, "0x", 0, 0)


def odd_views() -> list:  # type: ignore[type-arg]
    rnd = random.Random(0)
    views = [
        _view(1, ok=False),
        _view(2, to=None),
        _view(3, logs=(_log((keccak(b"Unknown(uint256)"),), b"\x01" * 7),)),
        _view(4, logs=(_log((T_TRANSFER, _addr_topic(A)), b"\x00" * 32),)),  # malformed Transfer
        _view(5, logs=(_log((T_SWAP, _addr_topic(A), _addr_topic(B)), b"\x00" * 5),)),  # bad Swap data
        _view(6, logs=(_log((T_VOTE, _addr_topic(A), (1).to_bytes(32, "big")), b""),)),
        _view(7, logs=(_log((T_OWNER, _addr_topic(A), _addr_topic(B)), b""),), sender=C),
        _view(8, trace=CallFrame("CALL", A, C, 0, b"", b"", 1, error="Revert")),
        _view(9, logs=(_log((), b""),)),
        _view(10, value=10**30, to=B),
    ]
    for i in range(20):
        data = rnd.randbytes(32)
        views.append(_view(11 + i, logs=(_log((T_TRANSFER, _addr_topic(A), _addr_topic(B)), data),)))
    return views


def _fitted_envelope() -> EnvelopeModel:
    rnd = random.Random(1)
    return EnvelopeModel().fit([[rnd.random() for _ in FEATURES] for _ in range(200)])


def all_detectors() -> list[Detector]:
    return [*default_detectors(), AnomalyDetector(_fitted_envelope())]


@pytest.fixture(params=[type(d).__name__ for d in all_detectors()])
def detector(request: pytest.FixtureRequest) -> Detector:
    return next(d for d in all_detectors() if type(d).__name__ == request.param)


def test_conformance_odd_input_never_raises(detector: Detector) -> None:
    ctx = GuardContext(None, protocols={C: "pool"}, protected={C})
    for view in odd_views():
        found = detector.on_tx(view, ctx)
        assert isinstance(found, list)
        for f in found:
            _check_finding(f)
        ctx.apply(view)
    assert isinstance(detector.on_block(odd_views()[0].block, ctx), list)
    json.dumps(detector.params(), default=str)
    assert detector.alert_id.startswith("NEXUS-") and detector.name


def test_conformance_state_is_bounded(detector: Detector) -> None:
    for val in vars(detector).values():
        if isinstance(val, BoundedDict):
            val.cap = 50
    ctx = GuardContext(None, protocols={C: "pool"})
    for i in range(400):
        sender = "0x" + keccak(str(i).encode())[:20].hex()
        logs = (_log((T_TRANSFER, _addr_topic(sender), _addr_topic(C)), (5).to_bytes(32, "big")),)
        detector.on_tx(_view(1000 + i, ok=i % 3 != 0, sender=sender, logs=logs), ctx)
    for val in vars(detector).values():
        if isinstance(val, BoundedDict):
            assert len(val) <= 50


def _check_finding(f: Finding) -> None:
    d = f.to_json()
    for k in ("name", "description", "alertId", "severity", "type", "metadata", "addresses", "labels", "key"):
        assert k in d
    assert f.score >= f.threshold  # a finding always crossed its threshold
    assert f.signals and f.roles
    assert all(isinstance(v, str) for v in d["metadata"].values())  # Forta metadata is str -> str


def test_finding_round_trip_dedup_and_explanation() -> None:
    f = Finding(
        "Reentrant call",
        "x re-entered",
        "NEXUS-REENTRANCY",
        Severity.CRITICAL,
        FindingType.EXPLOIT,
        12,
        "0xabc",
        "reentrancy",
        3.0,
        1.0,
        (Signal("reentries", 3, 1, "selector 0x3ccfd60b"),),
        {A: "attacker", C: "victim"},
        {"params": {"min_reentries": 1}},
    )
    back = Finding.from_json(json.loads(json.dumps(f.to_json())))
    assert back.key == f.key and back.victims() == [C] and back.metadata["params"] == {"min_reentries": 1}
    other_tx = Finding(**{**f.__dict__, "tx_hash": "0xdef"})
    assert other_tx.key != f.key
    text = f.explain()
    assert "score 3 vs threshold 1" in text and "signal reentries = 3 (threshold 1)" in text
    assert f"victim: {C}" in text and f"attacker: {A}" in text
    assert [lb.to_json()["label"] for lb in f.labels] == ["attacker", "victim"]


def test_decode_tx_reads_flows_and_reentry_from_a_trace() -> None:
    sel = b"\x3c\xcf\xd6\x0b"
    inner = CallFrame("CALL", B, C, 0, sel, b"", 1)
    pay = CallFrame("CALL", C, B, 5, b"", b"", 1, calls=(inner,))
    top = CallFrame(
        "CALL", A, B, 0, b"\xaa\xbb\xcc\xdd", b"", 1, calls=(CallFrame("CALL", B, C, 0, sel, b"", 1, calls=(pay,)),)
    )
    v = _view(1, to=B, trace=top)
    assert v.reentries == [(C, sel)]
    assert v.net_flows()[B]["ETH"] == 5 and v.call_depth == 4
    assert len(v.features()) == len(FEATURES)


def test_envelope_model_scores_outliers_and_round_trips(tmp_path) -> None:  # type: ignore[no-untyped-def]
    m = _fitted_envelope()
    inside = [0.5] * len(FEATURES)
    outside = inside[:]
    outside[3] = 50.0
    assert m.score(inside) == 0.0 < m.threshold_ < m.score(outside)
    assert max(range(len(FEATURES)), key=lambda i: m.contributions(outside)[i]) == 3
    m.save(tmp_path / "m.json")
    again = EnvelopeModel.load(tmp_path / "m.json")
    assert again.score(outside) == m.score(outside)
    (tmp_path / "bad.json").write_text('{"kind": "other"}')
    with pytest.raises(Exception, match="anomaly model"):
        EnvelopeModel.load(tmp_path / "bad.json")
