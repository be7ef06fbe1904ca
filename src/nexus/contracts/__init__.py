"""The project's Vyper contracts by domain, their compiler cache and deployment manifests."""

from .compiler import CompiledContract, compile_contract, contract_names
from .deploy import CORE_CONTRACTS, Deployer
from .manifest import Deployment, DeploymentManifest

__all__ = [
    "CORE_CONTRACTS",
    "CompiledContract",
    "Deployer",
    "Deployment",
    "DeploymentManifest",
    "compile_contract",
    "contract_names",
]
