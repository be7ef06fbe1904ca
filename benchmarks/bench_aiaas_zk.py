"""Zero-knowledge inference with ezkl (offline: local SRS by gen_srs): setup, proof time, proof size and
on-chain verifier gas (compiled by solc-js 0.8.26, on the embedded EVM) for two model sizes, public-
input and private-input (Poseidon-hashed input, public output) modes; a tampered proof and a proof for
another model must be refused.

    python benchmarks/bench_aiaas_zk.py [--sizes 4,64] [--private-size 4]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.aiaas.zk import ZkModel, verify_on_chain, zk_available  # noqa: E402
from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.exceptions import InvalidProof  # noqa: E402


def model_of(features: int) -> tuple[object, list[float]]:
    """4: a 2-class model on 4 pooled pixels; 64: the registered 10-class digits model."""
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression

    from nexus.aiaas.model import digits_model

    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    if features == 64:
        return digits_model(), x[0].tolist()
    small = x.reshape(-1, 8, 8)[:, ::2, ::2].reshape(-1, 16)[:, :features]
    return LogisticRegression(max_iter=100).fit(small[y < 2], y[y < 2]), small[0].tolist()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="4,64")
    ap.add_argument("--private-size", type=int, default=4)
    args = ap.parse_args()
    missing = zk_available()
    if missing:
        report("aiaas_zk", [{"model": "-", "figure": "skipped", "value": missing}])
        return
    home = Path(tempfile.mkdtemp(prefix="bench-zk-"))
    chain = EmbeddedChain(home / "chain", flush_interval=3600)
    rows, verifiers = [], {}
    runs = [(int(s), False) for s in args.sizes.split(",")] + [(args.private_size, True)]
    for features, private in runs:
        model, sample = model_of(features)
        label = f"{features} inputs -> {len(model.intercept_)} logits, {'private' if private else 'public'} input"
        zk = ZkModel.at(home, f"0x{features:064x}", private=private)
        t = zk.setup(model, sample)
        t0 = time.perf_counter()
        proof = zk.prove(sample)
        prove_s = time.perf_counter() - t0
        addr, deploy_gas = zk.deploy(chain)
        calldata = zk.calldata(proof)
        gas = verify_on_chain(chain, addr, calldata)
        bad = bytearray(calldata)
        bad[100] ^= 1
        try:
            verify_on_chain(chain, addr, bytes(bad))
            tampered = "ACCEPTED (bug)"
        except InvalidProof:
            tampered = "refused"
        verifiers[(features, private)] = (addr, calldata)
        logrows = json.loads((zk.dir / "verifier.json").read_text())["logrows"]
        rows.append(
            {
                "model": label,
                "logrows": logrows,
                "setup s (circuit/srs/keys/verifier)": "/".join(f"{v:.0f}" for v in t.values()),
                "prove s": round(prove_s, 1),
                "proof bytes": len(json.loads(proof.read_text())["hex_proof"]) // 2 - 1,
                "verify gas": gas,
                "verifier deploy gas": deploy_gas,
                "tampered proof": tampered,
            }
        )
    cross = "-"
    keys = list(verifiers)
    if len(keys) >= 2:
        try:
            verify_on_chain(chain, verifiers[keys[0]][0], verifiers[keys[1]][1])
            cross = "ACCEPTED (bug)"
        except InvalidProof:
            cross = "refused"
    chain.close()
    report(
        "aiaas_zk",
        rows,
        {
            "proof_for_another_models_verifier": cross,
            "srs": "ezkl gen_srs (local)",
            "solc": "solc-js 0.8.26 (node_modules)",
            "chain": "embedded (py-evm)",
            "ezkl_reference_gas": "~460k per verification (ezkl's figure)",
        },
    )


if __name__ == "__main__":
    main()
