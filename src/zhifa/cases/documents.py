"""Standard documents from a case: composed from its events, checked, rendered, recorded.

``issue_document`` builds the document's content (``zhifa.documents`` JSON) from the case's
ledger entries and the registry, refuses it when the element check finds anything (准则第九条),
renders the PDF with a QR code to ``/verify/document/{id}``, and records ``DocumentIssued``
with the content's digest and the PDF's digest. The content itself is personal data: it is
kept encrypted beside the ledger, and the PDF is rendered from it again when asked for (the
rendering is deterministic, so the bytes, and their digest, are the same every time).

Every kind of ``zhifa.documents`` can be composed. Some are made once per item of the case —
a transcript, a hearing notice, a service, a 查封/扣押 — and take a ``ref`` naming the item
(``PER_ITEM``); ``documents_after(step)`` says which documents an officer issues right after a
step. A document states only what the case records: where the record lacks an element (an
interview's end time, a seizure's storage place), the element is left out and the element
check refuses the document, naming what is missing — the record has to be completed first.
What is assumed rather than recorded is listed in ``ASSUMED``.

Documents whose number the case does not record (everything but the notice and the decisions)
are numbered from the case number: ``示市监案〔2026〕8号`` gives ``示市监询〔2026〕8-1号`` for its
first 询问笔录 (``document_number``); the year is always the document's own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from zhifa.cases import events as ev
from zhifa.cases.model import CaseState, Procedure, Stage
from zhifa.cases.services import DbEnv, case_events, load_state, record_steps, reveal_fields
from zhifa.catalog.model import Matter, PenaltyKind
from zhifa.documents.model import DocumentKind, LeadSource
from zhifa.kernel.clock import CHINA_TZ, format_date_zh, legal_date
from zhifa.kernel.errors import DomainError, IllegalTransition, InvalidInput, NotFound
from zhifa.kernel.ids import new_id
from zhifa.kernel.money import Money, format_capital, format_yuan
from zhifa.ledger.personal import PiiCipher, reveal
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow
from zhifa.store.uow import UnitOfWork

# Everything a case can issue (kind → title), in the order a case meets them.
ISSUABLE: dict[str, str] = {
    k.value: k.title_zh
    for k in (
        DocumentKind.FILING_APPROVAL,
        DocumentKind.NON_FILING_DECISION,
        DocumentKind.INSPECTION_RECORD,
        DocumentKind.INQUIRY_RECORD,
        DocumentKind.SEIZURE_DECISION,
        DocumentKind.SEIZURE_INVENTORY,
        DocumentKind.PRIOR_NOTICE,
        DocumentKind.HEARING_NOTICE,
        DocumentKind.PENALTY_DECISION,
        DocumentKind.SUMMARY_DECISION,
        DocumentKind.SERVICE_RECEIPT,
        DocumentKind.CLOSING_APPROVAL,
    )
}

# Kinds made once per item of the case, and what their ``ref`` names: the transcript's
# ``evidence_id``, the measure's ``measure_id``, the step's ``event_id``.
PER_ITEM: dict[str, str] = {
    "inquiry_record": "evidence_id",
    "inspection_record": "evidence_id",
    "hearing_notice": "event_id",
    "service_receipt": "event_id",
    "seizure_decision": "measure_id",
    "seizure_inventory": "measure_id",
}

# What a composed document states that the case does not record (准则第九条 asks that the
# record be complete; until the steps record these facts, the issuing officer vouches for them).
ASSUMED: dict[str, tuple[str, ...]] = {
    "inquiry_record": ("read_back", "signatures"),
    "inspection_record": ("read_back", "signatures"),
    "seizure_inventory": ("signatures",),
    "hearing_notice": ("hearing_time (09:00)", "recusal_informed", "public"),
    "service_receipt": ("receiver_signed (direct, entrusted)", "place (the party's address)"),
}

_PAY_MANNER = "到指定的银行或者通过电子支付系统缴纳罚款"
_CCL_SEIZURE = "《中华人民共和国行政强制法》第二十二条、第二十三条"

# The short mark of each numbered-here kind within the document number.
_MARK = {
    "filing_approval": "立审",
    "non_filing_decision": "不立",
    "inquiry_record": "询",
    "inspection_record": "检",
    "hearing_notice": "听通",
    "service_receipt": "送",
    "seizure_decision": "强",
    "seizure_inventory": "强清",
    "closing_approval": "结",
}
_CASE_NUMBER = re.compile(r"^(?P<stem>[^〔〕]*)〔(?P<year>\d{4})〕(?P<serial>[^〔〕]+?)号?$")


def document_number(
    case_number: str, case_id: str, kind: str, on: date, seq: int | None = None
) -> str:
    """The number of a document the case does not number itself, derived from the case
    number so that it is unique and the same every time it is composed.

    ``示市监案〔2026〕8号`` → ``示市监询〔2026〕8-1号`` (the first 询问笔录); the case's own
    mark (案, 立) gives way to the document's; the year is the document's, and where it is
    not the case's the case's year is kept in the serial (``〔2027〕2026-8-1号``). A lead
    without a case number uses the start of its id.
    """
    m = _CASE_NUMBER.match(case_number.strip())
    if m is not None:
        stem = m["stem"].removesuffix("案").removesuffix("立")
        serial = m["serial"].strip()
        if int(m["year"]) != on.year:
            serial = f"{m['year']}-{serial}"
    else:
        stem, serial = "", (case_number.strip() or case_id[:8])
    suffix = f"-{seq}" if seq is not None else ""
    return f"{stem}{_MARK[kind]}〔{on.year}〕{serial}{suffix}号"


def _money_text(fen: int) -> str:
    m = Money(fen)
    return f"人民币{format_capital(m)}（{format_yuan(m)}）"


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


def _person(party: dict[str, Any], relation: str) -> dict[str, Any]:
    """The party as a person in a record (受送达人, 被询问人): the same values, no kind."""
    out = {k: v for k, v in party.items() if k not in ("kind", "representative")}
    return out | {"relation": relation}


class _Case:
    """A case's events, read once, with the clear values a document needs."""

    def __init__(
        self, session: Session, cipher: PiiCipher, case_id: str, ref: str | None = None
    ) -> None:
        self.session = session
        self.cipher = cipher
        self.ref = ref
        state = load_state(session, case_id)
        if state is None:
            raise NotFound("案件不存在", f"case {case_id} not found")
        self.state: CaseState = state
        self.events = [e for _, e in case_events(session, case_id)]
        self.body = session.get_one(BodyRow, self.state.body_id)
        self._clear: dict[str, dict[str, Any]] = {}

    def last(self, cls: type[ev.CaseEvent]) -> Any:
        found = [e for e in self.events if isinstance(e, cls)]
        return found[-1] if found else None

    def all(self, cls: type[ev.CaseEvent]) -> list[Any]:
        return [e for e in self.events if isinstance(e, cls)]

    def before(self, cls: type[ev.CaseEvent], step: ev.CaseEvent) -> list[Any]:
        """The events of ``cls`` recorded before ``step`` (in ledger order)."""
        out = []
        for e in self.events:
            if e is step:
                break
            if isinstance(e, cls):
                out.append(e)
        return out

    def clear(self, e: ev.CaseEvent) -> dict[str, Any]:
        if e.event_id not in self._clear:
            self._clear[e.event_id] = reveal_fields(self.session, self.cipher, e)
        return self._clear[e.event_id]

    def pick(self, items: Sequence[Any], key: Callable[[Any], str], what_zh: str) -> Any:
        """The item ``ref`` names, or the latest one when no ``ref`` was given."""
        if not items:
            raise IllegalTransition(f"本案尚无{what_zh}", f"no {what_zh} on the case")
        if self.ref is None:
            return items[-1]
        for item in items:
            if key(item) == self.ref:
                return item
        raise NotFound(f"本案没有编号为“{self.ref}”的{what_zh}", f"no {self.ref!r} on the case")

    def number(self, kind: str, on: date, seq: int | None = None) -> str:
        return document_number(self.state.number, self.state.case_id, kind, on, seq)

    def header(self, kind: str, number: str, on: date) -> dict[str, Any]:
        case: dict[str, Any] = {"id": self.state.case_id}
        if self.state.number:
            case["number"] = self.state.number
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
            "case": case,
        }

    def party(self) -> dict[str, Any] | None:
        """The party as the case opened it (or as the on-the-spot decision names it)."""
        opened: ev.CaseOpened | ev.SummaryDecisionIssued | None = self.last(
            ev.CaseOpened
        ) or self.last(ev.SummaryDecisionIssued)
        return None if opened is None else _party(opened, self.clear(opened))

    def opened(self) -> ev.CaseOpened:
        opened: ev.CaseOpened | None = self.last(ev.CaseOpened)
        if opened is None:
            raise IllegalTransition("案件尚未立案", "no CaseOpened on the case")
        return opened

    def name_of(self, who: str) -> str | None:
        """The name of an approver or officer: a head's account (``user:<id>``) or a person
        on the roster. ``None`` when the name is unknown or was erased."""
        from zhifa.access.tables import UserRow

        if who.startswith("user:"):
            user = self.session.get(UserRow, who.removeprefix("user:"))
            if user is None:
                return None
            try:
                return reveal(self.session, self.cipher, user.name_ref)
            except DomainError:
                return None
        officer = self.session.get(OfficerRow, who.removeprefix("officer:"))
        return officer.name if officer is not None else None

    def approval(self, approver: str, opinion: str, on: date) -> dict[str, Any]:
        return {"approver": self.name_of(approver), "opinion": opinion, "date": on.isoformat()}

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

    def remedy(self, env: DbEnv, on: date, upto: ev.CaseEvent | None = None) -> dict[str, Any]:
        """复议机关 and court as the case's decision names them; before a decision, the phrasing
        of the on-the-spot form (the body's 本级人民政府, the competent court)."""
        decisions = self.before(ev.DecisionIssued, upto) if upto else self.all(ev.DecisionIssued)
        named = decisions[-1] if decisions else None
        return {
            "reconsideration_body": (named and named.reconsideration_body)
            or f"{self.body.name}的本级人民政府",
            "reconsideration_days": env.param("remedy.reconsideration.deadline", on).number(),
            "litigation_court": (named and named.litigation_court) or "有管辖权的人民法院",
            "litigation_months": env.param("remedy.litigation.deadline", on).number(),
        }


