"""The deadline package as a whole: its public names, and no statutory number in its code."""

from __future__ import annotations

import ast
from pathlib import Path

import zhifa.deadlines
from zhifa.catalog.parameters import Parameters


def test_the_public_api_is_importable_from_the_package() -> None:
    from zhifa.deadlines import (  # noqa: F401 - the import is the test
        Deadline,
        WorkingCalendar,
        compute,
        days_left,
        late_fee,
        status,
    )

    assert set(zhifa.deadlines.__all__) >= {
        "WorkingCalendar",
        "compute",
        "compute_before",
        "Deadline",
        "late_fee",
        "check_limitation",
        "days_left",
        "status",
    }


def test_no_statutory_number_is_a_literal_in_the_deadline_code() -> None:
    """Periods, rates and caps come from legal_parameters.yaml, never from the code."""
    params = Parameters.load()
    # Small integers (0–10) are indices and counters; 12 is months in a year.
    statutory = {p.value for p in params if isinstance(p.value, int) and p.value > 10}
    folder = Path(zhifa.deadlines.__file__).parent
    found: dict[int, str] = {}
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and type(node.value) is int:
                found.setdefault(node.value, f"{path.name}:{node.lineno}")
    assert {n: where for n, where in found.items() if n in statutory} == {}
