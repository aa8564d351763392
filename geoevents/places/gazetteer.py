"""Place names: the embedded GeoNames gazetteer of Russia, Ukraine and Belarus, and matching names to places.

Reports spell the same village many ways: Tyotkino, Tetkino, Tëtkino, Tetkine, Тёткино. Every name is reduced to
a *skeleton* that folds case, diacritics, Cyrillic script and the usual transliteration variants (see
:func:`geoevents.places.names.skeleton`); names with equal skeletons match exactly, others may match fuzzily above
:data:`geoevents.settings.FUZZY_MIN_SCORE`. Nothing here guesses silently: a name with several plausible places
returns them all, ranked, and the caller decides (see :class:`~geoevents.model.Resolution`). User gazetteers are read by
:mod:`geoevents.places.user_gazetteer`.

Data: GeoNames ``cities500`` (CC BY 4.0, "GeoNames (geonames.org)"), built by ``boundaries/build_gazetteer.py``.
"""

from __future__ import annotations

import dataclasses
import gzip
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import cast, overload

from rapidfuzz import fuzz, process

from geoevents import settings
from geoevents.errors import GazetteerError
from geoevents.model import Place, Resolution
from geoevents.places.morphology import ending_forms, is_cyrillic, nominative_forms
from geoevents.places.names import skeleton, skeletons
from geoevents.places.user_gazetteer import read_user_gazetteer

__all__ = ["Gazetteer", "embedded_gazetteer", "embedded_places", "load_gazetteer"]

_DATA_FILE = "gazetteer.tsv.gz"


