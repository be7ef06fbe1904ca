"""Solidity front end: a tree-sitter grammar parse (robust to every 0.4-0.8 pragma) lowered to the IR."""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

from .errors import ScanInputError
from .ir import ContractIR, Expr, Function, Param, SourceUnit, StateVar, Stmt, render

__all__ = ["parse_solidity"]

_FOLD_OPTIONS = {"value", "gas"}  # old-style `x.call.value(v).gas(g)(...)`
_NAMED = ("call_struct_argument", "struct_field_assignment")  # one `name: value` of a named-argument call
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
    if root.has_error:
        raise ScanInputError(f"syntax error at line {_first_error_line(root)}")
    unit = SourceUnit(path=path, language="solidity", lines=source.splitlines())
    for node in root.named_children:
        if node.type == "pragma_directive":
            _pragma(unit, node)
        elif node.type in ("contract_declaration", "library_declaration", "interface_declaration"):
            unit.contracts.append(_Lower(unit).contract(node))
    return unit


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
    unit.version = version if unit.version is None else min(unit.version, version)


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def _line(node: Any) -> int:
    return int(node.start_point[0]) + 1


class _Lower:
    """Lowers one tree-sitter contract into IR nodes."""

    def __init__(self, unit: SourceUnit) -> None:
        self.unit = unit
        self.contract_name = ""

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

    # -- statements -----------------------------------------------------------------------------
    def block(self, node: Any) -> list[Stmt]:
        return [s for ch in node.named_children if (s := self.stmt(ch)) is not None]

    def stmt(self, node: Any) -> Stmt | None:
        if node.type == "statement":
            node = node.named_children[0] if node.named_children else node
        t, line = node.type, _line(node)
        end = int(node.end_point[0]) + 1
        if t in ("block_statement", "unchecked_block"):  # this grammar: block_statement with an `unchecked` child
            unchecked = t == "unchecked_block" or any(ch.type == "unchecked" for ch in node.named_children)
            inner = [st for ch in node.named_children if ch.type != "unchecked" and (st := self.stmt(ch)) is not None]
            return Stmt("block", line, body=inner, location="unchecked" if unchecked else "", end_line=end)
        if t == "expression_statement":
            e = self.expr(node.named_children[0]) if node.named_children else Expr("other", line)
            if e.kind == "ident" and e.name == "throw":
                return Stmt("throw", line, end_line=end)
            if e.kind == "ident" and e.name == "_":
                return Stmt("placeholder", line, end_line=end)
            return Stmt("expr", line, exprs=[e], end_line=end)
        if t == "variable_declaration_statement":
            return self.var_decl(node)
        if t == "if_statement":
            cond = node.child_by_field_name("condition")
            branches = [c for c in node.named_children if c.type == "statement"]
            then = self.stmt(branches[0]) if branches else None
            other = self.stmt(branches[1]) if len(branches) > 1 else None
            return Stmt(
                "if",
                line,
                exprs=[self.expr(cond)],
                body=[then] if then else [],
                orelse=[other] if other else [],
                end_line=end,
            )
        if t == "for_statement":
            init_n = node.child_by_field_name("initial")
            cond_n = node.child_by_field_name("condition")
            upd_n = node.child_by_field_name("update")
            body_n = node.child_by_field_name("body")
            init = self.stmt(init_n) if init_n is not None else None
            cond = (
                self.expr(cond_n.named_children[0])
                if cond_n is not None and cond_n.named_children
                else Expr("literal", line, name="true")
            )
            exprs = [cond] + ([self.expr(upd_n)] if upd_n is not None else [])
            body = self.stmt(body_n) if body_n is not None else None
            return Stmt(
                "loop",
                line,
                exprs=exprs,
                body=[body] if body else [],
                init=[init] if init else [],
                location="for",
                end_line=end,
            )
        if t in ("while_statement", "do_while_statement"):
            cond = node.child_by_field_name("condition")
            body_n = node.child_by_field_name("body")
            body = self.stmt(body_n) if body_n is not None else None
            return Stmt(
                "loop",
                line,
                exprs=[self.expr(cond)],
                body=[body] if body else [],
                location="while" if t == "while_statement" else "do",
                end_line=end,
            )
        if t == "return_statement":
            return Stmt("return", line, exprs=[self.expr(c) for c in node.named_children], end_line=end)
        if t == "emit_statement":
            return Stmt(
                "emit",
                line,
                exprs=[self.expr(c) for c in node.named_children if c.type in ("expression", "call_argument")],
                end_line=end,
            )
        if t == "revert_statement":
            return Stmt("revert", line, exprs=[self.expr(c) for c in node.named_children], end_line=end)
        if t == "assembly_statement":
            return Stmt("assembly", line, end_line=end)
        if t == "break_statement":
            return Stmt("break", line, end_line=end)
        if t == "continue_statement":
            return Stmt("continue", line, end_line=end)
        if t == "try_statement":
            inner = [s for c in node.named_children if (s := self._maybe_stmt(c)) is not None]
            exprs = [self.expr(c) for c in node.named_children if c.type == "expression"]
            return Stmt("block", line, exprs=exprs, body=inner, end_line=end)
        return Stmt("other", line, end_line=end)

    def _maybe_stmt(self, node: Any) -> Stmt | None:
        if node.type in ("block_statement", "statement"):
            return self.stmt(node)
        if node.type == "catch_clause":
            body = node.child_by_field_name("body")
            return self.stmt(body) if body is not None else None
        return None

    def var_decl(self, node: Any) -> Stmt:
        value = node.child_by_field_name("value")
        s = Stmt(
            "var",
            _line(node),
            exprs=[self.expr(value)] if value is not None else [],
            end_line=int(node.end_point[0]) + 1,
        )
        for d in node.named_children:
            if d.type == "variable_declaration":
                self._decl(s, d)
            elif d.type == "variable_declaration_tuple":
                for x in d.named_children:
                    if x.type == "variable_declaration":
                        self._decl(s, x)
                    elif x.type == "identifier":  # `var (a, b) = ...`
                        s.names.append(_text(x))
                        s.types.append("var")
        return s

    def _decl(self, s: Stmt, d: Any) -> None:
        s.names.append(_text(d.child_by_field_name("name")))
        s.types.append(_norm_type(d.child_by_field_name("type")))
        loc = d.child_by_field_name("location")
        if loc is not None:
            s.location = _text(loc)

    # -- expressions ----------------------------------------------------------------------------
    def expr(self, node: Any) -> Expr:
        paren = False
        while node.type in ("expression", "call_argument", "parenthesized_expression") and node.named_children:
            kids = node.named_children
            if node.type == "call_argument" and kids[0].type in _NAMED:  # `{a: x, b: y}`: see `call`
                values = [self.expr(v) for fa in kids if fa.type in _NAMED for v in fa.named_children[1:2]]
                return Expr("other", _line(node), name="named", args=values, text=_text(node))
            paren |= node.type == "parenthesized_expression"
            node = kids[0]
        e = self._expr(node)
        e.paren = e.paren or paren
        return e

    def _expr(self, node: Any) -> Expr:
        t, line, text = node.type, _line(node), _text(node)
        if t in ("identifier", "primitive_type", "user_defined_type"):
            return Expr("ident", line, name=text.strip(), text=text)
        if t in (
            "number_literal",
            "string_literal",
            "boolean_literal",
            "hex_string_literal",
            "unicode_string_literal",
            "string",
        ):
            return Expr("literal", line, name=text, text=text)
        if t == "member_expression":
            obj = self.expr(node.child_by_field_name("object"))
            prop = _text(node.child_by_field_name("property"))
            return _sink_prefix(Expr("member", line, name=prop, args=[obj], text=text))
        if t == "array_access":
            base = self.expr(node.child_by_field_name("base"))
            idx_n = node.child_by_field_name("index")
            args = [base] + ([self.expr(idx_n)] if idx_n is not None else [])
            return _sink_prefix(Expr("index", line, args=args, text=text))
        if t == "call_expression":
            return self.call(node, line, text)
        if t == "struct_expression":
            base = self.expr(node.child_by_field_name("type"))
            for fa in node.named_children:
                if fa.type == "struct_field_assignment":
                    base.options[_text(fa.child_by_field_name("name"))] = self.expr(fa.child_by_field_name("value"))
            return base
        if t == "binary_expression":
            return _rotate(
                Expr(
                    "binary",
                    line,
                    name=_text(node.child_by_field_name("operator")).strip(),
                    args=[self.expr(node.child_by_field_name("left")), self.expr(node.child_by_field_name("right"))],
                    text=text,
                )
            )
        if t == "unary_expression":
            return Expr(
                "unary",
                line,
                name=_text(node.child_by_field_name("operator")).strip(),
                args=[self.expr(node.child_by_field_name("argument"))],
                text=text,
            )
        if t == "update_expression":
            arg = self.expr(node.child_by_field_name("argument"))
            op = _text(node.child_by_field_name("operator")).strip()
            postfix = node.children[0].type == "expression"
            return _sink_prefix(Expr("unary", line, name=("x" + op) if postfix else op, args=[arg], text=text))
        if t in ("assignment_expression", "augmented_assignment_expression"):
            op = next((_text(c) for c in node.children if not c.is_named), "=")
            return Expr(
                "assign",
                line,
                name=op.strip(),
                text=text,
                args=[self.expr(node.child_by_field_name("left")), self.expr(node.child_by_field_name("right"))],
            )
        if t == "ternary_expression":
            return Expr("ternary", line, args=[self.expr(c) for c in node.named_children], text=text)
        if t in ("tuple_expression", "inline_array_expression"):
            items = [self.expr(c) for c in node.named_children]
            if t == "tuple_expression" and len(items) == 1:
                return items[0]
            return Expr("tuple", line, args=items, text=text)
        if t == "new_expression":
            return Expr("new", line, name=_text(node.child_by_field_name("name")), text=text)
        if t in ("type_cast_expression", "payable_conversion_expression"):
            kids = node.named_children
            ty = _text(kids[0]) if t == "type_cast_expression" else "payable"
            args = [self.expr(c) for c in kids if c.type in ("call_argument", "expression")]
            return Expr("cast", line, name=ty, args=args, text=text)
        return Expr(
            "other",
            line,
            name=t,
            text=text,
            args=[self.expr(c) for c in node.named_children if c.type in ("expression", "call_argument")],
        )

    def call(self, node: Any, line: int, text: str) -> Expr:
        callee = self.expr(node.child_by_field_name("function"))
        args = [self.expr(a) for a in node.named_children if a.type == "call_argument"]
        if any(a.kind == "other" and a.name == "named" for a in args):  # `S({a: x})`, `f({to: t})`: the values
            # sit under one `named` node (see `expr`): read (taint, uses), never bound to parameters by position
            args = [a for a in args if a.kind == "other" and a.name == "named"][:1]
        if (
            callee.kind == "member"
            and callee.name in _FOLD_OPTIONS
            and len(args) == 1
            and callee.args[0].kind == "member"
        ):
            inner = callee.args[0]  # `x.f.value(v)` is x.f with a value option
            inner.options = {**inner.options, callee.name: args[0]}
            return inner
        opts = dict(callee.options)
        return _sink_prefix(Expr("call", line, args=[callee, *args], options=opts, text=text))


