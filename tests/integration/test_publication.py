"""事后公开 on a real database (SQLite, and PostgreSQL with ZHIFA_TEST_DATABASE_URL): the
sweep creates the task with its deadline, the releaser publishes the redacted text, the
portal finds it, a revoked decision is withdrawn with its reason, late steps are recorded,
and every projection replays from the ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.integration.test_case_lifecycle import CASE, HEAD, evidence, notice, opened, record, step

from zhifa.app_context import Context
from zhifa.cases import events as case_ev
from zhifa.cases.services import case_events, reveal_fields
from zhifa.cases.tables import CaseRow
from zhifa.demo import load_demo, load_demo_cases
from zhifa.disclosure import services as svc
from zhifa.disclosure.demo import publish_demo
from zhifa.disclosure.search import DecisionFilter, parse_query, search
from zhifa.disclosure.tables import PublicationRow
from zhifa.kernel.errors import DomainError, IllegalTransition, InvalidInput
from zhifa.ledger.services import load_verifiers, public_entry
from zhifa.ledger.tables import LedgerEntry
from zhifa.ledger.verify import verify_all

NAME = "张三丰"
ID_NUMBER = "330106199001011233"
PHONE = "13812345678"
ADDRESS = "浙江省杭州市西湖区文三路12号3幢2单元501室"
OTHER = "case0000000000000000000000000002"


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 2, 0, tzinfo=UTC)


def decided(case_id: str = CASE, number: str = "示市监罚〔2026〕9号") -> case_ev.CaseEvent:
    return step(
        case_ev.DecisionIssued,
        case_id,
        number=number,
        decided_on=date(2026, 3, 20),
        penalty_kinds=("fine",),
        fine_fen=100000,
        confiscation_fen=0,
        tier="standard",
        tier_reason="违法事实、性质、情节和社会危害程度一般，适用一般处罚。",
        facts=(
            f"当事人{NAME}（电话{PHONE}）在其住所{ADDRESS}一楼店内发布含有“全市第一”用语的广告，"
            "违反广告法第八条。"
        ),
        basis="《中华人民共和国广告法》第五十九条第一款第（一）项",
        approved_by=HEAD,
        payment_channel="示例银行示例市分行",
        reconsideration_body="示例市人民政府",
        litigation_court="示例市东城区人民法院",
    )


def person_case(ctx: Context, case_id: str = CASE, *, served: bool = True, n: int = 1) -> None:
    """A general case against a natural person, decided on 20 March 2026 (served on the 23rd)."""
    record(
        ctx,
        *opened(
            case_id,
            number=f"示市监立〔2026〕{n}号",
            party_kind="person",
            party_label="张某某",
            party_name=NAME,
            party_id_number=ID_NUMBER,
            party_phone=PHONE,
            party_address=ADDRESS,
        ),
        evidence(case_id),
        notice(
            case_id=case_id,
            fine_yuan=1000,
            hearing_right=False,
            document_number=f"示市监告〔2026〕{n}号",
        ),
        decided(case_id, f"示市监罚〔2026〕{8 + n}号"),
    )
    if served:
        record(
            ctx,
            step(
                case_ev.DocumentServed,
                case_id,
                document="decision",
                served_on=date(2026, 3, 23),
                method="direct",
                proof="送达回证",
            ),
        )


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_demo(ctx)
    return ctx


def _types(ctx: Context) -> dict[str, int]:
    with ctx.read() as s:
        return dict(
            s.execute(
                select(LedgerEntry.event_type, func.count()).group_by(LedgerEntry.event_type)
            ).all()
        )


def _row(ctx: Context, case_id: str = CASE) -> PublicationRow:
    with ctx.read() as s:
        row = s.scalars(select(PublicationRow).where(PublicationRow.case_id == case_id)).one()
        s.expunge(row)
        return row


def _search(ctx: Context, q: str, **kw: Any) -> list[str]:
    with ctx.read() as s:
        _, rows = search(s, DecisionFilter(q=parse_query(q), **kw), limit=50)
        return [r.number for r in rows]


def _verify(ctx: Context) -> None:
    with ctx.read() as s:
        report = verify_all(s, load_verifiers(ctx.settings), ctx.pii, ctx.settings.blob_dir)
    assert report.ok, [p.line() for p in report.problems[:5]]
    assert report.rows.get("publications", 0) > 0


def test_sweep_publish_search_withdraw(demo: Context) -> None:
    ctx = demo
    person_case(ctx)
    person_case(ctx, OTHER, served=False, n=2)

    # A decision not yet served is not in effect: no task, and a request is refused.
    with ctx.uow() as uow, pytest.raises(IllegalTransition) as refused:
        svc.request_publication(uow, OTHER, actor="user:test")
    assert refused.value.article == 5
    assert "118号" in refused.value.basis
    assert "第四十八条" in refused.value.basis
    assert "尚未送达" in refused.value.message_zh

    report = svc.sweep_publications(ctx)
    assert report.due == 1
    row = _row(ctx)
    assert (row.status, row.category, row.effective_on) == (
        "due",
        "penalty_licensing",
        date(2026, 3, 23),
    )
    assert row.due_on == date(2026, 4, 1)  # 7 working days after service
    assert "118号" in row.due_basis
    assert svc.sweep_publications(ctx).due == 0  # once per decision

    with ctx.read() as s:
        p = svc.preview(s, ctx.pii, row.id)
    assert NAME in p.public.original
    assert ID_NUMBER not in p.public.original
    for value in (NAME, ID_NUMBER, PHONE, ADDRESS, "12号3幢"):
        assert value not in p.public.text
    assert p.leaks == []

    with ctx.uow() as uow:
        published = svc.publish(uow, ctx.pii, row.id, actor="user:head", at=at(date(2026, 3, 30)))
        uow.commit()
    assert not published.late
    row = _row(ctx)
    assert row.status == "published"
    assert row.party_label == "张某某"
    assert "PublicationLate" not in _types(ctx)

    # The public ledger shows the facts and the digest, never the text or the party.
    with ctx.read() as s:
        entry = public_entry(s, row.published_entry or 0)
    assert entry["data"]["text_digest"] == published.text_digest
    assert "text" in entry["withheld"]
    assert "party_label" in entry["withheld"]

    assert _search(ctx, "全市第一") == [row.number]
    assert _search(ctx, "张某") == [row.number]  # two characters: the LIKE fallback
    assert _search(ctx, "全市第一 广告法") == [row.number]
    assert _search(ctx, "全市第二") == []
    assert _search(ctx, NAME) == []
    assert _search(ctx, PHONE) == []
    assert _search(ctx, "", kind="fine") == [row.number]
    assert _search(ctx, "", kind="warning") == []
    assert _search(ctx, "", date_from=date(2026, 3, 31)) == []

    with ctx.uow() as uow, pytest.raises(InvalidInput) as no_reason:
        svc.withdraw(uow, row.id, actor="user:head", reason="  ")
    assert no_reason.value.article == 5

    # Revoked on 行政复议: the sweep creates the withdrawal task, 3 working days — across
    # 劳动节 2026, whose Saturday 9 May is a working day.
    record(
        ctx,
        step(
            case_ev.RemedyFiled,
            remedy_id="R1",
            kind="reconsideration",
            filed_on=date(2026, 4, 10),
            organ="示例市人民政府",
        ),
        step(case_ev.RemedyDecided, remedy_id="R1", decided_on=date(2026, 5, 8), outcome="revoked"),
    )
    assert svc.sweep_publications(ctx).withdrawals_due == 1
    row = _row(ctx)
    assert (row.withdrawal_due, row.withdrawal_cause) == (date(2026, 5, 12), "revoked")
    assert svc.sweep_publications(ctx).withdrawals_due == 0

    with ctx.uow() as uow:
        withdrawn = svc.withdraw(
            uow,
            row.id,
            actor="user:head",
            reason="示例市人民政府行政复议决定撤销本决定。",
            at=at(date(2026, 5, 14)),
        )
        uow.commit()
    assert withdrawn.late
    assert withdrawn.cause == "revoked"
    assert _types(ctx).get("WithdrawalLate") == 1
    row = _row(ctx)
    assert row.status == "withdrawn"
    assert row.text == ""
    assert _search(ctx, "全市第一") == []  # the withdrawn text is no longer searchable
    assert _search(ctx, "行政复议决定撤销") == [row.number]

    with ctx.uow() as uow, pytest.raises(IllegalTransition):
        svc.publish(uow, ctx.pii, row.id, actor="user:head")
    _verify(ctx)


def test_late_publication_becomes_a_finding(demo: Context) -> None:
    person_case(demo)
    svc.sweep_publications(demo)
    row = _row(demo)
    with demo.uow() as uow:
        published = svc.publish(uow, demo.pii, row.id, actor="user:head", at=at(date(2026, 4, 3)))
        uow.commit()
    assert published.late
    with demo.read() as s:
        late = list(
            s.scalars(select(LedgerEntry.body).where(LedgerEntry.event_type == "PublicationLate"))
        )
    assert len(late) == 1
    assert b'"due":"2026-04-01"' in late[0]
    assert b'"published_on":"2026-04-03"' in late[0]
    assert _row(demo).late


def test_publication_before_effect_or_with_changed_text_is_refused(demo: Context) -> None:
    person_case(demo)
    svc.sweep_publications(demo)
    row = _row(demo)
    with demo.uow() as uow, pytest.raises(InvalidInput):
        svc.publish(uow, demo.pii, row.id, actor="user:head", at=at(date(2026, 3, 22)))
    with demo.uow() as uow, pytest.raises(IllegalTransition) as changed:
        svc.publish(
            uow,
            demo.pii,
            row.id,
            actor="user:head",
            expected_digest="0" * 64,
            at=at(date(2026, 3, 25)),
        )
    assert "已发生变化" in changed.value.message_zh
    assert _row(demo).status == "due"


def test_auto_release_and_cancellation(demo: Context) -> None:
    person_case(demo)
    demo.clock.set(at(date(2026, 3, 25)))  # type: ignore[attr-defined]
    with demo.read() as s:
        body = s.get_one(CaseRow, CASE).body_id
    with demo.uow() as uow:
        svc.set_auto_release(uow, body, True, actor="user:head")
        uow.commit()
    report = svc.sweep_publications(demo)
    assert (report.due, report.auto_published) == (1, 1)
    row = _row(demo)
    assert row.status == "published"
    assert row.released_by == "auto"
    assert row.published_on == date(2026, 3, 25)

    # A second decision revoked before anyone published it: the task is cancelled.
    with demo.uow() as uow:
        svc.set_auto_release(uow, body, False, actor="user:head")
        uow.commit()
    person_case(demo, OTHER, n=2)
    svc.sweep_publications(demo)
    assert _row(demo, OTHER).status == "due"
    record(
        demo,
        step(
            case_ev.RemedyFiled,
            OTHER,
            remedy_id="R1",
            kind="litigation",
            filed_on=date(2026, 3, 25),
            organ="示例市东城区人民法院",
        ),
        step(
            case_ev.RemedyDecided,
            OTHER,
            remedy_id="R1",
            decided_on=date(2026, 3, 27),
            outcome="declared_unlawful",
        ),
    )
    assert svc.sweep_publications(demo).cancelled == 1
    assert _row(demo, OTHER).status == "cancelled"
    _verify(demo)


def test_demo_publishes_without_leaking_personal_data(demo: Context) -> None:
    message = load_demo_cases(demo, per_body=20)  # the demo publishes as it loads
    assert "已公开示例处罚决定" in message
    assert publish_demo(demo).startswith("示例处罚决定已公开")  # idempotent
    with demo.read() as s:
        rows = list(s.scalars(select(PublicationRow)))
        statuses = {r.status for r in rows}
        assert {"published", "withdrawn"} <= statuses
        assert any(r.late for r in rows)
        checked = 0
        for row in rows:
            if row.status != "published":
                continue
            for _, e in case_events(s, row.case_id):
                if isinstance(e, case_ev.CaseOpened | case_ev.SummaryDecisionIssued):
                    clear = reveal_fields(s, demo.pii, e)
                    values = [
                        clear.get("party_phone"),
                        clear.get("party_id_number"),
                        clear.get("party_address"),
                    ]
                    if e.party_kind == "person":
                        values.append(clear.get("party_name"))
                    for value in filter(None, values):
                        assert str(value) not in row.text, (row.number, e.party_kind)
                        checked += 1
                    break
        assert checked > 20
    _verify(demo)


def test_refusals_are_domain_errors(demo: Context) -> None:
    with demo.uow() as uow, pytest.raises(DomainError) as missing:
        svc.request_publication(uow, "nope", actor="user:test")
    assert missing.value.http_status == 404
    with demo.uow() as uow, pytest.raises(InvalidInput):
        svc.withdraw(uow, "nope", actor="user:test", reason=None)
