"""Ordinary DeFi traffic of several shapes on the evaluation world: none of it may raise an alarm.

Each kind sends about `n` transactions (calling `step` after each) with amounts drawn from `rnd`.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from .world import WAD, World, fresh

Step = Callable[[], object]


def _tx(w: World, contract: str, fn: str, *args: object, sender: str, step: Step) -> None:
    c = w.c[contract]
    w.chain.transact(c.address, c.abi.encode_call(fn, args), sender=sender)
    step()


def transfers(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """Users paying each other, sometimes whole balances."""
    for _ in range(n):
        a, b = rnd.sample(w.users, 2)
        bal = w.bal("usd", a)
        if not bal:
            continue
        amt = bal if rnd.random() < 0.1 else rnd.randint(1, max(bal // 3, 1))
        _tx(w, "usd", "transfer", b, amt, sender=a, step=step)


def router_swaps(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """Swaps through either pair, both directions, up to a few percent of depth; a third of the
    USD sells go through the zap as a router (the user's own tokens, output to the user)."""
    for _ in range(n):
        u = rnd.choice(w.users)
        pair = rnd.choice(("pair", "pair2"))
        zero_in = rnd.random() < 0.5
        bal = w.bal("usd" if zero_in else "alt", u)
        if bal < WAD:
            continue
        amount = rnd.randint(1, bal // WAD) * WAD // 2
        if zero_in and rnd.random() < 0.33:
            usd, p = w.c["usd"].address, w.c[pair].address
            _tx(w, "zap", "zap", usd, [u], [amount], p, True, u, sender=u, step=step)
        else:
            _tx(w, pair, "swap", zero_in, amount, u, sender=u, step=step)


def arbitrage(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """A large trade moves one pair; an arbitrageur trades it back toward the other pair's price."""
    arb = w.chain.accounts[3]
    w.c["usd"].mint(arb, 2_000_000 * WAD)
    w.c["alt"].mint(arb, 1_000_000 * WAD)
    for p in ("pair", "pair2"):
        w.c["usd"].approve(w.c[p].address, 2**256 - 1, sender=arb)
        w.c["alt"].approve(w.c[p].address, 2**256 - 1, sender=arb)
    for _ in range(max(n // 2, 1)):
        size = rnd.randint(20_000, 80_000) * WAD
        w.c["usd"].mint(arb, size)
        _tx(w, "pair", "swap", True, size, arb, sender=arb, step=step)
        r0, r1 = int(w.c["pair"].reserve0()), int(w.c["pair"].reserve1())
        back = max(int((r0 // 2 - r1) * 0.95), WAD)  # alt to sell to restore toward 2:1
        w.c["alt"].mint(arb, back)
        _tx(w, "pair", "swap", False, back, arb, sender=arb, step=step)


def market_maker(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """A market maker rebalancing inventory between the two pairs in sizeable clips."""
    mm = w.chain.accounts[4]
    w.c["usd"].mint(mm, 1_000_000 * WAD)
    w.c["alt"].mint(mm, 500_000 * WAD)
    for p in ("pair", "pair2"):
        w.c["usd"].approve(w.c[p].address, 2**256 - 1, sender=mm)
        w.c["alt"].approve(w.c[p].address, 2**256 - 1, sender=mm)
    for i in range(n):
        pair = ("pair", "pair2")[i % 2]
        _tx(w, pair, "swap", rnd.random() < 0.5, rnd.randint(5_000, 15_000) * WAD, mm, sender=mm, step=step)


def vault_use(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """ERC-4626 deposits and redeems of the users' own shares."""
    for _ in range(n):
        u = rnd.choice(w.users)
        v = w.c["vault"]
        shares = int(v.balanceOf(u))
        if shares and rnd.random() < 0.5:
            _tx(w, "vault", "redeem", rnd.randint(1, shares), u, u, sender=u, step=step)
        elif w.bal("usd", u) > WAD:
            _tx(w, "vault", "deposit", rnd.randint(1, w.bal("usd", u) // WAD) * WAD // 2, u, sender=u, step=step)


def whale_exit(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """Whales deposit most of a vault's assets, later take all of it back (their own funds)."""
    for i in range(max(n // 2, 1)):
        whale = fresh(f"whale{w.seed}:{i}:{rnd.random()}")
        w.fund(whale)
        size = rnd.randint(50_000, 200_000) * WAD
        w.c["usd"].mint(whale, size)
        w.c["usd"].approve(w.c["vault"].address, size, sender=whale)
        _tx(w, "vault", "deposit", size, whale, sender=whale, step=step)
        _tx(w, "vault", "redeem", int(w.c["vault"].balanceOf(whale)), whale, whale, sender=whale, step=step)


def batch_payouts(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """A payer disperses its own tokens to many (often fresh) recipients in one transaction."""
    payer = rnd.choice(w.users)
    for i in range(n):
        if i % 50 == 0:
            w.c["usd"].mint(payer, 1_000_000 * WAD)
        to = [fresh(f"payee{w.seed}:{i}:{j}:{rnd.random()}") for j in range(rnd.randint(5, 30))]
        _tx(
            w,
            "disperse",
            "disperse",
            w.c["usd"].address,
            to,
            [rnd.randint(10, 500) * WAD for _ in to],
            sender=payer,
            step=step,
        )


def bridge_use(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """Users lock tokens in the bridge (the relayer releases are the attack surface)."""
    for _ in range(n):
        u = rnd.choice(w.users)
        if w.bal("usd", u) > WAD:
            _tx(w, "bridge", "lock", rnd.randint(1, w.bal("usd", u) // WAD) * WAD // 3, sender=u, step=step)


def governance_budget(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """Holders propose, vote and execute budget payouts of up to 20% of the treasury."""
    dao = w.c["dao"]
    for _ in range(max(n // 8, 1)):
        grantee = fresh(f"grantee{w.seed}:{rnd.random()}")
        amount = w.bal("usd", dao.address) * rnd.randint(5, 20) // 100
        proposer = rnd.choice(w.users)
        _tx(w, "dao", "propose", grantee, amount, sender=proposer, step=step)
        pid = int(dao.count())
        for u in w.users:
            _tx(w, "dao", "vote", pid, sender=u, step=step)
            if int(dao.props(pid)[2]) * 2 > int(w.c["gov"].totalSupply()):
                break
        _tx(w, "dao", "execute", pid, sender=proposer, step=step)


def deployments(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """New contracts: tokens, pairs, and a proxy initialised by its own deployer."""
    for i in range(n):
        dev = w.chain.accounts[5 + i % 3]
        kind = i % 3
        if kind == 0:
            w.deploy("EvalToken", sender=dev)
        elif kind == 1:
            w.deploy("EvalPair", w.c["usd"].address, w.c["alt"].address, sender=dev)
        else:
            p = w.deploy("EvalInitB", w.c["guardian"].address, sender=dev)
            step()
            p.setup(dev, sender=dev)
        step()


def token_launch(w: World, rnd: random.Random, n: int, step: Step) -> None:
    """A team launches a token (initial mint, liquidity), users trade it, the team mints a modest
    yearly inflation to its treasury and sells some of it."""
    team = w.chain.accounts[7]
    tok = w.deploy("EvalToken", sender=team)
    step()
    pair = w.deploy("EvalPair", w.c["usd"].address, tok.address, sender=team)
    step()
    w.c["usd"].mint(pair.address, 200_000 * WAD)
    tok.mint(pair.address, 2_000_000 * WAD, sender=team)
    step()
    pair.sync(sender=team)
    step()
    tok.mint(team, 500_000 * WAD, sender=team)
    step()
    tok.approve(pair.address, 2**256 - 1, sender=team)
    step()
    for i in range(n):
        u = rnd.choice(w.users)
        if i % 10 == 9:
            tok.mint(team, int(tok.totalSupply()) // 20, sender=team)
            step()
            pair.swap(False, int(tok.balanceOf(team)) // 10, team, sender=team)
        elif w.bal("usd", u) > 10 * WAD:
            w.c["usd"].approve(pair.address, 2**256 - 1, sender=u)
            pair.swap(True, rnd.randint(1, w.bal("usd", u) // WAD // 4 + 1) * WAD, u, sender=u)
        step()


BENIGN = {
    f.__name__: f
    for f in (
        transfers,
        router_swaps,
        arbitrage,
        market_maker,
        vault_use,
        whale_exit,
        batch_payouts,
        bridge_use,
        governance_budget,
        deployments,
        token_launch,
    )
}