def _matter_text(matter: Matter) -> str:
    return f"当事人涉嫌{matter.name}"


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


def _filing_approval(c: _Case, env: DbEnv) -> dict[str, Any]:
    opened = c.opened()
    lead: ev.LeadRegistered | None = c.last(ev.LeadRegistered)
    matter = env.matter(opened.matter_code)
    on = opened.opened_on
    doc = c.header("filing_approval", c.number("filing_approval", on), on)
    bases = [b.formatted() for b in matter.bases if str(b.role) == "prohibition"]
    doc |= {
        "party": _party(opened, c.clear(opened)),
        "matter": _matter_text(matter),
        "summary": opened.summary or (lead.summary if lead else None),
        "basis": bases or [b.formatted() for b in matter.bases],
        "handlers": c.officers(opened.officer_ids, on),
        "approval": c.approval(opened.approved_by, "同意立案", on),
    }
    if lead is not None:  # a case opened without a lead has neither: the check says so
        doc |= {"source": LeadSource(lead.source).value, "lead_date": lead.received_on.isoformat()}
    return doc


def _non_filing_decision(c: _Case, env: DbEnv) -> dict[str, Any]:
    declined: ev.CaseDeclined | None = c.last(ev.CaseDeclined)
    lead: ev.LeadRegistered | None = c.last(ev.LeadRegistered)
    if declined is None or lead is None:
        raise IllegalTransition("案源尚未决定不予立案", "no CaseDeclined on the lead")
    on = declined.decided_on
    doc = c.header("non_filing_decision", c.number("non_filing_decision", on), on)
    matter = lead.summary
    if lead.matter_code:
        matter = f"{lead.summary}（{_matter_text(env.matter(lead.matter_code))}）"
    doc |= {
        "source": LeadSource(lead.source).value,
        "lead_date": lead.received_on.isoformat(),
        "matter": matter,
        "reasons": declined.reasons,
        "approval": c.approval(declined.approved_by, "同意不予立案", on),
    }
    return doc


