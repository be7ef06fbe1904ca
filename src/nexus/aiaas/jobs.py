"""Verified compute jobs: `JobBoard` (the ComputeJobs contract), the job store, workers and the arbiter.

A job is a Python function by hash (keccak of its source) and its arguments by fingerprint (keccak of
their canonical JSON); both are kept under `<home>/aiaas/jobs/`. Workers run it in the sandbox
(`sandbox.run_sandboxed`) and post keccak(canonical result). The arbiter re-executes to decide a
challenge, and spot-checks agreed jobs at a set rate.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eth_utils import keccak, to_checksum_address

from .._fs import private_dir
from ..chain.contract import Contract
from ..exceptions import AIServiceInputError, AIServiceNotFound
from ._crypto import b32, canonical_hash
from .sandbox import Limits, run_sandboxed

__all__ = ["JobBoard", "JobInfo", "JobSpec", "deploy_jobs", "execute", "work"]

STATES = ("open", "agreed", "challenged", "settled", "refunded")


@dataclass(frozen=True)
class JobSpec:
    """What a job runs: `entry(*args)` from `source`."""

    source: str
    entry: str
    args: list[Any]

    @property
    def fn(self) -> str:
        return "0x" + keccak(json.dumps([self.source, self.entry]).encode()).hex()

    @property
    def input(self) -> str:
        return "0x" + canonical_hash(self.args).hex()

    def save(self, home: Path) -> None:
        d = home / "aiaas" / "jobs"
        private_dir(d)
        path = d / f"{self.fn}-{self.input}.json"
        path.write_text(json.dumps(asdict(self)))
        os.chmod(path, 0o600)

    @classmethod
    def load(cls, home: Path, fn: str, input_: str) -> JobSpec:
        path = home / "aiaas" / "jobs" / f"{fn}-{input_}.json"
        if not path.is_file():
            raise AIServiceNotFound(f"no stored job code/inputs for {fn[:10]}…/{input_[:10]}…")
        spec = cls(**json.loads(path.read_text()))
        if (spec.fn, spec.input) != (fn, input_):
            raise AIServiceInputError("stored job does not match its hashes")
        return spec


def execute(spec: JobSpec, limits: Limits | None = None) -> tuple[Any, str]:
    """Run the job sandboxed; (result, result hash)."""
    result = run_sandboxed(spec.source, spec.entry, spec.args, limits)
    return result, "0x" + canonical_hash(result).hex()


def work(spec: JobSpec, behaviour: str = "honest", rng: random.Random | None = None) -> str:
    """A worker's posted hash: 'honest' runs it; 'lazy' posts a guess without running (colluding
    lazy workers guess alike); 'wrong' posts a random hash."""
    if behaviour == "honest":
        return execute(spec)[1]
    if behaviour == "lazy":
        return "0x" + canonical_hash({"lazy": spec.input}).hex()
    return "0x" + (rng or random.Random()).randbytes(32).hex()


@dataclass(frozen=True)
class JobInfo:
    id: int
    client: str
    fn: str
    input: str
    price: int
    k: int
    n: int
    deadline: int
    bond: int
    window: int
    arbiter: str
    state: str
    result: str | None
    agreed_at: int
    workers: list[str]

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "price": str(self.price), "bond": str(self.bond)}


def _hex(v: Any) -> str:
    return "0x" + v.hex() if isinstance(v, bytes) else "0x" + str(v).lower().removeprefix("0x")


def deploy_jobs(backend: Any, *, cache_dir: Path | None = None, sender: str | None = None) -> JobBoard:
    from ..contracts.deploy import deploy_contract

    return JobBoard(deploy_contract(backend, "ComputeJobs", cache_dir=cache_dir, sender=sender))


class JobBoard:
    """A handle on one ComputeJobs contract; every write takes `sender`."""

    def __init__(self, contract: Contract) -> None:
        self.contract, self.backend, self.address = contract, contract.backend, contract.address

    def submit(
        self,
        spec: JobSpec,
        *,
        price: int,
        k: int,
        n: int,
        deadline: int,
        bond: int,
        window: int,
        arbiter: str,
        sender: str,
    ) -> int:
        if price <= 0 or bond <= 0 or not 0 < k <= n <= 16:
            raise AIServiceInputError("a job has a positive price and bond and 0 < k <= n <= 16 workers")
        rc = self.contract.submit(
            b32(spec.fn), b32(spec.input), k, n, deadline, bond, window, arbiter, sender=sender, value=price
        )
        return int(next(e for e in self.contract.decode(rc) if e.name == "JobSubmitted").args["id"])

    def _jid(self, jid: int) -> int:
        if not 0 <= int(jid) < int(self.contract.jobCount()):
            raise AIServiceNotFound(f"no job {jid}")
        return int(jid)

    def post(self, jid: int, result: str, sender: str) -> None:
        self.contract.post(self._jid(jid), b32(result, "result"), sender=sender, value=self.info(jid).bond)

    def challenge(self, jid: int, sender: str) -> None:
        self.contract.challenge(self._jid(jid), sender=sender)

    def decide(self, jid: int, result: str, sender: str) -> None:
        self.contract.decide(self._jid(jid), b32(result, "result"), sender=sender)

    def finalize(self, jid: int, sender: str) -> None:
        self.contract.finalize(self._jid(jid), sender=sender)

    def refund(self, jid: int, sender: str) -> None:
        self.contract.refund(self._jid(jid), sender=sender)

    def credit(self, who: str) -> int:
        return int(self.contract.credits(who))

    def info(self, jid: int) -> JobInfo:
        r = self.contract.jobs(self._jid(jid))
        result = _hex(r[11])
        return JobInfo(
            int(jid),
            to_checksum_address(r[0]),
            _hex(r[1]),
            _hex(r[2]),
            int(r[3]),
            int(r[4]),
            int(r[5]),
            int(r[6]),
            int(r[7]),
            int(r[8]),
            to_checksum_address(r[9]),
            STATES[int(r[10])],
            None if int(result, 16) == 0 else result,
            int(r[12]),
            [to_checksum_address(w) for w in self.contract.workers(jid)],
        )

    def list(self) -> list[JobInfo]:
        return [self.info(i) for i in range(int(self.contract.jobCount()))]

    def arbitrate(
        self, jid: int, spec: JobSpec, sender: str, *, spot_rate: float = 0.0, rng: random.Random | None = None
    ) -> str:
        """The arbiter's pass over a job: decide it if challenged; if agreed, spot-check it with
        probability `spot_rate` (challenge + re-execute + decide). Returns the job's state after."""
        info = self.info(jid)
        if info.state == "agreed" and (rng or random.Random()).random() < spot_rate:
            self.challenge(jid, sender)
            info = self.info(jid)
        if info.state == "challenged":
            self.decide(jid, execute(spec)[1], sender)
        return self.info(jid).state
