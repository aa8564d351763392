"""Benchmark: geoevents on the development corpus of real border-area news reports.

    python benchmarks/corpus.py [CASES.yaml] [--ids d001,d004] [--json OUT]

The corpus lives outside the repository (default: $GEOEVENTS_CORPUS, a cases.yaml or the folder holding one, else
../shared/corpus/cases.yaml next to the repository); without it the benchmark prints one line and exits 0. Excerpts
(``kind: excerpt``) go through ``geoevents.geocode``, article openings (``kind: article``) through
``geoevents.ingestion.ingest`` with the case's publication date when it is a full ISO date. Everything runs offline.

Scoring, per case:

- *right*: the answer's uncertainty geometry holds the labelled point within 3 km (geodesic); a case labelled
  without a point (a region, a zone, a place missing from GeoNames) is right when the answer's representative point
  lies in the labelled first-level unit (``admin1`` + ``country``, mapped by name to the embedded boundaries);
- *wrong oblast*: located, not right, and the representative point lies in another first-level unit;
- *not located*: an exception (its type and message are the reason) or no location at all;
- *located, not right*: the rest (the reason says where the answer landed and how far from the labelled point).

Date and counts are scored for articles only (``geocode`` reads neither): the draft's date must equal
``event_date`` or be one of ``event_date_accept`` (of the articles with a labelled ``event_date``); every key of the
labelled ``counts`` must equal the draft's (of the articles with non-empty labelled counts; ``counts_accept`` lists
other acceptable sets).

The case texts belong to their publishers: they are read at run time only, and neither the printout nor the JSON
holds them (messages that quote a case's text are redacted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import sys
import time
import traceback
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import yaml

import geoevents
from geoevents.geometry import GEOD, LocalProjection
from geoevents.ingestion import ingest

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CASES = REPO.parent / "shared" / "corpus" / "cases.yaml"
RIGHT_KM = 3.0
LANGS = ("en", "ru", "uk")
OUTCOMES = ("right", "wrong oblast", "not located", "located, not right")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ADMIN_WORDS = re.compile(r"\b(?:oblast|oblast'|region|voblast|voblasts'|krai|kray|province|область|oblys)\b")
_CITY_TYPES = {"federal city", "city", "capital city", "autonomous city"}
_COUNT_KEYS = ("killed", "injured", "missing", "captured", "detained", "deserted")


# --- input ------------------------------------------------------------------------------------------------------------

def cases_path(arg: str | None) -> Path:
    """The cases file: the argument, else $GEOEVENTS_CORPUS, else the default; a folder means its cases.yaml."""
    raw = arg or os.environ.get("GEOEVENTS_CORPUS") or str(DEFAULT_CASES)
    path = Path(raw).expanduser()
    return path / "cases.yaml" if path.is_dir() else path


def full_date(value: Any) -> dt.date | None:
    """A publication date that is a full ISO date (a reader of the page would have it), else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- admin1 labels to boundary units ----------------------------------------------------------------------------------

def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _ADMIN_WORDS.sub(" ", text.replace("\u2019", "'"))
    return re.sub("[^0-9a-z\u0430-\u044f\u0451\u0456\u0457\u0454\u0491]+", "", text)


def _unit_names(unit: Mapping[str, Any]) -> set[str]:
    names = [unit.get(f) or "" for f in ("name", "name_en", "name_ru", "name_uk", "name_local")]
    names += (unit.get("name_alt") or "").split("|")
    return {_fold(n) for n in names if n} - {""}


def map_admin1(cases: list[dict], boundaries: geoevents.Boundaries) -> dict[tuple[str, str], int]:
    """(admin1, country) of every case -> the index of its first-level unit, matched by name within the country.

    When a name fits two units of the country (the data name Moscow city and Moscow Oblast alike), an admin1 that
    is not a city keeps the one unit that is not a city. Exits listing every admin1 that cannot be mapped.
    """
    out: dict[tuple[str, str], int] = {}
    problems = []
    for key in sorted({(str(c.get("admin1") or ""), str(c.get("country") or "")) for c in cases}):
        admin1, country = key
        want = _fold(admin1)
        hits = [i for i, u in enumerate(boundaries.units)
                if u.get("kind") == "region" and u.get("country") == country and want and want in _unit_names(u)]
        if len(hits) > 1 and not re.search(r"\bcity\b", admin1, re.IGNORECASE):
            hits = [i for i in hits if str(boundaries.units[i].get("type_en", "")).lower() not in _CITY_TYPES]
        if len(hits) == 1:
            out[key] = hits[0]
        else:
            found = ", ".join(boundaries.label(i) for i in hits) or "no unit of that name"
            problems.append(f"{admin1!r} ({country or 'no country'}): {found}")
    if problems:
        sys.exit("corpus: cannot map these admin1 labels to the boundary units: " + "; ".join(problems))
    return out


