"""`nexus service register|list|show`, `nexus serve`, `nexus call`, `nexus channel open|claim|close`."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from .._fs import private_dir
from ..exceptions import AIServiceInputError
from ._aiaas_common import FromOpt, JsonOpt, account, key_of, seconds, wei
from ._common import console, get_settings, open_nexus, print_json, say

__all__ = ["account", "call", "channel_app", "serve", "service_app"]

service_app = typer.Typer(no_args_is_help=True)
channel_app = typer.Typer(no_args_is_help=True)


@service_app.command()
def register(
    ctx: typer.Context,
    model: Annotated[str, typer.Argument(help="'digits' (the bundled demo model) or a joblib model file.")],
    price: Annotated[str, typer.Option(help="Price per call in ether.")] = "0.000001",
    stake: Annotated[str, typer.Option(help="Stake in ether (slashed on lost disputes).")] = "1",
    slash: Annotated[str, typer.Option(help="Slashed per lost dispute, in ether.")] = "0.1",
    window: Annotated[str, typer.Option(help="Dispute window (90, 30m, 12h, 1d).")] = "1d",
    name: Annotated[str, typer.Option(help="A short name.")] = "",
    sender: FromOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Register a model as a paid service (its fingerprint on chain, the model kept in the data dir)."""
    from ..aiaas.service import register_model

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        data = register_model(
            nexus,
            settings.home,
            model,
            price=wei(price, "--price"),
            stake=wei(stake, "--stake"),
            slash=wei(slash, "--slash"),
            window=seconds(window),
            name=name,
            sender=account(nexus, sender),
        )
    say(data, as_json, f"service {data['id']} registered: model {data['model']}")


@service_app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Services with price, stake, earnings and disputes."""
    from ..aiaas.service import service_list

    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
    with nexus:
        data = service_list(nexus)
    if as_json:
        print_json(data)
        return
    for s in data:
        console().print(
            f"{s['id']:>3}  {s['name'] or '-':<16} price {s['price']} wei  earned {s['earned']} wei  "
            f"disputes {s['disputes']} (slashed {s['slashed']})  {'active' if s['active'] else 'off'}"
        )


@service_app.command()
def show(
    ctx: typer.Context, service: Annotated[int, typer.Argument(help="Service id.")], as_json: JsonOpt = False
) -> None:
    """One service in full."""
    from ..aiaas.service import service_detail

    nexus, _ = open_nexus(get_settings(ctx), allow_readonly=True)
    with nexus:
        data = service_detail(nexus, service)
    say(data, as_json, "\n".join(f"{k}: {v}" for k, v in data.items()))


def _prover(home: Path, fingerprint: str) -> Any:
    """Proven answers from `nexus zk setup`'s circuit (None when it was not set up here)."""
    from ..aiaas.zk import ZkModel

    zk = ZkModel.at(home, fingerprint)
    if not zk.ready:
        return None
    lock = threading.Lock()

    def prove(data: Any) -> dict[str, Any]:
        with lock:  # one proof at a time: proving uses every core
            name = f"proof-{len(list(zk.dir.glob('proof-*.json')))}"
            proof = zk.prove([float(v) / 16.0 for v in data["x"]], name=name)
        return {"proof": json.loads(proof.read_text()), "logits": zk.outputs(proof)}

    return prove