@dataclass
class Gazetteer:
    """Places indexed by skeleton. ``places`` may come from the embedded data and any user gazetteers."""

    places: Sequence[Place]
    keys: dataclasses.InitVar[list[tuple[str, ...]] | None] = None
    """Each place's distinct skeletons, if known already (the embedded data has them); else computed."""
    _index: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False)
    _keys: list[str] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self, keys: list[tuple[str, ...]] | None) -> None:
        self._index, self._keys = {}, []
        self._add_to_index(0, keys)

    def _add_to_index(self, start: int, known: list[tuple[str, ...]] | None = None) -> None:
        """Index the places from ``start`` on (those already indexed stay as they are), by ``known`` keys (one
        tuple per place) or by the skeletons of their names."""
        index = self._index
        if known is None:
            names = [(place.name, *place.names) for place in self.places[start:]]
            flat = iter(skeletons([n for some in names for n in some]))
            known = [tuple(k for k in dict.fromkeys(next(flat) for _ in some) if k) for some in names]  # in order
        for i, keys in enumerate(known, start=start):
            for key in keys:
                if key not in index:
                    index[key] = []
                    self._keys.append(key)
                index[key].append(i)

    def extend(self, places: Iterable[Place]) -> None:
        """Add places (a user gazetteer); they are matched like the embedded ones. A place whose id is already
        known (a GeoNames dump repeats the embedded places) is skipped. Only the new places are indexed."""
        own = self.places if isinstance(self.places, list) else list(self.places)  # the embedded rows: a list
        known = {p.id for p in own}
        start = len(own)
        own.extend(p for p in places if p.id not in known)
        self.places = own
        self._add_to_index(start)

    def copy(self) -> Gazetteer:
        """An independent gazetteer with the same places, without indexing them again."""
        new = Gazetteer.__new__(Gazetteer)
        new.places, new._keys = list(self.places), list(self._keys)
        new._index = {key: list(ids) for key, ids in self._index.items()}
        return new

    def __len__(self) -> int:
        return len(self.places)

    def knows(self, name: str) -> bool:
        """Whether some place is called ``name`` exactly (after folding: no fuzzy match; a Russian or Ukrainian
        name in any case by its dictionary form), as a quick test of a word of a text before it is read as a
        toponym."""
        key = skeleton(self.dictionary_form(name))
        return bool(key) and key in self._index

    def namesakes(self, name: str) -> int:
        """How many places are called ``name`` exactly (in its dictionary form); no fuzzy matching."""
        return len(self._index.get(skeleton(self.dictionary_form(name)), ()))

    def dictionary_form(self, name: str) -> str:
        """``name`` as the gazetteer knows it: itself if some place is called so, else the first of its Russian or
        Ukrainian nominative forms that some place is called ("Віролюбівці" -> "Віролюбівка"), else itself. A name
        some place is called that is also the case form of a far larger place's is that place's ("в Курске":
        Курск, not the village Курське, whose name spelling folds to the same)."""
        key = skeleton(name)
        if not key or not is_cyrillic(name):
            return name
        if key in self._index:
            here = max(self.places[i].population for i in self._index[key])
            for form in sorted(ending_forms(name), key=len):  # the rules only: no dictionaries for a known name
                hits = self._index.get(skeleton(form), ())
                if hits and max(self.places[i].population for i in hits) >= settings.POPULATION_DOMINANCE * max(
                        here, 1):
                    return form
            return name
        return next((f for f in nominative_forms(name) if skeleton(f) in self._index), name)

    def candidates(self, name: str) -> list[tuple[Place, float]]:
        """Places whose name matches ``name``, with a score: 100 for a skeleton match, else the fuzzy score.
        Sorted by score, then population (descending)."""
        key = skeleton(name)
        if not key:
            return []
        hits: dict[int, float] = {i: 100.0 for i in self._index.get(key, ())}
        if not hits and len(key) >= 5:
            for other, score, _ in process.extract(key, self._keys, scorer=fuzz.ratio,
                                                   score_cutoff=settings.FUZZY_MIN_SCORE, limit=25):
                for i in self._index[other]:
                    hits[i] = max(hits.get(i, 0.0), float(score))
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], -self.places[kv[0]].population, self.places[kv[0]].id))
        return [(self.places[i], s) for i, s in ranked]

    def resolve(self, name: str, *, countries: Iterable[str] = (), regions: Iterable[str] = (),
                near: Callable[[Place], bool] | None = None) -> Resolution:
        """Resolve ``name`` using what the text says around it.

        ``countries`` and ``regions`` (ISO codes) named in the same text narrow the candidates; ``near`` is a test
        for "close to the other places of the text". When several candidates remain, the most populous is taken
        only if it has at least :data:`geoevents.settings.POPULATION_DOMINANCE` times the population of the next;
        otherwise the name is ambiguous and all candidates are returned. A name found only outside the named regions
        is not resolved: those places are returned as candidates.
        """
        form = self.dictionary_form(name)
        if form != name:  # "у Віролюбівці": resolved as Віролюбівка, and the note says so
            found_form = self.resolve(form, countries=countries, regions=regions, near=near)
            return dataclasses.replace(found_form, query=name, note=f"{name!r} read as {form!r}; {found_form.note}")
        found = self.candidates(name)
        if not found:
            return Resolution(name, None, (), f"{name!r} is not in the gazetteer")
        fuzzy = found[0][1] < 100
        places = [p for p, _ in found]
        narrowed, why, far = places, [], ""
        for label, test in (("country", _in(set(countries), "country")), ("region", _in(set(regions), "region")),
                            ("proximity to the other places named", near)):
            if test is None:
                continue
            kept = [p for p in narrowed if test(p)]
            if not kept and test is near and (countries or regions):
                # the other places' extent (a district's circle) is a guess, the place named is a fact: kept
                far = "; farther from the other places named than their extent is taken to be"
                continue
            if not kept:
                others = ", ".join(p.label() for p in narrowed[:5])
                return Resolution(name, None, tuple(narrowed), f"{name!r}: no match in the {label} named in the "
                                  f"text; elsewhere: {others}", fuzzy, outside=True)
            if len(kept) < len(narrowed):
                why.append(f"{label}")
            narrowed = kept
        match = "fuzzy match" if fuzzy else "match"
        if len(narrowed) == 1:
            by = f" (narrowed by {', '.join(why)})" if why else ""
            return Resolution(name, narrowed[0], tuple(places), f"{match}: {narrowed[0].label()}{by}{far}", fuzzy)
        top, second = narrowed[0], narrowed[1]
        if top.population >= settings.POPULATION_DOMINANCE * max(second.population, 1) and top.population >= 10_000:
            return Resolution(name, top, tuple(narrowed), f"{match}: {top.label()}, the most populous of "
                              f"{len(narrowed)} places of that name", fuzzy)
        names = ", ".join(p.label() for p in narrowed[:6])
        more = f" and {len(narrowed) - 6} more" if len(narrowed) > 6 else ""
        return Resolution(name, None, tuple(narrowed), f"{name!r} is ambiguous: {names}{more}", fuzzy)

    def district_centre(self, name: str, *, countries: Iterable[str] = (), regions: Iterable[str] = ()) -> Resolution:
        """The administrative centre of a district or community named ``name``: "Glushkovsky" -> Glushkovo,
        "Sudzhansky" -> Sudzha, "Hlukhivskyi" -> Hlukhiv, "Shostka" -> Shostka.

        The adjectival suffix is cut and the stem compared with place names (the centre's name, less a final
        vowel or "-ka", starts the stem). Candidates are narrowed like :meth:`resolve`.
        """
        original = name
        if is_cyrillic(name):  # "Глушковского", "Шосткинському": the adjective's dictionary form
            name = next(iter(nominative_forms(name, gender="masc")), name)
        key = skeleton(name)
        stem = _ADJECTIVE.sub("", key)
        if stem == key or len(stem) < 3:  # not an adjective: "Shostka district", "Seredyna-Buda hromada"
            return self.resolve(original, countries=countries, regions=regions)
        # Ukrainian і where Russian has о or е: "Глушківський" is the district of Глушково
        variants = [stem, stem[:-2] + "ov", stem[:-2] + "ev"] if is_cyrillic(original) and stem.endswith("iv") else [
            stem]
        if stem.endswith("ian") and len(stem) >= 7:  # "-янский" of a name in -ное/-не: Ракитянский, Ракитное
            variants += [stem[:-3] + "n", stem[:-3]]
        found_hits = [(v, *self._centre_hits(key.replace(stem, v, 1), v)) for v in variants]
        # strong matches first ("Sevsky": Sevsk, not every place like it), then weak ones, until one lies where the
        # text says ("Миропільська громада" of Sumy region: Myropillia, not Myropil in Zhytomyr region)
        tries = ([(v, strong) for v, strong, _ in found_hits if strong]
                 + [(v, weak) for v, _, weak in found_hits if weak])
        if not tries:  # a centre named as an adjective ("Новгород-Сіверського району"), or misspelt: as a place
            found = self.resolve(name, countries=countries, regions=regions)
            if found.place is not None:
                return dataclasses.replace(found, note=f"administrative centre of {name!r}: no place of its stem; "
                                                       f"the name read as a place's: {found.note}")
            return Resolution(name, None, (), f"no administrative centre found for {name!r}")
        first = None
        for stem, hits in tries:
            places = sorted({self.places[i] for i in hits}, key=lambda p: (-p.population, p.id))
            sub = Gazetteer.__new__(Gazetteer)
            sub.places, sub._index, sub._keys = places, {stem: list(range(len(places)))}, [stem]
            found = sub.resolve(stem, countries=countries, regions=regions)
            note = f"administrative centre of {name!r}: " + found.note.replace(repr(stem), repr(name))
            result = Resolution(name, found.place, found.candidates, note, outside=found.outside)
            if not found.outside:
                return result
            first = first or result
        assert first is not None
        return first

    def _centre_hits(self, key: str, stem: str) -> tuple[list[int], list[int]]:
        """Places whose name is the stem of a district adjective (strong), or starts it within two letters
        (weak)."""
        short = re.sub(r"(ii|i|a|oe|e)$", "", key)  # "Rylsky" -> "rilsk" (Rylsk), "Sevsky" -> Sevsk
        strong, weak = list(self._index.get(short, ())), []
        for other, ids in self._index.items():
            if len(other) < 4 or not stem.startswith(other[:3]):
                continue
            if " " in other:  # two words make one adjective: Велика Писарівка, Великописарівська
                found = _compound_hit(other, stem)
                if found == "strong":
                    strong.extend(ids)
                elif found == "weak":
                    weak.extend(ids)
                continue
            bases = {other, other[:-1] if other[-1] in "aeiou" else other,
                     other[:-2] if other.endswith("ka") else other,
                     re.sub(r"(?<=n)(?:oie|oe)$", "", other),  # Ракитное: Ракитянский
                     re.sub(r"l?l(?:ia|ie|ye|ya|e)$", "l", other)}  # Миропілля: Миропільський
            if stem in bases and len(stem) >= 4:
                strong.extend(ids)
            elif any(stem.startswith(b) and len(stem) - len(b) <= 2 and len(b) >= 4 for b in bases):
                weak.extend(ids)
        return strong, weak


