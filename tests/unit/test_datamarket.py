"""Data market with compute-to-data: list (ERC-721), escrowed buy, an allowed algorithm run in the
sandbox, a signed receipt in the ledger and on chain, contributors paid pro rata to rows; refunds;
and every exfiltration attempt (print, files, sockets, processes, ctypes, returning rows) fails."""

from __future__ import annotations

import socket
import textwrap
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from eth_utils import keccak

from nexus.chain.embedded import EmbeddedChain
from nexus.datamarket import (
    Limits,
    algorithm_hash,
    dataset_fingerprint,
    deploy_data_market,
    run_job,
    verify_receipt,
)
from nexus.exceptions import ComputeRejected, DataMarketError, DataMarketInputError, DatasetNotFound
from nexus.ledger.ledger import open_ledger

KEY0 = keccak(b"symbiotic-nexus dev account 0")
C = ["0x" + f"{i:040x}" for i in (1, 2, 3)]
GOOD = "def run(data):\n    return {'mean_income': float(data['income'].mean()), 'n': int(len(data))}\n"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root: Path = tmp_path_factory.mktemp("dm")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    rng = np.random.default_rng(1)
    n = 200
    frame = pd.DataFrame(
        {
            "contributor": [C[0]] * 100 + [C[1]] * 60 + [C[2]] * 40,
            "age": rng.integers(18, 90, n),
            "income": rng.random(n) * 1e5,
            "name": [f"person-{i}" for i in range(n)],
        }
    )
    data = root / "data.parquet"
    frame.to_parquet(data)
    market = deploy_data_market(chain, cache_dir=root / "build")
    provider = chain.accounts[0]
    ds = market.list_dataset(dataset_fingerprint(data), "sha256:" + "11" * 32, 10**18, sender=provider)
    yield market, ds, data, frame, root
    chain.close()


def _algo(root: Path, name: str, body: str) -> Path:
    path = root / f"{name}.py"
    path.write_text(textwrap.dedent(body))
    return path


def _job(env, body: str, name: str, **kw):  # type: ignore[no-untyped-def]
    market, ds, data, _, root = env
    algo = _algo(root, name, body)
    market.allow(ds, algorithm_hash(algo), sender=market.backend.accounts[0])
    order = market.buy(ds, sender=market.backend.accounts[4])
    return run_job(market, order, algo, data, provider_key=KEY0, **kw)


