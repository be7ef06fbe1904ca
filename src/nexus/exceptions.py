"""Every error Symbiotic Nexus raises: one tree under NexusError, each with a CLI exit code."""

from __future__ import annotations

from typing import Any

__all__ = [
    "AIServiceError",
    "AIServiceInputError",
    "AIServiceNotFound",
    "AccountError",
    "AnchorChainMismatch",
    "AnchorMismatch",
    "AnchorUnchecked",
    "ApiAuthError",
    "ApiForbidden",
    "ApiTooManyAttempts",
    "AvatarAuthFailed",
    "AvatarError",
    "AvatarInputError",
    "BlockRangeError",
    "BountyError",
    "BountyInputError",
    "BountyNotFound",
    "ChainError",
    "ChainIdMismatch",
    "ChainsDisagree",
    "CompileError",
    "ComputeRejected",
    "ConfigError",
    "ConsentDenied",
    "ContractError",
    "ContractReverted",
    "CredentialExpired",
    "CredentialInvalid",
    "CredentialRevoked",
    "CreditConsentMissing",
    "CreditModelNotApproved",
    "DataMarketError",
    "DataMarketInputError",
    "DatasetNotFound",
    "DisputeError",
    "FLError",
    "FLInputError",
    "FLNotFound",
    "FLRuntimeError",
    "FairnessError",
    "FairnessInputError",
    "FeeAdviceError",
    "FingerprintError",
    "GameError",
    "GameInputError",
    "GovernanceError",
    "GovernanceInputError",
    "GovernanceStateError",
    "IdentityError",
    "IdentityInputError",
    "InsuranceError",
    "InvalidProof",
    "JsonRpcError",
    "KeystoreError",
    "LedgerCorrupt",
    "LedgerError",
    "LedgerInputError",
    "LedgerUnreachable",
    "LedgerUrlError",
    "LendingError",
    "LendingInputError",
    "LineageError",
    "ManifestError",
    "MarketError",
    "MarketNotFound",
    "MissingExtra",
    "ModelLoadError",
    "ModelNotServable",
    "ModelVersionNotFound",
    "NFTError",
    "NFTInputError",
    "NFTModelError",
    "NFTNotFound",
    "NexusError",
    "NotAnchored",
    "NotSupported",
    "NpcNotFound",
    "OracleError",
    "OracleInputError",
    "OracleQuorumError",
    "PaymentError",
    "PortfolioChainError",
    "PortfolioInputError",
    "ProofError",
    "ProposalNotFound",
    "QuorumNotReached",
    "RPCError",
    "RPCUnreachable",
    "ReceiptError",
    "RecordNotFound",
    "SandboxError",
    "ScanBaselineError",
    "ScanInputError",
    "ScoreRejected",
    "ServiceUnavailable",
    "SourceError",
    "StateError",
    "StateLocked",
    "UnknownContract",
    "UnknownModel",
    "UnknownProduct",
    "ValidatorInputError",
    "VerificationFailed",
    "WatchTargetError",
    "WatchTargetNotFound",
    "XChainError",
    "XChainInputError",
    "XChainNotConfigured",
    "XChainRateLimited",
]


class NexusError(Exception):
    """Base of every error the project raises on purpose. `exit_code` is the CLI's exit status."""

    exit_code: int = 1
    http_status: int = 500


class ConfigError(NexusError, ValueError):
    """A setting is missing, malformed or contradicts another."""

    exit_code = 2
    http_status = 400


class ChainError(NexusError):
    """Something went wrong talking to, or on, the chain."""

    exit_code = 3
    http_status = 502


class RPCUnreachable(ChainError, ConnectionError):
    """The JSON-RPC endpoint did not answer within the timeout."""

    exit_code = 3
    http_status = 503


_RPC_NOT_FOUND = (
    "method not found",
    "does not exist",
    "not supported",
    "not available",
    "unsupported method",
    "unknown method",
    "not implemented",
)


class RPCError(ChainError):
    """A JSON-RPC node's error object (internal: RPCChain converts it before it reaches a caller)."""

    def __init__(self, method: str, error: dict[str, Any]) -> None:
        self.method = method
        self.code = error.get("code")
        self.message = " ".join(str(error.get("message", "unknown error")).split())
        self.data = error.get("data")
        super().__init__(f"{method}: {self.message}")

    @property
    def not_found(self) -> bool:
        msg = self.message.lower()
        return self.code == -32601 or any(s in msg for s in _RPC_NOT_FOUND)

    @property
    def is_revert(self) -> bool:
        return self.code == 3 or "revert" in self.message.lower()

    @property
    def is_nonce(self) -> bool:
        msg = self.message.lower()
        return "nonce" in msg or "already known" in msg or "replacement transaction" in msg


