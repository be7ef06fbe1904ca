"""State slots that hold an identifier: a `bytes32` state variable the contract only uses as a key.

`bytes32 target = conditionId; if (reset) target = keccak256(abi.encodePacked(msg.sender, block.number));
conditionId = target;` and elsewhere `claimed[conditionId][who] += n`: the hash starts a fresh set of
records (a new id), it picks nothing. A slot counts when every read of it, in every function of the
contract, keys a mapping or an array, is logged or returned, or is copied into a local whose own reads
only key, or store back into the slot; and at least one read keys something. A slot also compared,
reduced, cast to a number or handed to a call is not an identifier, and a hash stored there stays a draw.
"""

from __future__ import annotations

from ..flow import Scope
from ._draws import Index, holder, lift, use

__all__ = ["identifier_slots"]


def _only_keys(name: str, slot: str, ix: Index) -> bool:
    return all(use(q, ix) == "key" or holder(lift(q, ix)) == slot for q in ix.reads(name))


def identifier_slots(scope: Scope) -> frozenset[str]:
    """Names of the `bytes32` state variables of `scope` used only as keys (see the module docstring)."""
    out: set[str] = set()
    indexes = [Index(g) for fs in scope.functions.values() for g in fs if g.body is not None]
    for name, sv in scope.state.items():
        if sv.type != "bytes32" or sv.constant:
            continue
        keyed, ok = False, True
        for ix in indexes:
            if name in scope.local_types(ix.f):
                continue  # shadowed
            for r in ix.reads(name):
                u = use(r, ix)
                if u == "key":
                    keyed = True
                    continue
                h = holder(lift(r, ix))
                if u in ("log", "return") or h and h not in scope.state and _only_keys(h, name, ix):
                    continue
                ok = False
                break
            if not ok:
                break
        if ok and keyed:
            out.add(name)
    return frozenset(out)