# --- measuring an answer ----------------------------------------------------------------------------------------------

def km_to_geometry(lon: float, lat: float, geom: shapely.Geometry) -> float:
    """Geodesic distance (km) from (lon, lat) to ``geom``: 0 inside, else measured in an AEQD projection centred on
    the point, where distances from the centre are geodesic."""
    if shapely.intersects(geom, shapely.Point(lon, lat)):
        return 0.0
    proj = LocalProjection(lon, lat)
    metric = proj.to_metric(shapely.segmentize(geom, 0.01))
    return float(shapely.distance(metric, shapely.Point(0.0, 0.0))) / 1000


def km_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000


def unit_at(boundaries: geoevents.Boundaries, lon: float, lat: float) -> int:
    return int(boundaries.units_at(np.array([lon]), np.array([lat]))[0])


def unit_label(boundaries: geoevents.Boundaries, i: int) -> str:
    return boundaries.label(i) if i >= 0 else "outside the boundary data"


_PLACE_LABEL = re.compile(r"(?:region )?[^\s(:;,'][^(:;]*? \((?:[A-Z]{2}-[A-Z0-9]{1,3}|[A-Z]{2})(?:, pop\. [\d,]+)?\)")


def used_places(toponyms) -> list[str]:
    """The gazetteer/boundary labels the used toponyms resolved to ("Sumy (UA-59, pop. 256,474)"), from the notes:
    our data's names, not the report's words."""
    out: list[str] = []
    for t in toponyms:
        if t.status != "used":
            continue
        m = _PLACE_LABEL.search(t.note.split(":", 1)[-1] if "match:" in t.note else t.note)
        label = m[0].strip() if m else ""
        if label.startswith("region "):
            label = label[len("region "):]
        if label and label not in out:
            out.append(label)
    return out


# --- keeping the texts out of the output ------------------------------------------------------------------------------

def redact(message: str, text: str) -> str:
    """``message`` without the case's text: the whole text, and any quoted run of five or more of its words."""
    if text:
        message = message.replace(repr(text), "<the case text>").replace(text, "<the case text>")
    flat = " ".join(text.split())

    def quoted(m: re.Match) -> str:
        fragment = " ".join(m[2].split())
        if len(fragment.split()) >= 5 and fragment in flat:
            return f"{m[1]}<{len(fragment.split())} words of the case text>{m[1]}"
        return m[0]

    message = re.sub(r"(['\"])(.{12,}?)\1", quoted, message)
    # a safety net for unquoted runs: any 8 consecutive words of the text
    words = message.split(" ")
    i, out = 0, []
    while i < len(words):
        window = " ".join(words[i:i + 8])
        if len(words) - i >= 8 and len(window) >= 30 and window in flat:
            out.append("<...>")
            i += 8
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


# --- one case ---------------------------------------------------------------------------------------------------------

_GAZ = "not in the gazetteer"


def _category(exc: BaseException, message: str) -> str:
    low = message.lower()
    hits = []
    for word, name in (("contradicts", "contradiction"), ("leaves no place", "contradiction"),
                       ("is ambiguous", "ambiguous name"), ("ambiguous region", "ambiguous name"),
                       ("not in the gazetteer", _GAZ), ("no match in", _GAZ), ("unknown region", "unknown region name"),
                       ("no administrative centre", _GAZ)):
        at = low.find(word)
        if at >= 0:
            hits.append((at, name))
    if hits:
        return min(hits)[1]
    if "locates" in low or "no location constraints" in low:
        return "no location read"
    return f"error ({type(exc).__name__})"