class ChainIdMismatch(ChainError):
    """The connected chain is not the chain a manifest or setting expects."""

    exit_code = 4
    http_status = 409


class ContractReverted(ChainError):
    """A call or transaction reverted; `reason` holds the decoded revert string if any."""

    exit_code = 5
    http_status = 422

    def __init__(self, reason: str | None, *, data: bytes = b"", receipt: Any = None) -> None:
        self.reason = reason
        self.data = data
        self.receipt = receipt
        super().__init__(f"reverted: {reason}" if reason else "reverted without a reason")


class StateError(ChainError):
    """The embedded chain's state file is corrupt, foreign or from an unknown format version."""

    exit_code = 6
    http_status = 500


class StateLocked(StateError):
    """Another process holds the embedded chain's write lock."""

    exit_code = 7
    http_status = 423


class BlockRangeError(ChainError, ValueError):
    """A block range is reversed, out of the chain, or wider than allowed."""

    exit_code = 2
    http_status = 400


class NotSupported(ChainError):
    """The backend cannot do this (e.g. a trace on a node without debug_traceTransaction)."""

    exit_code = 8
    http_status = 501


class ContractError(NexusError):
    """A problem with the project's contracts or their deployments."""

    exit_code = 9
    http_status = 500


class CompileError(ContractError):
    """A Vyper source failed to compile."""

    exit_code = 10


class ManifestError(ContractError):
    """A deployment manifest is unreadable, or does not match what is on chain."""

    exit_code = 11
    http_status = 409


class UnknownContract(ContractError, KeyError):
    """No contract source, or no deployment, by that name."""

    exit_code = 12
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown contract"


class AccountError(NexusError):
    """A signing account is missing or unusable."""

    exit_code = 13
    http_status = 400


class KeystoreError(AccountError):
    """A keystore file is missing, malformed, or its password is missing or wrong."""

    exit_code = 14


class LedgerError(NexusError):
    """A problem with the provenance ledger (its store, anchoring or receipts)."""

    exit_code = 20
    http_status = 500


class LedgerInputError(LedgerError, ValueError):
    """A record, receipt or argument given to the ledger is malformed."""

    exit_code = 21
    http_status = 400


class ProofError(LedgerInputError):
    """A Merkle proof or range that cannot be right for the tree it names (index outside the tree,
    wrong length, edge of the wrong size). A ValueError too, for callers of the plain maths."""

    exit_code = 24
    http_status = 400


class RecordNotFound(LedgerError, KeyError):
    """No ledger record with that id."""

    exit_code = 22
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such record"


class NotAnchored(LedgerError):
    """The record exists but no on-chain checkpoint covers it yet."""

    exit_code = 23
    http_status = 409


class VerificationFailed(LedgerError):
    """A receipt, proof or audit did not verify; the message says which check failed."""

    exit_code = 24
    http_status = 422


class AnchorUnchecked(VerificationFailed):
    """A receipt's anchor could not be checked: no chain reachable, or no trusted anchor contract."""

    exit_code = 26
    http_status = 503


class AnchorChainMismatch(VerificationFailed):
    """The chain at hand is not the chain a receipt (or an anchor) names."""

    exit_code = 27
    http_status = 409


class AnchorMismatch(VerificationFailed):
    """The chain contradicts an anchor: no such transaction, another block, contract or checkpoint."""

    exit_code = 28
    http_status = 422


class LedgerCorrupt(LedgerError):
    """The ledger store is unreadable, foreign, or inconsistent with itself."""

    exit_code = 25
    http_status = 500


class LedgerUnreachable(LedgerError, ConnectionError):
    """The ledger's database server (a postgresql:// ledger_url) does not answer."""

    exit_code = 29
    http_status = 503


class LedgerUrlError(LedgerError, ConfigError):
    """The ledger_url setting is not a usable database URL."""

    exit_code = 2
    http_status = 500


class MissingExtra(NexusError, ImportError):
    """An optional dependency is not installed; the message names the exact `pip install`."""

    exit_code = 30
    http_status = 501


class FingerprintError(NexusError, ValueError):
    """A path or object cannot be fingerprinted (missing, unreadable, malformed table)."""

    exit_code = 31
    http_status = 400


class LineageError(NexusError):
    """A lineage record is missing, malformed, or does not match what it describes."""

    exit_code = 32
    http_status = 400


class UnknownModel(LineageError, KeyError):
    """The file or fingerprint is not a registered model."""

    exit_code = 33
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "not a registered model"


