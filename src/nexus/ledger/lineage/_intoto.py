"""An in-toto Statement v1 for a model, with a SLSA Provenance v1 predicate built from its run.

Layout (https://in-toto.io/Statement/v1, predicateType https://slsa.dev/provenance/v1):
- subject: the model, digest {"sha256": …}. For a single-file model this is the file's own
  SHA-256 (what `sha256sum` prints, so generic tools can match the artifact); otherwise, and in
  `annotations.nexusFingerprint` always, the root of its nexus-fingerprint/1 manifest. Saved
  files of the model (`lineage.artifact` records) are further subjects.
- buildDefinition.buildType `urn:symbiotic-nexus:training-run:v1`; externalParameters: run name,
  config, params, seeds; internalParameters: environment (Python, platform, packages);
  resolvedDependencies: each training dataset (digest = its fingerprint root, annotations say
  so and name its ledger record) and the git commit ({"gitCommit": …}, plus the uncommitted-diff
  hash in annotations).
- runDetails.builder.id `urn:symbiotic-nexus:builder:training_run`; metadata.invocationId
  `nexus-ledger:<log id>/<run record id>`; byproducts: the metrics, and the ledger records of
  the model and run with their anchors where anchored.
"""

from __future__ import annotations

from typing import Any

from ...exceptions import LineageError
from ._graph import Graph
from ._records import ARTIFACT, RUN, Lineage, LineageRecord

__all__ = ["BUILDER_ID", "BUILD_TYPE", "PREDICATE_TYPE", "STATEMENT_TYPE", "in_toto_statement"]

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://slsa.dev/provenance/v1"
BUILD_TYPE = "urn:symbiotic-nexus:training-run:v1"
BUILDER_ID = "urn:symbiotic-nexus:builder:training_run"


def _hex(fp: str | None) -> str:
    return (fp or "").removeprefix("sha256:")


def _subject(rec: LineageRecord) -> dict[str, Any]:
    p = rec.fields
    s = p.get("summary") or {}
    manifest = s.get("manifest") or {}
    raw = (manifest.get("source") or {}).get("sha256") if s.get("kind") == "file" else None
    return {
        "name": rec.name,
        "digest": {"sha256": raw or _hex(rec.fingerprint)},
        "annotations": {"nexusFingerprint": rec.fingerprint, "fingerprintKind": s.get("kind"), "ledgerRecord": rec.id},
    }


def _anchor(lineage: Lineage, graph: Graph, rid: int) -> dict[str, Any] | None:
    node = graph.nodes.get(rid)
    return node.anchor if node else None


def in_toto_statement(lineage: Lineage, model: LineageRecord, graph: Graph) -> dict[str, Any]:
    """The statement as a JSON-ready dict (write it with json.dumps)."""
    try:
        return _statement(lineage, model, graph)
    except (AttributeError, TypeError, KeyError, ValueError) as exc:  # anyone can append any payload
        raise LineageError(
            f"model record {model.id} or its run holds malformed lineage"
            f" ({type(exc).__name__}: {exc}); nothing to attest"
        ) from None


def _statement(lineage: Lineage, model: LineageRecord, graph: Graph) -> dict[str, Any]:
    if model.erased:
        raise LineageError(f"model record {model.id} was erased; nothing left to attest")
    run_id = model.fields.get("run")
    run = graph.nodes[run_id].record if run_id in graph.nodes else None
    if run is None or run.kind != RUN or run.payload is None:
        raise LineageError(f"model record {model.id} has no readable training run")
    rp = run.payload
    subjects = [_subject(model)]
    for entry in rp.get("models") or []:  # saved files of this model, as their own subjects
        if entry.get("fingerprint") == model.fingerprint and entry.get("file"):
            art = lineage.by_fingerprint(_hex(entry["file"]))
            if art is not None and art.kind == ARTIFACT and not art.erased:
                subjects.append(_subject(art))
    deps: list[dict[str, Any]] = []
    for role, d in sorted((rp.get("data") or {}).items()):
        deps.append(
            {
                "name": f"dataset:{role}",
                "digest": {"sha256": _hex(d.get("fingerprint"))},
                "annotations": {
                    "nexusFingerprint": d.get("fingerprint"),
                    "ledgerRecord": d.get("id"),
                    "datasetName": d.get("name"),
                },
            }
        )
    git = (rp.get("code") or {}).get("git")
    if git and git.get("commit"):
        deps.append(
            {
                "name": "source",
                "digest": {"gitCommit": git["commit"]},
                "annotations": {
                    "dirty": git.get("dirty"),
                    "diffSha256": git.get("diff_sha256"),
                    "branch": git.get("branch"),
                },
            }
        )
    entry = (rp.get("code") or {}).get("entry")
    if entry:
        deps.append({"name": f"entry:{entry['path']}", "digest": {"sha256": entry["sha256"]}})
    log_id = lineage.ledger.log_id
    byproducts = [
        {"name": "metrics", "mediaType": "application/json", "annotations": {"metrics": rp.get("metrics") or {}}}
    ]
    for rec in (model, run):
        byproducts.append(
            {
                "name": f"ledger:{rec.kind}",
                "uri": f"nexus-ledger:{log_id}/{rec.id}",
                "annotations": {"anchor": _anchor(lineage, graph, rec.id)},
            }
        )
    from ..._version import __version__

    return {
        "_type": STATEMENT_TYPE,
        "subject": subjects,
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "buildDefinition": {
                "buildType": BUILD_TYPE,
                "externalParameters": {
                    "name": rp.get("name"),
                    "config": rp.get("config") or {},
                    "params": rp.get("params") or {},
                    "seeds": rp.get("seeds") or {},
                },
                "internalParameters": {"environment": rp.get("environment") or {}},
                "resolvedDependencies": deps,
            },
            "runDetails": {
                "builder": {"id": BUILDER_ID, "version": {"symbiotic-nexus": __version__}},
                "metadata": {"invocationId": f"nexus-ledger:{log_id}/{run.id}", "startedOn": rp.get("started")},
                "byproducts": byproducts,
            },
        },
    }
