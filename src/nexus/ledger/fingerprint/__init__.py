"""Content fingerprints: manifests of per-file, per-row-chunk and per-tensor SHA-256 digests."""

from ._api import AS_CHOICES, fingerprint
from ._diff import ManifestDiff, diff
from ._manifest import FORMAT, Manifest, ManifestEntry, is_manifest_file, load_manifest

__all__ = [
    "AS_CHOICES",
    "FORMAT",
    "ManifestEntry",
    "Manifest",
    "ManifestDiff",
    "diff",
    "fingerprint",
    "is_manifest_file",
    "load_manifest",
]
