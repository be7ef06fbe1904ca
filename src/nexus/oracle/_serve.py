"""Entry point of one oracle node process: reads its key and source spec from stdin, serves HTTP."""

from __future__ import annotations

import json
import signal
import sys
import threading

from ._crypto import NodeKey
from .node import OracleNode
from .simulate import market_sources
from .simulated import MarketWorld
from .transport import NodeServer


def main() -> None:
    index = int(sys.argv[1])
    msg = json.loads(sys.stdin.readline())
    key = NodeKey.from_hex(msg.pop("key"))
    spec = msg["spec"]
    world = MarketWorld(base=float(spec.get("base", 2000.0)), seed=int(spec.get("seed", 0)))
    sources = market_sources(
        world, int(spec.get("sources", 7)), int(spec.get("faulty", 0)), int(spec.get("seed", 0)), start=0.0
    )
    server = NodeServer(OracleNode(index, key, sources, observe_offset=0.37 * index)).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    print(f"READY {server.url}", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    server.stop()


if __name__ == "__main__":
    main()