class OracleError(NexusError):
    """The oracle network cannot do what was asked (no feed, bad signature, source failure)."""

    exit_code = 40
    http_status = 502


class SourceError(OracleError):
    """A source could not be read (offline, malformed answer); the node treats it as missing."""

    exit_code = 69
    http_status = 502


class OracleInputError(OracleError, ValueError):
    """Bad oracle input: node counts, feed names, source specs, malformed data from a source."""

    exit_code = 41
    http_status = 400


class InsuranceError(OracleError, ValueError):
    """A parametric-insurance request is invalid: bad terms or tier, a policy after the trigger."""

    exit_code = 120
    http_status = 400


class UnknownProduct(InsuranceError, KeyError):
    """No insurance product of that name on this chain."""

    exit_code = 121
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class DisputeError(OracleError, ValueError):
    """An optimistic-oracle dispute request is invalid: unknown assertion, liveness over, not disputed."""

    exit_code = 122
    http_status = 400


class OracleQuorumError(OracleError):
    """Too few observations or signatures for a report (more than f nodes faulty or offline)."""

    exit_code = 42
    http_status = 503


class WatchTargetError(NexusError, ValueError):
    """A guard watch target is malformed (address, kind, ABI) or its targets file cannot be read."""

    exit_code = 43
    http_status = 400


class WatchTargetNotFound(WatchTargetError, KeyError):
    """The guard does not watch that address."""

    exit_code = 44
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "not a watched address"


class MarketError(NexusError, ValueError):
    """A prediction-market request is invalid (bad outcome, amount, state or parameters)."""

    exit_code = 50
    http_status = 400


class MarketNotFound(MarketError, KeyError):
    """No market at that address or index."""

    exit_code = 51
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown market"


class ApiAuthError(NexusError):
    """An API write came without the API token (`Authorization: Bearer <token>`)."""

    exit_code = 60
    http_status = 401
    http_headers: dict[str, str] = {"WWW-Authenticate": 'Bearer realm="nexus"'}


class ApiForbidden(ApiAuthError):
    """An API write came with a token that is not this node's API token."""

    exit_code = 61
    http_status = 403


class ApiTooManyAttempts(ApiAuthError):
    """A client sent too many wrong API tokens; it may try again after `retry_after` seconds."""

    exit_code = 62
    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.http_headers = {"Retry-After": str(retry_after)}


class ServiceUnavailable(NexusError):
    """The node runs no such service (switched off in the settings, or not started yet)."""

    exit_code = 63
    http_status = 503


class GovernanceError(NexusError):
    """Model governance cannot do what was asked (contracts missing, proposal or registry problem)."""

    exit_code = 70
    http_status = 400


class GovernanceInputError(GovernanceError, ValueError):
    """Bad governance input: a malformed ballot, vote choice, model reference or proposal action."""

    exit_code = 71
    http_status = 400


class ProposalNotFound(GovernanceError, KeyError):
    """No governance proposal with that id (or index)."""

    exit_code = 72
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown proposal"


class GovernanceStateError(GovernanceError):
    """The proposal is not in the state this needs (voting closed, not passed, timelock not over)."""

    exit_code = 73
    http_status = 409


class ModelVersionNotFound(GovernanceError, KeyError):
    """No model of that name, or no such version or fingerprint, in the on-chain model registry."""

    exit_code = 74
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown model version"


class ModelNotServable(GovernanceError):
    """A model may not be served now: no registry, no active version, paused, or the local file's
    fingerprint is not the registry's active one (or the file is not in the local model store)."""

    exit_code = 75
    http_status = 409


class FairnessError(NexusError):
    """A fairness audit cannot run (bad model, data or protected attribute)."""

    exit_code = 80
    http_status = 400


class FairnessInputError(FairnessError, ValueError):
    """Bad audit input: a missing or unknown column, a non-binary label, too few rows or groups."""

    exit_code = 81
    http_status = 400


class ModelLoadError(FairnessError):
    """A model file is missing, corrupt, of an unknown format, or holds types not trusted to load."""

    exit_code = 82
    http_status = 422


class BountyError(NexusError):
    """A model bounty cannot do what was asked (wrong phase, not a judge, nothing to claim)."""

    exit_code = 85
    http_status = 409


class BountyInputError(BountyError, ValueError):
    """Bad bounty input: amounts, deadlines, judges, quorum, salts, fingerprints, scores."""

    exit_code = 86
    http_status = 400


class BountyNotFound(BountyError, KeyError):
    """No bounty with that id."""

    exit_code = 87
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such bounty"


