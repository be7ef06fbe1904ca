"""Parametric insurance products as plain data for the CLI, the HTTP API and the demo.

A product is one `ParametricInsurance` pool bound to one oracle feed (its trigger), registered in
the core Registry as `ins:<name>`. Its terms (severity model, payout table of (threshold, payout)
tiers, premium, trigger tolerances) are kept beside the chain's deployment manifest in
`<deployments>/insurance-<chain id>.json`; the money, the policies and the claims live on chain.
Anyone may trigger a product; each policy is paid at most once (the contract's `paid` flag).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from eth_utils import to_checksum_address

from ..chain.contract import Contract
from ..exceptions import ContractReverted, InsuranceError
from ._insurance_terms import PREFIX, load_terms, product_contract, product_key, region, save_terms
from .feeds import get_feed
from .onchain import deploy_contract

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = [
    "PREFIX",
    "buy_policy",
    "claims",
    "create_product",
    "get_product",
    "list_policies",
    "list_products",
    "trigger_feed",
]

WEI = 10**18
MODELS = ("seattle-logistic", "threshold")


def _ether(text: str | float, what: str, *, allow_zero: bool = False) -> int:
    try:
        wei = int(Decimal(str(text)) * WEI)
    except (InvalidOperation, ValueError) as exc:
        raise InsuranceError(f"{what} must be an amount of ether, not {text!r}") from exc
    if wei < 0 or (wei == 0 and not allow_zero):
        raise InsuranceError(f"{what} must be positive: {text!r}")
    return wei


def _fmt(wei: int) -> str:
    return format((Decimal(wei) / WEI).normalize(), "f") if wei else "0"


def _summary(nx: Nexus, name: str) -> dict[str, Any]:
    c, t = product_contract(nx, name)
    pool, reserved = nx.chain.balance(c.address), int(c.reserved())
    return {
        **t,
        "name": name,
        "pool": _fmt(pool),
        "reserved": _fmt(reserved),
        "free": _fmt(pool - reserved),
        "policies": int(c.policy_count()),
        "solvent": pool >= reserved,
    }


def create_product(
    nx: Nexus,
    name: str,
    *,
    feed: str,
    tiers: list[tuple[float, str]],
    premium_bps: int,
    pool: str,
    model: str = "seattle-logistic",
    max_band: float = 15.0,
    max_staleness: int = 7200,
    sender: str | None = None,
) -> dict[str, Any]:
    """Deploy and fund a pool triggered by oracle feed `feed`; `tiers` are (severity threshold in
    feed units, payout in ether); the premium of a policy is its payout × `premium_bps` / 10000."""
    key = product_key(name)
    registry = nx.contracts.get("Registry") or nx.deploy()["Registry"]
    if int(registry.version(key)) != 0:
        raise InsuranceError(f"an insurance product named {name!r} already exists")
    if model not in MODELS:
        raise InsuranceError(f"unknown severity model {model!r}; choose from {', '.join(MODELS)}")
    if not tiers:
        raise InsuranceError("a product needs at least one (threshold, payout) tier")
    if not 0 <= premium_bps <= 10_000:
        raise InsuranceError("premium_bps must be 0..10000")
    if max_band < 0 or max_staleness <= 0:
        raise InsuranceError("max_band must be >= 0 and max_staleness > 0")
    f = get_feed(nx, feed)
    scale = 10**f.decimals
    table = sorted((float(th), _fmt(_ether(p, "a tier's payout"))) for th, p in tiers)
    if len({th for th, _ in table}) != len(table):
        raise InsuranceError("two tiers share a threshold")
    c = deploy_contract(
        nx.chain,
        "ParametricInsurance",
        premium_bps,
        cache_dir=nx.settings.cache_dir / "contracts",
        sender=sender,
        value=_ether(pool, "pool"),
    )
    c.set_region(region(feed), f.address, int(max_band * scale), max_staleness, sender=sender)
    registry.register(key, c.address, sender=sender)
    products = load_terms(nx)
    products[name] = {
        "address": c.address,
        "feed": feed,
        "feed_address": f.address,
        "model": model,
        "tiers": [{"threshold": th, "payout": p} for th, p in table],
        "premium_bps": premium_bps,
        "max_band": max_band,
        "max_staleness": max_staleness,
        "decimals": f.decimals,
    }
    save_terms(nx, products)
    nx.chain.make_durable()
    return _summary(nx, name)


def list_products(nx: Nexus) -> list[dict[str, Any]]:
    """Every product of this chain with its terms and pool."""
    registry = nx.contracts.get("Registry")
    if registry is None:
        return []
    return [_summary(nx, n) for n in sorted(load_terms(nx)) if int(registry.version(product_key(n))) != 0]


def get_product(nx: Nexus, name: str) -> dict[str, Any]:
    return _summary(nx, name)


def _revert(exc: ContractReverted) -> InsuranceError:
    reason = (exc.reason or "reverted").removeprefix("insurance: ")
    return InsuranceError(f"insurance: {reason}")


def buy_policy(
    nx: Nexus, name: str, *, tier: int = 0, duration: int = 7 * 86_400, sender: str | None = None
) -> dict[str, Any]:
    """Buy tier `tier` of product `name` for `duration` seconds, paying its premium."""
    c, t = product_contract(nx, name)
    if not 0 <= tier < len(t["tiers"]):
        raise InsuranceError(f"product {name!r} has tiers 0..{len(t['tiers']) - 1}, not {tier}")
    if duration <= 0:
        raise InsuranceError("a policy's duration must be positive")
    row = t["tiers"][tier]
    payout = _ether(row["payout"], "payout")
    premium = -(-payout * t["premium_bps"] // 10_000)
    threshold = int(round(row["threshold"] * 10 ** t["decimals"]))
    feed = get_feed(nx, t["feed"])
    latest = feed.latest()  # checked here too, so a refused purchase costs no gas (the contract re-checks)
    if latest and nx.chain.timestamp() <= latest.updated_at + t["max_staleness"] and latest.high >= threshold:
        raise InsuranceError(
            f"insurance: trigger already crossed (round {latest.round_id} of {t['feed']} is at"
            f" {latest.high / 10 ** t['decimals']:g} >= {row['threshold']:g})"
        )
    try:
        rc = c.buy(region(t["feed"]), threshold, payout, duration, value=premium, sender=sender)
    except ContractReverted as exc:
        raise _revert(exc) from None
    pid = int(c.decode(rc)[0].args["policy_id"])
    nx.chain.make_durable()
    return {"product": name, "policy_id": pid, "tier": tier, "premium": _fmt(premium), **_policy(c, t, pid)}


def _policy(c: Contract, t: dict[str, Any], pid: int) -> dict[str, Any]:
    holder, _region_, threshold, payout, expires, paid = c.policies(pid)
    return {
        "policy_id": pid,
        "holder": to_checksum_address(holder),
        "threshold": threshold / 10 ** t["decimals"],
        "payout": _fmt(int(payout)),
        "expires": int(expires),
        "paid": bool(paid),
    }


def list_policies(nx: Nexus, name: str | None = None) -> list[dict[str, Any]]:
    """Policies of one product (or of all), oldest first."""
    out = []
    for n in [name] if name else [p["name"] for p in list_products(nx)]:
        c, t = product_contract(nx, n)
        out += [{"product": n, **_policy(c, t, pid)} for pid in range(1, int(c.policy_count()) + 1)]
    return out


def _claim(name: str, t: dict[str, Any], e: Any) -> dict[str, Any]:
    """One `PolicyPaid` event of product `name` (terms `t`) as plain data."""
    a = e.args
    return {
        "product": name,
        "policy_id": int(a["policy_id"]),
        "holder": to_checksum_address(a["holder"]),
        "round_id": int(a["round_id"]),
        "severity": int(a["severity"]) / 10 ** t["decimals"],
        "payout": _fmt(int(a["payout"])),
        "block": e.block_number,
    }


def claims(nx: Nexus, name: str | None = None, *, trigger: bool = False, sender: str | None = None) -> dict[str, Any]:
    """Claims paid automatically (the contract's `PolicyPaid` events), oldest first. With `trigger`,
    first ask each product's contract to pay what its feed's latest round makes due (anyone may;
    a policy is never paid twice) and report what that call paid or why it paid nothing."""
    names = [name] if name else [p["name"] for p in list_products(nx)]
    triggered = []
    for n in names:
        c, t = product_contract(nx, n)
        if trigger:
            try:
                rc = c.trigger(region(t["feed"]), sender=sender)
            except ContractReverted as exc:
                raise _revert(exc) from None
            evs = c.decode(rc)
            skipped = [str(e.args["reason"]) for e in evs if e.name == "TriggerSkipped"]
            triggered.append(
                {
                    "product": n,
                    "paid": sum(e.name == "PolicyPaid" for e in evs),
                    "skipped": skipped[0] if skipped else None,
                }
            )
    if trigger:
        nx.chain.make_durable()
    paid = []
    for n in names:
        c, t = product_contract(nx, n)
        paid += [_claim(n, t, e) for e in c.events("PolicyPaid")]
    return {"claims": paid, "triggered": triggered}


def trigger_feed(nx: Nexus, feed: str) -> list[dict[str, Any]]:
    """Trigger every product whose trigger is `feed` (the oracle service calls it after each
    reported round); returns the claims this paid."""
    registry = nx.contracts.get("Registry")
    names = [n for n, t in load_terms(nx).items() if t["feed"] == feed] if registry is not None else []
    if names and get_feed(nx, feed).latest_round() == 0:
        return []
    out = []
    for n in names:
        if int(registry.version(product_key(n))) == 0:  # type: ignore[union-attr]
            continue
        c, t = product_contract(nx, n)
        rc = c.trigger(region(feed))
        out += [_claim(n, t, e) for e in c.decode(rc) if e.name == "PolicyPaid"]
    if out:
        nx.chain.make_durable()
    return out
