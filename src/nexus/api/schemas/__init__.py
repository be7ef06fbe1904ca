"""Response (and request) models of the HTTP API, one module per resource; /openapi.json is
built from them. See `_base` for how undeclared fields are caught."""

from ._base import Schema, undocumented
from .errors import ErrorBody, document_errors
from .events import Event, Published, RecentEvents
from .guard import Finding, FortaFinding, GuardStatus
from .ledger import AnchorResult, Appended, Lineage, Receipt, Record, VerifyReport
from .markets import Market, MarketHistory, Quote, TradeRequest, TradeResult
from .oracle import Feed, FeedHistory, FeedRounds, FeedSources
from .scan import ScanRequest, ScanResult
from .status import Block, Health, Status

__all__ = [
    "AnchorResult",
    "Appended",
    "Block",
    "ErrorBody",
    "Event",
    "Feed",
    "FeedHistory",
    "FeedRounds",
    "FeedSources",
    "Finding",
    "FortaFinding",
    "GuardStatus",
    "Health",
    "Lineage",
    "Market",
    "MarketHistory",
    "Published",
    "Quote",
    "Receipt",
    "RecentEvents",
    "Record",
    "ScanRequest",
    "ScanResult",
    "Schema",
    "Status",
    "TradeRequest",
    "TradeResult",
    "VerifyReport",
    "document_errors",
    "undocumented",
]
