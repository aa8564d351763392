"""Optional online geocoding through geopy (Nominatim or Photon), returning the gazetteer's :class:`Place`.

The offline gazetteer is the default; this module is for names it does not know, and nothing in the package imports
it unless asked. The public OpenStreetMap Nominatim server is run by volunteers, and its usage policy
(https://operations.osmfoundation.org/policies/nominatim/) asks three things of a client, all of which are built in:

* **At most one request per second.** :class:`OnlineGeocoder` spaces its requests at least ``min_delay_s`` apart
  (1 s by default), counted across the whole instance and from the start of one request to the start of the next.
* **An identifying User-Agent.** The caller must name the application (e.g. ``"geoevents/0.1 (you@example.org)"``);
  a missing one, or geopy's own default, is refused before any request is made.
* **Cache the results.** Give ``cache_path`` and every answer (including "nothing found") is kept in a small SQLite
  file, so asking the same question again, even in a later run, sends nothing over the network.

Photon (photon.komoot.io) asks for the same fair use, so the same rules apply to it. Requests go through geopy's
stdlib urllib adapter: no connection pool stays open between lookups.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import asdict
from pathlib import Path
from typing import Any

from geopy.adapters import URLLibAdapter
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim, Photon

from geoevents.errors import OnlineGeocoderError
from geoevents.model import Place

__all__ = ["PROVIDERS", "OnlineGeocoder"]

PROVIDERS = {"nominatim": (Nominatim, "Nominatim"), "photon": (Photon, "Photon")}
"""Supported providers: name -> (geopy class, :attr:`Place.source` label)."""

_SAMPLE_AGENTS = {"my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here"}
_OSM_TYPES = {"N": "node", "W": "way", "R": "relation"}
_SCHEMA = """CREATE TABLE IF NOT EXISTS lookups (
    provider TEXT NOT NULL, domain TEXT NOT NULL, query TEXT NOT NULL, params TEXT NOT NULL,
    places TEXT NOT NULL, fetched_at REAL NOT NULL, PRIMARY KEY (provider, domain, query, params))"""


class OnlineGeocoder:
    """Look up place names with an online geocoder, politely: rate-limited, identified and cached.

    Parameters
    ----------
    provider
        ``"nominatim"`` or ``"photon"``.
    user_agent
        Identifies the application to the service, as Nominatim's usage policy requires.
    cache_path
        SQLite file for cached answers (created if missing); None caches nothing.
    domain, scheme
        Where the service runs (``"127.0.0.1:8080"``, ``"http"`` for a local one); None is the public server.
    min_delay_s
        Least time between the starts of two requests.
    timeout_s
        Time to wait for one answer.
    clock, sleep
        Monotonic clock and sleep function used by the rate limiter (replaceable in tests).
    """

    def __init__(self, provider: str = "nominatim", *, user_agent: str, cache_path: str | Path | None = None,
                 domain: str | None = None, scheme: str = "https", min_delay_s: float = 1.0,
                 timeout_s: float = 10.0, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], object] = time.sleep) -> None:
        if provider not in PROVIDERS:
            msg = f"unknown online geocoder {provider!r}; choose one of {', '.join(sorted(PROVIDERS))}"
            raise OnlineGeocoderError(msg)
        agent = (user_agent or "").strip()
        if not agent or agent.lower().startswith("geopy/") or agent in _SAMPLE_AGENTS or "\n" in agent or "\r" in agent:
            msg = (f"user agent {user_agent!r} is not allowed: Nominatim's usage policy requires a User-Agent that "
                   "identifies your application, e.g. 'geoevents/0.1 (you@example.org)'")
            raise OnlineGeocoderError(msg)
        if min_delay_s < 0 or timeout_s <= 0:
            msg = f"min_delay_s must be >= 0 and timeout_s > 0, not {min_delay_s!r} and {timeout_s!r}"
            raise OnlineGeocoderError(msg)
        cls, self.source = PROVIDERS[provider]
        options: dict[str, Any] = {"domain": domain} if domain else {}
        self.provider = provider
        self._geocoder = cls(user_agent=agent, scheme=scheme, timeout=timeout_s, adapter_factory=URLLibAdapter,
                             **options)
        self.domain: str = self._geocoder.domain
        self.min_delay_s = float(min_delay_s)
        self.cache_path = Path(cache_path) if cache_path is not None else None
        self._clock, self._sleep = clock, sleep
        self._last_request: float | None = None
        self._lock = threading.Lock()
        if self.cache_path is not None:
            self._with_cache(lambda conn: conn.execute(_SCHEMA))

    def lookup(self, name: str, *, country_codes: Iterable[str] = (), limit: int = 5) -> list[Place]:
        """Places called ``name``, best first, from the cache or else from the service.

        Parameters
        ----------
        name
            Place name as free text.
        country_codes
            ISO 3166-1 alpha-2 codes to restrict the search to (any case). Nominatim filters on the server; Photon
            has no such filter, so its results are filtered here, and results without a country code are kept.
        limit
            Most places to return.
        """
        query = " ".join(name.split())
        codes = sorted({code.strip().upper() for code in _listed(country_codes) if code.strip()})
        if not query or limit < 1 or not all(len(code) == 2 and code.isalpha() for code in codes):
            msg = (f"cannot look up {name!r} in {codes or 'all countries'} with limit {limit!r}: need a name, "
                   "ISO alpha-2 country codes and a limit of at least 1")
            raise OnlineGeocoderError(msg)
        params = json.dumps({"country_codes": codes, "limit": limit}, sort_keys=True)
        key = (self.provider, self.domain, query, params)
        if self.cache_path is not None:
            row = self._with_cache(lambda conn: conn.execute(
                "SELECT places FROM lookups WHERE provider=? AND domain=? AND query=? AND params=?", key).fetchone())
            cached = _from_json(row[0]) if row is not None else None
            if cached is not None:
                return cached
        places = self._fetch(query, codes, limit)
        if self.cache_path is not None:
            text = json.dumps([asdict(place) for place in places], ensure_ascii=False)
            self._with_cache(lambda conn: conn.execute(
                "INSERT OR REPLACE INTO lookups VALUES (?, ?, ?, ?, ?, ?)", (*key, text, time.time())))
        return places

    def _fetch(self, query: str, codes: list[str], limit: int) -> list[Place]:
        self._wait_turn()
        try:
            if self.provider == "nominatim":
                found = self._geocoder.geocode(query, exactly_one=False, limit=limit, addressdetails=True,
                                               country_codes=[code.lower() for code in codes])
            else:
                found = self._geocoder.geocode(query, exactly_one=False, limit=min(limit * 5, 50) if codes else limit)
            places = [self._parse(location.raw) for location in found or ()]
        except (GeopyError, OSError, LookupError, TypeError, ValueError) as error:
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            msg = f"{self.source} lookup of {query!r} at {self.domain} failed: {reason}"
            raise OnlineGeocoderError(msg) from None
        if codes:
            places = [place for place in places if not place.country or place.country in codes]
        return places[:limit]

    def _wait_turn(self) -> None:
        """Sleep until ``min_delay_s`` has passed since the previous request started, then claim the slot."""
        with self._lock:
            if self._last_request is not None:
                wait = self._last_request + self.min_delay_s - self._clock()
                if wait > 0:
                    self._sleep(wait)
            self._last_request = self._clock()

    def _parse(self, raw: dict[str, Any]) -> Place:
        if self.provider == "nominatim":
            address = raw.get("address") or {}
            name = raw.get("name") or str(raw.get("display_name", "")).split(",")[0].strip()
            return Place(id=f"nominatim:{raw['osm_type']}/{raw['osm_id']}", name=name, lon=float(raw["lon"]),
                         lat=float(raw["lat"]), country=str(address.get("country_code", "")).upper(),
                         source=self.source)
        props = raw["properties"]
        lon, lat = raw["geometry"]["coordinates"][:2]
        osm_type = _OSM_TYPES.get(props["osm_type"], str(props["osm_type"]).lower())
        return Place(id=f"photon:{osm_type}/{props['osm_id']}", name=str(props.get("name", "")), lon=float(lon),
                     lat=float(lat), country=str(props.get("countrycode", "")).upper(), source=self.source)

    def _with_cache(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``action`` in one transaction on a fresh connection, committed on success, rolled back on error."""
        assert self.cache_path is not None  # callers ask only when there is a cache
        try:
            with closing(sqlite3.connect(self.cache_path, timeout=30)) as conn, conn:
                return action(conn)
        except sqlite3.Error as error:
            msg = f"geocoder cache {str(self.cache_path)!r} cannot be used: {error}"
            raise OnlineGeocoderError(msg) from None


def _listed(codes: Iterable[str]) -> Iterable[str]:
    return [codes] if isinstance(codes, str) else codes


def _from_json(text: str) -> list[Place] | None:
    """Places stored by :meth:`OnlineGeocoder.lookup`, or None if the row is unreadable (then it is fetched again)."""
    try:
        return [Place(**{**place, "names": tuple(place["names"])}) for place in json.loads(text)]
    except (LookupError, TypeError, ValueError):
        return None
