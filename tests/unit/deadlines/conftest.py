"""Fixtures for the deadline tests: the shipped calendar and parameters, built once."""

from __future__ import annotations

import pytest

from zhifa.catalog.parameters import Parameters
from zhifa.deadlines import WorkingCalendar


@pytest.fixture(scope="session")
def cal() -> WorkingCalendar:
    """The package's years plus the shipped holidays.yaml (no settings file)."""
    return WorkingCalendar.load()


@pytest.fixture(scope="session")
def params() -> Parameters:
    return Parameters.load()
