"""Sorted runs give the stable sort of everything added, whether the runs stayed in memory, went to disk, or some
of each; going back to a mark forgets the later parts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from geoevents.io import SortedRuns


def _parts(seed: int, n: int = 12) -> list[pa.Table]:
    rng = np.random.default_rng(seed)
    parts, row = [], 0
    for size in rng.integers(0, 400, n):
        keys = rng.integers(0, 30, size).astype(float) / 4  # many equal keys: the order among them counts
        tag = rng.choice(["a", "b", "c"], size)
        parts.append(pa.table({"row": np.arange(row, row + size), "km": keys,
                               "tag": pa.array(tag).dictionary_encode()}))
        row += size
    return parts


def _stable(parts: list[pa.Table]) -> list[dict]:
    whole = pa.concat_tables(parts).unify_dictionaries()
    return whole.take(pc.sort_indices(whole, sort_keys=[("km", "ascending")])).to_pylist()  # a stable sort


@pytest.mark.parametrize(("budget", "where"), [(1 << 30, {False}), (0, {True}), (20_000, {False, True})],
                         ids=["in memory", "on disk", "some of each"])
@pytest.mark.parametrize("rows", [1, 97, 65_536])
def test_runs_give_the_stable_sort_of_all_parts(budget, where, rows):
    parts = _parts(3)
    runs = SortedRuns("km", budget_bytes=budget)
    for part in parts:
        runs.add(part)
    assert {isinstance(r, Path) for r in runs._runs} == where  # on disk or not
    got = [r for batch in runs.batches(rows) for r in batch.to_pylist()]
    assert got == _stable(parts)
    assert len(runs) == sum(p.num_rows for p in parts)
    assert all(b.num_rows <= rows for b in runs.batches(rows))


@pytest.mark.parametrize("budget", [1 << 30, 0])
def test_one_run_and_going_back_to_a_mark(budget):
    parts = _parts(5, n=4)
    runs = SortedRuns("km", budget_bytes=budget)
    runs.add(parts[0])
    assert runs.table().to_pylist() == _stable(parts[:1])
    mark = runs.mark()
    for part in parts[1:]:
        runs.add(part)
    runs.drop_to(mark)
    runs.add(parts[1])
    assert runs.table().to_pylist() == _stable(parts[:2])
