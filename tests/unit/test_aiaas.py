"""AI services: paid calls through one-way channels, receipts, disputes with re-run and slashing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("sklearn")

from nexus.aiaas import (  # noqa: E402
    Model,
    Provider,
    ProviderServer,
    ResultReceipt,
    ServiceClient,
    ServiceRegistry,
    Till,
    Verifier,
    Voucher,
    Wallet,
    canonical_hash,
    deploy_registry,
    dev_key,
    digits_model,
)
from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.exceptions import AIServiceInputError, ContractReverted, PaymentError, ReceiptError  # noqa: E402

ETH = 10**18
PRICE = 10**12


@dataclass
class World:
    chain: EmbeddedChain
    reg: ServiceRegistry
    good: Model
    cheap: Model
    inputs: list[dict]
    a: list[str]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from sklearn.datasets import load_digits

    root = tmp_path_factory.mktemp("aiaas")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    reg = deploy_registry(chain, cache_dir=root / "cache")
    x, _ = load_digits(return_X_y=True)
    inputs = [{"x": [float(v) for v in row]} for row in x[:400]]
    yield World(chain, reg, Model.of(digits_model()), Model.of(digits_model(cheap=True)), inputs, chain.accounts)
    chain.close()


@pytest.fixture
def w(world: World) -> Iterator[World]:
    snap = world.chain.snapshot()
    yield world
    world.chain.revert(snap)


def _setup(w: World, deposit: int = ETH // 10) -> tuple[int, int, Till, Wallet]:
    sid = w.reg.register(
        w.good.fingerprint, price=PRICE, stake=ETH, slash=ETH // 100, dispute_window=3600, name="digits", sender=w.a[1]
    )
    cid = w.reg.open_channel(sid, deposit, expiry=w.chain.timestamp() + 3600, sender=w.a[2])
    ch = w.reg.channel(cid)
    till = Till(w.reg.domain)
    till.watch(cid, ch.client, ch.nonce, ch.value)
    return sid, cid, till, Wallet(dev_key(2), w.reg.domain, cid, deposit=deposit)


def test_paid_calls_over_http_then_one_claim_pays_the_total(w: World) -> None:
    sid, cid, till, wallet = _setup(w)
    provider = Provider(dev_key(1), w.reg.domain, sid, PRICE, w.good, till, clock=w.chain.timestamp)
    server = ProviderServer(provider).start()
    try:
        client = ServiceClient(server.url, wallet, price=PRICE, provider=w.a[1], model=w.good.fingerprint)
        for data in w.inputs[:25]:
            out, receipt = client.call(data)
            assert out == w.good.run(data) and receipt.model == w.good.fingerprint
        client.close()
    finally:
        server.stop()
    best = till.best[cid]
    assert best.amount == 25 * PRICE and best.signer(w.reg.domain) == w.a[2]
    before = w.chain.balance(w.reg.address)
    w.reg.claim(best, sender=w.a[1])
    assert w.chain.balance(w.reg.address) == before - 25 * PRICE  # paid out to the provider
    ch = w.reg.channel(cid)
    assert (ch.nonce, ch.value, ch.claimed) == (1, ETH // 10 - 25 * PRICE, 25 * PRICE)
    with pytest.raises(ContractReverted):  # a claim voids every older voucher: no replay
        w.reg.claim(best, sender=w.a[1])
    wallet.claimed(ch.nonce, ch.value)
    assert w.reg.claim(wallet.pay(PRICE), sender=w.a[1]).status


def test_till_refuses_forged_stale_short_and_overdrawn_vouchers(w: World) -> None:
    sid, cid, till, wallet = _setup(w, deposit=3 * PRICE)
    mallory = Wallet(dev_key(5), w.reg.domain, cid)
    with pytest.raises(PaymentError, match="not signed"):
        till.accept(mallory.pay(PRICE), PRICE)
    with pytest.raises(PaymentError, match="nonce"):
        till.accept(Wallet(dev_key(2), w.reg.domain, cid, nonce=1).pay(PRICE), PRICE)
    with pytest.raises(PaymentError, match="price"):
        till.accept(wallet.pay(PRICE // 2), PRICE)
    v = wallet.pay(PRICE)
    assert till.accept(v, PRICE) == v.amount
    with pytest.raises(PaymentError, match="price"):  # the same voucher again pays nothing more
        till.accept(v, PRICE)
    with pytest.raises(PaymentError, match="deposit"):
        wallet.pay(10 * PRICE)
    with pytest.raises(ContractReverted):  # the contract checks the signer too
        w.reg.claim(Voucher(cid, 0, PRICE, mallory.pay(PRICE).signature), sender=w.a[1])


def test_receipt_checks_catch_a_tampered_answer(w: World) -> None:
    sid, cid, till, wallet = _setup(w)
    provider = Provider(dev_key(1), w.reg.domain, sid, PRICE, w.good, till, clock=w.chain.timestamp)
    data = w.inputs[0]
    answer = provider.handle({"input": data, "voucher": wallet.pay(PRICE).to_json()})
    from nexus.aiaas import check_receipt

    r = ResultReceipt.from_json(answer["receipt"])
    check_receipt(r, w.reg.domain, provider=w.a[1], model=w.good.fingerprint, data=data, output=answer["output"])
    with pytest.raises(ReceiptError, match="output"):
        check_receipt(
            r,
            w.reg.domain,
            provider=w.a[1],
            model=w.good.fingerprint,
            data=data,
            output={**answer["output"], "label": 9 - answer["output"]["label"]},
        )
    with pytest.raises(ReceiptError, match="signed"):
        check_receipt(r, w.reg.domain, provider=w.a[3], model=w.good.fingerprint, data=data, output=answer["output"])


def _run_disputed(w: World, cheat: bool, calls: int = 120) -> tuple[int, int, int, int]:
    """A provider serving `calls` (10% from a cheaper model if `cheat`); the client disputes every
    cheated call and every 6th honest one. Returns (cheats disputed, cheats slashed, honest disputed,
    honest slashed)."""
    sid, cid, till, wallet = _setup(w)
    cheated = {n for n in range(calls) if cheat and n % 10 == 7}
    provider = Provider(
        dev_key(1),
        w.reg.domain,
        sid,
        PRICE,
        w.good,
        till,
        clock=w.chain.timestamp,
        model_for=lambda n: w.cheap if n in cheated else w.good,
    )
    for addr in w.a[6:8]:
        w.reg.join_verifiers(ETH // 50, sender=addr)
    verifiers = [Verifier(w.reg, addr, {w.good.fingerprint: w.good}) for addr in w.a[6:8]]
    stake0 = w.reg.service(sid).stake
    counts = [0, 0, 0, 0]
    for n in range(calls):
        data = w.inputs[n]
        receipt = ResultReceipt.from_json(
            provider.handle({"input": data, "voucher": wallet.pay(PRICE).to_json()})["receipt"]
        )
        if n not in cheated and n % 6:
            continue
        did = w.reg.open_dispute(receipt, sender=w.a[2])
        for v in verifiers:
            v.review(did, data)
        d = w.reg.dispute(did)
        assert d.resolved
        counts[0 if n in cheated else 2] += 1
        counts[1 if n in cheated else 3] += int(d.upheld)
    slashed = counts[1] + counts[3]
    assert w.reg.service(sid).stake == stake0 - slashed * (ETH // 100)
    return counts[0], counts[1], counts[2], counts[3]


def test_cheating_provider_is_caught_and_slashed(w: World) -> None:
    cheats, caught, honest, wrongly = _run_disputed(w, cheat=True)
    assert cheats == 12 and caught / cheats >= 0.99
    assert honest > 0 and wrongly == 0
    assert w.reg.credit(w.a[2]) > 0 and w.reg.credit(w.a[6]) > 0  # client and verifiers share the slash


def test_honest_provider_is_never_slashed(w: World) -> None:
    _, _, honest, wrongly = _run_disputed(w, cheat=False, calls=60)
    assert honest == 10 and wrongly == 0


def test_dispute_needs_the_providers_signature_and_a_fresh_receipt(w: World) -> None:
    sid, cid, till, wallet = _setup(w)
    provider = Provider(dev_key(1), w.reg.domain, sid, PRICE, w.good, till, clock=w.chain.timestamp)
    r = ResultReceipt.from_json(
        provider.handle({"input": w.inputs[0], "voucher": wallet.pay(PRICE).to_json()})["receipt"]
    )
    forged = ResultReceipt(
        r.service, "0x" + canonical_hash({"x": [0] * 64}).hex(), r.model, r.output, r.issued_at, r.signature
    )
    with pytest.raises(ContractReverted):
        w.reg.open_dispute(forged, sender=w.a[2])
    w.reg.open_dispute(r, sender=w.a[2])
    with pytest.raises(ContractReverted):  # one dispute per receipt
        w.reg.open_dispute(r, sender=w.a[2])
    w.chain.mine(seconds=7200)
    late = ResultReceipt.from_json(
        provider.handle({"input": w.inputs[1], "voucher": wallet.pay(PRICE).to_json()})["receipt"]
    )
    w.chain.mine(seconds=3601)
    with pytest.raises(ContractReverted):  # outside the window
        w.reg.open_dispute(late, sender=w.a[2])


def test_channel_refund_after_expiry_only(w: World) -> None:
    sid, cid, till, wallet = _setup(w)
    with pytest.raises(ContractReverted):
        w.reg.close_channel(cid, sender=w.a[2])
    w.chain.mine(seconds=3601)
    assert w.reg.close_channel(cid, sender=w.a[2]) == ETH // 10
    assert w.reg.channel(cid).value == 0


def test_till_refuses_vouchers_on_a_channel_about_to_expire(w: World) -> None:
    sid, cid, _, wallet = _setup(w)
    ch = w.reg.channel(cid)
    till = Till(w.reg.domain, clock=w.chain.timestamp, margin=60)
    till.watch(cid, ch.client, ch.nonce, ch.value, ch.expiry)
    assert till.accept(wallet.pay(PRICE), PRICE) == PRICE
    w.chain.mine(seconds=3600 - 30)
    with pytest.raises(PaymentError, match="expires"):
        till.accept(wallet.pay(PRICE), PRICE)


def test_concurrent_paid_calls_on_many_channels_add_up(w: World) -> None:
    """6 client threads on 6 channels call one provider at once: each call is owed exactly once
    (recomputed independently from the clients' own running totals)."""
    import threading

    sid = w.reg.register(w.good.fingerprint, price=PRICE, stake=ETH, name="digits", sender=w.a[1])
    till = Till(w.reg.domain)
    wallets = []
    for i in range(6):
        cid = w.reg.open_channel(sid, ETH, expiry=w.chain.timestamp() + 3600, sender=w.a[2 + i])
        ch = w.reg.channel(cid)
        till.watch(cid, ch.client, ch.nonce, ch.value)
        wallets.append(Wallet(dev_key(2 + i), w.reg.domain, cid, deposit=ETH))
    provider = Provider(dev_key(1), w.reg.domain, sid, PRICE, w.good, till)
    start = threading.Barrier(6)

    def client(wallet: Wallet, k: int) -> None:
        start.wait()
        for data in w.inputs[k : k + 20 + k]:
            provider.handle({"input": data, "voucher": wallet.pay(PRICE).to_json()})

    threads = [threading.Thread(target=client, args=(wl, k)) for k, wl in enumerate(wallets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert provider.calls == sum(20 + k for k in range(6)) == len(provider.take_receipts())
    assert {c: v.amount for c, v in till.best.items()} == {wl.channel: (20 + k) * PRICE for k, wl in enumerate(wallets)}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from([2, 2, 2, 5]), st.sampled_from([0, 0, 0, 1]), st.integers(-2, 4)), max_size=12
    )
)
def test_till_accepts_exactly_what_an_independent_model_allows(world: World, steps: list) -> None:  # type: ignore[type-arg]
    """Fuzzed voucher streams (wrong signers, stale nonces, short, repeated and overdrawn amounts)."""
    from nexus.aiaas._crypto import sig_to_hex

    deposit, cid, client = 10 * PRICE, 7, world.a[2]
    till = Till(world.reg.domain)
    till.watch(cid, client, 0, deposit)
    best, total = 0, 0
    for who, nonce, delta in steps:
        total = max(0, total + delta * PRICE // 2)
        v = Voucher(cid, nonce, total)
        v = Voucher(cid, nonce, total, sig_to_hex(dev_key(who).sign(v.digest(world.reg.domain))))
        ok = who == 2 and nonce == 0 and total <= deposit and total - best >= PRICE
        try:
            till.accept(v, PRICE)
            accepted = True
        except PaymentError:
            accepted = False
        assert accepted == ok, (who, nonce, total, best)
        best = total if ok else best
    assert (till.best[cid].amount if cid in till.best else 0) == best


def test_proven_answers_cost_the_zk_price(w: World) -> None:
    sid, cid, till, wallet = _setup(w)
    proofs: list[dict] = []

    def prover(data: dict) -> dict:
        proofs.append(data)
        return {"proof": "0xfeed", "logits": [0.0] * 10}

    provider = Provider(dev_key(1), w.reg.domain, sid, PRICE, w.good, till, prover=prover, zk_price=5 * PRICE)
    server = ProviderServer(provider).start()
    try:
        client = ServiceClient(server.url, wallet, price=PRICE, provider=w.a[1], model=w.good.fingerprint)
        with pytest.raises(PaymentError, match="price"):  # paying the plain price for a proven answer
            client.call(w.inputs[0], prove=True, zk_price=PRICE)
        out, _ = client.call(w.inputs[0], prove=True, zk_price=5 * PRICE)
        assert out["proof"]["proof"] == "0xfeed" and proofs == [w.inputs[0]]
        plain, _ = client.call(w.inputs[1])
        assert "proof" not in plain and till.best[cid].amount == 6 * PRICE == wallet.spent
        client.close()
    finally:
        server.stop()
    bare = Provider(dev_key(1), w.reg.domain, sid, PRICE, w.good, till)
    with pytest.raises(AIServiceInputError, match="no proven"):
        bare.handle({"input": w.inputs[0], "voucher": wallet.pay(PRICE).to_json(), "prove": True})
