"""AI services economy: pay-per-call model services, payment channels, receipts, disputes, compute jobs.

reg = deploy_registry(chain)                      # or service_registry(nexus)
sid = reg.register(model.fingerprint, price=p, stake=s, sender=provider)
cid = reg.open_channel(sid, deposit, expiry=t, sender=client)
server = ProviderServer(Provider(key, reg.domain, sid, p, model, till)).start()
out, receipt = ServiceClient(server.url, Wallet(client_key, reg.domain, cid), ...).call(input)
reg.claim(till.best[cid], sender=provider)        # one transaction for any number of calls
did = reg.open_dispute(receipt, sender=client); Verifier(reg, addr, models).review(did, input)
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._crypto import Key, ResultReceipt, Voucher, canonical_hash, dev_key
    from .channel import Till, Wallet
    from .client import ServiceClient, check_receipt
    from .disputes import Verifier, decide
    from .model import Model, digits_model, load_model, model_fingerprint, save_model
    from .provider import Provider, ProviderServer, receipts_root
    from .registry import ServiceRegistry, deploy_registry

_LAZY = {
    **dict.fromkeys(("Key", "ResultReceipt", "Voucher", "canonical_hash", "dev_key"), "._crypto"),
    **dict.fromkeys(("Till", "Wallet"), ".channel"),
    **dict.fromkeys(("ServiceClient", "check_receipt"), ".client"),
    **dict.fromkeys(("Verifier", "decide"), ".disputes"),
    **dict.fromkeys(("Model", "digits_model", "load_model", "model_fingerprint", "save_model"), ".model"),
    **dict.fromkeys(("Provider", "ProviderServer", "receipts_root"), ".provider"),
    **dict.fromkeys(("ServiceRegistry", "deploy_registry"), ".registry"),
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "Key",
    "Model",
    "Provider",
    "ProviderServer",
    "ResultReceipt",
    "ServiceClient",
    "ServiceRegistry",
    "Till",
    "Verifier",
    "Voucher",
    "Wallet",
    "canonical_hash",
    "check_receipt",
    "decide",
    "deploy_registry",
    "dev_key",
    "digits_model",
    "load_model",
    "model_fingerprint",
    "receipts_root",
    "save_model",
]
