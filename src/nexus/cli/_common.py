"""Helpers every command shares: settings from global options, opening the chain, output."""

from __future__ import annotations

import json
import logging
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from ..exceptions import ConfigError, StateLocked
from ..settings import Settings, load_settings

if TYPE_CHECKING:  # the SDK (web3, eth-abi, vyper) loads on first use: `nexus --help` stays quick
    from .._client import Nexus

__all__ = ["console", "duration", "ether", "get_settings", "open_nexus", "print_json", "say", "sender_option"]


def get_settings(ctx: typer.Context, **overrides: Any) -> Settings:
    """Settings from NEXUS_*, the config file, the global options and then `overrides`."""
    root = ctx.find_root().obj or {}
    settings = load_settings(**{**root.get("overrides", {}), **overrides})
    level = logging.getLevelName(settings.log_level.upper())
    if not isinstance(level, int):
        raise ConfigError(f"bad setting log_level: unknown level {settings.log_level!r}")
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    return settings


def open_nexus(settings: Settings, *, allow_readonly: bool = False) -> tuple[Nexus, bool]:
    """Open the chain; with `allow_readonly`, fall back to the last flushed state when a running
    node holds the embedded chain's lock. Returns the handle and whether it is read-only."""
    from .._client import Nexus
    from .._jsonsafe import cap_recursion_limit

    try:
        return Nexus(settings), False
    except StateLocked:
        if not allow_readonly or settings.rpc_url:
            raise
        return Nexus(settings, readonly=True), True
    finally:  # the chain imported py_ecc, which raised the limit past what the C stack holds
        cap_recursion_limit()


READONLY_NOTE = "the embedded chain is in use by a running node; showing its last flushed state (read-only)"


def console() -> Console:
    """A rich console on the current stdout (looked up at call time, so test runners capture it)."""
    return Console(highlight=False)


def print_json(data: Any) -> None:
    """Plain JSON on stdout (no rich wrapping, so it stays machine-readable)."""
    typer.echo(json.dumps(data, indent=2, sort_keys=True, default=str))


def sender_option(nexus: Any, who: str | None, error: type[Exception]) -> str | None:
    """`--from` as the market, governance and insurance commands take it: None (the backend's own
    default sender), a dev account index, or an address; anything else raises `error`."""
    if who is None:
        return None
    if who.isdigit():
        accounts = nexus.chain.accounts
        if int(who) >= len(accounts):
            raise error(f"no dev account {who} (there are {len(accounts)})")
        return str(accounts[int(who)])
    if not (who.startswith("0x") and len(who) == 42):
        raise error(f"--from {who!r} is neither an address nor an account index")
    return who


def resolve_account(nexus: Nexus, who: str | None, error: type[Exception]) -> str:
    """`--from`/`--to` as given on the command line (see `Nexus.account`)."""
    return nexus.account(who, error)


def ether(text: str, what: str, error: type[Exception]) -> int:
    """A positive amount of ether as the CLI takes it (`0.5`, `1_000`) in wei; else `error` naming `what`."""
    try:
        value = Decimal(text.replace("_", "")) * 10**18
    except InvalidOperation:
        raise error(f"{what} {text!r} is not a number of ether") from None
    if value <= 0 or value != value.to_integral_value():
        raise error(f"{what} must be a positive amount of ether (at most 18 decimals)")
    return int(value)


def duration(text: str, error: type[Exception]) -> int:
    """Seconds from `90`, `30m`, `12h`, `1d`; a bad duration raises `error`."""
    from ..markets.units import parse_duration

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise error(str(exc)) from None


def say(data: Any, as_json: bool, line: str) -> None:
    """`data` as JSON with `--json`, else the one human `line`."""
    if as_json:
        print_json(data)
    else:
        console().print(line)
