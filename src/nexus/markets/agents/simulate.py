"""Seeded market simulation with known ground truth: forecasters vs the market vs a naive baseline."""

from __future__ import annotations

import logging
import math
import random
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ...exceptions import MarketError
from ..lmsr import MarketMath
from .inference import InferenceModel, InferringForecaster, publish_inference_record
from .maker import FixedLiquidity, LiquidityPolicy, VolumeSchedule
from .metrics import brier, calibration_error, excess, log_loss, reliability
from .models import CalibratedEnsemble, ForecastModel, GaussianNaiveBayes, LogisticModel
from .pooling import PoolingForecaster, Tape, TrackRecord, publish_track_record
from .stacking import StackedPool
from .traders import Agent, Forecaster, LiquidityAgent
from .venues import ChainBackend, SimVenue
from .world import INFO, World, feature_views

__all__ = ["SimConfig", "SimReport", "World", "default_agents", "run_simulation"]

WAD = 10**18
POOLS = ("infer", "stack", "record")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SimConfig:
    """Every knob of a simulation; the same config and seed give the same report."""

    events: int = 60
    rounds: int = 6
    outcomes: int = 2
    features: int = 4
    train: int = 300
    funding: float = 100.0  # collateral per market (the maker's worst-case loss)
    alpha: float = 0.0  # LS-LMSR spread; 0 = classic LMSR
    fee_bps: int = 0
    bankroll: float = 1000.0  # each agent's starting collateral
    kelly: float = 0.25
    noise: float = 0.8  # feature noise at the first round; it falls to `noise_last` by the last
    noise_last: float = 0.05  # each forecaster's own noise at the close (its private signal)
    seed: int = 0
    backend: str = "math"  # "math" (exact mirror, fast) or "chain" (contracts on an embedded chain)
    pooling: bool = True  # forecasters learn how far to trust the price (False: they ignore it)
    passes: int = 3  # trading passes per round (pooling forecasters react to each other's trades)
    maker: str = "fixed"  # liquidity policy: "fixed" (every market gets `funding`) or "volume"
    info: str = "dispersed"  # who observes what: "dispersed" (own feature windows) or "shared" (all)
    pool: str = "infer"  # later passes: "infer" (own features + others' beliefs), "stack" or "record"

    def check(self) -> None:
        if self.events < 1 or self.rounds < 1 or self.train < 10 or self.features < 1:
            raise MarketError("simulate: events, rounds, features >= 1 and train >= 10")
        if not 2 <= self.outcomes <= 16:
            raise MarketError("simulate: outcomes must be 2-16")
        if self.backend not in ("math", "chain"):
            raise MarketError(f"simulate: unknown backend {self.backend!r} (math or chain)")
        if self.maker not in ("fixed", "volume"):
            raise MarketError(f"simulate: unknown maker policy {self.maker!r} (fixed or volume)")
        if self.info not in INFO:
            raise MarketError(f"simulate: unknown info {self.info!r} (dispersed or shared)")
        if self.pool not in POOLS:
            raise MarketError(f"simulate: unknown pool {self.pool!r} ({', '.join(POOLS)})")
        if not 0 <= self.noise_last <= self.noise:
            raise MarketError("simulate: need 0 <= noise_last <= noise")
        if self.passes < 1:
            raise MarketError("simulate: passes must be >= 1")
        if not 0 < self.kelly <= 1:
            raise MarketError("simulate: kelly must be in (0, 1]")


def _noisy(sigma: Callable[[], float]) -> Callable[[Sequence[float], random.Random], list[float]]:
    return lambda x, rng: [v + rng.gauss(0, sigma()) for v in x]


ModelLoader = Callable[[str], Any]


def _model(loader: ModelLoader | None, name: str, fresh: Callable[[], ForecastModel]) -> Any:
    """The DAO's active `forecaster-<name>` when the composing layer's loader has one (a governed,
    already fitted model), else a fresh model trained inside the simulation."""
    served = loader(f"forecaster-{name}") if loader is not None else None
    if served is None:
        log.debug("forecaster %s: trained in the simulation (not governed by a model registry)", name)
        return fresh()
    return served


