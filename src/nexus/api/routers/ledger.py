"""Ledger records, receipts, anchoring and receipt verification over HTTP (the service decides)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from ...exceptions import LedgerError
from ...ledger.service import LedgerService
from ..dependencies import NodeDep
from ..schemas import AnchorResult, Appended, Lineage, Receipt, Record, VerifyReport

__all__ = ["router"]

router = APIRouter(prefix="/ledger", tags=["ledger"])


def _service(node: NodeDep) -> LedgerService:
    for svc in node.services:
        if isinstance(svc, LedgerService):
            return svc
    raise LedgerError("this node runs no ledger service")


Ledger = Annotated[LedgerService, Depends(_service)]


@router.post("/records", status_code=201, response_model=Appended)
def append(svc: Ledger, kind: Annotated[str, Body()], payload: Annotated[Any, Body()],
           key: Annotated[str | None, Body()] = None) -> dict[str, Any]:
    """Append one record; returns its id once durable (`key` makes retries idempotent)."""
    return svc.append(kind, payload, key)


@router.get("/lineage/{ref}", response_model=Lineage, response_model_exclude_unset=True)
def lineage(ref: str, svc: Ledger) -> dict[str, Any]:
    """The upstream graph (runs, datasets, transforms, models) of a record, by id or fingerprint."""
    return svc.lineage(ref)


@router.get("/records/{index}", response_model=Record, response_model_exclude_unset=True)
def record(index: int, svc: Ledger) -> dict[str, Any]:
    """One record: leaf, payload (null once erased), salt, time."""
    return svc.record(index)


@router.get("/records/{index}/receipt", response_model=Receipt,
            response_model_exclude_unset=True)
def receipt(index: int, svc: Ledger) -> dict[str, Any]:
    """The record's receipt against the first checkpoint anchored after it (409 until then)."""
    return svc.receipt(index)


@router.post("/anchor", response_model=AnchorResult)
def anchor(svc: Ledger) -> dict[str, Any]:
    """Anchor the whole log now (a no-op when the chain already covers it)."""
    return svc.anchor()


@router.post("/verify", response_model=VerifyReport)
def verify(svc: Ledger, receipt: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    """Check a receipt offline and against this node's chain; `valid` says the verdict."""
    return svc.verify(receipt)
