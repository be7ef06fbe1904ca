"""Fuzzing every parser of untrusted input: each bad input ends in its one error class (receipts,
oracle specs, manifests, lineage, scanner sources, CLI ids), never an unexpected exception."""

from __future__ import annotations

import io
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from fuzzing import json_values, nasty_texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from nexus._jsonsafe import DepthScanner, TooDeep, cap_recursion_limit, loads_json, loads_toml
from nexus.cli import app
from nexus.exceptions import (
    ChainIdMismatch,
    FingerprintError,
    LedgerInputError,
    LineageError,
    ManifestError,
    NexusError,
    OracleInputError,
)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TRICKY = st.text(alphabet="[]{}\"\\'#ab \n\u00e9", max_size=12)  # what a depth scan can trip on
tricky_values = st.recursive(
    st.none() | st.integers() | TRICKY,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(TRICKY, kids, max_size=3),
    max_leaves=15,
)
garbage = st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=80),
    st.integers(1, 300_000).map(lambda d: b"[" * d + b"]" * d),
    st.sampled_from([b"", b"\x00", b'{"a": 1e999999}', b"\xef\xbb\xbf{}"]),
    st.sampled_from([b"1", b"[", b'{"a":', b"\\"]).map(lambda b: b * 200_000),
)


def _depth(v: Any) -> int:
    if isinstance(v, list):
        return 1 + max(map(_depth, v), default=0)
    if isinstance(v, dict):
        return 1 + max(map(_depth, v.values()), default=0)
    return 0


def _scan(raw: bytes, limit: int, cuts: list[int], **kw: Any) -> None:
    scanner = DepthScanner(limit, **kw)
    last = 0
    for cut in sorted({c % (len(raw) + 1) for c in cuts}) + [len(raw)]:
        scanner.feed(raw[last:cut])
        last = cut


@FAST
@given(tricky_values, st.lists(st.integers(0, 10**6), max_size=6), st.booleans())
def test_depth_scan_equals_the_parsed_depth_in_any_chunks(value: Any, cuts: list[int], ascii_: bool) -> None:
    raw = json.dumps(value, ensure_ascii=ascii_).encode()
    depth = _depth(value)
    _scan(raw, depth, cuts)  # at the limit: accepted
    if depth:
        with pytest.raises(TooDeep):
            _scan(raw, depth - 1, cuts)


@FAST
@given(garbage)
def test_loads_json_returns_a_value_or_the_callers_error(raw: bytes) -> None:
    try:
        value = loads_json(raw, what="input", error=LedgerInputError)
    except LedgerInputError as exc:
        assert str(exc).startswith("input ")
    else:
        assert _depth(value) <= 128 and value == json.loads(raw)


@FAST
@given(st.text(max_size=200) | st.integers(1, 50_000).map(lambda d: "a = " + "[" * d + "]" * d))
def test_loads_toml_returns_a_table_or_the_callers_error(text: str) -> None:
    try:
        assert isinstance(loads_toml(text, what="spec", error=OracleInputError), dict)
    except OracleInputError:
        pass


def test_toml_comments_and_literal_strings_do_not_count_as_nesting() -> None:
    text = "a = '" + "[" * 300 + "'  # " + "{" * 300 + '\nb = "\\"' + "[" * 300 + '"\n'
    assert loads_toml(text, what="spec", error=OracleInputError) == tomllib.loads(text)
    with pytest.raises(OracleInputError, match="deeper than 128"):
        loads_toml("a = " + "[" * 100_000, what="spec", error=OracleInputError)


def test_recursion_limit_is_capped_after_py_ecc_raised_it() -> None:
    import py_ecc  # noqa: F401  (raises the limit to 100,000 at its first import)

    sys.setrecursionlimit(100_000)
    try:
        assert cap_recursion_limit() == 12_288
    finally:
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 12_288))


# -- files: receipts, oracle specs, manifests ---------------------------------------------------
def _receipt_like(data: Any) -> Any:
    return {"format": "nexus.ledger.receipt/v1", "record": data, "proof": data, "checkpoint": data, "anchor": data}


@FAST
@given(garbage | json_values.map(lambda v: json.dumps(_receipt_like(v)).encode()))
def test_receipt_files_fail_only_with_ledger_input_error(tmp_path: Path, raw: bytes) -> None:
    from nexus.ledger.receipt import Receipt

    path = tmp_path / "r.json"
    path.write_bytes(raw)
    with pytest.raises(LedgerInputError):
        Receipt.load(path)


def _source_toml(kind: str, fields: dict[str, Any]) -> bytes:
    body = "".join(f"{k} = {json.dumps(v)}\n" for k, v in fields.items())  # JSON scalars/arrays are TOML
    return f"[[source]]\nid = 'a'\nkind = '{kind}'\n{body}".encode()


