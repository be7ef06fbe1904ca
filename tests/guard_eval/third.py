"""Held-out victim implementations: a third, differently shaped victim for five classes, written
after the rules were developed and run against them unchanged first (the bench reports them as
`held-out implementations`). `deploy_third(world)` adds them to a world (and to its watch targets).

- oracle manipulation (flash): a Compound-shaped market (cToken exchange rate, Mint/Borrow events)
  pricing ALT by the pair's token balances, not its reserves;
- forged bridge withdrawal: a signed-message bridge whose signer was never set (ecrecover of a
  garbage signature is the zero address);
- approval drain: a batching router forwarding arbitrary calls (transferFrom of its approvers);
- re-initialisation: a versioned treasury whose reinitializer only checks that the version grows;
- slow drain: a rewards distributor paying capped claims without checking what was earned;
- share inflation: a non-ERC-4626 yield vault (own Staked events, ERC-20 shares) whose assets sit
  in a strategy contract: the donation goes to the strategy, not the vault.
"""

from __future__ import annotations

import random

from .attacks import Attack, Step, _send
from .world import MAX, WAD, World, fresh


def deploy_third(w: World) -> None:
    """Deploy the five held-out victims (idempotent), fund them, have users approve the router."""
    if "market3" in w.c:
        return
    rnd = random.Random(w.seed + 4242)
    c, g = w.c, w.c["guardian"].address
    usd = c["usd"]
    c["market3"] = w.deploy("Eval3Market", c["pair"].address, usd.address, c["alt"].address, g)
    c["sigbridge3"] = w.deploy("Eval3SigBridge", usd.address, g)
    c["router3"] = w.deploy("Eval3Multicall", g)
    c["treasury3"] = w.deploy("Eval3Versioned", w.admin, g)
    c["rewards3"] = w.deploy("Eval3Rewards", usd.address, 1_500 * WAD, g)
    usd.mint(c["market3"].address, rnd.randint(300_000, 500_000) * WAD)
    usd.mint(c["sigbridge3"].address, rnd.randint(200_000, 400_000) * WAD)
    usd.mint(c["treasury3"].address, rnd.randint(50_000, 90_000) * WAD)
    usd.mint(c["rewards3"].address, rnd.randint(150_000, 250_000) * WAD)
    c["farm3"] = w.deploy("Eval3Farm", usd.address)
    c["vault3"] = w.deploy("Eval3FarmVault", usd.address, c["farm3"].address, g)
    c["farm3"].bind(c["vault3"].address)
    for u in w.users:
        usd.approve(c["router3"].address, MAX, sender=u)
        usd.approve(c["vault3"].address, MAX, sender=u)
    kinds = {"market3": "lending", "sigbridge3": "bridge", "treasury3": "proxy"}
    w.extra.update(
        {
            k: kinds.get(k, "contract")
            for k in ("market3", "sigbridge3", "router3", "treasury3", "rewards3", "vault3", "farm3")
        }
    )


def oracle_market(w: World, seed: int, step: Step) -> None:
    """Flash-borrow USD, pump ALT on the pair whose balances the market reads, post ALT, borrow, unwind."""
    rnd = random.Random(seed)
    c = w.c["oracle_attack"]
    amount = 1_000_000 * rnd.randint(80, 120) // 100 * WAD
    args = (w.c["flash"].address, w.c["pair"].address, w.c["market3"].address, 1, amount, 200_000 * WAD)
    w.chain.transact(c.address, c.abi.encode_call("run", args), sender=w.chain.accounts[9], check=False)
    step()


def forged_signature(w: World, seed: int, step: Step) -> None:
    """Withdraw from the bridge with garbage signatures, in a few large releases."""
    rnd = random.Random(seed)
    thief = fresh(f"sigthief{seed}")
    w.fund(thief)
    step()
    for i in range(rnd.randint(2, 4)):
        amount = w.bal("usd", w.c["sigbridge3"].address) * rnd.randint(15, 30) // 100
        junk = bytes([rnd.randint(1, 255)]) * 32  # with v not 27/28 it recovers to no one (the zero address)
        v = rnd.randint(0, 26)
        _send(w, "sigbridge3", "withdraw", thief, amount, 77_000 * seed + i, v, junk, junk, sender=thief, step=step)


def multicall_drain(w: World, seed: int, step: Step) -> None:
    """One multicall makes the router transferFrom many approvers to the attacker."""
    rnd = random.Random(seed)
    victims = rnd.sample(w.users, rnd.randint(4, 8))
    thief = fresh(f"multithief{seed}")
    w.fund(thief)
    step()
    usd = w.c["usd"]
    datas = [usd.abi.encode_call("transferFrom", (v, thief, w.bal("usd", v))) for v in victims]
    _send(w, "router3", "multicall", [usd.address] * len(victims), datas, sender=thief, step=step)


