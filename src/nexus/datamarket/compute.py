"""Compute-to-data jobs on the provider's side: check the order and the algorithm, run it sandboxed,
screen the output, sign a receipt (algorithm hash, dataset fingerprint, result hash), record it in
the ledger, and settle the order on chain (contributors paid pro rata to the rows the job used)."""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils import keccak, to_checksum_address

from ..exceptions import ComputeRejected, DataMarketError, DataMarketInputError
from .market import DataMarket
from .sandbox import Limits, run_sandboxed
from .screen import Screen, screen_output

if TYPE_CHECKING:
    from ..ledger.ledger import Ledger

__all__ = ["JOB_KIND", "JobOutcome", "algorithm_hash", "dataset_fingerprint", "run_job", "verify_receipt"]

JOB_KIND = "data.job"
DEFAULT_LIMITS, DEFAULT_SCREEN = Limits(), Screen()


def algorithm_hash(path: Path) -> bytes:
    try:
        return hashlib.sha256(Path(path).read_bytes()).digest()
    except OSError as exc:
        raise DataMarketInputError(f"cannot read the algorithm {path}: {exc.strerror}") from None


@lru_cache(maxsize=64)
def _fingerprint(path: str, mtime_ns: int, size: int) -> str:
    from ..ledger.fingerprint import fingerprint

    return "0x" + fingerprint(Path(path)).root


def dataset_fingerprint(path: Path) -> str:
    """The dataset's content fingerprint (the ledger's `fingerprint` root), cached per file state."""
    try:
        st = Path(path).stat()
    except OSError as exc:
        raise DataMarketInputError(f"cannot read the dataset {path}: {exc.strerror}") from None
    return _fingerprint(str(Path(path).resolve()), st.st_mtime_ns, st.st_size)


@dataclass(frozen=True)
class JobOutcome:
    result: Any
    receipt: dict[str, Any]
    signature: str
    ledger_record: int | None
    tx_hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "result": self.result,
            "receipt": self.receipt,
            "signature": self.signature,
            "ledger_record": self.ledger_record,
            "tx_hash": self.tx_hash,
        }


def _receipt_hash(receipt: dict[str, Any]) -> bytes:
    return keccak(json.dumps(receipt, sort_keys=True, separators=(",", ":")).encode())


def verify_receipt(receipt: dict[str, Any], signature: str) -> str:
    """The provider address that signed `receipt` (EIP-191 over keccak of its canonical JSON)."""
    return str(Account.recover_message(encode_defunct(_receipt_hash(receipt)), signature=signature))


def run_job(
    market: DataMarket,
    order_id: int,
    algorithm: Path,
    data: Path,
    *,
    provider_key: bytes | str,
    ledger: Ledger | None = None,
    limits: Limits = DEFAULT_LIMITS,
    screen: Screen = DEFAULT_SCREEN,
    contributor_column: str = "contributor",
    prepare: Callable[[Any], Any] | None = None,
) -> JobOutcome:
    """Run one paid job. `prepare` (e.g. a consent filter) may narrow the rows the algorithm sees."""
    import pandas as pd

    provider = Account.from_key(provider_key).address
    order = market.order(order_id)
    if not order.open:
        raise DataMarketError(f"order {order_id} is already settled or refunded")
    listed = market.dataset(order.dataset)
    if listed.owner != provider:
        raise DataMarketError(f"dataset {listed.id} is provided by {listed.owner}, not {provider}")
    if order.deadline <= market.backend.timestamp():
        raise DataMarketError(f"order {order_id} expired; the buyer may take a refund")
    algo = algorithm_hash(algorithm)
    if not market.allowed(listed.id, algo):
        raise ComputeRejected(f"algorithm sha256:{algo.hex()} is not allowed on dataset {listed.id}")
    if dataset_fingerprint(data) != listed.fingerprint:
        raise DataMarketError(f"{data} does not match dataset {listed.id}'s listed fingerprint")
    with tempfile.TemporaryDirectory(prefix="nexus-c2d-in-") as tmp:
        job_data, frame_future = Path(data), None
        pool = ThreadPoolExecutor(max_workers=1)
        if prepare is not None:
            frame = prepare(pd.read_parquet(data))
            job_data = Path(tmp) / "input.parquet"
            frame.to_parquet(job_data)
        else:
            frame_future = pool.submit(pd.read_parquet, data)  # read for screening while the job runs
        run = run_sandboxed(algorithm, job_data, limits)
        frame = frame_future.result() if frame_future is not None else frame
        pool.shutdown()
    if not run.ok:
        raise ComputeRejected(str(run.error))
    result = screen_output(run.output, frame, screen)
    result_bytes = json.dumps(result, sort_keys=True, separators=(",", ":")).encode()
    result_hash = hashlib.sha256(result_bytes).digest()
    contributors: dict[str, int] = {}
    if contributor_column in frame.columns:
        for addr, n in frame[contributor_column].value_counts().items():
            contributors[to_checksum_address(str(addr))] = int(n)
    receipt = {
        "type": "nexus.data.job.v1",
        "chain_id": market.backend.chain_id,
        "market": market.contract.address,
        "order": order.id,
        "dataset": listed.id,
        "algorithm": "0x" + algo.hex(),
        "dataset_fingerprint": listed.fingerprint,
        "result": "0x" + result_hash.hex(),
        "rows": int(len(frame)),
        "contributors": contributors,
        "isolation": run.isolation,
        "limits": {
            "cpu_seconds": limits.cpu_seconds,
            "memory_bytes": limits.memory_bytes,
            "output_bytes": limits.output_bytes,
        },
    }
    digest = _receipt_hash(receipt)
    signature = "0x" + bytes(Account.sign_message(encode_defunct(digest), provider_key).signature).hex()
    rc = market.complete(
        order, algorithm=algo, result=result_hash, receipt=digest, contributors=contributors, sender=provider
    )
    record = (
        ledger.append(JOB_KIND, {"receipt": receipt, "signature": signature, "tx": rc.tx_hash})
        if ledger is not None
        else None
    )
    return JobOutcome(result, receipt, signature, record, rc.tx_hash)
