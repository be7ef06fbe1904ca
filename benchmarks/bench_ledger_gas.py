"""Gas per record: one Anchor checkpoint per batch vs one EAS-style attestation per record.

    python benchmarks/bench_ledger_gas.py [--sizes 1 10 100 1000 10000]

Measured on the embedded EVM (Cancun rules) with steady-state storage (the log already has a
checkpoint, as it does after its first anchor); the first-ever anchor of a log is shown too.
EAS itself costs about 149k gas per attestation (reference figure, not measured here).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _report import report

from nexus.chain.contract import Contract
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import compile_contract
from nexus.ledger import open_ledger
from nexus.ledger.anchor import Anchorer

EAS_GAS = 149_000


def deploy(chain: EmbeddedChain, name: str) -> Contract:
    c = compile_contract(name)
    rc = chain.deploy(c.bytecode)
    assert rc.contract_address is not None
    return Contract(chain, rc.contract_address, c.abi, name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000, 10_000])
    ap.add_argument("--baseline-records", type=int, default=50)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        chain = EmbeddedChain(Path(tmp) / "chain")
        anchor, baseline = deploy(chain, "Anchor"), deploy(chain, "AttestationBaseline")
        gas = [baseline.attest(os.urandom(32), os.urandom(32)).gas_used for _ in range(a.baseline_records)]
        per_attest = sum(gas[1:]) / (len(gas) - 1)  # the first pays for the counter slot
        with open_ledger(path=Path(tmp) / "l.db", sync="off") as led:
            an = Anchorer(led, anchor)
            led.append("t", 0)
            first = chain.receipt(an.anchor().tx_hash).gas_used  # type: ignore[union-attr]
            rows = []
            for n in a.sizes:
                led.append_many([("decision", {"i": i}) for i in range(n)])
                used = chain.receipt(an.anchor().tx_hash).gas_used  # type: ignore[union-attr]
                rows.append(
                    {
                        "batch": n,
                        "anchor_tx_gas": used,
                        "gas_per_record": round(used / n, 2),
                        "baseline_gas_per_record": round(per_attest),
                        "saving_x": round(per_attest * n / used, 1),
                        "vs_eas_x": round(EAS_GAS * n / used, 1),
                    }
                )
        chain.close()
    report(
        "ledger_gas",
        rows,
        {
            "first_anchor_of_a_log_gas": first,
            "baseline_attestation_gas": round(per_attest),
            "eas_reference_gas": EAS_GAS,
        },
    )
    print(f"first anchor of a new log: {first:,} gas; per-record baseline: {per_attest:,.0f} gas")


if __name__ == "__main__":
    main()