def _sink_prefix(e: Expr) -> Expr:
    """Postfix operators (`[i]`, `.m`, `(...)`) bind tighter than prefix, binary and ternary ones, but the
    grammar parses `a >= b[c]` as `(a >= b)[c]` and `!x.y` as `(!x).y`: push the postfix operator down
    onto the right-most operand unless the source wrote the parentheses."""
    base = e.args[0] if e.args else None
    if base is None or base.paren or e.kind == "unary":
        return e
    if base.kind in ("binary", "ternary", "assign") or (base.kind == "unary" and not base.name.startswith("x")):
        e.args[0] = base.args[-1]
        e.text = render(e)
        base.args[-1] = _sink_prefix(e)
        base.text = render(base)
        return base
    return e


_PREC = {
    op: i
    for i, ops in enumerate(
        [
            ("||",),
            ("&&",),
            ("==", "!="),
            ("<", ">", "<=", ">="),
            ("|",),
            ("^",),
            ("&",),
            ("<<", ">>"),
            ("+", "-"),
            ("*", "/", "%"),
            ("**",),
        ]
    )
    for op in ops
}


def _rotate(b: Expr) -> Expr:
    """Restore precedence where an undone postfix parse left a looser operator on the left:
    `(a - x) * y` from the grammar's `((a - b)[c] * d)` becomes `a - (x * y)`."""
    left = b.args[0]
    if left.kind == "binary" and not left.paren and _PREC.get(left.name, 99) < _PREC.get(b.name, 99):
        b.args[0] = left.args[1]
        b.text = render(b)
        left.args[1] = _rotate(b)
        left.text = render(left)
        return left
    return b


def _norm_type(node: Any) -> str:
    return " ".join(_text(node).split()) if node is not None else ""
