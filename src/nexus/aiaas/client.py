"""`ServiceClient`: pay and call a provider over HTTP (keep-alive), checking every receipt it gets."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

from ..exceptions import AIServiceError, AIServiceInputError, PaymentError, ReceiptError
from ._crypto import ResultReceipt, canonical_hash
from .channel import Wallet

__all__ = ["ServiceClient", "check_receipt"]

_ERRORS: dict[str, type[AIServiceError]] = {"PaymentError": PaymentError, "AIServiceInputError": AIServiceInputError}


def check_receipt(r: ResultReceipt, domain: bytes, *, provider: str, model: str, data: Any, output: Any) -> None:
    """ReceiptError unless `r` is the provider's signature over this input, model and output."""
    if r.request != "0x" + canonical_hash(data).hex():
        raise ReceiptError("receipt: the request hash is not this input's")
    if r.output != "0x" + canonical_hash(output).hex():
        raise ReceiptError("receipt: the output hash is not this output's")
    if r.model.lower() != model.lower():
        raise ReceiptError(f"receipt: model {r.model}, the service registered {model}")
    if r.signer(domain) != provider:
        raise ReceiptError("receipt: not signed by the service's provider")


class ServiceClient:
    """One client of one service through one channel; `call(input)` -> (output, receipt)."""

    def __init__(
        self, url: str, wallet: Wallet, *, price: int, provider: str, model: str, timeout: float = 10.0
    ) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.wallet, self.price, self.provider, self.model = wallet, price, provider, model
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def _post(self, body: bytes) -> tuple[int, dict[str, Any]]:
        for attempt in (0, 1):  # a keep-alive connection the server dropped: reconnect once
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self._conn.request("POST", "/call", body, {"Content-Type": "application/json"})
                resp = self._conn.getresponse()
                return resp.status, json.loads(resp.read())
            except (ConnectionError, http.client.HTTPException):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def call(self, data: Any, *, prove: bool = False, zk_price: int = 0) -> tuple[dict[str, Any], ResultReceipt]:
        """Pay and call; with `prove`, pay `zk_price` for an answer with a zk proof (in `output["proof"]`)."""
        price = zk_price if prove else self.price
        voucher = self.wallet.pay(price)
        body = {"input": data, "voucher": voucher.to_json(), **({"prove": True} if prove else {})}
        status, answer = self._post(json.dumps(body).encode())
        if status != 200:
            self.wallet.spent -= price  # refused: that voucher bought nothing (the provider kept none)
            raise _ERRORS.get(str(answer.get("type")), AIServiceError)(str(answer.get("error")))
        receipt = ResultReceipt.from_json(answer["receipt"])
        check_receipt(
            receipt, self.wallet.domain, provider=self.provider, model=self.model, data=data, output=answer["output"]
        )
        if prove:
            return {**answer["output"], "proof": answer.get("proof")}, receipt
        return answer["output"], receipt

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
