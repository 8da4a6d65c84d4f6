"""Standard documents from a case: composed from its events, checked, rendered, recorded.

``issue_document`` builds the document's content (``zhifa.documents`` JSON) from the case's
ledger entries and the registry, refuses it when the element check finds anything (准则第九条),
renders the PDF with a QR code to ``/verify/document/{id}``, and records ``DocumentIssued``
with the content's digest and the PDF's digest. The content itself is personal data: it is
kept encrypted beside the ledger, and the PDF is rendered from it again when asked for (the
rendering is deterministic, so the bytes, and their digest, are the same every time).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from zhifa.cases import events as ev
from zhifa.cases.model import CaseState
from zhifa.cases.services import DbEnv, case_events, load_state, record_steps, reveal_fields
from zhifa.catalog.model import PenaltyKind
from zhifa.kernel.errors import IllegalTransition, InvalidInput, NotFound
from zhifa.kernel.ids import new_id
from zhifa.ledger.personal import PiiCipher
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow
from zhifa.store.uow import UnitOfWork

# What a case can issue today, and the step each document is made from.
ISSUABLE: dict[str, str] = {
    "prior_notice": "行政处罚事先告知书",
    "penalty_decision": "行政处罚决定书",
    "summary_decision": "当场行政处罚决定书",
}

_PAY_MANNER = "到指定的银行或者通过电子支付系统缴纳罚款"


def verify_path(document_id: str) -> str:
    return f"/verify/document/{document_id}"


def _party(
    opened: ev.CaseOpened | ev.SummaryDecisionIssued, clear: dict[str, Any]
) -> dict[str, Any]:
    person = opened.party_kind == "person"
    out: dict[str, Any] = {
        "kind": "natural_person" if person else "legal_person",
        "name": clear.get("party_name"),
    }
    if person and clear.get("party_id_number"):
        out |= {"id_kind": "resident_id", "id_number": clear["party_id_number"]}
    elif opened.party_uscc:
        out |= {"id_kind": "uscc", "id_number": opened.party_uscc}
    for key in ("address", "phone"):
        if clear.get(f"party_{key}"):
            out[key] = clear[f"party_{key}"]
    return out


class _Case:
    """A case's events, read once, with the clear values a document needs."""

    def __init__(self, session: Session, cipher: PiiCipher, case_id: str) -> None:
        self.session = session
        self.cipher = cipher
        self.state: CaseState | None = load_state(session, case_id)
        if self.state is None:
            raise NotFound("案件不存在", f"case {case_id} not found")
        self.events = [e for _, e in case_events(session, case_id)]
        self.body = session.get_one(BodyRow, self.state.body_id)

    def last(self, cls: type[ev.CaseEvent]) -> Any:
        found = [e for e in self.events if isinstance(e, cls)]
        return found[-1] if found else None

    def all(self, cls: type[ev.CaseEvent]) -> list[Any]:
        return [e for e in self.events if isinstance(e, cls)]

    def clear(self, e: ev.CaseEvent) -> dict[str, Any]:
        return reveal_fields(self.session, self.cipher, e)

    def header(self, kind: str, number: str, on: date) -> dict[str, Any]:
        assert self.state is not None
        return {
            "kind": kind,
            "version": 1,
            "number": number,
            "body": {"name": self.body.name, "code": self.body.uscc},
            "date": on.isoformat(),
            "seal": {
                "affixed": True,
                "name": self.body.name,
                "reference": f"电子印章-{self.body.uscc}",
            },
            "case": {"id": self.state.case_id, "number": self.state.number},
        }

    def officers(self, ids: tuple[str, ...], on: date) -> list[dict[str, Any]]:
        out = []
        for oid in ids:
            officer = self.session.get_one(OfficerRow, oid)
            creds = [
                c
                for c in self.session.query(CredentialRow).filter(CredentialRow.officer_id == oid)
                if c.valid_from <= on <= c.valid_to
            ]
            out.append(
                {"name": officer.name, "credential_number": creds[0].number if creds else None}
            )
        return out


