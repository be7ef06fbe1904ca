"""`load(name)`: the registry's active version of a model, from the local store, fingerprint-checked;
`register(...)`: a version with its fairness audit attached (what `nexus model register` runs)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import FairnessInputError, GovernanceInputError, ModelNotServable, ModelVersionNotFound
from ..governance.client import Governance
from ..governance.registry import fingerprint_bytes, name_bytes
from ..governance.store import ModelStore
from .governed import GovernedModel, Reader, read_model

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["check_report", "load", "load_from", "read_report", "register", "serving_loader"]

log = logging.getLogger(__name__)


def _governance(nexus: Nexus) -> Governance | None:
    gov = Governance(nexus.chain, nexus.deployer)
    return gov if gov.deployed() else None


def load_from(
    gov: Governance | None,
    name: str,
    store: ModelStore,
    *,
    reader: Reader | None = None,
    trust_pickle: bool = False,
    settings: Any = None,
) -> GovernedModel:
    """The active version of `name` per the registry of `gov`, or ModelNotServable."""
    from ..ledger.fingerprint import fingerprint

    if gov is None:
        raise ModelNotServable(
            f"models: no model registry on this chain, so {name!r} cannot be served (deploy one with `nexus gov setup`)"
        )
    reg = gov.registry
    try:
        fp = reg.serving_fingerprint(name)
    except (ModelVersionNotFound, GovernanceInputError) as exc:
        raise ModelNotServable(f"models: {name!r} is not servable: {exc}") from None
    version = int(reg.contract.versionOf(name_bytes(name), fingerprint_bytes(fp)))
    path = store.get(fp)
    if path is None:
        raise ModelNotServable(
            f"models: {name} v{version} ({fp}) is not in the local model store {store.root}"
            " (register or copy it with `nexus model register`)"
        )
    actual = fingerprint(path, settings=settings).root
    if fingerprint_bytes(actual) != fingerprint_bytes(fp):
        raise ModelNotServable(f"models: {path} has fingerprint {actual}, not {name} v{version}'s {fp}; refused")
    model = reader(path) if reader is not None else read_model(path, trust_pickle=trust_pickle)
    return GovernedModel(model, name=name, version=version, fingerprint=fp, path=path)


def load(
    name: str, *, nexus: Nexus | None = None, reader: Reader | None = None, trust_pickle: bool = False
) -> GovernedModel:
    """The model `name` as the DAO has it now: the registry's active version, read from the local
    model store after its file's fingerprint is checked against the registry. ModelNotServable
    for anything else (no registry, no active version, paused, not stored here, mismatch)."""
    if nexus is None:
        from .._client import connect

        with connect(readonly=True) as nx:
            return load(name, nexus=nx, reader=reader, trust_pickle=trust_pickle)
    return load_from(
        _governance(nexus),
        name,
        ModelStore.of(nexus.settings),
        reader=reader,
        trust_pickle=trust_pickle,
        settings=nexus.settings,
    )


def serving_loader(
    nexus: Nexus, *, trust_pickle: bool = False, registered_only: bool = False
) -> Callable[[str], GovernedModel | None]:
    """What serving code is given: `loader(name)` is None when this chain has no model registry
    (the caller falls back to its bundled model and says so), else the active version or
    ModelNotServable. `registered_only`: None too for a name the registry has never seen (models
    the DAO does not govern, e.g. forecasters trained inside a simulation)."""
    gov = _governance(nexus)
    store = ModelStore.of(nexus.settings)

    def loader(name: str) -> GovernedModel | None:
        if gov is None or (registered_only and gov.registry.version_count(name) == 0):
            return None
        return load_from(gov, name, store, trust_pickle=trust_pickle, settings=nexus.settings)

    return loader


def read_report(path: Path) -> Any:
    """A fairness audit report file (`nexus fairness audit --out`), its fingerprint verified."""
    from ..fairness.report import FairnessReport

    try:
        return FairnessReport.loads(Path(path).read_bytes())
    except OSError as exc:
        raise FairnessInputError(f"cannot read fairness report {path} ({exc.strerror})") from None


def register(
    nexus: Nexus,
    name: str,
    path: Path,
    *,
    fairness_report: Path | None = None,
    fairness_gap: str | None = None,
    ledger: bool = True,
    sender: str | None = None,
) -> dict[str, Any]:
    """Register `path` as a new version of `name`. With an audit report (`nexus fairness audit`),
    the version carries the report's fingerprint and gate metric (the registry's fairness gap),
    and the report is anchored in the ledger. A report of another model is refused."""
    from ..governance import service

    if fairness_report is None:
        return service.register_model(nexus, name, path, fairness_gap=fairness_gap, ledger=ledger, sender=sender)
    report = check_report(fairness_report, Path(path))
    out = service.register_model(
        nexus, name, path, report=(report.fingerprint(), report.metric_1e6), ledger=ledger, sender=sender
    )
    record = None
    if ledger:
        from ..ledger import open_ledger

        with open_ledger(nexus.settings) as led:
            record = report.anchor(led)
            led.flush()
    return {
        **out,
        "fairness_report_fingerprint": report.fingerprint(),
        "fairness_record": record,
        "fairness_metric": report.data["gate"]["metric"],
    }


def check_report(report_path: Path, path: Path) -> Any:
    """The report at `report_path`, refused when edited or when it audits another estimator than
    the `.skops` file at `path` (the report names the audited estimator's fingerprint)."""
    report = read_report(report_path)
    want = (report.data.get("model") or {}).get("fingerprint")
    if not want or path.suffix.lower() != ".skops":
        return report
    from ..fairness.models import load_model
    from ..ledger.fingerprint import fingerprint

    have = fingerprint(load_model(path)).digest
    if have != want:
        raise FairnessInputError(f"the fairness report audits model {want[:19]}…, not {path.name} ({have[:19]}…)")
    return report
