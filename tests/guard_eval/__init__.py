"""Independent evaluation of the guard: victim contracts written apart from the sandbox (two
implementations per attack class), attacks on them, and a benign suite of ordinary DeFi shapes.
Used by tests/unit/test_guard_eval.py and benchmarks/bench_guard.py (same harness, same cases)."""
