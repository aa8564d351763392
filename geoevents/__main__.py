"""``python -m geoevents``."""

from geoevents.cli import console

if __name__ == "__main__":  # not when a dask worker process (spawned) imports this as its main module
    console()
