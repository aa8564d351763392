"""Tables sorted by one column, larger than memory if need be: an external merge sort on Arrow tables.

Parts of a table are added in order (:meth:`SortedRuns.add`), each sorted stably by the key as it comes (a copy
in Arrow's memory: the part's own buffers are freed while the next part is made, which reuses them), and kept as
*runs*, in memory until the runs together pass a byte budget, then written to temporary Arrow IPC files. On the
way out (:meth:`SortedRuns.batches`) the runs are merged: a stable sort of the keys of every run (8 bytes a row)
gives, for each output row, the run it comes from, and each run is read once, front to back, a block of rows at a
time (a take from one chunk is several times faster than one from a table of many chunks, as a concatenation of
the runs would be). Equal keys keep the order in which their rows were added, so the result is the stable sort of
the whole table, whether it stayed in memory or not.

Examples
--------
>>> import pyarrow as pa
>>> runs = SortedRuns("km", budget_bytes=0)  # every run goes to disk at once
>>> runs.add(pa.table({"id": ["a", "b", "c"], "km": [3.0, 1.0, 2.0]}))
>>> runs.add(pa.table({"id": ["d", "e"], "km": [2.0, 0.5]}))
>>> [t for b in runs.batches(rows=2) for t in b.column("id").to_pylist()]
['e', 'b', 'c', 'd', 'a']
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["SortedRuns"]

_BUDGET_BYTES = 256 << 20  # runs kept in memory up to this size, all together
_READ_ROWS = 16_384  # rows written per IPC batch, hence read at a time from a run on disk (a buffer per run)


class SortedRuns:
    """Parts of one table, each sorted stably by ``key``, merged back in order (see the module docstring)."""

    def __init__(self, key: str, *, budget_bytes: int = _BUDGET_BYTES) -> None:
        self.key = key
        self.budget_bytes = budget_bytes
        self._runs: list[Any] = []  # sorted: an Arrow table in memory, or the Path of an IPC file
        self._keys: list[np.ndarray] = []  # each run's keys, sorted
        self._memory = 0
        self._folder: Path | None = None
        self.schema: Any = None

    def __len__(self) -> int:
        return sum(len(k) for k in self._keys)

    def add(self, table: Any) -> None:
        """Add the next part of the table (an Arrow table with the same columns as the others)."""
        if self.schema is None:
            self.schema = table.schema
        keys = table.column(self.key).to_numpy()
        order = np.argsort(keys, kind="stable")
        self._runs.append(table.take(order).combine_chunks())
        self._keys.append(keys[order])
        self._memory += self._runs[-1].nbytes  # as drop_to counts it
        if self._memory > self.budget_bytes:
            self._spill()

    def mark(self) -> int:
        """A point to go back to with :meth:`drop_to` (the number of parts so far)."""
        return len(self._runs)

    def drop_to(self, mark: int) -> None:
        """Forget the parts added after ``mark``."""
        for run in self._runs[mark:]:
            if isinstance(run, Path):
                run.unlink(missing_ok=True)
            else:
                self._memory -= run.nbytes
        del self._runs[mark:], self._keys[mark:]

    def _spill(self) -> None:
        """Every run in memory written to a file."""
        import pyarrow as pa

        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="geoevents-sort-"))
            self._cleanup = weakref.finalize(self, shutil.rmtree, self._folder, ignore_errors=True)
        for i, run in enumerate(self._runs):
            if isinstance(run, Path):
                continue
            path = self._folder / f"run-{i}.arrow"
            with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, run.schema) as writer:
                writer.write_table(run, max_chunksize=_READ_ROWS)
            self._runs[i] = path
        self._memory = 0

    def batches(self, rows: int = 65_536) -> Iterator[Any]:
        """The whole table, sorted stably by the key, ``rows`` rows at a time (Arrow tables)."""
        if not self._runs:
            return
        if len(self._runs) == 1 and not isinstance(self._runs[0], Path):  # sorted already: slices of it
            table = self._runs[0]
            for start in range(0, table.num_rows, rows):
                yield table.slice(start, rows)
            return
        keys = np.concatenate(self._keys)
        source = np.repeat(np.arange(len(self._runs), dtype=np.int32), [len(k) for k in self._keys])
        source = source[np.argsort(keys, kind="stable")]
        del keys
        readers = [_Reader(run) for run in self._runs]
        try:
            for start in range(0, len(source), rows):
                block = source[start:start + rows]
                counts = np.bincount(block, minlength=len(readers))
                parts = [readers[r].take(int(c)) for r, c in enumerate(counts) if c]
                grouped = np.argsort(block, kind="stable")  # output positions, run by run
                place = np.empty(len(block), dtype=np.int64)
                place[grouped] = np.arange(len(block))
                yield _one_chunk(parts).take(place)
        finally:
            for reader in readers:
                reader.close()

    def table(self) -> Any:
        """The whole table, sorted (in memory)."""
        import pyarrow as pa

        parts = list(self.batches())
        if not parts:
            return self.schema.empty_table() if self.schema is not None else pa.table({})
        return pa.concat_tables(parts).combine_chunks()

    def close(self) -> None:
        """Remove the temporary files now (they also go when this object does)."""
        if self._folder is not None:
            self._cleanup()
            self._folder = None


def _one_chunk(tables: list[Any]) -> Any:
    """Tables of the same columns as one table with one chunk per column (dictionaries unified)."""
    import pyarrow as pa

    table = tables[0] if len(tables) == 1 else pa.concat_tables(tables)
    return table.unify_dictionaries().combine_chunks()


class _Reader:
    """A run read front to back, ``n`` rows at a time."""

    def __init__(self, run: Any) -> None:
        self._file = None
        if isinstance(run, Path):
            import pyarrow as pa

            self._file = pa.OSFile(str(run))
            self._ipc = pa.ipc.open_file(self._file)
            self._next, self._buffer = 0, None
        else:
            self._buffer = run
        self._at = 0

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def take(self, n: int) -> Any:
        import pyarrow as pa

        parts = []
        while n:
            if self._buffer is None or self._at == self._buffer.num_rows:
                if self._file is None or self._next == self._ipc.num_record_batches:
                    raise ValueError("a sorted run ran out of rows")
                self._buffer = pa.Table.from_batches([self._ipc.get_batch(self._next)])
                self._next += 1
                self._at = 0
            got = min(n, self._buffer.num_rows - self._at)
            parts.append(self._buffer.slice(self._at, got))
            self._at += got
            n -= got
        return parts[0] if len(parts) == 1 else pa.concat_tables(parts)
