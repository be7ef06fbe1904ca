"""One settings object: NEXUS_* environment variables over an optional TOML config file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from .exceptions import ConfigError

__all__ = ["Settings", "load_settings"]


def _default_home() -> Path:
    return Path(os.environ.get("NEXUS_HOME") or Path.home() / ".nexus")


class Settings(BaseSettings):
    """Every knob of a node. Environment `NEXUS_<FIELD>` wins over `config.toml` in the home."""

    model_config = SettingsConfigDict(env_prefix="NEXUS_", extra="forbid", frozen=True)

    home: Path = Field(default_factory=_default_home, description="data directory")
    config: Path | None = Field(None, description="TOML config file (default: <home>/config.toml)")
    rpc_url: str | None = Field(None, description="JSON-RPC URL; unset means the embedded chain")
    rpc_timeout: float = Field(10.0, gt=0, description="seconds before an RPC call gives up")
    chain_id: int = Field(1337, gt=0, description="chain id of a new embedded chain")
    expected_chain_id: int | None = Field(None, description="refuse any other chain id")
    private_key: SecretStr | None = Field(None, description="hex key for JSON-RPC signing")
    keystore: Path | None = Field(None, description="encrypted eth-account keyfile")
    keystore_password: SecretStr | None = Field(None, description="password of the keystore")
    host: str = Field("127.0.0.1", description="API host of `nexus up`")
    port: int = Field(8700, ge=0, le=65535, description="API port of `nexus up`")
    flush_interval: float = Field(0.5, ge=0, description="embedded chain: seconds between flushes")
    max_log_range: int = Field(5000, gt=0, description="widest block range of one log query")
    poll_interval: float = Field(0.2, gt=0, description="seconds between new-block polls")
    log_level: str = Field("WARNING", description="Python logging level")
    guard: bool = Field(True, description="guard: run the chain monitor (and breaker) in `nexus up`")
    models: bool = Field(True, description="models: serve the model registry's active versions in `nexus up`")
    energy_country: str = Field(
        "USA",
        pattern="^[A-Za-z]{3}$",
        description="energy: ISO 3166-1 alpha-3 country whose average grid carbon intensity prices the CO₂"
        " estimate of training runs and benchmarks (USA is an assumption: set where the machine runs)",
    )
    energy_tracking: bool = Field(
        True,
        description="energy: estimate energy and CO₂ with codecarbon (the [energy] extra) around training"
        " runs and benchmarks; CPU time is recorded either way",
    )
    fee_advisor: bool = Field(
        False,
        description="fees: price the node's own transactions (ledger anchors, oracle"
        " reports) with the fee advisor on RPC chains, and stretch ledger batches with"
        " its predicted fee",
    )
    fee_probability: float = Field(0.9, gt=0, lt=1, description="fees: target inclusion probability")
    fee_within: int = Field(3, ge=1, le=1024, description="fees: inclusion deadline in blocks")
    guard_targets: Path | None = Field(
        None,
        description="guard: TOML file of watched contracts (unset:"
        " <home>/guard/targets.toml; `nexus guard watch --target`, POST /guard/targets)",
    )
    ledger_sync: str = Field(
        "full", pattern="^(full|normal|off)$", description="ledger store durability: full fsyncs every commit"
    )
    ledger_url: str | None = Field(
        None,
        description="ledger: postgresql://user@host/db to share one log"
        " between several nodes (unset: the SQLite file under the home)",
    )
    ledger_async_queue: int = Field(
        10_000,
        gt=0,
        description="ledger: most submitted records (async"
        " decisions) waiting uncommitted; submits block beyond it, a crash"
        " loses at most this many",
    )
    ledger_batch_size: int = Field(256, gt=0, description="ledger: anchor after this many records")
    ledger_batch_ms: float = Field(250.0, gt=0, description="ledger: ...or this many ms")
    ledger_max_delay_ms: float = Field(1000.0, gt=0, description="ledger: longest anchor delay under high gas")
    ledger_anchor: bool = Field(True, description="ledger: run the anchoring batcher in `nexus up`")
    oracle: bool = Field(
        True,
        description="oracle: run a feed's node network in `nexus up` (the simulated"
        " dev feed on dev chains unless oracle_sources names real ones)",
    )
    oracle_sources: Path | None = Field(None, description="oracle: TOML spec of the feed's real sources")
    oracle_feed: str = Field("SIM/USD", min_length=1, max_length=27, description="oracle: dev feed name")
    oracle_nodes: int = Field(4, ge=4, le=31, description="oracle: dev feed nodes n (f = (n-1)//3)")
    oracle_interval: float = Field(10.0, gt=0, description="oracle: seconds between rounds")
    oracle_faulty_sources: int = Field(
        1, ge=0, le=2, description="oracle: faulty sources of the dev feed's 7 (simulated faults the scoring must drop)"
    )
    nft: bool = Field(True, description="nft: evolve the dynamic NFTs on node events in `nexus up`")
    nft_oracle_threshold: float | None = Field(
        None, description="nft: an oracle answer crossing this value evolves every token (unset: rounds never do)"
    )
    fingerprint_workers: int = Field(0, ge=0, description="threads hashing in parallel (0: one per CPU)")
    fingerprint_chunk_rows: int = Field(65_536, gt=0, description="rows per table chunk digest")
    fingerprint_block_size: int = Field(1 << 20, ge=4096, description="bytes per read when hashing a file")
    api_cors_origins: list[str] = Field(default_factory=list, description="API: origins allowed by CORS (none: closed)")
    api_max_body: int = Field(8 << 20, gt=0, description="API: largest request body in bytes")
    api_max_depth: int = Field(
        64,
        ge=2,
        le=1000,
        description="API: deepest nesting of [ and { in a request body (checked before JSON parsing recurses)",
    )
    api_allowed_hosts: list[str] = Field(
        default_factory=list,
        description="API: Host names accepted besides localhost, 127.0.0.1,"
        " [::1] and the bound host (a loopback bind accepts only those; '*': any)",
    )
    api_public_reads: bool | None = Field(
        None,
        description="API: reads without the token (unset: yes on a loopback bind, no on any"
        " other; payloads and salts always need it)",
    )
    api_auth_failures: int = Field(
        10, ge=1, description="API: wrong tokens a client may send per minute before it gets 429"
    )
    events_history: int = Field(1000, gt=0, description="API: events kept for /events replay")
    rpc_open_writes_on_loopback: bool = Field(
        False,
        description="/rpc: state-changing JSON-RPC methods"
        " (eth_sendRawTransaction, evm_*) without the API token"
        " when the node is bound to loopback (for wallets and"
        " tools that cannot send a header)",
    )
    rpc_max_batch: int = Field(100, ge=1, le=10_000, description="/rpc: most requests in one batch")
    chains: list[str] = Field(
        default_factory=list,
        description="several chains: more chains besides the main one, each 'URL' or"
        " 'embedded', optionally followed by 'chain_id=N' (refuse any other) and"
        " 'role=anchor|messages|both' (default both); the ledger anchors on each, cross-chain"
        " messages run between all (`nexus up --chain URL`)",
    )
    xchain_relay: bool = Field(True, description="xchain: run the message relayer in `nexus up` when chains are set")
    xchain_finality: int = Field(
        2, ge=0, le=10_000, description="xchain: blocks a message must be buried under before it is relayed"
    )
    xchain_window: int = Field(60, gt=0, description="xchain: rate-limit window of new inboxes/outboxes (seconds)")
    xchain_sender_cap: int = Field(100, gt=0, description="xchain: messages per sender per window (new contracts)")
    xchain_route_cap: int = Field(1000, gt=0, description="xchain: messages per source chain per window (new inboxes)")
    api_tune_runtime: bool = Field(
        False,
        description="API: `nexus up` tunes the whole process for serving"
        " (GIL switch interval 1 ms, gc.freeze() after start-up); off: CPython defaults",
    )

    @field_validator("home")
    @classmethod
    def _check_home(cls, v: Path) -> Path:
        """The home, or the first existing folder above it, must be a directory (not a file)."""
        for p in (v, *v.parents):
            if p.exists():
                if not p.is_dir():
                    raise ValueError(
                        f"{v} is a file, not a directory" if p == v else f"{v} cannot be a directory: {p} is a file"
                    )
                break
        return v

    @field_validator("rpc_url")
    @classmethod
    def _check_url(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        if not v.startswith(("http://", "https://")):
            raise ValueError("rpc_url must start with http:// or https://")
        return v

    @field_validator("ledger_url")
    @classmethod
    def _check_ledger_url(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        if not v.startswith(("postgresql://", "postgres://")):
            raise ValueError("ledger_url must start with postgresql:// (or be unset for SQLite)")
        return v

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        init = getattr(init_settings, "init_kwargs", {}) or {}
        path = _config_path(init.get("config"), init.get("home"))
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)

    @property
    def chain_dir(self) -> Path:
        return self.home / "chain"

    @property
    def deployments_dir(self) -> Path:
        return self.home / "deployments"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def ledger_path(self) -> Path:
        return self.home / "ledger" / "ledger.db"

    @property
    def api_token_path(self) -> Path:
        return self.home / "api-token"

    @property
    def guard_targets_path(self) -> Path:
        return self.guard_targets or self.home / "guard" / "targets.toml"


def _config_path(config: Any = None, home: Any = None) -> Path | None:
    """The config file: explicit (argument, then NEXUS_CONFIG), else <home>/config.toml if any."""
    explicit = config or os.environ.get("NEXUS_CONFIG")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        return path
    path = (Path(home) if home else _default_home()) / "config.toml"
    return path if path.is_file() else None


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning validation failures into one-line ConfigErrors."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**clean)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ())) or "settings"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")  # a validator's own words
        raise ConfigError(f"bad setting {where}: {msg}") from None
    except ValueError as exc:  # malformed TOML
        raise ConfigError(f"bad config file: {exc}") from None
