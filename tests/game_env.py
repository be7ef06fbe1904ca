"""Shared set-up for the game tests: compile the game's contracts once per process, deploy on an embedded chain."""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import vyper

from nexus.chain.abi import ABI
from nexus.chain.base import ChainBackend
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts.compiler import compile_contract
from nexus.contracts.deploy import Deployer
from nexus.game.world import ITEMS, MARKET, GameWorld

# A receiver contract whose onERC1155Received / onERC1155BatchReceived answer a chosen selector.
RECEIVER = """# pragma version 0.4.3
single: bytes4
batch: bytes4
got: public(uint256)

@deploy
def __init__(single: bytes4, batch: bytes4):
    self.single = single
    self.batch = batch

@external
def onERC1155Received(op: address, frm: address, id: uint256, amount: uint256, data: Bytes[1024]) -> bytes4:
    self.got += amount
    return self.single

@external
def onERC1155BatchReceived(
    op: address, frm: address, ids: DynArray[uint256, 64], amounts: DynArray[uint256, 64], data: Bytes[1024]
) -> bytes4:
    for a: uint256 in amounts:
        self.got += a
    return self.batch
"""


@lru_cache(maxsize=1)
def build_cache() -> Path:
    """A compile cache filled once per test process."""
    root = Path(tempfile.mkdtemp(prefix="nexus-game-build-"))
    for name in ["Registry", ITEMS, MARKET]:
        compile_contract(name, root / "contracts")
    return root


@lru_cache(maxsize=1)
def _receiver_build() -> tuple[list[dict[str, Any]], bytes]:
    out = vyper.compile_code(RECEIVER, output_formats=["abi", "bytecode"])
    return out["abi"], bytes.fromhex(out["bytecode"].removeprefix("0x"))


def deploy_receiver(chain: ChainBackend, single: bytes, batch: bytes) -> str:
    """A receiver answering `single` / `batch` (the right selectors accept; anything else refuses)."""
    abi, code = _receiver_build()
    rc = chain.deploy(code + ABI(abi).encode_constructor([single, batch]))
    assert rc.contract_address is not None
    return rc.contract_address


def make_world(root: Path) -> tuple[EmbeddedChain, GameWorld]:
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    return chain, GameWorld.deploy(chain, Deployer(chain, root / "deployments", build_cache()))
