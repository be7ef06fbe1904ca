"""Solidity front end, expressions: tree-sitter expression nodes lowered to IR `Expr`s, with the
precedence repairs (`_sink_prefix`, `_rotate`) the grammar's postfix parse needs, and the node helpers
(`_text`, `_line`, `_norm_type`) the declaration and statement lowering share."""

from __future__ import annotations

from typing import Any

from .ir import Expr, SourceUnit, render

_FOLD_OPTIONS = {"value", "gas"}  # old-style `x.call.value(v).gas(g)(...)`
_NAMED = ("call_struct_argument", "struct_field_assignment")  # one `name: value` of a named-argument call


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def _line(node: Any) -> int:
    return int(node.start_point[0]) + 1


class _ExprLower:
    """Lowers tree-sitter expression nodes of one contract into IR expressions."""

    def __init__(self, unit: SourceUnit) -> None:
        self.unit = unit
        self.contract_name = ""

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
