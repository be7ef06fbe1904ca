"""Real Flower processes on loopback: a SuperLink and SuperNodes, started detached and stopped by PID.

`up` starts `flower-superlink --insecure` and N `flower-supernode`s (each with its `partition-id`);
`join` adds one SuperNode to a running SuperLink (the step a new site takes, on its own machine in a
real deployment). The processes are recorded in `<home>/fl/deployment.json`; `down` stops exactly
those PIDs. Logs go to `<home>/fl/logs/`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._fs import private_dir, private_file
from ..exceptions import FLInputError, FLRuntimeError

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..settings import Settings

__all__ = ["deployment", "down", "join", "run_on_superlink", "up"]

LOOPBACK = "127.0.0.1"


def _state_path(settings: Settings) -> Path:
    return private_dir(Path(settings.home) / "fl") / "deployment.json"


def _load(settings: Settings) -> dict[str, Any]:
    p = _state_path(settings)
    try:
        return dict(json.loads(p.read_text()))
    except (OSError, ValueError):
        return {"superlink": None, "supernodes": []}


def _save(settings: Settings, state: dict[str, Any]) -> None:
    p = _state_path(settings)
    p.write_text(json.dumps(state, indent=1))
    private_file(p, quiet=True)


def _exe(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(found).exists():
        raise FLRuntimeError(f"{name} not found: install the [fl] extra")
    return found


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:  # our own child that has exited: reap it (else it lingers as a zombie that kill(0) still finds)
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((LOOPBACK, port)) == 0


def _spawn(settings: Settings, name: str, args: list[str], *, port: int | None = None, wait_s: float = 60.0) -> int:
    """Start `args` detached (own session, log file); with `port`, wait until it listens there."""
    logs = private_dir(Path(settings.home) / "fl" / "logs")
    out = (logs / f"{name}.log").open("ab")
    env = dict(os.environ)  # the SuperLink starts flower-superexec by name: find it beside this interpreter
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env)  # noqa: S603
    deadline = time.monotonic() + (wait_s if port else 0.5)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise FLRuntimeError(f"{name} exited (code {proc.returncode}); see {logs / (name + '.log')}")
        if port and _listening(port):
            return proc.pid
        time.sleep(0.2)
    if port:
        os.kill(proc.pid, signal.SIGTERM)
        raise FLRuntimeError(f"{name} did not listen on port {port} within {wait_s:.0f} s")
    return proc.pid


def up(settings: Settings, *, nodes: int = 2, port: int = 19091) -> dict[str, Any]:
    """Start a SuperLink (its Fleet, Control and runtime APIs on `port`, over HTTP) and `nodes` SuperNodes."""
    if not 0 <= nodes <= 64 or not 1024 <= port <= 65000:
        raise FLInputError("--nodes must be 0..64 and --port 1024..65000")
    state = _load(settings)
    if state.get("superlink") and _alive(state["superlink"]["pid"]):
        raise FLInputError(
            f"a SuperLink is already running (pid {state['superlink']['pid']}): `nexus fl up --stop` first"
        )
    db = Path(settings.home) / "fl" / "superlink.db"
    pid = _spawn(
        settings,
        "superlink",
        [
            _exe("flower-superlink"),
            "--insecure",
            "--host", LOOPBACK,
            "--port", str(port),
            "--database", str(db),
        ],
        port=port,
    )  # fmt: skip
    state = {"superlink": {"pid": pid, "address": f"{LOOPBACK}:{port}"}, "supernodes": []}
    _save(settings, state)
    for i in range(nodes):
        join(settings, superlink=f"{LOOPBACK}:{port}", partition=i, partitions=nodes, port=port + 10 + i)
    return deployment(settings)


def join(
    settings: Settings, *, superlink: str, partition: int, partitions: int, port: int | None = None
) -> dict[str, Any]:
    """Start one SuperNode for data partition `partition` of `partitions`, connected to `superlink`."""
    host, _, p = superlink.rpartition(":")
    if host not in (LOOPBACK, "localhost") or not p.isdigit():
        raise FLInputError("--superlink must be a loopback address such as 127.0.0.1:19091")
    if not 0 <= partition < partitions <= 256:
        raise FLInputError("--partition must be in [0, --partitions)")
    state = _load(settings)
    port = port or 19200 + partition
    pid = _spawn(
        settings,
        f"supernode-{partition}",
        [
            _exe("flower-supernode"),
            "--insecure",
            "--superlink", superlink,
            "--host", LOOPBACK,
            "--port", str(port),
            "--node-config", f"partition-id={partition} num-partitions={partitions}",
        ],
    )  # fmt: skip
    node = {"pid": pid, "partition": partition, "clientappio": port, "superlink": superlink}
    state.setdefault("supernodes", []).append(node)
    _save(settings, state)
    return node


def _signal_group(pid: int, sig: int) -> None:
    """Signal the process group led by `pid` (a process `_spawn` started), else just `pid`."""
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
            return
    except OSError:
        pass
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def deployment(settings: Settings) -> dict[str, Any]:
    """The recorded processes, each with whether it is still alive."""
    state = _load(settings)
    link = state.get("superlink")
    return {
        "superlink": None if link is None else {**link, "alive": _alive(link.get("pid"))},
        "supernodes": [{**n, "alive": _alive(n.get("pid"))} for n in state.get("supernodes", [])],
    }


def down(settings: Settings) -> dict[str, Any]:
    """Stop the recorded SuperNodes and SuperLink (SIGTERM to each recorded PID, then SIGKILL)."""
    state = _load(settings)
    pids = [n["pid"] for n in state.get("supernodes", [])]
    if state.get("superlink"):
        pids.append(state["superlink"]["pid"])
    stopped = []
    for pid in pids:  # each was started as the leader of its own session: its group holds its helpers
        if _alive(pid):
            _signal_group(pid, signal.SIGTERM)
            stopped.append(pid)
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in stopped) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in stopped:
        if _alive(pid):
            _signal_group(pid, signal.SIGKILL)
    _save(settings, {"superlink": None, "supernodes": []})
    return {"stopped": stopped}


_PYPROJECT = """[project]
name = "nexusfl"
version = "1.0.0"
description = "Symbiotic Nexus federated learning with incentives"
license = "Apache-2.0"
dependencies = []

