"""Demo chapter 7, "The contract scanner": find the sandbox vault's reentrancy, then scan the fix clean."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from ..contracts.compiler import SOURCE_ROOT
from ..scan import ScanFinding, scan_source
from ._tour import DemoContext, chapter

__all__ = ["the_scanner"]

_CALL = 'raw_call(msg.sender, b"", value=amount)'
_BOOK = "self.balances[msg.sender] = 0"


def _table(findings: list[ScanFinding], title: str) -> Table:
    table = Table("line", "severity", "category", "SWC", "evidence", title=title, title_justify="left")
    for f in findings:
        table.add_row(str(f.line), f.severity, f.category, f.swc_id, escape(f.evidence))
    return table


def fixed_vault(source: str) -> str:
    """The vault with its state update moved before the external call (checks-effects-interactions)."""
    lines = source.splitlines()
    i = next(k for k, line in enumerate(lines) if line.strip() == _CALL)
    if lines[i + 1].strip() != _BOOK:
        raise ValueError("the sandbox vault changed shape; update the demo")
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines) + "\n"


@chapter(7, "The contract scanner")
def the_scanner(ctx: DemoContext) -> None:
    con = ctx.console
    path = SOURCE_ROOT / "sandbox" / "SandboxVault.vy"
    source = path.read_text()
    ctx.step(
        "Scan the sandbox's ether vault (a deliberate attack target) with `nexus scan`: comments are"
        " blanked, the vyper compiler's AST is lowered to the scanner's IR, and every detector runs."
    )
    found = scan_source(source, "SandboxVault.vy")
    con.print(_table(found, "SandboxVault.vy"))
    for f in (f for f in found if f.category == "reentrancy"):
        con.print(
            f"[red]{f.severity}[/] {f.category} ({f.swc_id}) in `{f.function}`, line {f.line}: {escape(f.message)}"
        )
    ctx.step("The fix: update the balance before sending (checks-effects-interactions), then scan again.")
    clean = scan_source(fixed_vault(source), "SandboxVault.fixed.vy")
    con.print(escape(f"  - {_CALL}\n  + {_BOOK}\n  + {_CALL}"))
    remaining = [f for f in clean if f.category == "reentrancy"]
    con.print(f"reentrancy findings after the fix: {len(remaining)}; all findings: {len(clean)}")
    con.print(
        "Solidity works the same way (`nexus scan contracts/ --format sarif` for GitHub code"
        " scanning); see benchmarks/smartbugs for recall against SmartBugs and Slither."
    )
