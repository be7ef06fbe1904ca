"""Compile the package's Vyper sources on first use, cached on disk by source hash."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vyper
from vyper.compiler import compile_from_file_input
from vyper.compiler.input_bundle import FilesystemInputBundle
from vyper.exceptions import VyperException

from .._fs import private_dir
from ..exceptions import CompileError, UnknownContract

__all__ = ["SOURCE_ROOT", "CompiledContract", "compile_contract", "contract_names", "source_path"]

_COMPILE_LOCK = threading.Lock()  # vyper keeps its settings in a module global: one compile at a time

SOURCE_ROOT = Path(__file__).parent


@dataclass(frozen=True)
class CompiledContract:
    """ABI and bytecode of one contract, with the hash of the sources that produced it."""

    name: str
    source_hash: str
    abi: list[dict[str, Any]]
    bytecode: bytes
    runtime: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source_hash": self.source_hash,
            "abi": self.abi,
            "bytecode": "0x" + self.bytecode.hex(),
            "runtime": "0x" + self.runtime.hex(),
            "compiler": f"vyper-{vyper.__version__}",
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CompiledContract:
        return cls(
            d["name"], d["source_hash"], d["abi"], bytes.fromhex(d["bytecode"][2:]), bytes.fromhex(d["runtime"][2:])
        )


def _is_module(path: Path) -> bool:
    """A Vyper module (snake_case, e.g. markets/lmsr_math.vy) is imported by contracts, never deployed."""
    return not path.stem[:1].isupper()


def contract_names(root: Path = SOURCE_ROOT) -> list[str]:
    """Every deployable contract (a CamelCase .vy file outside interfaces/), by file stem."""
    return sorted(p.stem for p in root.rglob("*.vy") if "interfaces" not in p.parts and not _is_module(p))


def source_path(name: str, root: Path = SOURCE_ROOT) -> Path:
    if name.endswith(".vy") or "/" in name:
        path = Path(name)
        if not path.is_absolute():
            path = root / path
        if not path.is_file():
            raise UnknownContract(f"no contract source {name}")
        return path
    matches = [p for p in root.rglob(f"{name}.vy") if "interfaces" not in p.parts]
    if not matches:
        raise UnknownContract(f"no contract named {name!r}; known: {', '.join(contract_names(root))}")
    if len(matches) > 1:
        raise UnknownContract(f"contract name {name!r} is ambiguous: {matches}")
    if _is_module(matches[0]):
        raise UnknownContract(f"{name!r} is a Vyper module imported by contracts, not a deployable contract")
    return matches[0]


def _source_hash(path: Path, root: Path) -> str:
    """Hash of the contract, every interface and every module in its domain, and the compiler."""
    h = hashlib.sha256(f"vyper-{vyper.__version__}\0".encode())
    deps = {path} | set((root / "interfaces").glob("*.vyi")) | set(path.parent.glob("*.vy*"))
    for dep in sorted(deps):
        h.update(str(dep.relative_to(root)).encode() + b"\0" + dep.read_bytes() + b"\0")
    return h.hexdigest()


def compile_contract(name: str, cache_dir: Path | None = None, root: Path = SOURCE_ROOT) -> CompiledContract:
    """Compile `name` (a stem like "Registry" or a path), reusing `cache_dir` when sources match."""
    path = source_path(name, root)
    digest = _source_hash(path, root)
    cached = cache_dir / f"{path.stem}-{digest[:24]}.json" if cache_dir else None
    if cached is not None and cached.is_file():
        try:
            return CompiledContract.from_json(json.loads(cached.read_text()))
        except (ValueError, KeyError, OSError):
            pass  # a damaged cache entry is rebuilt below
    with _COMPILE_LOCK:  # vyper keeps global state while compiling: one compile at a time per process
        if cached is not None and cached.is_file():  # another thread may have built it meanwhile
            try:
                return CompiledContract.from_json(json.loads(cached.read_text()))
            except (ValueError, KeyError, OSError):
                pass
        return _compile(path, root, digest, cached)


def _compile(path: Path, root: Path, digest: str, cached: Path | None) -> CompiledContract:
    bundle = FilesystemInputBundle([root])
    try:
        file_input = bundle.load_file(path.relative_to(root) if path.is_relative_to(root) else path)
        out = compile_from_file_input(
            file_input, input_bundle=bundle, output_formats=["abi", "bytecode", "bytecode_runtime"]
        )
    except VyperException as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CompileError(f"{path.name}: {type(exc).__name__}: {first}") from None
    compiled = CompiledContract(
        path.stem, digest, out["abi"], bytes.fromhex(out["bytecode"][2:]), bytes.fromhex(out["bytecode_runtime"][2:])
    )
    if cached is not None:
        _write_atomic(cached, json.dumps(compiled.to_json()))
    return compiled


def _write_atomic(path: Path, text: str) -> None:
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)
