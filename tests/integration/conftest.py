"""Integration-test configuration: web3's module test suites (test_rpc_clients.py) use the
`asyncio` marker at import time; registered here so strict markers accept it."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "asyncio: web3.py's async module tests (not run here)")
