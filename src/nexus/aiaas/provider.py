"""A paid model endpoint: check the voucher, run the model, sign a receipt; served over HTTP/1.1.

POST /call    {"input": {...}, "voucher": {...}}  ->  {"output": {...}, "receipt": {...}}
GET  /info    the service id, price, model fingerprint, provider and contract (what a client needs)
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from eth_utils import keccak

from ..exceptions import AIServiceError, AIServiceInputError
from ._crypto import Key, ResultReceipt, Voucher, canonical_hash, sig_to_hex
from .channel import Till
from .model import Model

__all__ = ["Provider", "ProviderServer", "receipts_root"]

MAX_BODY = 64 * 1024


def receipts_root(receipts: list[ResultReceipt], domain: bytes) -> bytes:
    """Merkle root (keccak, odd nodes promoted) over receipt digests: one ledger record per batch."""
    level = [r.digest(domain) for r in receipts] or [b"\0" * 32]
    while len(level) > 1:
        level = [keccak(level[i] + level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    return level[0]


class Provider:
    """One registered service's answering logic. `model_for` may swap models per call (a cheat, in tests)."""

    def __init__(
        self,
        key: Key,
        domain: bytes,
        service: int,
        price: int,
        model: Model,
        till: Till,
        *,
        contract: str = "",
        clock: Callable[[], float] = time.time,
        model_for: Callable[[int], Model] | None = None,
        chain_id: int = 0,
        prover: Callable[[Any], dict[str, Any]] | None = None,
        zk_price: int = 0,
    ) -> None:
        self.key, self.domain, self.service, self.price = key, domain, service, price
        self.model, self.till, self.contract, self.clock = model, till, contract, clock
        self.model_for, self.chain_id = model_for, chain_id
        self.prover, self.zk_price = prover, zk_price  # proven answers (zk), at their own price
        self.receipts: list[ResultReceipt] = []
        self.calls = 0
        self._lock = threading.Lock()

    def info(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "price": str(self.price),
            "model": self.model.fingerprint,
            "provider": self.key.address,
            "contract": self.contract,
            "chain_id": self.chain_id,
            "zk_price": str(self.zk_price) if self.prover else None,
            "calls": self.calls,
            "channels": {str(c): {"nonce": n, "deposit": str(d)} for c, (_, n, d) in self.till.channels.items()},
        }

    def handle(self, body: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(body, dict) or "input" not in body or not isinstance(body.get("voucher"), dict):
            raise AIServiceInputError('a call is {"input": ..., "voucher": {...}}')
        data = body["input"]
        self.model.check(data)  # bad input costs nothing: checked before the voucher is taken
        prove = bool(body.get("prove"))
        if prove and self.prover is None:
            raise AIServiceInputError("this service offers no proven answers")
        self.till.accept(Voucher.from_json(body["voucher"]), self.zk_price if prove else self.price)
        with self._lock:
            n = self.calls
            self.calls += 1
        model = self.model if self.model_for is None else self.model_for(n)
        output, out_hash = model.answer(data)
        r = ResultReceipt(
            self.service,
            "0x" + canonical_hash(data).hex(),
            self.model.fingerprint,
            "0x" + out_hash.hex(),
            int(self.clock()),
        )
        sig = sig_to_hex(self.key.sign(r.digest(self.domain)))
        r = ResultReceipt(r.service, r.request, r.model, r.output, r.issued_at, sig)
        with self._lock:
            self.receipts.append(r)
        answer = {"output": output, "receipt": r.to_json()}
        if prove:
            assert self.prover is not None
            answer["proof"] = self.prover(data)
        return answer

    def take_receipts(self) -> list[ResultReceipt]:
        with self._lock:
            out, self.receipts = self.receipts, []
        return out


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms delayed-ACK stall
    provider: Provider

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass

    def _send(self, code: int, data: dict[str, Any]) -> None:
        raw = json.dumps(data).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path == "/info":
            self._send(200, self.provider.info())
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        size = int(self.headers.get("Content-Length") or 0)
        if self.path != "/call" or not 0 < size <= MAX_BODY:
            self._send(404 if self.path != "/call" else 413, {"error": "POST /call with a JSON body"})
            return
        try:
            self._send(200, self.provider.handle(json.loads(self.rfile.read(size))))
        except AIServiceError as exc:
            self._send(exc.http_status, {"error": str(exc), "type": type(exc).__name__})
        except ValueError:
            self._send(400, {"error": "the body is not JSON", "type": "AIServiceInputError"})


class ProviderServer:
    """`Provider` on its own loopback port (a thread per connection; keep-alive)."""

    def __init__(self, provider: Provider, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = type("Handler", (_Handler,), {"provider": provider})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    def start(self) -> ProviderServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="aiaas-provider", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
