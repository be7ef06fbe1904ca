"""`nexus contracts compile | deploy | list`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from ..exceptions import UnknownContract
from ._common import READONLY_NOTE, console, get_settings, open_nexus, print_json

if TYPE_CHECKING:  # the compiler (vyper) loads when a command needs it
    from ..contracts.compiler import CompiledContract

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


def _compile_one(arg: str, cache: Path) -> CompiledContract:
    """A package contract by name (cached), or any .vy file by path (relative to the cwd)."""
    from ..contracts.compiler import SOURCE_ROOT, compile_contract

    if not (arg.endswith(".vy") or "/" in arg):
        return compile_contract(arg, cache)
    path = Path(arg).expanduser().resolve()
    if not path.is_file():
        raise UnknownContract(f"no contract source {arg}")
    if path.is_relative_to(SOURCE_ROOT):
        return compile_contract(str(path), cache)
    return compile_contract(path.name, None, root=path.parent)  # outside the package: no cache


@app.command("compile")
def compile_(
    ctx: typer.Context,
    names: Annotated[list[str] | None, typer.Argument(help="Contract names or .vy paths; default: all.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Compile contracts (cached by source hash under the home)."""
    from ..contracts.compiler import contract_names

    settings = get_settings(ctx)
    cache = settings.cache_dir / "contracts"
    results = [_compile_one(n, cache) for n in (names or contract_names())]
    rows: list[dict[str, Any]] = [
        {
            "name": c.name,
            "source_hash": c.source_hash,
            "bytecode_size": len(c.bytecode),
            "runtime_size": len(c.runtime),
            "functions": sum(1 for i in c.abi if i.get("type") == "function"),
        }
        for c in results
    ]
    if as_json:
        print_json(rows)
        return
    table = Table("contract", "source hash", "initcode", "runtime", "functions")
    for r in rows:
        table.add_row(
            r["name"],
            r["source_hash"][:12],
            f"{r['bytecode_size']:,} B",
            f"{r['runtime_size']:,} B",
            str(r["functions"]),
        )
    console().print(table)


@app.command()
def deploy(
    ctx: typer.Context,
    names: Annotated[list[str] | None, typer.Argument(help="Contracts to deploy; default: the core set.")] = None,
    fresh: Annotated[bool, typer.Option(help="Redeploy everything (the old manifest is kept as a .bak).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Deploy missing contracts and re-attach the rest (nothing is redeployed without --fresh)."""
    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        deployed = nexus.deploy(names, fresh=fresh)
        st = nexus.status()
    if as_json:
        print_json(st)
        return
    table = Table(
        "contract", "address", title=f"chain {st['chain_id']}, block {st['block_number']}", title_justify="left"
    )
    for name, c in sorted(deployed.items()):
        table.add_row(name, c.address)
    console().print(table)


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Every contract source and, where deployed on this chain, its address."""
    from ..contracts.compiler import contract_names

    settings = get_settings(ctx)
    nexus, readonly = open_nexus(settings, allow_readonly=True)
    with nexus:
        attached = nexus.contracts  # verifies the manifest against on-chain code
        manifest = nexus.deployer.manifest()
        chain_id = nexus.chain.chain_id
    deps = manifest.contracts if manifest else {}
    rows: list[dict[str, Any]] = []
    for name in sorted(set(contract_names()) | set(deps)):
        dep = deps.get(name)
        rows.append(
            {
                "name": name,
                "address": attached[name].address if name in attached else None,
                "block": dep.block if dep else None,
                "deploy_tx": dep.deploy_tx if dep else None,
            }
        )
    if as_json:
        print_json({"chain_id": chain_id, "readonly": readonly, "contracts": rows})
        return
    table = Table("contract", "address", "block", title=f"chain {chain_id}", title_justify="left")
    for r in rows:
        table.add_row(r["name"], r["address"] or "[dim]not deployed[/]", "" if r["block"] is None else str(r["block"]))
    out = console()
    out.print(table)
    if readonly:
        out.print(f"[yellow]note:[/] {READONLY_NOTE}")