_OFFICER_WORDS = frozenset({"officer", "问", "执法人员", "询问人", "检查人", "记录人"})
_PARTY_WORDS = frozenset({"party", "答", "当事人", "被询问人", "被检查人"})
_WITNESS_WORDS = frozenset({"witness", "证人", "见证人", "在场人"})
_INTERPRETER_WORDS = frozenset({"interpreter", "翻译", "翻译人员"})


def _turns(
    utterances: Any, officer_names: set[str], party_name: str | None
) -> list[dict[str, Any]]:
    """The transcript's turns with each speaker's role; a name is kept where the label is one."""
    out = []
    for u in utterances or ():
        label = str(u.get("speaker", "")).strip()
        turn: dict[str, Any] = {"text": u.get("text") or None}
        if label in _OFFICER_WORDS or label in officer_names:
            turn["speaker"] = "officer"
        elif label in _PARTY_WORDS or (party_name is not None and label == party_name):
            turn["speaker"] = "party"
        elif label in _WITNESS_WORDS:
            turn["speaker"] = "witness"
        elif label in _INTERPRETER_WORDS:
            turn["speaker"] = "interpreter"
        else:
            turn["speaker"] = "other"
        if label in officer_names or (party_name is not None and label == party_name):
            turn["name"] = label
        elif label and turn["speaker"] == "other":
            turn["name"] = label  # a label that is neither a role word nor a known name
        out.append(turn)
    return out


