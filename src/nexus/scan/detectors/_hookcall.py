"""Hook calls that run the caller's own code (`reentrancy` confidence, detectors/reentrancy.py).

A token method that calls a hook on the address it credits (ERC-777 `send` -> `tokensReceived`,
ERC-721 `safeTransferFrom` / `_safeMint` -> `onERC721Received`, ERC-677/1363 `transferAndCall`) runs
the recipient's code, whatever token it is called on: when that recipient is `msg.sender`, `tx.origin` or
an address parameter, the caller picks the code that runs, just as with `msg.sender.call{value: ..}`.
Only the *recipient* argument counts (`operatorSend(msg.sender, address(this), ..)` credits this
contract; the debit-side hook is left at low confidence), and `safeTransfer` never does (SafeERC20's
ERC-20 wrapper has that name). An internal function *hands control to* its parameter `i` when it makes a
receiver callback on that parameter (`IERC721Receiver(to).onERC721Received(..)`), credits it through a
hook method, or passes it on at a position its callee hands control to (`_safeMint -> _checkOnERC721Received`).
"""

from __future__ import annotations

from ..flow import CallInfo, Scope, caller_guarded
from ..ir import Expr, Function
from ._created import strip_casts

__all__ = ["caller_named", "handed_param", "hook_recipient", "receiver_hook", "self_enrolled"]

# hook method -> index of the argument whose code it calls (the credited address)
_RECIPIENT = {
    "send": 0,
    "operatorSend": 1,
    "safeTransferFrom": 1,
    "safeBatchTransferFrom": 1,
    "safeMint": 0,
    "transferAndCall": 0,
    "transferFromAndCall": 1,
    "approveAndCall": 0,
}

# the callbacks those methods make on the recipient (ERC-721, ERC-1155, ERC-777, ERC-677, ERC-1363)
_CALLBACKS = frozenset(
    {
        "onERC721Received",
        "onERC1155Received",
        "onERC1155BatchReceived",
        "tokensReceived",
        "onTokenTransfer",
        "onTransferReceived",
        "onApprovalReceived",
    }
)


def strip(e: Expr, scope: Scope) -> Expr:
    """`payable(x)`, `address(x)`, `IReceiver(x)` -> `x`."""
    return strip_casts(e, scope, declared=False)


def hook_recipient(info: CallInfo) -> Expr | None:
    """The argument an external hook-calling token method runs the code of, or None."""
    i = _RECIPIENT.get(info.name)
    if info.kind != "external" or i is None or i >= len(info.expr.arguments):
        return None
    return info.expr.arguments[i]


def receiver_hook(info: CallInfo) -> Expr | None:
    """The contract a token's own receiver callback is made on (`IERC721Receiver(to).onERC721Received(..)`)."""
    return info.target if info.kind == "external" and info.name in _CALLBACKS else None


def caller_named(e: Expr, f: Function, scope: Scope) -> bool:
    """`e` is `msg.sender`, `tx.origin` or a parameter of `f` (casts stripped)."""
    e = strip(e, scope)
    return (
        e.is_member("msg", "sender")
        or e.is_member("tx", "origin")
        or (e.kind == "ident" and e.name in {p.name for p in f.params})
    )


def handed_param(e: Expr, f: Function, scope: Scope) -> int | None:
    """The index of the parameter of `f` that `e` is (casts stripped), or None."""
    e = strip(e, scope)
    if e.kind != "ident":
        return None
    names = [p.name for p in f.params]
    return names.index(e.name) if e.name in names else None


def self_enrolled(e: Expr, scope: Scope) -> bool:
    """`e` is a stored address anyone can make their own: a state variable or struct field (`a.topBidder`,
    `highestBidder`) that some public function, with no caller check before it, sets to `msg.sender`
    (`bid()` records the caller as the leader). A hook paying it runs the code of whoever enrolled last."""
    e = strip(e, scope)
    if e.kind == "ident" and e.name in scope.state:
        want = ("ident", e.name)
    elif e.kind == "member" and not (e.args[0].kind == "ident" and e.args[0].name in ("msg", "tx", "block")):
        want = ("member", e.name)
    else:
        return False
    for f in scope.contract.functions:
        if f.body is None or not f.is_public or f.kind == "constructor" or f.is_readonly:
            continue
        guarded = caller_guarded(scope, f)
        for s in f.statements():
            if guarded.get(id(s), False):
                continue
            for x in (y for ex in s.exprs for y in ex.walk()):
                if x.kind == "assign" and x.name == "=" and x.args[1].is_member("msg", "sender"):
                    t = x.args[0]
                    if (t.kind, t.name) == want and (t.kind == "member" or t.name not in scope.local_types(f)):
                        return True
    return False
