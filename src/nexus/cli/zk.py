"""`nexus zk setup|prove|verify`: zero-knowledge proofs of a service's inference (ezkl, `[zk]` extra)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ..exceptions import AIServiceInputError
from ._aiaas_common import JsonOpt, wei
from ._common import get_settings, open_nexus, say

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)
PrivateOpt = Annotated[bool, typer.Option("--private", help="Hash the input (only the output is public).")]


def _registry(nexus: Any) -> Any:
    from ..aiaas.service import require_registry

    reg = require_registry(nexus)
    return reg


def _calibration_sample(estimator: Any) -> list[float]:
    """The digits row whose logits reach furthest: ezkl sizes the circuit's ranges on this sample."""
    import numpy as np
    from sklearn.datasets import load_digits

    x = load_digits().data / 16.0
    if x.shape[1] != int(estimator.n_features_in_):
        return [1.0] * int(estimator.n_features_in_)
    return [float(v) for v in x[int(np.abs(estimator.decision_function(x)).max(axis=1).argmax())]]


@app.command()
def setup(
    ctx: typer.Context,
    service: Annotated[int, typer.Argument(help="Service id.")],
    private: PrivateOpt = False,
    zk_price: Annotated[str, typer.Option(help="Price of a proven answer, in ether.")] = "0.001",
    as_json: JsonOpt = False,
) -> None:
    """Circuit, local SRS, keys (in the data dir), EVM verifier deployed and linked to the service's model."""
    from ..aiaas import load_model
    from ..aiaas.zk import ZkModel

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        reg = _registry(nexus)
        info = reg.service(service)
        estimator = load_model(settings.home, info.model)
        zk = ZkModel.at(settings.home, info.model, private=private)
        timings = zk.setup(estimator, _calibration_sample(estimator))
        addr, gas = zk.deploy(nexus.chain, sender=info.provider)
        reg.set_verifier(service, addr, wei(zk_price, "--zk-price"), sender=info.provider)
        (zk.dir / "meta.json").write_text(json.dumps({"service": service, "model": info.model, "verifier": addr}))
    say(
        {"service": service, "verifier": addr, "deploy_gas": gas, "dir": str(zk.dir), **timings},
        as_json,
        f"verifier {addr} linked to service {service}; keys in {zk.dir}",
    )


@app.command()
def prove(
    ctx: typer.Context,
    service: Annotated[int, typer.Argument(help="Service id.")],
    data: Annotated[str, typer.Argument(help='Input JSON ({"x": [...]}) or @file.json.')],
    private: PrivateOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Prove the service model's answer (its logits) for INPUT."""
    from ..aiaas import Model, load_model
    from ..aiaas.zk import ZkModel

    settings = get_settings(ctx)
    try:
        payload = json.loads(Path(data[1:]).read_text() if data.startswith("@") else data)
    except (OSError, ValueError):
        raise AIServiceInputError("INPUT is JSON or @file.json") from None
    nexus, _ = open_nexus(settings, allow_readonly=True)
    with nexus:
        fp = _registry(nexus).service(service).model
    model = Model.of(load_model(settings.home, fp))
    x = [v / 16.0 for v in model.check(payload)]
    zk = ZkModel.at(settings.home, fp, private=private)
    if not zk.ready:
        raise AIServiceInputError(f"no zk setup for service {service} (run `nexus zk setup {service}`)")
    proof = zk.prove(x, name=f"proof-{len(list(zk.dir.glob('proof-*.json')))}")
    logits = zk.outputs(proof)
    say(
        {"proof": str(proof), "logits": logits, "label": logits.index(max(logits))},
        as_json,
        f"proof {proof} (label {logits.index(max(logits))})",
    )


@app.command()
def verify(
    ctx: typer.Context,
    proof: Annotated[Path, typer.Argument(help="A proof file from `nexus zk prove`.")],
    on_chain: Annotated[bool, typer.Option("--on-chain", help="Verify with the service's verifier contract.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check a proof off chain, or on chain against the verifier linked to the service's model."""
    from ..aiaas.zk import ZkModel, verify_on_chain

    if not proof.is_file() or not (proof.parent / "meta.json").is_file():
        raise AIServiceInputError(f"{proof}: not a proof made by `nexus zk prove`")
    zk = ZkModel(proof.parent, private=proof.parent.name.endswith("-private"))
    meta = json.loads((proof.parent / "meta.json").read_text())
    gas = 0
    if on_chain:
        nexus, _ = open_nexus(get_settings(ctx))
        with nexus:
            linked = _registry(nexus).service(int(meta["service"])).verifier
            if linked is None:
                raise AIServiceInputError(f"service {meta['service']} has no verifier linked")
            gas = verify_on_chain(nexus.chain, linked, zk.calldata(proof))
    else:
        zk.verify(proof)
    say(
        {"valid": True, "service": meta["service"], "on_chain": on_chain, "gas": gas},
        as_json,
        f"valid proof for service {meta['service']}" + (f" (verifier gas {gas})" if on_chain else ""),
    )
