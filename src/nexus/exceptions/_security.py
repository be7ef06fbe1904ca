"""The guard's watch targets and the contract scanner: exit codes 43-44, 131 (and 2)."""

from __future__ import annotations

from ._base import NexusError

__all__ = ["ScanBaselineError", "ScanInputError", "WatchTargetError", "WatchTargetNotFound"]


class WatchTargetError(NexusError, ValueError):
    """A guard watch target is malformed (address, kind, ABI) or its targets file cannot be read."""

    exit_code = 43
    http_status = 400


class WatchTargetNotFound(WatchTargetError, KeyError):
    """The guard does not watch that address."""

    exit_code = 44
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "not a watched address"


class ScanInputError(NexusError, ValueError):
    """A source file cannot be scanned (unreadable, not UTF-8, too large, syntax error, unknown pragma)."""

    exit_code = 2
    http_status = 400


class ScanBaselineError(NexusError, ValueError):
    """`nexus scan --baseline FILE`: the earlier report cannot be read (missing, not JSON, not a scan report).
    (130 is the shell's code for an interrupt, so the scanner's block starts at 131.)"""

    exit_code = 131
    http_status = 400
