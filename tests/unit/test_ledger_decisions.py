"""`nexus.audited`: decorator and context manager logging decisions with salted input hashes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import nexus
from nexus.exceptions import LedgerInputError, NotAnchored
from nexus.ledger import Ledger, open_ledger
from nexus.ledger.decisions import input_digest
from nexus.ledger.records import salted_hash


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    with open_ledger(path=tmp_path / "l.db") as led:
        yield led


def test_exported_from_the_package() -> None:
    assert "audited" in nexus.__all__ and nexus.__all__ == sorted(nexus.__all__)


def test_decorator_keeps_the_function_and_logs_each_call(ledger: Ledger) -> None:
    @nexus.audited(model="m1", ledger=ledger)
    def predict(x: float) -> float:
        """Double it."""
        return x * 2

    assert predict(3) == 6 and predict.__doc__ == "Double it." and predict.__name__ == "predict"
    d = predict.audit(4)
    assert d.output == 8 and d.id == 1 and d.durable()
    rec = ledger.record(d.id)
    assert rec.kind == "decision"
    assert rec.payload == {"input": d.input_hash, "model": "m1", "output": 8}
    # the caller can later prove which input was used, with the salt from the handle
    assert d.input_hash == "sha256:" + salted_hash(d.salt, input_digest(4)).hex()
    assert d.input_hash != "sha256:" + salted_hash(d.salt, input_digest(5)).hex()
    assert "4" not in rec.content.decode().replace(d.input_hash, "")  # type: ignore[union-attr]


def test_context_manager_with_explanations(ledger: Ledger) -> None:
    with nexus.audited(model="credit-v2", ledger=ledger, explain=lambda x, y: {"top": "income"}) as log:
        a = log({"income": 10, "name": "Alice"}, "approve")
        b = log([1, 2], "deny", explanation={"top": "debt"})
    assert a.durable() and b.durable()
    assert ledger.record(a.id).payload["explanation"] == {"top": "income"}
    assert ledger.record(b.id).payload["explanation"] == {"top": "debt"}
    assert "Alice" not in ledger.record(a.id).content.decode()  # type: ignore[union-attr]


def test_many_arguments_and_array_like_inputs(ledger: Ledger) -> None:
    class Arr:
        dtype, shape = "float32", (2,)

        def tobytes(self) -> bytes:
            return b"\0" * 8

        def tolist(self) -> list[float]:
            return [0.0, 0.0]

    @nexus.audited(model="m", ledger=ledger)
    def f(a: object, b: int = 0) -> object:
        return Arr()

    d = f.audit(Arr(), b=2)
    assert ledger.record(d.id).payload["output"] == [0.0, 0.0]
    assert input_digest(Arr()).startswith(b"float32:(2,):")


def test_receipt_waits_for_an_anchor(ledger: Ledger) -> None:
    d = nexus.audited(model="m", ledger=ledger)(1, 2)
    with pytest.raises(NotAnchored):
        d.receipt(timeout=0.05)


def test_bad_model_output_is_stored_as_text_and_bad_kind_refused(ledger: Ledger) -> None:
    d = nexus.audited(model="m", ledger=ledger)(1, object())
    assert ledger.record(d.id).payload["output"].startswith("<object")
    with pytest.raises(LedgerInputError):
        nexus.audited(model="m", ledger=ledger, kind="Bad Kind")(1, 2)
