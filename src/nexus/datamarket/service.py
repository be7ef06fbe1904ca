"""The node's DataMarket contract (deployed on first use, kept in the manifest) and plain-data views."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .market import DataMarket

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["allow_algorithm", "buy", "compute", "data_market", "list_datasets", "list_jobs", "list_orders", "publish"]


def data_market(nexus: Nexus, *, deploy: bool = True) -> DataMarket | None:
    contract = nexus.contracts.get("DataMarket")
    if contract is None and deploy:
        contract = nexus.deploy(["DataMarket"])["DataMarket"]
        nexus.chain.flush()
    return None if contract is None else DataMarket(contract)


def list_datasets(nexus: Nexus) -> list[dict[str, Any]]:
    market = data_market(nexus, deploy=False)
    if market is None:
        return []
    earned: dict[int, int] = {}
    for job in market.jobs():
        earned[job["dataset"]] = earned.get(job["dataset"], 0) + 1
    return [
        {**d.to_json(), "jobs": earned.get(d.id, 0), "provider_credit": str(market.credit(d.owner))}
        for d in market.datasets()
    ]


def list_orders(nexus: Nexus, buyer: str | None = None) -> list[dict[str, Any]]:
    market = data_market(nexus, deploy=False)
    return [] if market is None else [o.to_json() for o in market.orders(buyer=buyer)]


def list_jobs(nexus: Nexus) -> list[dict[str, Any]]:
    market = data_market(nexus, deploy=False)
    return [] if market is None else market.jobs()


def _dev_key(address: str) -> bytes:
    from eth_utils import keccak

    from ..chain.accounts import dev_addresses
    from ..exceptions import DataMarketInputError

    for i, a in enumerate(dev_addresses()):
        if a.lower() == address.lower():
            return keccak(f"symbiotic-nexus dev account {i}".encode())
    raise DataMarketInputError(f"{address} is not a dev account: signing receipts needs a dev account here")


def publish(
    nexus: Nexus, data: Path, *, price: int, sender: str, lineage: str | None = None, allow: list[Path] | None = None
) -> dict[str, Any]:
    """List a parquet dataset (its fingerprint on chain, lineage root in the event), allow algorithms."""
    from ..exceptions import DataMarketInputError
    from .compute import algorithm_hash, dataset_fingerprint

    if Path(data).suffix != ".parquet" or not Path(data).is_file():
        raise DataMarketInputError(f"{data}: a dataset is a .parquet file")
    market = data_market(nexus)
    assert market is not None
    ds = market.list_dataset(dataset_fingerprint(Path(data)), lineage, price, sender=sender)
    allowed = []
    for algo in allow or []:
        h = algorithm_hash(algo)
        market.allow(ds, h, sender=sender)
        allowed.append("0x" + h.hex())
    return {**market.dataset(ds).to_json(), "allowed": allowed, "gas": market.last_receipt.gas_used}


def allow_algorithm(nexus: Nexus, dataset: int, algorithm: Path, *, sender: str, ok: bool = True) -> dict[str, Any]:
    from .compute import algorithm_hash

    market = data_market(nexus)
    assert market is not None
    h = algorithm_hash(algorithm)
    market.allow(dataset, h, ok, sender=sender)
    return {"dataset": dataset, "algorithm": "0x" + h.hex(), "allowed": ok}


def buy(nexus: Nexus, dataset: int, *, sender: str) -> dict[str, Any]:
    market = data_market(nexus, deploy=False)
    if market is None:
        from ..exceptions import DatasetNotFound

        raise DatasetNotFound("no DataMarket contract on this chain (list a dataset first)")
    oid = market.buy(dataset, sender=sender)
    return {**market.order(oid).to_json(), "gas": market.last_receipt.gas_used}


def compute(
    nexus: Nexus, order: int, algorithm: Path, data: Path, *, sender: str, ledger: Any = None
) -> dict[str, Any]:
    """Run a paid job as the provider `sender`; the result and its signed receipt."""
    from ..exceptions import DatasetNotFound
    from .compute import run_job

    market = data_market(nexus, deploy=False)
    if market is None:
        raise DatasetNotFound("no DataMarket contract on this chain")
    return run_job(market, order, Path(algorithm), Path(data), provider_key=_dev_key(sender), ledger=ledger).to_json()
