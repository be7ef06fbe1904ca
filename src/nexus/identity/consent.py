"""`nexus.consent`: the AI pipeline obeys consent. `filter` keeps only the rows and fields a live grant
covers, records the consent state's fingerprint in the training run's lineage and in the ledger, and
`audit` says which runs used a subject's data (by the salted-hash of the subject, never the subject)."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from ..exceptions import ConsentDenied, IdentityInputError
from .consent_book import ConsentBook, subject_address

if TYPE_CHECKING:
    from ..ledger.ledger import Ledger

__all__ = ["USE_KIND", "audit", "filter", "subject_tag"]

USE_KIND = "consent.use"


def subject_tag(subject: str, fingerprint: str) -> str:
    """The subject as a consent.use record names it: keyed by the consent state, so records don't link."""
    return hashlib.sha256(f"{fingerprint}|{subject_address(subject) or subject}".encode()).hexdigest()[:32]


def _kind(table: Any) -> str:
    mod = type(table).__module__.split(".")[0]
    if mod in ("pandas", "polars") and hasattr(table, "columns"):
        return mod
    raise IdentityInputError(f"consent.filter takes a pandas or polars DataFrame, not {type(table).__name__}")


def filter(
    table: Any,
    *,
    purpose: str,
    grantee: str,
    book: ConsentBook | None = None,
    subject_column: str = "subject",
    ledger: Ledger | None = None,
    at: int | None = None,
) -> Any:
    """Rows of consenting subjects, columns some kept subject granted (cells a subject did not grant are
    nulled); `subject_column` is kept. The consent fingerprint goes into the current `training_run`'s
    config and a `consent.use` record (the run's ledger, or `ledger`). Without `book`, the Consent
    contract of the chain the settings name (`nexus.connect()`)."""
    from ..ledger.lineage import current_run

    if book is None:
        from .._client import connect
        from .service import consent_book

        with connect() as nx:
            found = consent_book(nx, deploy=False)
            if found is None:
                raise ConsentDenied("no Consent contract on this chain: nothing is granted yet")
            return filter(
                table, purpose=purpose, grantee=grantee, book=found, subject_column=subject_column, ledger=ledger, at=at
            )

    kind = _kind(table)
    if subject_column not in table.columns:
        raise IdentityInputError(f"the table has no subject column {subject_column!r}")
    live = book.live(grantee, purpose, at)
    fp = book.fingerprint(grantee, purpose, at)
    subjects = [subject_address(s) for s in table[subject_column].to_list()]
    keep_rows = [i for i, s in enumerate(subjects) if s in live and live[s] & set(table.columns)]
    kept = {s for i in keep_rows if (s := subjects[i]) is not None}
    fields = sorted(set().union(*(live[s] for s in kept)) & set(table.columns) - {subject_column}) if kept else []
    cols = [subject_column, *[c for c in table.columns if c in fields]]
    out = _select(table, kind, keep_rows, cols, subjects, live)
    run = current_run()
    use = {
        "fingerprint": fp,
        "purpose": purpose,
        "grantee": grantee,
        "rows": len(keep_rows),
        "dropped_rows": len(subjects) - len(keep_rows),
        "fields": fields,
        "subjects": sorted(subject_tag(s, fp) for s in kept),
    }
    if run is not None:
        run.log_config(consent={"fingerprint": fp, "purpose": purpose, "grantee": grantee})
        use["run"] = run.name
        ledger = ledger or run.lineage.ledger
    if ledger is not None:
        ledger.append(USE_KIND, use)
    return out


def _select(
    table: Any, kind: str, rows: list[int], cols: list[str], subjects: list[str | None], live: dict[str, set[str]]
) -> Any:
    if kind == "pandas":
        out = table.iloc[rows][cols].copy()
        for c in cols[1:]:
            deny = [live.get(subjects[i] or "", set()).__contains__(c) is False for i in rows]
            if any(deny):
                out[c] = out[c].astype(object)
                out.loc[[out.index[j] for j, d in enumerate(deny) if d], c] = None
        return out
    import polars as pl

    out = table[rows].select(cols)
    kept = [subjects[i] for i in rows]
    for c in cols[1:]:
        mask = pl.Series([c in live.get(s or "", set()) for s in kept])
        if not mask.all():
            out = out.with_columns(pl.when(mask).then(pl.col(c)).otherwise(None).alias(c))
    return out


def require(book: ConsentBook, subject: str, grantee: str, purpose: str, fields: list[str]) -> None:
    """ConsentDenied unless a live grant gives `grantee` every one of `fields` of `subject`."""
    have = book.live(grantee, purpose).get(subject_address(subject) or "", set())
    missing = sorted(set(fields) - have)
    if missing:
        raise ConsentDenied(f"{subject} has not granted {grantee} {missing} for {purpose!r}")


def audit(ledger: Ledger, subject: str) -> dict[str, Any]:
    """Which recorded uses (and training runs) included `subject`'s data; erased records are counted, not read."""
    uses, erased = [], 0
    runs_by_fp: dict[str, list[dict[str, Any]]] = {}
    for i in range(ledger.size()):
        rec = ledger.record(i)
        if rec.kind not in (USE_KIND, "lineage.run"):
            continue
        if rec.content is None:
            erased += rec.kind == USE_KIND
            continue
        body = json.loads(rec.content)
        if rec.kind == USE_KIND and subject_tag(subject, body["fingerprint"]) in body.get("subjects", []):
            uses.append(
                {
                    "record": rec.id,
                    "time_ms": rec.time_ms,
                    **{k: body.get(k) for k in ("fingerprint", "purpose", "grantee", "run")},
                }
            )
        elif rec.kind == "lineage.run":
            fp = ((body.get("config") or {}).get("consent") or {}).get("fingerprint")
            if fp:
                runs_by_fp.setdefault(fp, []).append({"record": rec.id, "name": body.get("name")})
    runs = list({r["record"]: r for u in uses for r in runs_by_fp.get(u["fingerprint"], [])}.values())
    return {"subject": subject, "uses": uses, "runs": runs, "erased_uses": erased}
