"""Shared fixtures: the embedded boundaries and the located seed event, loaded once per session."""

from __future__ import annotations

import pytest

import geoevents


@pytest.fixture(scope="session")
def boundaries() -> geoevents.Boundaries:
    return geoevents.load_boundaries()


@pytest.fixture(scope="session")
def seed(boundaries) -> geoevents.Event:
    (event,) = geoevents.seed_events()
    return geoevents.locate(event, boundaries)
