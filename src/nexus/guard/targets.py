"""What the guard watches, as data: contracts with their kind, standard interface, protocol name
and whether the guardian may pause them; parsed from `ADDR[:kind]`, kept in a TOML file."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from eth_utils import is_address, to_checksum_address

from ..exceptions import WatchTargetError

__all__ = ["STANDARDS", "WatchTarget", "WatchTargets", "parse_target"]

# Standard interfaces the guard decodes events of (txview/decoders.py); a kind that is none of
# these is a role ("amm", "bridge", ...) and the contract still gets value-flow analysis.
STANDARDS = (
    "erc20",
    "erc721",
    "erc4626",
    "uniswap-v2-pair",
    "uniswap-v3-pool",
    "lending",
    "governor",
    "timelock",
    "bridge",
    "proxy",
)
_KIND_OK = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class WatchTarget:
    """One watched contract. `kind` is its role or standard ("amm", "lending", "erc4626", ...);
    `pausable`: the guardian may pause it when a critical finding shows it losing funds;
    `protocol`: the name findings about it carry (default: its kind and address);
    `abi`: extra event ABI entries (JSON objects) to decode besides the standard ones."""

    address: str
    kind: str
    pausable: bool = False
    protocol: str = ""
    abi: tuple[str, ...] = ()

    @property
    def standard(self) -> str | None:
        return self.kind if self.kind in STANDARDS else None

    @property
    def label(self) -> str:
        return self.protocol or f"{self.kind}:{self.address[:6]}…{self.address[-4:]}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "address": self.address,
            "kind": self.kind,
            "pausable": self.pausable,
            "protocol": self.label,
            "standard": self.standard,
        }
        if self.abi:
            out["abi"] = [json.loads(a) for a in self.abi]
        return out


def _norm_kind(kind: str) -> str:
    k = kind.strip().lower()
    if not k or len(k) > 40 or not set(k) <= _KIND_OK:
        raise WatchTargetError(f"bad watch-target kind {kind!r}: use letters, digits, - and _ (e.g. erc4626)")
    return k


def _norm_address(address: str) -> str:
    if not isinstance(address, str) or not is_address(address) or not address.startswith("0x"):
        raise WatchTargetError(f"bad watch-target address {address!r}: expected 0x and 40 hex digits")
    return str(to_checksum_address(address))


def make_target(
    address: str, kind: str = "contract", *, pausable: bool = False, protocol: str = "", abi: Any = ()
) -> WatchTarget:
    """A validated target (address checksummed, kind lower-case; abi entries kept as JSON text)."""
    if len(protocol) > 80:
        raise WatchTargetError("watch-target protocol name longer than 80 characters")
    entries: list[str] = []
    for e in abi or ():
        if not isinstance(e, dict) or e.get("type") != "event" or not isinstance(e.get("name"), str):
            raise WatchTargetError("watch-target abi: only event entries ({'type': 'event', 'name': ...})")
        entries.append(json.dumps(e, sort_keys=True))
    return WatchTarget(_norm_address(address), _norm_kind(kind), bool(pausable), protocol.strip(), tuple(entries))


def parse_target(spec: str) -> WatchTarget:
    """`ADDR[:kind]` (what `nexus guard watch --target` takes) -> a target; kind defaults to contract."""
    addr, _, kind = spec.strip().partition(":")
    return make_target(addr, kind or "contract")


@dataclass
class WatchTargets:
    """Every contract the guard watches, plus the guardian contract that pauses the pausable ones
    and the account allowed to call it (no guardian: detect only, never pause)."""

    targets: dict[str, WatchTarget] = field(default_factory=dict)
    guardian: str | None = None
    operator: str | None = None

    def add(self, target: WatchTarget) -> None:
        self.targets[target.address] = target

    def remove(self, address: str) -> bool:
        return self.targets.pop(_norm_address(address), None) is not None

    def get(self, address: str) -> WatchTarget | None:
        return self.targets.get(address)

    def merge(self, other: WatchTargets | None) -> WatchTargets:
        """A copy with `other`'s targets added (theirs win) and its guardian when this has none."""
        out = WatchTargets(dict(self.targets), self.guardian, self.operator)
        if other is not None:
            out.targets.update(other.targets)
            if out.guardian is None:
                out.guardian, out.operator = other.guardian, other.operator
        return out

    def roles(self) -> dict[str, str]:
        """Address -> kind of every watched contract (what detectors read as protocol roles)."""
        return {a: t.kind for a, t in self.targets.items()}

    def pausable(self) -> dict[str, str]:
        """Address -> kind of every contract the guardian may pause."""
        return {a: t.kind for a, t in self.targets.items() if t.pausable}

    def protocol_of(self, addresses: list[str]) -> str | None:
        """The protocol name of the first watched address among `addresses`."""
        for a in addresses:
            t = self.targets.get(a)
            if t is not None:
                return t.label
        return None

    # --- the TOML file -------------------------------------------------------------------------
    def to_toml(self) -> str:
        lines = ["# nexus guard watch targets (nexus guard watch --target, POST /guard/targets)"]
        if self.guardian:
            lines += [f'guardian = "{self.guardian}"']
        if self.operator:
            lines += [f'operator = "{self.operator}"']
        for t in sorted(self.targets.values(), key=lambda t: t.address):
            lines += [
                "",
                "[[target]]",
                f'address = "{t.address}"',
                f'kind = "{t.kind}"',
                f"pausable = {'true' if t.pausable else 'false'}",
            ]
            if t.protocol:
                lines.append(f"protocol = {_toml_str(t.protocol)}")
            if t.abi:
                lines.append(f"abi = [{', '.join(_toml_str(a) for a in t.abi)}]")
        return "\n".join(lines) + "\n"

    def save(self, path: Path) -> None:
        """Write atomically (a crash leaves the old file or the new one, never half of one)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("w") as fh:
            fh.write(self.to_toml())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> WatchTargets:
        """Read a targets file; a missing file is an empty set, a malformed one an error."""
        if not path.exists():
            return cls()
        try:
            data = tomllib.loads(path.read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise WatchTargetError(f"cannot read watch targets {path}: {exc}") from None
        out = cls(guardian=_opt_addr(data.get("guardian")), operator=_opt_addr(data.get("operator")))
        for row in data.get("target", []):
            if not isinstance(row, dict) or "address" not in row:
                raise WatchTargetError(f"{path}: every [[target]] needs an address")
            abi = [json.loads(a) if isinstance(a, str) else a for a in row.get("abi", [])]
            out.add(
                make_target(
                    row["address"],
                    str(row.get("kind", "contract")),
                    pausable=bool(row.get("pausable")),
                    protocol=str(row.get("protocol", "")),
                    abi=abi,
                )
            )
        return out

    def with_pausable(self, address: str, pausable: bool) -> None:
        t = self.targets[address]
        self.targets[address] = replace(t, pausable=pausable)


def _toml_str(text: str) -> str:
    """A TOML basic string: quote, backslash and control characters escaped, the rest as is."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _opt_addr(value: Any) -> str | None:
    return None if value in (None, "") else _norm_address(str(value))
