"""Fingerprints of files, directories and CSV tables: determinism, change detection, all rows."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.exceptions import FingerprintError
from nexus.ledger.fingerprint import Manifest, diff, fingerprint, load_manifest


def _tree(root: Path) -> Path:
    (root / "sub" / "deep").mkdir(parents=True)
    (root / "a.txt").write_bytes(b"alpha\n")
    (root / "sub" / "b.bin").write_bytes(bytes(range(256)) * 40)
    (root / "sub" / "deep" / "c.txt").write_text("gamma")
    (root / "empty").write_bytes(b"")
    return root


def _csv(path: Path, rows: int, change: int | None = None) -> Path:
    lines = ["id,name,value"]
    lines += [f"{i},n{i},{'CHANGED' if i == change else i * 3}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_file_digest_equals_sha256sum_and_ignores_the_name(tmp_path: Path) -> None:
    data = b"x" * 3_000_001
    (tmp_path / "one.bin").write_bytes(data)
    (tmp_path / "two.bin").write_bytes(data)
    m = fingerprint(tmp_path / "one.bin", settings=None)
    assert m.kind == "file" and m.entries[0].digest == hashlib.sha256(data).hexdigest()
    assert m.size == len(data) and m.source["sha256"] == m.entries[0].digest
    assert fingerprint(tmp_path / "two.bin").root == m.root
    assert fingerprint(data).root == m.root  # bytes in memory: the same content, the same root


def test_directory_is_deterministic_sorted_relative_and_location_free(tmp_path: Path) -> None:
    a = _tree(tmp_path / "a")
    m = fingerprint(a)
    assert [e.name for e in m.entries] == ["a.txt", "empty", "sub/b.bin", "sub/deep/c.txt"]
    assert m.entry("sub/b.bin").size == 10_240
    assert fingerprint(a, workers=1).root == fingerprint(a, workers=4).root == m.root
    b = _tree(tmp_path / "b")
    assert fingerprint(b).root == m.root


def test_one_byte_in_one_file_names_that_file(tmp_path: Path) -> None:
    a = _tree(tmp_path / "a")
    before = fingerprint(a)
    blob = bytearray((a / "sub" / "b.bin").read_bytes())
    blob[5000] ^= 1
    (a / "sub" / "b.bin").write_bytes(bytes(blob))
    (a / "new.txt").write_text("n")
    (a / "empty").unlink()
    d = diff(before, fingerprint(a))
    assert [x.name for x, _ in d.changed] == ["sub/b.bin"]
    assert [e.name for e in d.added] == ["new.txt"] and [e.name for e in d.removed] == ["empty"]
    assert d.unchanged == 2 and not d.same


def test_exclude_globs_skip_files_and_folders(tmp_path: Path) -> None:
    a = _tree(tmp_path / "a")
    m = fingerprint(a, exclude=["sub", "*.txt"])
    assert [e.name for e in m.entries] == ["empty"]


def test_manifest_json_round_trip_and_tamper_check(tmp_path: Path) -> None:
    m = fingerprint(_tree(tmp_path / "a"))
    path = m.save(tmp_path / "m.json")
    again = load_manifest(path)
    assert again == m and again.root == m.root
    data = json.loads(path.read_text())
    data["entries"][0]["digest"] = "0" * 64
    path.write_text(json.dumps(data))
    with pytest.raises(FingerprintError, match="does not match"):
        load_manifest(path)


def test_csv_covers_every_row_and_names_the_chunk(tmp_path: Path) -> None:
    base = fingerprint(_csv(tmp_path / "a.csv", 120_000), chunk_rows=10_000)
    assert base.kind == "table" and base.meta["rows"] == 120_000 and len(base.entries) == 12
    changed = fingerprint(_csv(tmp_path / "b.csv", 120_000, change=50_000), chunk_rows=10_000)
    d = diff(base, changed)
    assert [(a.name, a.meta["rows"]) for a, _ in d.changed] == [("rows/000005", [50_000, 60_000])]
    last = fingerprint(_csv(tmp_path / "c.csv", 120_000, change=119_999), chunk_rows=10_000)
    assert [a.name for a, _ in diff(base, last).changed] == ["rows/000011"]


def test_csv_digest_ignores_quoting_and_line_endings_not_text(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b'k,v\n1,hello\n2,"a,b"\n')
    (tmp_path / "b.csv").write_bytes(b'"k","v"\r\n"1",hello\r\n2,"a,b"\r\n')
    (tmp_path / "c.csv").write_bytes(b'k,v\n1,hello \n2,"a,b"\n')
    (tmp_path / "d.csv").write_bytes(b'k,v\n\n1,hello\n\n\n2,"a,b"\n\n')
    a, b, c, d = (fingerprint(tmp_path / f"{x}.csv", chunk_rows=1) for x in "abcd")
    assert a.root == b.root == d.root != c.root  # blank lines are not rows
    assert a.source["sha256"] != b.source["sha256"]  # the raw bytes differ, the table does not


def test_header_change_is_reported_as_meta(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("k,v\n1,2\n")
    (tmp_path / "b.csv").write_text("k,w\n1,2\n")
    d = diff(fingerprint(tmp_path / "a.csv"), fingerprint(tmp_path / "b.csv"))
    assert "columns" in d.meta and not d.changed and not d.same


@pytest.mark.parametrize(
    "content,fragment",
    [
        (b"\xff\xfe\x00garbage\x80\x81", "not utf-8"),
        (b"a,b\n1,2\n3\n", "data row 2 has 1 fields"),
        (b"", "empty csv"),
        (b'a,b\n1,"unterminated\n', "not a well-formed csv"),
    ],
)
def test_bad_csv_is_one_clear_error(tmp_path: Path, content: bytes, fragment: str) -> None:
    (tmp_path / "bad.csv").write_bytes(content)
    with pytest.raises(FingerprintError) as err:
        fingerprint(tmp_path / "bad.csv")
    assert fragment in str(err.value).lower() and "\n" not in str(err.value)


def test_missing_path_and_broken_symlink(tmp_path: Path) -> None:
    with pytest.raises(FingerprintError, match="no such file"):
        fingerprint(tmp_path / "nope")
    d = tmp_path / "d"
    d.mkdir()
    (d / "dangling").symlink_to(tmp_path / "gone")
    with pytest.raises(FingerprintError, match="broken symlink"):
        fingerprint(d)


def test_unknown_object_and_unknown_reading() -> None:
    with pytest.raises(FingerprintError, match="cannot fingerprint"):
        fingerprint(object())
    with pytest.raises(FingerprintError, match="unknown reading"):
        fingerprint(b"x", as_="zip")  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=6), min_size=2, max_size=2),
        max_size=30,
    ),
    st.integers(1, 7),
)
def test_csv_root_does_not_depend_on_threads(rows: list[list[str]], chunk: int) -> None:
    import csv
    import io
    import tempfile

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["x", "y"])
    w.writerows(r for r in rows if any(r))
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "t.csv"
        p.write_text(buf.getvalue(), encoding="utf-8", newline="")
        one = fingerprint(p, chunk_rows=chunk, workers=1)
        many = fingerprint(p, chunk_rows=chunk, workers=3)
    assert one == many and isinstance(one, Manifest)
