"""Fingerprints of DataFrames, Parquet, sklearn estimators and tensors (optional extras)."""

from __future__ import annotations

import copy
import json
import pickle
import struct
from pathlib import Path
from typing import Any

import pytest

from nexus.exceptions import FingerprintError, MissingExtra
from nexus.ledger.fingerprint import diff, fingerprint
from nexus.ledger.fingerprint._optional import require


def _frame(n: int = 30_000) -> Any:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    return pd.DataFrame(
        {
            "i": range(n),
            "f": [i / 7 for i in range(n)],
            "s": [f"s{i}" for i in range(n)],
            "maybe": [None if i % 5 == 0 else float(i) for i in range(n)],
        }
    )


def test_dataframe_parquet_and_polars_agree(tmp_path: Path) -> None:
    df = _frame()
    m = fingerprint(df, chunk_rows=4096)
    assert m.meta["rows"] == 30_000 and m.meta["encoding"] == "arrow-columns/1"
    assert fingerprint(df, chunk_rows=4096, workers=1) == m
    df.to_parquet(tmp_path / "t.parquet", index=False, row_group_size=1000)  # odd row groups
    assert fingerprint(tmp_path / "t.parquet", chunk_rows=4096).root == m.root
    pl = pytest.importorskip("polars")
    assert fingerprint(pl.from_pandas(df), chunk_rows=4096).root == m.root


def test_one_changed_row_names_its_chunk_in_a_frame() -> None:
    df = _frame()
    before = fingerprint(df, chunk_rows=4096)
    df.loc[20_000, "s"] = "edited"
    d = diff(before, fingerprint(df, chunk_rows=4096))
    assert [(a.name, a.meta["rows"]) for a, _ in d.changed] == [("rows/000004", [16384, 20480])]


def test_null_and_nan_and_index_count() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    a = pd.DataFrame({"x": [1.0, None, 3.0]})
    b = pd.DataFrame({"x": [1.0, 0.0, 3.0]})
    assert fingerprint(a).root != fingerprint(b).root  # a null is not a zero
    c = a.set_axis(["p", "q", "r"])
    assert fingerprint(c).root != fingerprint(a).root  # a real index is content


def test_garbage_parquet_is_an_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    (tmp_path / "x.parquet").write_bytes(b"definitely not parquet")
    with pytest.raises(FingerprintError, match="not a readable Parquet"):
        fingerprint(tmp_path / "x.parquet")


def test_missing_extra_is_a_one_line_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def fake(name: str, *a: Any, **k: Any) -> Any:
        if name.startswith("polars"):
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", fake)
    import sys

    monkeypatch.delitem(sys.modules, "polars", raising=False)
    with pytest.raises(MissingExtra, match=r"pip install 'symbiotic-nexus\[polars\]'"):
        require("polars", "reading a polars frame")


def _xy() -> tuple[Any, Any]:
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(0)
    X = rng.random((200, 3))
    return X, (X[:, 0] + X[:, 1] > 1).astype(int)


@pytest.mark.parametrize("make", ["logreg", "forest", "pipeline", "hgb"])
def test_sklearn_estimators_are_canonical_without_pickle(make: str) -> None:
    pytest.importorskip("sklearn")
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = _xy()
    est = {
        "logreg": lambda: LogisticRegression(),
        "forest": lambda: RandomForestClassifier(n_estimators=3, random_state=0),
        "pipeline": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=0.5)),
        "hgb": lambda: HistGradientBoostingClassifier(max_iter=3, random_state=0),
    }[make]
    fitted = est().fit(X, y)
    m = fingerprint(fitted)
    assert m.kind == "estimator" and m.meta["fitted"]
    assert fingerprint(copy.deepcopy(fitted)).root == m.root
    assert fingerprint(pickle.loads(pickle.dumps(fitted))).root == m.root
    assert fingerprint(est()).root != m.root and not fingerprint(est()).meta["fitted"]
    refit = est().fit(X[:-3], y[:-3])
    assert fingerprint(refit).root != m.root  # other data, other fitted state
    if make == "logreg":
        names = [e.name for e in m.entries]
        assert {"params", "coef_", "intercept_", "classes_"} <= set(names)
        assert all(e.meta.get("encoding") != "pickle" for e in m.entries)


def test_hyperparameter_change_names_params() -> None:
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LogisticRegression

    d = diff(fingerprint(LogisticRegression(C=1.0)), fingerprint(LogisticRegression(C=2.0)))
    assert [a.name for a, _ in d.changed] == ["params"]


def _write_safetensors(path: Path, tensors: dict[str, Any], dtype: str) -> None:
    header, blobs, off = {}, [], 0
    for name, (raw, shape) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    head = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))


def test_torch_module_state_dict_checkpoint_and_safetensors_agree(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    m = fingerprint(net)
    assert m.kind == "tensors" and [e.name for e in m.entries] == ["0.bias", "0.weight", "2.bias", "2.weight"]
    assert m.entry("0.weight").meta == {"dtype": "F32", "shape": [8, 4]}
    assert fingerprint(net.state_dict()).root == m.root
    torch.save(net.state_dict(), tmp_path / "w.pt")
    assert fingerprint(tmp_path / "w.pt", as_="torch").root == m.root
    assert fingerprint(tmp_path / "w.pt").kind == "file"  # by default a .pt is just bytes
    sd = {k: (v.contiguous().numpy().tobytes(), list(v.shape)) for k, v in net.state_dict().items()}
    _write_safetensors(tmp_path / "w.safetensors", sd, "F32")
    assert fingerprint(tmp_path / "w.safetensors").root == m.root
    with torch.no_grad():
        net[2].weight[1, 3] += 1e-3
    d = diff(m, fingerprint(net))
    assert [a.name for a, _ in d.changed] == ["2.weight"]


def test_safetensors_needs_no_extra_and_rejects_garbage(tmp_path: Path) -> None:
    _write_safetensors(tmp_path / "a.safetensors", {"w": (b"\x00" * 16, [4])}, "F32")
    m = fingerprint(tmp_path / "a.safetensors")
    assert m.entries[0].meta == {"dtype": "F32", "shape": [4]}
    (tmp_path / "b.safetensors").write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json at all")
    with pytest.raises(FingerprintError, match="not a safetensors"):
        fingerprint(tmp_path / "b.safetensors")


def test_numpy_arrays_and_npz(tmp_path: Path) -> None:
    np = pytest.importorskip("numpy")
    a = np.arange(12, dtype="<i4").reshape(3, 4)
    assert fingerprint(a).root == fingerprint(a.astype(">i4")).root  # byte order is canonical
    assert fingerprint(a).root != fingerprint(a.T).root  # shape is content
    np.savez(tmp_path / "w.npz", w=a, b=np.ones(3))
    m = fingerprint(tmp_path / "w.npz")
    assert [e.name for e in m.entries] == ["b", "w"]
    assert m.root == fingerprint({"w": a, "b": np.ones(3)}).root
