"""The progress bar of long commands (a report, a mailbox's import)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn

from graph_mtl.cli._common import err

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(
    description: str, count: ProgressColumn, *, every_s: float
) -> Iterator[Callable[[int, int], None]]:
    """A bar on standard error when it is a terminal, silence otherwise; it yields
    `advance(done, total)`. It refreshes only when told, at most every `every_s`
    seconds and at the end (no refresh thread), so forking workers is safe."""
    bar = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        count,
        TimeRemainingColumn(),
        console=err,
        auto_refresh=False,
        transient=True,
        disable=not err.is_terminal,
    )
    task = bar.add_task(description, total=None)
    shown = [0.0]

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        now = time.monotonic()
        if done == total or now - shown[0] >= every_s:
            shown[0] = now
            bar.refresh()

    with bar:
        yield advance
