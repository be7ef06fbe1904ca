"""Attacks that span blocks or cross a bridge, on victims of their own (two per class):

- TWAP pumps: the attacker pushes a pool's price over several blocks so a time-averaged price
  follows it, then collects from the protocol that reads the average (a lender reading a
  cumulative-price pair; an OTC desk reading a keeper-poked observation oracle).
- Forged bridge withdrawals: funds released, or wrapped tokens minted, with no deposit behind
  them (a message bridge whose empty root counts as proven; a wrapped-token bridge that trusts a
  caller-supplied verifier).
"""

from __future__ import annotations

import random

from .attacks import Attack, Step, _send
from .world import MAX, WAD, World, fresh


def _pumper(w: World, tag: str, pools: tuple[str, ...], usd: int) -> str:
    who = fresh(tag)
    w.fund(who)
    w.c["usd"].mint(who, usd * WAD)
    for p in pools:
        w.c["usd"].approve(w.c[p].address, MAX, sender=who)
        w.c["alt"].approve(w.c[p].address, MAX, sender=who)
    return who


def twap_lender(w: World, seed: int, step: Step) -> None:
    """Checkpoint the lender's TWAP, buy ALT on the cumulative-price pair in four blocks, post the
    ALT as collateral and borrow USD against the pumped average in three chunks."""
    rnd = random.Random(seed)
    who = _pumper(w, f"twap-lender{seed}", ("tpair", "tlender"), 1_500_000)
    step()
    _send(w, "tlender", "update", sender=who, step=step)
    for _ in range(4):
        _send(w, "tpair", "swap", True, rnd.randint(90_000, 130_000) * WAD, who, sender=who, step=step)
    _send(w, "tlender", "deposit", w.bal("alt", who), sender=who, step=step)
    lender = w.c["tlender"]
    chunk = int(lender.collateral(who)) * int(lender.price()) // WAD * 2 // 3 // 3
    for _ in range(3):
        _send(w, "tlender", "borrow", chunk, sender=who, step=step)


def twap_desk(w: World, seed: int, step: Step) -> None:
    """Buy ALT on the pair the observation oracle samples, poking it after every buy, then sell the
    ALT to the desk at the mean of the pumped observations in three chunks."""
    rnd = random.Random(seed)
    who = _pumper(w, f"twap-desk{seed}", ("opair", "tdesk"), 1_000_000)
    step()
    for _ in range(4):
        _send(w, "opair", "swap", True, rnd.randint(60_000, 90_000) * WAD, who, sender=who, step=step)
        _send(w, "obs", "poke", sender=who, step=step)
    chunk = w.bal("alt", who) // 3
    for _ in range(3):
        _send(w, "tdesk", "sell", chunk, sender=who, step=step)


def forged_message(w: World, seed: int, step: Step) -> None:
    """Process a message nobody sent (its proven root is empty, which the bridge accepts), then two
    copycats replay the trick for themselves."""
    rnd = random.Random(seed)
    held = w.bal("usd", w.c["msgbridge"].address)
    for i in range(3):
        who = fresh(f"forger{seed}:{i}")
        w.fund(who)
        step()
        amount = held * rnd.randint(20, 30) // 100
        _send(w, "msgbridge", "process", who, amount, 10**9 + seed * 10 + i, sender=who, step=step)


def forged_wrap(w: World, seed: int, step: Step) -> None:
    """Mint wUSD with a verifier the attacker deployed (it confirms any deposit id), burn it, and let
    the relayer release the escrow's USD for the burn, as it does for every burn it sees."""
    rnd = random.Random(seed)
    who = fresh(f"wrap-forger{seed}")
    w.fund(who)
    escrow = w.c["escrow"].address
    # ordinary users bridged USD earlier: the escrow holds their deposits
    for i, u in enumerate(rnd.sample(w.users, 6)):
        amount = w.bal("usd", u) // 2
        w.c["escrow"].lock(amount, sender=u)
        w.c["verifier"].mark(seed * 100 + i, sender=w.relayer)
        w.c["wrap"].complete(u, amount, seed * 100 + i, w.c["verifier"].address, sender=w.relayer)
    step()
    fake = w.deploy("EvalVerifier", who, True, sender=who)
    step()
    amount = w.bal("usd", escrow) * rnd.randint(60, 90) // 100
    _send(w, "wrap", "complete", who, amount, 10**9 + seed, fake.address, sender=who, step=step)
    for part in range(2):
        if _try(w, "wrap", "burn", amount // 2, who, sender=who, step=step):
            # the relayer releases home-side USD for every burn it sees
            _try(
                w,
                "escrow",
                "release",
                who,
                amount // 2,
                10**9 + seed * 10 + part,
                bytes([7]) * 32,
                sender=w.relayer,
                step=step,
            )


def _try(w: World, contract: str, fn: str, *args: object, sender: str, step: Step) -> bool:
    c = w.c[contract]
    rc = w.chain.transact(c.address, c.abi.encode_call(fn, args), sender=sender, check=False)
    step()
    return bool(rc.status)


ATTACKS = [
    Attack("oracle-manipulation (multi-block TWAP)", "twap-lender", "tlender", "usd", twap_lender),
    Attack("oracle-manipulation (multi-block TWAP)", "twap-desk", "tdesk", "usd", twap_desk),
    Attack("forged bridge withdrawal", "message-bridge", "msgbridge", "usd", forged_message),
    Attack("forged bridge withdrawal", "wrapped-token-bridge", "escrow", "usd", forged_wrap),
]
