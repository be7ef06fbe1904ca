"""Parametric insurance: products, policies and the claims their pools paid."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ...oracle import insurance as service
from ..dependencies import NexusDep
from ..schemas.insurance import BoughtPolicy, BuyRequest, Claims, CreateProduct, Policy, Product, TriggerRequest

__all__ = ["router"]

router = APIRouter(prefix="/insurance", tags=["insurance"])


@router.get("/products", response_model=list[Product])
def products(nexus: NexusDep) -> list[dict[str, Any]]:
    """Every product with its terms and pool."""
    return service.list_products(nexus)


@router.get("/products/{name}", response_model=Product)
def product(name: str, nexus: NexusDep) -> dict[str, Any]:
    """One product (404 if unknown)."""
    return service.get_product(nexus, name)


@router.get("/policies", response_model=list[Policy])
def policies(nexus: NexusDep, product: str | None = None) -> list[dict[str, Any]]:
    """Policies of one product, or of all."""
    return service.list_policies(nexus, product)


@router.get("/claims", response_model=Claims)
def claims(nexus: NexusDep, product: str | None = None) -> dict[str, Any]:
    """Claims the pools paid automatically."""
    return service.claims(nexus, product)


@router.post("/products", response_model=Product)
def create(body: CreateProduct, nexus: NexusDep) -> dict[str, Any]:
    """Create and fund a product (a write: needs the API token)."""
    data = body.model_dump()
    return service.create_product(nexus, data.pop("name"), **data)


@router.post("/products/{name}/buy", response_model=BoughtPolicy)
def buy(name: str, body: BuyRequest, nexus: NexusDep) -> dict[str, Any]:
    """Buy a policy of `name` (refused while the trigger is already crossed)."""
    return service.buy_policy(nexus, name, **body.model_dump())


@router.post("/claims/trigger", response_model=Claims)
def trigger(body: TriggerRequest, nexus: NexusDep) -> dict[str, Any]:
    """Ask the pools to pay what their feed's latest round makes due (no policy is paid twice)."""
    return service.claims(nexus, body.product, trigger=True, sender=body.sender)
