"""The gazetteer's value objects: :class:`Place`, a populated place, and :class:`Resolution`, what a name
resolved to (the place, or the candidates and why none was chosen)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Place", "Resolution"]


@dataclass(frozen=True, slots=True)
class Place:
    """A populated place: GeoNames id (or a user id), names, (lon, lat), country, ISO 3166-2 region, population."""

    id: str
    name: str
    lon: float
    lat: float
    country: str
    region: str = ""
    population: int = 0
    names: tuple[str, ...] = ()
    source: str = "GeoNames"

    def label(self) -> str:
        """ "Glushkovo (RU-KRS, pop. 5,618)" """
        where = self.region or self.country
        return f"{self.name} ({where}, pop. {self.population:,})" if self.population else f"{self.name} ({where})"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name resolved to. ``place`` is set only when one candidate is clearly meant; ``candidates`` lists
    every place considered (best first) and ``note`` says how the choice was made or why none was."""

    query: str
    place: Place | None
    candidates: tuple[Place, ...] = ()
    note: str = ""
    fuzzy: bool = False
    outside: bool = False  # the candidates all lie outside the country/region named in the text

    @property
    def status(self) -> str:
        if self.place is not None:
            return "resolved"
        return "ambiguous" if self.candidates and not self.outside else "unknown"
