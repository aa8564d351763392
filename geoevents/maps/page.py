"""The rendered map page as text: stable element names, and the self-contained variant with no network request.

Pure string functions; :func:`geoevents.maps.build.render_map` applies :func:`finish_page` to what folium renders.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence

from geoevents.errors import MapError
from geoevents.maps._assets import asset_bytes

__all__ = ["finish_page", "inline_assets", "stable_names"]

_DECLARED = re.compile(r'(?:\bvar |\blet |\bconst |\bid=")([a-z][a-z_]*_[0-9a-f]{32})(?![0-9a-f])')
_DATA = re.compile(r'<script type="application/json" id="[^"]*">([^<]*)</script>')


def finish_page(page: str, *, js: Mapping[str, str] | None = None, css: Mapping[str, str] | None = None) -> str:
    """``page`` with stable names (:func:`stable_names`) and, given folium's asset URLs ``js`` and ``css``, made
    self-contained (:func:`inline_assets`).

    The text of JSON data elements (``<script type="application/json">``, which holds no ``<``) is set aside
    meanwhile: it names nothing and loads nothing, and with many events it is most of the page.

    Examples
    --------
    >>> name = "map_" + 32 * "a"
    >>> finish_page(f'<div id="{name}"></div><script type="application/json" id="d">["{name}"]</script>')
    '<div id="map_1"></div><script type="application/json" id="d">["map_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]</script>'
    """
    texts, data, done = [], [], 0
    for match in _DATA.finditer(page):
        start, end = match.span(1)
        texts.append(page[done:start])
        data.append(page[start:end])
        done = end
    texts = stable_names([*texts, page[done:]])
    if js is not None and css is not None:
        texts = [inline_assets(text, js, css) for text in texts]
    return "".join(text + block for text, block in zip(texts, [*data, ""], strict=True))


def stable_names(pieces: Sequence[str]) -> list[str]:
    """Replace folium's random element names (``map_<uuid hex>``) in the ``pieces`` of a page by numbered ones,
    in order of appearance, so that the same map always renders to the same bytes. Only names folium declares
    (``var x``, ``id="x"``) change.

    Examples
    --------
    >>> stable_names(['<div id="map_' + 32 * 'a' + '"></div>', '<script>var map_' + 32 * 'a' + ' = 1;</script>'])
    ['<div id="map_1"></div>', '<script>var map_1 = 1;</script>']
    """
    names: dict[str, str] = {}
    for name in (name for piece in pieces for name in _DECLARED.findall(piece)):
        if name not in names:
            names[name] = f"{name[:-33]}_{len(names) + 1}"
    if not names:
        return list(pieces)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return [pattern.sub(lambda match: names[match[0]], piece) for piece in pieces]


def inline_assets(page: str, js: Mapping[str, str], css: Mapping[str, str]) -> str:
    """``page`` with Leaflet, jQuery and their CSS and images inlined and folium's other CDN assets left out.

    ``js`` and ``css`` map the page's asset URLs to folium's names for them (``"leaflet"``, ``"jquery"``,
    ``"leaflet_css"``, ...). Any other external script, stylesheet or image is an error, so the result makes no
    network request at all.

    Raises
    ------
    GeoEventsError
        If the page needs an external file that has no offline copy (a plugin, tiles).
    """

    def script(match: re.Match) -> str:
        name = js.get(match["url"])
        if name == "leaflet":
            return _inline_script(asset_bytes("leaflet.js"))
        if name == "jquery":
            return _inline_script(asset_bytes("jquery.js"))
        if name is not None:
            return ""
        raise MapError(f"cannot make the map self-contained: {match['url']} has no offline copy "
                             f"(build the map with tiles=False)")

    def stylesheet(match: re.Match) -> str:
        name = css.get(match["url"])
        if name == "leaflet_css":
            return f"<style>{_leaflet_css()}</style>"
        if name is not None:
            return ""
        raise MapError(f"cannot make the map self-contained: unknown stylesheet {match['url']}")

    page = re.sub(r'<script src="(?P<url>https?://[^"]+)"></script>', script, page)
    page = re.sub(r'<link rel="stylesheet" href="(?P<url>https?://[^"]+)"\s*/?>', stylesheet, page)
    leftover = re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', page)
    if leftover:
        raise MapError(f"cannot make the map self-contained: {leftover[1]}")
    return page


def _inline_script(code: bytes) -> str:
    text = code.decode("utf-8").replace("</script", "<\\/script")
    return f"<script>{text}</script>"


def _leaflet_css() -> str:
    css = asset_bytes("leaflet.css").decode("utf-8")

    def data_uri(match: re.Match) -> str:
        png = asset_bytes(match[1])
        return f"url(data:image/png;base64,{base64.b64encode(png).decode()})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)