def draft_counts(draft) -> tuple[dict[str, int], list[str]]:
    """The counts a draft holds by kind (killed, injured, ...), and the values of its untyped "count" fields."""
    for holder in (draft, getattr(draft, "event", None)):
        counts = getattr(holder, "counts", None)
        if isinstance(counts, Mapping):
            return {str(k): v for k, v in counts.items()}, []
    typed: dict[str, int] = {}
    untyped = []
    for field in getattr(draft, "fields", ()):
        if field.name in _COUNT_KEYS:
            m = re.search(r"\d+", str(field.value))
            if m:
                typed[field.name] = int(m[0])
        elif field.name == "count":
            untyped.append(str(field.value))
    return typed, untyped


def run_case(case: dict, boundaries: geoevents.Boundaries, gazetteer: geoevents.Gazetteer,
             units: dict[tuple[str, str], int]) -> dict[str, Any]:
    cid, kind, text = str(case.get("id")), str(case.get("kind")), str(case.get("text") or "")
    labelled = units[(str(case.get("admin1") or ""), str(case.get("country") or ""))]
    lat, lon = case.get("lat"), case.get("lon")
    has_point = lat is not None and lon is not None
    labels = {k: case.get(k) for k in ("event_date", "event_date_accept", "event_date_partial", "counts",
                                        "counts_accept")}
    r: dict[str, Any] = {
        "id": cid, "kind": kind, "lang": case.get("lang"), "place": case.get("place"), "admin1": case.get("admin1"),
        "country": case.get("country"), "admin1_unit": boundaries.label(labelled),
        "lat": lat, "lon": lon, "hard_case": case.get("hard_case") or [],
        "published_passed": None, "outcome": None, "category": None, "reason": "",
        **{f"label_{k}": v for k, v in labels.items()},
    }
    start = time.perf_counter()
    draft = None
    try:
        if kind == "excerpt":
            geocoded = geoevents.geocode(text, boundaries=boundaries, gazetteer=gazetteer, event_id=cid)
        elif kind == "article":
            published = full_date(case.get("published"))
            r["published_passed"] = iso(published)
            draft = ingest(text, boundaries=boundaries, gazetteer=gazetteer, published=published, event_id=cid)
            geocoded = draft.geocoded
        else:
            raise ValueError(f"unknown case kind {kind!r}")
    except Exception as exc:
        message = redact(str(exc), text)
        r.update(outcome="not located", category=_category(exc, message), reason=f"{type(exc).__name__}: {message}")
        r["seconds"] = round(time.perf_counter() - start, 4)
        _score_fields(r, case, None)
        return r
    r["seconds"] = round(time.perf_counter() - start, 4)
    if geocoded is None:  # an article whose place could not be read is a draft to locate by hand
        r.update(outcome="not located", category="no location read",
                 reason=f"a draft to locate by hand: {redact(draft.unlocated, text)}")
        _score_fields(r, case, draft)
        return r
    try:
        r["used"] = used_places(geocoded.toponyms)
        r["toponyms"] = {s: sum(t.status == s for t in geocoded.toponyms)
                         for s in ("used", "context", "unresolved", "ambiguous")}
        _score_location(r, draft.event if draft is not None else geocoded.event, boundaries, labelled, has_point,
                        lon, lat)
        if r["outcome"] != "right" and r["used"]:
            r["reason"] += "; used: " + ", ".join(r["used"])
    except Exception as exc:  # scoring must not stop the run either
        r.update(outcome="not located", category=f"scoring error ({type(exc).__name__})",
                 reason=f"scoring failed: {type(exc).__name__}: {redact(str(exc), text)}")
        r["traceback"] = traceback.format_exc(limit=3)
    _score_fields(r, case, draft)
    return r


