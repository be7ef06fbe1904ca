"""What the AI-service commands share (`service`, `channel`, `serve`, `call`, `zk`, `job`, `dispute`):
option types, `--from` accounts, dev signing keys, ether and duration arguments."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..exceptions import AIServiceInputError
from ._common import duration, ether, resolve_account

__all__ = ["FromOpt", "JsonOpt", "account", "key_of", "seconds", "wei"]

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Sending account: an address or a dev account index.")]


def account(nexus: Any, who: str | None) -> str:
    return resolve_account(nexus, who, AIServiceInputError)


def key_of(address: str) -> Any:
    from ..aiaas import dev_key

    for i in range(10):
        k = dev_key(i)
        if k.address.lower() == address.lower():
            return k
    raise AIServiceInputError(f"{address} is not a dev account (signing needs a dev key on this chain)")


def wei(text: str, what: str) -> int:
    return ether(text, what, AIServiceInputError)


def seconds(text: str) -> int:
    return duration(text, AIServiceInputError)
