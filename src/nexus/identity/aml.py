"""KYC/AML credentials signed with EIP-712 ("address A scored below X on date D by model F"), which the
`Credentials` contract checks with ecrecover without learning anything else about A.

The score comes from the caller (the guard's fraud model, passed in by the CLI or service layer): this
package never imports the guard."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak, to_checksum_address

from ..exceptions import CredentialInvalid, IdentityInputError
from ._contexts import NEXUS_V1, VC_V2
from ._time import iso, parse_iso
from .vc import check_validity

if TYPE_CHECKING:
    from .status import StatusRegistry

__all__ = ["AML_LIST", "BPS", "aml_args", "issue_aml", "verify_aml"]

BPS = 10_000  # scores in [0, 1] travel as basis points
AML_LIST = "aml"  # the issuer's status list for AML credentials (the contract fixes it)
_TYPES = {
    "AMLCredential": [
        {"name": "subject", "type": "address"},
        {"name": "scoreBelow", "type": "uint256"},
        {"name": "model", "type": "bytes32"},
        {"name": "issuedAt", "type": "uint256"},
        {"name": "validUntil", "type": "uint256"},
        {"name": "statusList", "type": "bytes32"},
        {"name": "statusIndex", "type": "uint256"},
    ]
}


def _domain(chain_id: int, contract: str) -> dict[str, Any]:
    return {
        "name": "NexusCredentials",
        "version": "1",
        "chainId": chain_id,
        "verifyingContract": to_checksum_address(contract),
    }


def _fp(model: str) -> bytes:
    text = model.removeprefix("sha256:").removeprefix("0x")
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raise IdentityInputError("the model fingerprint must be 32 bytes of hex (or sha256:<hex>)") from None
    if len(raw) != 32:
        raise IdentityInputError("the model fingerprint must be 32 bytes")
    return raw


def issue_aml(
    status: StatusRegistry,
    issuer_key: bytes | str,
    *,
    subject: str,
    score: float,
    below: float,
    model: str,
    issued_at: int,
    valid_until: int,
    index: int,
) -> dict[str, Any]:
    """A VC 2.0 AMLCredential with an EthereumEip712Signature2021 proof. Refused unless score < below."""
    if not (0.0 <= score <= 1.0 and 0.0 < below <= 1.0):
        raise IdentityInputError("scores and the bound are in [0, 1]")
    if score >= below:
        raise IdentityInputError(f"score {score:.4f} is not below {below:.4f}: no credential is issued")
    if valid_until <= issued_at:
        raise IdentityInputError("validUntil must be after the scoring date")
    acct = Account.from_key(issuer_key)
    fp = _fp(model)
    message = {
        "subject": to_checksum_address(subject),
        "scoreBelow": round(below * BPS),
        "model": fp,
        "issuedAt": int(issued_at),
        "validUntil": int(valid_until),
        "statusList": keccak(text=AML_LIST),
        "statusIndex": int(index),
    }
    domain = _domain(status.backend.chain_id, status.contract.address)
    sig = acct.sign_message(encode_typed_data(domain, _TYPES, message)).signature
    chain = hex(status.backend.chain_id)
    return {
        "@context": [VC_V2, NEXUS_V1],
        "type": ["VerifiableCredential", "AMLCredential"],
        "issuer": f"did:ethr:{chain}:{acct.address}",
        "validFrom": iso(issued_at),
        "validUntil": iso(valid_until),
        "credentialSubject": {
            "id": f"did:ethr:{chain}:{message['subject']}",
            "amlScoreBelow": below,
            "scoredOn": iso(issued_at),
            "model": "sha256:" + fp.hex(),
        },
        "credentialStatus": status.entry(acct.address, AML_LIST, index),
        "proof": {
            "type": "EthereumEip712Signature2021",
            "proofPurpose": "assertionMethod",
            "verificationMethod": f"did:ethr:{chain}:{acct.address}#controller",
            "proofValue": "0x" + bytes(sig).hex(),
            "eip712": {"domain": domain, "types": _TYPES, "primaryType": "AMLCredential"},
        },
    }


def aml_args(cred: dict[str, Any]) -> list[Any]:
    """The contract's `checkAML` / `acceptAML` arguments (subject first) from a credential."""
    try:
        subj = cred["credentialSubject"]
        sig = bytes.fromhex(cred["proof"]["proofValue"].removeprefix("0x"))
        if len(sig) != 65:
            raise ValueError("signature length")
        return [
            to_checksum_address(subj["id"].rsplit(":", 1)[1]),
            round(float(subj["amlScoreBelow"]) * BPS),
            _fp(subj["model"]),
            parse_iso(cred["validFrom"]),
            parse_iso(cred["validUntil"]),
            int(cred["credentialStatus"]["statusListIndex"]),
            sig[64],
            sig[:32],
            sig[32:64],
        ]
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, IdentityInputError):
        raise CredentialInvalid("malformed AML credential") from None


def verify_aml(status: StatusRegistry, cred: dict[str, Any], *, max_score: float, now: int | None = None) -> str:
    """Off-chain check (the same rules as the contract's): the recovered issuer address."""
    from eth_account.messages import encode_typed_data as enc

    args = aml_args(cred)
    check_validity(cred, status.backend.timestamp() if now is None else now, status)
    message = dict(zip(["subject", "scoreBelow", "model", "issuedAt", "validUntil"], args[:5], strict=True))
    message.update(statusList=keccak(text=AML_LIST), statusIndex=args[5])
    signable = enc(_domain(status.backend.chain_id, status.contract.address), _TYPES, message)
    signer = Account.recover_message(signable, vrs=(args[6], args[7], args[8]))
    if f"did:ethr:{hex(status.backend.chain_id)}:{signer}" != cred.get("issuer"):
        raise CredentialInvalid("the EIP-712 signature is not the issuer's (tampered?)")
    if args[1] > round(max_score * BPS):
        raise CredentialInvalid(f"the credential proves a score below {args[1] / BPS}, not below {max_score}")
    return str(signer)
