"""DeFi sandbox: vulnerable-by-design protocols, a seeded traffic simulator and attack scenarios."""

from __future__ import annotations

from .deploy import Sandbox, deploy_contract, deploy_sandbox, load_sandbox, sandbox_manifest
from .runner import ScenarioResult, run_scenario
from .scenarios import SCENARIOS, Scenario, get_scenario
from .senders import MultiSender, sim_addresses
from .traffic import TrafficSimulator

__all__ = [
    "SCENARIOS",
    "MultiSender",
    "Sandbox",
    "Scenario",
    "ScenarioResult",
    "TrafficSimulator",
    "deploy_contract",
    "deploy_sandbox",
    "get_scenario",
    "load_sandbox",
    "run_scenario",
    "sandbox_manifest",
    "sim_addresses",
]
