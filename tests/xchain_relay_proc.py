"""A relayer in its own process, for the kill -9 test: relays A -> B until killed.

argv: source URL, destination URL, source outbox, destination inbox, journal path, finality, key.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from nexus.chain.accounts import load_signer
from nexus.chain.contract import Contract
from nexus.chain.rpc import RPCChain
from nexus.contracts.compiler import compile_contract
from nexus.xchain.endpoint import Endpoint
from nexus.xchain.journal import Journal
from nexus.xchain.message import dev_signer_keys
from nexus.xchain.relayer import Relayer
from nexus.xchain.witness import Witness


def main() -> None:
    src_url, dst_url, outbox, inbox, journal, finality, key = sys.argv[1:8]
    cache = Path(journal).parent / "build"
    out_abi = compile_contract("XOutbox", cache).abi
    in_abi = compile_contract("XInbox", cache).abi
    eps = []
    for url in (src_url, dst_url):
        chain = RPCChain(url, signer=load_signer(key))
        eps.append(Endpoint(chain, Contract(chain, outbox, out_abi), Contract(chain, inbox, in_abi)))
    sources = {eps[0].chain_id: (eps[0].chain, outbox)}
    witnesses = [Witness(k, sources, min_finality=int(finality)) for k in dev_signer_keys(4)]
    rel = Relayer(eps, witnesses, Journal(journal), finality=int(finality), batch=3)
    print("ready", flush=True)
    while True:
        rel.step()
        time.sleep(0.01)


if __name__ == "__main__":
    main()
