"""Every standard document a case can issue, composed from demo-generated cases: each passes
the element check (准则第九条) or is refused for a fact the case does not record; each renders
to a PDF with its title and number, and is recorded when issued. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select
from tests.integration.test_access import csrf_of, login

import zhifa.cases.documents as documents
from zhifa.app_context import Context
from zhifa.cases import events as ev
from zhifa.cases.documents import (
    ISSUABLE,
    compose,
    document_pdf,
    documents_after,
    issuable_now,
    issue_document,
)
from zhifa.cases.model import Stage
from zhifa.cases.services import DbEnv, case_events, load_state, record_steps
from zhifa.cases.synthetic import Generator
from zhifa.cases.tables import CaseDocumentRow
from zhifa.demo import demo_casts, load_demo
from zhifa.documents.elements import check_elements
from zhifa.documents.pdf import render_pdf
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import DomainError
from zhifa.web.app import create_app

# Elements the demo's cases cannot fill because the steps do not record them (the gaps the
# composers report instead of inventing): kind → element paths the check may name.
KNOWN_GAPS: dict[str, frozenset[str]] = {
    # TranscriptRecorded has no end time, recorder, interviewee, credential or recusal facts.
    "inquiry_record": frozenset(
        {
            "end_time",
            "recorder",
            "interviewee.name",
            "interviewee.relation",
            "credentials_shown",
            "recusal_informed",
        }
    ),
    "inspection_record": frozenset(
        {"end_time", "recorder", "present_person.name", "credentials_shown"}
    ),
    # MeasureImposed items carry no storage place.
    "seizure_decision": frozenset({"place"}),
    "seizure_inventory": frozenset({"items[0].place"}),
    # The generator records "送达回证" as the proof of postal and electronic service.
    "service_receipt": frozenset({"tracking_number", "electronic_address", "place"}),
}
# Kinds no demo case can issue until the steps record those facts.
ALWAYS_REFUSED = frozenset(
    {"inquiry_record", "inspection_record", "seizure_decision", "seizure_inventory"}
)
# What fills each gap when the record is completed (to show nothing else is missing).
FILL: dict[str, Any] = {
    "recorder": "示例·记录员",
    "interviewee": {"name": "示例·被询问人", "relation": "当事人的员工"},
    "present_person": {"name": "示例·在场人", "relation": "当事人的员工"},
    "credentials_shown": True,
    "recusal_informed": True,
    "place": "示例市市场监督管理局涉案物品仓库",
    "tracking_number": "EMS1234567890",
    "electronic_address": "party@example.test",
}


def _text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def _title(doc: dict[str, Any]) -> str:
    if doc["kind"] in ("seizure_decision", "seizure_inventory"):
        what = "决定书" if doc["kind"] == "seizure_decision" else "财物清单"
        return ("查封" if doc["measure"] == "seal" else "扣押") + what
    return ISSUABLE[doc["kind"]]


def _paths(findings: list[Any]) -> set[str]:
    return {f.path for f in findings}


class Issued:
    """What the generated history issued and what it refused, by kind."""

    def __init__(self) -> None:
        self.issued: dict[str, list[str]] = {}  # kind → document ids
        self.refused: dict[str, list[tuple[str, str | None, set[str]]]] = {}
        self.cases: dict[str, list[str]] = {}  # kind → case ids with that document


def _with_inspections(steps: list[ev.CaseEvent]) -> Iterator[ev.CaseEvent]:
    """The generated steps, with a 现场检查笔录 beside each case's 询问笔录 (the generator
    makes only the latter); its speakers are named by role, as officers type them."""
    for step in steps:
        yield step
        if isinstance(step, ev.TranscriptRecorded) and step.kind == "inquiry":
            yield dataclasses.replace(
                step,
                event_id=step.event_id[:24] + "inspect1",
                evidence_id="T2",
                kind="inspection",
                taken_at=step.taken_at - timedelta(hours=1),
                place="当事人经营场所",
                speakers=("检查人", "当事人"),
                utterances=[
                    {
                        "speaker": "检查人",
                        "text": "现场货架上摆放涉案商品二十件，未见合法来源凭证。",
                    },
                    {"speaker": "当事人", "text": "情况属实。"},
                ],
            )


@pytest.fixture(scope="module")
def shared_ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    """The ``ctx`` fixture's context (SQLite, or PostgreSQL on that leg), held for the module:
    the generated year is built once and every test here reads it."""
    from tests.conftest import PG_URL, T0, _reset_pg

    from zhifa.app_context import build_context, initialise
    from zhifa.kernel.clock import FixedClock
    from zhifa.settings import Settings

    tmp = tmp_path_factory.mktemp("documents_all")
    if PG_URL:
        _reset_pg(PG_URL)
    url = PG_URL or f"sqlite:///{tmp / 'zhifa.db'}"
    settings = Settings(mode="test", data_dir=tmp / "data", database_url=url)
    context = build_context(settings, clock=FixedClock(T0))
    initialise(context)
    yield context
    context.engine.dispose()


@pytest.fixture(scope="module")
def history(shared_ctx: Context) -> tuple[Context, Issued]:
    """A demo-generated year of cases, recorded step by step; after each step the documents
    it makes (``documents_after``) are composed, checked and issued, as an officer would.
    The cases are not archived (an archived 案卷 takes no further document)."""
    ctx = shared_ctx
    load_demo(ctx)
    until = legal_date(ctx.clock.now())
    start = until - timedelta(days=365)
    out = Issued()
    with ctx.uow() as uow:
        env = DbEnv(uow.session)
        steps: list[ev.CaseEvent] = []
        for cast in demo_casts():
            steps.extend(Generator(env, cast, seed="zhifa-docs").cases(20, start, until))
        uow.commit()
    for step in _with_inspections(steps):
        if isinstance(step, ev.CaseArchived):
            continue  # kept open, so that documents can still be issued on every case
        with ctx.uow() as uow:
            record_steps(uow, [step])
            state = load_state(uow.session, step.case_id)
            for kind, ref in documents_after(step, state):
                content = compose(uow.session, ctx.pii, step.case_id, kind, ref)
                findings = check_elements(content)
                out.cases.setdefault(kind, []).append(step.case_id)
                if findings:
                    out.refused.setdefault(kind, []).append((step.case_id, ref, _paths(findings)))
                    continue
                issued = issue_document(
                    uow,
                    ctx.pii,
                    step.case_id,
                    kind,
                    actor=step.actor,
                    base_url="https://zhifa.example.test",
                    at=step.occurred_at,
                    ref=ref,
                )
                out.issued.setdefault(kind, []).append(issued.document_id)
            uow.commit()
    return ctx, out


def test_every_kind_is_composed_and_only_known_gaps_are_refused(
    history: tuple[Context, Issued],
) -> None:
    _, out = history
    # The generated year reaches every kind of document.
    assert set(out.cases) == set(ISSUABLE)
    for kind, refusals in out.refused.items():
        assert kind in KNOWN_GAPS, f"{kind} refused: {refusals[0][2]}"
        for _case, _ref, paths in refusals:
            assert paths <= KNOWN_GAPS[kind], f"{kind}: unexpected findings {paths}"
    # Everything whose facts the case records is issued.
    for kind in set(ISSUABLE) - ALWAYS_REFUSED:
        assert out.issued.get(kind), f"no {kind} issued"


def test_issued_documents_render_with_title_and_number(history: tuple[Context, Issued]) -> None:
    ctx, out = history
    with ctx.read() as s:
        for kind, ids in out.issued.items():
            for document_id in ids:
                issued, pdf = document_pdf(s, ctx.pii, document_id)  # re-rendered, digest kept
                row = s.get_one(CaseDocumentRow, document_id)
                assert (row.kind, row.number, row.digest) == (kind, issued.number, issued.digest)
                text = _text(pdf)
                assert ISSUABLE[kind] in text or kind == "seizure_inventory"
                assert issued.number in text
                assert f"/verify/document/{document_id}" in issued.verify_url


def test_with_the_gaps_filled_the_refused_documents_pass(history: tuple[Context, Issued]) -> None:
    """The refusals are for the unrecorded facts alone: filled in, the document passes."""
    ctx, out = history
    assert set(out.refused) >= ALWAYS_REFUSED
    with ctx.read() as s:
        for kind, refusals in out.refused.items():
            for case_id, ref, _paths_found in refusals[:3]:
                doc = compose(s, ctx.pii, case_id, kind, ref)
                for key in ("recorder", "credentials_shown", "recusal_informed"):
                    if key in {p.split(".")[0] for p in KNOWN_GAPS[kind]}:
                        doc[key] = FILL[key]
                if "end_time" in KNOWN_GAPS[kind]:
                    began = datetime.fromisoformat(doc["start_time"])
                    doc["end_time"] = (began + timedelta(minutes=40)).isoformat()
                if kind == "inquiry_record" and "interviewee" not in doc:
                    doc["interviewee"] = FILL["interviewee"]
                if kind == "inspection_record" and "present_person" not in doc:
                    doc["present_person"] = FILL["present_person"]
                if kind == "seizure_decision":
                    doc["place"] = FILL["place"]
                if kind == "seizure_inventory":
                    doc["items"] = [i | {"place": FILL["place"]} for i in doc["items"]]
                if kind == "service_receipt":
                    if doc["method"] == "postal":
                        doc["tracking_number"] = FILL["tracking_number"]
                    if doc["method"] == "electronic":
                        doc["electronic_address"] = doc["place"] = FILL["electronic_address"]
                assert check_elements(doc) == [], (kind, _paths(check_elements(doc)))
                text = _text(render_pdf(doc, verify_url="https://x/verify/document/d"))
                assert _title(doc) in text
                assert doc["number"] in text


def test_a_refused_document_is_not_recorded(history: tuple[Context, Issued]) -> None:
    ctx, out = history
    case_id, ref, paths = out.refused["inquiry_record"][0]
    with ctx.read() as s:
        before = len(s.scalars(select(CaseDocumentRow)).all())
    with pytest.raises(DomainError) as refused, ctx.uow() as uow:
        issue_document(uow, ctx.pii, case_id, "inquiry_record", actor="t", base_url="x", ref=ref)
    assert refused.value.article == 9
    assert any(p in refused.value.message_zh for p in paths)
    with ctx.read() as s:
        assert len(s.scalars(select(CaseDocumentRow)).all()) == before


def _drop(doc: dict[str, Any], path: str) -> dict[str, Any]:
    head, _, rest = path.partition(".")
    if rest:
        doc[head] = _drop(dict(doc[head]), rest)
    else:
        doc.pop(head)
    return doc


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("penalty_decision", "remedy.litigation_court"),
        ("penalty_decision", "payment"),
        ("prior_notice", "party.address"),
        ("summary_decision", "remedy.reconsideration_body"),
        ("filing_approval", "approval.approver"),
        ("filing_approval", "lead_date"),
        ("non_filing_decision", "reasons"),
        ("hearing_notice", "presider"),
        ("service_receipt", "served_document.number"),
        ("closing_approval", "execution"),
    ],
)
def test_an_element_the_case_lacks_is_refused_at_issue(
    history: tuple[Context, Issued], monkeypatch: pytest.MonkeyPatch, kind: str, path: str
) -> None:
    ctx, out = history
    with ctx.read() as s:
        row = s.get_one(CaseDocumentRow, out.issued[kind][0])
        case_id = row.case_id
        ref = None
        if kind in documents.PER_ITEM:
            ref = next(
                r
                for e in (e for _, e in case_events(s, case_id))
                for k, r in documents_after(e)
                if k == kind
            )
    original = documents._COMPOSERS[kind]
    monkeypatch.setitem(documents._COMPOSERS, kind, lambda c, env: _drop(original(c, env), path))
    with pytest.raises(DomainError) as refused, ctx.uow() as uow:
        issue_document(uow, ctx.pii, case_id, kind, actor="t", base_url="x", ref=ref)
    assert refused.value.article == 9
    assert path.split(".")[0] in refused.value.message_zh


@pytest.fixture(scope="module")
def client(history: tuple[Context, Issued]) -> Iterator[TestClient]:
    with TestClient(create_app(history[0])) as c:
        yield c


def test_case_page_offers_the_documents_and_issues_one_by_ref(
    client: TestClient, history: tuple[Context, Issued]
) -> None:
    ctx, out = history
    body = demo_casts()[0].body_id  # the head signed in below heads this body
    with ctx.read() as s:
        live = []
        for case_id in dict.fromkeys(out.cases["filing_approval"]):
            state = load_state(s, case_id)
            assert state is not None
            if state.body_id == body and state.stage is not Stage.ARCHIVED:
                steps = [e for _, e in case_events(s, case_id)]
                live.append((case_id, issuable_now(state, steps)))
    assert live
    case_id, offered = next((c, o) for c, o in live if any(r for _, r, _ in o))
    login(client, "body_head")
    page = client.get(f"/workbench/cases/{case_id}")
    assert page.status_code == 200
    assert "出具文书" in page.text
    for kind, ref, _label in offered:
        assert f'name="kind" value="{kind}"' in page.text
        if ref:
            assert f'name="ref" value="{ref}"' in page.text
    kind, ref, _ = next(t for t in offered if t[1] and t[0] == "inquiry_record")
    # A per-item document issued by its ref: the transcript's record is refused for its gaps.
    r = client.post(
        f"/workbench/cases/{case_id}/documents",
        data={"kind": kind, "ref": ref, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert r.status_code in (400, 409, 422), r.status_code
    assert "end_time" in r.text or "结束时间" in r.text
    # The filing approval is issued and served as a PDF.
    r = client.post(
        f"/workbench/cases/{case_id}/documents",
        data={"kind": "filing_approval", "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    pdf = client.get(r.headers["location"])
    assert pdf.status_code == 200
    assert "立案审批表" in _text(pdf.content)
    # An unknown ref is refused, never guessed.
    r = client.post(
        f"/workbench/cases/{case_id}/documents",
        data={"kind": "service_receipt", "ref": "no-such-step", "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert r.status_code in (404, 409), r.status_code
    # Without the CSRF token nothing is issued.
    r = client.post(
        f"/workbench/cases/{case_id}/documents",
        data={"kind": "filing_approval"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert re.search(r"出具", page.text)
