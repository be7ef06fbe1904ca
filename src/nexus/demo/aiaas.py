"""Demo chapter 11, "AI services": a model earns per call through a payment channel, a cheating
provider is caught by a dispute and slashed, and (when set up) an answer is proven in zero knowledge."""

from __future__ import annotations

from ..aiaas import (
    Model,
    Provider,
    ProviderServer,
    ResultReceipt,
    ServiceClient,
    Till,
    Verifier,
    Wallet,
    dev_key,
    digits_model,
)
from ..aiaas.service import service_registry
from ._tour import DemoContext, chapter

__all__ = ["ai_services"]

ETH, PRICE = 10**18, 10**15


@chapter(11, "AI services")
def ai_services(ctx: DemoContext) -> None:
    from sklearn.datasets import load_digits

    con, chain = ctx.console, ctx.nexus.chain
    a = chain.accounts
    reg = service_registry(ctx.nexus)
    assert reg is not None
    good, cheap = Model.of(digits_model()), Model.of(digits_model(cheap=True))
    inputs = [{"x": [float(v) for v in row]} for row in load_digits().data[:40]]
    ctx.step(
        "A provider registers a digits classifier (logistic regression, fingerprinted) as a service: "
        "0.001 ETH a call, 1 ETH staked, 0.1 ETH slashed per lost dispute (`nexus service register`)."
    )
    sid = reg.register(good.fingerprint, price=PRICE, stake=ETH, slash=ETH // 10, name="digits", sender=a[1])
    cid = reg.open_channel(sid, ETH // 10, expiry=chain.timestamp() + 86400, sender=a[2])
    ch = reg.channel(cid)
    con.print(f"service {sid}: model {good.fingerprint[:18]}…; client opened channel {cid} with 0.1 ETH")
    ctx.step(
        "The client pays per call with signed vouchers (EIP-712 running totals, no gas) over HTTP; "
        "every answer comes with a receipt signed by the provider."
    )
    till = Till(reg.domain)
    till.watch(cid, ch.client, ch.nonce, ch.value)
    provider = Provider(dev_key(1), reg.domain, sid, PRICE, good, till, clock=chain.timestamp)
    server = ProviderServer(provider).start()
    try:
        client = ServiceClient(
            server.url,
            Wallet(dev_key(2), reg.domain, cid, deposit=ch.value),
            price=PRICE,
            provider=a[1],
            model=good.fingerprint,
        )
        for data in inputs[:20]:
            out, _ = client.call(data)
        client.close()
    finally:
        server.stop()
    rc = reg.claim(till.best[cid], sender=a[1])
    con.print(
        f"20 paid calls (last answer: digit {out['label']}); the provider claimed "
        f"{till.best[cid].amount / ETH} ETH in one transaction ({rc.gas_used} gas)"
    )
    ctx.step(
        "A second provider swaps in a cheaper model for 10% of its calls. The client disputes doubtful "
        "receipts (`nexus dispute open`); two staked verifiers re-run the registered model."
    )
    sid2 = reg.register(good.fingerprint, price=PRICE, stake=ETH, slash=ETH // 10, name="digits-cheat", sender=a[3])
    cid2 = reg.open_channel(sid2, ETH // 10, expiry=chain.timestamp() + 86400, sender=a[2])
    till2 = Till(reg.domain)
    till2.watch(cid2, a[2], 0, ETH // 10)
    cheat = Provider(
        dev_key(3),
        reg.domain,
        sid2,
        PRICE,
        good,
        till2,
        clock=chain.timestamp,
        model_for=lambda n: cheap if n % 10 == 7 else good,
    )
    wallet = Wallet(dev_key(2), reg.domain, cid2, deposit=ETH // 10)
    for addr in a[7:9]:
        if reg.contract.verifierStake(addr) < ETH // 100:
            reg.join_verifiers(ETH // 50, sender=addr)
    verifiers = [Verifier(reg, addr, {good.fingerprint: good}) for addr in a[7:9]]
    for n, data in enumerate(inputs[:20]):
        r = ResultReceipt.from_json(cheat.handle({"input": data, "voucher": wallet.pay(PRICE).to_json()})["receipt"])
        if n % 10 in (7, 0):  # the client doubts a few answers
            did = reg.open_dispute(r, sender=a[2])
            for v in verifiers:
                v.review(did, data)
            d = reg.dispute(did)
            con.print(f"call {n:>2}: dispute {did} {'upheld: provider slashed' if d.upheld else 'rejected'}")
    con.print(
        f"cheater's stake now {reg.service(sid2).stake / ETH} ETH; honest provider's {reg.service(sid).stake / ETH} ETH"
    )
    ctx.step(
        "Zero knowledge: `nexus zk setup 0` (ezkl circuit, local SRS, EVM verifier linked to the model), "
        "`nexus zk prove 0 INPUT`, `nexus zk verify PROOF --on-chain`. Setup and proving take minutes on "
        "2 cores, so the tour only points at them; figures in benchmarks/results/aiaas_zk.json."
    )
