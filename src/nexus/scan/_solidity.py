"""Solidity front end: a tree-sitter grammar parse (robust to every 0.4-0.8 pragma) lowered to the IR.

This module parses, reads pragmas and lowers declarations (contracts, state variables, functions,
modifiers); statements are lowered in `_solstmt`, expressions in `_solexpr`."""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

from ._solexpr import _line, _norm_type, _text
from ._solstmt import _StmtLower
from .errors import ScanInputError
from .ir import ContractIR, Expr, Function, Param, SourceUnit, StateVar

__all__ = ["parse_solidity"]

_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")


@lru_cache(maxsize=1)
def _parser() -> Any:
    try:
        import tree_sitter as ts
        import tree_sitter_solidity as tss
    except ImportError as exc:  # pragma: no cover - the `scan` extra is missing
        raise ScanInputError("the Solidity parser is not installed: pip install 'symbiotic-nexus[scan]'") from exc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return ts.Parser(ts.Language(tss.language()))


def parse_solidity(path: str, source: str) -> SourceUnit:
    """Parse comment-free Solidity `source` into a SourceUnit; raises ScanInputError on bad input."""
    tree = _parser().parse(source.encode("utf-8"))
    root = tree.root_node
    if root.has_error and (masked := _mask_yul_members(source)) != source:
        # The grammar reads a Yul builtin's name (`number`, `basefee`, `gas`...) as the builtin even in
        # `number.slot`, which solc accepts for a state variable of that name. The assembly text is not
        # lowered (detectors read it from `unit.lines`, which keep the original), so the parse may use a
        # copy whose `x.slot` / `x.offset` / `x.length` names are masked, column for column.
        retry = _parser().parse(masked.encode("utf-8")).root_node
        if not retry.has_error:
            root = retry
    if root.has_error:
        raise ScanInputError(f"syntax error at line {_first_error_line(root)}")
    unit = SourceUnit(path=path, language="solidity", lines=source.splitlines())
    for node in root.named_children:
        if node.type == "pragma_directive":
            _pragma(unit, node)
        elif node.type in ("contract_declaration", "library_declaration", "interface_declaration"):
            unit.contracts.append(_Lower(unit).contract(node))
    return unit


_ASSEMBLY = re.compile(r"\bassembly\b[^{;]*\{")
_YUL_MEMBER = re.compile(r"\b[A-Za-z$][\w$]*(?=\s*\.\s*(?:slot|offset|length)\b)")


def _mask_yul_members(source: str) -> str:
    """`source` with the first letter of every `name` in `name.slot|offset|length` inside an assembly
    block replaced by `_` (no Yul builtin starts with `_`); lengths and lines are unchanged."""
    out, pos = [], 0
    for m in _ASSEMBLY.finditer(source):
        if m.start() < pos:
            continue
        depth, end = 1, m.end()
        while end < len(source) and depth:
            depth += {"{": 1, "}": -1}.get(source[end], 0)
            end += 1
        out += [source[pos : m.end()], _YUL_MEMBER.sub(lambda n: "_" + n[0][1:], source[m.end() : end])]
        pos = end
    return "".join(out) + source[pos:]


def _first_error_line(node: Any) -> int:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "ERROR" or n.is_missing:
            return int(n.start_point[0]) + 1
        if n.has_error:
            stack.extend(reversed(n.children))
    return int(node.start_point[0]) + 1


def _pragma(unit: SourceUnit, node: Any) -> None:
    text = _text(node)
    if "solidity" not in text:
        return
    m = _VERSION.search(text)
    if not m:
        raise ScanInputError(f"unreadable pragma {text.strip()!r}")
    version = (int(m[1]), int(m[2]), int(m[3] or 0))
    if not (0, 4, 0) <= version < (0, 9, 0):
        raise ScanInputError(f"unsupported pragma {' '.join(text.split())!r}: the scanner reads Solidity 0.4 to 0.8")
    # One compiler builds the whole file, so it satisfies every pragma: a flattened file that joins
    # `^0.8.0` with `>=0.6` builds with 0.8 (the highest of the lower bounds).
    unit.version = version if unit.version is None else max(unit.version, version)


