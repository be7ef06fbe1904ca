"""The scanner's input error (defined with every other error in `nexus.exceptions`): one bad file,
reported per file while the run goes on."""

from __future__ import annotations

from ..exceptions import ScanInputError

__all__ = ["ScanInputError"]