def _score_location(r: dict[str, Any], event, boundaries, labelled: int, has_point: bool, lon, lat) -> None:
    loc = event.location
    if loc is None or loc.geometry is None or loc.geometry.is_empty:
        r.update(outcome="not located", category="no location read", reason="no constraints: no location")
        return
    px, py = float(loc.point.x), float(loc.point.y)
    at = unit_at(boundaries, px, py)
    r.update(point=[round(px, 5), round(py, 5)], area_km2=loc.area_km2, radius_km=loc.radius_km,
             point_unit=unit_label(boundaries, at), point_in_admin1=at == labelled,
             constraints=[c.describe() for c in event.constraints])
    if has_point:
        region_km = km_to_geometry(float(lon), float(lat), loc.geometry)
        point_km = km_between(px, py, float(lon), float(lat))
        r.update(region_km=round(region_km, 3), point_km=round(point_km, 3))
        right = region_km <= RIGHT_KM
        how_far = (f"region {region_km:,.1f} km and its point {point_km:,.1f} km from the labelled point "
                   f"(area {loc.area_km2:,.1f} km2)")
    else:
        right = at == labelled
        how_far = f"area {loc.area_km2:,.1f} km2, radius {loc.radius_km:,.1f} km"
    if right:
        r.update(outcome="right", category="right")
    elif at >= 0 and at != labelled:
        r.update(outcome="wrong oblast", category="wrong place picked (other unit)",
                 reason=f"landed in {unit_label(boundaries, at)}: {how_far}")
    else:
        r.update(outcome="located, not right", category="misses the point in the right unit" if at == labelled
                 else "outside the boundary data",
                 reason=f"landed in {unit_label(boundaries, at)}: {how_far}")


def _score_fields(r: dict[str, Any], case: dict, draft) -> None:
    """Date and counts, for articles (excerpts via geocode have neither)."""
    r["date_scored"] = r["kind"] == "article" and case.get("event_date") is not None
    labelled_counts = case.get("counts") or {}
    r["counts_scored"] = r["kind"] == "article" and bool(labelled_counts)
    got_date = iso(draft.event.date) if draft is not None and draft.event.date else None
    date_field = draft.field("date") if draft is not None else None
    r["date"] = got_date
    r["date_confidence"] = date_field.confidence if date_field else None
    accept = {iso(case.get("event_date"))} | {iso(d) for d in (case.get("event_date_accept") or [])}
    r["date_right"] = bool(r["date_scored"] and draft is not None and got_date in accept)
    typed, untyped = draft_counts(draft) if draft is not None else ({}, [])
    r["counts"], r["count_fields"] = typed, untyped
    options = [labelled_counts] + [c for c in (case.get("counts_accept") or []) if isinstance(c, Mapping)]
    r["counts_right"] = bool(r["counts_scored"] and draft is not None
                             and any(all(typed.get(k) == v for k, v in opt.items()) for opt in options if opt))


# --- the report -------------------------------------------------------------------------------------------------------

def _ratio(k: int, n: int) -> str:
    return f"{k}/{n}" if n else "-"


def table(results: list[dict[str, Any]]) -> list[str]:
    head = (f"{'lang':<6}{'cases':>6}{'right':>7}{'wrong oblast':>14}{'not located':>13}{'located, not right':>20}"
            f"{'date right':>12}{'counts right':>14}{'time (s)':>10}")
    lines = [head, "-" * len(head)]
    groups = [(lang, [r for r in results if r["lang"] == lang]) for lang in LANGS]
    groups.append(("all", results))
    for name, rows in groups:
        by = {o: sum(r["outcome"] == o for r in rows) for o in OUTCOMES}
        dates = [r for r in rows if r["date_scored"]]
        counts = [r for r in rows if r["counts_scored"]]
        lines.append(f"{name:<6}{len(rows):>6}{by['right']:>7}{by['wrong oblast']:>14}{by['not located']:>13}"
                     f"{by['located, not right']:>20}{_ratio(sum(r['date_right'] for r in dates), len(dates)):>12}"
                     f"{_ratio(sum(r['counts_right'] for r in counts), len(counts)):>14}"
                     f"{sum(r['seconds'] for r in rows):>10.2f}")
    for kind in ("excerpt", "article"):
        rows = [r for r in results if r["kind"] == kind]
        if rows:
            by = {o: sum(r["outcome"] == o for r in rows) for o in OUTCOMES}
            lines.append(f"  {kind}s: {len(rows)} cases, {by['right']} right, {by['wrong oblast']} wrong oblast, "
                         f"{by['not located']} not located, {by['located, not right']} located, not right")
    return lines


