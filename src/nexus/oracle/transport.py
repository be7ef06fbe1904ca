"""Nodes over loopback HTTP/JSON: a node server, a remote-node client, and node processes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .._jsonsafe import loads_json
from ..exceptions import OracleError, OracleInputError
from ._crypto import NodeKey, Observation, OracleReport, Signature
from .node import OracleNode, RoundContext, RoundProposal, SignedObservation

__all__ = ["NodeProcess", "NodeServer", "RemoteNode", "decode_ctx", "encode_ctx"]

_MAX_BODY = 1 << 20  # a round's context or proposal is a few KB


def encode_ctx(c: RoundContext) -> dict[str, Any]:
    return {
        "feed": c.feed,
        "domain": c.domain.hex(),
        "config_version": c.config_version,
        "round_id": c.round_id,
        "now": c.now,
        "decimals": c.decimals,
        "signers": list(c.signers),
        "f": c.f,
    }


def decode_ctx(d: dict[str, Any]) -> RoundContext:
    return RoundContext(
        d["feed"],
        bytes.fromhex(d["domain"]),
        int(d["config_version"]),
        int(d["round_id"]),
        int(d["now"]),
        int(d["decimals"]),
        tuple(d["signers"]),
        int(d["f"]),
    )


def _enc_obs(o: SignedObservation) -> dict[str, Any]:
    ob = o.observation
    return {
        "config_version": ob.config_version,
        "round_id": ob.round_id,
        "node": ob.node,
        "value": str(ob.value),
        "confidence": ob.confidence,
        "observed_at": ob.observed_at,
        "sources": ob.sources.hex(),
        "signature": o.signature.to_hex(),
        "used": list(o.used),
        "flagged": {k: list(v) for k, v in o.flagged.items()},
        "source_confidence": o.confidence,
    }


def _dec_obs(d: dict[str, Any]) -> SignedObservation:
    ob = Observation(
        int(d["config_version"]),
        int(d["round_id"]),
        str(d["node"]),
        int(d["value"]),
        int(d["confidence"]),
        int(d["observed_at"]),
        bytes.fromhex(d["sources"]),
    )
    return SignedObservation(
        ob,
        Signature.from_hex(d["signature"]),
        tuple(d.get("used", ())),
        {k: tuple(v) for k, v in d.get("flagged", {}).items()},
        float(d.get("source_confidence", 1.0)),
    )


def _enc_prop(p: RoundProposal) -> dict[str, Any]:
    r = p.report
    return {
        "report": {
            "config_version": r.config_version,
            "round_id": r.round_id,
            "observed_at": r.observed_at,
            "values": [str(v) for v in r.values],
            "f": r.f,
        },
        "observations": [_enc_obs(o) for o in p.observations],
        "leader": p.leader,
    }


def _dec_prop(d: dict[str, Any]) -> RoundProposal:
    r = d["report"]
    rep = OracleReport(
        int(r["config_version"]),
        int(r["round_id"]),
        int(r["observed_at"]),
        tuple(int(v) for v in r["values"]),
        int(r["f"]),
    )
    return RoundProposal(rep, tuple(_dec_obs(o) for o in d["observations"]), int(d["leader"]))


class NodeServer:
    """Serves one node on 127.0.0.1: POST /observe, POST /sign, GET /health."""

    def __init__(self, node: OracleNode, port: int = 0) -> None:
        self.node = node
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep stderr quiet
                pass

            def _reply(self, code: int, body: Any) -> None:
                raw = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                if self.path == "/health":
                    self._reply(200, {"address": node.address, "index": node.index})
                else:
                    self._reply(404, {"error": "not found"})

            def do_POST(self) -> None:
                try:
                    size = int(self.headers.get("Content-Length", 0))
                    if not 0 <= size <= _MAX_BODY:
                        raise ValueError(f"request body of {size} bytes (limit {_MAX_BODY})")
                    body = loads_json(self.rfile.read(size), what="request", error=OracleInputError)
                    ctx = decode_ctx(body["ctx"])
                    with lock:
                        if self.path == "/observe":
                            o = node.observe(ctx)
                            self._reply(200, {"observation": _enc_obs(o) if o else None})
                        elif self.path == "/sign":
                            s = node.sign(_dec_prop(body["proposal"]), ctx)
                            self._reply(200, {"signature": s.to_hex() if s else None})
                        else:
                            self._reply(404, {"error": "not found"})
                except (ValueError, KeyError, TypeError) as exc:
                    self._reply(400, {"error": f"bad request: {type(exc).__name__}"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True, name="oracle-node")

    def start(self) -> NodeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class RemoteNode(OracleNode):
    """A node behind HTTP. Leading is done locally (honestly) by whoever holds this proxy."""

    def __init__(self, index: int, url: str, address: str, *, timeout: float = 5.0) -> None:
        self.index, self.url, self.timeout = index, url.rstrip("/"), timeout
        self.address: str = address

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        req = urllib.request.Request(self.url + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:
            return json.loads(resp.read())

    def observe(self, ctx: RoundContext) -> SignedObservation | None:
        o = self._post("/observe", {"ctx": encode_ctx(ctx)})["observation"]
        return _dec_obs(o) if o else None

    def sign(self, proposal: RoundProposal, ctx: RoundContext) -> Signature | None:
        s = self._post("/sign", {"ctx": encode_ctx(ctx), "proposal": _enc_prop(proposal)})["signature"]
        return Signature.from_hex(s) if s else None


class NodeProcess:
    """A node in its own Python process; its key goes over stdin, never argv or the environment."""

    def __init__(self, index: int, key: NodeKey, spec: dict[str, Any]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "nexus.oracle._serve", str(index)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"key": key.export_hex(), "spec": spec}) + "\n")
        self.proc.stdin.flush()
        self.index, self.address = index, key.address

    def wait_ready(self) -> RemoteNode:
        """Block until the process prints its URL; returns the client for it."""
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("READY "):
            self.stop()
            raise OracleError(f"oracle node {self.index} did not start")
        self.node = RemoteNode(self.index, line.split()[1], self.address)
        return self.node

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_processes(keys: Sequence[NodeKey], spec: dict[str, Any]) -> list[NodeProcess]:
    procs: list[NodeProcess] = []
    try:
        for i, k in enumerate(keys):  # start them all, then wait: imports run in parallel
            procs.append(NodeProcess(i, k, spec))
        for p in procs:
            p.wait_ready()
    except BaseException:
        for p in procs:
            p.stop()
        raise
    return procs
