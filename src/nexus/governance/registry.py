"""The on-chain model registry: names and fingerprints as bytes32, versions as plain data."""

from __future__ import annotations

from typing import Any

from eth_utils import to_checksum_address

from ..chain.contract import Contract
from ..exceptions import ContractReverted, GovernanceInputError, ModelVersionNotFound

__all__ = ["GAP_UNIT", "ModelRegistry", "fingerprint_bytes", "name_bytes"]

GAP_UNIT = 1_000_000  # fairness gaps are stored in millionths (0.05 -> 50_000)
_ZERO32 = b"\0" * 32


def name_bytes(name: str) -> bytes:
    """A model name as the registry keys it: ASCII/UTF-8, right-padded to 32 bytes."""
    raw = name.strip().encode()
    if not raw or len(raw) > 32:
        raise GovernanceInputError(f"gov: model name {name!r} must be 1-32 bytes")
    return raw.ljust(32, b"\0")


def fingerprint_bytes(fp: str | bytes) -> bytes:
    """A fingerprint (`sha256:<hex>`, bare 64 hex digits or 32 bytes) as bytes32."""
    if isinstance(fp, bytes):
        if len(fp) != 32:
            raise GovernanceInputError("gov: a fingerprint is 32 bytes")
        return fp
    text = fp.strip().lower().removeprefix("sha256:").removeprefix("0x")
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise GovernanceInputError(f"gov: {fp!r} is not a sha256 fingerprint (64 hex digits)")
    return raw


def _b32(value: Any) -> bytes:
    """A bytes32 the ABI decoder returned (bytes, or a 0x string for a single return value)."""
    return bytes.fromhex(value[2:]) if isinstance(value, str) else bytes(value)


def _name_str(raw: Any) -> str:
    return _b32(raw).rstrip(b"\0").decode(errors="replace")


class ModelRegistry:
    """Reads and registrations on a ModelRegistry contract; activation goes through governance."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.address = contract.address

    def register(
        self,
        name: str,
        fingerprint: str | bytes,
        *,
        lineage: bytes = _ZERO32,
        fairness_report: bytes = _ZERO32,
        fairness_gap: int = 0,
        sender: str | None = None,
    ) -> int:
        """Record a version (not activated); returns its number. A fingerprint is registered once."""
        key, fp = name_bytes(name), fingerprint_bytes(fingerprint)
        self.check_new(name, fp)
        if fairness_gap < 0:
            raise GovernanceInputError("gov: a fairness gap is not negative")
        rc = self.contract.register(key, fp, lineage, fairness_report, fairness_gap, sender=sender)
        ev = next(e for e in self.contract.decode(rc) if e.name == "VersionRegistered")
        return int(ev.args["version"])

    def check_new(self, name: str, fingerprint: str | bytes) -> None:
        """GovernanceInputError when model `name` already has this fingerprint."""
        known = int(self.contract.versionOf(name_bytes(name), fingerprint_bytes(fingerprint)))
        if known:
            raise GovernanceInputError(f"gov: {name} already has this fingerprint as version {known}")

    def names(self) -> list[str]:
        return [_name_str(self.contract.modelAt(i)) for i in range(int(self.contract.modelCount()))]

    def version_count(self, name: str) -> int:
        return int(self.contract.versionCount(name_bytes(name)))

    def resolve(self, name: str, ref: str | int) -> int:
        """A version number from a number or a fingerprint of model `name`."""
        count = self.version_count(name)
        if count == 0:
            raise ModelVersionNotFound(f"gov: no model named {name!r} in the registry")
        if isinstance(ref, int) or (str(ref).isdigit() and len(str(ref)) < 10):
            v = int(ref)
            if not 1 <= v <= count:
                raise ModelVersionNotFound(f"gov: {name} has versions 1-{count}, not {v}")
            return v
        v = int(self.contract.versionOf(name_bytes(name), fingerprint_bytes(str(ref))))
        if v == 0:
            raise ModelVersionNotFound(f"gov: {name} has no version with fingerprint {ref}")
        return v

    def version(self, name: str, version: int) -> dict[str, Any]:
        fp, lineage, report, gap, registrant, block = self.contract.getVersion(name_bytes(name), version)
        return {
            "name": name,
            "version": version,
            "fingerprint": "sha256:" + _b32(fp).hex(),
            "lineage": "0x" + _b32(lineage).hex(),
            "fairness_report": "0x" + _b32(report).hex(),
            "fairness_gap": gap / GAP_UNIT,
            "fairness_gap_raw": int(gap),
            "registrant": to_checksum_address(registrant),
            "registered_block": int(block),
        }

    def versions(self, name: str) -> list[dict[str, Any]]:
        active = self.active_version(name)
        return [{**self.version(name, v), "active": v == active} for v in range(1, self.version_count(name) + 1)]

    def active_version(self, name: str) -> int:
        return int(self.contract.activeVersion(name_bytes(name)))

    def model(self, name: str) -> dict[str, Any]:
        """A model's summary: versions, the active one (or None), paused, and what serves now."""
        count = self.version_count(name)
        if count == 0:
            raise ModelVersionNotFound(f"gov: no model named {name!r} in the registry")
        active = self.active_version(name)
        paused = bool(self.contract.paused(name_bytes(name)))
        return {
            "name": name,
            "versions": count,
            "active_version": active or None,
            "active": self.version(name, active) if active else None,
            "paused": paused,
            "serving": None if paused or not active else self.version(name, active)["fingerprint"],
        }

    def serving_fingerprint(self, name: str) -> str:
        """What model `name` may serve now (GovernanceStateError-like revert reason otherwise)."""
        try:
            return "sha256:" + _b32(self.contract.servingFingerprint(name_bytes(name))).hex()
        except ContractReverted as exc:
            raise ModelVersionNotFound(f"{exc.reason or 'registry: not servable'} ({name})") from None

    def params(self) -> dict[str, Any]:
        gap = int(self.contract.maxFairnessGap())
        return {
            "address": self.address,
            "admin": self.contract.admin(),
            "guardian": self.contract.guardian(),
            "registrar": self.contract.registrar(),
            "max_fairness_gap": gap / GAP_UNIT,
            "max_fairness_gap_raw": gap,
        }
