"""Vyper toolchain, deployment manifests and the Registry contract's own rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nexus.chain.accounts import dev_addresses
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts import Deployer, DeploymentManifest, compile_contract, contract_names
from nexus.contracts.deploy import name_key
from nexus.exceptions import (
    ChainIdMismatch,
    CompileError,
    ContractReverted,
    ManifestError,
    UnknownContract,
)


def test_registry_compiles_and_is_cached_by_source_hash(tmp_path: Path, real_vyper_compiler: None) -> None:
    assert "Registry" in contract_names()
    first = compile_contract("Registry", tmp_path)
    files = list(tmp_path.glob("Registry-*.json"))
    assert len(files) == 1 and first.source_hash[:24] in files[0].name
    again = compile_contract("Registry", tmp_path)
    assert again == first
    files[0].write_text("{broken")  # a damaged cache entry is rebuilt, not trusted
    assert compile_contract("Registry", tmp_path) == first
    assert json.loads(files[0].read_text())["name"] == "Registry"


def test_compile_error_is_one_line(tmp_path: Path, real_vyper_compiler: None) -> None:
    broken = tmp_path / "Broken.vy"
    broken.write_text("@external\ndef f() -> uint256:\n    return undefined_name\n")
    with pytest.raises(CompileError) as err:
        compile_contract(str(broken), root=tmp_path)
    assert "Broken.vy" in str(err.value) and "\n" not in str(err.value)


def test_unknown_contract() -> None:
    with pytest.raises(UnknownContract, match="no contract named 'Nope'"):
        compile_contract("Nope")


@pytest.fixture
def chain(tmp_path: Path):
    c = EmbeddedChain(tmp_path / "chain")
    yield c
    c.close()


def test_deploy_then_attach_reuses_the_manifest(chain: EmbeddedChain, tmp_path: Path) -> None:
    dep = Deployer(chain, tmp_path / "deployments", tmp_path / "cache")
    first = dep.deploy()
    head = chain.block_number()
    again = Deployer(chain, tmp_path / "deployments", tmp_path / "cache").deploy()
    assert again["Registry"].address == first["Registry"].address
    assert chain.block_number() == head  # nothing redeployed
    manifest = DeploymentManifest.load(tmp_path / "deployments" / f"{chain.chain_id}.json", chain_id=chain.chain_id)
    assert manifest is not None and manifest.contracts["Registry"].address == first["Registry"].address


def test_manifest_for_another_chain_id_is_refused(chain: EmbeddedChain, tmp_path: Path) -> None:
    Deployer(chain, tmp_path / "d").deploy()
    path = tmp_path / "d" / f"{chain.chain_id}.json"
    data = json.loads(path.read_text())
    data["chain_id"] = 1
    path.write_text(json.dumps(data))
    with pytest.raises(ChainIdMismatch, match="chain id 1"):
        Deployer(chain, tmp_path / "d").attach()


def test_manifest_from_another_chain_instance_is_refused(tmp_path: Path) -> None:
    a = EmbeddedChain(tmp_path / "a")
    Deployer(a, tmp_path / "d").deploy()
    a.close()
    b = EmbeddedChain(tmp_path / "b")  # same chain id, different genesis
    with pytest.raises(ManifestError, match="another chain"):
        Deployer(b, tmp_path / "d").attach()
    fresh = Deployer(b, tmp_path / "d").deploy(fresh=True)  # the old manifest is kept aside
    assert fresh["Registry"].address
    assert list((tmp_path / "d").glob("*.bak.json"))
    b.close()


def test_code_mismatch_is_detected(chain: EmbeddedChain, tmp_path: Path) -> None:
    Deployer(chain, tmp_path / "d").deploy()
    path = tmp_path / "d" / f"{chain.chain_id}.json"
    data = json.loads(path.read_text())
    data["contracts"]["Registry"]["address"] = dev_addresses()[3]  # an account without code
    path.write_text(json.dumps(data))
    with pytest.raises(ManifestError, match="no code"):
        Deployer(chain, tmp_path / "d").attach()


def test_unreadable_manifest_is_left_untouched(chain: EmbeddedChain, tmp_path: Path) -> None:
    path = tmp_path / "d" / f"{chain.chain_id}.json"
    path.parent.mkdir()
    path.write_text("not json")
    with pytest.raises(ManifestError, match="unreadable"):
        Deployer(chain, tmp_path / "d").deploy()
    assert path.read_text() == "not json"


def test_registry_rules(chain: EmbeddedChain, tmp_path: Path) -> None:
    reg = Deployer(chain, tmp_path / "d").deploy(["Registry"])["Registry"]
    owner, other = dev_addresses()[0], dev_addresses()[1]
    assert reg.owner() == owner and reg.count() == 0
    key = name_key("ledger")
    rc = reg.register(key, reg.address)
    [ev] = reg.decode(rc)
    assert ev.name == "Registered" and ev.args["version"] == 1 and ev.args["addr"] == reg.address
    reg.register(key, reg.address)
    assert reg.version(key) == 2 and reg.count() == 1 and reg.lookup(key) == reg.address
    with pytest.raises(ContractReverted, match="registry: not owner"):
        reg.transact("register", key, reg.address, sender=other)
    with pytest.raises(ContractReverted, match="registry: not a contract"):
        reg.register(key, other)
    with pytest.raises(ContractReverted, match="registry: unknown name"):
        reg.lookup(name_key("nothing"))
    reg.transfer_ownership(other)
    assert reg.owner() == other
    assert [e.name for e in reg.events("OwnershipTransferred")] == ["OwnershipTransferred"] * 2
