"""kill -9 of a `nexus up` while a client streams signed transactions into /rpc: after a restart
the chain holds a prefix of what was sent (no holes, nonces and balances matching), and every kept
transaction is found under the hash and in the block its receipt named. A receipt is not yet a
durability promise: the embedded chain flushes every `flush_interval`, so the last acknowledged
transactions may be lost (as on anvil without --state); they can be sent again."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from eth_account import Account
from tests.nodeproc import node_process
from tests.rpc_box import dev_key, signed

KEY = dev_key(4)
ME = Account.from_key(KEY).address
SINK = "0x" + "33" * 20
ENV = {"NEXUS_ORACLE": "false", "NEXUS_GUARD": "false", "NEXUS_LEDGER_ANCHOR": "false"}


def _call(c: httpx.Client, url: str, method: str, *params: Any) -> Any:
    r = c.post(url, json={"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).json()
    if "error" in r:
        raise RuntimeError(r["error"])
    return r["result"]


def test_kill9_keeps_every_acknowledged_transaction(tmp_path: Path) -> None:
    acked: list[tuple[str, str]] = []  # (hash, block number) of each receipt received
    with node_process(tmp_path, **ENV) as (proc, url, _):
        token = (tmp_path / "api-token").read_text().strip()
        rpc = f"{url}/rpc"
        c = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=10)
        start = int(_call(c, rpc, "eth_getTransactionCount", ME, "latest"), 16)
        txs = [signed(KEY, 1337, start + i, SINK, value=i + 1, gas=21_000) for i in range(400)]
        stop = threading.Event()

        def stream() -> None:
            try:
                for tx in txs:
                    if stop.is_set():
                        return
                    h = _call(c, rpc, "eth_sendRawTransaction", "0x" + bytes(tx.raw_transaction).hex())
                    acked.append((h, _call(c, rpc, "eth_getTransactionReceipt", h)["blockNumber"]))
            except (httpx.HTTPError, RuntimeError):
                return  # the node died under us

        t = threading.Thread(target=stream)
        t.start()
        time.sleep(random.uniform(0.5, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        stop.set()
        t.join(timeout=30)
    assert acked, "nothing was acknowledged before the kill"
    with node_process(tmp_path, **ENV) as (_, url, _):
        rpc = f"{url}/rpc"
        c = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=10)
        kept = int(_call(c, rpc, "eth_getTransactionCount", ME, "latest"), 16) - start
        assert len(acked) <= kept <= len(txs)  # nothing acknowledged is lost (the answer waited for the flush)
        for i, tx in enumerate(txs[: max(kept, len(acked))]):
            h = "0x" + bytes(tx.hash).hex()
            receipt = _call(c, rpc, "eth_getTransactionReceipt", h)
            if i < kept:  # kept: where the acknowledgement said
                assert receipt is not None and receipt["status"] == "0x1", i
                if i < len(acked):
                    assert (h, receipt["blockNumber"]) == acked[i]
            else:  # lost in the crash: with everything after it (a prefix, no holes)
                assert receipt is None, i
        assert int(_call(c, rpc, "eth_getBalance", SINK, "latest"), 16) == sum(range(1, kept + 1))
        # the chain goes on from there: the first lost transaction can be sent again
        if kept < len(txs):
            retry = txs[kept]
            assert _call(c, rpc, "eth_sendRawTransaction", "0x" + bytes(retry.raw_transaction).hex())
