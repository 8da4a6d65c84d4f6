"""The words an officer writes into a step are checked when it is recorded (准则第六条)."""

from __future__ import annotations

from tests.unit.cases.factories import make

from zhifa.cases import events as ev
from zhifa.cases.derived import derive, derived_id, wording_check


def test_uncivil_words_in_a_notice_are_flagged_by_field_and_span() -> None:
    e = make(
        ev.RightsNotified,
        reasons="当事人态度恶劣，像个泼妇一样撒泼，违反食品安全法第五十三条第一款。",
    )
    flagged = wording_check(e)
    assert flagged is not None
    assert flagged.event_id == derived_id(e.event_id, "wording")
    assert flagged.step == "RightsNotified"
    assert flagged.step_event_id == e.event_id
    assert [(f["field"], f["category"]) for f in flagged.findings] == [("reasons", "insulting")]
    # Positions only: the words themselves are not copied into the flag.
    assert "泼妇" not in repr(flagged.findings)
    assert derive(None, None, e) == [flagged]  # type: ignore[arg-type]


def test_civil_words_and_unworded_steps_are_left_alone() -> None:
    assert wording_check(make(ev.RightsNotified)) is None
    assert wording_check(make(ev.DecisionIssued)) is None
    assert wording_check(make(ev.EvidenceCollected)) is None
