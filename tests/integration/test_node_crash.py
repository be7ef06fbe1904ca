"""kill -9 `nexus up` under mixed load (market buys, ledger appends/anchors/receipts, guard and
oracle running), restart, and check that nothing acknowledged was lost and no store refers to a
block the chain lost. The core is `tests/killharness.py` (more rounds: a benchmark's job)."""

from __future__ import annotations

from pathlib import Path

import pytest
from killharness import run_node_kill_rounds


@pytest.mark.parametrize("seed", [7])
def test_kill_nine_under_load_loses_nothing_acknowledged(
    tmp_path: Path, seed: int, pytestconfig: pytest.Config
) -> None:
    cache = getattr(pytestconfig, "cache", None)  # absent under -p no:cacheprovider
    contracts = cache.mkdir("nexus-build") / "kill-contracts" if cache else None
    out = run_node_kill_rounds(3, seed, home=tmp_path / "home", contracts_cache=contracts)
    assert out["kills"] == 3
    assert out["acked"]["buys"] > 0 and out["acked"]["records"] > 0 and out["anchors"] > 0, out  # load ran
    assert out["lost"] == 0, out  # every acknowledged market buy is on the chain
    assert out["dangling_anchors"] == 0, out  # every ledger anchor's tx is in its recorded block
    assert out["failed_receipts"] == 0, out  # receipts served before a kill still verify
    assert out["guard_cursor"] <= out["head"] + 1, out  # the guard is not ahead of the chain
    assert out["guard_stale_blocks"] == 0, out  # what it processed is the chain's (replacements analysed)
    assert out["journal_stale"] == 0, out