def default_agents(cfg: SimConfig, clock: Callable[[], float], model_loader: ModelLoader | None = None) -> list[Agent]:
    """Three forecasters with different models (each with its own noisy view) and a liquidity agent.
    With `cfg.pooling` the forecasters learn from each other through the market (`PoolingForecaster`);
    `model_loader` (injected by the CLI) serves a forecaster the DAO governs instead of training one."""
    obs = _noisy(clock)
    views = feature_views(cfg.info, cfg.features, 3)
    models: list[tuple[str, Any]] = [
        ("logistic", _model(model_loader, "logistic", LogisticModel)),
        ("bayes", _model(model_loader, "bayes", GaussianNaiveBayes)),
        (
            "ensemble",
            _model(
                model_loader,
                "ensemble",
                lambda: CalibratedEnsemble([LogisticModel(), GaussianNaiveBayes()], seed=cfg.seed),
            ),
        ),
    ]
    if not cfg.pooling:
        return [
            *(Forecaster(name, m, kelly=cfg.kelly, observe=obs, sees=v) for (name, m), v in zip(models, views)),
            LiquidityAgent("liquidity"),
        ]
    tape = Tape()  # one public tape
    # the consensus reads only public data, so every forecaster's copy would be identical: one
    # stack stands for all of them; a track record is kept per forecaster (the old mechanism);
    # inferring forecasters each keep their own model (each infers from its own features)
    stack, infer = StackedPool(cfg.rounds), cfg.pool == "infer"
    agents: list[Agent] = [
        (InferringForecaster if infer else PoolingForecaster)(
            name,
            model,
            kelly=cfg.kelly,
            observe=obs,
            sees=view,
            tape=tape,
            record=None if infer else stack if cfg.pool == "stack" else TrackRecord(cfg.rounds),
            reveal=cfg.pool != "record",
        )
        for (name, model), view in zip(models, views)
    ]
    for a in agents:
        if isinstance(a, InferringForecaster):
            a.inference = InferenceModel(cfg.rounds)
    return [*agents, LiquidityAgent("liquidity")]


@dataclass
class SimReport:
    """Scores per forecast source, the market's accuracy by round, and each agent's P&L."""

    config: dict[str, Any]
    scores: dict[str, dict[str, float]]
    market_by_round: list[dict[str, float]]
    reliability: dict[str, list[dict[str, float]]]
    pnl: dict[str, float]
    trades: int
    funding_loss: float  # mean maker loss per market, in collateral (bounded by the funding)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _score(forecasts: list[list[float]], outcomes: list[int]) -> dict[str, float]:
    return {
        "brier": brier(forecasts, outcomes),
        "log_loss": log_loss(forecasts, outcomes),
        "calibration_error": calibration_error(forecasts, outcomes),
    }