# --- the node's Ethereum JSON-RPC endpoint ----------------------------------------------------
class JsonRpcError(NexusError, ValueError):
    """An error answered to a client of the node's `/rpc` endpoint, as a JSON-RPC error object:
    `code` per JSON-RPC 2.0 / EIP-1474 (-32700 parse, -32600 invalid request, -32601 no such
    method, -32602 bad params, -32000 server; 3 for a revert, with its raw bytes in `data`)."""

    exit_code = 64
    http_status = 400

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            out["data"] = self.data
        return out


class ScanInputError(NexusError, ValueError):
    """A source file cannot be scanned (unreadable, not UTF-8, too large, syntax error, unknown pragma)."""

    exit_code = 2
    http_status = 400


# --- identity, credentials, consent, data market: exit codes 90-99 ------------------------------


class IdentityError(NexusError):
    """A DID, credential or consent operation cannot do what was asked (wrong owner, unknown DID)."""

    exit_code = 90
    http_status = 409


class IdentityInputError(IdentityError, ValueError):
    """Malformed identity input: a DID, key, field list, purpose, expiry or credential that does not parse."""

    exit_code = 91
    http_status = 400


class CredentialInvalid(IdentityError):
    """A credential or presentation fails verification (bad signature, tampered, wrong issuer, bad disclosure)."""

    exit_code = 92
    http_status = 422


class CredentialRevoked(CredentialInvalid):
    """The credential's bit in its on-chain status list is set."""

    exit_code = 93


class CredentialExpired(CredentialInvalid):
    """The credential is outside its validFrom..validUntil window."""

    exit_code = 94


class ConsentDenied(IdentityError):
    """No live consent grant covers this use (or the grant is revoked or expired)."""

    exit_code = 95
    http_status = 403


class DataMarketError(NexusError):
    """The data market cannot do what was asked (wrong phase, not the provider, unpaid order)."""

    exit_code = 96
    http_status = 409


class DataMarketInputError(DataMarketError, ValueError):
    """Bad data-market input: price, dataset id, algorithm file, contributor shares."""

    exit_code = 97
    http_status = 400


class ComputeRejected(DataMarketError):
    """A compute-to-data job was refused: algorithm not allowed, over its limits, or its output leaks rows."""

    exit_code = 98
    http_status = 422


class DatasetNotFound(DataMarketError, KeyError):
    """No dataset (or order, or job) with that id."""

    exit_code = 99
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such dataset"


class LendingError(NexusError):
    """The lending pool cannot do what was asked (no valid fresh score, under-collateralised, not liquidatable)."""

    exit_code = 110
    http_status = 409


class LendingInputError(LendingError, ValueError):
    """Bad lending input: amounts, addresses, scores, signatures, data files, model features."""

    exit_code = 111
    http_status = 400


class ScoreRejected(LendingError):
    """A credit score is missing, stale, under quorum, or signed by keys that are not oracle nodes."""

    exit_code = 112
    http_status = 422


class FeeAdviceError(NexusError, ValueError):
    """Fee advice cannot be given: bad target, deadline or fee history."""

    exit_code = 113
    http_status = 400


class ValidatorInputError(NexusError, ValueError):
    """Bad validator simulation or allocation input."""

    exit_code = 114
    http_status = 400


class PortfolioInputError(NexusError, ValueError):
    """Bad portfolio input: prices, weights, targets, pools, series."""

    exit_code = 115
    http_status = 400


class CreditModelNotApproved(LendingError):
    """A credit-score model that governance has not promoted (the registry's active `credit-score`
    version): the pool will not take it, and scores made with it are not posted."""

    exit_code = 180
    http_status = 409


class CreditConsentMissing(LendingError):
    """Off-chain data of a borrower without a live identity consent grant covering it for credit scoring."""

    exit_code = 181
    http_status = 403


class PortfolioChainError(NexusError):
    """The on-chain AMM refused a portfolio trade (paused pair, slippage, no liquidity)."""

    exit_code = 182
    http_status = 409


# --- AI services (aiaas): exit codes 100-109 -------------------------------------------------------


class AIServiceError(NexusError):
    """An AI service, payment channel, dispute or compute job cannot do what was asked."""

    exit_code = 100
    http_status = 409


class AIServiceInputError(AIServiceError, ValueError):
    """Bad AI-service input: prices, stakes, model inputs, vouchers, receipts, fingerprints."""

    exit_code = 101
    http_status = 400


class AIServiceNotFound(AIServiceError, KeyError):
    """No service, channel, dispute or job with that id."""

    exit_code = 102
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such service"


class PaymentError(AIServiceError):
    """A voucher is refused: wrong signer, stale nonce, not enough paid, channel exhausted or expired."""

    exit_code = 103
    http_status = 402


