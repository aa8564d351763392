"""Online geocoding against a canned Nominatim/Photon server on 127.0.0.1; nothing here reaches the internet."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import geopy
import pytest

from geoevents.errors import GeoEventsError
from geoevents.model import Place
from geoevents.errors import OnlineGeocoderError
from geoevents.places.online import OnlineGeocoder

AGENT = "geoevents-tests/0.1 (tests@example.org)"

# made-up places: Testovka (RU), Testivka (UA), and a Photon result without a country code
NOMINATIM = [
    {"place_id": 1001, "osm_type": "node", "osm_id": 123, "lat": "51.3", "lon": "34.5", "name": "Testovka",
     "display_name": "Testovka, Testovsky District, Kursk Oblast, Russia",
     "address": {"village": "Testovka", "state": "Kursk Oblast", "country": "Russia", "country_code": "ru"}},
    {"place_id": 1002, "osm_type": "way", "osm_id": 456, "lat": "50.9", "lon": "35.1", "name": "Testivka",
     "display_name": "Testivka, Sumy Oblast, Ukraine",
     "address": {"village": "Testivka", "state": "Sumy Oblast", "country": "Ukraine", "country_code": "ua"}},
]
PHOTON = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.5, 51.3]},
     "properties": {"osm_type": "N", "osm_id": 123, "name": "Testovka", "country": "Russia", "countrycode": "RU"}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [35.1, 50.9]},
     "properties": {"osm_type": "W", "osm_id": 456, "name": "Testivka", "country": "Ukraine", "countrycode": "UA"}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.0, 50.0]},
     "properties": {"osm_type": "R", "osm_id": 789, "name": "Testovo"}},
]}
TESTOVKA = Place(id="nominatim:node/123", name="Testovka", lon=34.5, lat=51.3, country="RU", source="Nominatim")


@dataclass
class FakeClock:
    now: float = 100.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class Server:
    port: int
    mode: str = "ok"  # ok | empty | 500 | garbage | slow
    clock: FakeClock = field(default_factory=FakeClock)
    requests: list[dict] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def geocoder(self, provider: str = "nominatim", **options) -> OnlineGeocoder:
        options = {"user_agent": AGENT, "clock": self.clock, "sleep": self.clock.sleep, **options}
        return OnlineGeocoder(provider, domain=f"127.0.0.1:{self.port}", scheme="http", **options)


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            server.requests.append({"path": url.path, "params": parse_qs(url.query), "at": server.clock.now,
                                    "agent": self.headers.get("User-Agent")})
            if server.mode == "slow":
                server.release.wait(5)
                return
            status, body = 200, {"/search": NOMINATIM, "/api": PHOTON}.get(url.path)
            if server.mode == "empty":
                body = [] if url.path == "/search" else {"type": "FeatureCollection", "features": []}
            if url.path == "/search" and "addressdetails" not in parse_qs(url.query):
                body = [{k: v for k, v in place.items() if k != "address"} for place in body]
            data = json.dumps(body).encode()
            if server.mode == "500":
                status, data = 500, b"<html>Internal Server Error\n</html>"
            elif server.mode == "garbage":
                data = b"<html>\nnot json\n</html>"
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args) -> None:  # keep pytest output clean
            pass

    return Handler


@pytest.fixture
def server():
    state = Server(port=0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield state
    state.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_nominatim_results_parse_into_places_lon_lat(server):
    places = server.geocoder().lookup("Testovka")
    assert places == [TESTOVKA, Place(id="nominatim:way/456", name="Testivka", lon=35.1, lat=50.9, country="UA",
                                      source="Nominatim")]
    (request,) = server.requests
    assert request["path"] == "/search"
    assert request["params"]["q"] == ["Testovka"]
    assert request["params"]["addressdetails"] == ["1"]
    assert request["params"]["limit"] == ["5"]


def test_photon_results_parse_into_places_lon_lat(server):
    places = server.geocoder("photon").lookup("Testovka", limit=2)
    assert places == [
        Place(id="photon:node/123", name="Testovka", lon=34.5, lat=51.3, country="RU", source="Photon"),
        Place(id="photon:way/456", name="Testivka", lon=35.1, lat=50.9, country="UA", source="Photon"),
    ]
    (request,) = server.requests
    assert request["path"] == "/api"
    assert request["params"]["q"] == ["Testovka"]
    assert request["params"]["limit"] == ["2"]


@pytest.mark.parametrize("provider", ["nominatim", "photon"])
def test_requests_carry_our_user_agent(server, provider):
    server.geocoder(provider).lookup("Testovka")
    assert [r["agent"] for r in server.requests] == [AGENT]


@pytest.mark.parametrize("agent", [None, "", "   ", f"geopy/{geopy.__version__}", "geopy/1.0", "my-application",
                                   "app\r\nX-Evil: 1"])
@pytest.mark.parametrize("provider", ["nominatim", "photon"])
def test_missing_or_default_user_agent_raises(server, provider, agent):
    with pytest.raises(OnlineGeocoderError, match="User-Agent") as caught:
        server.geocoder(provider, user_agent=agent)
    assert "\n" not in str(caught.value)
    assert "usage policy" in str(caught.value)
    assert server.requests == []


def test_user_agent_is_required_keyword():
    with pytest.raises(TypeError):
        OnlineGeocoder("nominatim")  # type: ignore[call-arg]


def test_unknown_provider_raises():
    with pytest.raises(OnlineGeocoderError, match="'google'.*nominatim, photon"):
        OnlineGeocoder("google", user_agent=AGENT)


def test_nominatim_sends_the_country_filter(server):
    server.geocoder().lookup("Testovka", country_codes=["UA", " ru", "ua"])
    (request,) = server.requests
    assert request["params"]["countrycodes"] == ["ru,ua"]


def test_a_single_country_code_string_is_one_code(server):
    server.geocoder().lookup("Testovka", country_codes="RU")
    assert server.requests[0]["params"]["countrycodes"] == ["ru"]


def test_nominatim_sends_no_country_filter_by_default(server):
    server.geocoder().lookup("Testovka")
    assert "countrycodes" not in server.requests[0]["params"]


def test_photon_filters_countries_client_side(server):
    places = server.geocoder("photon").lookup("Testovka", country_codes=["ua"], limit=5)
    assert [(p.id, p.country) for p in places] == [("photon:way/456", "UA"), ("photon:relation/789", "")]
    assert server.requests[0]["params"]["limit"] == ["25"]  # asks for more, since some are filtered out here
    assert "countrycodes" not in server.requests[0]["params"]


def test_nothing_found_is_an_empty_list(server):
    server.mode = "empty"
    assert server.geocoder().lookup("Nowhere") == []
    assert server.geocoder("photon").lookup("Nowhere") == []


def test_cache_answers_repeated_lookups_without_the_network(server, tmp_path):
    cache = tmp_path / "geocoder.sqlite"
    geocoder = server.geocoder(cache_path=cache)
    first = geocoder.lookup("Testovka")
    assert geocoder.lookup("Testovka") == first
    assert geocoder.lookup("  Testovka ") == first  # same query after whitespace folding
    assert len(server.requests) == 1

    again = server.geocoder(cache_path=str(cache)).lookup("Testovka")  # a new instance, e.g. a later run
    assert again == first and again[0] == TESTOVKA
    assert len(server.requests) == 1


def test_cache_key_includes_provider_and_parameters(server, tmp_path):
    cache = tmp_path / "geocoder.sqlite"
    server.geocoder(cache_path=cache).lookup("Testovka")
    server.geocoder(cache_path=cache).lookup("Testovka", limit=1)
    server.geocoder(cache_path=cache).lookup("Testovka", country_codes=["RU"])
    server.geocoder(cache_path=cache).lookup("Testovka", country_codes=["ru"])  # same as above
    server.geocoder("photon", cache_path=cache).lookup("Testovka")
    assert [r["path"] for r in server.requests] == ["/search", "/search", "/search", "/api"]


def test_cache_keeps_empty_answers(server, tmp_path):
    server.mode = "empty"
    cache = tmp_path / "geocoder.sqlite"
    assert server.geocoder(cache_path=cache).lookup("Nowhere") == []
    assert server.geocoder(cache_path=cache).lookup("Nowhere") == []
    assert len(server.requests) == 1


def test_failures_are_not_cached(server, tmp_path):
    cache = tmp_path / "geocoder.sqlite"
    server.mode = "500"
    with pytest.raises(OnlineGeocoderError):
        server.geocoder(cache_path=cache).lookup("Testovka")
    server.mode = "ok"
    assert server.geocoder(cache_path=cache).lookup("Testovka")[0] == TESTOVKA
    assert len(server.requests) == 2


def test_unusable_cache_path_is_a_one_line_error(server, tmp_path):
    with pytest.raises(OnlineGeocoderError, match="cache") as caught:
        server.geocoder(cache_path=tmp_path / "missing-dir" / "geocoder.sqlite")
    assert "\n" not in str(caught.value)


def test_rate_limiter_spaces_requests_on_the_fake_clock(server, tmp_path):
    geocoder = server.geocoder(min_delay_s=1.0, cache_path=tmp_path / "geocoder.sqlite")
    geocoder.lookup("Testovka")
    geocoder.lookup("Testivka")
    first, second = (r["at"] for r in server.requests)
    assert second - first >= 1.0
    assert server.clock.sleeps == [pytest.approx(1.0)]

    geocoder.lookup("Testovka")  # cached: no request, no wait
    assert server.clock.sleeps == [pytest.approx(1.0)]

    server.clock.now += 0.25
    geocoder.lookup("Testovo")
    assert server.clock.sleeps == [pytest.approx(1.0), pytest.approx(0.75)]
    assert server.requests[2]["at"] - server.requests[1]["at"] >= 1.0

    server.clock.now += 5.0  # long enough ago: no sleep
    geocoder.lookup("Testino")
    assert len(server.clock.sleeps) == 2


def test_rate_limiter_counts_failed_requests(server):
    geocoder = server.geocoder("photon", min_delay_s=2.0)
    server.mode = "500"
    with pytest.raises(OnlineGeocoderError):
        geocoder.lookup("Testovka")
    server.mode = "ok"
    geocoder.lookup("Testovka")
    assert server.requests[1]["at"] - server.requests[0]["at"] >= 2.0


@pytest.mark.parametrize("mode", ["500", "garbage"])
@pytest.mark.parametrize("provider, label", [("nominatim", "Nominatim"), ("photon", "Photon")])
def test_server_errors_are_one_line_geocoder_errors(server, provider, label, mode):
    server.mode = mode
    with pytest.raises(OnlineGeocoderError) as caught:
        server.geocoder(provider).lookup("Testovka")
    message = str(caught.value)
    assert "\n" not in message
    assert label in message and "'Testovka'" in message
    if mode == "500":
        assert "500" in message
    assert isinstance(caught.value, GeoEventsError) and isinstance(caught.value, RuntimeError)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_timeout_is_a_one_line_geocoder_error(server):
    server.mode = "slow"
    with pytest.raises(OnlineGeocoderError, match=r"^Nominatim lookup of 'Testovka' .*timed out") as caught:
        server.geocoder(timeout_s=0.2).lookup("Testovka")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("provider, label", [("nominatim", "Nominatim"), ("photon", "Photon")])
def test_closed_port_is_a_one_line_geocoder_error(provider, label):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    geocoder = OnlineGeocoder(provider, user_agent=AGENT, domain=f"127.0.0.1:{port}", scheme="http")
    with pytest.raises(OnlineGeocoderError, match=rf"^{label} lookup of 'Testovka' at 127\.0\.0\.1:{port} failed: ")\
            as caught:
        geocoder.lookup("Testovka")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("options", [{"min_delay_s": -1}, {"timeout_s": 0}])
def test_bad_options_raise(options):
    with pytest.raises(OnlineGeocoderError):
        OnlineGeocoder(user_agent=AGENT, **options)


@pytest.mark.parametrize("name, limit, codes", [("", 5, ()), ("   ", 5, ()), ("Testovka", 0, ()),
                                                ("Testovka", 5, ["Russia"]), ("Testovka", 5, ["RUS"])])
def test_bad_lookup_arguments_raise_before_any_request(server, name, limit, codes):
    with pytest.raises(OnlineGeocoderError):
        server.geocoder().lookup(name, limit=limit, country_codes=codes)
    assert server.requests == []


def test_import_geoevents_does_not_import_geopy():
    code = "import sys, geoevents; assert 'geopy' not in sys.modules; assert 'geoevents.places.online' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
