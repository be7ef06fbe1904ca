"""Solidity front end, statements: tree-sitter statement nodes (blocks, branches, loops, declarations,
try/catch) lowered to IR `Stmt`s; expressions go through `_ExprLower`."""

from __future__ import annotations

from typing import Any

from ._solexpr import _ExprLower, _line, _norm_type, _text
from .ir import Expr, Stmt


class _StmtLower(_ExprLower):
    """Lowers tree-sitter statement nodes of one contract into IR statements."""

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
