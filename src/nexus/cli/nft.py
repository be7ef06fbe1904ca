"""`nexus nft mint|evolve|show|train`: dynamic NFTs whose art a model trained here draws."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ..exceptions import NFTInputError
from ._common import console, get_settings, open_nexus, print_json, resolve_account

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]


def _line(d: dict[str, Any]) -> str:
    t = d["traits"]
    return (
        f"#{d['token']} v{d['version']}  owner {d['owner']}  glyph {t['glyph']} level {t['level']}"
        f" {t['palette']}/{t['aura']}  image {d['image_sha256'][:16]}…"
    )


@app.command()
def mint(
    ctx: typer.Context,
    to: Annotated[str | None, typer.Option("--to", help="Receiver: an address or a dev account index.")] = None,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Mint the next token (deploys the DynamicNFT contract on first use) with its genesis art."""
    from ..nft.service import mint as mint_token

    nexus, _ = open_nexus(get_settings(ctx))
    with nexus:
        receiver = resolve_account(nexus, to, NFTInputError)
        data = mint_token(nexus, receiver, sender=resolve_account(nexus, sender, NFTInputError))
    if as_json:
        print_json(data)
    else:
        console().print(f"minted {_line(data)}  (ledger record {data['ledger_record']}, gas {data['gas_used']})")


@app.command()
def evolve(
    ctx: typer.Context,
    token: Annotated[int | None, typer.Argument(help="Token id (omit with --all).")] = None,
    cause: Annotated[
        str, typer.Option(help="guard.finding, market.resolution, oracle.crossing, holder.action or manual.")
    ] = "manual",
    detail: Annotated[str, typer.Option(help="The cause's details as a JSON object.")] = "{}",
    all_: Annotated[bool, typer.Option("--all", help="Evolve every token (one evolveBatch per 64).")] = False,
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Evolve a token (or all) on a cause: new traits, new art, ERC-4906 MetadataUpdate, ledger record."""
    from ..nft.service import evolve as evolve_token
    from ..nft.service import evolve_all
    from ..nft.traits import Cause

    try:
        details = json.loads(detail)
    except ValueError:
        raise NFTInputError("--detail is not JSON") from None
    if not isinstance(details, dict):
        raise NFTInputError("--detail must be a JSON object")
    if (token is None) == (not all_):
        raise NFTInputError("give a token id or --all (not both)")
    why = Cause(cause, details)
    nexus, _ = open_nexus(get_settings(ctx))
    with nexus:
        who = resolve_account(nexus, sender, NFTInputError)
        data: Any = evolve_all(nexus, why, sender=who) if all_ else evolve_token(nexus, token or 0, why, sender=who)
    if as_json:
        print_json(data)
    elif all_:
        console().print(f"evolved {len(data)} token(s) on {cause}")
    else:
        console().print(f"evolved {_line(data)}  (ledger record {data['ledger_record']}, gas {data['gas_used']})")


@app.command()
def show(
    ctx: typer.Context,
    token: Annotated[int | None, typer.Argument(help="Token id (omit: the gallery).")] = None,
    image: Annotated[Path | None, typer.Option("--image", help="Write the token's PNG here.")] = None,
    check: Annotated[
        Path | None, typer.Option("--verify", help="Check this PNG belongs to the token's pinned state.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """One token (traits, hashes, URIs), or every token; --image saves its art, --verify checks a picture."""
    from ..nft import service
    from ..nft.verify import verify_image

    nexus, readonly = open_nexus(get_settings(ctx), allow_readonly=True)
    with nexus:
        if token is None:
            if image is not None or check is not None:
                raise NFTInputError("--image and --verify need a token id")
            rows = service.gallery(nexus)
            if as_json:
                print_json(rows)
            for row in [] if as_json else rows:
                console().print(_line(row))
            return
        data = service.show(nexus, token)
        if check is not None:
            if not check.is_file():
                raise NFTInputError(f"{check}: no such file")
            data["verified"] = verify_image(nexus, token, check.read_bytes())
        if image is not None:
            image.write_bytes(service.image(nexus, token))
            data["image_file"] = str(image)
    if as_json:
        print_json(data)
        return
    console().print(_line(data))
    console().print(f"  traits {json.dumps(data['traits'], sort_keys=True)}")
    console().print(f"  metadata {data['token_uri']}  state {data['state']}")
    if "verified" in data:
        console().print(f"  verified: the picture matches version {data['verified']['version']} (chain and ledger)")
    if image is not None:
        console().print(f"  wrote {image}")


@app.command()
def train(
    out: Annotated[Path | None, typer.Option(help="Weights file (default: the one the package ships).")] = None,
    epochs: Annotated[int, typer.Option(min=1, max=5000)] = 1000,
    seed: Annotated[int, typer.Option()] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Train the art model (class-conditional VAE on scikit-learn's digits) on CPU (needs the torch and ml extras)."""
    from rich.progress import Progress

    from ..nft.model import WEIGHTS
    from ..nft.train import train as fit

    with Progress(transient=True) as bar:
        task = bar.add_task("training", total=epochs)
        report = fit(
            out or WEIGHTS,
            epochs=epochs,
            seed=seed,
            progress=lambda e, n, loss: bar.update(task, completed=e, description=f"loss {loss:.2f}"),
        )
    if as_json:
        print_json(report)
    else:
        console().print(f"trained {report['epochs']} epochs, loss {report['loss']}: {report['path']}")
