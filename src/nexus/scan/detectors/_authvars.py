"""What decides who may call, read from a contract's caller checks (the access detectors' authorities):
the state variables a caller check compares the caller with, or the one struct field it compares
(`msg.sender == info[id].owner`, also through a local read once: `address o = info[id].owner;`)."""

from __future__ import annotations

from ..flow import Scope, caller_check, caller_names, root_name, walk_guarded
from ..guards import call_fact, guard_condition, single_assignments
from ..ir import Expr, Function
from ._authflow import absence_only

__all__ = ["alias_fields", "auth_hit", "auth_vars"]


def _first_field(e: Expr) -> str | None:
    """The struct field an access path selects right after its variable (`a[k].f.g` -> "f"), or None
    when it is the whole variable (`a`, `a[k]`)."""
    field = None
    while e.kind in ("index", "member") and e.args:
        if e.kind == "member":
            field = e.name
        e = e.args[0]
    return field


def _compared_fields(g: Expr, scope: Scope, once: dict[str, Expr]) -> set[str]:
    """`var.field` for each struct field of a state variable a caller check compares the caller with
    (`msg.sender == info[id].owner`, or a local assigned it once): only that field decides who may
    call, not the whole struct."""
    out: set[str] = set()
    for x in g.walk():
        if x.kind == "binary" and x.name in ("==", "!=") and len(x.args) == 2:
            sides = [once.get(y.name, y) if y.kind == "ident" else y for y in x.args]
            for a, b in ((sides[0], sides[1]), (sides[1], sides[0])):
                root, field = root_name(b), _first_field(b)
                if (
                    root in scope.state
                    and field is not None
                    and caller_check(
                        Expr("binary", x.line, name="==", args=[a, Expr("ident", x.line, name=root)]), scope
                    )
                ):
                    out.add(f"{root}.{field}")
    return out


def auth_vars(scope: Scope) -> set[str]:
    """What decides who may call: the state variables a caller check anywhere compares the caller
    with, or, where it compares with one field of a struct (`info[id].owner`), that `var.field` only.
    A per-caller record that is only ever required to be absent (`require(loans[msg.sender] == 0)`:
    any fresh address passes) decides nothing about who may call and is left out, and so does a record of
    the caller's that only a public view nobody calls tests (`require(m[msg.sender] != 0)` before
    returning data): it guards no change."""
    out: set[str] = set()
    called: set[str] = set()  # through a checking helper: its own comparisons name the field
    fns = [f for fs in scope.functions.values() for f in fs] + list(scope.modifiers.values())
    used = _called(fns)
    for f in fns:
        view = f.is_public and f.is_readonly and f.name not in used  # an entry point that changes nothing
        once = single_assignments(f.body or [])
        last = [c for s in f.statements() if (c := guard_condition(s)) is not None]  # a helper's final require
        conds = {id(g): g for _, gs in walk_guarded(f.body or []) for g in gs} | {id(g): g for g in last}
        for g in conds.values():
            fields = _compared_fields(g, scope, once)
            whole = caller_names(g, scope) - {f.split(".")[0] for f in fields}
            out |= (whole | fields) - (_caller_records(g) if view else set())
        for s in f.statements():  # `_checkOwner();` first: what the helper checks the caller against
            if (fact := call_fact(s)) is not None:
                called |= caller_check(fact[0], scope) or set()
    out |= called - {a.split(".")[0] for a in out if "." in a}
    return out - absence_only(scope, fns)


def _caller_records(g: Expr) -> set[str]:
    """Variables `g` reads only as the caller's own record (`m[msg.sender]`): in a view that nothing
    calls, such a test (`require(m[msg.sender] != 0)`, "you have an entry") guards no change; a
    comparison with a stored address (`msg.sender == owner`) still names an authority."""
    bases = [
        x.args[0]
        for x in g.walk()
        if x.kind == "index" and len(x.args) > 1 and x.args[0].kind == "ident" and x.args[1].is_member("msg", "sender")
    ]
    other = {x.name for x in g.walk() if x.kind == "ident" and not any(x is b for b in bases)}
    return {b.name for b in bases} - other


def _called(fns: list[Function]) -> set[str]:
    """Names the contract's own code calls (`checkOwner();`, `require(isOwner())`)."""
    return {
        x.callee.name
        for f in fns
        for s in f.statements()
        for e in s.exprs
        for x in e.walk()
        if x.kind == "call" and x.callee.kind == "ident"
    }


def alias_fields(f: Function) -> dict[str, str]:
    """Local storage pointers into one field of a struct (`uint[] storage top = m[k].top;` -> "top"):
    a write through the pointer writes that field only, not the whole struct."""
    return {
        s.names[0]: field
        for s in f.statements()
        if s.kind == "var" and len(s.names) == 1 and s.exprs and (field := _first_field(s.exprs[0])) is not None
    }


def auth_hit(name: str, node: Expr, auth: set[str], fields: dict[str, str] | None = None) -> bool:
    """Whether a write of state variable `name` (the writing node `node`) writes what decides who
    may call: the variable itself, or the authorising field of a struct (a whole-struct write too).
    `fields` (`alias_fields`) names the field a local storage pointer the write goes through selects."""
    if name in auth:
        return True
    if not any(a.startswith(name + ".") for a in auth):
        return False
    target = (
        node.args[0]
        if node.kind in ("assign", "unary") and node.args
        else (node.callee.args[0] if node.kind == "call" and node.callee.args else node)
    )
    base = target
    while base.kind in ("index", "member") and base.args:
        base = base.args[0]
    field = (fields or {}).get(base.name) if base.kind == "ident" else None
    field = field or _first_field(target)
    return field is None or f"{name}.{field}" in auth
