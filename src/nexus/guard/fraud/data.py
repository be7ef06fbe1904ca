"""Read account-feature CSVs (the eth-fraud `accounts.csv` layout) without pandas."""

from __future__ import annotations

import csv
import math
from pathlib import Path

from ...exceptions import ConfigError

__all__ = ["CATEGORICAL", "FEATURE_COLUMNS", "LABEL", "read_accounts"]

LABEL = "FLAG"
CATEGORICAL = ("ERC20 most sent token type", "ERC20_most_rec_token_type")  # free-text token names: dropped
FEATURE_COLUMNS = (
    "Avg min between sent tnx",
    "Avg min between received tnx",
    "Time Diff between first and last (Mins)",
    "Sent tnx",
    "Received Tnx",
    "Number of Created Contracts",
    "Unique Received From Addresses",
    "Unique Sent To Addresses",
    "min value received",
    "max value received",
    "avg val received",
    "min val sent",
    "max val sent",
    "avg val sent",
    "min value sent to contract",
    "max val sent to contract",
    "avg value sent to contract",
    "total transactions (including tnx to create contract",
    "total Ether sent",
    "total ether received",
    "total ether sent contracts",
    "total ether balance",
    "Total ERC20 tnxs",
    "ERC20 total Ether received",
    "ERC20 total ether sent",
    "ERC20 total Ether sent contract",
    "ERC20 uniq sent addr",
    "ERC20 uniq rec addr",
    "ERC20 uniq sent addr.1",
    "ERC20 uniq rec contract addr",
    "ERC20 avg time between sent tnx",
    "ERC20 avg time between rec tnx",
    "ERC20 avg time between rec 2 tnx",
    "ERC20 avg time between contract tnx",
    "ERC20 min val rec",
    "ERC20 max val rec",
    "ERC20 avg val rec",
    "ERC20 min val sent",
    "ERC20 max val sent",
    "ERC20 avg val sent",
    "ERC20 min val sent contract",
    "ERC20 max val sent contract",
    "ERC20 avg val sent contract",
    "ERC20 uniq sent token name",
    "ERC20 uniq rec token name",
)


def _num(raw: str, where: str) -> float:
    raw = raw.strip()
    if raw == "" or raw.lower() in ("nan", "na", "null"):
        return math.nan
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{where}: not a number: {raw[:40]!r}") from None


def read_accounts(path: Path | str, *, need_label: bool = False) -> tuple[list[list[float]], list[int] | None]:
    """Feature rows (FEATURE_COLUMNS order; blanks -> NaN) and the FLAG labels when present.

    Column names are matched ignoring surrounding spaces; extra columns are ignored; a missing
    feature column, a non-numeric cell or an empty file is a one-line ConfigError."""
    path = Path(path)
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise ConfigError(f"{path} is empty") from None
        except csv.Error as exc:
            raise ConfigError(f"{path}: bad CSV: {exc}") from None
        index = {h: i for i, h in enumerate(header)}
        missing = [c for c in FEATURE_COLUMNS if c not in index]
        if missing:
            raise ConfigError(
                f"{path}: missing column(s) {', '.join(repr(m) for m in missing[:3])}"
                f"{' and more' if len(missing) > 3 else ''}"
            )
        if need_label and LABEL not in index:
            raise ConfigError(f"{path}: no {LABEL} column to train on")
        cols = [index[c] for c in FEATURE_COLUMNS]
        rows: list[list[float]] = []
        labels: list[int] | None = [] if LABEL in index else None
        try:
            for n, rec in enumerate(reader, start=2):
                if not rec or all(not c.strip() for c in rec):
                    continue
                if len(rec) < len(header):
                    raise ConfigError(f"{path}:{n}: {len(rec)} fields, expected {len(header)}")
                rows.append([_num(rec[i], f"{path}:{n}") for i in cols])
                if labels is not None:
                    lab = _num(rec[index[LABEL]], f"{path}:{n}")
                    if need_label and lab not in (0.0, 1.0):
                        raise ConfigError(f"{path}:{n}: FLAG must be 0 or 1")
                    labels.append(int(lab) if lab == lab else 0)
        except csv.Error as exc:
            raise ConfigError(f"{path}: bad CSV: {exc}") from None
    if not rows:
        raise ConfigError(f"{path} has a header but no rows")
    return rows, labels
