"""`Federation`: one federated training run end to end — data, Flower apps, chain commitments, rewards.

The coordinator (this object) deploys the federation's FLRound contract, registers the clients, runs
the Flower `ServerApp` (in this process on a `LocalGrid`, or on Flower's Ray simulation engine) inside a
lineage `training_run`, and, as `IncentiveStrategy`'s hooks: commits each round's update root before
aggregation, scores every update on the server's validation set, finalizes the round on chain (global
model fingerprint, rejected clients) and pays the round's reward budget pro rata to the non-negative
contributions of the accepted updates.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from flwr.app import ArrayRecord, MetricRecord

from ..chain.base import ChainBackend
from ..exceptions import FLInputError
from ..ledger.energy import EnergyMeter
from .attacks import TARGET, stamp
from .config import ENGINES, FLConfig, assign_roles
from .contribution import score
from .data import dirichlet_partition, load_dataset
from .models import make_model
from .onchain import ClientKey, RoundLog, client_key, deploy_round_log, update_hash
from .strategy import IncentiveStrategy, Update, make_strategy

__all__ = ["ENGINES", "FLConfig", "Federation", "assign_roles"]  # the config names: re-exported

WEI = 10**18
WEIGHT_SCALE = 10**9


def _named(arrays: list[np.ndarray]) -> dict[str, np.ndarray]:
    return {str(i): np.asarray(a) for i, a in enumerate(arrays)}


class Federation:
    """Runs one federation on `backend`; `run()` returns plain data (also kept as `self.report`)."""

    def __init__(
        self,
        cfg: FLConfig,
        backend: ChainBackend,
        *,
        coordinator: str | None = None,
        settings: Any = None,
        ledger: Any = None,
        cache_dir: Path | None = None,
        dids: Sequence[str] | None = None,
    ) -> None:
        cfg.check()
        if dids is not None and len(dids) != cfg.clients:
            raise FLInputError(f"{len(dids)} DIDs for {cfg.clients} clients")
        self.cfg, self.backend, self.settings, self.ledger = cfg, backend, settings, ledger
        self.lineage_run: Any = None
        if cache_dir is None and settings is not None:
            cache_dir = settings.cache_dir / "contracts"
        self.cache_dir = cache_dir
        self.coordinator = coordinator or backend.default_account
        self.data = load_dataset(cfg.data, seed=cfg.seed)
        self.parts = dirichlet_partition(self.data.y, cfg.clients, cfg.alpha, seed=cfg.seed)
        self.roles = assign_roles(cfg)
        self.model = make_model(cfg.model, self.data.features, self.data.classes)
        self.keys = [ClientKey(client_key(cfg.name, i).secret, dids[i] if dids else None) for i in range(cfg.clients)]
        self.addresses = [k.address for k in self.keys]
        self.global_arrays = self.model.init_arrays(cfg.seed)
        self.rounds: list[dict[str, Any]] = []
        self.log: RoundLog | None = None
        self.events: list[str] = []  # order of commit / aggregate, for audits and tests

    # --- hooks called by IncentiveStrategy -----------------------------------------------------
    def committed(self, server_round: int, updates: list[Update]) -> None:
        assert self.log is not None
        updates.sort(key=lambda u: u.partition)
        root = self.log.commit(server_round, [(self.addresses[u.partition], u.digest) for u in updates])
        self.events.append(f"commit:{server_round}")
        self._pending = {"root": "0x" + root.hex(), "block": self.backend.block_number()}

    def aggregated(
        self, server_round: int, arrays: ArrayRecord | None, updates: list[Update], rejected: set[int]
    ) -> None:
        assert self.log is not None
        self.events.append(f"aggregate:{server_round}")
        previous = self.global_arrays
        if arrays is not None:
            self.global_arrays = arrays.to_numpy_ndarrays()
        val = self.data
        contrib = score(
            self.cfg.contribution,
            [u.arrays for u in updates],
            [u.examples for u in updates],
            previous,
            lambda a: self.model.utility(a, val.X_val, val.y_val),
            permutations=self.cfg.permutations,
            seed=self.cfg.seed + server_round,
        )
        weights = [0 if i in rejected else max(0, int(v * WEIGHT_SCALE)) for i, v in enumerate(contrib.values)]
        rejected_addr = [self.addresses[updates[i].partition] for i in sorted(rejected)]
        model_fp = update_hash(self.global_arrays)
        self.log.finalize(server_round, model_fp, rejected_addr)
        if updates:
            self.log.reward(server_round, [self.addresses[u.partition] for u in updates], weights)
        sent = {u.partition for u in updates}
        if self.lineage_run is not None:  # the final model's lineage links every round's global model
            acc = self.model.accuracy(self.global_arrays, val.X_test, val.y_test)
            self.lineage_run.log_metrics(step=server_round, accuracy=acc)
            self.lineage_run.log_model(_named(self.global_arrays), name=f"{self.cfg.name}/round-{server_round}")
        self.rounds.append(
            {
                "round": server_round,
                **self._pending,
                "model": "0x" + model_fp.hex(),
                "accuracy": round(self.model.accuracy(self.global_arrays, val.X_test, val.y_test), 4),
                "backdoor": round(self.backdoor_rate(), 4),
                "updates": len(updates),
                "dropped": [i for i in range(self.cfg.clients) if i not in sent],
                "rejected": sorted(updates[i].partition for i in rejected),
                "contribution": {str(u.partition): round(v, 6) for u, v in zip(updates, contrib.values)},
                "weights": {str(u.partition): w for u, w in zip(updates, weights)},
                "cost": contrib.to_json() | {"values": None},
            }
        )

    # --- running --------------------------------------------------------------------------------
    def backdoor_rate(self) -> float:
        """Share of test rows (not of the target class) that the trigger turns into the target class."""
        X, y = self.data.X_test, self.data.y_test
        mask = y != TARGET
        if not mask.any():
            return 0.0
        return float(np.mean(self.model.predict(self.global_arrays, stamp(X[mask])) == TARGET))

    def _evaluate(self, server_round: int, arrays: ArrayRecord) -> MetricRecord:
        acc = self.model.accuracy(arrays.to_numpy_ndarrays(), self.data.X_test, self.data.y_test)
        return MetricRecord({"accuracy": acc})

    def setup_chain(self) -> RoundLog:
        cache = self.cache_dir
        pool = int(self.cfg.pool_eth * WEI)
        self.log = deploy_round_log(
            self.backend,
            pool_wei=pool,
            reward_per_round=pool // self.cfg.rounds,
            coordinator=self.coordinator,
            cache_dir=cache,
        )
        if self.lineage_run is not None:  # every transaction's gas goes into the run's cost record
            run = self.lineage_run
            self.log.on_gas = lambda fn, gas: run.log_gas(gas, label=f"fl.{fn}")
            run.tags["contract"] = self.log.address
        self.log.register(self.keys)
        return self.log

    def run(self) -> dict[str, Any]:
        flwr_log = logging.getLogger("flwr")
        level = flwr_log.level
        flwr_log.setLevel(logging.ERROR)  # Flower logs every round at INFO and warns about settings we chose
        try:
            return self._run()
        finally:
            flwr_log.setLevel(level)

    def _run(self) -> dict[str, Any]:
        from .apps import ClientTask, ServerPlan, make_client_app, make_server_app

        malicious = max(1, round(self.cfg.poison * self.cfg.clients))
        strategy = IncentiveStrategy(make_strategy(self.cfg.strategy, self.cfg.clients, malicious), self)
        task = ClientTask(
            self.data, self.parts, self.roles, self.model, self.cfg.epochs, self.cfg.lr, self.cfg.seed, self.cfg.hang_s
        )
        plan = ServerPlan(strategy, self.global_arrays, self.cfg.rounds, self.cfg.timeout, self._evaluate)
        client_app, server_app = make_client_app(task), make_server_app(plan)
        meter = EnergyMeter(self.settings) if self.ledger is None and self.settings is None else None
        with self._lineage(), meter or contextlib.nullcontext():
            self.setup_chain()
            self._run_flower(client_app, server_app)
        self.report = self.summary()
        record = self.lineage_run.record if self.lineage_run is not None else None
        if record is not None:
            self.report["lineage_run"] = record.id
            self.report["cost"] = record.payload["cost"]
        elif meter is not None:  # no ledger to record on: the same figures, in the report only
            self.report["cost"] = self.cost(meter.result)
        return self.report

    def cost(self, energy: dict[str, Any]) -> dict[str, Any]:
        """An EnergyMeter result with the gas of every round-contract transaction, as a lineage run keeps it."""
        gas = self.log.gas if self.log is not None else {}
        return {**energy, "gas": sum(gas.values()), "gas_by": {f"fl.{k}": v for k, v in gas.items()}}

    def _lineage(self) -> Any:
        """A lineage `training_run` around the federation when a ledger (or settings) is given."""
        if self.ledger is None and self.settings is None:
            return contextlib.nullcontext()
        from ..ledger.lineage import training_run

        params = {k: v for k, v in self.cfg.__dict__.items() if k != "faults"}
        self.lineage_run = training_run(
            f"fl:{self.cfg.name}",
            params=params,
            seed=self.cfg.seed,
            packages=False,
            ledger=self.ledger,
            settings=self.settings,
            tags={"federated": True, "contract": None},
        )
        return self.lineage_run

    def _run_flower(self, client_app: Any, server_app: Any) -> None:
        if self.cfg.engine == "deployment":
            raise FLInputError("the deployment engine runs through nexus.fl.service.simulate (a SuperLink)")
        t0 = time.perf_counter()
        if self.cfg.engine == "simulation":
            from flwr.simulation import run_simulation

            run_simulation(
                server_app,
                client_app,
                num_supernodes=self.cfg.clients,
                backend_config={"client_resources": {"num_cpus": 1, "num_gpus": 0.0}},
            )
        else:
            from flwr.app import Context, RecordDict

            from ._grid import LocalGrid

            server_app(LocalGrid(client_app, self.cfg.clients), Context(1, 0, {}, RecordDict(), {}))
        self.seconds = time.perf_counter() - t0
        if self.lineage_run is not None:
            self.lineage_run.log_metrics(final_accuracy=self.rounds[-1]["accuracy"] if self.rounds else None)
            self.lineage_run.tags["roots"] = [r["root"] for r in self.rounds]

    def summary(self) -> dict[str, Any]:
        assert self.log is not None
        earned = [self.log.earned(a) for a in self.addresses]
        paid = sum(earned) or 1
        clients = [
            {
                "index": i,
                "address": a,
                "did": k.did,
                "role": r,
                "rows": len(self.parts[i]),
                "earned_wei": str(e),
                "share": round(e / paid, 6),
                "contribution": round(sum(float(rd["contribution"].get(str(i), 0.0)) for rd in self.rounds), 6),
                "rejected_rounds": [rd["round"] for rd in self.rounds if i in rd["rejected"]],
            }
            for i, (a, k, r, e) in enumerate(zip(self.addresses, self.keys, self.roles, earned))
        ]
        gas = sum(self.log.gas.values())
        return {
            "name": self.cfg.name,
            "contract": self.log.address,
            "config": {k: v for k, v in self.cfg.__dict__.items() if k != "faults"}
            | {"faults": {str(k): v for k, v in self.cfg.faults.items()}},
            "rounds": self.rounds,
            "clients": clients,
            "final_accuracy": self.rounds[-1]["accuracy"] if self.rounds else None,
            "backdoor_rate": self.rounds[-1]["backdoor"] if self.rounds else None,
            "paid_wei": str(sum(earned)),
            "gas": dict(self.log.gas),
            "gas_per_round_per_client": round(gas / max(1, len(self.rounds)) / self.cfg.clients),
            "seconds": round(getattr(self, "seconds", 0.0), 3),
        }
