"""`nexus fingerprint PATH` and `nexus diff A B`: content manifests and what changed between two."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..ledger.fingerprint import (
    AS_CHOICES,
    Manifest,
    ManifestEntry,
    diff,
    fingerprint,
    is_manifest_file,
    load_manifest,
)
from ._common import console, get_settings, print_json

__all__ = ["app"]

app = typer.Typer()

_AS_HELP = f"How to read a file: {', '.join(AS_CHOICES)} (auto: by extension)."
_SHOWN = 20


def _load(arg: str, ctx: typer.Context, how: str, exclude: list[str] | None) -> Manifest:
    """A saved manifest (.json naming the format) as is, else a fresh fingerprint of the path."""
    path = Path(arg).expanduser()
    if how == "auto" and is_manifest_file(path):
        return load_manifest(path)
    settings = get_settings(ctx)
    return fingerprint(path, as_=how, exclude=exclude or (), settings=settings)  # type: ignore[arg-type]


def _where(e: ManifestEntry) -> str:
    rows = e.meta.get("rows")
    if rows:
        return f"rows {rows[0]:,}–{rows[1] - 1:,}"
    if "shape" in e.meta:
        return f"{e.meta.get('dtype')} {tuple(e.meta['shape'])}"
    return f"{e.size:,} B"


def _summary(m: Manifest) -> str:
    meta = m.meta
    if m.kind == "table":
        return (
            f"{meta['rows']:,} rows × {len(meta['columns'])} columns, {len(m.entries)} chunk(s)"
            f" of {meta['chunk_rows']:,} rows, {meta['encoding']}"
        )
    if m.kind == "estimator":
        return f"{meta['class']}, {'fitted' if meta.get('fitted') else 'not fitted'}, {len(m.entries)} parts"
    noun = {"tensors": "tensor(s)", "directory": "file(s)"}.get(m.kind, "part(s)")
    return f"{len(m.entries):,} {noun}, {m.size:,} B"


@app.command("fingerprint")
def fingerprint_cmd(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="File, directory, table (.csv/.parquet) or weights.")],
    how: Annotated[str, typer.Option("--as", help=_AS_HELP)] = "auto",
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Glob to skip in a directory (repeatable).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Also save the manifest to this file.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List every entry, not the first 20.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole manifest as JSON.")] = False,
) -> None:
    """SHA-256 manifest of ALL the content: per file, per row chunk or per tensor, and a root."""
    m = _load(path, ctx, how, exclude)
    if out is not None:
        m.save(out)
    if as_json:
        print_json(m.to_json())
        return
    out_ = console()
    out_.print(f"[bold]{m.kind}[/] {path}\nroot  [green]{m.digest}[/]\n{_summary(m)}")
    table = Table("entry", "what", "sha256", box=None, pad_edge=False)
    for e in m.entries if show_all else m.entries[:_SHOWN]:
        table.add_row(e.name, _where(e), e.digest)
    if m.entries:
        out_.print(table)
    if not show_all and len(m.entries) > _SHOWN:
        out_.print(f"[dim]… {len(m.entries) - _SHOWN:,} more (--all lists them, --json prints all)[/]")
    if out is not None:
        out_.print(f"manifest saved to {out}")


@app.command("diff")
def diff_cmd(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="Before: a path, or a manifest saved as JSON.")],
    b: Annotated[str, typer.Argument(help="After: a path, or a manifest saved as JSON.")],
    how: Annotated[str, typer.Option("--as", help=_AS_HELP)] = "auto",
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Glob to skip in a directory (repeatable).")
    ] = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when A and B differ.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Which files, row chunks or tensors changed, were added or removed between A and B."""
    d = diff(_load(a, ctx, how, exclude), _load(b, ctx, how, exclude))
    if as_json:
        print_json(d.to_json())
    else:
        _print_diff(d.to_json(), d)
    if exit_code and not d.same:
        raise typer.Exit(1)


def _print_diff(data: dict[str, Any], d: Any) -> None:
    out = console()
    if d.same:
        out.print(f"[green]identical[/]: root {d.a_root}")
        return
    if d.kinds[0] != d.kinds[1]:
        out.print(f"[yellow]note:[/] A is a {d.kinds[0]}, B a {d.kinds[1]}")
    table = Table("", "entry", "what", "before", "after", box=None, pad_edge=False)
    for ea, eb in d.changed:
        table.add_row("[yellow]changed[/]", ea.name, _where(eb), ea.digest[:16], eb.digest[:16])
    for e in d.added:
        table.add_row("[green]added[/]", e.name, _where(e), "", e.digest[:16])
    for e in d.removed:
        table.add_row("[red]removed[/]", e.name, _where(e), e.digest[:16], "")
    for key, (va, vb) in d.meta.items():
        table.add_row("[magenta]meta[/]", key, "", _short(va), _short(vb))
    out.print(table)
    out.print(
        f"{len(d.changed)} changed, {len(d.added)} added, {len(d.removed)} removed,"
        f" {d.unchanged} unchanged; root {d.a_root[:16]} → {d.b_root[:16]}"
    )


def _short(v: Any) -> str:
    text = str(v)
    return text if len(text) <= 40 else text[:37] + "…"
