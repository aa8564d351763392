"""Outputs are transactional: a signal mid-way through an export, a full disk, a target that is not a regular
file or a second output that fails leave every old file as it was and no temporary file; `| head` is quiet."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geoevents.cli import main
from geoevents.io import format_named, formats_for

WRITABLE = formats_for("write")
OLD = b"the old file, which must survive\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


SIGNAL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    import geoevents._files as files

    signum, mode = getattr(signal, sys.argv[1]), sys.argv[2]
    real_fsync = files._fsync

    def fsync_then_signal(path):  # the temporary file is written: the signal comes before it may be renamed
        real_fsync(path)
        os.kill(os.getpid(), signum)

    files._fsync = fsync_then_signal
    if mode == "swallowed":  # a writer that catches the interrupt and carries on, as C libraries may
        import pyogrio
        real_write = pyogrio.write_dataframe

        def write_swallowing(*args, **kwargs):
            try:
                os.kill(os.getpid(), signum)
            except BaseException:
                pass
            return real_write(*args, **kwargs)

        files._fsync = real_fsync
        pyogrio.write_dataframe = write_swallowing
    from geoevents.cli import main
    sys.exit(main(sys.argv[3:]))
""")


@pytest.mark.parametrize("signame, code", [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)])
@pytest.mark.parametrize("name", WRITABLE)
def test_a_signal_mid_way_through_an_export_leaves_the_old_file(tmp_path, name, signame, code):
    target = tmp_path / f"out{format_named(name).suffixes[0]}"
    target.write_bytes(OLD)
    done = subprocess.run([sys.executable, "-c", SIGNAL_SCRIPT, signame, "plain", "export", "-o", str(target)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []
    assert "no output was changed" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["gpkg", "flatgeobuf", "kml"])
def test_an_interrupt_a_writer_swallows_still_changes_nothing(tmp_path, name):
    target = tmp_path / f"out{format_named(name).suffixes[0]}"
    target.write_bytes(OLD)
    done = subprocess.run([sys.executable, "-c", SIGNAL_SCRIPT, "SIGTERM", "swallowed", "export", "-o", str(target)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode in (130, 143), done.stderr
    assert target.read_bytes() == OLD and _leftovers(tmp_path) == []


def test_a_fifo_or_a_folder_as_output_is_refused_and_left_alone(tmp_path, capsys):
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.geojson"
    folder.mkdir()
    for target, words in ((fifo, "not a regular file"), (folder, "is a folder")):
        assert main(["export", "-o", str(target)]) == 1
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1
    assert fifo.is_fifo() and folder.is_dir() and _leftovers(tmp_path) == []


def test_run_writes_its_map_and_geojson_together_or_not_at_all(tmp_path, capsys):
    (tmp_path / "seed.geojson").mkdir()  # the GeoJSON cannot be written
    (tmp_path / "seed.html").write_bytes(OLD)
    assert main(["run", "-o", str(tmp_path)]) == 1
    assert (tmp_path / "seed.html").read_bytes() == OLD  # the map written before the failure was not kept
    assert _leftovers(tmp_path) == []


def test_ingest_with_a_bad_export_keeps_the_old_drafts(tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text("Drones struck Sudzha in Kursk region on Sunday, officials said.")
    drafts = tmp_path / "drafts.yaml"
    drafts.write_bytes(OLD)
    assert main(["ingest", str(report), "-o", str(drafts), "--export", str(tmp_path / "out.docx")]) == 1
    assert drafts.read_bytes() == OLD and "cannot tell the format" in capsys.readouterr().err
    assert _leftovers(tmp_path) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 200 KiB tmpfs (root only; CI runs as root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk needs a tmpfs, which only root can mount")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize("name", WRITABLE)
def test_a_full_disk_fails_the_export_and_keeps_the_old_file(small_disk, tmp_path, name, capsys):
    events = tmp_path / "many.csv"  # 3,000 rows: every format's file is larger than the disk
    rows = ["event_id_cnty,event_date,latitude,longitude,geo_precision,notes"]
    rows += [f"X{i},2024-10-0{1 + i % 9},{51 + (i % 100) / 100:.2f},{34 + (i // 100) / 100:.2f},1,"
             f"{'a long note ' * 8}" for i in range(3000)]
    events.write_text("\n".join(rows) + "\n")
    target = small_disk / f"out{format_named(name).suffixes[0]}"
    target.write_bytes(OLD)
    assert main(["export", str(events), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"geoevents: error: {target}") and "Traceback" not in err, err
    assert target.read_bytes() == OLD and _leftovers(small_disk) == []


def test_a_closed_pipe_is_quiet(tmp_path):
    command = f"{shutil.which('geoevents') or sys.executable + ' -m geoevents'} near-border --km 10 --format json"
    done = subprocess.run(f"{command} | head -c 1", shell=True, capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, executable="/bin/bash")
    assert done.stdout == "[" and "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
