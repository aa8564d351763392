"""File edges: transactional output, and the one mapping of the errors of reading an input file to a one-line
error naming it.

Every output is written to a temporary file beside its target, flushed to disk, checked (a writer may say what it
expects to find, and GDAL's writers are re-opened, because some of them do not report failed writes), and only
then renamed over the target: a reader sees the old file or the whole new one, never a part. Inside
:func:`transaction` the renames wait until every file of the command is written, so a command that writes several
files writes all or none. After :func:`cancel` (the CLI calls it on SIGINT, SIGTERM and SIGHUP) no rename happens:
the temporary files are removed and the old outputs stay as they were. A target that exists and is not a regular
file (a folder, a FIFO, a device) is refused, never replaced.
"""

from __future__ import annotations

import contextvars
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geoevents.errors import EventFileError, GeoEventsError, OutputError

__all__ = ["atomic_output", "atomic_write", "cancel", "cancelled", "check_input", "check_numbers", "load_json",
           "output_folder", "reading", "shown_as", "shown_name", "shown_text", "transaction"]

MAX_DIGITS = 1000
"""Longest run of digits a structured input (JSON, YAML, GeoJSON) may hold. No coordinate, distance or count needs
more than a few dozen; Python refuses to convert integers over 4,300 digits, and converting long ones costs time that
grows with the square of their length, so longer runs are refused before parsing, with the line."""

_LONG_NUMBER = re.compile(rf"[0-9]{{{MAX_DIGITS + 1},}}")
_SHOWN: dict[str, str] = {}  # path -> the name messages and outputs give it (see shown_as)


@contextmanager
def shown_as(path: str | Path, name: str) -> Iterator[None]:
    """While inside, messages and outputs name the file ``path`` ``name``: standard input, which the CLI keeps in a
    temporary file because every reader takes paths, is ``<stdin>`` to the user (as in Python's and the compilers'
    messages), never ``/tmp/.../stdin.csv``; not ``-``, which a spreadsheet cell would have to mark as text.

    Examples
    --------
    >>> with shown_as("/tmp/x/stdin.csv", "<stdin>"):
    ...     shown_name("/tmp/x/stdin.csv"), shown_text("/tmp/x/stdin.csv:3: bad latitude")
    ('<stdin>', '<stdin>:3: bad latitude')
    >>> shown_name("/tmp/x/stdin.csv")
    '/tmp/x/stdin.csv'
    """
    _SHOWN[str(path)] = name
    try:
        yield
    finally:
        _SHOWN.pop(str(path), None)


def shown_name(path: str | Path) -> str:
    """The name of ``path`` in messages and outputs (see :func:`shown_as`): itself, unless it stands for another."""
    return _SHOWN.get(str(path), str(path))


def shown_text(text: str) -> str:
    """``text`` with every path that stands for another (see :func:`shown_as`) replaced by its name."""
    for path, name in _SHOWN.items():
        text = text.replace(path, name)
    return text


@contextmanager
def reading(path: str | Path, *, error: type[GeoEventsError] = EventFileError) -> Iterator[None]:
    """Turn what can go wrong while reading ``path`` into ``error`` naming the file: no such file, not UTF-8 text
    (with the byte), malformed CSV, any other OS error; and refuse, before anything is opened, a path that is a
    FIFO, a device or a socket (a FIFO would block for ever, ``/dev/zero`` never ends).

    Examples
    --------
    >>> with reading("nowhere.yaml"):
    ...     open("nowhere.yaml").read()
    Traceback (most recent call last):
    ...
    geoevents.errors.EventFileError: nowhere.yaml: no such file
    """
    import csv

    check_input(path, error=error)
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


def check_numbers(text: str, where: str, *, error: type[GeoEventsError] = EventFileError, line: bool = True) -> None:
    """Refuse ``text`` if it holds a run of more than :data:`MAX_DIGITS` digits, naming ``where`` and (unless
    ``line`` is false: ``where`` names it already) the line.

    Examples
    --------
    >>> check_numbers('{"km": ' + "9" * 5000 + "}", "x.json")
    Traceback (most recent call last):
    ...
    geoevents.errors.EventFileError: x.json: line 1: a number of 5000 digits (at most 1000 are read)
    """
    m = _LONG_NUMBER.search(text)
    if m:
        at = f" line {text.count(chr(10), 0, m.start()) + 1}:" if line else ""
        raise error(f"{where}:{at} a number of {m.end() - m.start()} digits (at most {MAX_DIGITS} are read)")