def run_simulation(
    cfg: SimConfig,
    agents: list[Agent] | None = None,
    workdir: Path | None = None,
    cache_dir: Path | None = None,
    model_loader: ModelLoader | None = None,
) -> SimReport:
    """Train the forecasters on history, then run `cfg.events` markets of `cfg.rounds` rounds each.

    The "chain" backend deploys real markets on a throwaway embedded chain under `workdir` (a temp
    folder by default; `cache_dir` holds compiled contracts); it gives the same report as "math"."""
    cfg.check()
    rng = random.Random(cfg.seed)
    world = World(cfg, rng)
    history = [world.draw(rng) for _ in range(cfg.train)]
    # the events come from their own stream, so that how agents trade never changes which events occur
    events_rng = random.Random(f"{cfg.seed}/events")
    X, y = [h[0] for h in history], [h[1] for h in history]
    base = [(sum(1 for v in y if v == c) + 1) / (len(y) + cfg.outcomes) for c in range(cfg.outcomes)]
    state = {"round": 0}
    sigma = lambda: cfg.noise_last + (cfg.noise - cfg.noise_last) * (1 - state["round"] / max(cfg.rounds - 1, 1))
    agents = agents if agents is not None else default_agents(cfg, sigma, model_loader)
    for a in agents:
        if isinstance(a, Forecaster) and not hasattr(a.model, "governed_version"):  # governed: as voted
            a.train(X, y)
    publish_track_record(agents, X, y)
    publish_inference_record(agents, X, y)
    names = [a.name for a in agents]
    cash = {n: int(cfg.bankroll * WAD) for n in names}
    policy: LiquidityPolicy = (
        VolumeSchedule(cap=cfg.funding, floor=cfg.funding / 10)
        if cfg.maker == "volume"
        else FixedLiquidity(cap=cfg.funding)
    )
    # a first pass only reveals beliefs: when it is quiet (every belief within the minimum edge of
    # the price) revealing forecasters must still trade the price to the consensus in the next pass
    # (inferring ones reveal twice: their own forecast, then what they inferred from the others')
    reveals = (
        2
        if any(isinstance(a, InferringForecaster) for a in agents)
        else int(any(isinstance(a, PoolingForecaster) and a.reveal for a in agents))
    )
    tmp = tempfile.TemporaryDirectory() if cfg.backend == "chain" and workdir is None else None
    where = Path(tmp.name) if tmp else workdir
    chain = ChainBackend(cfg, names, where, cache_dir) if cfg.backend == "chain" and where else None
    sources: dict[str, list[list[float]]] = {"market": [], "naive": [], "truth": []}
    by_round: list[list[list[float]]] = [[] for _ in range(cfg.rounds)]
    outcomes, trades, losses, fundings = [], 0, [], []
    try:
        for e in range(cfg.events):
            x, outcome = world.draw(events_rng)
            funding = int(policy.funding() * WAD)
            fundings.append(funding / WAD)
            math_ = MarketMath(cfg.outcomes, funding, int(cfg.alpha * WAD), cfg.fee_bps)
            venue = chain.venue(cfg, e, funding) if chain else SimVenue(math_, cash)
            volume = 0
            for a in agents:
                a.start()
            for t in range(cfg.rounds):
                state["round"] = t
                for a in agents:
                    a.start_round(t)
                tapes = {id(a.tape): a.tape for a in agents if isinstance(a, PoolingForecaster) and a.tape}
                for tape in tapes.values():
                    tape.open([p / WAD for p in venue.prices()])
                for k in range(cfg.passes):  # later passes: informed agents react to each other
                    moved = 0
                    for a in rng.sample(agents, len(agents)):
                        if k == 0 or isinstance(a, PoolingForecaster):
                            orders = a.act(venue, x, rng)
                            moved += len(orders)
                            volume += sum(o.amount for o in orders)
                    trades += moved
                    if not moved and k >= reveals:
                        break
                by_round[t].append([p / WAD for p in venue.prices()])
            q = venue.quantities()
            collected = (
                venue.collected
                if isinstance(venue, SimVenue)
                else int(venue.market.token.balanceOf(venue.market.address)) - funding
            )
            losses.append((q[outcome] - collected) / WAD)
            policy.observe(volume / WAD, losses[-1])
            venue.settle(outcome)
            for a in agents:
                a.resolve(outcome)
            outcomes.append(outcome)
            sources["market"].append(by_round[-1][-1])
            sources["naive"].append(base)
            sources["truth"].append(world.truth(x))
            for a in agents:
                if isinstance(a, PoolingForecaster) and a.private:
                    sources.setdefault(a.name, []).append(a.private[-1])
                elif isinstance(a, Forecaster) and a.beliefs:
                    sources.setdefault(a.name, []).append(a.beliefs[-1])
        final_cash = {n: (chain.markets.token().balanceOf(chain.accounts[n]) if chain else cash[n]) for n in names}
    finally:
        if chain:
            chain.chain.close()
        if tmp:
            tmp.cleanup()
    return SimReport(
        config=asdict(cfg),
        scores={k: _score(v, outcomes) for k, v in sources.items() if len(v) == len(outcomes)},
        market_by_round=[{"round": t, **_score(r, outcomes)} for t, r in enumerate(by_round)],
        reliability={
            k: [asdict(b) for b in reliability(v, outcomes, 5)]
            for k, v in sources.items()
            if k in ("market", "naive") or k in names
        },
        pnl={n: (final_cash[n] - cfg.bankroll * WAD) / WAD for n in names},
        trades=trades,
        funding_loss=sum(losses) / len(losses),
        extra={
            "max_maker_loss": max(losses),
            "funding": cfg.funding,
            "max_loss_over_funding": max(ls / f for ls, f in zip(losses, fundings)),
            "mean_funding": sum(fundings) / len(fundings),
            "log_loss_coin_flip": math.log(cfg.outcomes),
            "expected_excess": {k: excess(v, sources["truth"]) for k, v in sources.items() if len(v) == len(outcomes)},
        },
    )
