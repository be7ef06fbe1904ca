"""`training_run(...)`: a context manager / decorator recording a run around the user's code."""

from __future__ import annotations

import contextvars
import functools
import logging
import random
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Self, TypeVar

from ...exceptions import LineageError
from ...settings import Settings
from ..energy import EnergyMeter
from ..fingerprint import Manifest, fingerprint
from ..ledger import Ledger, open_ledger
from ._code import code_identity, environment, file_identity
from ._records import Lineage, LineageRecord, plain

__all__ = ["TrainingRun", "current_run", "training_run"]

F = TypeVar("F", bound=Callable[..., Any])
_CURRENT: contextvars.ContextVar[TrainingRun | None] = contextvars.ContextVar("nexus_run", default=None)
log = logging.getLogger(__name__)


def current_run() -> TrainingRun | None:
    """The run whose `with` block (or decorated function) is executing, if any."""
    return _CURRENT.get()


def _apply_seed(seed: int) -> list[str]:
    random.seed(seed)
    applied = ["random"]
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(seed % 2**32)
        applied.append("numpy")
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)
        applied.append("torch")
    return applied


class TrainingRun:
    """Records one training run on the ledger: data fingerprints, code identity (git commit and
    a hash of uncommitted changes), config, hyper-parameters, seeds, package versions, metrics
    and the resulting model fingerprints, and its cost: CPU time, energy and CO₂ estimates
    (`nexus.ledger.energy`) next to the gas its transactions spent (`log_gas`). Nothing is written
    until the block ends; then one `lineage.run` record (status ok or failed) and one
    `lineage.model` record per logged model."""

    def __init__(
        self,
        name: str,
        *,
        data: Mapping[str, Any] | None = None,
        config: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        seed: int | None = None,
        seeds: Mapping[str, Any] | None = None,
        code: str | Path | None = None,
        tags: Mapping[str, Any] | None = None,
        packages: bool = True,
        ledger: Ledger | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.name, self.seed, self._code_path = name, seed, code
        self._init = {
            "data": data,
            "config": config,
            "params": params,
            "seed": seed,
            "seeds": seeds,
            "code": code,
            "tags": tags,
            "packages": packages,
            "ledger": ledger,
            "settings": settings,
        }
        self.config: dict[str, Any] = dict(config or {})
        self.params: dict[str, Any] = dict(params or {})
        self.seeds: dict[str, Any] = dict(seeds or {})
        self.tags: dict[str, Any] = dict(tags or {})
        self.metrics: dict[str, Any] = {}
        self.gas: dict[str, int] = {}
        self.data: dict[str, LineageRecord] = {}
        self.models: list[LineageRecord] = []
        self.record: LineageRecord | None = None
        self._pending_data = dict(data or {})
        self._models: list[tuple[str, Manifest, Manifest | None, dict[str, Any]]] = []
        self._packages, self._settings = packages, settings
        self._ledger, self._owns_ledger = ledger, ledger is None
        self._lineage: Lineage | None = None
        self._token: contextvars.Token[TrainingRun | None] | None = None
        self._caller: str | None = None
        self._meter: EnergyMeter | None = None
        self.entry_file: str | None = None  # the training script; default: the caller's file

    # --- what the user's code calls ----------------------------------------------------------
    @property
    def lineage(self) -> Lineage:
        if self._lineage is None:
            raise LineageError("the run has not started: use it as `with training_run(...) as run`")
        return self._lineage

    @property
    def id(self) -> int | None:
        return self.record.id if self.record else None

    def log_data(self, role: str, obj: Any, *, name: str | None = None) -> LineageRecord:
        """Fingerprint and register a dataset version used by this run under `role`."""
        rec = self.lineage.dataset(obj, name=name or role)
        self.data[role] = rec
        return rec

    def log_params(self, **params: Any) -> None:
        self.params.update(params)

    def log_config(self, **config: Any) -> None:
        self.config.update(config)

    def log_metrics(self, step: int | None = None, **metrics: Any) -> None:
        """Record metric values; with `step`, each metric keeps its history as [step, value]."""
        for k, v in metrics.items():
            if step is None:
                self.metrics[k] = v
                continue
            hist = self.metrics.get(k)
            if not isinstance(hist, list):
                hist = self.metrics[k] = []
            hist.append([step, v])

    def log_gas(self, spent: Any, *, label: str = "transactions") -> int:
        """Add gas the run spent on chain under `label`: an int, or a receipt (its `gas_used`).
        Returns the run's total so far; the record keeps the total and the split by label."""
        gas = spent if isinstance(spent, int) else getattr(spent, "gas_used", None)
        if not isinstance(gas, int) or isinstance(gas, bool) or gas < 0:
            raise LineageError(f"gas must be a non-negative int or a receipt with gas_used, not {spent!r}")
        self.gas[label] = self.gas.get(label, 0) + gas
        return sum(self.gas.values())

    def log_model(self, model: Any, *, name: str = "model", path: str | Path | None = None) -> Manifest:
        """Fingerprint a model now (an estimator, torch module, weights path…); with `path`, also
        the saved file, so `nexus verify model PATH` finds it. Registered when the run ends."""
        m = fingerprint(model)
        saved = fingerprint(Path(path)) if path is not None else None
        info: dict[str, Any] = {}
        get_params = getattr(model, "get_params", None)
        if callable(get_params) and not isinstance(model, type):
            info["params"] = plain(get_params(deep=False))
        if path is not None:
            info["path"] = Path(path).name
        self._models.append((name, m, saved, info))
        return m

    # --- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> Self:
        if self._ledger is None:
            self._ledger = open_ledger(self._settings)
        self._lineage = Lineage(self._ledger)
        self._t0, self._wall0 = time.perf_counter(), time.time()
        self._caller = self.entry_file or sys._getframe(1).f_code.co_filename
        self._code = code_identity(self._code_path or Path(self._caller).parent)
        if self.seed is not None:
            self.seeds["seed"] = self.seed
            self.seeds["applied_to"] = _apply_seed(self.seed)
        for role, obj in self._pending_data.items():
            self.log_data(role, obj)
        self._meter = EnergyMeter(self._settings).__enter__()  # last: nothing below can fail
        self._token = _CURRENT.set(self)
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        if self._token is not None:
            _CURRENT.reset(self._token)
        try:
            self._finish(exc)
        except Exception:
            if exc is None:
                raise
            log.warning("could not record the failed run %r", self.name, exc_info=True)
        finally:
            if self._owns_ledger and self._ledger is not None:
                self._ledger.close()
                self._ledger = None

    def _cost(self) -> dict[str, Any]:
        energy = self._meter.stop() if self._meter is not None else {}
        self._meter = None
        return {**energy, "gas": sum(self.gas.values()), "gas_by": dict(self.gas)}

    def _finish(self, exc: BaseException | None) -> None:
        lineage = self.lineage
        cost = self._cost()
        payload: dict[str, Any] = {
            "name": self.name,
            "status": "failed" if exc else "ok",
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._wall0)),
            "duration_s": round(time.perf_counter() - self._t0, 6),
            "data": {r: {"id": d.id, "fingerprint": d.fingerprint, "name": d.name} for r, d in self.data.items()},
            "code": {**self._code, "entry": file_identity(self._caller)},
            "config": plain(self.config),
            "params": plain(self.params),
            "seeds": plain(self.seeds),
            "tags": plain(self.tags),
            "metrics": plain(self.metrics),
            "cost": plain(cost),
            "environment": environment(self._packages),
            "models": [
                {"name": n, "fingerprint": m.digest, "kind": m.kind, "file": s.digest if s else None, **info}
                for n, m, s, info in self._models
            ],
        }
        if exc is not None:
            payload["error"] = f"{type(exc).__name__}: {exc}"[:500]
            payload["models"] = []
        self.record = lineage.run(payload)
        if exc is None:
            for name, m, saved, info in self._models:
                rec = lineage.model(m, name=name, run=self.record.id)
                if saved is not None and saved.root != m.root:
                    lineage.artifact(saved, name=str(info.get("path") or name), model=rec.id)
                self.models.append(rec)

    # --- decorator use -----------------------------------------------------------------------
    def __call__(self, fn: F) -> F:
        """As a decorator: a fresh run per call; a returned model is logged if none was."""

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            run = TrainingRun(self.name, **self._init)  # type: ignore[arg-type]
            run.entry_file = getattr(getattr(fn, "__code__", None), "co_filename", None)
            with run:
                out = fn(*args, **kwargs)
                if out is not None and not run._models:
                    try:
                        run.log_model(out, name=getattr(fn, "__name__", "model"))
                    except LineageError:
                        raise
                    except Exception:  # noqa: BLE001  (not a model: nothing to log)
                        log.info("return value of %s is not a model; not logged", fn)
            wrapper.last_run = run  # type: ignore[attr-defined]
            return out

        return wrapper  # type: ignore[return-value]


def training_run(name: str, **options: Any) -> TrainingRun:
    """`with nexus.training_run("fraud", data={"train": df}, params={...}, seed=0) as run:` …
    `run.log_metrics(auc=…)`, `run.log_model(clf, path="model.skops")`; or `@training_run(...)`
    on a function (a fresh run per call). See `TrainingRun` for what is recorded."""
    return TrainingRun(name, **options)
