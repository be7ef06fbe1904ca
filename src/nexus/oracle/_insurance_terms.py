"""Where an insurance product is found: its terms file beside the deployment manifest
(`<deployments>/insurance-<chain id>.json`), its `ins:<name>` key in the core Registry, its pool contract."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..chain.contract import Contract
from ..contracts.compiler import compile_contract
from ..contracts.deploy import name_key
from ..exceptions import InsuranceError, UnknownProduct
from ._sidecar import load_sidecar, save_sidecar

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["PREFIX", "load_terms", "product_contract", "product_key", "region", "save_terms"]

PREFIX = "ins:"


def load_terms(nx: Nexus) -> dict[str, dict[str, Any]]:
    return load_sidecar(nx, "insurance")


def save_terms(nx: Nexus, products: dict[str, dict[str, Any]]) -> None:
    save_sidecar(nx, "insurance", products)


def product_key(name: str) -> bytes:
    if not name or not name.isprintable() or len((PREFIX + name).encode()) > 32:
        raise InsuranceError(f"a product name is 1..{32 - len(PREFIX)} printable characters: {name!r}")
    return name_key(PREFIX + name)


def product_contract(nx: Nexus, name: str) -> tuple[Contract, dict[str, Any]]:
    terms = load_terms(nx).get(name)
    registry = nx.contracts.get("Registry")
    if (
        terms is None
        or registry is None
        or int(registry.version(product_key(name))) == 0
        or registry.lookup(product_key(name)) != terms["address"]
    ):
        raise UnknownProduct(
            f"no insurance product named {name!r} on chain {nx.chain.chain_id}"
            " (see `nexus insurance policies` or create one)"
        )
    abi = compile_contract("ParametricInsurance", nx.settings.cache_dir / "contracts").abi
    return Contract(nx.chain, terms["address"], abi, f"ins:{name}"), terms


def region(feed: str) -> bytes:
    return feed.encode()[:32].ljust(32, b"\0")