def _record(c: _Case, env: DbEnv, kind: str) -> dict[str, Any]:
    """询问笔录 or 现场检查笔录 from one ``TranscriptRecorded``.

    The transcript records who asked, when it began and ended, where, who wrote it down,
    whether credentials were shown and the right to recusal told, what was said, and who was
    interviewed or present. A record that lacks any of these (the optional fields were added
    later) leaves the element empty, and the element check names it; without a named
    interviewee, a natural-person party who answered is taken to be the one questioned. That
    the record was read back and signed is assumed (``ASSUMED``)."""
    tk = "inquiry" if kind == "inquiry_record" else "inspection"
    records = [t for t in c.all(ev.TranscriptRecorded) if t.kind == tk]
    t: ev.TranscriptRecorded = c.pick(records, lambda t: t.evidence_id, ISSUABLE[kind])
    seq = records.index(t) + 1
    on = legal_date(t.taken_at)
    doc = c.header(kind, c.number(kind, on, seq), on)
    doc.pop("seal")  # a record carries signatures, not the body's seal
    officers = c.officers(t.officer_ids, on)
    party = c.party()
    person = party is not None and party.get("kind") == "natural_person"
    turns = _turns(
        c.clear(t)["utterances"],
        {o["name"] for o in officers},
        party.get("name") if party else None,
    )
    answered = any(u["speaker"] == "party" for u in turns)
    clear = c.clear(t)
    if clear.get("interviewee_name"):
        # The record names who was questioned (or present): that person, as recorded.
        named: dict[str, Any] = {
            "name": clear["interviewee_name"],
            "relation": t.interviewee_relation or None,
        }
        if clear.get("interviewee_id_number"):
            named |= {"id_kind": "resident_id", "id_number": clear["interviewee_id_number"]}
        who: dict[str, Any] | None = named
    else:
        # Otherwise it is known only when the party is a natural person who answered.
        who = _person(party, "当事人本人") if party and person and answered else None
    signer_role = "interviewee" if kind == "inquiry_record" else "party"
    signatures = [
        {
            "role": signer_role,
            # an organisation does not answer questions: its interviewee is a person
            "name": (who or (party if kind == "inspection_record" else None) or {}).get("name"),
            "signed": True,
            "date": on.isoformat(),
        }
    ] + [
        {"role": "officer", "name": o["name"], "signed": True, "date": on.isoformat()}
        for o in officers
    ]
    doc |= {
        "start_time": t.taken_at.astimezone(CHINA_TZ).isoformat(),
        "place": t.place,
        "officers": officers,
        "speakers": turns,
        "read_back": True,
        "signatures": signatures,
        "credentials_shown": t.credentials_shown,
    }
    if t.ended_at is not None:
        doc["end_time"] = t.ended_at.astimezone(CHINA_TZ).isoformat()
    if t.recorder_id:
        doc["recorder"] = next(
            (
                o["name"]
                for o, oid in zip(officers, t.officer_ids, strict=True)
                if oid == t.recorder_id
            ),
            None,
        )
    if kind == "inquiry_record":
        doc["recusal_informed"] = t.recusal_informed
    if kind == "inquiry_record":
        if who is not None:
            doc["interviewee"] = who
    else:
        doc["party"] = party
        if who is not None:
            doc["present_person"] = who
        found = [u["text"] for u in turns if u["speaker"] in ("officer", "other") and u["text"]]
        if found:
            doc["observations"] = "\n".join(found)
    return doc


