"""Every tamper case (tests/tamper.py) is caught by audit and/or online verify; nothing else is."""

from __future__ import annotations

import base64
import copy
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tamper import CASES, build_world, detect, run_case

from nexus.exceptions import AnchorChainMismatch, AnchorMismatch, LedgerInputError, VerificationFailed
from nexus.ledger import open_ledger
from nexus.ledger.audit import audit
from nexus.ledger.verify import verify_receipt


def test_untampered_world_passes_both(tmp_path: Path) -> None:
    w = build_world(tmp_path)
    try:
        assert detect(w) == []
        with open_ledger(path=w.path) as led:
            rep = audit(led, w.anchor, log_id=w.log_id)
        assert rep.ok and rep.anchors_checked == 2 and rep.checkpoints_checked == 2 and rep.pinned
        v = verify_receipt(w.receipt, w.anchor)
        assert v.valid and v.anchor_checked
    finally:
        w.chain.close()


@pytest.mark.parametrize("name", list(CASES))
def test_tamper_case_is_caught(name: str, tmp_path: Path) -> None:
    found = run_case(name, tmp_path)
    assert found, f"tamper case {name!r} was not caught"


def test_whole_forged_receipt_passes_offline_but_not_online(tmp_path: Path) -> None:
    """The case the old `verify` waved through: a self-consistent proof under a real anchor."""
    w = build_world(tmp_path)
    try:
        CASES["receipt: whole tree forged under the real anchor"](w)
        off = verify_receipt(w.receipt, offline=True)
        assert off.ok and not off.valid and not off.anchor_checked  # offline cannot tell
        on = verify_receipt(w.receipt, w.anchor)
        assert not on.ok and "anchor tx" in (on.failure() or "")
        with pytest.raises(AnchorMismatch, match="not anchor"):
            on.raise_for_failure()
    finally:
        w.chain.close()


def test_failures_raise_by_kind(tmp_path: Path) -> None:
    w = build_world(tmp_path)
    try:
        good = dict(w.receipt)
        CASES["receipt: other chain id"](w)
        with pytest.raises(AnchorChainMismatch):
            verify_receipt(w.receipt, w.anchor).raise_for_failure()
        w.receipt = good
        CASES["receipt: proof edited"](w)
        with pytest.raises(VerificationFailed) as exc:
            verify_receipt(w.receipt, w.anchor).raise_for_failure()
        assert type(exc.value) is VerificationFailed and exc.value.exit_code == 24
    finally:
        w.chain.close()


def test_text_leaf_is_reported_not_raised(tmp_path: Path) -> None:
    w = build_world(tmp_path)
    try:
        CASES["text-typed leaf"](w)
        with open_ledger(path=w.path) as led:
            rep = audit(led, w.anchor)
        assert any(p.startswith("record 4: unreadable") for p in rep.problems), rep.problems
    finally:
        w.chain.close()


def test_store_swap_needs_the_pin_and_the_pin_catches_it(tmp_path: Path) -> None:
    """Another ledger's store is self-consistent and anchored: only a pinned log id exposes it."""
    w = build_world(tmp_path)
    try:
        CASES["whole store swapped for another ledger's"](w)
        with open_ledger(path=w.path) as led:
            assert audit(led, w.anchor).ok  # unpinned: it is a perfectly good ledger (B's)
            rep = audit(led, w.anchor, log_id=w.log_id)
        assert not rep.ok and rep.problems[0].startswith("log id:")
    finally:
        w.chain.close()


# --- fuzz: any single-field change to a good receipt makes it invalid, never a crash ------------
@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    w = build_world(tmp_path_factory.mktemp("fuzz"))
    yield w
    w.chain.close()


_FIELDS = st.sampled_from(
    [
        ("anchor", "block"),
        ("anchor", "timestamp"),
        ("anchor", "chain_id"),
        ("anchor", "tx_hash"),
        ("anchor", "contract"),
        ("record", "index"),
        ("proof", "tree_size"),
        ("checkpoint", None),
        ("proof", "inclusion"),
    ]
)


@settings(max_examples=40, deadline=None)
@given(field=_FIELDS, delta=st.integers(1, 2**70), blob=st.binary(min_size=32, max_size=32))
def test_any_changed_field_is_invalid_and_never_crashes(world, field, delta, blob) -> None:  # type: ignore[no-untyped-def]
    r = copy.deepcopy(world.receipt)
    section, key = field
    if key in ("block", "timestamp", "chain_id", "index", "tree_size"):
        r[section][key] += delta
    elif key == "tx_hash":
        r[section][key] = "0x" + blob.hex()
    elif key == "contract":
        r[section][key] = "0x" + blob[:20].hex()
    elif key == "inclusion":
        r[section][key][delta % len(r[section][key])] = blob.hex()
    else:
        origin, size, _, *rest = r["checkpoint"].split("\n")
        r["checkpoint"] = "\n".join([origin, size, base64.b64encode(blob).decode(), *rest])
    assume(r != world.receipt)
    try:
        rep = verify_receipt(r, world.anchor)
    except LedgerInputError:
        return  # rejected as malformed: fine
    assert not rep.valid and not rep.ok, (field, rep.failure())
