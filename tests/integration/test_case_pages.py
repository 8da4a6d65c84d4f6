"""The officer workbench for cases: my cases, the case page, the step forms and refusals —
signed in as the demo users, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from zhifa.access.services import create_user
from zhifa.app_context import Context
from zhifa.cases import events as ev
from zhifa.cases.model import Stage
from zhifa.cases.services import load_state, record_steps
from zhifa.cases.tables import CaseRow
from zhifa.demo import DEMO_USERS, _id, demo_uscc, load_demo
from zhifa.kernel.canonical import parse_json
from zhifa.ledger.tables import LedgerEntry
from zhifa.web.app import create_app
from zhifa.web.routes import cases_pages

BODY = _id("body", 1)
WANG, LI, CHEN, ZHAO = (_id("offi", n) for n in (1, 2, 3, 4))
HEAD = "user:" + _id("user", 3)
MATTER = "MR-AD-59-01"  # 广告法第五十八条第一款: 罚款 ≤ 10万元
PARTY = "示例市味美餐饮管理有限公司"
PARTY_USCC = demo_uscc("91", 101)
USERS = {u.role: u for u in DEMO_USERS}
OTHER_OFFICER = ("zhouhaitao", "Other-officer-2026")  # 示例·周海涛 of body 2


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_demo(ctx)
    with ctx.uow() as uow:
        create_user(
            uow,
            "system:test",
            user_id=_id("user", 90),
            username=OTHER_OFFICER[0],
            password=OTHER_OFFICER[1],
            role="officer",
            name="示例·周海涛",
            body_id=_id("body", 2),
            officer_id=_id("offi", 5),
        )
        uow.commit()
    return ctx


@pytest.fixture
def client(demo: Context) -> Iterator[TestClient]:
    with TestClient(create_app(demo)) as c:
        yield c


def login(client: TestClient, role: str) -> str:
    """Sign in as the demo user of ``role`` (or the body-2 officer); returns the CSRF token."""
    if role == "other_officer":
        username, password = OTHER_OFFICER
    else:
        username, password = USERS[role].username, USERS[role].password
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf.group(1)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    token = client.get("/api/me").json()["csrf_token"]
    assert token
    return str(token)


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 2, 0, tzinfo=UTC)


def record(ctx: Context, *steps: ev.CaseEvent) -> None:
    with ctx.uow() as uow:
        record_steps(uow, steps)
        uow.commit()


def open_case(
    ctx: Context, case_id: str, number: str, officers: tuple[str, ...], received: date
) -> None:
    common: dict[str, Any] = {
        "actor": HEAD,
        "occurred_at": at(received),
        "case_id": case_id,
        "body_id": BODY,
    }
    record(
        ctx,
        ev.LeadRegistered(
            **common,
            source="inspection",
            received_on=received,
            summary="检查发现店内广告宣称“全市第一”",
            matter_code=MATTER,
        ),
        ev.CaseOpened(
            **common,
            number=number,
            matter_code=MATTER,
            region_code="990102",
            opened_on=received,
            officer_ids=officers,
            approved_by=HEAD,
            party_kind="organisation",
            party_label=PARTY,
            party_uscc=PARTY_USCC,
            party_name=PARTY,
        ),
    )


def entries(ctx: Context) -> int:
    with ctx.read() as s:
        return s.scalar(select(func.count()).select_from(LedgerEntry)) or 0


def case_types(ctx: Context, case_id: str) -> list[str]:
    from zhifa.cases.services import case_events

    with ctx.read() as s:
        return [e.TYPE for _, e in case_events(s, case_id)]


def stage_of(ctx: Context, case_id: str) -> Stage:
    with ctx.read() as s:
        state = load_state(s, case_id)
    assert state is not None
    return state.stage


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def step(client: TestClient, csrf: str, case_id: str, key: str, **data: Any) -> Any:
    return client.post(
        f"/workbench/cases/{case_id}/steps",
        data={"csrf_token": csrf, "step": key, **data},
        follow_redirects=False,
    )


# ----------------------------------------------------------------------------- the forms


def test_every_step_has_a_form_for_every_field_of_its_event() -> None:
    """When the engine gains a field, the form must gain it too (or this fails)."""
    import dataclasses

    from zhifa.web import case_forms as cf

    meta = {"actor", "occurred_at", "event_id", "recorded_at", "case_id", "body_id"}
    party = {"party_kind", "party_label", "party_uscc", "party_name", "party_id_number"}
    party |= {"party_address", "party_phone"}
    # Entries the system records itself (documents, the timer sweep, the checks) have no form.
    manual = {e.TYPE for e in ev.CASE_EVENTS} - {
        "DocumentIssued",
        "DeadlineMissed",
        "LanguageFlagged",
        "WordingFlagged",
        "DossierChecked",
    }
    assert manual == set(cf.FORM_BY_KEY)
    for form in cf.FORMS:
        names: set[str] = set()
        for f in form.fields:
            names |= party if f.kind == "party" else {f.name}
            if f.kind == "utterances":
                names.add("speakers")
        fields = {f.name for f in dataclasses.fields(form.event)} - meta
        assert fields == names, form.key


# ----------------------------------------------------------------------------- the list


def test_an_officer_sees_only_their_cases_and_the_head_sees_the_body(
    client: TestClient, demo: Context
) -> None:
    open_case(demo, "case" + "0" * 27 + "1", "示市监立〔2026〕11号", (WANG, LI), date(2026, 2, 2))
    open_case(demo, "case" + "0" * 27 + "2", "示市监立〔2026〕12号", (LI, CHEN), date(2026, 2, 3))
    login(client, "officer")
    page = client.get("/workbench")
    assert page.status_code == 200
    assert "我的案件" in page.text
    assert "示市监立〔2026〕11号" in page.text
    assert "示市监立〔2026〕12号" not in page.text
    # The next step and the nearest deadline, with its light.
    assert "调查取证" in page.text
    assert "办案期限（作出决定）" in page.text
    assert "本单位人员与执法证" in page.text  # the roster stays one tap away
    client.post("/logout", data={"csrf_token": client.get("/api/me").json()["csrf_token"]})
    login(client, "body_head")
    page = client.get("/workbench")
    assert "示市监立〔2026〕11号" in page.text
    assert "示市监立〔2026〕12号" in page.text


def test_the_list_is_sorted_by_the_nearest_deadline_and_filters_by_stage(
    client: TestClient, demo: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    csrf = login(client, "officer")
    for received, summary in (
        (date(2026, 2, 25), "后收到的线索"),
        (date(2026, 2, 2), "先收到的线索"),
    ):
        r = client.post(
            "/workbench/leads/new",
            data={
                "csrf_token": csrf,
                "source": "complaint",
                "received_on": received.isoformat(),
                "summary": summary,
                "matter_code": MATTER,
            },
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    open_case(demo, "case" + "0" * 27 + "3", "示市监立〔2026〕13号", (WANG, LI), date(2026, 2, 3))
    page = client.get("/workbench").text
    # The lead received on 2 February is overdue for 立案 (15 working days): first, in red.
    leads = [m.start() for m in re.finditer("案源（未立案）", page)]
    assert len(leads) == 2
    assert page.index("已超期") < page.index("示市监立〔2026〕13号")
    first = page[page.index('<ul class="case-list">') :]
    assert first.index("case-item red") < first.index("case-item green")
    # A large body: ordered in the database by the date the clocks run from, page by page.
    monkeypatch.setattr(cases_pages, "EXACT_SORT_LIMIT", 1)
    monkeypatch.setattr(cases_pages, "PAGE_SIZE", 2)
    large = client.get("/workbench").text
    assert "案件较多" in large
    assert large.index("case-item red") < large.index("示市监立〔2026〕13号")
    assert "第 1 / 2 页" in large
    second = client.get("/workbench?page=2").text
    assert second.count('class="case-item') == 1
    monkeypatch.undo()
    only_leads = client.get("/workbench?stage=lead").text
    assert "示市监立〔2026〕13号" not in only_leads
    assert only_leads.count("案源（未立案）") == 2


# ----------------------------------------------------------------------------- refusals


def test_a_refused_step_names_the_article_keeps_the_input_and_writes_nothing(
    client: TestClient, demo: Context
) -> None:
    csrf = login(client, "officer")
    r = client.post(
        "/workbench/leads/new",
        data={
            "csrf_token": csrf,
            "source": "complaint",
            "received_on": "2026-03-02",
            "summary": "投诉：店内广告用语",
            "matter_code": MATTER,
        },
        follow_redirects=False,
    )
    case_id = r.headers["location"].split("/")[3].split("?")[0]
    before = entries(demo)
    r = step(
        client,
        csrf,
        case_id,
        "CaseOpened",
        number="示市监立〔2026〕99号",
        matter_code=MATTER,
        region_code="990102",
        opened_on="2026-03-02",
        officer_ids=[WANG, ZHAO],  # 示例·赵小刚 is auxiliary staff
        approved_by=HEAD,
        party_kind="organisation",
        party_name=PARTY,
        party_id_number=PARTY_USCC,
        party_address="示例市东城区幸福路1号",
    )
    assert r.status_code in (409, 422), r.status_code
    text = text_of(r.text)
    assert "未能办理" in text
    assert "《行政执法人员行为准则》第一条" in text
    assert "行政处罚法" in text
    # What was typed is shown again.
    assert 'value="示市监立〔2026〕99号"' in r.text
    assert f'value="{PARTY_USCC}"' in r.text
    assert entries(demo) == before
    assert stage_of(demo, case_id) is Stage.LEAD

    # Only one officer: 准则第一条 with the statute's two-officer rule, beside the field.
    r = step(
        client,
        csrf,
        case_id,
        "CaseOpened",
        number="示市监立〔2026〕99号",
        matter_code=MATTER,
        region_code="990102",
        opened_on="2026-03-02",
        officer_ids=[WANG],
        approved_by=HEAD,
        party_kind="organisation",
        party_name=PARTY,
        party_id_number=PARTY_USCC,
    )
    assert r.status_code == 409
    assert "执法人员不得少于2人" in r.text
    assert 'id="err-officer_ids"' in r.text
    assert entries(demo) == before

    # A step out of order: 准则第五条 and the procedure.
    r = step(client, csrf, case_id, "DecisionIssued", number="x", decided_on="2026-03-02")
    assert r.status_code in (400, 409)
    r = step(
        client,
        csrf,
        case_id,
        "HearingRequested",
        requested_on="2026-03-02",
    )
    assert r.status_code == 409
    assert "《行政执法人员行为准则》第五条" in text_of(r.text)
    assert entries(demo) == before


def test_a_bad_id_number_is_refused_field_by_field(client: TestClient, demo: Context) -> None:
    csrf = login(client, "officer")
    r = client.post(
        "/workbench/summary/new",
        data={
            "csrf_token": csrf,
            "number": "示市监当罚〔2026〕0001号",
            "matter_code": MATTER,
            "region_code": "990102",
            "decided_on": "2026-03-02",
            "officer_ids": [WANG, LI],
            "credential_shown": "on",
            "penalty_kinds": ["fine"],
            "fine_fen": "abc",
            "facts": "店内广告宣称“全市第一”",
            "place": "示例市东城区幸福路1号",
            "party_kind": "person",
            "party_name": "示例·王五",
            "party_id_number": "990102199001011235",
        },
    )
    assert r.status_code == 400
    assert "公民身份号码无效" in r.text
    assert "应为金额" in r.text
    assert 'id="err-party_id_number"' in r.text
    assert 'id="err-fine_fen"' in r.text
    with demo.read() as s:
        assert s.scalar(select(func.count()).select_from(CaseRow)) == 0


# ----------------------------------------------------------------------------- a whole case


def test_a_small_general_procedure_through_the_forms(client: TestClient, demo: Context) -> None:
    csrf = login(client, "officer")
    r = client.post(
        "/workbench/leads/new",
        data={
            "csrf_token": csrf,
            "source": "inspection",
            "received_on": "2026-02-02",
            "summary": "日常检查发现店内广告宣称“全市第一”",
            "matter_code": MATTER,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    case_id = r.headers["location"].split("/")[3].split("?")[0]
    page = client.get(f"/workbench/cases/{case_id}?step=CaseOpened")
    assert page.status_code == 200
    assert "立案（核查）期限" in page.text
    assert HEAD in page.text  # the head is offered as approver

    def ok(key: str, **data: Any) -> None:
        r = step(client, csrf, case_id, key, **data)
        assert r.status_code == 303, text_of(r.text)[:2000]
        assert r.headers["location"].startswith(f"/workbench/cases/{case_id}?done={key}")

    ok(
        "CaseOpened",
        number="示市监立〔2026〕21号",
        matter_code=MATTER,
        region_code="990102",
        opened_on="2026-02-03",
        officer_ids=[WANG, LI],
        approved_by=HEAD,
        party_kind="organisation",
        party_name=PARTY,
        party_id_number=PARTY_USCC,
        party_address="示例市东城区幸福路1号",
        party_phone="0571-88880000",
        summary="店内广告使用绝对化用语",
    )
    photo = b"\x89PNG fake photo of the advertising board"
    r = client.post(
        f"/workbench/cases/{case_id}/steps",
        data={
            "csrf_token": csrf,
            "step": "EvidenceCollected",
            "evidence_id": "E001",
            "kind": "audio_visual",
            "description": "现场拍摄广告牌照片",
            "collected_by": [WANG, LI],
            "collected_at": "2026-02-04T10:30",
            "place": "示例市东城区幸福路1号",
        },
        files={"digest_file": ("board.png", photo, "image/png")},
        follow_redirects=False,
    )
    assert r.status_code == 303, text_of(r.text)[:2000]
    digest = hashlib.sha256(photo).hexdigest()
    assert demo.blobs.get(digest) == photo
    ok(
        "RightsNotified",
        document_number="示市监告〔2026〕21号",
        notified_on="2026-02-10",
        penalty_kinds=["fine"],
        fine_fen="5000",
        confiscation_fen="0",
        facts="当事人在店内发布含有“全市第一”用语的广告。",
        reasons="违反广告法第九条第（三）项。",
        basis="《中华人民共和国广告法》第五十七条",
    )
    # A heavier decision than the notice is refused (准则第五条; 行政处罚法第四十五条).
    decision = {
        "number": "示市监罚〔2026〕21号",
        "decided_on": "2026-02-26",
        "penalty_kinds": ["fine"],
        "fine_fen": "6000",
        "confiscation_fen": "0",
        "tier": "standard",
        "tier_reason": "无从轻、从重情节",
        "facts": "同告知书",
        "basis": "《中华人民共和国广告法》第五十七条",
        "payment_channel": "示例市非税收入代收银行",
        "reconsideration_body": "示例市人民政府",
        "litigation_court": "示例市东城区人民法院",
        "approved_by": HEAD,
    }
    heavier = step(client, csrf, case_id, "DecisionIssued", **decision)
    assert heavier.status_code == 409
    assert "第四十五条" in heavier.text
    assert "第五条" in text_of(heavier.text)
    ok("DecisionIssued", **(decision | {"fine_fen": "5,000.00"}))
    ok(
        "DocumentServed",
        document="decision",
        served_on="2026-02-27",
        method="direct",
        proof="送达回证（当事人签收）",
    )
    ok("PaymentReceived", paid_on="2026-03-02", amount_fen="5000", channel="bank", reference="B-1")
    ok("CaseClosed", closed_on="2026-03-02", approved_by=HEAD, summary="罚款已缴清")
    assert stage_of(demo, case_id) is Stage.CLOSED
    assert case_types(demo, case_id) == [
        "LeadRegistered",
        "CaseOpened",
        "EvidenceCollected",
        "RightsNotified",
        "DecisionIssued",
        "DocumentServed",
        "PaymentReceived",
        "CaseClosed",
    ]
    with demo.read() as s:
        row = s.get(CaseRow, case_id)
        assert row is not None
        assert row.fine_fen == 500000
        assert row.paid_fen == 500000
        opened = next(
            parse_json(b)
            for b in s.scalars(
                select(LedgerEntry.body).where(LedgerEntry.event_type == "CaseOpened")
            )
        )
    # Party details went to the ledger as commitments, never in clear.
    assert "commitment" in opened["data"]["party_address"]
    assert "幸福路" not in str(opened["data"]["party_address"])
    assert opened["actor"] == "user:" + _id("user", 1)

    page = client.get(f"/workbench/cases/{case_id}")
    text = text_of(page.text)
    assert "已结案" in text
    for label in ("登记案源（线索）", "立案", "登记证据", "作出行政处罚决定", "结案"):
        assert label in text
    assert "/api/ledger/proof/inclusion?index=" in page.text
    assert "¥5,000.00" in text
    assert "幸福路" not in text  # the case page does not show personal data


def test_the_head_approves_in_their_own_name(client: TestClient, demo: Context) -> None:
    csrf = login(client, "body_head")
    r = client.post(
        "/workbench/leads/new",
        data={
            "csrf_token": csrf,
            "source": "assignment",
            "received_on": "2026-03-02",
            "summary": "上级交办",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, text_of(r.text)[:1000]
    case_id = r.headers["location"].split("/")[3].split("?")[0]
    page = client.get(f"/workbench/cases/{case_id}?step=CaseDeclined")
    assert "本人审批" in page.text
    r = step(
        client,
        csrf,
        case_id,
        "CaseDeclined",
        decided_on="2026-03-02",
        reasons="经核查，不存在违法事实",
        approved_by="user:forged",  # ignored: the signed-in head signs
    )
    assert r.status_code == 303, text_of(r.text)[:1000]
    assert stage_of(demo, case_id) is Stage.DECLINED


# ----------------------------------------------------------------------------- scope


def test_another_bodys_officer_learns_nothing(client: TestClient, demo: Context) -> None:
    case_id = "case" + "0" * 27 + "4"
    open_case(demo, case_id, "示市监立〔2026〕14号", (WANG, LI), date(2026, 2, 2))
    csrf = login(client, "other_officer")
    seen = client.get(f"/workbench/cases/{case_id}")
    missing = client.get("/workbench/cases/" + "f" * 32)
    assert seen.status_code == missing.status_code == 403
    assert text_of(seen.text) == text_of(missing.text)
    assert "示市监立〔2026〕14号" not in seen.text
    assert PARTY not in seen.text
    before = entries(demo)
    r = step(client, csrf, case_id, "ExecutionDemanded", demanded_on="2026-03-02")
    assert r.status_code == 403
    assert case_types(demo, case_id) == ["LeadRegistered", "CaseOpened"]
    assert entries(demo) == before + 1  # only the refusal (AccessDenied) was recorded
    assert "示市监立〔2026〕14号" not in client.get("/workbench").text


def test_an_officer_not_assigned_may_look_but_not_record(client: TestClient, demo: Context) -> None:
    case_id = "case" + "0" * 27 + "5"
    open_case(demo, case_id, "示市监立〔2026〕15号", (LI, CHEN), date(2026, 2, 2))
    csrf = login(client, "officer")
    page = client.get(f"/workbench/cases/{case_id}")
    assert page.status_code == 200
    assert "您不是本案的承办执法人员" in page.text
    assert "?step=" not in page.text
    r = step(
        client,
        csrf,
        case_id,
        "TimeExcluded",
        reason="testing",
        from_on="2026-02-10",
        to_on="2026-02-12",
    )
    assert r.status_code == 403
    assert "第八条" in text_of(r.text)
    assert case_types(demo, case_id) == ["LeadRegistered", "CaseOpened"]
    with demo.read() as s:
        denied = [
            parse_json(b)
            for b in s.scalars(
                select(LedgerEntry.body).where(LedgerEntry.event_type == "AccessDenied")
            )
        ]
    assert denied[-1]["data"]["reason"] == "not_assigned"


def test_the_legal_reviewer_reviews_through_their_own_form(
    client: TestClient, demo: Context
) -> None:
    case_id = "case" + "0" * 27 + "6"
    open_case(demo, case_id, "示市监立〔2026〕16号", (WANG, LI), date(2026, 2, 2))
    common: dict[str, Any] = {
        "actor": HEAD,
        "occurred_at": at(date(2026, 2, 10)),
        "case_id": case_id,
        "body_id": BODY,
    }
    record(
        demo,
        ev.EvidenceCollected(
            **common,
            evidence_id="E001",
            kind="document",
            digest="a" * 64,
            description="广告样张",
            collected_by=(WANG, LI),
            collected_at=at(date(2026, 2, 4)),
            place="现场",
        ),
        ev.RightsNotified(
            **common,
            notified_on=date(2026, 2, 10),
            penalty_kinds=("fine",),
            fine_fen=500000,
            confiscation_fen=0,
            facts="事实",
            reasons="理由",
            basis="依据",
            hearing_right=False,
            document_number="示市监告〔2026〕16号",
            legal_review_required=True,
        ),
    )
    csrf = login(client, "legal_reviewer")
    page = client.get(f"/workbench/cases/{case_id}?step=LegalReviewCompleted")
    assert page.status_code == 200
    assert f"/workbench/cases/{case_id}/review" in page.text
    # The reviewer may not record other steps.
    assert step(client, csrf, case_id, "ExecutionDemanded").status_code == 403
    r = client.post(
        f"/workbench/cases/{case_id}/review",
        data={
            "csrf_token": csrf,
            "step": "LegalReviewCompleted",
            "reviewer_id": WANG,  # ignored: the signed-in reviewer signs
            "reviewed_on": "2026-02-20",
            "outcome": "approve",
            "opinion": "事实清楚，证据确凿，程序合法。",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, text_of(r.text)[:1500]
    with demo.read() as s:
        state = load_state(s, case_id)
    assert state is not None
    assert state.review_outcome == "approve"


def test_the_transcript_form_warns_of_uncivil_words_without_blocking(
    client: TestClient, demo: Context
) -> None:
    pytest.importorskip("zhifa.civility", reason="the civility checker is another area's module")
    case_id = "case" + "0" * 27 + "7"
    open_case(demo, case_id, "示市监立〔2026〕17号", (WANG, LI), date(2026, 2, 2))
    csrf = login(client, "officer")
    words = "问：我们是市场监管局执法人员，这是执法证件。\n答：看到了。\n问：少废话，你给我老实点！"
    data = {
        "kind": "inquiry",
        "evidence_id": "T001",
        "officer_ids": [WANG, LI],
        "taken_at": "2026-02-05T09:00",
        "place": "示例市东城区市场监督管理所",
        "utterances": words,
    }
    checked = step(client, csrf, case_id, "TranscriptRecorded", intent="check", **data)
    assert checked.status_code == 200
    assert "执法用语提醒" in checked.text
    assert "第六条" in checked.text
    assert "少废话" in checked.text  # the typed transcript is kept
    assert case_types(demo, case_id) == ["LeadRegistered", "CaseOpened"]
    saved = step(client, csrf, case_id, "TranscriptRecorded", intent="save", **data)
    assert saved.status_code == 303
    # Saved, and the check on what was saved is on the ledger for the supervisor (第六条).
    assert case_types(demo, case_id)[-2:] == ["TranscriptRecorded", "LanguageFlagged"]
    assert "civility=" in saved.headers["location"]
    assert "可能不符合《行政执法人员行为准则》第六条" in client.get(saved.headers["location"]).text