def _compound_hit(name: str, stem: str) -> str:
    """Whether the skeleton of a two-word place name is the stem of a district adjective made of both words, the
    first's stem joined by "o" ("velika pisarivka": "velikopisariv"-ska, "novi oskol": "novoskol"-ski, "seredina
    buda": "seredino bud"-ska, "krasnaia iaruha": "krasnoiaruz"-ski, its last consonant changed before the
    suffix): "strong", "weak" (within two letters), or ""."""
    words = name.split(" ")
    if len(words) != 2 or len(words[0]) < 3 or len(stem) < 6:
        return ""
    first = re.sub(r"(?:aia|oie|oe|ie|ia|ii|yi|a|e|i|o|y)$", "", words[0])
    weak = False
    for joined in (re.sub(r"(.)\1", r"\1", f"{first}o{words[1]}"), f"{first}o {words[1]}"):
        if stem in {joined, joined[:-1], joined[:-2] if joined.endswith("ka") else joined}:
            return "strong"
        if len(stem) >= 8 and stem[:-1] == joined[:-2]:  # the last consonant changed: Яруга, яружский
            return "strong"
        weak = weak or any(stem.startswith(b) and len(stem) - len(b) <= 2 for b in (joined[:-1], joined[:-2]))
    return "weak" if weak else ""