def misses(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    for r in results:
        if r["outcome"] == "right":
            continue
        label = f"{r['place']} / {r['admin1']} ({r['country']})"
        lines.append(f"{r['id']}  {r['kind']:<7}  {label}: {r['outcome']} [{r['category']}]: {r['reason']}")
    return lines


def field_misses(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    for r in results:
        if r["date_scored"] and not r["date_right"]:
            want = ", ".join(sorted({str(d) for d in [r["label_event_date"], *(r["label_event_date_accept"] or [])]
                                     if d is not None}))
            got = r["date"] or ("no draft" if r["outcome"] == "not located" and r["kind"] == "article" else "none")
            lines.append(f"{r['id']}  date: got {got} ({r['date_confidence'] or '-'}), want {want}")
    for r in results:
        if r["counts_scored"] and not r["counts_right"]:
            got = ", ".join(f"{k} {v}" for k, v in sorted(r["counts"].items())) or "no typed counts"
            extra = f"; untyped count fields: {'; '.join(r['count_fields'])}" if r["count_fields"] else ""
            want = ", ".join(f"{k} {v}" for k, v in sorted((r["label_counts"] or {}).items()))
            lines.append(f"{r['id']}  counts: got {got}{extra}; want {want}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("cases", nargs="?", help="cases.yaml (default: $GEOEVENTS_CORPUS, else %(default)s)")
    parser.add_argument("--ids", help="comma-separated case ids to run, e.g. d001,d004")
    parser.add_argument("--json", metavar="OUT", help="write the per-case results as JSON")
    args = parser.parse_args()

    path = cases_path(args.cases)
    if not path.is_file():
        print(f"corpus: no cases file at {path} (pass CASES.yaml or set GEOEVENTS_CORPUS): skipping")
        return
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [c for c in (data or {}).get("cases") or [] if isinstance(c, dict)]
    if args.ids:
        wanted = [s.strip() for s in args.ids.split(",") if s.strip()]
        known = {str(c.get("id")) for c in cases}
        unknown = [i for i in wanted if i not in known]
        if unknown:
            parser.error(f"--ids: not in {path}: {', '.join(unknown)}")
        cases = [c for c in cases if str(c.get("id")) in set(wanted)]

    t = time.perf_counter()
    boundaries = geoevents.load_boundaries()
    gazetteer = geoevents.load_gazetteer()
    # warm-up on phrases of our own (lazy data, dateparser's import), so that the first case's time is its own
    geoevents.geocode("12 km north-west of Sumy", boundaries=boundaries, gazetteer=gazetteer)
    ingest("Drones struck Sumy on Monday.", boundaries=boundaries, gazetteer=gazetteer, published=dt.date(2024, 1, 1))
    setup = time.perf_counter() - t
    units = map_admin1(cases, boundaries)
    for case in cases:  # a label whose point lies in another unit than its admin1 would make the scores unfair
        if case.get("lat") is not None and case.get("lon") is not None:
            at = unit_at(boundaries, float(case["lon"]), float(case["lat"]))
            want = units[(str(case.get("admin1") or ""), str(case.get("country") or ""))]
            if at != want:
                print(f"corpus: warning: {case.get('id')}: the labelled point lies in {unit_label(boundaries, at)}, "
                      f"not in {boundaries.label(want)}", file=sys.stderr)

    results = []
    t = time.perf_counter()
    for case in cases:
        results.append(run_case(case, boundaries, gazetteer, units))
    total = time.perf_counter() - t

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"geoevents {geoevents.__version__}")
    print(f"corpus: {path} ({data.get('corpus', '?')}), {len(results)} cases; right = the region holds the "
          f"labelled point within {RIGHT_KM:g} km, or (no point) its point lies in the labelled admin1")
    print("date and counts: articles only (excerpts go through geocode, which reads neither)")
    print()
    for line in table(results):
        print(line)
    print()
    print(f"misses ({sum(r['outcome'] != 'right' for r in results)}):")
    for line in misses(results):
        print("  " + line)
    extra = field_misses(results)
    if extra:
        print()
        print(f"date and count misses ({len(extra)}):")
        for line in extra:
            print("  " + line)
    slowest = sorted(results, key=lambda r: -r["seconds"])[:3]
    print()
    print(f"time: {total:.2f} s for {len(results)} cases (setup: boundaries, gazetteer and a warm-up {setup:.2f} s); "
          f"slowest: " + ", ".join(f"{r['id']} {r['seconds']:.2f} s" for r in slowest))
    if args.json:
        out = {"corpus": str(path), "geoevents": geoevents.__version__, "right_km": RIGHT_KM,
               "run_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
               "seconds": round(total, 3), "setup_seconds": round(setup, 3), "cases": results}
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str) + "\n",
                                   encoding="utf-8")
        print(f"json: {args.json}")


if __name__ == "__main__":
    main()
