"""The ScanDetector base class every detector family implements, and its registry."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import ClassVar

from ..findings import ScanFinding
from ..flow import Scope
from ..ir import ContractIR, Function, SourceUnit

__all__ = ["DETECTORS", "ScanDetector", "register"]


class ScanDetector(ABC):
    """One kind of vulnerability. Subclasses set the class attributes, implement `detect`, and ship a
    small vulnerable `example` and its `fixed` version (the conformance suite scans both)."""

    id: ClassVar[str]
    category: ClassVar[str]
    swc_id: ClassVar[str]
    severity: ClassVar[str]
    confidence: ClassVar[str]
    description: ClassVar[str]
    languages: ClassVar[tuple[str, ...]] = ("solidity",)
    example: ClassVar[str]
    fixed: ClassVar[str]

    @abstractmethod
    def detect(self, unit: SourceUnit) -> Iterable[ScanFinding]:
        """Every finding in one parsed file."""

    # helpers -----------------------------------------------------------------------------------
    def scopes(self, unit: SourceUnit) -> Iterator[Scope]:
        for c in unit.contracts:
            if c.kind != "interface":
                yield Scope.of(unit, c)

    def finding(
        self,
        unit: SourceUnit,
        line: int,
        message: str,
        *,
        contract: ContractIR | None = None,
        function: Function | None = None,
        severity: str | None = None,
        confidence: str | None = None,
        category: str | None = None,
        swc_id: str | None = None,
    ) -> ScanFinding:
        return ScanFinding(
            file=unit.path,
            line=line,
            category=category or self.category,
            swc_id=swc_id or self.swc_id,
            severity=severity or self.severity,
            confidence=confidence or self.confidence,
            message=message,
            evidence=unit.line_text(line),
            detector=self.id,
            contract=contract.name if contract else "",
            function=function.name if function else "",
        )


DETECTORS: list[type[ScanDetector]] = []


def register(cls: type[ScanDetector]) -> type[ScanDetector]:
    """Class decorator: add a detector to the registry (ids must be unique)."""
    if any(d.id == cls.id for d in DETECTORS):
        raise ValueError(f"detector id {cls.id!r} registered twice")
    DETECTORS.append(cls)
    return cls