toml_values = st.recursive(
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.text(max_size=12)
    | st.sampled_from(["http://127.0.0.1:1/x", "http://[::1", "f(uint256)", "f("]),
    lambda kids: st.lists(kids, max_size=3),
    max_leaves=4,
)


@FAST
@given(
    st.binary(max_size=100)
    | st.text(max_size=200).map(str.encode)
    | json_values.map(lambda v: ("[[source]]\nid = " + json.dumps(v) + "\nkind = 'csv'\n").encode())
    | st.builds(
        _source_toml,
        st.sampled_from(["csv", "http", "onchain"]),
        st.dictionaries(
            st.sampled_from(
                [
                    "url",
                    "value",
                    "path",
                    "column",
                    "address",
                    "signature",
                    "args",
                    "decimals",
                    "timestamp",
                    "allow_remote",
                ]
            ),
            toml_values,
            max_size=5,
        ),
    )
)
def test_oracle_specs_fail_only_with_oracle_input_error(tmp_path: Path, raw: bytes) -> None:
    from nexus.oracle.spec import load_spec

    path = tmp_path / "spec.toml"
    path.write_bytes(raw)
    try:
        load_spec(path).build_sources(None)  # type: ignore[arg-type]  (no source reads the chain here)
    except OracleInputError:
        pass


@FAST
@given(garbage | json_values.map(lambda v: json.dumps({"chain_id": 1, "genesis": v, "contracts": v}).encode()))
def test_deployment_manifests_fail_only_with_manifest_errors(tmp_path: Path, raw: bytes) -> None:
    from nexus.contracts.manifest import DeploymentManifest

    path = tmp_path / "1.json"
    path.write_bytes(raw)
    try:
        DeploymentManifest.load(path, chain_id=1)
    except (ManifestError, ChainIdMismatch):
        pass


@FAST
@given(
    garbage
    | json_values.map(
        lambda v: json.dumps({"format": "nexus.fingerprint/v1", "kind": v, "entries": v, "root": v}).encode()
    )
)
def test_fingerprint_manifests_fail_only_with_fingerprint_error(tmp_path: Path, raw: bytes) -> None:
    from nexus.ledger.fingerprint import load_manifest

    path = tmp_path / "m.json"
    path.write_bytes(raw)
    with pytest.raises(FingerprintError):
        load_manifest(path)


# -- lineage over records anyone could have appended -------------------------------------------
KINDS = ["lineage.model", "lineage.run", "lineage.dataset", "lineage.transform", "lineage.artifact", "decision"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(KINDS),
            json_values
            | st.dictionaries(
                st.sampled_from(
                    [
                        "run",
                        "model",
                        "data",
                        "parents",
                        "transform",
                        "inputs",
                        "name",
                        "fingerprint",
                        "summary",
                        "code",
                        "models",
                        "status",
                        "params",
                    ]
                ),
                json_values | st.integers(0, 4) | st.sampled_from(["[/]", "[bold", "\\[x]"]),
                max_size=5,
            ),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_lineage_of_any_payload_is_a_graph_or_a_lineage_error(
    tmp_path_factory: pytest.TempPathFactory, records: list[tuple[str, Any]]
) -> None:
    from nexus.ledger import open_ledger
    from nexus.ledger.lineage import Lineage, in_toto_statement, lineage_graph, render_tree

    with open_ledger(path=tmp_path_factory.mktemp("l") / "l.db") as ledger:
        ids = []
        for kind, payload in records:
            try:
                ids.append(ledger.append(kind, payload))
            except LedgerInputError:
                pass
        lin = Lineage(ledger)
        for rid in ids:
            rec = lin.find(str(rid))
            graph = lineage_graph(lin, rec)
            assert rid in graph.nodes and json.dumps(graph.to_json())
            Console(file=io.StringIO(), width=100).print(render_tree(graph))  # markup is escaped
            try:
                in_toto_statement(lin, lin.model_of(rid), graph)
            except LineageError:  # UnknownModel is one
                pass


# -- the scanner: source bytes of any kind ------------------------------------------------------
@FAST
@given(
    st.text(max_size=300) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["x.sol", "x.vy"]),
)
def test_scan_source_fails_only_with_scan_input_error(source: str, name: str) -> None:
    from nexus.scan import ScanInputError, scan_source

    try:
        scan_source(source, name)
    except ScanInputError:
        pass


