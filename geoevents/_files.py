"""File edges: atomic output (write to a temporary file beside the target, then rename it over the target), and
the one mapping of the errors of reading an input file to a one-line error naming it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from geoevents.errors import EventFileError, GeoEventsError, OutputError

__all__ = ["atomic_output", "atomic_write", "reading"]


@contextmanager
def reading(path: str | Path, *, error: type[GeoEventsError] = EventFileError) -> Iterator[None]:
    """Turn what can go wrong while reading ``path`` into ``error`` naming the file: no such file, not UTF-8 text
    (with the byte), malformed CSV, any other OS error.

    Examples
    --------
    >>> with reading("nowhere.yaml"):
    ...     open("nowhere.yaml").read()
    Traceback (most recent call last):
    ...
    geoevents.errors.EventFileError: nowhere.yaml: no such file
    """
    import csv

    try:
        yield
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise error(f"{path}: malformed CSV: {exc}") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part.

    Raises
    ------
    OutputError
        If the folder is missing or not writable; nothing is left behind.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {str(folder)!r} does not exist")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def atomic_output(path: str | Path, *, what: str = "file") -> Iterator[Path]:
    """A temporary path beside ``path`` (not yet created) for a writer that makes the file itself; on success it
    is renamed over ``path``, on any error it is removed and ``path`` is left as it was.

    Raises
    ------
    OutputError
        If the folder is missing or the writer fails with anything but a :class:`GeoEventsError`.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {str(folder)!r} does not exist")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # the writer creates it (GDAL and Arrow refuse or append to an existing file)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except GeoEventsError:
        tmp.unlink(missing_ok=True)
        raise
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write {what}: {exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