def _inquiry_record(c: _Case, env: DbEnv) -> dict[str, Any]:
    return _record(c, env, "inquiry_record")


def _inspection_record(c: _Case, env: DbEnv) -> dict[str, Any]:
    return _record(c, env, "inspection_record")


def _hearing_notice(c: _Case, env: DbEnv) -> dict[str, Any]:
    notices: list[ev.HearingNoticed] = c.all(ev.HearingNoticed)
    n: ev.HearingNoticed = c.pick(notices, lambda e: e.event_id, "听证通知")
    on = n.noticed_on
    doc = c.header("hearing_notice", c.number("hearing_notice", on, notices.index(n) + 1), on)
    matter = env.matter(c.state.matter_code)
    # The case's officers and whoever else investigated (the presider must be neither).
    investigators = list(dict.fromkeys([*c.state.officer_ids, *sorted(c.state.investigators)]))
    # The step records the hearing's day, not its hour: hearings open at 09:00 北京时间.
    at = datetime.combine(n.hearing_on, time(9, 0), tzinfo=CHINA_TZ)
    doc |= {
        "party": c.party(),
        "matter": f"{_matter_text(matter)}一案",
        "hearing_time": at.isoformat(),
        "place": n.place,
        "presider": c.name_of(n.presider_id),
        "public": True,
        "recusal_informed": True,
        "investigators": [name for i in investigators if (name := c.name_of(i))],
    }
    return doc


# 送达的文书 (DocumentServed.document) → the document kind it is.
_SERVED_KIND = {
    "decision": "penalty_decision",
    "notice": "prior_notice",
    "hearing_notice": "hearing_notice",
    "seizure_decision": "seizure_decision",
}
_METHOD = {"post": "postal"}
_REFERENCE = re.compile(r"[A-Za-z0-9]")


def _served_document(c: _Case, served: ev.DocumentServed) -> dict[str, Any] | None:
    """What was served: the issued document of that kind when there is one, else the step
    it records (with the number the document would carry)."""
    kind = _SERVED_KIND.get(served.document)
    if kind is None:
        return None  # "other": the step does not say which document
    out: dict[str, Any] = {"kind": kind, "title": ISSUABLE[kind]}
    issued = [
        d
        for d in c.before(ev.DocumentIssued, served)
        if d.kind == kind and d.issued_on <= served.served_on
    ]
    if issued:
        return out | {"number": issued[-1].number, "date": issued[-1].issued_on.isoformat()}
    if kind == "penalty_decision":
        ds = [d for d in c.before(ev.DecisionIssued, served) if d.decided_on <= served.served_on]
        return out | (
            {"number": ds[-1].number, "date": ds[-1].decided_on.isoformat()} if ds else {}
        )
    if kind == "prior_notice":
        ns = [n for n in c.before(ev.RightsNotified, served) if n.notified_on <= served.served_on]
        if ns:
            return out | {"number": ns[-1].document_number, "date": ns[-1].notified_on.isoformat()}
        return out
    if kind == "hearing_notice":
        hs: list[ev.HearingNoticed] = c.all(ev.HearingNoticed)
        before = [
            h for h in c.before(ev.HearingNoticed, served) if h.noticed_on <= served.served_on
        ]
        if before:
            h = before[-1]
            number = c.number(kind, h.noticed_on, hs.index(h) + 1)
            return out | {"number": number, "date": h.noticed_on.isoformat()}
        return out
    ms: list[ev.MeasureImposed] = [m for m in c.all(ev.MeasureImposed) if m.kind != "freeze"]
    before_m = [m for m in c.before(ev.MeasureImposed, served) if m in ms]
    if before_m:
        m = before_m[-1]
        out["title"] = "查封决定书" if m.kind == "seal" else "扣押决定书"
        number = c.number(kind, m.imposed_on, ms.index(m) + 1)
        return out | {"number": number, "date": m.imposed_on.isoformat()}
    return out


