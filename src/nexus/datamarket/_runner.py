"""The compute-to-data child: load the data, lock the process down, run the buyer's `run(data)`, and
write only its JSON-encoded result to the result fd. Run as a script by `sandbox.run_sandboxed`; it
imports nothing from nexus (the parent, not this process, is the trust boundary: it screens the result)."""

from __future__ import annotations

import json
import os
import sys

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_BLOCKED_PREFIXES = (
    "socket.",
    "subprocess.",
    "os.exec",
    "os.posix_spawn",
    "os.fork",
    "os.system",
    "os.kill",
    "ctypes.",
    "os.putenv",
    "os.chmod",
    "os.remove",
    "os.rename",
    "shutil.",
    "os.symlink",
    "os.link",
    "os.mkdir",
    "os.rmdir",
    "os.truncate",
    "os.chdir",
    "pty.",
    "sys.addaudithook",
    "cpython.remote_debugger",
    "os.startfile",
    "webbrowser.",
    "urllib.",
    "http.",
    "ftplib.",
    "smtplib.",
    "telnetlib.",
    "resource.setrlimit",
    "sqlite3.",
    "mmap.",
)


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "open":
        mode, flags = args[1], args[2]
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS
        ):
            raise PermissionError("compute-to-data: writing files is not allowed")
    elif event.startswith(_BLOCKED_PREFIXES):
        raise PermissionError(f"compute-to-data: {event} is not allowed")


def _plain(value: object) -> object:
    """JSON-able form; frames and arrays are tagged with their row count for the parent's screening."""
    mod = type(value).__module__.split(".")[0]
    if mod in ("pandas", "polars", "numpy", "pyarrow") and hasattr(value, "__len__") and not isinstance(value, str):
        rows = (
            value.to_dict("list")
            if hasattr(value, "to_dict") and mod == "pandas" and hasattr(value, "columns")
            else (value.tolist() if hasattr(value, "tolist") else list(value))  # type: ignore[call-overload]
        )
        return {"__frame__": len(value), "values": _plain(rows)}  # type: ignore[arg-type]
    if hasattr(value, "item") and mod == "numpy":
        return value.item()  # type: ignore[attr-defined]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {"__object__": type(value).__name__}


def _limit(cpu_seconds: int, memory_bytes: int, file_bytes: int, max_files: int) -> None:
    """Lock the resources down before anything is read (the audit hook then blocks raising them)."""
    import resource

    for which, value in (
        (resource.RLIMIT_CPU, cpu_seconds),
        (resource.RLIMIT_AS, memory_bytes),
        (resource.RLIMIT_FSIZE, file_bytes),
        (resource.RLIMIT_NOFILE, max_files),
    ):
        resource.setrlimit(which, (value, value))


def main() -> None:
    algo_path, data_path, result_fd = sys.argv[1], sys.argv[2], int(sys.argv[3])
    _limit(*(int(v) for v in sys.argv[4:8]))
    import pandas as pd

    data = pd.read_parquet(data_path)
    source = open(algo_path, encoding="utf-8").read()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # the algorithm's prints go nowhere
    os.dup2(devnull, 2)
    out = os.fdopen(result_fd, "w")
    sys.addaudithook(_hook)
    namespace: dict[str, object] = {"__name__": "algorithm"}
    try:
        exec(compile(source, "algorithm.py", "exec"), namespace)  # noqa: S102 - the sandboxed algorithm
        result = namespace["run"](data)  # type: ignore[operator]
        payload = {"ok": True, "result": _plain(result)}
    except BaseException as exc:  # noqa: BLE001 - report the type only: a message could carry data
        payload = {"ok": False, "error": type(exc).__name__}
    out.write(json.dumps(payload, allow_nan=False, default=str))
    out.flush()


if __name__ == "__main__":
    main()