class ReceiptError(AIServiceError):
    """A receipt does not verify: wrong signer, model or hashes."""

    exit_code = 104
    http_status = 422


class SandboxError(AIServiceError):
    """A sandboxed compute job failed: it crashed, ran out of time or memory, or touched the network."""

    exit_code = 105
    http_status = 422


class InvalidProof(AIServiceError):
    """A zero-knowledge proof does not verify (or is for another model)."""

    exit_code = 106
    http_status = 422


# --- the contract scanner ---------------------------------------------------------------------
class ScanBaselineError(NexusError, ValueError):
    """`nexus scan --baseline FILE`: the earlier report cannot be read (missing, not JSON, not a scan report).
    (130 is the shell's code for an interrupt, so the scanner's block starts at 131.)"""

    exit_code = 131
    http_status = 400


# --- the on-chain game (NPCs, items, market): exit codes 154-156 ------------------------------------
class GameError(NexusError):
    """The game cannot do what was asked (not deployed, an NPC short of items or ether, a refused trade)."""

    exit_code = 154
    http_status = 409


class GameInputError(GameError, ValueError):
    """Bad game input: episode counts, seeds, policy kinds or files, NPC names, addresses."""

    exit_code = 155
    http_status = 400


class NpcNotFound(GameError, KeyError):
    """No NPC of that name plays on this chain."""

    exit_code = 156
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such NPC"


# --- avatars bound to DIDs, biometric-style login: exit codes 157-159 ---------------------------
class AvatarError(NexusError):
    """An avatar operation cannot do what was asked (no such avatar, DID taken, data set not installed)."""

    exit_code = 157
    http_status = 409


class AvatarInputError(AvatarError, ValueError):
    """Malformed avatar input: a voice sample, token id, challenge or signature that does not parse."""

    exit_code = 158
    http_status = 400


class AvatarAuthFailed(AvatarError):
    """An avatar login is refused: no fresh match, wrong key, unknown, expired or replayed challenge."""

    exit_code = 159
    http_status = 401


# --- federated learning (block 140-149) -------------------------------------------------------
class FLError(NexusError):
    """The federation cannot do what was asked (round not committed, nothing to reward, already settled)."""

    exit_code = 140
    http_status = 409


class FLInputError(FLError, ValueError):
    """Bad federated-learning input: client count, rounds, strategy name, poison fraction, data set."""

    exit_code = 141
    http_status = 400


class FLNotFound(FLError, KeyError):
    """No federation (or round, or client) with that id."""

    exit_code = 142
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such federation"


class FLRuntimeError(FLError):
    """Flower is missing (install the [fl] extra) or a SuperLink/SuperNode process failed."""

    exit_code = 143
    http_status = 503


# --- several chains and cross-chain messages (block 160-164) ---------------------------------
class XChainError(NexusError):
    """A cross-chain operation failed: an unreachable or misconfigured chain, a message the
    inbox refused, a relayer that cannot go on."""

    exit_code = 160
    http_status = 502


class XChainInputError(XChainError, ValueError):
    """Bad cross-chain input: a malformed chain spec, payload, address or chain id."""

    exit_code = 161
    http_status = 400


class QuorumNotReached(XChainError):
    """Fewer signers than the inbox's quorum vouched for a message (it is not final on its
    source, or not what the source logged)."""

    exit_code = 162
    http_status = 409


class XChainRateLimited(XChainError):
    """A route's or sender's message cap for the current window is used up; retry next window."""

    exit_code = 163
    http_status = 429


class ChainsDisagree(XChainError):
    """The configured chains disagree about a checkpoint of the log (a receipt is anchored with
    one root on one chain and another root, or not at all, on another)."""

    exit_code = 164
    http_status = 409


class XChainNotConfigured(XChainError):
    """The node runs on one chain: cross-chain sends and checks need more in the `chains` setting."""

    exit_code = 165
    http_status = 409


# --- dynamic NFTs: exit codes 150-153 ---------------------------------------------------------


class NFTError(NexusError):
    """A dynamic NFT cannot do what was asked (the contract refused, or the token's state does not allow it)."""

    exit_code = 150
    http_status = 409


class NFTInputError(NFTError, ValueError):
    """Bad NFT input: token ids, traits, events, addresses, image files."""

    exit_code = 151
    http_status = 400


class NFTNotFound(NFTError, KeyError):
    """No NFT contract on this chain, or no token with that id."""

    exit_code = 152
    http_status = 404

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "no such token"


class NFTModelError(NFTError):
    """The art model's weights are missing or malformed, or an image does not match its token's anchored state."""

    exit_code = 153
    http_status = 422
