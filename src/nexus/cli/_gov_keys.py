"""The key that signs a `nexus gov vote --sign` ballot: the configured signer or a dev account's key."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..exceptions import GovernanceInputError

if TYPE_CHECKING:  # the SDK (web3, vyper) loads when a command needs it
    from ..governance.ballots import HashSigner

__all__ = ["ballot_key"]


def ballot_key(nexus: Any, who: str | None) -> bytes | HashSigner:
    """The key that signs a ballot: the configured signer, or a dev account's key on the embedded chain."""
    from ..chain.accounts import dev_addresses, load_signer
    from ..governance.ballots import dev_key

    s = nexus.settings
    signer = load_signer(
        s.private_key.get_secret_value() if s.private_key else None,
        s.keystore,
        s.keystore_password.get_secret_value() if s.keystore_password else None,
    )
    devs = [a.lower() for a in dev_addresses()] if nexus.chain.kind == "embedded" else []
    if who is None:
        if signer is not None:
            return signer
        if devs:
            return dev_key(0)
    elif who.isdigit() and int(who) < len(devs):
        return dev_key(int(who))
    elif signer is not None and who.lower() == signer.address.lower():
        return signer
    elif who.lower() in devs:
        return dev_key(devs.index(who.lower()))
    raise GovernanceInputError(
        f"gov: no key to sign as {who or 'the default account'}"
        " (set NEXUS_PRIVATE_KEY or NEXUS_KEYSTORE, or use a dev account)"
    )
