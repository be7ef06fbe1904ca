"""`nexus fairness audit MODEL DATA` and `nexus fairness baseline DATA OUT`: audits of models."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ._common import console, get_settings, print_json

__all__ = ["app"]

app = typer.Typer(no_args_is_help=True)


def _num(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}"


def _show(result: dict[str, Any]) -> None:
    report = result["report"]
    out = console()
    out.print(
        f"[bold]{report['model']['class']}[/] on {report['rows']:,} rows ({report['evaluated_on']}),"
        f" accuracy {_num(report['overall']['accuracy'])}"
    )
    for col, a in report["attributes"].items():
        t = Table(
            title=f"{col}: DP diff {_num(a['demographic_parity_difference'])}, "
            f"EO diff {_num(a['equalized_odds_difference'])}"
        )
        for name in ("group", "count", "accuracy", "selection", "TPR", "FPR"):
            t.add_column(name, justify="left" if name == "group" else "right")
        for g, m in a["groups"].items():
            t.add_row(
                g, f"{m['count']:,}", _num(m["accuracy"]), _num(m["selection_rate"]), _num(m["tpr"]), _num(m["fpr"])
            )
        out.print(t)
        if a.get("mitigated"):
            mit = a["mitigated"]
            out.print(
                f"  after ThresholdOptimizer: accuracy {_num(mit['accuracy'])}, DP diff "
                f"{_num(mit['demographic_parity_difference'])}, EO diff {_num(mit['equalized_odds_difference'])}"
            )
    gate = report["gate"]
    out.print(f"gate {gate['metric']} = {gate['value']:.6f} (metric_1e6 {gate['value_1e6']})")
    out.print(
        f"report {result['fingerprint']}"
        + (f", ledger record #{result['record']}" if result["record"] is not None else "")
    )


@app.command("audit")
def audit_cmd(
    ctx: typer.Context,
    model: Annotated[
        Path, typer.Argument(help="A fitted scikit-learn model: .skops (or .joblib/.pkl with --trust-pickle).")
    ],
    data: Annotated[Path, typer.Argument(help="CSV/parquet with a label column, or UCI adult.data / german.data.")],
    protected: Annotated[
        list[str] | None,
        typer.Option("--protected", help="Protected column (repeat); default for UCI files: their usual ones."),
    ] = None,
    label: Annotated[str | None, typer.Option(help="Label column (0/1, or see --positive).")] = None,
    positive: Annotated[str | None, typer.Option(help="The label value that is the favourable outcome.")] = None,
    mitigate: Annotated[
        bool, typer.Option(help="Also fit ThresholdOptimizer on a train split and compare on the held-out split.")
    ] = False,
    constraint: Annotated[
        str, typer.Option(help="Mitigation constraint: demographic_parity or equalized_odds.")
    ] = "demographic_parity",
    gate: Annotated[
        str, typer.Option(help="Registry metric: demographic_parity or equalized_odds.")
    ] = "demographic_parity",
    seed: Annotated[int, typer.Option(help="Split and randomised-threshold seed.")] = 0,
    trust_pickle: Annotated[
        bool,
        typer.Option("--trust-pickle", help="Load a pickle/joblib model (it can run code: only for a file you made)."),
    ] = False,
    anchor: Annotated[bool, typer.Option(help="Append the report to the ledger.")] = True,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Also write the report here, as its canonical JSON (sha256 of the file = the report fingerprint).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Audit a model on data with protected attributes; fingerprint and anchor the report."""
    from ..fairness.service import audit_files

    settings = get_settings(ctx)
    kw: dict[str, Any] = {
        "label": label,
        "positive": positive,
        "trust_pickle": trust_pickle,
        "mitigate": mitigate,
        "constraint": constraint,
        "gate": gate,
        "seed": seed,
    }
    if anchor:
        from ..ledger import open_ledger

        with open_ledger(settings) as ledger:
            result = audit_files(model, data, protected or [], ledger=ledger, **kw)
    else:
        result = audit_files(model, data, protected or [], **kw)
    if out is not None:
        from ..fairness.report import FairnessReport

        report = {k: v for k, v in result["report"].items() if k != "fingerprint"}
        out.write_bytes(FairnessReport(report).canonical())
    if as_json:
        print_json(result)
    else:
        _show(result)


@app.command("baseline")
def baseline_cmd(
    data: Annotated[Path, typer.Argument(help="Training data (as for audit).")],
    out: Annotated[Path, typer.Argument(help="Where to write the model (.skops).")],
    label: Annotated[str | None, typer.Option(help="Label column.")] = None,
    positive: Annotated[str | None, typer.Option(help="The favourable label value.")] = None,
    drop: Annotated[list[str] | None, typer.Option("--drop", help="Columns to leave out (repeat).")] = None,
) -> None:
    """Train the reference model (one-hot + logistic regression) on DATA and save it."""
    from ..fairness import load_data, save_model
    from ..fairness.baseline import baseline_model

    ds = load_data(data, label, positive=positive)
    model = baseline_model(ds.X, drop=drop or ()).fit(ds.X, ds.y)
    save_model(model, out)
    typer.echo(f"trained on {len(ds):,} rows; saved {out}")
