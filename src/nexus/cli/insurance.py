"""`nexus insurance create | buy | policies | claims`: parametric insurance triggered by oracle feeds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from ..exceptions import InsuranceError
from ._common import console, get_settings, open_nexus, print_json, sender_option

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["app", "parse_tiers", "resolve_account"]

app = typer.Typer(no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]
ProductArg = Annotated[str, typer.Argument(help="Product name.")]


@contextmanager
def _nexus(ctx: typer.Context, readonly: bool = False) -> Iterator[Nexus]:
    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=readonly)
    with nexus:
        yield nexus


def resolve_account(nexus: Any, who: str | None) -> str | None:
    """`--from`: None (the node's account), a dev account index, or an address."""
    return sender_option(nexus, who, InsuranceError)


def parse_tiers(text: str) -> list[tuple[float, str]]:
    """`60:1,80:2.5` -> [(60.0, "1"), (80.0, "2.5")] (severity threshold : payout in ether)."""
    out = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        th, sep, pay = part.partition(":")
        try:
            out.append((float(th), pay.strip()))
        except ValueError:
            raise InsuranceError(f"a tier is THRESHOLD:PAYOUT, not {part!r}") from None
        if not sep or not pay.strip():
            raise InsuranceError(f"a tier is THRESHOLD:PAYOUT, not {part!r}")
    return out


@app.command()
def create(
    ctx: typer.Context,
    name: ProductArg,
    feed: Annotated[str, typer.Option(help="Trigger: the oracle feed (see `nexus oracle feeds`).")],
    tiers: Annotated[str, typer.Option(help="Payout table THRESHOLD:PAYOUT,... (feed units : ether).")],
    pool: Annotated[str, typer.Option(help="Capital the pool starts with (ether).")],
    premium_bps: Annotated[int, typer.Option(help="Premium as basis points of the payout.")] = 500,
    model: Annotated[str, typer.Option(help="Severity model behind the feed.")] = "seattle-logistic",
    max_band: Annotated[float, typer.Option(help="Pay only when the nodes' band is at most this wide.")] = 15.0,
    max_staleness: Annotated[int, typer.Option(help="Pay only on rounds at most this many seconds old.")] = 7200,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create and fund a product: a pool that pays policies when the feed crosses their threshold."""
    from ..oracle.insurance import create_product

    table = parse_tiers(tiers)
    with _nexus(ctx) as nx:
        out = create_product(
            nx,
            name,
            feed=feed,
            tiers=table,
            premium_bps=premium_bps,
            pool=pool,
            model=model,
            max_band=max_band,
            max_staleness=max_staleness,
            sender=resolve_account(nx, sender),
        )
    if as_json:
        print_json(out)
        return
    console().print(
        f"product {name} at {out['address']}: trigger {feed}, pool {out['pool']} ether, "
        + ", ".join(f"≥ {t['threshold']:g} pays {t['payout']}" for t in out["tiers"])
    )


@app.command()
def buy(
    ctx: typer.Context,
    product: ProductArg,
    tier: Annotated[int, typer.Option(help="Tier index of the payout table (0 = lowest threshold).")] = 0,
    days: Annotated[float, typer.Option(help="Cover for this many days.")] = 7.0,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Buy a policy (pays its premium); refused while the trigger is already crossed."""
    from ..oracle.insurance import buy_policy

    with _nexus(ctx) as nx:
        out = buy_policy(nx, product, tier=tier, duration=int(days * 86_400), sender=resolve_account(nx, sender))
    if as_json:
        print_json(out)
        return
    console().print(
        f"policy {out['policy_id']} of {product}: pays {out['payout']} ether at severity"
        f" ≥ {out['threshold']:g}, premium {out['premium']} ether, holder {out['holder']}"
    )


@app.command()
def policies(
    ctx: typer.Context,
    product: Annotated[str | None, typer.Argument(help="Product name (default: every product).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Products and their policies."""
    from ..oracle.insurance import list_policies, list_products

    with _nexus(ctx, readonly=True) as nx:
        prods = [p for p in list_products(nx) if product in (None, p["name"])]
        pols = list_policies(nx, product)
    if as_json:
        print_json({"products": prods, "policies": pols})
        return
    t = Table("product", "feed", "pool", "reserved", "tiers", title="products", title_justify="left")
    for p in prods:
        t.add_row(
            p["name"],
            p["feed"],
            p["pool"],
            p["reserved"],
            ", ".join(f"{x['threshold']:g}→{x['payout']}" for x in p["tiers"]),
        )
    c = console()
    c.print(t)
    t2 = Table(
        "product", "id", "holder", "threshold", "payout", "expires", "paid", title="policies", title_justify="left"
    )
    for r in pols:
        t2.add_row(
            r["product"],
            str(r["policy_id"]),
            r["holder"],
            f"{r['threshold']:g}",
            r["payout"],
            str(r["expires"]),
            "yes" if r["paid"] else "",
        )
    c.print(t2)


@app.command()
def claims(
    ctx: typer.Context,
    product: Annotated[str | None, typer.Argument(help="Product name (default: every product).")] = None,
    trigger: Annotated[bool, typer.Option(help="First ask the pool to pay what the latest round makes due.")] = False,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Claims paid automatically when the feed crossed a policy's threshold."""
    from ..oracle.insurance import claims as list_claims

    with _nexus(ctx, readonly=not trigger) as nx:
        out = list_claims(nx, product, trigger=trigger, sender=resolve_account(nx, sender))
    if as_json:
        print_json(out)
        return
    c = console()
    for t in out["triggered"]:
        c.print(f"trigger {t['product']}: paid {t['paid']}" + (f" (skipped: {t['skipped']})" if t["skipped"] else ""))
    table = Table(
        "product", "policy", "holder", "round", "severity", "payout", title="claims paid", title_justify="left"
    )
    for r in out["claims"]:
        table.add_row(
            r["product"], str(r["policy_id"]), r["holder"], str(r["round_id"]), f"{r['severity']:g}", r["payout"]
        )
    c.print(table)
