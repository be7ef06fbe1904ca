"""The federation as a deployable Flower app: `server_app` and `client_app` for `flwr run` on a SuperLink.

The run config carries the `FLConfig` fields (clients, rounds, strategy, poison, ...). The ServerApp
coordinates on the node's JSON-RPC chain when the run config names one (`rpc-url`, with `nexus-home`
for the node's signer settings), else on its own embedded chain (a fresh one in a temporary folder
unless `chain-dir` is set: a node's embedded chain is locked by the process that asked for the run).
It registers the clients under the DIDs in `dids` (comma-separated, one per client) when given,
writes the federation's report — with its cost: CPU time, energy/CO₂ estimates and gas — to
`report-path` when given; each SuperNode's ClientApp trains the partition its node config names
(`partition-id`), with the role the run config gives that partition.
"""

from __future__ import annotations

import json
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from flwr.app import ArrayRecord, Context, Message
from flwr.clientapp import ClientApp
from flwr.serverapp import Grid, ServerApp

from .federation import Federation, FLConfig

__all__ = ["client_app", "server_app"]

_FIELDS = set(FLConfig.__dataclass_fields__) - {"faults"}


def config_from(run_config: Any) -> FLConfig:
    """An FLConfig from a Flower run config (keys may use dashes)."""
    given = {str(k).replace("-", "_"): v for k, v in dict(run_config).items()}
    return FLConfig(**{k: v for k, v in given.items() if k in _FIELDS})


server_app = ServerApp()


def _backend(run_config: Any) -> tuple[Any, str]:
    """The chain the ServerApp coordinates on, and which one it is ("node" or "private")."""
    if url := run_config.get("rpc-url"):
        from ..chain import open_backend
        from ..settings import load_settings

        home = run_config.get("nexus-home")
        return open_backend(load_settings(home=str(home) if home else None, rpc_url=str(url))), "node"
    from ..chain.embedded import EmbeddedChain

    chain_dir = run_config.get("chain-dir") or tempfile.mkdtemp(prefix="nexus-fl-chain-")
    return EmbeddedChain(Path(str(chain_dir)), flush_interval=3600), "private"


@server_app.main()
def _main(grid: Grid, context: Context) -> None:
    from ..ledger.energy import EnergyMeter
    from .federation import make_strategy
    from .strategy import IncentiveStrategy

    cfg = config_from(context.run_config)
    backend, which = _backend(context.run_config)
    dids = str(context.run_config.get("dids") or "")
    with EnergyMeter() as meter:
        fed = Federation(cfg, backend, dids=dids.split(",") if dids else None)
        fed.setup_chain()
        malicious = max(1, round(cfg.poison * cfg.clients))
        strategy = IncentiveStrategy(make_strategy(cfg.strategy, cfg.clients, malicious), fed)
        t0 = time.perf_counter()
        strategy.start(
            grid=grid,
            initial_arrays=ArrayRecord(fed.global_arrays),
            num_rounds=cfg.rounds,
            timeout=cfg.timeout,
            evaluate_fn=fed._evaluate,
        )
        fed.seconds = time.perf_counter() - t0
    backend.flush()
    report = fed.summary() | {"engine": "deployment", "chain": which, "cost": fed.cost(meter.result)}
    if path := context.run_config.get("report-path"):
        Path(str(path)).write_text(json.dumps(report, default=str))


@lru_cache(maxsize=4)
def _task(key: str) -> Any:
    from .apps import ClientTask
    from .data import dirichlet_partition, load_dataset
    from .federation import assign_roles
    from .models import make_model

    cfg = FLConfig(**json.loads(key))
    data = load_dataset(cfg.data, seed=cfg.seed)
    parts = dirichlet_partition(data.y, cfg.clients, cfg.alpha, seed=cfg.seed)
    model = make_model(cfg.model, data.features, data.classes)
    return ClientTask(data, parts, assign_roles(cfg), model, cfg.epochs, cfg.lr, cfg.seed, cfg.hang_s)


client_app = ClientApp()


@client_app.train()
def _train(msg: Message, context: Context) -> Message:
    from .apps import make_client_app

    cfg = config_from(context.run_config)
    task = _task(json.dumps({k: v for k, v in cfg.__dict__.items() if k != "faults"}, sort_keys=True))
    return make_client_app(task)(msg, context)