def test_a_bad_file_is_a_per_file_error_and_the_scan_goes_on(tmp_path: Path) -> None:
    from nexus.scan import scan_paths

    fixtures = Path(__file__).parents[1] / "scan"
    (tmp_path / "nul.vy").write_bytes(b"x: uint256\x00\n")
    (tmp_path / "binary.sol").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "deep.vy").write_text(
        "@external\ndef f() -> uint256:\n    return " + "(" * 5000 + "1" + ")" * 5000 + "\n"
    )
    good = tmp_path / "vault.vy"
    good.write_text((fixtures / "reentrant_vault.vy").read_text())
    r = scan_paths([tmp_path])
    errors = {Path(e.file).name: e.error for e in r.errors}
    assert set(errors) == {"nul.vy", "binary.sol", "deep.vy"}, errors
    assert "NUL byte" in errors["nul.vy"]
    assert any(f.category == "reentrancy" and f.file == str(good) for f in r.findings)
    res = CliRunner().invoke(app, ["scan", str(tmp_path), "-f", "json"])  # default: report, exit 0
    assert res.exit_code == 0 and res.stderr.count("warning:") == 3
    res = CliRunner().invoke(
        app, ["scan", str(fixtures / "clean_vault.vy"), str(tmp_path / "nul.vy"), "--fail-on", "high"]
    )
    assert res.exit_code == 1 and "could not be scanned" in res.stderr
    res = CliRunner().invoke(app, ["scan", str(tmp_path / "nul.vy")])
    assert res.exit_code == 2 and res.stderr.startswith("error: no file could be scanned")


# -- the CLI: ids, receipt files and --home -----------------------------------------------------
def _one_error_line(res: Any, codes: set[int]) -> None:
    assert res.exit_code in codes, (res.exit_code, res.output)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "unexpected" not in lines[0], res.stderr


@pytest.mark.parametrize(
    "arg", ["99999999999999999999999", "9" * 2000, "9" * 5000, "1e23", "0x10", "", "-1", "--1", "1.5", "\x00"]
)
@pytest.mark.parametrize("command", ["show", "receipt", "erase"])
def test_cli_record_ids_are_mapped_errors(nexus_home: Path, command: str, arg: str) -> None:
    res = CliRunner().invoke(app, ["ledger", command, "--", arg])
    _one_error_line(res, {2, 21, 22})


@pytest.mark.parametrize(
    "raw",
    [
        bytes(range(256)),
        b"[" * 100_000 + b"]" * 100_000,
        b"1" * 5000,
        b'"a"',
        b'{"format": "nexus.ledger.receipt/v1", "record": []}',
        b"\xef\xbb\xbf",
    ],
)
def test_cli_verify_of_a_bad_file_is_one_error(nexus_home: Path, tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(raw)
    _one_error_line(CliRunner().invoke(app, ["verify", str(path), "--offline"]), {21})
    _one_error_line(CliRunner().invoke(app, ["verify", str(tmp_path), "--offline"]), {21})


def test_cli_home_on_a_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    for home in (tmp_path / "f", tmp_path / "f" / "sub"):
        _one_error_line(CliRunner().invoke(app, ["--home", str(home), "ledger", "status"]), {2})


def test_cli_append_payloads_are_guarded(nexus_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for payload in ("[" * 100_000, "[" * 64 + "]" * 64, "1" * 5000, "\ud800"):
        _one_error_line(runner.invoke(app, ["ledger", "append", "--kind", "t", "--json", payload]), {21})
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00")
    _one_error_line(runner.invoke(app, ["ledger", "append", "--kind", "t", "--file", str(tmp_path / "bin")]), {21})
    ok = runner.invoke(app, ["ledger", "append", "--kind", "t", "--json", "[" * 63 + "]" * 63])
    assert ok.exit_code == 0 and ok.stdout.strip().isdigit()
    assert issubclass(LedgerInputError, NexusError)


# -- market amounts and durations (CLI options, API query and body fields) ---------------------
@FAST
@given(st.text(alphabet="0123456789.eE-+_ xinfNa", max_size=14) | nasty_texts)
def test_market_amounts_and_durations_fail_only_with_market_error(text: str) -> None:
    from nexus.exceptions import MarketError
    from nexus.markets.units import parse_amount, parse_duration

    for parse in (lambda t: parse_amount(t, "shares", allow_zero=True), parse_duration):
        try:
            value = parse(text)
        except MarketError:
            continue
        assert isinstance(value, int) and 0 <= value < 2**256


def test_a_huge_market_amount_is_refused_not_expanded() -> None:
    from nexus.exceptions import MarketError
    from nexus.markets.units import parse_amount

    assert parse_amount("1e59", "shares") == 10**77
    for text in ("1e60", "1e100", "1e999999999", "9" * 5000):  # int(1e999999999 * 1e18): 1 GB
        with pytest.raises(MarketError, match="too large"):
            parse_amount(text, "shares")


def test_an_artifact_naming_a_missing_model_record_is_an_unknown_model(tmp_path: Path) -> None:
    from nexus.exceptions import UnknownModel
    from nexus.ledger import open_ledger
    from nexus.ledger.lineage import Lineage

    with open_ledger(path=tmp_path / "l.db") as ledger:
        rid = ledger.append("lineage.artifact", {"model": 1})  # record 1 does not exist
        with pytest.raises(UnknownModel, match="missing record"):
            Lineage(ledger).model_of(rid)