_ADJECTIVE = re.compile(r"(sk(ii|i|oi|aia|a|e|oe|oho|oho|ovo)|ck(ii|i|a))$")


def _in(codes: set[str], attr: str) -> Callable[[Place], bool] | None:
    if not codes:
        return None
    return lambda place: getattr(place, attr) in codes


# --- reading ------------------------------------------------------------------------------------------------
def load_gazetteer(extra: Iterable[str | Path] = (), *, region_of: Callable[[float, float, str], str] | None = None
                   ) -> Gazetteer:
    """The embedded gazetteer, extended with user gazetteers ``extra`` (see :func:`read_user_gazetteer`).

    Without ``extra`` this is :func:`embedded_gazetteer`, read once per process; with it, a copy of that one
    extended with the user's places (the embedded one is left as it is).
    """
    paths = list(extra)
    if not paths:
        return embedded_gazetteer()
    gazetteer = embedded_gazetteer().copy()
    for path in paths:
        gazetteer.extend(read_user_gazetteer(path, region_of=region_of))
    return gazetteer


@lru_cache(maxsize=1)
def embedded_gazetteer() -> Gazetteer:
    """The embedded GeoNames gazetteer, read and indexed once per process; the same object on every call, so
    treat it as read-only (:meth:`Gazetteer.copy` gives one to extend)."""
    places, keys = _embedded()
    return Gazetteer(places, keys=list(keys))