def reinit_versioned(w: World, seed: int, step: Step) -> None:
    """Call the open reinitializer with a higher version, become admin, pay the treasury out."""
    rnd = random.Random(seed)
    thief = fresh(f"versionthief{seed}")
    w.fund(thief)
    step()
    _send(w, "treasury3", "reinitialize", rnd.randint(2, 9), thief, sender=thief, step=step)
    left = w.bal("usd", w.c["treasury3"].address)
    _send(w, "treasury3", "payout", w.c["usd"].address, thief, left, sender=thief, step=step)


def slow_rewards(w: World, seed: int, step: Step) -> None:
    """Many fresh addresses each claim a little under the cap, having earned nothing."""
    rnd = random.Random(seed)
    for i in range(rnd.randint(12, 20)):
        who = fresh(f"rewards{seed}:{i}")
        w.fund(who)
        step()
        _send(w, "rewards3", "claim", rnd.randint(600, 1_400) * WAD, sender=who, step=step)


def inflate_farm(w: World, seed: int, step: Step) -> None:
    """First staker takes 1 wei of shares, donates to the strategy; later stakers get 0 shares; exit."""
    rnd = random.Random(seed)
    thief = fresh(f"farmthief{seed}")
    w.fund(thief)
    w.c["usd"].mint(thief, 200_000 * WAD)
    w.c["usd"].approve(w.c["vault3"].address, MAX, sender=thief)
    step()
    _send(w, "vault3", "stake", 1, sender=thief, step=step)
    _send(w, "usd", "transfer", w.c["farm3"].address, rnd.randint(20_000, 100_000) * WAD, sender=thief, step=step)
    for u in rnd.sample(w.users, 3):
        _send(w, "vault3", "stake", rnd.randint(1_000, 5_000) * WAD, sender=u, step=step)
    _send(w, "vault3", "unstake", 1, sender=thief, step=step)


ATTACKS = [
    Attack("approval-drain", "multicall-router", "router3", "usd", multicall_drain),
    Attack("slow-drain", "rewards-claims", "rewards3", "usd", slow_rewards),
    Attack("reinitialisation", "versioned-treasury", "treasury3", "usd", reinit_versioned),
    Attack("oracle-manipulation (flash)", "compound-market", "market3", "usd", oracle_market),
    Attack("forged bridge withdrawal", "unset-signer-bridge", "sigbridge3", "usd", forged_signature),
    Attack("share-inflation", "strategy-vault", "farm3", "usd", inflate_farm),
]


def third_benign(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """Ordinary use of the held-out victims, which must stay silent: borrowers on the market
    (ALT posted, USD borrowed well under the limit, loans left open), bridge deposits, stakers,
    and users batching payouts of their own tokens through the router."""
    deploy_third(w)
    usd, alt = w.c["usd"], w.c["alt"]
    for u in w.users:
        for key in ("market3", "sigbridge3", "rewards3"):
            (alt if key == "market3" else usd).approve(w.c[key].address, MAX, sender=u)
    step()
    sent = 0
    while sent < n:
        u = rnd.choice(w.users)
        what = rnd.random()
        if what < 0.35 and w.bal("alt", u) > 10 * WAD:
            _send(w, "market3", "deposit", w.bal("alt", u) * rnd.randint(10, 40) // 100, sender=u, step=step)
            m = w.c["market3"]
            px = w.bal("usd", w.c["pair"].address) * WAD // w.bal("alt", w.c["pair"].address)
            value = int(m.ctokens(u)) * WAD // max(int(m.total_ctokens()), 1) * w.bal("alt", m.address) // WAD
            room = value * px // WAD * 3 // 4 - int(m.borrows(u))
            cap = w.bal("usd", m.address) * rnd.randint(1, 4) // 100
            if room > WAD:
                _send(w, "market3", "borrow", min(room * rnd.randint(10, 50) // 100, cap), sender=u, step=step)
                sent += 1
        elif what < 0.55 and w.bal("usd", u) > 100 * WAD:
            _send(w, "sigbridge3", "deposit", w.bal("usd", u) * rnd.randint(2, 10) // 100, sender=u, step=step)
        elif what < 0.75 and w.bal("usd", u) > 100 * WAD:
            _send(w, "rewards3", "stake", w.bal("usd", u) * rnd.randint(2, 10) // 100, sender=u, step=step)
        else:
            to = rnd.sample(w.users, rnd.randint(2, 6))
            each = w.bal("usd", u) // 50
            datas = [usd.abi.encode_call("transferFrom", (u, t, each)) for t in to]
            _send(w, "router3", "multicall", [usd.address] * len(to), datas, sender=u, step=step)
        sent += 1


BENIGN = {"held_out_protocols": third_benign}

__all__ = ["ATTACKS", "BENIGN", "deploy_third", "third_benign"]
