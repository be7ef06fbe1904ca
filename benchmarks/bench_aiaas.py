"""AI services: paid calls/s end to end on loopback (voucher signing and checking included), the
latency payment adds (p50/p99), gas per register / channel open / claim / dispute, and the same calls
paid one transaction each on chain (the embedded EVM, py-evm).

    python benchmarks/bench_aiaas.py [--calls 3000] [--clients 4] [--onchain 100]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _report import report  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from nexus.aiaas import (  # noqa: E402
    Model,
    Provider,
    ProviderServer,
    ResultReceipt,
    ServiceClient,
    Till,
    Verifier,
    Wallet,
    deploy_registry,
    dev_key,
    digits_model,
)
from nexus.aiaas._crypto import sig_from_hex, sig_tuple  # noqa: E402
from nexus.chain.base import TxRequest  # noqa: E402
from nexus.chain.embedded import EmbeddedChain  # noqa: E402

ETH, PRICE = 10**18, 10**12


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=3000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--onchain", type=int, default=100)
    args = ap.parse_args()
    from sklearn.datasets import load_digits

    root = Path(tempfile.mkdtemp(prefix="bench-aiaas-"))
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    reg = deploy_registry(chain, cache_dir=root / "cache")
    a = chain.accounts
    model = Model.of(digits_model())
    x, _ = load_digits(return_X_y=True)
    inputs = [{"x": [float(v) for v in row]} for row in x[:500]]
    rows: list[dict] = []

    def gas(what: str, rc: object) -> None:
        rows.append({"figure": f"gas: {what}", "value": rc.gas_used, "unit": "gas"})  # type: ignore[attr-defined]

    rc = reg.contract.register(
        bytes.fromhex(model.fingerprint[2:]), b"\0" * 32, PRICE, ETH // 100, 3600, "digits", sender=a[1], value=ETH
    )
    gas("register service", rc)
    sid = 0
    till = Till(reg.domain)
    wallets = []
    for i in range(args.clients):
        rc = reg.contract.openChannel(sid, chain.timestamp() + 86400, sender=a[2 + i], value=ETH)
        gas("open channel", rc) if i == 0 else None
        ch = reg.channel(i)
        till.watch(i, ch.client, ch.nonce, ch.value)
        wallets.append(Wallet(dev_key(2 + i), reg.domain, i, deposit=ch.value))

    # payment alone: sign (client) + check (provider) per call
    w0, pay_ms = Wallet(dev_key(2), reg.domain, 0, deposit=ETH), []
    t_till = Till(reg.domain)
    t_till.watch(0, a[2], 0, ETH)
    for _ in range(2000):
        t = time.perf_counter()
        t_till.accept(w0.pay(PRICE), PRICE)
        pay_ms.append((time.perf_counter() - t) * 1000)

    provider = Provider(dev_key(1), reg.domain, sid, PRICE, model, till, clock=time.time)
    # the provider in its own process (forked: it needs no chain), as `nexus serve` runs apart from its clients
    server = ProviderServer(provider)
    till.path = root / "till.json"
    ctx = multiprocessing.get_context("fork")
    stop = ctx.Event()

    def serve() -> None:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        stop.wait()
        till.save()

    child = ctx.Process(target=serve)
    child.start()
    per = args.calls // args.clients
    lat: list[float] = []
    lock = threading.Lock()

    def run(wallet: Wallet) -> None:
        client = ServiceClient(server.url, wallet, price=PRICE, provider=a[1], model=model.fingerprint)
        mine = []
        for n in range(per):
            t = time.perf_counter()
            client.call(inputs[n % len(inputs)])
            mine.append((time.perf_counter() - t) * 1000)
        client.close()
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=run, args=(w,)) for w in wallets]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    stop.set()
    child.join(30)
    till = Till(reg.domain, root / "till.json")  # the vouchers the provider kept
    provider.till = till
    rows += [
        {
            "figure": "paid calls/s end to end (HTTP loopback, goal >= 500)",
            "value": round(per * args.clients / elapsed, 1),
            "unit": "calls/s",
        },
        {"figure": "call latency p50 / p99", "value": f"{_pct(lat, 0.5):.2f} / {_pct(lat, 0.99):.2f}", "unit": "ms"},
        {
            "figure": "payment added latency p50 (sign + check voucher)",
            "value": round(_pct(pay_ms, 0.5), 3),
            "unit": "ms",
        },
        {"figure": "payment added latency p99 (goal <= 5)", "value": round(_pct(pay_ms, 0.99), 3), "unit": "ms"},
    ]
    gas("claim (any number of calls)", reg.claim(till.best[0], sender=a[1]))

    # a dispute, end to end
    for addr in a[7:9]:
        reg.join_verifiers(ETH // 50, sender=addr)
    w9 = Wallet(dev_key(2), reg.domain, 0, nonce=1, deposit=ETH)
    till.watch(0, a[2], 1, ETH)
    r = ResultReceipt.from_json(provider.handle({"input": inputs[0], "voucher": w9.pay(PRICE).to_json()})["receipt"])
    gas(
        "open dispute",
        reg.contract.openDispute(
            sid,
            bytes.fromhex(r.request[2:]),
            bytes.fromhex(r.output[2:]),
            r.issued_at,
            sig_tuple(sig_from_hex(r.signature)),
            sender=a[2],
            value=10 * PRICE,
        ),
    )
    for v in a[7:9]:
        Verifier(reg, v, {model.fingerprint: model}).review(0, inputs[0])

    # the alternative: one on-chain payment per call (a plain transfer, 21000 gas, plus the model call)
    t0 = time.perf_counter()
    for n in range(args.onchain):
        rc = chain.send(TxRequest(to=a[1], value=PRICE, sender=a[2]))
        model.answer(inputs[n % len(inputs)])
    onchain_s = time.perf_counter() - t0
    gas("pay each call on chain (transfer)", rc)
    rows.append(
        {
            "figure": "calls/s paying each call on chain (embedded EVM, 1 sender)",
            "value": round(args.onchain / onchain_s, 1),
            "unit": "calls/s",
        }
    )
    claim_gas = next(r["value"] for r in rows if r["figure"].startswith("gas: claim"))
    open_gas = next(r["value"] for r in rows if r["figure"] == "gas: open channel")
    rows.append(
        {
            "figure": f"gas per call via channel ({per} calls / channel, open + claim)",
            "value": round((claim_gas + open_gas) / per, 1),
            "unit": "gas",
        }
    )
    chain.close()
    report(
        "aiaas",
        rows,
        {
            "calls": per * args.clients,
            "clients": args.clients,
            "chain": "embedded (py-evm)",
            "model": "LogisticRegression on sklearn digits",
            "median_pay_ms": statistics.median(pay_ms),
        },
    )


if __name__ == "__main__":
    main()