def test_list_buy_compute_receipt_and_pro_rata_payouts(env) -> None:  # type: ignore[no-untyped-def]
    market, ds, data, frame, root = env
    chain, provider = market.backend, market.backend.accounts[0]
    d = market.dataset(ds)
    assert d.owner == provider and d.lineage == "0x" + "11" * 32 and market.contract.ownerOf(ds) == provider
    with open_ledger(path=root / "ledger.db") as ledger:
        out = _job(env, GOOD, "good", ledger=ledger)
        assert out.result == {"mean_income": pytest.approx(float(frame["income"].mean())), "n": 200}
        assert verify_receipt(out.receipt, out.signature) == provider
        assert out.receipt["dataset_fingerprint"] == d.fingerprint and out.receipt["rows"] == 200
        assert ledger.record(out.ledger_record).kind == "data.job"
    job = market.jobs()[-1]
    assert job["algorithm"] == out.receipt["algorithm"] and job["result"] == out.receipt["result"]
    pool = 10**18 - 10**18 // 10
    credits = [market.credit(c) for c in C]
    assert credits == [pool * 100 // 200, pool * 60 // 200, pool * 40 // 200]
    assert market.credit(provider) == 10**18 - sum(credits)
    before = chain.balance(provider)
    market.withdraw(sender=provider)
    assert chain.balance(provider) > before and market.credit(provider) == 0
    with pytest.raises(DataMarketError):  # the order is settled: no second job
        run_job(market, job["order"], root / "good.py", data, provider_key=KEY0)


def test_refusals_leave_the_escrow_alone(env) -> None:  # type: ignore[no-untyped-def]
    market, ds, data, _, root = env
    buyer = market.backend.accounts[5]
    order = market.buy(ds, sender=buyer)
    evil = _algo(root, "not_allowed", GOOD + "# changed\n")
    with pytest.raises(ComputeRejected, match="not allowed"):
        run_job(market, order, evil, data, provider_key=KEY0)
    tampered = root / "tampered.parquet"
    pd.read_parquet(data).head(150).to_parquet(tampered)
    with pytest.raises(DataMarketError, match="fingerprint"):
        run_job(market, order, root / "good.py", tampered, provider_key=KEY0)
    with pytest.raises(DataMarketError):  # only the provider runs jobs
        run_job(market, order, root / "good.py", data, provider_key=keccak(b"symbiotic-nexus dev account 3"))
    assert market.order(order).open
    with pytest.raises(DataMarketError, match="still deliver"):
        market.refund(order, sender=buyer)
    market.backend.time_travel(seconds=86401)
    market.refund(order, sender=buyer)
    assert not market.order(order).open and market.credit(buyer) == 10**18
    for bad in (lambda: market.dataset(999), lambda: market.order(999)):
        with pytest.raises(DatasetNotFound):
            bad()
    with pytest.raises(DataMarketInputError):
        market.list_dataset("sha256:12", None, 1, sender=buyer)


EXFILTRATION = {
    "print": "def run(data):\n    print(data.to_csv())\n    return 1\n",
    "write_file": "def run(data):\n    data.to_csv('/tmp/nexus-leak.csv')\n    return 1\n",
    "os_open": "import os\ndef run(data):\n    fd = os.open('leak.txt', os.O_CREAT | os.O_WRONLY)\n    return 1\n",
    "socket": "import socket\ndef run(data):\n    s = socket.create_connection(('127.0.0.1', PORT))\n"
    "    s.sendall(data.to_csv().encode())\n    return 1\n",
    "subprocess": "import subprocess\ndef run(data):\n    subprocess.run(['sh', '-c', 'echo x > /tmp/nexus-leak2'])\n"
    "    return 1\n",
    "os_system": "import os\ndef run(data):\n    os.system('touch /tmp/nexus-leak3')\n    return 1\n",
    "ctypes": "import ctypes\ndef run(data):\n    ctypes.CDLL(None).system(b'touch /tmp/nexus-leak4')\n    return 1\n",
    "return_frame": "def run(data):\n    return data\n",
    "return_values": "def run(data):\n    return data.values.tolist()\n",
    "return_column": "def run(data):\n    return [float(x) for x in data['income'][:40]]\n",
    "return_dict_of_rows": "def run(data):\n    return {str(i): float(v) for i, v in enumerate(data['income'][:20])}\n",
    "return_names": "def run(data):\n    return list(data['name'][:10])\n",
    "long_string": "def run(data):\n    return data.head(30).to_csv()\n",
    "raw_fd_write": "import os\ndef run(data):\n    os.write(3, data.to_csv().encode() * 20)\n    return 1\n",
}


@pytest.mark.parametrize("name", sorted(EXFILTRATION))
def test_exfiltration_attempts_fail(env, name: str) -> None:  # type: ignore[no-untyped-def]
    _, _, _, frame, _ = env
    got: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.2)

    def accept() -> None:
        try:
            conn, _ = server.accept()
            got.append(conn.recv(1 << 16))
        except OSError:
            pass

    t = threading.Thread(target=accept)
    t.start()
    body = EXFILTRATION[name].replace("PORT", str(server.getsockname()[1]))
    try:
        out = _job(env, body, f"exfil_{name}")
        result = out.result
    except ComputeRejected:
        result = None
    t.join()
    server.close()
    assert not got  # nothing reached the socket
    for leak in ("/tmp/nexus-leak.csv", "/tmp/nexus-leak2", "/tmp/nexus-leak3", "/tmp/nexus-leak4"):
        assert not Path(leak).exists()
    assert result in (None, 1)  # refused, or only the harmless scalar
    text = repr(result)
    assert not any(f"{v:.6f}"[:8] in text for v in frame["income"][:50]) and "person-" not in text


def test_a_killed_job_loses_nothing(env) -> None:  # type: ignore[no-untyped-def]
    market, ds, data, _, root = env
    crash = _algo(root, "crash", "import signal\ndef run(data):\n    signal.raise_signal(signal.SIGKILL)\n")
    good = _algo(root, "good2", GOOD)
    for algo in (crash, good):
        market.allow(ds, algorithm_hash(algo), sender=market.backend.accounts[0])
    order = market.buy(ds, sender=market.backend.accounts[6])
    with pytest.raises(ComputeRejected, match="signal 9"):
        run_job(market, order, crash, data, provider_key=KEY0)
    assert market.order(order).open  # the escrow is untouched
    assert run_job(market, order, good, data, provider_key=KEY0).result["n"] == 200
    assert not market.order(order).open


def test_limits_stop_runaway_jobs(env) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ComputeRejected):
        _job(
            env,
            "def run(data):\n    x = bytearray(8 * 2**30)\n    return len(x)\n",
            "mem",
            limits=Limits(memory_bytes=2 * 2**30),
        )
    with pytest.raises(ComputeRejected):
        _job(
            env,
            "def run(data):\n    while True:\n        pass\n",
            "spin",
            limits=Limits(cpu_seconds=2, wall_seconds=20),
        )
    with pytest.raises(ComputeRejected, match="limit"):
        _job(env, "def run(data):\n    return 'x' * 100\n", "big", limits=Limits(output_bytes=50))


def test_a_job_that_sleeps_silently_is_stopped_at_its_wall_clock_limit(env) -> None:  # type: ignore[no-untyped-def]
    # it writes nothing and burns no CPU, so neither the output pipe nor RLIMIT_CPU would ever end it
    with pytest.raises(ComputeRejected, match="wall-clock"):
        _job(
            env,
            "import time\n\ndef run(data):\n    time.sleep(600)\n    return 1\n",
            "sleeper",
            limits=Limits(cpu_seconds=5, wall_seconds=2),
        )
