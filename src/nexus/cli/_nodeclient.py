"""The one small HTTP client CLI commands use to reach a running node (`nexus up`) on its API."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from ..exceptions import StateLocked
from ..settings import Settings

__all__ = ["NodeClient"]


class NodeClient:
    """Calls the node the settings name (a wildcard bind is reached on loopback) with the API
    token from the home (mode 0600). A refusal or no answer is a StateLocked error saying why."""

    def __init__(self, settings: Settings) -> None:
        host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
        self.url = f"http://{host}:{settings.port}"
        self.timeout = settings.rpc_timeout
        self.headers = {"Content-Type": "application/json"}
        try:
            self.headers["Authorization"] = "Bearer " + settings.api_token_path.read_text().strip()
        except OSError:
            pass

    def call(self, method: str, path: str, body: Any = None, *, unreachable: str = "") -> Any:
        """The decoded JSON answer of `METHOD path`; `unreachable` is added to the error when the
        node does not answer (what the user can do meanwhile)."""
        data = b"" if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data, self.headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            try:
                detail = json.loads(exc.read() or b"{}").get("error", exc.reason)
            except ValueError:
                detail = exc.reason
            raise StateLocked(f"the running node refused: {detail}") from None
        except (urllib.error.URLError, OSError):
            raise StateLocked(
                f"the running node's API did not answer at {self.url}{path}"
                + (f" ({unreachable})" if unreachable else "")
            ) from None
