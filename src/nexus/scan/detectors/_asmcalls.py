"""Low-level calls made from inline assembly (helpers for calls.py `unchecked-call` and access.py
`unprotected-delegatecall`).

The IR keeps an assembly block as its source lines only (`Stmt("assembly")`), so these helpers read the
block's text, with comments already blanked by the parser:

- **Dropped success flag.** `pop(call(gas(), to, amount, 0, 0, 0, 0))` throws the flag away, and
  `let ok := call(...)` with `ok` never mentioned again in the block does the same (a `let` local lives
  only inside its block). Only a call that sends ether counts (a literal zero value is left out: such a
  call's outcome is read from its return data, or it is retried, as in a USDT approve reset), and not
  when the function reads a balance or the return data after it (the transfer is checked by what it moved
  or what came back, as a force-send with a vault fallback does). A numeric target (a precompile) and
  `staticcall` are left out too.
- **Delegatecall targets.** The identifier passed as the address of an assembly `delegatecall(gas, impl, ..)`
  (or `callcode(gas, impl, value, ..)`), with its line; none from a block that reverts unconditionally (a
  simulation: every effect of the delegated code is undone, as in Safe's `simulateAndRevert`).
"""

from __future__ import annotations

import re

from ..ir import SourceUnit, Stmt

__all__ = ["assembly_delegate_targets", "assembly_dropped_calls"]

# The gas argument may hold calls nested one deep (`sub(gas(), 5000)`, `gas()`).
_GAS = r"[^,()]*(?:\((?:[^()]|\([^()]*\))*\))?[^,()]*"
_VALUE = r"(?:,\s*([^,()\s]+))?"  # the value argument of call/callcode (delegatecall has none)
_POP = re.compile(r"\bpop\s*\(\s*(call|callcode|delegatecall)\s*\(\s*" + _GAS + r",\s*([^,()\s]+)" + _VALUE)
_LET = re.compile(
    r"\blet\s+([A-Za-z_]\w*)\s*:=\s*(call|callcode|delegatecall)\s*\(\s*" + _GAS + r",\s*([^,()\s]+)" + _VALUE
)
_ZERO = re.compile(r"0x0*|0+")
_DELEGATE = re.compile(r"\b(delegatecall|callcode)\s*\(\s*" + _GAS + r",\s*([A-Za-z_]\w*)")


def _text(unit: SourceUnit, s: Stmt) -> str:
    return "\n".join(unit.lines[s.line - 1 : max(s.line, s.end_line or s.line)])


def _line(s: Stmt, text: str, pos: int) -> int:
    return s.line + text.count("\n", 0, pos)


def _precompile(target: str) -> bool:
    return target[:1].isdigit()


def _sends(op: str, target: str, value: str | None) -> bool:
    """A call to a real address that moves ether (delegatecall runs code with this contract's balance)."""
    if _precompile(target):
        return False
    return op == "delegatecall" or value is not None and not _ZERO.fullmatch(value)


def _inspected(unit: SourceUnit, line: int, end: int) -> bool:
    """The code after the call reads a balance or the call's return data: its outcome is looked at."""
    text = "\n".join(unit.lines[line - 1 : max(line, end)])
    return "balance" in text or "returndatasize" in text or "returndatacopy" in text


def assembly_dropped_calls(unit: SourceUnit, s: Stmt, end: int) -> list[tuple[int, str]]:
    """(line, opcode) of each ether-moving call in assembly block `s` whose success flag is dropped;
    `end` is the last line of the enclosing function."""
    if s.kind != "assembly":
        return []
    text = _text(unit, s)
    out = [(_line(s, text, m.start()), m.group(1)) for m in _POP.finditer(text) if _sends(*m.group(1, 2, 3))]
    for m in _LET.finditer(text):
        if _sends(*m.group(2, 3, 4)) and len(re.findall(rf"\b{re.escape(m.group(1))}\b", text)) == 1:
            out.append((_line(s, text, m.start()), m.group(2)))
    return sorted((line, op) for line, op in out if not _inspected(unit, line + 1, end))


def _reverts_always(text: str) -> bool:
    """A `revert(` at the top level of the assembly block: the block never completes."""
    start = text.find("{", text.find("assembly"))
    depth = 0
    for m in re.finditer(r"[{}]|\brevert\s*\(", text[start:] if start >= 0 else ""):
        tok = m.group(0)
        depth += 1 if tok == "{" else -1 if tok == "}" else 0
        if tok.startswith("revert") and depth == 1:
            return True
    return False


def assembly_delegate_targets(unit: SourceUnit, s: Stmt) -> list[tuple[int, str]]:
    """(line, identifier) of each address an assembly `delegatecall`/`callcode` in block `s` runs."""
    if s.kind != "assembly":
        return []
    text = _text(unit, s)
    if _reverts_always(text):
        return []
    return [(_line(s, text, m.start()), m.group(2)) for m in _DELEGATE.finditer(text)]
