"""Serving obeys the DAO: models load only as the on-chain registry's active, fingerprint-checked version.

    import nexus
    m = nexus.models.load("credit")        # the active version, its file's fingerprint checked
    m.predict(X); m.governed_version        # {"name", "version", "fingerprint"}
    decide = nexus.audited(model=m)(m.predict)   # each decision records the version that made it

Anything else (no registry on the chain, no active version, a paused model, a stored file whose
fingerprint is not the active one) is refused with one `ModelNotServable`. In a node,
`ModelService` follows the registry's Activated/Paused/Unpaused events block by block, so an
activation voted on chain serves from the next block on, without a restart.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .governed import GovernedModel, read_model
    from .loader import load, register, serving_loader
    from .service import ModelService

_LAZY = {
    "GovernedModel": ".governed",
    "read_model": ".governed",
    "load": ".loader",
    "register": ".loader",
    "serving_loader": ".loader",
    "ModelService": ".service",
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)

__all__ = ["GovernedModel", "ModelService", "load", "read_model", "register", "serving_loader"]