def _service_receipt(c: _Case, env: DbEnv) -> dict[str, Any]:
    """送达回证 from one ``DocumentServed``. The step records the day, the method and the
    proof; the proof is read as what the method needs (邮件单号, 电子地址, 公告). The receiver
    is the party; the place is the party's address (for electronic service, the address
    served to); the time is the step's own when it happened on the day of service."""
    services: list[ev.DocumentServed] = c.all(ev.DocumentServed)
    s: ev.DocumentServed = c.pick(services, lambda e: e.event_id, "送达记录")
    on = s.served_on
    doc = c.header("service_receipt", c.number("service_receipt", on, services.index(s) + 1), on)
    doc.pop("seal")
    party = c.party()
    method = _METHOD.get(s.method, s.method)
    proof = s.proof.strip()
    doc |= {
        "served_document": _served_document(c, s),
        "receiver": _person(party, "当事人") if party else None,
        "method": method,
        "servers": c.officers(c.state.officer_ids, on),
        "receiver_signed": method in ("direct", "entrusted"),
    }
    if legal_date(s.occurred_at) == on:
        doc["served_at"] = s.occurred_at.astimezone(CHINA_TZ).isoformat()
    if party and party.get("address") and method not in ("electronic", "announcement"):
        doc["place"] = party["address"]
    if method == "postal" and _REFERENCE.search(proof):
        doc["tracking_number"] = proof
    elif method == "electronic" and ("@" in proof or _REFERENCE.search(proof)):
        doc["electronic_address"] = doc["place"] = proof
    elif method == "announcement" and proof:
        doc["announcement"] = doc["place"] = proof
    return doc


def _measure(c: _Case, what_zh: str) -> tuple[ev.MeasureImposed, int]:
    measures: list[ev.MeasureImposed] = [m for m in c.all(ev.MeasureImposed) if m.kind != "freeze"]
    if c.ref is not None and any(
        m.measure_id == c.ref and m.kind == "freeze" for m in c.all(ev.MeasureImposed)
    ):
        raise InvalidInput(
            "冻结存款、汇款应当出具冻结决定书，不适用查封（扣押）文书",
            "a freeze is not a seizure",
        )
    m: ev.MeasureImposed = c.pick(measures, lambda m: m.measure_id, what_zh)
    return m, measures.index(m) + 1


def _items(m: ev.MeasureImposed) -> list[dict[str, Any]]:
    out = []
    for item in m.items:
        row: dict[str, Any] = {
            "name": item.get("name") or None,
            "quantity": str(item["quantity"]) if item.get("quantity") not in (None, "") else None,
            "unit": item.get("unit") or None,
        }
        for key in ("spec", "place", "note"):  # recorded only where the step has them
            if item.get(key):
                row[key] = str(item[key])
        out.append(row)
    return out


def _seizure_decision(c: _Case, env: DbEnv) -> dict[str, Any]:
    """查封（扣押）决定书 (行政强制法第二十四条) from one ``MeasureImposed``. The step records
    no storage place: unless every item names one, the place is left for the check to name."""
    m, seq = _measure(c, "查封、扣押")
    label = "查封" if m.kind == "seal" else "扣押"
    on = m.imposed_on
    matter = env.matter(c.state.matter_code)
    opened = c.opened()
    items = _items(m)
    places = {i.get("place") for i in items}
    summary = opened.summary.strip().rstrip("。")
    doc = c.header("seizure_decision", c.number("seizure_decision", on, seq), on)
    doc |= {
        "measure": m.kind,
        "party": c.party(),
        "reasons": f"{_matter_text(matter)}"
        + (f"（{summary}）" if summary else "")
        + f"，清单所列财物与涉嫌违法行为有关，依法予以{label}。",
        "basis": [_CCL_SEIZURE, *(b.formatted() for b in matter.bases)],
        "items": items,
        "start_date": on.isoformat(),
        "duration_days": m.duration_days,
        "approval": c.approval(m.approved_by, f"同意{label}", m.approved_on),
        "emergency": m.emergency,
        "remedy": c.remedy(env, on, upto=m),
    }
    if len(places) == 1 and None not in places:
        doc["place"] = places.pop()
    return doc


def _seizure_inventory(c: _Case, env: DbEnv) -> dict[str, Any]:
    m, seq = _measure(c, "查封、扣押")
    on = m.imposed_on
    doc = c.header("seizure_inventory", c.number("seizure_inventory", on, seq), on)
    party = c.party()
    officers = c.officers(m.officer_ids, on)
    doc |= {
        "measure": m.kind,
        "decision_number": c.number("seizure_decision", on, seq),
        "party": party,
        "items": _items(m),
        "officers": officers,
        "signatures": [
            {
                "role": "party",
                "name": party.get("name") if party else None,
                "signed": True,
                "date": on.isoformat(),
            },
            *(
                {"role": "officer", "name": o["name"], "signed": True, "date": on.isoformat()}
                for o in officers
            ),
        ],
    }
    return doc


