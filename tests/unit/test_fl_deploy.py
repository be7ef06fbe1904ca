"""`nexus fl up|join|status`: a real Flower SuperLink and SuperNodes on loopback, stopped by PID."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

pytest.importorskip("flwr")

from nexus.exceptions import FLInputError  # noqa: E402
from nexus.fl.deploy import deployment, down, join, up  # noqa: E402
from nexus.settings import load_settings  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_up_starts_a_superlink_whose_supernodes_register_and_down_stops_them(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    port = _free_port()
    try:
        dep = up(settings, nodes=1, port=port)
        assert dep["superlink"]["alive"] and [n["alive"] for n in dep["supernodes"]] == [True]
        node = join(settings, superlink=f"127.0.0.1:{port}", partition=1, partitions=2, port=_free_port())
        assert node["partition"] == 1
        logs = tmp_path / "home" / "fl" / "logs"
        # Each SuperNode gets an id from the SuperLink once it registers. On a loaded 2-core CI box a SuperNode whose
        # first attempt fails backs off before retrying, so allow minutes; stop early if either process has died.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            text = [(logs / f"supernode-{i}.log").read_text(errors="replace") for i in (0, 1)]
            if all("SuperNode ID" in t for t in text):
                break
            live = [n["alive"] for n in deployment(settings)["supernodes"]]
            assert all(live), (live, [t[-2000:] for t in text])
            time.sleep(0.5)
        assert all("SuperNode ID" in t for t in text), [t[-2000:] for t in text]
        with pytest.raises(FLInputError, match="already running"):
            up(settings, nodes=0, port=port)
        pids = [dep["superlink"]["pid"], dep["supernodes"][0]["pid"], node["pid"]]
    finally:
        stopped = down(settings)["stopped"]
    assert sorted(stopped) == sorted(pids)
    assert deployment(settings) == {"superlink": None, "supernodes": []}


def test_join_refuses_anything_but_loopback(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    for bad in ("10.0.0.1:9092", "example.com:9092", "127.0.0.1:notaport"):
        with pytest.raises(FLInputError):
            join(settings, superlink=bad, partition=0, partitions=1)
    with pytest.raises(FLInputError):
        join(settings, superlink="127.0.0.1:9092", partition=3, partitions=2)


@pytest.mark.node
def test_on_a_json_rpc_node_the_deployment_engine_commits_rounds_on_the_nodes_own_chain(
    tmp_path: Path, anvil: object
) -> None:
    from anvil import dev_key
    from eth_utils import keccak

    from nexus.chain import open_backend
    from nexus.chain.contract import Contract
    from nexus.contracts.compiler import compile_contract
    from nexus.fl.deploy import run_on_superlink
    from nexus.flid import client_dids, did_address

    home = tmp_path / "home"
    home.mkdir()  # the node's config: the ServerApp process reads its signer from the same home
    (home / "config.toml").write_text(f'rpc_url = "{anvil.url}"\nprivate_key = "{dev_key(6)}"\n')  # type: ignore[attr-defined]
    settings = load_settings(home=home)
    assert settings.rpc_url == anvil.url  # type: ignore[attr-defined]
    chain = open_backend(settings)
    start = chain.block_number()
    try:
        up(settings, nodes=2, port=_free_port())
        opts = {"clients": 2, "rounds": 2, "strategy": "fedavg", "name": "rpc-fed", "timeout": 60.0}
        rep = run_on_superlink(settings, opts, timeout_s=240, dids=client_dids)
    finally:
        down(settings)
    assert rep["engine"] == "deployment" and rep["chain"] == "node" and len(rep["rounds"]) == 2
    assert chain.code(rep["contract"]), "the round contract lives on the node's chain"
    abi = compile_contract("FLRound", settings.cache_dir / "contracts").abi
    c = Contract(chain, rep["contract"], abi)
    for client in rep["clients"]:
        assert did_address(client["did"]) == client["address"]
        held = c.call("didHash", client["address"])
        assert (held if isinstance(held, bytes) else bytes.fromhex(held[2:])) == keccak(client["did"].encode())
    for rd in rep["rounds"]:  # each round's committed root is the one on the node's chain
        root = c.call("updatesRoot", rd["round"])
        assert (root if isinstance(root, str) else "0x" + root.hex()) == rd["root"]
    on_chain = sum(  # the report's gas, recomputed from the node's receipts
        rc.gas_used
        for b in chain.iter_blocks(start + 1, follow=False)
        for tx, rc in zip(b.transactions, b.receipts)
        if (tx.to or "").lower() == rep["contract"].lower()
    )
    assert rep["cost"]["gas"] == on_chain > 0 and rep["cost"]["cpu_s"] > 0
