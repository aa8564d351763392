"""The dask engine of near-border: bulk answers over partitioned GeoParquet on a dask.distributed cluster.

dask-geopandas reads the partitions on the workers; each is normalised and answered there by the functions of the
in-process engine (:func:`geoevents.datasets.frames.normalise_frame`, :func:`geoevents.nearborder.bulk.answer_frame`),
with one :class:`~geoevents.nearborder.index.NearBorderIndex` built on the driver and broadcast to every worker (its
tile and distance indexes are rebuilt lazily there). The driver gathers the answered partitions in order and
:func:`geoevents.nearborder.bulk.collect` numbers, names and sorts them as it does for the in-process engine, so the
answers are identical. The boundaries travel to the workers too (about 14 MB, once), so that rows coded to a
province or country (ACLED 3, UCDP 3-6) get that area there as they do in process
(:func:`geoevents.datasets.frames.with_admin_areas`).

The cluster is the scheduler at ``scheduler`` (``tcp://host:8786``), whose workers must have geoevents and the same
dependencies installed and must be able to read the paths given, or else a local cluster of ``n_workers`` worker
processes, one thread each, started for the run and closed after it.

Only ``--engine dask`` imports this module; dask, distributed and dask-geopandas are the ``dask`` extra
(``pip install 'geoevents[dask]'``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from geoevents.datasets.frames import normalise_frame, with_admin_areas
from geoevents.errors import EngineError, EngineUnavailableError, EventFileError, FormatError, InvalidValueError
from geoevents.io import format_for
from geoevents.nearborder.bulk import BulkResult, answer_frame, collect, kept_columns
from geoevents.nearborder.index import NearBorderIndex
from geoevents.places.boundaries import Boundaries
from geoevents.progress import Progress

__all__ = ["check_inputs", "near_border_dask"]


def check_inputs(paths: list[str]) -> None:
    """Refuse, before any work, inputs that are not GeoParquet files, folders of them or URLs."""
    for path in paths:
        if not ("://" in str(path) or _is_parquet(path)):
            raise EventFileError(f"{path}: the dask engine reads GeoParquet (a .parquet file or a folder of them)")


def _is_parquet(path: str) -> bool:
    try:
        return format_for(path, purpose="table").name == "parquet"
    except FormatError:
        return False


def _answer_partition(partition: Any, index: NearBorderIndex, boundaries: Boundaries | None,
                      keep_geometry: bool, keep: dict[str, str] | None = None) -> Any:
    """Run on a worker: one raw GeoParquet partition in, its answered rows out (``keep``: the input columns to
    carry, :func:`~geoevents.nearborder.bulk.kept_columns`)."""
    frame = normalise_frame(partition, keep)
    if boundaries is not None:
        frame = with_admin_areas(frame, boundaries)
    return answer_frame(frame, index, keep_geometry=keep_geometry)


@contextmanager
def _client(scheduler: str | None, n_workers: int, processes: bool) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the dask scheduler at {scheduler!r}: {exc}") from None
        with client:
            yield client
        return
    if n_workers < 1:
        raise InvalidValueError(f"n_workers must be at least 1, got {n_workers}", field="n_workers")
    # the dashboard on a free port: None means distributed's fixed 8787, which a second run on the machine holds
    with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


def _rows(path: str) -> int:
    """Rows in a GeoParquet file or folder, from the Parquet footers (0 if they cannot be read here)."""
    try:
        import pyarrow.dataset as ds

        return int(ds.dataset(path, format="parquet").count_rows())
    except (OSError, ValueError):
        return 0


def near_border_dask(paths: list[str], index: NearBorderIndex, *, border: str, boundaries: Boundaries | None,
                     scheduler: str | None = None, n_workers: int = 2, processes: bool = True,
                     keep_geometry: bool = True, progress: Progress | None = None,
                     keep: str | Iterable[str] | None = None, statuses: Collection[str] | None = None
                     ) -> BulkResult:
    """Bulk near-border answers for the events in GeoParquet files or folders of partitions, on a dask cluster;
    ``keep``: input columns to carry into the answers (:func:`~geoevents.nearborder.bulk.kept_columns`);
    ``statuses``: keep only the answers of these (all are counted).

    Raises
    ------
    GeoEventsError
        If dask is not installed, a path is not GeoParquet, or the scheduler cannot be reached.
    """
    try:
        import dask_geopandas
        from distributed import as_completed
    except ImportError:
        raise EngineUnavailableError("the dask engine needs dask, distributed and dask-geopandas: "
                             "pip install 'geoevents[dask]'") from None
    check_inputs(paths)
    kept = kept_columns(paths, keep, fmt="parquet") if keep else {}
    progress = progress or Progress()
    pieces: list[tuple[str, Any]] = []
    with _client(scheduler, n_workers, processes) as client:
        shared = client.scatter(index, broadcast=True, hash=False)
        regions = client.scatter(boundaries, broadcast=True, hash=False) if boundaries is not None else None
        for path in paths:
            try:
                frame = dask_geopandas.read_parquet(path)
            except (OSError, ValueError) as exc:
                raise EventFileError(f"{path}: not GeoParquet: {exc}") from None
            progress.add_total(_rows(path))
            raw = client.compute(frame.to_delayed())
            answered = client.map(_answer_partition, raw, index=shared, boundaries=regions,
                                  keep_geometry=keep_geometry, keep=kept, pure=False)
            order = {future.key: i for i, future in enumerate(answered)}
            parts: list[Any] = [None] * len(answered)
            for future, part in as_completed(answered, with_results=True):
                parts[order[future.key]] = part
                progress.update(len(part))
            pieces.extend((str(path), part) for part in parts)
    progress.close()
    return collect(pieces, index=index, border=border, boundaries=boundaries, kept=tuple(kept.values()),
                   statuses=statuses)
