"""Clients nobody here wrote against a real `nexus up`'s /rpc: web3.py's own module test suites
(`web3._utils.module_testing`, the methods that apply to a dev chain without historical state)
and an ethers v6 script (deploy, call, send, events, revert reason, WebSocket subscriptions)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from tests.nodeproc import node_process
from tests.rpc_box import compile_box, dev_key, signed
from web3 import Web3
from web3._utils.module_testing import EthModuleTest, NetModuleTest, Web3ModuleTest
from web3.providers import HTTPProvider

ROOT = Path(__file__).resolve().parents[2]
CHAIN_ID = 131277322940537  # the chain id web3's module tests hard-code (their geth fixture's)
KEY = dev_key(0)
ME = Account.from_key(KEY).address


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    home = tmp_path_factory.mktemp("rpc-clients")
    with node_process(
        home, NEXUS_CHAIN_ID=str(CHAIN_ID), NEXUS_ORACLE="false", NEXUS_GUARD="false", NEXUS_LEDGER_ANCHOR="false"
    ) as (_, url, _lines):
        yield url, (home / "api-token").read_text().strip()


@pytest.fixture(scope="module")
def w3(served: tuple[str, str]) -> Web3:
    url, token = served
    return Web3(HTTPProvider(f"{url}/rpc", request_kwargs={"headers": {"Authorization": f"Bearer {token}"}}))


@pytest.fixture(scope="module")
def keyfile_account_pkey() -> str:
    return "0x" + KEY.hex()


@pytest.fixture(scope="module", params=["checksum", "bytes"])
def keyfile_account_address_dual_type(request: pytest.FixtureRequest) -> str | bytes:
    return ME if request.param == "checksum" else bytes.fromhex(ME[2:])


@pytest.fixture(scope="module")
def keyfile_account_address() -> str:
    return ME


@pytest.fixture(scope="module")
def empty_block(w3: Web3) -> Any:
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    block = w3.eth.get_block("latest")
    assert not block["transactions"]
    return block


@pytest.fixture(scope="module")
def mined_txn_hash(w3: Web3) -> str:
    tx = signed(KEY, CHAIN_ID, w3.eth.get_transaction_count(ME), ME, gas=21_000)
    h = w3.eth.send_raw_transaction(tx.raw_transaction)
    w3.eth.wait_for_transaction_receipt(h, timeout=30, poll_latency=0.05)
    return "0x" + bytes(h).hex()


@pytest.fixture(scope="module")
def block_with_txn(w3: Web3, mined_txn_hash: str) -> Any:
    return w3.eth.get_block(w3.eth.get_transaction_receipt(mined_txn_hash)["blockNumber"])  # type: ignore[arg-type]


# The methods of web3's suites that apply: those needing its Solidity fixture contracts, ENS,
# eth_sign*, txpool replacement, filters, historical state (get_balance at block 0) or
# eth_simulateV1 are left out, and so is get_logs_with_logs_none_topic_args (it expects no log
# with 3 topics on the whole chain, and a node deploys its contracts, which log some); the
# embedded chain mines every transaction at once.
ETH_TESTS = """
test_eth_syncing test_eth_chain_id test_eth_fee_history test_eth_fee_history_with_integer
test_eth_fee_history_no_reward_percentiles test_eth_gas_price test_eth_max_priority_fee
test_eth_accounts test_eth_block_number test_eth_get_block_number test_eth_get_balance
test_eth_get_storage_at_invalid_address test_eth_get_transaction_count
test_eth_get_transaction_count_invalid_address test_eth_getBlockTransactionCountByHash_empty_block
test_eth_getBlockTransactionCountByNumber_empty_block test_eth_getBlockTransactionCountByHash_block_with_txn
test_eth_getBlockTransactionCountByNumber_block_with_txn test_eth_send_transaction_legacy
test_eth_send_transaction test_eth_send_transaction_with_nonce test_eth_send_transaction_default_fees
test_eth_send_transaction_hex_fees test_eth_send_transaction_no_gas test_eth_send_transaction_with_gas_price
test_eth_send_transaction_no_priority_fee test_eth_send_transaction_no_max_fee
test_eth_send_transaction_max_fee_less_than_tip test_eth_send_raw_transaction test_sign_and_send_raw_middleware
test_eth_estimate_gas test_eth_getBlockByHash test_eth_getBlockByHash_not_found test_eth_getBlockByHash_pending
test_eth_getBlockByNumber_with_integer test_eth_getBlockByNumber_latest test_eth_getBlockByNumber_not_found
test_eth_getBlockByNumber_pending test_eth_getBlockByNumber_earliest test_eth_getBlockByNumber_safe
test_eth_getBlockByNumber_finalized test_eth_getBlockByNumber_full_transactions test_eth_getTransactionByHash
test_eth_getTransactionByBlockHashAndIndex test_eth_getTransactionByBlockNumberAndIndex
test_eth_get_transaction_receipt_mined test_eth_wait_for_transaction_receipt_mined
test_default_account test_default_block
""".split()


class TestEthModule:
    pass


for _name in ETH_TESTS:
    setattr(TestEthModule, _name, getattr(EthModuleTest, _name))


class TestNetModule(NetModuleTest):
    pass


class TestWeb3Module:
    test_web3_client_version = Web3ModuleTest.test_web3_client_version

    def _check_web3_client_version(self, client_version: str) -> None:
        assert client_version.startswith("nexus/v")


def _node_modules() -> Path | None:
    """A node_modules holding ethers: NODE_PATH's entries, then the repository's."""
    for d in [*filter(None, os.environ.get("NODE_PATH", "").split(os.pathsep)), str(ROOT / "node_modules")]:
        if (Path(d) / "ethers" / "package.json").is_file() and (Path(d) / "ws" / "package.json").is_file():
            return Path(d)
    return None


def test_ethers_deploys_sends_reads_events_and_subscribes(served: tuple[str, str], tmp_path: Path) -> None:
    modules, node = _node_modules(), shutil.which("node")
    if modules is None or node is None:
        pytest.skip("ethers is not installed: run `npm install` (devDependency ethers) and have node on PATH")
    url, token = served
    box = compile_box(tmp_path / "box")
    key = dev_key(3)
    me = Account.from_key(key).address
    task = {
        "url": f"{url}/rpc",
        "wsUrl": f"{url.replace('http://', 'ws://')}/rpc",
        "token": token,
        "key": "0x" + key.hex(),
        "abi": box.abi,
        "bytecode": "0x" + box.bytecode.hex(),
        "chainId": CHAIN_ID,
    }
    run = subprocess.run(
        [node, str(Path(__file__).with_name("ethers_client.cjs"))],
        input=json.dumps(task),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NODE_PATH": str(modules)},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    assert out["chainId"] == CHAIN_ID
    assert out["initial"] == 41 and out["after"] == 7 and out["code"] == "0x" + box.runtime.hex()
    assert out["storeStatus"] == 1 and out["parsed"] == [["Stored", me, 7]]
    assert out["events"] == [[out["storeHash"], 7]]
    assert out["revert"] == "unlucky"
    assert out["transfer"] == {"status": 1, "balance": "12345"} and out["blockHasTx"] is True
    assert out["fetched"]["from"] == me and out["fetched"]["type"] == 2
    assert out["wsEvent"] == [me, 8]
    assert out["wsBlocks"] == [out["wsStart"] + 1, out["wsStart"] + 2]
