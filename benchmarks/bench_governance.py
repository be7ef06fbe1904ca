"""Gas of model governance: Nexus Governor (batched signed ballots) vs OpenZeppelin Governor.

    python benchmarks/bench_governance.py [--voters 100] [--oz-dir node_modules/@openzeppelin/contracts]

Both sides run on the same embedded EVM (Cancun rules) in one run and govern the same action (a
ModelRegistry `activate`, behind each side's timelock): propose, direct castVote, signed votes,
queue, execute. OpenZeppelin 5.x (Governor + GovernorSettings + CountingSimple + Votes +
QuorumFraction + TimelockControl, ERC20Votes token, TimelockController) is compiled from the npm
package with the pinned solc-js 0.8.26 (optimizer 200 runs) by benchmarks/governance_oz/compile.js.
Gas is the whole transaction's (21,000 base and calldata included); the batch row divides one
transaction's gas by its ballots. Each voter's power is unchanged since the snapshot (the common
case: one storage read); a voter whose power moved after the snapshot costs a binary search more.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak

sys.path.insert(0, str(Path(__file__).parent))

from _report import report

from nexus.chain.abi import ABI
from nexus.chain.base import TxRequest
from nexus.chain.contract import Contract
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts.compiler import compile_contract
from nexus.contracts.deploy import Deployer
from nexus.governance import GovConfig, Governance
from nexus.governance.ballots import ballot_typed_data
from nexus.governance.registry import name_bytes

ROOT = Path(__file__).resolve().parent.parent
WAD = 10**18
DELAY, PERIOD = 60, 1000
FP = bytes.fromhex("ab" * 32)


def oz_compile(oz_dir: Path) -> dict[str, Any]:
    solc = ROOT / "node_modules" / "solc-0.8.26"
    if not (oz_dir / "governance" / "Governor.sol").is_file():
        sys.exit(f"no @openzeppelin/contracts at {oz_dir} (run `npm install`, or pass --oz-dir)")
    out = subprocess.run(
        ["node", str(ROOT / "benchmarks" / "governance_oz" / "compile.js"), str(oz_dir), str(solc)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def deploy(chain: EmbeddedChain, abi: list[dict[str, Any]], bytecode: bytes, *args: Any, name: str = "c") -> Contract:
    rc = chain.deploy(bytecode + ABI(abi).encode_constructor(list(args)))
    assert rc.contract_address is not None
    return Contract(chain, rc.contract_address, abi, name)


def mean(xs: list[int]) -> float:
    return float(statistics.fmean(xs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--voters", type=int, default=100)
    ap.add_argument("--oz-dir", type=Path, default=ROOT / "node_modules" / "@openzeppelin" / "contracts")
    a = ap.parse_args()
    n, extra = a.voters, 5
    oz = oz_compile(a.oz_dir)
    with tempfile.TemporaryDirectory() as tmp:
        chain = EmbeddedChain(Path(tmp) / "chain", flush_interval=3600)
        owner = chain.default_account
        keys = [bytes(Account.create().key) for _ in range(n + extra)]
        voters = [Account.from_key(k).address for k in keys]
        chain.send_many([TxRequest(v, b"", 10**18, owner) for v in voters])

        # --- Nexus ----------------------------------------------------------------------------
        gov = Governance(chain, Deployer(chain, Path(tmp) / "deployments", Path(tmp) / "cache")).setup(
            GovConfig(voting_delay=1, voting_period=PERIOD, quorum_bps=400, min_delay=DELAY, supply=0)
        )
        # --- OpenZeppelin ---------------------------------------------------------------------
        ozt = deploy(chain, oz["OZToken"]["abi"], bytes.fromhex(oz["OZToken"]["bytecode"]), name="OZToken")
        ozl = deploy(chain, oz["OZTimelock"]["abi"], bytes.fromhex(oz["OZTimelock"]["bytecode"]), DELAY, owner)
        ozg = deploy(
            chain,
            oz["OZGovernor"]["abi"],
            bytes.fromhex(oz["OZGovernor"]["bytecode"]),
            ozt.address,
            ozl.address,
            1,
            PERIOD,
            4,
            name="OZGovernor",
        )
        for role in ("PROPOSER_ROLE", "CANCELLER_ROLE"):
            ozl.grantRole(bytes.fromhex(ozl.call(role)[2:]), ozg.address, sender=owner)
        reg_c = compile_contract("ModelRegistry")
        oz_reg = deploy(chain, reg_c.abi, reg_c.bytecode, ozl.address, owner, 100_000)
        for v in voters:
            for token in (gov.token, ozt):
                token.mint(v, 1000 * WAD, sender=owner)
                token.delegate(v, sender=v)
        gov.registry.register("fraud", FP)
        oz_reg.register(name_bytes("fraud"), FP, b"\0" * 32, b"\0" * 32, 0, sender=owner)

        gas: dict[str, dict[str, float]] = {}
        p = gov.propose_activation("fraud", 1, description="activate fraud v1", sender=voters[0])
        gas["propose"] = {"nexus": chain.receipt(chain.get_block(chain.block_number()).transactions[0].hash).gas_used}
        moved = gov.propose_activation("fraud", 1, description="same, voters' power moved", sender=voters[0])
        data = oz_reg.abi.encode_call("activate", (name_bytes("fraud"), 1))
        rc = ozg.propose([oz_reg.address], [0], [data], "activate fraud v1", sender=voters[0])
        gas["propose"]["oz"] = rc.gas_used
        oz_pid = int(ozg.hashProposal([oz_reg.address], [0], [data], keccak(b"activate fraud v1")))
        chain.mine(2)

        # signed votes: Nexus as one batch of n, and as single-ballot transactions; OZ one per transaction
        batch = [gov.sign(p.id, "for" if i % 4 else "against", k) for i, k in enumerate(keys[:n])]
        out = gov.submit(p.id, batch, strict=False)
        assert out["counted"] == n, out["rejected"][:3]
        gas["signed vote, in a batch (per vote)"] = {"nexus": out["gas_used"] / n}
        singles = [gov.submit(p.id, [gov.sign(p.id, "for", k)], strict=False)["gas_used"] for k in keys[n : n + 2]]
        gas["signed vote, one per transaction"] = {"nexus": mean(singles)}
        oz_sig = []
        for i, (k, v) in enumerate(zip(keys[:n], voters[:n])):
            td = ballot_typed_data(chain.chain_id, ozg.address, oz_pid, 0 if i % 4 == 0 else 1, v, int(ozg.nonces(v)))
            td["domain"]["name"] = "OZGovernor"
            s = Account.from_key(k).sign_message(encode_typed_data(full_message=td))
            sig = s.r.to_bytes(32, "big") + s.s.to_bytes(32, "big") + bytes([s.v])
            oz_sig.append(ozg.castVoteBySig(oz_pid, 0 if i % 4 == 0 else 1, v, sig, sender=owner).gas_used)
        gas["signed vote, in a batch (per vote)"]["oz"] = mean(oz_sig)
        gas["signed vote, one per transaction"]["oz"] = mean(oz_sig)
        # every voter's power changes after the snapshot: each ballot then searches the history
        for i, v in enumerate(voters[:n]):
            gov.token.transfer(voters[(i + 1) % n], 1, sender=v)
        out = gov.submit(moved.id, [gov.sign(moved.id, "for", k) for k in keys[:n]], strict=False)
        assert out["counted"] == n, out["rejected"][:3]
        gas["signed vote, in a batch, power moved after the snapshot (per vote)"] = {
            "nexus": out["gas_used"] / n,
            "oz": float("nan"),
        }
        direct = [gov.governor.castVote(p.id, 1, sender=v).gas_used for v in voters[n + 2 :]]
        oz_direct = [ozg.castVote(oz_pid, 1, sender=v).gas_used for v in voters[n:]]
        gas["castVote (direct)"] = {"nexus": mean(direct), "oz": mean(oz_direct)}
        assert gov.tally(p.id)["for"] == sum(1000 * WAD for i in range(n + extra) if i >= n or i % 4)

        chain.mine(PERIOD + 1)
        assert gov.state(p.id) == "succeeded" and int(ozg.state(oz_pid)) == 4
        before = chain.block_number()
        gov.queue(p)
        gas["queue"] = {
            "nexus": chain.receipt(chain.get_block(before + 1).transactions[0].hash).gas_used,
            "oz": ozg.queue([oz_reg.address], [0], [data], keccak(b"activate fraud v1")).gas_used,
        }
        chain.mine(1, seconds=DELAY + 1)
        before = chain.block_number()
        gov.execute(p)
        gas["execute"] = {
            "nexus": chain.receipt(chain.get_block(before + 1).transactions[0].hash).gas_used,
            "oz": ozg.execute([oz_reg.address], [0], [data], keccak(b"activate fraud v1")).gas_used,
        }
        assert gov.registry.active_version("fraud") == 1 and int(oz_reg.activeVersion(name_bytes("fraud"))) == 1
        chain.close()

    rows = [
        {
            "operation": op,
            "nexus_gas": round(g["nexus"]),
            "oz_gas": round(g["oz"]) if g["oz"] == g["oz"] else "-",
            "nexus/oz": round(g["nexus"] / g["oz"], 3) if g["oz"] == g["oz"] else "-",
        }
        for op, g in gas.items()
    ]
    report(
        "governance",
        rows,
        {
            "voters": n,
            "batch_ballots": n,
            "voting_period_blocks": PERIOD,
            "timelock_delay_s": DELAY,
            "oz": {
                "package": "@openzeppelin/contracts",
                "version": _oz_version(a.oz_dir),
                "compiler": oz["OZGovernor"]["compiler"],
                "optimizer_runs": 200,
            },
            "notes": [
                "OpenZeppelin has no batch entry point: its 'in a batch' figure is castVoteBySig, one"
                " transaction per vote (a multicall relayer would save at most the 21,000 base per vote)",
                "gas includes the 21,000 transaction base and calldata (no EIP-7623 floor)",
            ],
        },
    )


def _oz_version(oz_dir: Path) -> str:
    try:
        return str(json.loads((oz_dir / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


if __name__ == "__main__":
    main()
