"""The root of the tree and the errors any layer may raise: settings, missing extras."""

from __future__ import annotations

__all__ = ["ConfigError", "MissingExtra", "NexusError"]


class NexusError(Exception):
    """Base of every error the project raises on purpose. `exit_code` is the CLI's exit status."""

    exit_code: int = 1
    http_status: int = 500


class ConfigError(NexusError, ValueError):
    """A setting is missing, malformed or contradicts another."""

    exit_code = 2
    http_status = 400


class MissingExtra(NexusError, ImportError):
    """An optional dependency is not installed; the message names the exact `pip install`."""

    exit_code = 30
    http_status = 501