def _penalty_text(kinds: tuple[str, ...], fine: int, confiscation: int) -> str:
    parts = []
    for k in kinds:
        if k == "fine":
            parts.append(f"罚款{_money_text(fine)}")
        elif k == "confiscation":
            parts.append(f"没收违法所得{_money_text(confiscation)}")
        else:
            parts.append(PenaltyKind(k).label_zh)
    return "；".join(parts) or "不予行政处罚"


_REMEDY_OUTCOME = {
    "upheld": "维持",
    "varied": "变更",
    "revoked": "撤销",
    "declared_unlawful": "确认违法",
}


def _closing_approval(c: _Case, env: DbEnv) -> dict[str, Any]:
    closed: ev.CaseClosed | None = c.last(ev.CaseClosed)
    if closed is None:
        raise IllegalTransition("案件尚未结案", "no CaseClosed on the case")
    if c.state.procedure is Procedure.SUMMARY:
        raise InvalidInput(
            "简易程序案件没有立案，不填写结案审批表",
            "a summary-procedure case has no closing approval form",
        )
    opened = c.opened()
    decision: ev.DecisionIssued | None = c.last(ev.DecisionIssued)
    matter = env.matter(opened.matter_code)
    on = closed.closed_on
    doc = c.header("closing_approval", c.number("closing_approval", on), on)
    doc.pop("seal")
    summary = f"{_matter_text(matter)}，于{format_date_zh(opened.opened_on)}立案"
    if decision is not None:
        summary += f"，{format_date_zh(decision.decided_on)}作出行政处罚决定（{decision.number}）"
    summary += f"。{closed.summary.strip().rstrip('。')}。"
    disposition = None
    if decision is not None:
        disposition = _penalty_text(
            decision.penalty_kinds, decision.fine_fen, decision.confiscation_fen
        )
        for remedy in c.all(ev.RemedyDecided):
            filed = next(
                (f for f in c.all(ev.RemedyFiled) if f.remedy_id == remedy.remedy_id), None
            )
            organ = filed.organ if filed else "复议机关或者人民法院"
            disposition += (
                f"。{format_date_zh(remedy.decided_on)}，{organ}"
                f"{_REMEDY_OUTCOME.get(remedy.outcome, remedy.outcome)}该决定"
            )
            if remedy.new_fine_fen is not None:
                disposition += f"，罚款变更为{_money_text(remedy.new_fine_fen)}"
        disposition += "。"
    payments: list[ev.PaymentReceived] = c.all(ev.PaymentReceived)
    paid = sum(p.amount_fen for p in payments)
    owed = c.state.fine_fen + c.state.confiscation_fen
    execution: list[str] = []
    if payments:
        execution.append(
            f"当事人已于{format_date_zh(payments[-1].paid_on)}"
            + ("缴清" if paid >= owed else "缴纳")
            + f"罚没款{_money_text(paid)}"
        )
    court: ev.CourtEnforcementApplied | None = c.last(ev.CourtEnforcementApplied)
    if court is not None:
        execution.append(f"于{format_date_zh(court.applied_on)}申请{court.court}强制执行")
    if c.state.revoked:
        execution.append("处罚决定已被撤销，无需执行")
    if not execution and owed == 0 and decision is not None:
        execution.append("不涉及罚没款的缴纳")
    doc |= {
        "party": _party(opened, c.clear(opened)),
        "filing_date": opened.opened_on.isoformat(),
        "summary": summary,
        "disposition": disposition,
        "execution": "；".join(execution) + "。" if execution else None,
        "handlers": c.officers(c.state.officer_ids, on),
        "approval": c.approval(closed.approved_by, "同意结案", on),
    }
    return doc


_COMPOSERS: dict[str, Callable[[_Case, DbEnv], dict[str, Any]]] = {
    "filing_approval": _filing_approval,
    "non_filing_decision": _non_filing_decision,
    "inquiry_record": _inquiry_record,
    "inspection_record": _inspection_record,
    "prior_notice": _prior_notice,
    "hearing_notice": _hearing_notice,
    "penalty_decision": _penalty_decision,
    "summary_decision": _summary_decision,
    "service_receipt": _service_receipt,
    "seizure_decision": _seizure_decision,
    "seizure_inventory": _seizure_inventory,
    "closing_approval": _closing_approval,
}
assert set(_COMPOSERS) == set(ISSUABLE) == {k.value for k in DocumentKind}


