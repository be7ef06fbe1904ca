"""The local model store: registered model files kept by fingerprint under `<home>/models/`.

`nexus model register` copies the file (or directory) it registers to
`<home>/models/<hex of the fingerprint>/<original name>`, so what serves later is the very content
the DAO voted on, whatever happens to the original path. Serving code (`nexus.models.load`) looks
the registry's active fingerprint up here and fingerprints the stored copy again before using it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..exceptions import GovernanceInputError
from .registry import fingerprint_bytes

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = ["ModelStore"]


class ModelStore:
    """Fingerprint -> stored file. Entries are written once (to a temp name, then renamed)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def of(cls, settings: Settings) -> ModelStore:
        return cls(settings.home / "models")

    def _slot(self, fingerprint: str | bytes) -> Path:
        return self.root / fingerprint_bytes(fingerprint).hex()

    def put(self, path: Path, fingerprint: str | bytes) -> Path:
        """Keep a copy of `path` under its fingerprint (the caller computed it); returns the copy."""
        src = Path(path)
        if not src.exists():
            raise GovernanceInputError(f"gov: no model file {src}")
        found = self.get(fingerprint)
        if found is not None:
            return found
        slot = self._slot(fingerprint)
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".put-", dir=self.root))
        try:
            target = tmp / src.name
            if src.is_dir():
                shutil.copytree(src, target, symlinks=False)
            else:
                shutil.copy2(src, target)
            try:
                tmp.rename(slot)
            except OSError:  # another writer stored it first: theirs is the same content
                if self.get(fingerprint) is None:
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        stored = self.get(fingerprint)
        assert stored is not None
        return stored

    def get(self, fingerprint: str | bytes) -> Path | None:
        """The stored copy of that fingerprint, or None."""
        slot = self._slot(fingerprint)
        if not slot.is_dir():
            return None
        entries = [p for p in slot.iterdir() if not p.name.startswith(".")]
        return entries[0] if len(entries) == 1 else None

    def fingerprints(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted("sha256:" + p.name for p in self.root.iterdir() if p.is_dir() and len(p.name) == 64)
