"""Credit-scored lending: a score model on real data, signed score attestations, a pool contract client,
and a year-long borrower simulation (see README.md)."""

from __future__ import annotations

__all__: list[str] = []
