"""The node's DataMarket contract (deployed on first use, kept in the manifest) and plain-data views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .market import DataMarket

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["data_market", "list_datasets", "list_jobs", "list_orders"]


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
    return [{**d.to_json(), "jobs": earned.get(d.id, 0), "provider_credit": str(market.credit(d.owner))}
            for d in market.datasets()]


def list_orders(nexus: Nexus, buyer: str | None = None) -> list[dict[str, Any]]:
    market = data_market(nexus, deploy=False)
    return [] if market is None else [o.to_json() for o in market.orders(buyer=buyer)]


def list_jobs(nexus: Nexus) -> list[dict[str, Any]]:
    market = data_market(nexus, deploy=False)
    return [] if market is None else market.jobs()
