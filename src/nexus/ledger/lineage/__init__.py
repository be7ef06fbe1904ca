"""Lineage and verifiable training: dataset, transform, run and model records on the ledger."""

from ._code import code_identity, environment
from ._graph import Graph, LineageNode, lineage_graph, render_tree
from ._intoto import PREDICATE_TYPE, STATEMENT_TYPE, in_toto_statement
from ._records import ARTIFACT, DATASET, MODEL, RUN, TRANSFORM, Lineage, LineageRecord
from ._run import TrainingRun, current_run, training_run
from ._verify import ModelVerification, verify_model

__all__ = [
    "ARTIFACT",
    "DATASET",
    "MODEL",
    "PREDICATE_TYPE",
    "RUN",
    "STATEMENT_TYPE",
    "TRANSFORM",
    "Graph",
    "Lineage",
    "LineageRecord",
    "ModelVerification",
    "LineageNode",
    "TrainingRun",
    "code_identity",
    "current_run",
    "environment",
    "in_toto_statement",
    "lineage_graph",
    "render_tree",
    "training_run",
    "verify_model",
]
