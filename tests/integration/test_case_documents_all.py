"""Every standard document a case can issue, composed from demo-generated cases: each passes
the element check (准则第九条) or is refused for a fact the case does not record; each renders
to a PDF with its title and number, and is recorded when issued. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from datetime import timedelta
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
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import DomainError
from zhifa.web.app import create_app

# What a transcript recorded without the facts the record must state is refused for (the
# optional fields TranscriptRecorded gained for 询问笔录/现场检查笔录; 准则第九条).
OLDER_TRANSCRIPT_GAPS = frozenset({"end_time", "recorder", "credentials_shown", "recusal_informed"})


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


def test_every_kind_is_composed_from_what_the_case_records(
    history: tuple[Context, Issued],
) -> None:
    _, out = history
    # The generated year reaches every kind of document, and every one passes the element
    # check: nothing a document must state is missing from what the case records.
    assert set(out.cases) == set(ISSUABLE)
    assert out.refused == {}, {k: v[0][2] for k, v in out.refused.items()}
    for kind in ISSUABLE:
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
                # 查封/扣押 documents are titled by the measure (查封决定书 or 扣押决定书).
                assert ISSUABLE[kind] in text or kind.startswith("seizure")
                assert issued.number in text
                assert f"/verify/document/{document_id}" in issued.verify_url


def _older_transcript(ctx: Context, out: Issued) -> tuple[str, str]:
    """A transcript recorded without the facts added later (end, recorder, credentials,
    recusal, interviewee): what an old import may carry."""
    with ctx.read() as s:
        case_id = next(
            c
            for c in dict.fromkeys(out.cases["inquiry_record"])
            if (st := load_state(s, c)) is not None
            and st.stage in (Stage.INVESTIGATING, Stage.NOTIFIED)
        )
    with ctx.uow() as uow:
        first = next(
            e for _, e in case_events(uow.session, case_id) if isinstance(e, ev.TranscriptRecorded)
        )
        clear = documents.reveal_fields(uow.session, ctx.pii, first)
        older = ev.TranscriptRecorded(
            actor=first.actor,
            occurred_at=first.occurred_at,
            case_id=case_id,
            body_id=first.body_id,
            evidence_id="T-OLD",
            kind="inquiry",
            officer_ids=first.officer_ids,
            taken_at=first.taken_at,
            place=first.place,
            speakers=first.speakers,
            utterances=clear["utterances"],
        )
        record_steps(uow, [older])
        uow.commit()
    return case_id, "T-OLD"


def test_a_transcript_without_the_recorded_facts_is_refused_naming_them(
    history: tuple[Context, Issued],
) -> None:
    """The composer does not invent what the record lacks; the element check names it, and
    nothing is recorded."""
    ctx, out = history
    case_id, ref = _older_transcript(ctx, out)
    with ctx.read() as s:
        doc = compose(s, ctx.pii, case_id, "inquiry_record", ref)
        before = len(s.scalars(select(CaseDocumentRow)).all())
    paths = {f.path.split(".")[0] for f in check_elements(doc)}
    # The interviewee is missing too unless the party is a natural person who answered.
    assert OLDER_TRANSCRIPT_GAPS <= paths <= OLDER_TRANSCRIPT_GAPS | {"interviewee"}
    with pytest.raises(DomainError) as refused, ctx.uow() as uow:
        issue_document(uow, ctx.pii, case_id, "inquiry_record", actor="t", base_url="x", ref=ref)
    assert refused.value.article == 9
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
    # A per-item document issued by its ref: the transcript's own 询问笔录.
    r = client.post(
        f"/workbench/cases/{case_id}/documents",
        data={"kind": kind, "ref": ref, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert "询问笔录" in _text(client.get(r.headers["location"]).content)
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