def embedded_places(bounds: tuple[float, float, float, float] | None = None) -> tuple[Place, ...]:
    """The places of the embedded GeoNames gazetteer, read once per process and not indexed (map labels need
    only their names, positions and populations); with ``bounds`` (lon/lat: west, south, east, north), only those
    inside, and only they are made."""
    rows = _embedded_rows()
    return tuple(rows) if bounds is None else tuple(rows.within(*bounds))


class _Rows(Sequence[Place]):
    """The embedded places, each made from its line of the table when it is first asked for: a name looked up
    reads a few of the 11,000 (making them all took longer than the rest of reading the table)."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._made: list[Place | None] = [None] * len(lines)
        self._positions: list[tuple[float, float]] | None = None

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, i: int) -> Place: ...

    @overload
    def __getitem__(self, i: slice) -> list[Place]: ...

    def __getitem__(self, i: int | slice) -> Place | list[Place]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        place = self._made[i]
        if place is None:
            place = self._made[i] = _place(self._lines[i])
        return place

    def within(self, west: float, south: float, east: float, north: float) -> list[Place]:
        """The places inside the bounds, in order; the others are not made."""
        if self._positions is None:
            self._positions = [(float(lon), float(lat)) for _, _, lon, lat, _ in (line.split("\t", 4)
                                                                                  for line in self._lines)]
        return [self[i] for i, (lon, lat) in enumerate(self._positions)
                if west <= lon <= east and south <= lat <= north]

    def __iter__(self) -> Iterator[Place]:  # all of them: made in one pass
        made = self._made
        for i, line in enumerate(self._lines):
            if made[i] is None:
                made[i] = _place(line)
        return iter(cast("list[Place]", made))


def _place(line: str) -> Place:
    """A place from its line of the embedded table (no quoting: the build writes no tab or newline in a field)."""
    gid, name, lon, lat, country, region, population, names, _ = line.split("\t")
    return Place(gid, name, float(lon), float(lat), country, region, int(population),
                 tuple(names.split("|")) if names else ())


def _embedded() -> tuple[_Rows, tuple[tuple[str, ...], ...]]:
    """The embedded places and their skeletons (the ``keys`` column, computed when the data was built)."""
    return _embedded_rows(), _embedded_keys()


@lru_cache(maxsize=1)
def _embedded_keys() -> tuple[tuple[str, ...], ...]:
    """The skeletons of each embedded place, from the table's last column (map labels need none of them)."""
    return tuple(tuple(k.split("|")) if k else () for k in (line.rpartition("\t")[2]
                                                            for line in _embedded_rows()._lines))


@lru_cache(maxsize=1)
def _embedded_rows() -> _Rows:
    """The embedded places (:class:`_Rows`), the table checked."""
    raw = resources.files("geoevents._data").joinpath(_DATA_FILE).read_bytes()
    header, *lines = gzip.decompress(raw).decode().split("\n")
    if header.split("\t") != list(_COLUMNS):
        raise GazetteerError(f"the embedded {_DATA_FILE} has columns {header!r}, not {_COLUMNS}: rebuild it "
                             "(python boundaries/build_gazetteer.py)")
    lines = [line for line in lines if line]
    bad = next((n for n, line in enumerate(lines, start=2) if line.count("\t") != len(_COLUMNS) - 1), None)
    if bad is not None:
        raise GazetteerError(f"the embedded {_DATA_FILE}: line {bad} has not {len(_COLUMNS)} fields: rebuild it "
                             "(python boundaries/build_gazetteer.py)")
    return _Rows(lines)


_COLUMNS = ("geonameid", "name", "lon", "lat", "country", "region", "population", "names", "keys")

