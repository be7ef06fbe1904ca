"""Fitting the anomaly model by source (nexus.guard.training): the fit uses only the sources named,
a kind of traffic the fit never saw is judged on its own (leave-one-out), and the collector
labels vectors by the traffic source it was told."""

from __future__ import annotations

import random

import pytest
from eth_utils import keccak

from nexus.chain.types import Block, Tx, TxReceipt
from nexus.exceptions import ConfigError
from nexus.guard import FEATURES, GuardContext, TxView, decode_tx
from nexus.guard.training import FeatureCollector, alarm_rates, fit_sources, leave_one_out


def one_view(n: int) -> TxView:
    a = "0x" + "11" * 20
    h = "0x" + keccak(f"tx{n}".encode()).hex()
    tx = Tx(h, a, a, 0, b"", 0, 21_000, 1, n, 0)
    rc = TxReceipt(h, n, 0, a, a, True, 21_000, None, (), None)
    return decode_tx(tx, rc, Block(n, h, "0x00", n, (tx,), (rc,)), None)


def _source(rnd: random.Random, n: int, wide: int | None = None) -> list[list[float]]:
    out = []
    for _ in range(n):
        x = [rnd.random() for _ in FEATURES]
        if wide is not None:
            x[wide] = 40 + rnd.random()  # e.g. batch payouts: many transfers
        out.append(x)
    return out


def _vectors() -> dict[str, list[list[float]]]:
    rnd = random.Random(3)
    return {"swaps": _source(rnd, 300), "vault": _source(rnd, 300), "payouts": _source(rnd, 300, wide=3)}


def test_the_fit_covers_only_the_sources_named_and_says_so_in_its_baseline() -> None:
    v = _vectors()
    narrow = fit_sources(v, ["swaps", "vault"])
    assert narrow.n_fit_ == 600 and "swaps, vault" in narrow.baseline
    rates = alarm_rates(narrow, v)
    assert rates["payouts"]["alarms"] == 300 and rates["payouts"]["per_10k"] == 10_000.0
    wide = fit_sources(v, ["swaps", "vault", "payouts"], baseline="three shapes")
    assert wide.baseline == "three shapes"
    assert all(r["alarms"] == 0 for r in alarm_rates(wide, v).values())


def test_leave_one_out_judges_each_kind_on_a_model_that_never_saw_it() -> None:
    loo = leave_one_out(_vectors(), ["swaps", "vault", "payouts"])
    assert loo["payouts"]["alarms"] == 300  # unlike everything else it was fitted without
    assert loo["swaps"]["alarms"] == 0 and loo["vault"]["alarms"] == 0


def test_fitting_on_a_source_with_no_traffic_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no benign traffic of source"):
        fit_sources(_vectors(), ["swaps", "bridges"])


def test_the_collector_files_vectors_under_the_current_source() -> None:
    col = FeatureCollector()
    ctx = GuardContext(None)
    col.source = "a"
    assert col.on_tx(one_view(1), ctx) == []
    col.source = "b"
    col.on_tx(one_view(2), ctx)
    col.on_tx(one_view(3), ctx)
    assert {k: len(v) for k, v in col.vectors_.items()} == {"a": 1, "b": 2}
    assert len(col.vectors_["a"][0]) == len(FEATURES)
