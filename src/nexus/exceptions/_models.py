"""Model governance, fairness audits and model bounties: exit codes 70-87."""

from __future__ import annotations

from ._base import NexusError

__all__ = [
    "BountyError",
    "BountyInputError",
    "BountyNotFound",
    "FairnessError",
    "FairnessInputError",
    "GovernanceError",
    "GovernanceInputError",
    "GovernanceStateError",
    "ModelLoadError",
    "ModelNotServable",
    "ModelVersionNotFound",
    "ProposalNotFound",
]


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
