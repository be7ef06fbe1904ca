"""Ledger records, receipts, anchoring and receipt verification over HTTP (the service decides).

Payloads and salts go only to requests with the node's token (see `api.redact`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request, Response
from pydantic import BaseModel

from ...ledger.service import LedgerService
from ..dependencies import NodeDep
from ..redact import no_store, redact_graph, redact_receipt, redact_record
from ..schemas import AnchorResult, Appended, Lineage, Receipt, Record, VerifyReport
from ..security import has_token

__all__ = ["router"]

router = APIRouter(prefix="/ledger", tags=["ledger"])


def _service(node: NodeDep) -> LedgerService:
    return node.service(LedgerService)


Ledger = Annotated[LedgerService, Depends(_service)]


class AppendBody(BaseModel):
    """`payload` is any JSON value, null included (required all the same)."""

    kind: str
    payload: Any
    key: str | None = None


@router.post("/records", status_code=201, response_model=Appended)
def append(svc: Ledger, body: AppendBody) -> dict[str, Any]:
    """Append one record; returns its id once durable (`key` makes retries idempotent)."""
    return svc.append(body.kind, body.payload, body.key)


@router.get("/lineage/{ref}", response_model=Lineage, response_model_exclude_unset=True)
def lineage(ref: str, svc: Ledger, request: Request, response: Response) -> dict[str, Any]:
    """The upstream graph (runs, datasets, transforms, models) of a record, by id or fingerprint;
    names, fingerprints and payloads only with the token."""
    no_store(response)
    out = svc.lineage(ref)
    return out if has_token(request) else {**out, "graph": redact_graph(out["graph"])}


@router.get("/records/{index}", response_model=Record, response_model_exclude_unset=True)
def record(index: int, svc: Ledger, request: Request, response: Response) -> dict[str, Any]:
    """One record: leaf, time, payload and salt (null once erased; without the token null too,
    with `redacted: true`)."""
    no_store(response)
    out = svc.record(index)
    return out if has_token(request) else redact_record(out)


@router.get("/records/{index}/receipt", response_model=Receipt, response_model_exclude_unset=True)
def receipt(index: int, svc: Ledger, request: Request, response: Response) -> dict[str, Any]:
    """The record's receipt against the first checkpoint anchored after it (409 until then);
    payload and salt only with the token."""
    no_store(response)
    out = svc.receipt(index)
    return out if has_token(request) else redact_receipt(out)


@router.post("/anchor", response_model=AnchorResult)
def anchor(svc: Ledger) -> dict[str, Any]:
    """Anchor the whole log now (a no-op when the chain already covers it)."""
    return svc.anchor()


@router.post("/verify", response_model=VerifyReport)
def verify(svc: Ledger, receipt: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    """Check a receipt offline and against this node's chain; `valid` says the verdict."""
    return svc.verify(receipt)
