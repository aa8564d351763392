"""``python -m geoevents``."""

from .cli import main

raise SystemExit(main())