def load_json(text: str | bytes, where: str, *, error: type[GeoEventsError] = EventFileError, line: bool = True
              ) -> Any:
    """``json.loads(text)``, with every way it can fail as one ``error`` naming ``where``: malformed JSON (with the
    line and column), nesting too deep for the parser, a number too long (:func:`check_numbers`)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error(f"{where}: not UTF-8 text (byte {exc.start})") from None
    check_numbers(text, where, error=error, line=line)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at = f"line {exc.lineno}, column {exc.colno}" if line else f"column {exc.colno}"
        raise error(f"{where}: malformed JSON: {exc.msg} ({at})") from None
    except RecursionError:
        raise error(f"{where}: malformed JSON: nested too deeply") from None
    except ValueError as exc:  # anything else json refuses
        raise error(f"{where}: malformed JSON: {exc}") from None


def output_folder(path: str | Path) -> Path:
    """The folder ``path``, made (with its parents) if missing; a file in its place or a folder that cannot be made
    is an :class:`OutputError` naming it."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"{folder}: not a folder (a file of that name is in the way)") from None
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create folder: {exc.strerror or exc}") from None
    return folder


def check_input(path: str | Path, *, error: type[GeoEventsError] = EventFileError) -> None:
    """Refuse an input that exists and is neither a regular file nor a folder (a FIFO, a device, a socket)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing or unreadable: the reader says so, naming the file
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise error(f"{path}: not a regular file (a FIFO, a device or a socket); give a file")


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part.

    Raises
    ------
    OutputError
        If the folder is missing or not writable, or ``path`` is not a regular file; nothing is left behind.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(path, what="file", create=True) as tmp:
        try:
            with open(tmp, "wb") as out:
                out.write(payload)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
        if tmp.stat().st_size != len(payload):
            raise OutputError(f"{path}: cannot write: {tmp.stat().st_size} of {len(payload)} bytes written")
    return path


@contextmanager
def atomic_output(path: str | Path, *, what: str = "file", verify: Callable[[Path], None] | None = None,
                  create: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that makes the file itself (``create``: the file exists,
    empty); when the writer is done the file is flushed to disk, ``verify(tmp)`` may check it (raising if it is
    not what was written), and it is renamed over ``path`` (at the end of the :func:`transaction`, if one is
    open). On any error, or after :func:`cancel`, it is removed and ``path`` is left as it was.

    Raises
    ------
    OutputError
        If the folder is missing, ``path`` is not a regular file, or the writer fails with anything but a
        :class:`GeoEventsError`.
    """
    path = Path(path)
    _check_target(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        # a writer-made file keeps the target's extension (GDAL checks it, e.g. GeoPackage's .gpkg)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp" if create else path.suffix, dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    os.close(fd)
    tmp = Path(name)
    if not create:
        tmp.unlink()  # the writer creates it (GDAL and Arrow refuse or append to an existing file)
    try:
        yield tmp
        if not tmp.exists():
            raise OutputError(f"{path}: cannot write {what}: the writer made no file")
        _fsync(tmp)
        if verify is not None:
            verify(tmp)
        os.chmod(tmp, 0o644)
        group = _TRANSACTION.get()
        if group is not None:
            group.append((tmp, path))
        else:
            _commit([(tmp, path)])
    except GeoEventsError:
        tmp.unlink(missing_ok=True)
        raise
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write {what}: {exc.strerror or exc}") from None
        raise OutputError(f"{path}: cannot write {what}: {exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def transaction() -> Iterator[None]:
    """Files written inside (by :func:`atomic_write`/:func:`atomic_output`, also deep in library writers) are
    renamed over their targets only when the block ends without an error: all of them, or none."""
    pending: list[tuple[Path, Path]] = []
    token = _TRANSACTION.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _TRANSACTION.reset(token)
    _commit(pending)


def cancel(stop: bool = True) -> None:
    """From now on this process renames no output over its target (a signal arrived: the command is stopping);
    ``cancel(False)`` lifts that again, for the next command run in the same process."""
    _CANCELLED[0] = stop


def cancelled() -> bool:
    """Whether :func:`cancel` was called."""
    return _CANCELLED[0]


_TRANSACTION: contextvars.ContextVar[list[tuple[Path, Path]] | None] = contextvars.ContextVar(
    "geoevents_transaction", default=None)
_CANCELLED = [False]


def _commit(pending: list[tuple[Path, Path]]) -> None:
    if _CANCELLED[0]:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise KeyboardInterrupt
    for i, (tmp, path) in enumerate(pending):
        try:
            _check_target(path)
            os.replace(tmp, path)
        except (OSError, OutputError) as exc:
            for later, _ in pending[i:]:
                later.unlink(missing_ok=True)
            if isinstance(exc, OutputError):
                raise
            raise OutputError(f"{path}: cannot write: {exc.strerror}") from None


def _check_target(path: Path) -> None:
    """The folder must exist, and an existing target must be a regular file (never replace a FIFO, a device node
    or a folder with a file)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{path}: folder {str(folder)!r} does not exist")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, a device or a socket)"
        raise OutputError(f"{path}: is {kind}; name a file to write")


def _fsync(path: Path) -> None:
    if path.is_dir():  # a writer that makes a folder (partitioned output) has nothing to sync here
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
