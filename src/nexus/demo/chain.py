"""Demo chapter 1, "The chain": deploy or attach the Registry, events, traces, snapshots, time."""

from __future__ import annotations

from ..contracts.deploy import name_key
from ..exceptions import ContractReverted, NotSupported
from ._render import call_tree, events_table, short
from ._tour import DemoContext, chapter

__all__ = ["the_chain"]


@chapter(1, "The chain")
def the_chain(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    chain = nx.chain
    ctx.step(
        f"The [bold]{chain.kind}[/] chain ({chain.describe()}), chain id {chain.chain_id},"
        f" head at block {chain.block_number()}."
    )

    # 1. Deploy what the manifest lacks, re-attach the rest.
    had = set(nx.contracts)
    registry = nx.deploy()["Registry"]
    dep = nx.deployer.manifest().contracts["Registry"]  # type: ignore[union-attr]
    verb = "Re-attached to" if "Registry" in had else "Deployed"
    ctx.step(
        f"{verb} the [magenta]Registry[/] at {registry.address} (deployed in block {dep.block};"
        " the manifest under the home remembers it, so nothing is redeployed on restart)."
    )

    # 2. The registry lists itself, so a client holding any address of it can find it by name.
    key = name_key("Registry")
    if registry.version(key) == 0:
        rc = registry.register(key, registry.address)
        ctx.step(
            f"Registered the Registry under its own name in block {rc.block_number}"
            f" ({rc.gas_used:,} gas). The receipt's decoded events:"
        )
        con.print(events_table(registry.decode(rc), "events of this transaction"))
        tx_hash = rc.tx_hash
    else:
        ctx.step("The Registry already lists itself (from an earlier tour); its event history:")
        history = registry.events(
            "Registered", from_block=max(dep.block, chain.block_number() - chain.max_log_range + 1)
        )
        con.print(events_table(history, "Registered events"))
        tx_hash = history[-1].tx_hash if history else dep.deploy_tx
    con.print(
        f"lookup('Registry') → {registry.lookup(key)}, version {registry.version(key)},"
        f" {registry.count()} name(s) registered"
    )
    try:
        trace = chain.trace(tx_hash)
        ctx.step("Its call trace, decoded against the project's ABIs:")
        con.print(call_tree(trace, nx.contracts.values()))
    except NotSupported as exc:
        ctx.step(f"No call trace here: {exc}")

    # 3. Ownership round-trip: events, and a revert reason from a mined transaction.
    owner, other = registry.owner(), chain.accounts[1]
    ctx.step(f"Hand the registry to {short(other)}, and back:")
    rc = registry.transfer_ownership(other, sender=owner)
    try:
        registry.register(key, registry.address, sender=owner)
    except ContractReverted as exc:
        block = exc.receipt.block_number if exc.receipt else "?"
        con.print(f"Meanwhile the old owner tries to register → [red]{exc}[/] (block {block}, status 0)")
    back = registry.transfer_ownership(owner, sender=other)
    con.print(events_table(registry.decode(rc) + registry.decode(back), "OwnershipTransferred"))

    # 4. Snapshot, change state, travel in time, revert.
    head, stamp = chain.block_number(), chain.timestamp()
    snap = chain.snapshot()
    registry.transfer_ownership(other, sender=owner)
    chain.time_travel(seconds=86_400)
    ctx.step(
        f"Snapshot {snap} at block {head}, hand the registry away, then time travel: the head"
        f" is now block {chain.block_number()}, the clock +{chain.timestamp() - stamp:,} s,"
        f" owner {short(registry.owner())}."
    )
    chain.revert(snap)
    con.print(
        f"Reverted to snapshot {snap}: head back at block {chain.block_number()},"
        f" clock +{chain.timestamp() - stamp} s, owner {short(registry.owner())} again."
    )

    # 5. State persists: close the chain and open it again from disk.
    if chain.kind == "embedded":
        nx = ctx.reopen()
        again = nx.contracts["Registry"]
        ctx.step(
            f"Closed and reopened the chain from {nx.chain.describe()}: head still at block"
            f" {nx.chain.block_number()}, Registry still at {short(again.address)},"
            f" lookup('Registry') → {short(again.lookup(key))}."
        )
    else:
        ctx.step(f"State lives in the node at {chain.describe()}: head at block {chain.block_number()}.")
