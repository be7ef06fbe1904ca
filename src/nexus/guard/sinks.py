"""Where findings go: a JSONL file and the provenance ledger (the node's event bus is wired by the service)."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .._fs import private_file
from .findings import Finding, Severity

__all__ = ["JsonlSink", "LedgerSink", "Sink"]

log = logging.getLogger(__name__)


class Sink(Protocol):
    def emit(self, finding: Finding) -> None: ...


class JsonlSink:
    """Appends one JSON line per finding (the Forta fields plus evidence and dedup key)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        private_file(self.path)  # findings name addresses and evidence: owner-only
        self._lock = threading.Lock()

    def emit(self, finding: Finding) -> None:
        line = json.dumps(finding.to_json(), sort_keys=True)
        with self._lock, self.path.open("a") as fh:
            fh.write(line + "\n")


class LedgerSink:
    """Records critical findings in the provenance ledger through its `append(kind, payload)`."""

    def __init__(
        self, append: Callable[[str, dict[str, Any]], Any], min_severity: Severity = Severity.CRITICAL
    ) -> None:
        self._append = append
        self.min_severity = min_severity

    def emit(self, finding: Finding) -> None:
        if finding.severity.rank >= self.min_severity.rank:
            self._append("guard.finding", finding.to_json())