class _Lower(_StmtLower):
    """Lowers one tree-sitter contract into IR nodes."""

    # -- declarations ---------------------------------------------------------------------------
    def contract(self, node: Any) -> ContractIR:
        kind = node.type.split("_")[0]
        name = _text(node.child_by_field_name("name"))
        self.contract_name = name
        c = ContractIR(name=name, kind=kind, line=_line(node))
        for ch in node.named_children:
            if ch.type == "inheritance_specifier":
                anc = ch.child_by_field_name("ancestor")
                c.bases.append(_text(anc).split("(")[0].strip())
        body = node.child_by_field_name("body")
        for m in body.named_children if body is not None else []:
            t = m.type
            if t == "state_variable_declaration":
                sv = self.state_var(m)
                c.state[sv.name] = sv
            elif t in ("function_definition", "constructor_definition", "fallback_receive_definition"):
                c.functions.append(self.function(m))
            elif t == "modifier_definition":
                f = self.function(m, kind="modifier")
                c.modifiers[f.name] = f
            elif t == "struct_declaration":
                c.structs.add(_text(m.child_by_field_name("name")))
        return c

    def state_var(self, node: Any) -> StateVar:
        words = {_text(ch) for ch in node.children if ch.child_count == 0}
        const = bool(words & {"constant", "immutable"}) or any(
            ch.type in ("constant", "immutable") for ch in node.named_children
        )
        value = node.child_by_field_name("value")
        return StateVar(
            name=_text(node.child_by_field_name("name")),
            type=_norm_type(node.child_by_field_name("type")),
            line=_line(node),
            constant=const,
            value=self.expr(value) if value is not None else None,
            public=any(_text(ch) == "public" for ch in node.children),
        )

    def function(self, node: Any, kind: str | None = None) -> Function:
        name_node = node.child_by_field_name("name")
        name = _text(name_node)
        if kind is None:
            if node.type == "constructor_definition":
                kind = "constructor"
            elif node.type == "fallback_receive_definition":
                kind = "receive" if any(ch.type == "receive" for ch in node.children) else "fallback"
                name = name or kind
            elif name == self.contract_name and (self.unit.version or (0, 4, 0)) < (0, 5, 0):
                kind = "constructor"
            else:
                kind = "function"
        f = Function(name=name or kind, kind=kind, line=_line(node), end_line=int(node.end_point[0]) + 1)
        for ch in node.named_children:
            t = ch.type
            if t == "parameter":
                f.params.append(self.param(ch))
            elif t == "visibility":
                f.visibility = _text(ch).strip()
            elif t == "state_mutability":
                f.mutability = _text(ch).strip()
            elif t == "modifier_invocation" and _text(ch).strip() == "constant":
                f.mutability = "constant"  # Solidity < 0.5 `constant` parses as a modifier without arguments
            elif t == "modifier_invocation":
                f.modifiers.append(self.modifier_invocation(ch))
            elif t == "return_type_definition":
                f.returns = [self.param(p) for p in ch.named_children if p.type == "parameter"]
            elif t == "function_body":
                f.body = self.block(ch)
        for ch in node.children:  # `constant`/`payable` may stand bare in old grammars
            if ch.type in ("constant", "payable", "view", "pure") and not f.mutability:
                f.mutability = ch.type
        return f

    def param(self, node: Any) -> Param:
        return Param(
            name=_text(node.child_by_field_name("name")),
            type=_norm_type(node.child_by_field_name("type")),
            line=_line(node),
        )

    def modifier_invocation(self, node: Any) -> Expr:
        ident = next((c for c in node.named_children if c.type == "identifier"), None)
        callee = Expr("ident", _line(node), name=_text(ident) if ident is not None else _text(node).split("(")[0])
        args = [self.expr(a) for a in node.named_children if a.type == "call_argument"]
        return Expr("call", _line(node), args=[callee, *args]) if args else callee