def serve(
    ctx: typer.Context,
    service: Annotated[int, typer.Argument(help="Service id (see `nexus service list`).")],
    port: Annotated[int, typer.Option(help="Loopback port.")] = 8787,
) -> None:
    """Run a provider for SERVICE: paid calls over HTTP, vouchers kept in the data dir to claim later."""
    from ..aiaas import Model, Provider, ProviderServer, Till, load_model
    from ..aiaas.service import require_registry

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        reg = require_registry(nexus)
        info = reg.service(service)
        till = Till(
            reg.domain, settings.home / "aiaas" / f"till-{reg.address}-{service}.json", clock=nexus.chain.timestamp
        )
        for c in reg.channels():
            if c.service == service:
                till.watch(c.id, c.client, c.nonce, c.value, c.expiry)
        model = Model.of(load_model(settings.home, info.model))
        provider = Provider(
            key_of(info.provider),
            reg.domain,
            service,
            info.price,
            model,
            till,
            contract=reg.address,
            chain_id=nexus.chain.chain_id,
            prover=_prover(settings.home, info.model) if info.verifier else None,
            zk_price=info.zk_price,
        )
        server = ProviderServer(provider, port=port)
        stop = threading.Event()

        def keep() -> None:  # vouchers to disk each second; receipts anchored in the ledger in batches
            from ..aiaas.service import anchor_receipts

            tick = 0
            while not stop.wait(1.0):
                till.save()
                tick += 1
                if tick % 10 == 0:
                    anchor_receipts(settings, service, provider.take_receipts(), reg.domain)

        threading.Thread(target=keep, daemon=True).start()
        console().print(f"serving service {service} on {server.url} (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            till.save()
            server.httpd.server_close()
            from ..aiaas.service import anchor_receipts

            anchor_receipts(settings, service, provider.take_receipts(), reg.domain)


def call(
    ctx: typer.Context,
    service: Annotated[int, typer.Argument(help="Service id.")],
    data: Annotated[str, typer.Argument(help="Input JSON, or @file.json.")],
    channel: Annotated[int, typer.Option(help="Your payment channel to this service.")],
    url: Annotated[str, typer.Option(help="The provider's URL.")] = "http://127.0.0.1:8787",
    sender: Annotated[int, typer.Option("--from", help="Client dev account index (signs vouchers).")] = 2,
    prove: Annotated[bool, typer.Option("--prove", help="Buy a proven answer (zk proof, at its price).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Pay one call (a signed voucher, no gas) and print the answer; its receipt is kept for disputes."""
    import urllib.request

    from ..aiaas import ServiceClient, Wallet, dev_key
    from ..aiaas._crypto import domain_separator
    from ..aiaas.service import load_state, save_state

    settings = get_settings(ctx)
    try:
        payload = json.loads(Path(data[1:]).read_text() if data.startswith("@") else data)
        with urllib.request.urlopen(url.rstrip("/") + "/info", timeout=10) as resp:  # noqa: S310 - loopback
            info = json.loads(resp.read())
    except (OSError, ValueError) as exc:
        raise AIServiceInputError(f"cannot read the input or reach {url}: {exc}") from None
    if int(info["service"]) != service:
        raise AIServiceInputError(f"{url} serves service {info['service']}, not {service}")
    chan = info["channels"].get(str(channel))
    if chan is None:
        raise AIServiceInputError(f"channel {channel} is not open to service {service} (or opened after serving)")
    key, skey = dev_key(sender), f"wallet:{info['contract']}:{channel}"
    st = load_state(settings.home).get(skey, {"nonce": 0, "spent": "0"})
    spent = int(st["spent"]) if int(st["nonce"]) == int(chan["nonce"]) else 0
    domain = domain_separator(int(info["chain_id"]), info["contract"])
    wallet = Wallet(key, domain, channel, nonce=int(chan["nonce"]), spent=spent, deposit=int(chan["deposit"]))
    client = ServiceClient(url, wallet, price=int(info["price"]), provider=info["provider"], model=info["model"])
    try:
        if prove and not info.get("zk_price"):
            raise AIServiceInputError(f"service {service} offers no proven answers")
        output, receipt = client.call(payload, prove=prove, zk_price=int(info.get("zk_price") or 0))
    finally:
        client.close()
        save_state(settings.home, skey, {"nonce": wallet.nonce, "spent": str(wallet.spent)})
    rdir = settings.home / "aiaas" / "receipts"
    private_dir(rdir)
    rfile = rdir / f"{receipt.request[2:18]}-{receipt.issued_at}.json"
    rfile.write_text(json.dumps({"receipt": receipt.to_json(), "input": payload, "output": output}))
    rfile.chmod(0o600)
    say(
        {"output": output, "receipt": receipt.to_json(), "receipt_file": str(rfile), "paid": str(wallet.spent)},
        as_json,
        f"{json.dumps(output)}\nreceipt: {rfile}  (channel total {wallet.spent} wei)",
    )


@channel_app.command("open")
def channel_open(
    ctx: typer.Context,
    service: Annotated[int, typer.Argument(help="Service id.")],
    deposit: Annotated[str, typer.Option(help="Deposit in ether.")] = "0.01",
    expiry: Annotated[str, typer.Option(help="Lifetime (refundable after it).")] = "1d",
    sender: FromOpt = "2",
    as_json: JsonOpt = False,
) -> None:
    """Open a one-way payment channel to a service (one transaction for many calls)."""
    from ..aiaas.service import require_registry

    nexus, _ = open_nexus(get_settings(ctx))
    with nexus:
        reg = require_registry(nexus)
        cid = reg.open_channel(
            service,
            wei(deposit, "--deposit"),
            expiry=nexus.chain.timestamp() + seconds(expiry),
            sender=account(nexus, sender),
        )
        data = reg.channel(cid).to_json()
    say(data, as_json, f"channel {cid} open to service {service}")


@channel_app.command()
def claim(
    ctx: typer.Context, channel: Annotated[int, typer.Argument(help="Channel id.")], as_json: JsonOpt = False
) -> None:
    """Claim a channel's latest voucher (kept by `nexus serve`) for its service's provider."""
    from ..aiaas import Till
    from ..aiaas.service import require_registry

    settings = get_settings(ctx)
    nexus, _ = open_nexus(settings)
    with nexus:
        reg = require_registry(nexus)
        ch = reg.channel(channel)
        till = Till(reg.domain, settings.home / "aiaas" / f"till-{reg.address}-{ch.service}.json")
        best = till.best.get(channel)
        if best is None or best.nonce != ch.nonce:
            raise AIServiceInputError(f"no unclaimed voucher for channel {channel}")
        reg.claim(best, sender=reg.service(ch.service).provider)
        till.watch(channel, ch.client, ch.nonce + 1, ch.value - best.amount)
        till.save()
    say({"channel": channel, "claimed": str(best.amount)}, as_json, f"claimed {best.amount} wei from channel {channel}")


@channel_app.command()
def close(
    ctx: typer.Context,
    channel: Annotated[int, typer.Argument(help="Channel id.")],
    sender: FromOpt = "2",
    as_json: JsonOpt = False,
) -> None:
    """Take back what is left of an expired channel (the client)."""
    from ..aiaas.service import require_registry

    nexus, _ = open_nexus(get_settings(ctx))
    with nexus:
        reg = require_registry(nexus)
        refund = reg.close_channel(channel, sender=account(nexus, sender))
    say({"channel": channel, "refund": str(refund)}, as_json, f"channel {channel} closed, {refund} wei refunded")