def _penalties(kinds: tuple[str, ...], fine: int, confiscation: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for k in kinds:
        item: dict[str, Any] = {"kind": k}
        if k == "fine":
            item["amount_fen"] = fine
        elif k == "confiscation":
            item["amount_fen"] = confiscation
            item["description"] = "没收违法所得"
        else:
            item["description"] = PenaltyKind(k).label_zh
        out.append(item)
    return out


def _prior_notice(c: _Case, env: DbEnv) -> dict[str, Any]:
    notice: ev.RightsNotified | None = c.last(ev.RightsNotified)
    opened: ev.CaseOpened | None = c.last(ev.CaseOpened)
    if notice is None or opened is None:
        raise IllegalTransition("尚未告知拟作出的行政处罚", "no RightsNotified on the case")
    assert c.state is not None
    matter = env.matter(c.state.matter_code)
    on = notice.notified_on
    doc = c.header("prior_notice", notice.document_number, on)
    names = "、".join(o["name"] for o in c.officers(c.state.officer_ids, on))
    doc |= {
        "party": _party(opened, c.clear(opened)),
        "facts": notice.facts,
        "reasons": notice.reasons,
        "violated": [b.formatted() for b in matter.bases if str(b.role) == "prohibition"]
        or [notice.basis],
        "basis": [notice.basis],
        "intended_penalties": _penalties(
            notice.penalty_kinds, notice.fine_fen, notice.confiscation_fen
        ),
        "intended_total_fen": notice.fine_fen + notice.confiscation_fen,
        "statement_days": env.param("defence.statement.deadline", on).number(),
        "hearing_triggered": notice.hearing_right,
        "contact": f"{names}（{c.body.name}）",
    }
    if notice.hearing_right:
        doc["hearing_request_days"] = env.param("hearing.request.deadline", on).number()
    return doc


def _penalty_decision(c: _Case, env: DbEnv) -> dict[str, Any]:
    decision: ev.DecisionIssued | None = c.last(ev.DecisionIssued)
    notice: ev.RightsNotified | None = c.last(ev.RightsNotified)
    opened: ev.CaseOpened | None = c.last(ev.CaseOpened)
    if decision is None or notice is None or opened is None:
        raise IllegalTransition("尚未作出处罚决定", "no DecisionIssued on the case")
    assert c.state is not None
    matter = env.matter(c.state.matter_code)
    on = decision.decided_on
    doc = c.header("penalty_decision", decision.number, on)
    evidence = [e.description for e in c.all(ev.EvidenceCollected)]
    evidence += [
        ("询问笔录" if t.kind == "inquiry" else "现场检查笔录")
        + f"（{t.taken_at.date().isoformat()}）"
        for t in c.all(ev.TranscriptRecorded)
    ]
    heard = c.last(ev.HearingHeld)
    statements = c.all(ev.StatementReceived)
    if heard is not None:
        said = f"当事人于{heard.held_on.isoformat()}参加听证，陈述、申辩意见已在听证笔录中记载并经复核。"
    elif statements:
        adopted = any(s.adopted for s in statements)
        said = "当事人在规定期限内提出了陈述、申辩意见，经复核" + (
            "，部分意见予以采纳。" if adopted else "，理由不能成立，不予采纳。"
        )
    else:
        said = "当事人在规定期限内未提出陈述、申辩意见。"
    doc |= {
        "party": _party(opened, c.clear(opened)),
        "facts": decision.facts if len(decision.facts) > 20 else notice.facts,
        "evidence": evidence or ["（见案卷证据目录）"],
        "violated": [b.formatted() for b in matter.bases if str(b.role) == "prohibition"]
        or [decision.basis],
        "basis": [decision.basis],
        "discretion": decision.tier_reason,
        "statements": said,
        "penalties": _penalties(
            decision.penalty_kinds, decision.fine_fen, decision.confiscation_fen
        ),
        "total_fen": decision.fine_fen + decision.confiscation_fen,
        "notice_number": notice.document_number,
        "notice_date": notice.notified_on.isoformat(),
        "remedy": {
            "reconsideration_body": decision.reconsideration_body,
            "reconsideration_days": env.param("remedy.reconsideration.deadline", on).number(),
            "litigation_court": decision.litigation_court,
            "litigation_months": env.param("remedy.litigation.deadline", on).number(),
        },
    }
    if decision.fine_fen or decision.confiscation_fen:
        doc["payment"] = {
            "manner": _PAY_MANNER,
            "deadline_days": env.param("payment.deadline", on).number(),
            "channel": decision.payment_channel,
        }
    return doc


def _summary_decision(c: _Case, env: DbEnv) -> dict[str, Any]:
    d: ev.SummaryDecisionIssued | None = c.last(ev.SummaryDecisionIssued)
    if d is None:
        raise IllegalTransition("不是当场处罚案件", "no SummaryDecisionIssued on the case")
    assert c.state is not None
    matter = env.matter(d.matter_code)
    on = d.decided_on
    doc = c.header("summary_decision", d.number, on)
    penalty = [b.formatted() for b in matter.bases if str(b.role) == "penalty"]
    doc |= {
        "party": _party(d, c.clear(d)),
        "facts": d.facts,
        "violated": [b.formatted() for b in matter.bases if str(b.role) == "prohibition"]
        or penalty,
        "basis": penalty,
        "penalty_kind": "fine" if d.fine_fen else "warning",
        "fine_fen": d.fine_fen or None,
        "time": d.occurred_at.isoformat(),
        "place": d.place,
        "officers": c.officers(d.officer_ids, on),
        "officers_signed": True,
        "collected_on_spot": bool(d.collected_on_spot_fen),
        "remedy": {
            "reconsideration_body": f"{c.body.name}的本级人民政府",
            "reconsideration_days": env.param("remedy.reconsideration.deadline", on).number(),
            "litigation_court": "有管辖权的人民法院",
            "litigation_months": env.param("remedy.litigation.deadline", on).number(),
        },
    }
    if d.fine_fen and not d.collected_on_spot_fen:
        doc["payment"] = {
            "manner": _PAY_MANNER,
            "deadline_days": env.param("payment.deadline", on).number(),
            "channel": "指定银行或者电子支付系统",
        }
    if d.collected_on_spot_fen:
        # The case records the ground as in 第六十八条 (small_fine); the form calls it small_amount.
        doc["collection_reason"] = {"small_fine": "small_amount"}.get(
            d.collection_ground or "", d.collection_ground
        )
        doc["receipt_number"] = d.receipt_number
    return doc


_COMPOSERS: dict[str, Callable[[_Case, DbEnv], dict[str, Any]]] = {
    "prior_notice": _prior_notice,
    "penalty_decision": _penalty_decision,
    "summary_decision": _summary_decision,
}


def compose(session: Session, cipher: PiiCipher, case_id: str, kind: str) -> dict[str, Any]:
    """The document's content as ``zhifa.documents`` JSON (with clear personal values)."""
    if kind not in _COMPOSERS:
        raise InvalidInput(
            f"不能从案件生成“{kind}”",
            f"cannot compose document kind {kind}",
            hint_zh="可生成：" + "、".join(ISSUABLE.values()),
        )
    return _COMPOSERS[kind](_Case(session, cipher, case_id), DbEnv(session))


def render(content: dict[str, Any], verify_url: str) -> bytes:
    from zhifa.documents.pdf import render_pdf

    return render_pdf(content, verify_url=verify_url)


def issue_document(
    uow: UnitOfWork,
    cipher: PiiCipher,
    case_id: str,
    kind: str,
    *,
    actor: str,
    base_url: str,
    at: datetime | None = None,
) -> ev.DocumentIssued:
    """Compose, check, render and record one document; returns the recorded event."""
    from zhifa.documents.model import content_digest

    state = load_state(uow.session, case_id)
    if state is None:
        raise NotFound("案件不存在", f"case {case_id} not found")
    content = compose(uow.session, cipher, case_id, kind)
    document_id = new_id()
    digest = content_digest(content)
    verify_url = base_url.rstrip("/") + verify_path(document_id)
    pdf = render(content, verify_url)
    step = ev.DocumentIssued(
        actor=actor,
        occurred_at=at or uow.clock.now(),
        case_id=case_id,
        body_id=state.body_id,
        document_id=document_id,
        kind=kind,
        number=content["number"],
        digest=digest,
        pdf_digest=hashlib.sha256(pdf).hexdigest(),
        issued_on=date.fromisoformat(content["date"]),
        verify_url=verify_url,
        content=content,
    )
    recorded = record_steps(uow, [step])
    result = recorded[0]
    assert isinstance(result, ev.DocumentIssued)
    return result


def document_pdf(
    session: Session, cipher: PiiCipher, document_id: str
) -> tuple[ev.DocumentIssued, bytes]:
    """The issued document's PDF, rendered again from its recorded content."""
    from zhifa.cases.tables import CaseDocumentRow
    from zhifa.kernel.canonical import parse_json
    from zhifa.kernel.events import from_record
    from zhifa.ledger.tables import LedgerEntry

    row = session.get(CaseDocumentRow, document_id)
    if row is None:
        raise NotFound("文书不存在", f"document {document_id} not found")
    issued = from_record(parse_json(session.get_one(LedgerEntry, row.entry).body))
    assert isinstance(issued, ev.DocumentIssued)
    content = reveal_fields(session, cipher, issued)["content"]
    pdf = render(content, issued.verify_url)
    if hashlib.sha256(pdf).hexdigest() != issued.pdf_digest:
        raise IllegalTransition(
            "重新生成的文书与出具时不一致，请联系系统管理员核查",
            f"re-rendered PDF of {document_id} differs from the recorded digest",
            article=9,
        )
    return issued, pdf
