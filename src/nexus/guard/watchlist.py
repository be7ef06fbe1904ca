"""Plain-data service functions over the watch-targets file (the CLI and the API both call these)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..exceptions import WatchTargetNotFound
from .targets import WatchTargets, make_target

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = ["add_target", "describe_targets", "load_targets", "remove_target"]

_LOCK = threading.Lock()  # one writer of the file per process (the API may run requests in threads)


def load_targets(settings: Settings) -> WatchTargets:
    """The targets named in the settings' TOML file (missing file: none)."""
    return WatchTargets.load(settings.guard_targets_path)


def describe_targets(
    targets: WatchTargets, activity: dict[str, int] | None = None, sources: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Each target as JSON, with the block of its last activity (if the monitor saw one) and
    where it comes from ("file", "sandbox", ...)."""
    act = activity or {}
    src = sources or {}
    return [
        {**t.to_json(), "last_activity": act.get(a), "source": src.get(a, "file")}
        for a, t in sorted(targets.targets.items())
    ]


def add_target(
    settings: Settings,
    address: str,
    kind: str = "contract",
    *,
    pausable: bool = False,
    protocol: str = "",
    abi: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Validate and add (or replace) one target in the file; returns it. Bad input changes nothing."""
    target = make_target(address, kind, pausable=pausable, protocol=protocol, abi=abi or ())
    with _LOCK:
        current = load_targets(settings)
        current.add(target)
        current.save(settings.guard_targets_path)
    return target.to_json()


def remove_target(settings: Settings, address: str) -> dict[str, Any]:
    """Drop one target from the file; WatchTargetNotFound when the file does not name it."""
    with _LOCK:
        current = load_targets(settings)
        if not current.remove(address):
            raise WatchTargetNotFound(f"the targets file does not watch {address}")
        current.save(settings.guard_targets_path)
    return {"removed": address}
