"""The guided tour: numbered chapters, each a callable on a DemoContext, run in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console

from .._client import Nexus
from ..exceptions import ConfigError
from ..settings import Settings

__all__ = ["CHAPTERS", "Chapter", "DemoContext", "chapter", "run_tour"]


@dataclass
class DemoContext:
    """What a chapter gets: where to print, the open SDK handle and the settings it came from."""

    console: Console
    nexus: Nexus
    settings: Settings

    def step(self, text: str) -> None:
        """One narrated step of the tour."""
        self.console.print(f"\n[bold cyan]›[/] {text}")

    def reopen(self) -> Nexus:
        """Close the chain (flushing it) and open it again from the same settings."""
        self.nexus.close()
        self.nexus = Nexus(self.settings)
        return self.nexus


@dataclass(frozen=True)
class Chapter:
    """One chapter of the tour."""

    number: int
    title: str
    run: Callable[[DemoContext], None]


# Every chapter, kept sorted by number. Each capability adds one from its own module.
CHAPTERS: list[Chapter] = []


def chapter(number: int, title: str) -> Callable[[Callable[[DemoContext], None]], Callable[[DemoContext], None]]:
    """Register the decorated function as chapter `number`."""

    def register(fn: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        if any(c.number == number and c.run is not fn for c in CHAPTERS):
            raise ValueError(f"demo chapter {number} is defined twice")
        if all(c.run is not fn for c in CHAPTERS):
            CHAPTERS.append(Chapter(number, title, fn))
            CHAPTERS.sort(key=lambda c: c.number)
        return fn

    return register


def run_tour(settings: Settings, console: Console, only: Sequence[int] = ()) -> list[Chapter]:
    """Run the chapters (all, or those numbered in `only`) on one open chain; returns those run."""
    known = {c.number for c in CHAPTERS}
    missing = sorted(set(only) - known)
    if missing:
        raise ConfigError(f"no demo chapter {missing[0]}; chapters are {sorted(known)}")
    selected = [c for c in CHAPTERS if not only or c.number in only]
    ctx = DemoContext(console, Nexus(settings), settings)
    try:
        for ch in selected:
            console.rule(f"[bold]Chapter {ch.number}: {ch.title}")
            ch.run(ctx)
    finally:
        ctx.nexus.close()
    return selected