[tool.flwr.app]
publisher = "nexus"

[tool.flwr.app.components]
serverapp = "nexusfl_app:server_app"
clientapp = "nexusfl_app:client_app"

[tool.flwr.app.config]
{config}
"""


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(str(v))


def _last_error(log: Path) -> str:
    """': <the last nexus error line>' of the ServerApp's log, or ''."""
    try:
        lines = log.read_text(errors="replace").splitlines()[-200:]
    except OSError:
        return ""
    errors = [ln.strip() for ln in lines if ln.startswith("nexus.exceptions.")]
    return f": {errors[-1].removeprefix('nexus.exceptions.')[:300]}" if errors else ""


def run_on_superlink(
    settings: Settings,
    options: dict[str, Any],
    *,
    timeout_s: float = 600.0,
    dids: Callable[[str, int], list[str]] | None = None,
) -> dict[str, Any]:
    """Run one federation on the SuperLink `up` started (`flwr run` of a generated Flower app whose
    components are `nexus.fl.flowerapp`); returns the ServerApp's report. On a JSON-RPC node the
    ServerApp commits the rounds on the node's chain (`rpc-url`, signer from the node's settings);
    on an embedded node it keeps its round log on its own embedded chain, since this process holds
    the node's chain (its lock) while the run lasts. `dids(name, clients)` names the clients."""
    state = deployment(settings)
    link = state["superlink"]
    if not link or not link["alive"]:
        raise FLInputError("no SuperLink is running: `nexus fl up` first")
    alive = [n for n in state["supernodes"] if n["alive"]]
    options = {**options, "clients": options.get("clients") or len(alive)}
    if options["clients"] != len(alive):
        raise FLInputError(f"{len(alive)} SuperNodes are running: --clients must match")
    work = private_dir(Path(settings.home) / "fl" / "app")
    flwr_home = private_dir(Path(settings.home) / "fl" / "flwr")
    report_path = work / "report.json"
    report_path.unlink(missing_ok=True)
    cfg = {k: v for k, v in options.items() if v is not None and k not in ("engine", "faults")}
    cfg["report-path"] = str(report_path)
    if settings.rpc_url:  # the node's own chain: a JSON-RPC chain takes a second writer
        cfg["rpc-url"], cfg["nexus-home"] = settings.rpc_url, str(settings.home)
    else:
        cfg["chain-dir"] = str(private_dir(Path(settings.home) / "fl" / "chain" / str(time.time_ns())))
    if dids is not None:
        cfg["dids"] = ",".join(dids(str(options.get("name") or "federation"), int(options["clients"])))
    (work / "pyproject.toml").write_text(
        _PYPROJECT.format(config="\n".join(f"{k.replace('_', '-')} = {_toml_value(v)}" for k, v in cfg.items()))
    )
    (work / "nexusfl_app.py").write_text(
        '"""The federation\'s Flower app components."""\n\n'
        "from nexus.fl.flowerapp import client_app, server_app\n\n"
        '__all__ = ["client_app", "server_app"]\n'
    )
    (flwr_home / "config.toml").write_text(
        f'[superlink]\ndefault = "nexus"\n\n[superlink.nexus]\naddress = "{link["address"]}"\ninsecure = true\n'
    )
    env = dict(os.environ, FLWR_HOME=str(flwr_home))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    log = (private_dir(Path(settings.home) / "fl" / "logs") / "flwr-run.log").open("ab")
    try:
        proc = subprocess.run(  # noqa: S603
            [_exe("flwr"), "run", str(work), "nexus", "--stream"],
            cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=timeout_s, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise FLRuntimeError(f"the federation did not finish within {timeout_s:.0f} s") from None
    if not report_path.is_file():
        why = _last_error(Path(log.name))
        raise FLRuntimeError(f"flwr run ended (code {proc.returncode}) without a report{why}; see fl/logs/flwr-run.log")
    return dict(json.loads(report_path.read_text()))
