"""Ordinary traffic around the TWAP victims and the bridges, which must stay silent:

- `twap_whale`: whales accumulate ALT over several blocks (moving a TWAP'd pool 20-50%) and later
  sell it off, while ordinary users borrow from the TWAP lender and sell ALT to the desk.
- `twap_arbitrage`: a large seller knocks a pool down; an arbitrageur buys it back up over a few
  blocks (restoring the price) and uses the lender and the desk with the ALT it bought.
- `bridge_roundtrip`: deposits and withdrawals through all three bridges, each release or mint
  matched by a deposit (less a small fee sometimes) relayed a few blocks later.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from .world import MAX, WAD, World, fresh

Step = Callable[[], object]


def _tx(w: World, contract: str, fn: str, *args: object, sender: str, step: Step) -> None:
    c = w.c[contract]
    w.chain.transact(c.address, c.abi.encode_call(fn, args), sender=sender)
    step()


def _trader(w: World, tag: str, usd: int, alt: int) -> str:
    who = fresh(tag)
    w.fund(who)
    w.c["usd"].mint(who, usd * WAD)
    w.c["alt"].mint(who, alt * WAD)
    for p in ("tpair", "opair", "tlender", "tdesk"):
        w.c["usd"].approve(w.c[p].address, MAX, sender=who)
        w.c["alt"].approve(w.c[p].address, MAX, sender=who)
    return who


def _keep(w: World, step: Step) -> None:
    """What keepers do every few blocks: poke the observation oracle, roll the lender's window."""
    _tx(w, "obs", "poke", sender=w.relayer, step=step)
    lender = w.c["tlender"]
    if w.chain.block_number() + 1 >= int(lender.ckpt_block()) + int(lender.period()):
        _tx(w, "tlender", "update", sender=w.relayer, step=step)


