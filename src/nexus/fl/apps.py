"""The Flower apps: a `ClientApp` training one partition, a `ServerApp` running the incentive strategy.

`make_client_app(task)` serves every simulated client: the node's `partition-id` (node config, as
Flower's simulation engine and `flower-supernode --node-config` set it) picks its rows and its role.
`make_server_app(...)` runs `IncentiveStrategy.start` with a server-side evaluation on the held-out
test set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from flwr.serverapp import Grid, ServerApp
from flwr.serverapp.strategy import Result, Strategy

from .attacks import client_update
from .data import Dataset
from .models import FLModel

__all__ = ["ClientTask", "make_client_app", "make_server_app"]


@dataclass
class ClientTask:
    """Everything a simulated client needs: data, its partitions, roles and training settings."""

    data: Dataset
    parts: list[np.ndarray]
    roles: list[str]
    model: FLModel
    epochs: int = 2
    lr: float = 0.05
    seed: int = 0
    hang_s: float = 30.0

    def partition(self, context: Context) -> int:
        pid = context.node_config.get("partition-id")
        if pid is None:  # a bare SuperNode: spread node ids over the partitions
            pid = context.node_id % len(self.parts)
        return int(pid)  # type: ignore[call-overload]


def make_client_app(task: ClientTask) -> ClientApp:
    app = ClientApp()

    @app.train()
    def train(msg: Message, context: Context) -> Message:
        pid = task.partition(context)
        rows = task.parts[pid]
        global_arrays = msg.content.array_records["arrays"].to_numpy_ndarrays()
        cfg = msg.content.config_records.get("config", ConfigRecord())
        rnd = int(cfg.get("server-round", 0))  # type: ignore[arg-type]
        arrays = client_update(
            task.roles[pid],
            task.model,
            global_arrays,
            task.data.X[rows],
            task.data.y[rows],
            epochs=task.epochs,
            lr=task.lr,
            seed=task.seed * 1000 + rnd * 100 + pid,
            boost=float(len(task.parts)),
            hang_s=task.hang_s,
            mu=float(cfg.get("proximal-mu", 0.0)),  # type: ignore[arg-type]  # sent by FedProx
        )
        metrics = MetricRecord({"num-examples": len(rows), "partition-id": pid})
        return Message(RecordDict({"arrays": ArrayRecord(arrays), "metrics": metrics}), reply_to=msg)

    return app


@dataclass
class ServerPlan:
    strategy: Strategy
    initial: list[np.ndarray]
    rounds: int
    timeout: float
    evaluate: Callable[[int, ArrayRecord], MetricRecord | None]
    result: list[Result] = field(default_factory=list)


def make_server_app(plan: ServerPlan) -> ServerApp:
    app = ServerApp()

    @app.main()
    def main(grid: Grid, context: Context) -> None:
        plan.result.append(
            plan.strategy.start(
                grid=grid,
                initial_arrays=ArrayRecord(plan.initial),
                num_rounds=plan.rounds,
                timeout=plan.timeout,
                evaluate_fn=plan.evaluate,
            )
        )

    return app
