"""The packages' public names load on first use and all resolve; unknown names still fail."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest


@pytest.mark.parametrize("package", ["nexus", "nexus.ledger", "nexus.markets"])
def test_every_public_name_resolves(package: str) -> None:
    mod = importlib.import_module(package)
    for name in mod.__all__:
        assert getattr(mod, name) is not None, name
        assert name in dir(mod)
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        getattr(mod, "not_a_name")  # noqa: B009 - the lookup by name is what is tested


def test_importing_the_cli_does_not_load_the_sdk_or_compiler() -> None:
    code = (
        "import sys, nexus.cli; heavy = [m for m in ('vyper', 'eth_abi', 'fastapi', 'nexus._client',"
        " 'nexus.chain', 'mpmath') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
