"""Zero-knowledge proofs of inference with ezkl (the optional `[zk]` extra), all offline.

A registered linear model (its logits, x @ W + b) is exported to ONNX; ezkl calibrates and compiles
the circuit, generates a local SRS (`gen_srs`, never downloaded), the keys and a Solidity verifier,
which the pinned solc-js (node_modules/solc-0.8.26) compiles. Everything lives in the data dir under
`<home>/aiaas/zk/<fingerprint>-<mode>/` (0700), never in git. `private=True` hashes the input
(Poseidon) so only the output is public. An EVM verifier that reverts on a proof becomes InvalidProof.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._fs import private_dir
from ..exceptions import AIServiceInputError, InvalidProof, MissingExtra

__all__ = ["ZkModel", "compile_verifier", "export_onnx", "find_solc", "verify_on_chain", "zk_available"]

SOLC = "solc-0.8.26"
_SOLC_JS = r"""
const solc = require(process.argv[1]);
const src = require('fs').readFileSync(0, 'utf8');
const input = {language: 'Solidity', sources: {'Verifier.sol': {content: src}}, settings: {optimizer: {enabled: true,
  runs: 1}, outputSelection: {'*': {'*': ['abi', 'evm.bytecode.object']}}}};
process.stdout.write(solc.compile(JSON.stringify(input)));
"""


def zk_available() -> str | None:
    """None when ezkl, onnx, node and solc-js are all here; else what is missing."""
    for mod in ("ezkl", "onnx"):
        try:
            __import__(mod)
        except ImportError:
            return f"{mod} is not installed (pip install 'symbiotic-nexus[zk]')"
    if shutil.which("node") is None:
        return "node is not on PATH (solc-js compiles the verifier)"
    if find_solc() is None:
        return f"node_modules/{SOLC} not found"
    return None


def _ezkl() -> Any:
    try:
        import ezkl
    except ImportError:
        raise MissingExtra("zero-knowledge proofs need the zk extra: pip install 'symbiotic-nexus[zk]'") from None
    return ezkl


def find_solc(start: Path | None = None) -> Path | None:
    """node_modules/solc-0.8.26 in this directory or one above it (the repo's pinned solc-js)."""
    for d in [
        (start or Path.cwd()).resolve(),
        *(start or Path.cwd()).resolve().parents,
        *Path(__file__).resolve().parents,
    ]:
        if (d / "node_modules" / SOLC / "package.json").is_file():
            return d / "node_modules" / SOLC
    return None


def export_onnx(estimator: Any, path: Path) -> Path:
    """The model's logits (x @ coef.T + intercept) as a two-node ONNX graph ezkl can circuit."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = np.asarray(estimator.coef_, dtype=np.float32).T
    b = np.asarray(estimator.intercept_, dtype=np.float32)
    g = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["z"]), helper.make_node("Add", ["z", "b"], ["y"])],
        "linear",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, w.shape[0]])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, w.shape[1]])],
        [numpy_helper.from_array(w, "W"), numpy_helper.from_array(b, "b")],
    )
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def compile_verifier(sol: Path, solc: Path | None = None) -> dict[str, Any]:
    """{abi, bytecode} of the ezkl verifier compiled by the pinned solc-js."""
    solc = solc or find_solc()
    if solc is None:
        raise MissingExtra(f"node_modules/{SOLC} not found (npm install)")
    out = subprocess.run(
        ["node", "-e", _SOLC_JS, str(solc)],
        input=sol.read_text(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    try:
        data = json.loads(out.stdout)
    except ValueError:
        raise AIServiceInputError(f"solc-js failed: {out.stderr.strip()[-300:]}") from None
    errors = [e["formattedMessage"] for e in data.get("errors", []) if e.get("severity") == "error"]
    if errors:
        raise AIServiceInputError(f"solc-js: {errors[0][:300]}")
    (c,) = [c for cs in data["contracts"].values() for c in cs.values()]
    return {"abi": c["abi"], "bytecode": c["evm"]["bytecode"]["object"]}


@dataclass
class ZkModel:
    """One model's circuit, keys and verifier in `dir`; `timings` records each step's seconds."""

    dir: Path
    private: bool = False

    @classmethod
    def at(cls, home: Path, fingerprint: str, *, private: bool = False) -> ZkModel:
        d = home / "aiaas" / "zk" / f"{fingerprint.lower()}-{'private' if private else 'public'}"
        return cls(d, private)

    def _p(self, name: str) -> str:
        return str(self.dir / name)

    @property
    def ready(self) -> bool:
        return (self.dir / "verifier.json").is_file()

    def setup(self, estimator: Any, sample: list[float]) -> dict[str, float]:
        """Circuit, SRS (generated locally), keys, Solidity verifier compiled: the slow one-off part."""
        ezkl = _ezkl()
        private_dir(self.dir)
        t: dict[str, float] = {}
        t0 = time.perf_counter()
        export_onnx(estimator, self.dir / "model.onnx")
        (self.dir / "sample.json").write_text(json.dumps({"input_data": [sample]}))
        args = ezkl.PyRunArgs()
        args.input_visibility = "hashed" if self.private else "public"
        args.output_visibility, args.param_visibility = "public", "fixed"
        args.decomp_legs = 3  # headroom: inputs far from the calibration sample must still fit the range checks
        ezkl.gen_settings(self._p("model.onnx"), self._p("settings.json"), py_run_args=args)
        ezkl.calibrate_settings(self._p("sample.json"), self._p("model.onnx"), self._p("settings.json"), "resources")
        ezkl.compile_circuit(self._p("model.onnx"), self._p("model.ezkl"), self._p("settings.json"))
        t["circuit_s"], t0 = time.perf_counter() - t0, time.perf_counter()
        logrows = int(json.loads((self.dir / "settings.json").read_text())["run_args"]["logrows"])
        ezkl.gen_srs(self._p("kzg.srs"), logrows)  # local, for dev chains; never get_srs (no downloads)
        t["srs_s"], t0 = time.perf_counter() - t0, time.perf_counter()
        ezkl.setup(self._p("model.ezkl"), self._p("vk.key"), self._p("pk.key"), self._p("kzg.srs"))
        t["keys_s"], t0 = time.perf_counter() - t0, time.perf_counter()

        async def render() -> Any:
            return await ezkl.create_evm_verifier(
                self._p("vk.key"),
                self._p("settings.json"),
                self._p("Verifier.sol"),
                self._p("Verifier.abi"),
                self._p("kzg.srs"),
            )

        try:  # ezkl writes the Solidity, then wants to fetch solc for the ABI: offline, we compile it
            asyncio.run(render())
        except RuntimeError:
            if not (self.dir / "Verifier.sol").is_file():
                raise
        compiled = compile_verifier(self.dir / "Verifier.sol")
        (self.dir / "verifier.json").write_text(json.dumps({**compiled, "logrows": logrows}))
        t["verifier_s"] = time.perf_counter() - t0
        for p in self.dir.iterdir():
            os.chmod(p, 0o600)
        return t

    def prove(self, x: list[float], name: str = "proof") -> Path:
        ezkl = _ezkl()
        data, wit, proof = self.dir / f"{name}.input.json", self._p(f"{name}.witness.json"), self.dir / f"{name}.json"
        data.write_text(json.dumps({"input_data": [x]}))
        os.chmod(data, 0o600)
        ezkl.gen_witness(str(data), self._p("model.ezkl"), wit)
        ezkl.prove(wit, self._p("model.ezkl"), self._p("pk.key"), str(proof), self._p("kzg.srs"))
        for path in (proof, Path(wit)):
            os.chmod(path, 0o600)
        return proof

    @staticmethod
    def outputs(proof: Path) -> list[float]:
        """The public outputs (logits) a proof commits to, as floats."""
        p = json.loads(proof.read_text())
        return [float(v) for v in p["pretty_public_inputs"]["rescaled_outputs"][0]]

    def verify(self, proof: Path) -> bool:
        """Off-chain check; InvalidProof when it fails."""
        ezkl = _ezkl()
        try:
            if ezkl.verify(str(proof), self._p("settings.json"), self._p("vk.key"), self._p("kzg.srs")):
                return True
        except Exception:  # noqa: BLE001 - ezkl raises RuntimeError/ValueError on malformed proofs
            pass
        raise InvalidProof("invalid proof")

    def calldata(self, proof: Path) -> bytes:
        ezkl = _ezkl()
        out = self.dir / f"{proof.stem}.calldata"
        ezkl.encode_evm_calldata(str(proof), str(out))
        os.chmod(out, 0o600)
        return out.read_bytes()

    def deploy(self, backend: Any, sender: str | None = None) -> tuple[str, int]:
        """Deploy the verifier; (address, gas)."""
        compiled = json.loads((self.dir / "verifier.json").read_text())
        rc = backend.deploy(bytes.fromhex(compiled["bytecode"]), sender=sender)
        return str(rc.contract_address), int(rc.gas_used)


def verify_on_chain(backend: Any, verifier: str, calldata: bytes) -> int:
    """Send the proof to the verifier contract; its gas, or InvalidProof when it reverts."""
    from ..chain.base import TxRequest

    rc = backend.send(TxRequest(to=verifier, data=calldata), check=False)
    if not rc.status:
        raise InvalidProof("invalid proof (the verifier contract reverted)")
    return int(rc.gas_used)
