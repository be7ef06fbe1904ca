"""DeFi sandbox: contract rules (positive, revert, property), traffic reproducibility, attacks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import compile_contract
from nexus.exceptions import ConfigError, ContractReverted
from nexus.sandbox import SCENARIOS, Sandbox, TrafficSimulator, deploy_sandbox, get_scenario, run_scenario
from nexus.sandbox import _layout as L

SANDBOX_CONTRACTS = [
    "SandboxToken",
    "SandboxAMM",
    "SandboxLending",
    "SandboxFlashLender",
    "SandboxVault",
    "SandboxShareVault",
    "SandboxGovernance",
    "SandboxRewards",
    "SandboxGuardian",
    "SandboxPriceFeed",
    "AttackOracle",
    "AttackReentrancy",
    "AttackGovernance",
    "AttackRounding",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "contract-cache"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Iterator[tuple[EmbeddedChain, Sandbox]]:
    chain = EmbeddedChain(tmp_path_factory.mktemp("sandbox") / "chain", flush_interval=1e9)
    sb = deploy_sandbox(chain, cache_dir=cache)
    TrafficSimulator(sb, seed=3, accounts=12).run(60)
    yield chain, sb
    chain.close()


@pytest.fixture
def sb(world: tuple[EmbeddedChain, Sandbox]) -> Iterator[Sandbox]:
    chain, sandbox = world
    snap = chain.snapshot()
    _mint_admin(sandbox)
    yield sandbox
    chain.revert(snap)


def _mint_admin(sb: Sandbox) -> None:
    for tok in ("usd", "col"):
        sb[tok].mint(sb.admin, 2_000_000 * L.E18, sender=sb.admin)


@pytest.mark.parametrize("name", SANDBOX_CONTRACTS)
def test_every_sandbox_contract_compiles_with_natspec(name: str, cache: Path) -> None:
    c = compile_contract(name, cache)
    assert c.bytecode and c.abi
    src = Path(__import__("nexus.contracts", fromlist=["x"]).__file__).parent / "sandbox" / f"{name}.vy"
    text = src.read_text()
    assert "@title" in text and "pragma version 0.4.3" in text


def test_layout_is_deployed(sb: Sandbox) -> None:
    assert sb["lending"].price() == sb["amm"].spot_price()
    assert sb["flash"].max_flash_loan(sb["usd"].address) == L.FLASH_USD
    assert set(sb.protected.values()) == set(L.PROTECTED)
    for addr in sb.protected:
        assert sb["guardian"].protected(addr)


def test_amm_swap_moves_price_and_keeps_k(sb: Sandbox) -> None:
    amm, usd, admin = sb["amm"], sb["usd"], sb.admin
    k0 = amm.reserve0() * amm.reserve1()
    p0 = amm.spot_price()
    quoted = amm.quote(usd.address, 10_000 * L.E18)
    amm.swap(usd.address, 10_000 * L.E18, quoted, sender=admin)
    assert amm.spot_price() > p0
    assert amm.reserve0() * amm.reserve1() >= k0
    with pytest.raises(ContractReverted, match="amm: slippage"):
        amm.swap(usd.address, 10 * L.E18, 10**30, sender=admin)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.integers(min_value=1, max_value=200_000))
def test_amm_k_never_decreases(world: tuple[EmbeddedChain, Sandbox], amount: int) -> None:
    chain, sb = world
    snap = chain.snapshot()
    try:
        _mint_admin(sb)
        amm = sb["amm"]
        k0 = amm.reserve0() * amm.reserve1()
        amm.swap(sb["usd"].address, amount * L.E18, 0, sender=sb.admin)
        amm.swap(sb["col"].address, sb["col"].balanceOf(sb.admin) // 7 + 1, 0, sender=sb.admin)
        assert amm.reserve0() * amm.reserve1() >= k0
    finally:
        chain.revert(snap)


def test_lending_limits_and_oracle_modes(sb: Sandbox) -> None:
    lending = sb["lending"]
    with pytest.raises(ContractReverted, match="lending: undercollateralized"):
        lending.borrow(10 * L.E18, sender=sb.admin)
    with pytest.raises(ContractReverted, match="lending: not admin"):
        lending.set_oracle(2, sb["feed"].address, sender=sb.operator)
    lending.set_oracle(2, sb["feed"].address, sender=sb.admin)
    sb["feed"].set_price(3 * L.E18, sender=sb.admin)
    assert lending.price() == 3 * L.E18
    with pytest.raises(ContractReverted, match="lending: feed missing"):
        lending.set_oracle(2, "0x" + "00" * 20, sender=sb.admin)


def test_guardian_pause_rules(sb: Sandbox) -> None:
    g, vault = sb["guardian"], sb["vault"]
    with pytest.raises(ContractReverted, match="guardian: not operator"):
        g.pause(vault.address, sender=sb.backend.accounts[5])
    with pytest.raises(ContractReverted, match="vault: not guardian"):
        vault.pause(sender=sb.admin)
    with pytest.raises(ContractReverted, match="guardian: not protected"):
        g.pause(sb["flash"].address, sender=sb.operator)
    g.pause(vault.address, sender=sb.operator)
    assert vault.paused()
    with pytest.raises(ContractReverted, match="vault: paused"):
        vault.deposit(sender=sb.admin, value=L.E18)
    vault.unpause(sender=sb.admin)
    vault.deposit(sender=sb.admin, value=L.E18)


def test_flash_loan_must_be_repaid(sb: Sandbox) -> None:
    # a receiver without onFlashLoan (an EOA-like token contract) makes the loan revert
    with pytest.raises(ContractReverted):
        sb["flash"].flash_loan(sb["usd"].address, sb["usd"].address, L.E18, b"", sender=sb.admin)
    with pytest.raises(ContractReverted, match="flash: not enough liquidity"):
        sb["flash"].flash_loan(sb["amm"].address, sb["usd"].address, 10**40, b"", sender=sb.admin)


def test_traffic_is_reproducible_by_seed(tmp_path: Path, cache: Path) -> None:
    def run(sub: str) -> list[tuple[str | None, bytes, bool]]:
        chain = EmbeddedChain(tmp_path / sub, flush_interval=1e9)
        sb = deploy_sandbox(chain, cache_dir=cache)
        sim = TrafficSimulator(sb, seed=11, accounts=8)
        sim.run(40)
        blocks = [chain.get_block(n) for n in range(chain.block_number() - 39, chain.block_number() + 1)]
        out = [(b.transactions[0].to, b.transactions[0].data, b.receipts[0].status) for b in blocks]
        chain.close()
        return out

    a, b = run("a"), run("b")
    assert a == b
    assert sum(1 for *_, ok in a if ok) >= 30  # benign traffic mostly succeeds
    assert len({to for to, *_ in a}) >= 4  # and touches several protocols


def test_unknown_scenario_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="no attack scenario 'nope'"):
        get_scenario("nope")


@pytest.mark.parametrize("name", [n for n, c in SCENARIOS.items() if c.name not in ("dos-burst",)])
def test_attacks_extract_funds_without_a_guard(sb: Sandbox, cache: Path, name: str) -> None:
    res = run_scenario(sb, name, cache_dir=cache)
    assert all(s["ok"] for s in res.steps)
    assert res.extracted > 0


def test_dos_burst_is_all_failures(sb: Sandbox, cache: Path) -> None:
    res = run_scenario(sb, "dos-burst", cache_dir=cache)
    assert len(res.steps) == 40 and res.blocked_steps == 40


def test_twap_oracle_defeats_the_flash_loan_attack(sb: Sandbox, cache: Path) -> None:
    sb["lending"].set_oracle(1, "0x" + "00" * 20, sender=sb.admin)
    sb.backend.mine(1, seconds=700)  # let one TWAP period pass, then a swap records it
    sb["amm"].swap(sb["usd"].address, L.E18, 0, sender=sb.admin)
    assert sb["lending"].price() == sb["amm"].twap_price()
    res = run_scenario(sb, "flash-oracle", cache_dir=cache)
    assert res.extracted <= 0  # borrowing at the TWAP price leaves nothing after fees
