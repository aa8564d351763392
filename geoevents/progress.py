"""Progress on long runs: a one-line bar on standard error, drawn only when that is a terminal.

The engines take a :class:`Progress` and tell it how many rows there are and how many are done; the base class
does nothing, so library callers see no output. The CLI passes a :class:`ProgressBar`, which stays silent unless
its stream is a terminal and the run has at least ``min_total`` rows (pipes, files and CI logs get nothing).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress", "ProgressBar"]


class Progress:
    """Progress that is not shown: the interface the engines call."""

    def add_total(self, n: int) -> None:
        """``n`` more rows are to be done."""

    def update(self, n: int) -> None:
        """``n`` more rows are done."""

    def close(self) -> None:
        """The run is over."""


class ProgressBar(Progress):
    """A bar like ``near-border [#######.............]  35%  350,000/1,000,000 rows  4 s`` on a terminal
    (``unit="bytes"``: ``... 35%  98/280 MB  4 s``).

    Examples
    --------
    >>> import io
    >>> bar = ProgressBar("near-border", stream=io.StringIO(), min_total=1)  # not a terminal: silent
    >>> bar.add_total(10); bar.update(10); bar.close()
    >>> bar.stream.getvalue()
    ''
    """

    def __init__(self, label: str, *, stream: TextIO | None = None, min_total: int = 100_000,
                 width: int = 20, interval_s: float = 0.2, unit: str = "rows") -> None:
        self.label, self.stream, self.unit = label, stream if stream is not None else sys.stderr, unit
        self.min_total, self.width, self.interval_s = min_total, width, interval_s
        try:
            self.enabled = bool(self.stream.isatty())
        except (AttributeError, ValueError):  # no isatty, or a closed stream
            self.enabled = False
        self.total = self.done = 0
        self._start = time.monotonic()
        self._drawn_at: float | None = None

    def add_total(self, n: int) -> None:
        self.total += n

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self._drawn_at is None or now - self._drawn_at >= self.interval_s or self.done >= self.total:
            self._draw(now)

    def close(self) -> None:
        if self._drawn_at is not None:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
            self._drawn_at = None

    def _draw(self, now: float) -> None:
        if not self.enabled or self.total < self.min_total:
            return
        share = min(1.0, self.done / self.total) if self.total else 1.0
        filled = round(share * self.width)
        amount = (f"{self.done / 1e6:,.0f}/{self.total / 1e6:,.0f} MB" if self.unit == "bytes"
                  else f"{self.done:,}/{self.total:,} {self.unit}")
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%}  "
                          f"{amount}  {now - self._start:.0f} s")
        self.stream.flush()
        self._drawn_at = now
