"""The scanner's input error: one bad file, reported per file while the run goes on."""

from __future__ import annotations

from ..exceptions import NexusError

__all__ = ["ScanInputError"]


class ScanInputError(NexusError, ValueError):
    """A source file cannot be scanned (unreadable, not UTF-8, too large, syntax error, unknown pragma)."""

    exit_code = 2
    http_status = 400