def compose(
    session: Session, cipher: PiiCipher, case_id: str, kind: str, ref: str | None = None
) -> dict[str, Any]:
    """The document's content as ``zhifa.documents`` JSON (with clear personal values).

    ``ref`` names the item of a per-item kind (``PER_ITEM``): without it, the latest."""
    if kind not in _COMPOSERS:
        raise InvalidInput(
            f"不能从案件生成“{kind}”",
            f"cannot compose document kind {kind}",
            hint_zh="可生成：" + "、".join(ISSUABLE.values()),
        )
    if ref is not None and kind not in PER_ITEM:
        raise InvalidInput(
            f"“{ISSUABLE[kind]}”每案只有一份，不需要指明对应的记录",
            f"{kind} takes no ref",
        )
    return _COMPOSERS[kind](_Case(session, cipher, case_id, ref), DbEnv(session))


def documents_after(
    step: ev.CaseEvent, state: CaseState | None = None
) -> list[tuple[str, str | None]]:
    """The documents an officer issues right after ``step``, as (kind, ref) pairs.

    Pass the case's ``state`` after the step where it is at hand: a 简易程序 case is closed
    without a 结案审批表 (it was never opened by 立案), which the step alone cannot tell."""
    match step:
        case ev.CaseOpened():
            return [("filing_approval", None)]
        case ev.CaseDeclined():
            return [("non_filing_decision", None)]
        case ev.TranscriptRecorded():
            kind = "inquiry_record" if step.kind == "inquiry" else "inspection_record"
            return [(kind, step.evidence_id)]
        case ev.RightsNotified():
            return [("prior_notice", None)]
        case ev.HearingNoticed():
            return [("hearing_notice", step.event_id)]
        case ev.DecisionIssued():
            return [("penalty_decision", None)]
        case ev.SummaryDecisionIssued():
            return [("summary_decision", None)]
        case ev.DocumentServed():
            return [("service_receipt", step.event_id)]
        case ev.MeasureImposed() if step.kind != "freeze":
            return [("seizure_decision", step.measure_id), ("seizure_inventory", step.measure_id)]
        case ev.CaseClosed():
            if state is not None and state.procedure is Procedure.SUMMARY:
                return []
            return [("closing_approval", None)]
    return []


def issuable_now(
    state: CaseState, steps: Sequence[ev.CaseEvent]
) -> list[tuple[str, str | None, str]]:
    """What the case's record lets an officer issue now, as (kind, ref, label): a document
    for each step that makes one (``documents_after``), in the order of ``ISSUABLE``; nothing
    once the case is archived (准则第九条: the 案卷 is closed). Whether the record holds every
    element is the element check's to say when the document is issued."""
    if state.stage is Stage.ARCHIVED:
        return []
    seen: set[tuple[str, str | None]] = set()
    out: list[tuple[str, str | None, str]] = []
    for e in steps:
        for kind, ref in documents_after(e, state):
            if (kind, ref) in seen:
                continue
            seen.add((kind, ref))
            label = ISSUABLE[kind]
            if ref is not None:
                label += f"（{legal_date(e.occurred_at).isoformat()}，{_ref_label(e, ref)}）"
            out.append((kind, ref, label))
    order = list(ISSUABLE)
    out.sort(key=lambda t: order.index(t[0]))
    return out


def _ref_label(e: ev.CaseEvent, ref: str) -> str:
    match e:
        case ev.DocumentServed():
            kind = _SERVED_KIND.get(e.document)
            return "送达" + (ISSUABLE[kind] if kind else "其他文书")
        case ev.HearingNoticed():
            return f"听证日期 {e.hearing_on.isoformat()}"
    return ref


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
    ref: str | None = None,
) -> ev.DocumentIssued:
    """Compose, check, render and record one document; returns the recorded event.

    ``ref`` names the item of a per-item kind (``PER_ITEM``); see ``compose``."""
    from zhifa.documents.model import content_digest

    state = load_state(uow.session, case_id)
    if state is None:
        raise NotFound("案件不存在", f"case {case_id} not found")
    content = compose(uow.session, cipher, case_id, kind, ref)
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
