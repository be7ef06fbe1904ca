"""The scanner's language-neutral IR: source units, contracts, functions, statements, expressions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["ContractIR", "Expr", "Function", "Param", "SourceUnit", "StateVar", "Stmt", "render"]


@dataclass(eq=False)
class Expr:
    """One expression node. `kind` picks the meaning of `name` and `args`:

    ident(name) · member(name=property, args=[object]) · index(args=[base, index]) ·
    call(args=[callee, *arguments], options={value, gas}) · binary(name=op, args=[l, r]) ·
    unary(name=op, args=[operand]; postfix ops are "x++"/"x--") · assign(name=op, args=[target, value]) ·
    ternary(args=[cond, a, b]) · literal(name=text) · tuple(args) · new(name=type) · cast(name=type, args=[e]) ·
    other(name=text, args)
    """

    kind: str
    line: int
    name: str = ""
    args: list[Expr] = field(default_factory=list)
    options: dict[str, Expr] = field(default_factory=dict)
    text: str = ""
    paren: bool = False  # written in parentheses (the grammar's associativity must not be undone)

    def walk(self) -> Iterator[Expr]:
        """This node and every node below it, pre-order."""
        yield self
        for a in self.args:
            yield from a.walk()
        for o in self.options.values():
            yield from o.walk()

    @property
    def callee(self) -> Expr:
        return self.args[0]

    @property
    def arguments(self) -> list[Expr]:
        return self.args[1:] if self.kind == "call" else []

    def is_member(self, obj: str, prop: str) -> bool:
        return self.kind == "member" and self.name == prop and self.args[0].kind == "ident" and self.args[0].name == obj


@dataclass(eq=False)
class Stmt:
    """One statement. kinds: expr, var, if, loop, return, block, throw, revert, emit, assembly,
    placeholder (a modifier's `_`), break, continue, other. `exprs` holds the statement's own
    expressions (if/loop: exprs[0] is the condition, loop updates follow); `body`/`orelse` nest."""

    kind: str
    line: int
    exprs: list[Expr] = field(default_factory=list)
    body: list[Stmt] = field(default_factory=list)
    orelse: list[Stmt] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    location: str = ""  # var: storage/memory/calldata as written; loop: for/while/do
    init: list[Stmt] = field(default_factory=list)  # a for loop's initialiser
    end_line: int = 0

    def walk(self) -> Iterator[Stmt]:
        """This statement and every statement nested in it, in source order."""
        yield self
        for s in (*self.init, *self.body, *self.orelse):
            yield from s.walk()


@dataclass(eq=False)
class Param:
    name: str
    type: str
    line: int


@dataclass(eq=False)
class StateVar:
    name: str
    type: str
    line: int
    constant: bool = False
    value: Expr | None = None
    public: bool = False  # a getter reads it (Solidity `public`, Vyper `public(..)`)


@dataclass(eq=False)
class Function:
    """A function, constructor, fallback/receive or modifier."""

    name: str
    kind: str  # function | constructor | fallback | receive | modifier
    line: int
    end_line: int
    visibility: str = ""  # as written; "" means the pre-0.5 default (public)
    mutability: str = ""  # view | pure | constant | payable | ""
    modifiers: list[Expr] = field(default_factory=list)  # call or ident expressions
    params: list[Param] = field(default_factory=list)
    returns: list[Param] = field(default_factory=list)
    body: list[Stmt] | None = None
    decorators: list[str] = field(default_factory=list)  # Vyper

    @property
    def is_public(self) -> bool:
        """Callable from outside (public, external, or the old default)."""
        return self.kind != "modifier" and self.visibility in ("", "public", "external")

    @property
    def is_readonly(self) -> bool:
        return self.mutability in ("view", "pure", "constant")

    def statements(self) -> Iterator[Stmt]:
        for s in self.body or []:
            yield from s.walk()


@dataclass(eq=False)
class ContractIR:
    name: str
    kind: str  # contract | library | interface
    line: int
    bases: list[str] = field(default_factory=list)
    state: dict[str, StateVar] = field(default_factory=dict)
    functions: list[Function] = field(default_factory=list)
    modifiers: dict[str, Function] = field(default_factory=dict)
    structs: set[str] = field(default_factory=set)


@dataclass(eq=False)
class SourceUnit:
    """One parsed file. `version` is the lowest compiler version its pragma allows (None: no pragma)."""

    path: str
    language: str  # solidity | vyper
    lines: list[str]
    contracts: list[ContractIR] = field(default_factory=list)
    version: tuple[int, int, int] | None = None
    # What this file and its imports declare (Solidity): type name -> contract|library|interface|struct|enum|udvt,
    # and the function names declared view/pure wherever they are declared (calls to them cannot re-enter).
    declared_types: dict[str, str] = field(default_factory=dict)
    static_calls: set[str] = field(default_factory=set)

    def line_text(self, line: int) -> str:
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""

    @property
    def checked_arithmetic(self) -> bool:
        """Whether + - * revert on overflow (Solidity >= 0.8 and Vyper)."""
        return self.language == "vyper" or (self.version is not None and self.version >= (0, 8, 0))

    def contract_of(self, name: str) -> ContractIR | None:
        return next((c for c in self.contracts if c.name == name), None)


def render(e: Expr) -> str:
    """Canonical source-like text of an expression (whitespace-free), for comparing expressions."""
    k, a = e.kind, e.args
    if k in ("ident", "literal"):
        out = e.name
    elif k == "member":
        out = f"{render(a[0])}.{e.name}"
    elif k == "index":
        out = f"{render(a[0])}[{render(a[1]) if len(a) > 1 else ''}]"
    elif k == "call":
        out = f"{render(a[0])}({','.join(render(x) for x in a[1:])})"
    elif k in ("binary", "assign"):
        out = f"{render(a[0])}{e.name}{render(a[1])}"
    elif k == "unary":
        out = f"{render(a[0])}{e.name[1:]}" if e.name.startswith("x") else f"{e.name}{render(a[0])}"
    elif k == "ternary":
        out = f"{render(a[0])}?{render(a[1])}:{render(a[2])}"
    elif k == "cast":
        out = f"{e.name}({','.join(render(x) for x in a)})"
    elif k == "tuple":
        out = f"({','.join(render(x) for x in a)})"
    else:
        out = "".join(e.text.split()) or e.name
    return f"({out})" if e.paren else out
