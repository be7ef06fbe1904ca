"""Optimistic-oracle disputes about feed values, as plain data for the CLI, the HTTP API and the demo.

One `OptimisticOracle` per chain serves the oracle's disputes (Registry key `OracleDisputes`), with
an `ArbiterCommittee` (dev accounts 6, 7, 8; 2 of 3) as its arbiter and the node's account as the
assessor. `assert_claim` bonds a claim "feed NAME = VALUE"; `dispute` bonds against it while it is
live; `assess` runs the learned first pass on the evidence the oracle journalled for that feed and
commits the hash of its recommendation on chain (`attach_assessment`) before anyone resolves it;
`settle` settles an undisputed claim after its liveness, or casts a committee member's vote.
Claim texts and recommendation documents are kept beside the manifest in
`<deployments>/disputes-<chain id>.json`, so anyone can check a document against its on-chain hash.
"""

from __future__ import annotations

import json
import threading
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from eth_utils import keccak, to_checksum_address

from ..chain.contract import Contract
from ..contracts.compiler import compile_contract
from ..contracts.deploy import name_key
from ..exceptions import ContractReverted, DisputeError
from ._sidecar import load_sidecar, save_sidecar
from .feeds import get_feed
from .firstpass import Claim, FirstPass, claims_from_journal, simulated_claims
from .journal import journal_for
from .onchain import deploy_contract

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["assert_claim", "assess", "dispute", "first_pass", "list_assertions", "settle"]

KEY = "OracleDisputes"
STATES = {0: "none", 1: "liveness", 2: "disputed", 3: "true", 4: "false"}
WEI = 10**18
_models: dict[str, FirstPass] = {}
_lock = threading.Lock()


def _wei(text: str, what: str) -> int:
    try:
        v = int(Decimal(text) * WEI)
    except (InvalidOperation, ValueError):
        raise DisputeError(f"{what} must be an amount of ether, not {text!r}") from None
    if v <= 0:
        raise DisputeError(f"{what} must be positive")
    return v


def _fmt(wei: int) -> str:
    return format((Decimal(wei) / WEI).normalize(), "f") if wei else "0"