def _use_lenders(w: World, rnd: random.Random, who: str, step: Step) -> None:
    """Post some ALT, borrow well under the limit (earlier loans stay open: the collateral backs
    them), sell a little ALT to the desk."""
    alt = w.bal("alt", who)
    if alt < 10 * WAD:
        return
    post = alt * rnd.randint(10, 40) // 100
    _tx(w, "tlender", "deposit", post, sender=who, step=step)
    lender = w.c["tlender"]
    room = int(lender.collateral(who)) * int(lender.price()) // WAD * 2 // 3 - int(lender.debt(who))
    cap = w.bal("usd", lender.address) * rnd.randint(1, 4) // 100  # an ordinary loan: a few % of the pool
    if room > WAD:
        _tx(w, "tlender", "borrow", min(room * rnd.randint(10, 50) // 100, cap), sender=who, step=step)
    desk_cap = w.bal("usd", w.c["tdesk"].address) * rnd.randint(1, 4) // 100 * WAD // int(w.c["obs"].price())
    _tx(w, "tdesk", "sell", min(w.bal("alt", who) * rnd.randint(5, 20) // 100, desk_cap), sender=who, step=step)


def twap_whale(w: World, rnd: random.Random, n: int, step: Step) -> None:
    users = [_trader(w, f"twap-user{w.seed}:{i}:{rnd.random()}", 5_000, 20_000) for i in range(6)]
    sent = 0
    while sent < n:
        pool = rnd.choice(("tpair", "opair"))
        whale = _trader(w, f"twap-whale{w.seed}:{rnd.random()}", 800_000, 0)
        depth = int(w.c[pool].reserve0())
        for _ in range(rnd.randint(3, 6)):  # accumulate over several blocks
            _tx(w, pool, "swap", True, depth * rnd.randint(4, 9) // 100, whale, sender=whale, step=step)
            _keep(w, step)
            _use_lenders(w, rnd, rnd.choice(users), step)
            sent += 4
        for _ in range(rnd.randint(2, 4)):  # later, sell some of it off
            _tx(
                w, pool, "swap", False, w.bal("alt", whale) * rnd.randint(20, 40) // 100, whale, sender=whale, step=step
            )
            _keep(w, step)
            sent += 2


def twap_arbitrage(w: World, rnd: random.Random, n: int, step: Step) -> None:
    seller = _trader(w, f"twap-seller{w.seed}:{rnd.random()}", 0, 2_000_000)
    arb = _trader(w, f"twap-arb{w.seed}:{rnd.random()}", 3_000_000, 0)
    sent = 0
    while sent < n:
        pool = rnd.choice(("tpair", "opair"))
        r0, r1 = int(w.c[pool].reserve0()), int(w.c[pool].reserve1())
        knock = r1 * rnd.randint(12, 25) // 100
        for who, token, need in ((seller, "alt", knock), (arb, "usd", r0)):  # both keep their inventory up
            if w.bal(token, who) < need:
                w.c[token].mint(who, need)
                step()
        _tx(w, pool, "swap", False, knock, seller, sender=seller, step=step)  # knock it down
        target = r0 * WAD // r1  # the price before the knock
        for _ in range(rnd.randint(2, 4)):  # buy it back in steps
            need = _usd_to_price(int(w.c[pool].reserve0()), int(w.c[pool].reserve1()), target)
            if need < WAD:
                break
            _tx(w, pool, "swap", True, need // 2 + WAD, arb, sender=arb, step=step)
            _keep(w, step)
            sent += 3
        _use_lenders(w, rnd, arb, step)
        sent += 4


def _usd_to_price(r0: int, r1: int, price: int) -> int:
    """USD to add to a constant-product pool (r0 USD, r1 ALT) to bring its price up to `price`."""
    k = r0 * r1
    want = int((k * price / WAD) ** 0.5)
    return max(want - r0, 0)


def bridge_roundtrip(w: World, rnd: random.Random, n: int, step: Step) -> None:
    relayer = w.relayer
    sent = 0
    nonce = rnd.randint(1, 10**6) * 1000
    while sent < n:
        u = rnd.choice(w.users)
        amount = rnd.randint(100, 2_000) * WAD
        if w.bal("usd", u) < amount:
            w.c["usd"].mint(u, amount)
        fee = amount // 1000 if rnd.random() < 0.5 else 0
        which = rnd.choice(("msg", "wrap", "lock"))
        nonce += 1
        if which == "msg":  # out through the message bridge, back in on the mirror side
            _tx(w, "msgbridge", "send", u, amount, sender=u, step=step)
            h = w.c["msgbridge"].message_hash(u, amount - fee, nonce)
            h = bytes.fromhex(h[2:]) if isinstance(h, str) else h
            root = bytes(rnd.getrandbits(8) for _ in range(32))
            _tx(w, "msgbridge", "update", root, sender=relayer, step=step)
            _tx(w, "msgbridge", "prove", h, root, sender=relayer, step=step)
            _tx(w, "msgbridge", "process", u, amount - fee, nonce, sender=relayer, step=step)
            sent += 4
        elif which == "wrap":  # lock home-side USD, get wUSD, later burn it and get USD back
            _tx(w, "escrow", "lock", amount, sender=u, step=step)
            _tx(w, "verifier", "mark", nonce, sender=relayer, step=step)
            _tx(w, "wrap", "complete", u, amount - fee, nonce, w.c["verifier"].address, sender=relayer, step=step)
            back = int(w.c["wrap"].balanceOf(u)) * rnd.randint(30, 100) // 100
            _tx(w, "wrap", "burn", back, u, sender=u, step=step)
            _tx(w, "escrow", "release", u, back, nonce, bytes([3]) * 32, sender=relayer, step=step)
            sent += 5
        else:  # the original lock-and-release bridge (per-release cap), relayed honestly
            amount = min(amount, int(w.c["bridge"].cap()))
            _tx(w, "bridge", "lock", amount, sender=u, step=step)
            _tx(w, "bridge", "release", u, amount - fee, nonce, bytes([5]) * 32, sender=relayer, step=step)
            sent += 2


BENIGN_MORE = {f.__name__: f for f in (twap_whale, twap_arbitrage, bridge_roundtrip)}
