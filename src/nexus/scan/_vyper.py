"""Vyper front end: the vyper compiler's own AST (parse only) lowered to the scanner IR."""

from __future__ import annotations

from typing import Any

from ._vyper03 import modernise
from .errors import ScanInputError
from .ir import ContractIR, Expr, Function, Param, SourceUnit, StateVar, Stmt

__all__ = ["parse_vyper"]

_BINOPS = {
    "Add": "+",
    "Sub": "-",
    "Mult": "*",
    "Div": "/",
    "FloorDiv": "/",
    "Mod": "%",
    "Pow": "**",
    "BitAnd": "&",
    "BitOr": "|",
    "BitXor": "^",
    "LShift": "<<",
    "RShift": ">>",
    "And": "&&",
    "Or": "||",
    "Eq": "==",
    "NotEq": "!=",
    "Lt": "<",
    "LtE": "<=",
    "Gt": ">",
    "GtE": ">=",
    "In": "in",
    "NotIn": "not in",
    "Not": "!",
    "USub": "-",
    "Invert": "~",
}


def parse_vyper(path: str, source: str) -> SourceUnit:
    """Parse comment-free Vyper `source` with vyper's parser; raises ScanInputError on bad input."""
    try:
        from vyper.ast import parse_to_ast
        from vyper.exceptions import VyperException
    except ImportError as exc:  # pragma: no cover
        raise ScanInputError("vyper is not installed") from exc
    try:
        module = parse_to_ast(modernise(source))
    except VyperException as exc:
        line = getattr(exc, "lineno", None) or "?"
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ScanInputError(f"syntax error at line {line}: {msg}") from exc
    except (SyntaxError, ValueError) as exc:
        raise ScanInputError(f"syntax error: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - e.g. ParserException, which is no VyperException
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ScanInputError(f"syntax error: {type(exc).__name__}: {first}") from exc
    unit = SourceUnit(path=path, language="vyper", lines=source.splitlines(), version=(0, 4, 0))
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    lower = _Lower()
    c = ContractIR(name=name, kind="contract", line=1)
    for node in module.body:
        kind = type(node).__name__
        if kind == "VariableDecl":
            target = node.target.id
            c.state[target] = StateVar(
                target,
                _src(node.annotation),
                node.lineno,
                constant=bool(getattr(node, "is_constant", False) or getattr(node, "is_immutable", False)),
                value=lower.expr(node.value) if getattr(node, "value", None) else None,
                public=bool(getattr(node, "is_public", False)),
            )
        elif kind == "FunctionDef":
            c.functions.append(lower.function(node))
        elif kind == "StructDef":
            c.structs.add(node.name)
    lower.state = set(c.state)
    lower.rewrite_self(c)
    unit.contracts.append(c)
    return unit


def _src(node: Any) -> str:
    return " ".join(str(getattr(node, "node_source_code", "") or "").split())


class _Lower:
    def __init__(self) -> None:
        self.state: set[str] = set()

    def function(self, node: Any) -> Function:
        decos = [d.id if type(d).__name__ == "Name" else _src(d).split("(")[0] for d in node.decorator_list]
        kind = {"__init__": "constructor", "__default__": "fallback"}.get(node.name, "function")
        vis = "external" if "external" in decos else ("internal" if "internal" in decos or kind == "function" else "")
        if "deploy" in decos:
            kind = "constructor"
        mut = next((d for d in decos if d in ("view", "pure", "payable")), "")
        f = Function(
            name=node.name,
            kind=kind,
            line=node.lineno,
            end_line=getattr(node, "end_lineno", node.lineno),
            visibility=vis,
            mutability=mut,
            decorators=decos,
        )
        f.params = [Param(a.arg, _src(a.annotation), getattr(a, "lineno", node.lineno)) for a in node.args.args]
        if getattr(node, "returns", None) is not None:
            f.returns = [Param("", _src(node.returns), node.lineno)]
        f.body = self.block(node.body)
        return f

    def block(self, body: list[Any]) -> list[Stmt]:
        return [self.stmt(s) for s in body]

    def stmt(self, node: Any) -> Stmt:
        k, line = type(node).__name__, node.lineno
        end = getattr(node, "end_lineno", line) or line
        if k in ("Assign", "AugAssign"):
            op = "=" if k == "Assign" else _BINOPS.get(type(node.op).__name__, "?") + "="
            e = Expr("assign", line, name=op, args=[self.expr(node.target), self.expr(node.value)], text=_src(node))
            return Stmt("expr", line, exprs=[e], end_line=end)
        if k == "AnnAssign":
            value = [self.expr(node.value)] if node.value is not None else []
            return Stmt(
                "var",
                line,
                exprs=value,
                names=[node.target.id],
                types=[_src(node.annotation)],
                location="memory",
                end_line=end,
            )
        if k == "If":
            return Stmt(
                "if",
                line,
                exprs=[self.expr(node.test)],
                body=self.block(node.body),
                orelse=self.block(node.orelse or []),
                end_line=end,
            )
        if k == "For":
            target = node.target
            name = getattr(getattr(target, "target", target), "id", "")
            return Stmt(
                "loop",
                line,
                exprs=[self.expr(node.iter)],
                body=self.block(node.body),
                location="for",
                names=[name],
                end_line=end,
            )
        if k == "Return":
            return Stmt("return", line, exprs=[self.expr(node.value)] if node.value is not None else [], end_line=end)
        if k == "Assert":
            call = Expr("call", line, args=[Expr("ident", line, name="assert"), self.expr(node.test)])
            return Stmt("expr", line, exprs=[call], end_line=end)
        if k == "Raise":
            return Stmt("revert", line, end_line=end)
        if k == "Log":
            return Stmt("emit", line, exprs=[self.expr(node.value)], end_line=end)
        if k == "Expr":
            return Stmt("expr", line, exprs=[self.expr(node.value)], end_line=end)
        if k in ("Break", "Continue"):
            return Stmt(k.lower(), line, end_line=end)
        return Stmt("other", line, end_line=end)

    def expr(self, node: Any) -> Expr:
        k = type(node).__name__
        line = getattr(node, "lineno", 0) or 0
        text = _src(node)
        if k == "Name":
            return Expr("ident", line, name=node.id, text=text)
        if k in ("Int", "Decimal", "Hex", "Str", "Bytes", "HexBytes", "NameConstant"):
            return Expr("literal", line, name=text, text=text)
        if k == "Attribute":
            return Expr("member", line, name=node.attr, args=[self.expr(node.value)], text=text)
        if k == "Subscript":
            return Expr("index", line, args=[self.expr(node.value), self.expr(node.slice)], text=text)
        if k in ("ExtCall", "StaticCall"):
            e = self.expr(node.value)
            e.options["external"] = Expr("literal", line, name="true")
            if k == "StaticCall":
                e.options["static"] = Expr("literal", line, name="true")
            return e
        if k == "Call":
            return self.call(node, line, text)
        if k in ("BinOp", "BoolOp", "Compare"):
            op = _BINOPS.get(type(node.op).__name__, "?")
            if k == "BoolOp":
                vals = [self.expr(v) for v in node.values]
                out = vals[0]
                for v in vals[1:]:
                    out = Expr("binary", line, name=op, args=[out, v], text=text)
                return out
            return Expr("binary", line, name=op, args=[self.expr(node.left), self.expr(node.right)], text=text)
        if k == "UnaryOp":
            return Expr(
                "unary", line, name=_BINOPS.get(type(node.op).__name__, "?"), args=[self.expr(node.operand)], text=text
            )
        if k == "IfExp":
            return Expr(
                "ternary", line, args=[self.expr(node.test), self.expr(node.body), self.expr(node.orelse)], text=text
            )
        if k in ("Tuple", "List"):
            return Expr("tuple", line, args=[self.expr(e) for e in node.elements], text=text)
        return Expr("other", line, name=k, text=text)

    def call(self, node: Any, line: int, text: str) -> Expr:
        func = self.expr(node.func)
        args = [self.expr(a) for a in node.args]
        opts = {kw.arg: self.expr(kw.value) for kw in getattr(node, "keywords", []) or []}
        if func.kind == "ident" and func.name == "send" and len(args) >= 2:  # reverts on failure, like transfer
            func = Expr("member", line, name="transfer", args=[args[0]], text=text)
            args = args[1:2]
        return Expr("call", line, args=[func, *args], options=opts, text=text)

    def rewrite_self(self, c: ContractIR) -> None:
        """`self.x` → state variable x; `self.f()` → internal call f."""
        for f in c.functions:
            for s in f.statements():
                s.exprs = [self._unself(e) for e in s.exprs]

    def _unself(self, e: Expr) -> Expr:
        e.args = [self._unself(a) for a in e.args]
        e.options = {k: self._unself(v) for k, v in e.options.items()}
        if e.kind == "member" and e.args and e.args[0].kind == "ident" and e.args[0].name == "self":
            return Expr("ident", e.line, name=e.name, text=e.text)
        return e
