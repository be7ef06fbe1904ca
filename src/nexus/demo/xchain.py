"""Demo chapter 16, "Several chains": a second embedded chain, a message relayed with a quorum of
oracle-node signatures (replays and forgeries refused), and the ledger anchored on both chains."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table

from ..exceptions import ContractReverted
from ..ledger import open_ledger
from ..ledger.anchor import Anchorer, anchor_contract
from ..xchain.endpoint import sent_messages
from ..xchain.message import dev_signer_keys, sort_sigs
from ..xchain.mirror import AnchorMirror
from ..xchain.network import XNetwork
from ..xchain.service import send
from ..xchain.verify import verify_everywhere
from ..xchain.witness import LyingWitness
from ._render import short
from ._tour import DemoContext, chapter

__all__ = ["several_chains"]

SECOND = 1338


@chapter(16, "Several chains")
def several_chains(ctx: DemoContext) -> None:
    con, nx = ctx.console, ctx.nexus
    main_anchor = anchor_contract(nx, deploy=True)
    settings = ctx.settings.model_copy(update={"chains": [f"embedded chain_id={SECOND}"], "xchain_finality": 1})
    net = XNetwork(settings, nx)
    try:
        a, b = net.endpoint(nx.chain.chain_id), net.endpoint(SECOND)
        ctx.step(
            f"Open a second chain beside the main one (chain {a.chain_id}): an embedded chain with id {b.chain_id}."
            f" Each gets an outbox and an inbox; each inbox accepts {net.quorum} of the {len(net.keys)}"
            f" oracle nodes' signatures, on messages at least {settings.xchain_finality} block(s) deep."
        )
        table = Table("chain", "anchor", "outbox", "inbox")
        for m in net.describe():
            table.add_row(str(m["chain_id"]), short(m["anchor"]), short(m["outbox"]), short(m["inbox"]))
        con.print(table)

        sent = send(net, a.chain_id, b.chain_id, b.chain.default_account, "SIM/USD settled at 2001.5")
        con.print(f"sent nonce {sent['nonce']} on chain {a.chain_id} (tx {short(sent['tx_hash'])})")
        relayer = net.relayer()
        first = relayer.step()
        ctx.step(f"Relay at once: found {first.found}, delivered {first.delivered} (not final yet).")
        nx.chain.mine(settings.xchain_finality)
        rep = relayer.step()
        row = relayer.journal.messages(status="delivered", limit=1)[0]
        con.print(
            f"after {settings.xchain_finality} more block(s): delivered {rep.delivered} on chain {b.chain_id}"
            f" (tx {short(row['dst_tx'])}, {row['gas']:,} gas for {net.quorum} signatures)"
        )

        msg = sent_messages(a.chain, a.outbox.address, sent["block"], sent["block"], finality=1)[0]
        ctx.step("Attacks on the inbox:")
        sigs = sort_sigs([k.sign(msg.digest(b.inbox.address)) for k in net.keys[: net.quorum]])
        fake = replace(msg, nonce=msg.nonce + 10_000, payload=b"mint 1e9 to mallory")
        forged = sort_sigs([k.sign(fake.digest(b.inbox.address)) for k in dev_signer_keys(3, "mallory")])
        liar = LyingWitness(net.keys[0], {}, min_finality=1)
        tries = [
            ("replay the delivered message", msg, sigs),
            ("a false message signed by three strangers", fake, forged),
            ("a false message signed by one lying node", fake, [s for s in [liar.vouch(fake, b.inbox.address)] if s]),
        ]
        for what, target, ss in tries:
            try:
                b.inbox.transact("deliver", *target.deliver_args(), [s.compact() for s in ss])
                con.print(f"  [red]{what}: accepted?![/]")
            except ContractReverted as exc:
                con.print(f"  {what}: [green]refused[/] ({exc.reason})")
        honest = [w.vouch(fake, b.inbox.address) for w in net.witnesses()]
        con.print(f"  the honest nodes sign the false message: {sum(s is not None for s in honest)} of {len(honest)}")

        with open_ledger(ctx.settings) as ledger:
            ledger.append("note", {"chapter": 16, "text": "anchored on two chains"})
            Anchorer(ledger, main_anchor).anchor()
            others = [m.anchor for m in net.members[1:] if m.anchor is not None]
            AnchorMirror(ledger, main_anchor, others).step()
            receipt = ledger.receipt(ledger.size() - 1)
            out = verify_everywhere(receipt, net.anchors)
        ctx.step(f"The ledger anchors each checkpoint on both chains; record {receipt.index}'s receipt:")
        for r in out["chains"]:
            con.print(f"  chain {r['chain_id']}: [green]{r['status']}[/] — {r['detail']}")
    finally:
        net.close()
