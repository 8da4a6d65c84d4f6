from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from zhifa.kernel.clock import FixedClock, format_date_zh, legal_date
from zhifa.kernel.errors import DomainError, chinese_ordinal
from zhifa.kernel.events import Event, from_record


@dataclass(frozen=True, kw_only=True)
class SampleNoted(Event):
    TYPE = "SampleNoted"
    SUBJECTS = ("case_id",)
    case_id: str
    due: date
    amount_fen: int
    tags: tuple[str, ...] = ()


def test_legal_date_is_beijing_date() -> None:
    # 17:30 UTC on 1 March is already 2 March in Beijing.
    assert legal_date(datetime(2026, 3, 1, 17, 30, tzinfo=UTC)) == date(2026, 3, 2)
    assert format_date_zh(date(2026, 3, 2)) == "2026年3月2日"


def test_fixed_clock_refuses_naive_and_advances() -> None:
    with pytest.raises(ValueError, match="aware"):
        FixedClock(datetime(2026, 1, 1))
    c = FixedClock(datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=8))))
    assert c.now() == datetime(2026, 1, 1, 0, tzinfo=UTC)
    c.advance(timedelta(days=1))
    assert c.now().day == 2


def test_event_record_round_trip() -> None:
    e = SampleNoted(
        actor="officer-1",
        occurred_at=datetime(2026, 3, 2, 9, tzinfo=timezone(timedelta(hours=8))),
        case_id="c1",
        due=date(2026, 3, 16),
        amount_fen=20000,
        tags=("a", "b"),
    ).stamped(datetime(2026, 3, 2, 1, 0, 1, tzinfo=UTC))
    rec = e.record()
    assert rec["occurred_at"] == "2026-03-02T01:00:00Z"
    assert rec["subjects"] == {"case_id": "c1"}
    assert rec["data"] == {
        "case_id": "c1",
        "due": "2026-03-16",
        "amount_fen": 20000,
        "tags": ["a", "b"],
    }
    assert from_record(rec) == e


def test_unstamped_event_cannot_be_recorded() -> None:
    e = SampleNoted(
        actor="x",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        case_id="c",
        due=date(2026, 1, 1),
        amount_fen=0,
    )
    with pytest.raises(ValueError, match="recorded_at"):
        e.record()


def test_domain_error_names_article() -> None:
    err = DomainError(
        "辅助人员不得执法",
        "auxiliary staff may not enforce",
        article=1,
        basis="行政处罚法第四十二条",
    )
    assert err.article_zh == "《行政执法人员行为准则》第一条"
    assert err.diagnostics()["basis"] == "行政处罚法第四十二条"
    assert [chinese_ordinal(n) for n in (1, 10, 12, 20, 58)] == [
        "一",
        "十",
        "十二",
        "二十",
        "五十八",
    ]
