"""The sandbox as a source of guard watch targets for a node (when a sandbox is deployed on its chain)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from .deploy import load_sandbox, sandbox_manifest

if TYPE_CHECKING:
    from ..chain.base import ChainBackend
    from ..guard.targets import WatchTargets
    from ..settings import Settings

__all__ = ["sandbox_targets"]

log = logging.getLogger(__name__)


def sandbox_targets(settings: Settings) -> Callable[[ChainBackend], WatchTargets | None]:
    """A provider the guard service calls on start: the watch targets of the sandbox recorded for
    that chain in the settings' deployments directory, or None when there is none (or it is stale)."""

    def provide(chain: ChainBackend) -> WatchTargets | None:
        path = sandbox_manifest(settings.deployments_dir, chain.chain_id)
        if not path.exists():
            return None
        try:
            return load_sandbox(chain, path, settings.cache_dir / "contracts").watch_targets()
        except Exception as exc:  # a stale or foreign manifest: watch nothing from it
            log.warning("guard: sandbox manifest ignored: %s", exc)
            return None

    return provide