def _desk(nx: Nexus, *, create: bool = False, liveness: int = 7200, min_bond: int = WEI // 10) -> Contract | None:
    registry = nx.contracts.get("Registry") or (nx.deploy()["Registry"] if create else None)
    cache = nx.settings.cache_dir / "contracts"
    if registry is not None and int(registry.version(name_key(KEY))) != 0:
        return Contract(nx.chain, registry.lookup(name_key(KEY)), compile_contract("OptimisticOracle", cache).abi, KEY)
    if not create:
        return None
    owner = nx.chain.default_account
    oo = deploy_contract(nx.chain, "OptimisticOracle", owner, owner, liveness, min_bond, cache_dir=cache)
    members = list(nx.chain.accounts[6:9])
    committee = deploy_contract(nx.chain, "ArbiterCommittee", oo.address, members, 2, cache_dir=cache)
    oo.set_roles(committee.address, owner)
    assert registry is not None
    registry.register(name_key(KEY), oo.address)
    registry.register(name_key("OracleDisputeCommittee"), committee.address)
    nx.chain.make_durable()
    return oo


def _committee(nx: Nexus, oo: Contract) -> Contract:
    abi = compile_contract("ArbiterCommittee", nx.settings.cache_dir / "contracts").abi
    return Contract(nx.chain, oo.arbiter(), abi, "OracleDisputeCommittee")


def first_pass(nx: Nexus) -> FirstPass:
    """The first pass of this node: trained once per process on simulated adversarial claims
    (seeds 0-3) and claims about every round journalled for the registered feeds."""
    with _lock:
        key = str(nx.settings.home)
        if key not in _models:
            history = [c for s in range(4) for c in simulated_claims(300, seed=s)]
            journal = journal_for(nx.settings)
            for name in _feed_names(nx):
                history += claims_from_journal(journal.recent(get_feed(nx, name).address, 500), seed=7)
            _models[key] = FirstPass().fit(history)
        return _models[key]


def _feed_names(nx: Nexus) -> list[str]:
    from .feeds import list_feeds

    return [f["name"] for f in list_feeds(nx)]


def _revert(exc: ContractReverted) -> DisputeError:
    return DisputeError(exc.reason or "reverted")


def assert_claim(nx: Nexus, feed: str, value: float, *, bond: str = "1", sender: str | None = None) -> dict[str, Any]:
    """Claim that `feed`'s value is `value` now, bonding `bond` ether."""
    f = get_feed(nx, feed)
    oo = _desk(nx, create=True)
    assert oo is not None
    text = f"feed {feed} = {value:g} at {nx.chain.timestamp()}"
    try:
        rc = oo.assert_claim(
            keccak(text.encode()), int(round(value * 10**f.decimals)), value=_wei(bond, "bond"), sender=sender
        )
    except ContractReverted as exc:
        raise _revert(exc) from None
    aid = int(oo.decode(rc)[0].args["assertion_id"])
    data = load_sidecar(nx, "disputes")
    data[str(aid)] = {"text": text, "feed": feed, "claimed": value, "time": nx.chain.timestamp()}
    save_sidecar(nx, "disputes", data)
    nx.chain.make_durable()
    return _state(nx, oo, aid, data)


def _get(nx: Nexus, aid: int) -> tuple[Contract, dict[str, Any]]:
    oo = _desk(nx)
    if oo is None or not 1 <= aid <= int(oo.count()):
        raise DisputeError(f"no assertion {aid} on chain {nx.chain.chain_id}")
    return oo, load_sidecar(nx, "disputes")


def dispute(nx: Nexus, aid: int, *, sender: str | None = None) -> dict[str, Any]:
    """Dispute assertion `aid` with an equal bond (only while it is live)."""
    oo, data = _get(nx, aid)
    a = oo.assertions(aid)
    if int(a[6]) != 1:
        raise DisputeError(f"assertion {aid} is {STATES.get(int(a[6]), '?')}, not in liveness")
    if nx.chain.timestamp() >= int(a[5]):
        raise DisputeError(f"assertion {aid}: liveness is over (it ended at {int(a[5])}); it can only be settled")
    try:
        oo.dispute(aid, value=int(a[4]), sender=sender)
    except ContractReverted as exc:
        raise _revert(exc) from None
    nx.chain.make_durable()
    return _state(nx, oo, aid, data)


def _evidence(nx: Nexus, feed: str) -> dict[str, Any]:
    f = get_feed(nx, feed)
    rec = journal_for(nx.settings).latest(f.address)
    if rec and rec.get("accepted") and rec.get("sources"):
        return {
            "answer": rec["answer"],
            "band": rec.get("band"),
            "sources": rec["sources"],
            "round_id": rec["round_id"],
        }
    latest = f.latest()
    if latest is None:
        raise DisputeError(f"feed {feed} has no round to judge the claim by")
    scale = 10**f.decimals
    return {
        "answer": latest.answer / scale,
        "band": [latest.low / scale, latest.high / scale],
        "sources": [],
        "round_id": latest.round_id,
    }


def assess(
    nx: Nexus,
    aid: int,
    *,
    evidence: dict[str, Any] | None = None,
    model: FirstPass | None = None,
    sender: str | None = None,
) -> dict[str, Any]:
    """Run the first pass on a disputed assertion and commit its recommendation's hash on chain
    (confidence 0 = abstain), before the committee decides. The evidence is the feed's latest
    journalled round (else its on-chain answer and band) unless given (`evidence_from_assessment`)."""
    oo, data = _get(nx, aid)
    meta = data.get(str(aid))
    if meta is None:
        raise DisputeError(f"assertion {aid} was not made through this node (no claim text to judge)")
    if int(oo.assertions(aid)[6]) != 2:
        raise DisputeError(f"assertion {aid} is not disputed; only disputes are assessed")
    if meta.get("recommendation"):
        raise DisputeError(f"assertion {aid} is already assessed")
    ev = evidence if evidence is not None else _evidence(nx, meta["feed"])
    rec = (model or first_pass(nx)).recommend(Claim(float(meta["claimed"]), ev))
    try:
        oo.attach_assessment(
            aid,
            bool(rec.supports_claim),
            0 if rec.abstains else int(rec.confidence * 10_000),
            rec.digest,
            sender=sender,
        )
    except ContractReverted as exc:
        raise _revert(exc) from None
    meta["recommendation"] = rec.document()
    meta["recommendation_hash"] = "0x" + rec.digest.hex()
    save_sidecar(nx, "disputes", data)
    nx.chain.make_durable()
    return _state(nx, oo, aid, data)


def settle(nx: Nexus, aid: int, *, vote: bool | None = None, sender: str | None = None) -> dict[str, Any]:
    """Settle an undisputed assertion after its liveness; on a dispute, cast committee member
    `sender`'s `vote` (the vote that reaches 2 of 3 resolves it and pays the winner both bonds)."""
    oo, data = _get(nx, aid)
    state = int(oo.assertions(aid)[6])
    try:
        if state == 1:
            if nx.chain.timestamp() < int(oo.assertions(aid)[5]):
                raise DisputeError(f"assertion {aid} is still in liveness (until {int(oo.assertions(aid)[5])})")
            oo.settle(aid, sender=sender)
        elif state == 2:
            if vote is None:
                raise DisputeError(f"assertion {aid} is disputed: a committee member settles it with --vote true|false")
            _committee(nx, oo).vote(aid, vote, sender=sender)
        else:
            raise DisputeError(f"assertion {aid} is already settled ({STATES.get(state, '?')})")
    except ContractReverted as exc:
        raise _revert(exc) from None
    nx.chain.make_durable()
    return _state(nx, oo, aid, data)


def _digest(doc: dict[str, Any]) -> bytes:
    return keccak(json.dumps(doc, sort_keys=True, separators=(",", ":")).encode())


def _state(nx: Nexus, oo: Contract, aid: int, data: dict[str, Any]) -> dict[str, Any]:
    a, s = oo.assertions(aid), oo.assessments(aid)
    meta = data.get(str(aid), {})
    state = STATES.get(int(a[6]), "?")
    rec = meta.get("recommendation")
    on_chain = "0x" + bytes(s[2]).hex() if int(s[3], 16) else None
    return {
        "id": aid,
        "text": meta.get("text"),
        "feed": meta.get("feed"),
        "claimed": meta.get("claimed"),
        "asserter": to_checksum_address(a[0]),
        "disputer": to_checksum_address(a[1]) if int(a[1], 16) else None,
        "bond": _fmt(int(a[4])),
        "expires": int(a[5]),
        "state": state,
        "live_seconds_left": max(0, int(a[5]) - nx.chain.timestamp()) if state == "liveness" else 0,
        "recommendation": rec,
        "recommendation_hash": on_chain,
        "hash_matches": (on_chain == "0x" + _digest(rec).hex()) if on_chain and rec else None,
        "auto_resolvable": bool(rec) and rec.get("supports_claim") is not None,
        "outcome": state if state in ("true", "false") else None,
    }


def list_assertions(nx: Nexus) -> list[dict[str, Any]]:
    """Every assertion of the oracle's dispute desk, oldest first."""
    oo = _desk(nx)
    if oo is None:
        return []
    data = load_sidecar(nx, "disputes")
    return [_state(nx, oo, i, data) for i in range(1, int(oo.count()) + 1)]
