"""事后公开 use cases: the sweep that creates tasks, preview, publish, withdraw, settings.

``sweep_publications(ctx)`` is the timer's part (``zhifa tick`` calls it): every decision
that took effect without a publication task gets one (``PublicationDue``); a task whose
decision was revoked before it was published is cancelled; a published decision that a
行政复议 or 行政诉讼 varied, revoked or declared unlawful gets a withdrawal task
(``WithdrawalDue``); and a body that chose auto-release has its due tasks published.

``publish`` and ``withdraw`` are what the releaser does (``disclosure.release``); each records
its late-finding event when done after the deadline (准则第五条).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhifa.app_context import Context
from zhifa.cases import events as case_ev
from zhifa.cases.documents import compose
from zhifa.cases.model import CaseState
from zhifa.cases.services import DbEnv, case_events, load_state
from zhifa.cases.tables import CaseRow
from zhifa.catalog.model import Matter
from zhifa.catalog.services import get_matter
from zhifa.disclosure import events as ev
from zhifa.disclosure.publication import (
    BASIS_48,
    BASIS_118,
    WITHDRAWING_OUTCOMES,
    PublicText,
    Segment,
    category_of,
    check_cause,
    check_reason,
    compose_text,
    known_values,
    leaks,
    not_in_effect,
    publication_due,
    refuse_leak,
    withdrawal_due,
)
from zhifa.disclosure.tables import DisclosureSettingRow, PublicationRow
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.clock import format_date_zh, legal_date
from zhifa.kernel.errors import IllegalTransition, InvalidInput, NotFound, Violation
from zhifa.kernel.money import Money, format_yuan
from zhifa.ledger.personal import PiiCipher
from zhifa.ledger.tables import LedgerEntry, LedgerSubject
from zhifa.registry.tables import BodyRow
from zhifa.store.uow import UnitOfWork

SYSTEM = "system:disclosure"
AUTO = "auto"


def publication_id(case_id: str, number: str) -> str:
    """Stable: one publication per decision, whoever (or whatever sweep) creates it first."""
    return hashlib.sha256(f"publication|{case_id}|{number}".encode()).hexdigest()[:32]


# ---------------------------------------------------------------------------- tasks


def _document_kind(state: CaseState) -> str:
    return "summary_decision" if str(state.procedure) == "summary" else "penalty_decision"


def _effect(state: CaseState | None, case_id: str) -> CaseState:
    """The case, if its decision is in effect; otherwise a refusal saying why not."""
    if state is None:
        raise NotFound("案件不存在", f"case {case_id} not found")
    number = state.decision_number
    if state.decided_on is None or not number:
        raise not_in_effect(number, "尚未作出", "no decision on the case")
    if state.served_on is None:
        raise not_in_effect(number, "尚未送达当事人，尚未生效", "decision not yet served")
    if state.revoked:
        raise not_in_effect(number, "已被撤销或者确认违法", "decision revoked")
    return state


def due_event(
    session: Session, env: DbEnv, state: CaseState, *, actor: str, at: datetime
) -> ev.PublicationDue:
    matter = env.matter(state.matter_code)
    category = category_of(str(matter.kind), state.penalty_kinds)
    assert state.served_on is not None
    assert state.decided_on is not None
    due, citation = publication_due(env, category, state.served_on)
    body = session.get_one(BodyRow, state.body_id)
    return ev.PublicationDue(
        actor=actor,
        occurred_at=at,
        publication_id=publication_id(state.case_id, state.decision_number),
        case_id=state.case_id,
        body_id=state.body_id,
        document_kind=_document_kind(state),
        category=category,
        number=state.decision_number,
        matter_code=state.matter_code,
        matter_name=matter.name,
        field=str(matter.field),
        body_name=body.name,
        decided_on=state.decided_on,
        effective_on=state.served_on,
        due_on=due,
        due_basis=citation[:300],
    )


def request_publication(uow: UnitOfWork, case_id: str, *, actor: str) -> PublicationRow:
    """Create the publication task of a case's decision now (the sweep would, later).
    Refuses a decision that has not taken effect (准则第五条; 国办发〔2018〕118号)."""
    s = uow.session
    state = _effect(load_state(s, case_id), case_id)
    existing = s.get(PublicationRow, publication_id(case_id, state.decision_number))
    if existing is not None:
        return existing
    uow.record([due_event(s, DbEnv(s), state, actor=actor, at=uow.clock.now())])
    return s.get_one(PublicationRow, publication_id(case_id, state.decision_number))


# ---------------------------------------------------------------------------- the text


def _remedy_notes(session: Session, case_id: str) -> list[Segment]:
    """A change made on 行政复议 or 行政诉讼 before publication, stated in the public text."""
    notes = []
    for _, e in case_events(session, case_id):
        if isinstance(e, case_ev.RemedyDecided) and e.outcome == "varied":
            fine = format_yuan(Money(e.new_fine_fen or 0))
            notes.append(
                Segment(
                    "变更情况",
                    f"本决定经行政复议或者行政诉讼于{format_date_zh(e.decided_on)}变更，罚款变更为{fine}。",
                )
            )
    return notes


@dataclass(frozen=True)
class Preview:
    """What the releaser sees: the task, the structured public fields, both texts."""

    row: PublicationRow
    matter: Matter
    public: PublicText
    penalty_kinds: tuple[str, ...]
    fine_fen: int
    confiscation_fen: int
    basis: str
    leaks: list[str] = field(default_factory=list)


def preview(session: Session, cipher: PiiCipher, publication_id_: str) -> Preview:
    """Compose the 公开版 of a task's decision (nothing is recorded)."""
    row = session.get(PublicationRow, publication_id_)
    if row is None:
        raise NotFound("公开任务不存在", f"publication {publication_id_} not found")
    state = load_state(session, row.case_id)
    if state is None:
        raise NotFound("案件不存在", f"case {row.case_id} not found")
    matter = get_matter(session, row.matter_code)
    doc: dict[str, Any] = compose(session, cipher, row.case_id, row.document_kind)
    public = compose_text(
        doc,
        matter_name=matter.name,
        fallback_label=state.party_label,
        notes=_remedy_notes(session, row.case_id),
    )
    basis = "；".join(str(b) for b in doc.get("basis") or ())
    return Preview(
        row=row,
        matter=matter,
        public=public,
        penalty_kinds=tuple(state.penalty_kinds),
        fine_fen=state.fine_fen,
        confiscation_fen=state.confiscation_fen,
        basis=basis,
        leaks=leaks(public.text, known_values(doc.get("party") or {})),
    )


# ---------------------------------------------------------------------------- publish


def publish(
    uow: UnitOfWork,
    cipher: PiiCipher,
    publication_id_: str,
    *,
    actor: str,
    at: datetime | None = None,
    expected_digest: str | None = None,
) -> ev.DecisionPublished:
    """Release a task's 公开版. ``expected_digest`` is the digest of the text the releaser
    reviewed: if the case changed since, the text differs and the release is refused."""
    s = uow.session
    at = at or uow.clock.now()
    on = legal_date(at)
    p = preview(s, cipher, publication_id_)
    row = p.row
    if row.status != "due":
        raise IllegalTransition(
            f"该决定的公开状态为“{_status_zh(row.status)}”，不能再次公开",
            f"publication {row.id} is {row.status}",
            article=5,
            basis=BASIS_118,
        )
    _effect(load_state(s, row.case_id), row.case_id)  # revoked since the task was created?
    if on < row.effective_on:
        raise InvalidInput(
            "公开日期不能早于决定生效日期",
            "published before the decision took effect",
            violations=[Violation("published_on", "早于生效日期", "before effective_on")],
        )
    if p.leaks:
        raise refuse_leak(p.leaks)
    if expected_digest is not None and expected_digest != p.public.digest:
        raise IllegalTransition(
            "公开版在您核对之后已发生变化（案件信息有更正），请重新核对后再发布。",
            "public text changed since it was reviewed",
            article=5,
            basis=BASIS_118,
            hint_zh="刷新本页，核对新的公开版。",
        )
    late = on > row.due_on
    published = ev.DecisionPublished(
        actor=actor if actor != AUTO else SYSTEM,
        occurred_at=at,
        publication_id=row.id,
        case_id=row.case_id,
        body_id=row.body_id,
        number=row.number,
        body_name=row.body_name,
        matter_code=row.matter_code,
        matter_name=p.matter.name,
        field=str(p.matter.field),
        party_label=p.public.party_label,
        penalty_kinds=p.penalty_kinds,
        fine_fen=p.fine_fen,
        confiscation_fen=p.confiscation_fen,
        basis=p.basis,
        decided_on=row.decided_on,
        published_on=on,
        text=p.public.text,
        text_digest=p.public.digest,
        masked=p.public.counts(),
        released_by=actor,
        late=late,
    )
    events: list[ev.PublicationEvent] = [published]
    if late:
        events.append(
            ev.PublicationLate(
                actor=SYSTEM,
                occurred_at=at,
                publication_id=row.id,
                case_id=row.case_id,
                body_id=row.body_id,
                due=row.due_on,
                published_on=on,
                basis=f"准则第五条；{row.due_basis}"[:300],
            )
        )
    uow.record(events)
    return published


# ---------------------------------------------------------------------------- withdraw


def withdraw(
    uow: UnitOfWork,
    publication_id_: str,
    *,
    actor: str,
    reason: str | None,
    cause: str | None = None,
    at: datetime | None = None,
) -> ev.PublicationWithdrawn:
    """撤回 a published decision, with the reasons shown in its place (第四十八条第二款)."""
    s = uow.session
    text = check_reason(reason)
    row = s.get(PublicationRow, publication_id_)
    if row is None:
        raise NotFound("公开记录不存在", f"publication {publication_id_} not found")
    chosen = check_cause(cause or row.withdrawal_cause or "other")
    if row.status != "published":
        raise IllegalTransition(
            f"该决定的公开状态为“{_status_zh(row.status)}”，只有已公开的决定才能撤回",
            f"publication {row.id} is {row.status}, not published",
            article=5,
            basis=f"{BASIS_48}第二款",
        )
    at = at or uow.clock.now()
    on = legal_date(at)
    if row.published_on is not None and on < row.published_on:
        raise InvalidInput(
            "撤回日期不能早于公开日期",
            "withdrawn before published",
            violations=[Violation("withdrawn_on", "早于公开日期", "before published_on")],
        )
    late = row.withdrawal_due is not None and on > row.withdrawal_due
    withdrawn = ev.PublicationWithdrawn(
        actor=actor,
        occurred_at=at,
        publication_id=row.id,
        case_id=row.case_id,
        body_id=row.body_id,
        withdrawn_on=on,
        cause=chosen,
        reason=text,
        late=late,
    )
    events: list[ev.PublicationEvent] = [withdrawn]
    if late:
        assert row.withdrawal_due is not None
        events.append(
            ev.WithdrawalLate(
                actor=SYSTEM,
                occurred_at=at,
                publication_id=row.id,
                case_id=row.case_id,
                body_id=row.body_id,
                due=row.withdrawal_due,
                withdrawn_on=on,
                basis=f"准则第五条；{row.extra.get('withdrawal_basis', BASIS_48)}"[:300],
            )
        )
    uow.record(events)
    return withdrawn


def set_auto_release(uow: UnitOfWork, body_id: str, enabled: bool, *, actor: str) -> None:
    if uow.session.get(BodyRow, body_id) is None:
        raise NotFound("执法主体不存在", f"body {body_id} not found")
    uow.record(
        [
            ev.AutoReleaseConfigured(
                actor=actor, occurred_at=uow.clock.now(), body_id=body_id, enabled=enabled
            )
        ]
    )


def auto_release(session: Session, body_id: str) -> bool:
    row = session.get(DisclosureSettingRow, body_id)
    return bool(row and row.auto_release)


def _status_zh(status: str) -> str:
    from zhifa.disclosure.publication import STATUS_ZH

    return STATUS_ZH.get(status, status)


# ---------------------------------------------------------------------------- the sweep


@dataclass
class SweepReport:
    due: int = 0
    cancelled: int = 0
    withdrawals_due: int = 0
    auto_published: int = 0
    refused: list[str] = field(default_factory=list)  # publication ids auto-release refused

    def line(self) -> str:
        text = (
            f"新增公开任务 {self.due} 项，撤回任务 {self.withdrawals_due} 项，"
            f"自动发布 {self.auto_published} 项，取消 {self.cancelled} 项"
        )
        if self.refused:
            text += f"；{len(self.refused)} 项未能自动发布，待人工核对"
        return text


def remedies_after(session: Session, rows: Sequence[PublicationRow]) -> dict[str, Any]:
    """The first withdrawing remedy decision recorded after each publication."""
    if not rows:
        return {}
    by_case = {r.case_id: r for r in rows}
    found: dict[str, Any] = {}
    stmt = (
        select(LedgerEntry.idx, LedgerEntry.body, LedgerSubject.subject_id)
        .join(LedgerSubject, LedgerSubject.idx == LedgerEntry.idx)
        .where(
            LedgerEntry.event_type == case_ev.RemedyDecided.TYPE,
            LedgerSubject.role == "case_id",
            LedgerSubject.subject_id.in_(list(by_case)),
        )
        .order_by(LedgerEntry.idx)
    )
    for idx, body, case_id in session.execute(stmt):
        row = by_case[case_id]
        if row.id in found or idx <= (row.published_entry or 0):
            continue
        data = parse_json(body)["data"]
        if data.get("outcome") in WITHDRAWING_OUTCOMES:
            found[row.id] = data
    return found


def withdrawal_due_event(
    env: DbEnv, row: PublicationRow, remedy: dict[str, Any], *, at: datetime
) -> ev.WithdrawalDue:
    """The withdrawal task for a publication whose decision a remedy changed."""
    changed_on = date.fromisoformat(remedy["decided_on"])
    due, citation = withdrawal_due(env, changed_on)
    return ev.WithdrawalDue(
        actor=SYSTEM,
        occurred_at=at,
        publication_id=row.id,
        case_id=row.case_id,
        body_id=row.body_id,
        cause=remedy["outcome"],
        remedy_id=str(remedy.get("remedy_id", "")),
        remedy_decided_on=changed_on,
        due_on=due,
        due_basis=citation[:300],
    )


def sweep_publications(ctx: Context, *, batch: int = 500) -> SweepReport:
    """Create publication and withdrawal tasks, cancel moot ones, auto-release where set."""
    report = SweepReport()
    with ctx.read() as s:
        candidates = list(
            s.scalars(
                select(CaseRow.id)
                .outerjoin(PublicationRow, PublicationRow.case_id == CaseRow.id)
                .where(CaseRow.decided_on.is_not(None), PublicationRow.id.is_(None))
                .order_by(CaseRow.id)
            )
        )
    for i in range(0, len(candidates), batch):
        with ctx.uow() as uow:
            s = uow.session
            env = DbEnv(s)
            new: list[ev.PublicationEvent] = []
            for case_id in candidates[i : i + batch]:
                state = load_state(s, case_id)
                if state is None or state.served_on is None or state.revoked:
                    continue  # not (or no longer) in effect
                if not state.decision_number:
                    continue
                new.append(due_event(s, env, state, actor=SYSTEM, at=uow.clock.now()))
            if new:
                uow.record(new)
                uow.commit()
                report.due += len(new)
    with ctx.uow() as uow:
        s = uow.session
        env = DbEnv(s)
        now = uow.clock.now()
        events: list[ev.PublicationEvent] = []
        for row in s.scalars(select(PublicationRow).where(PublicationRow.status == "due")):
            state = load_state(s, row.case_id)
            if state is not None and state.revoked:
                events.append(
                    ev.PublicationCancelled(
                        actor=SYSTEM,
                        occurred_at=now,
                        publication_id=row.id,
                        case_id=row.case_id,
                        body_id=row.body_id,
                        cancelled_on=legal_date(now),
                        reason="决定在公开前已被依法撤销或者确认违法，无需公开。",
                    )
                )
                report.cancelled += 1
        published = list(
            s.scalars(
                select(PublicationRow).where(
                    PublicationRow.status == "published", PublicationRow.withdrawal_due.is_(None)
                )
            )
        )
        for pid, remedy in remedies_after(s, published).items():
            row = s.get_one(PublicationRow, pid)
            events.append(withdrawal_due_event(env, row, remedy, at=now))
            report.withdrawals_due += 1
        if events:
            uow.record(events)
            uow.commit()
    _auto_publish(ctx, report)
    return report


def _auto_publish(ctx: Context, report: SweepReport) -> None:
    with ctx.read() as s:
        ids = list(
            s.scalars(
                select(PublicationRow.id)
                .join(DisclosureSettingRow, DisclosureSettingRow.body_id == PublicationRow.body_id)
                .where(PublicationRow.status == "due", DisclosureSettingRow.auto_release.is_(True))
                .order_by(PublicationRow.due_on, PublicationRow.id)
            )
        )
    for pid in ids:
        # One unit of work each: a text the leak check refuses waits for a person, and
        # does not hold back the others.
        with ctx.uow() as uow:
            try:
                publish(uow, ctx.pii, pid, actor=AUTO)
            except (IllegalTransition, InvalidInput, NotFound):
                report.refused.append(pid)
                continue
            uow.commit()
            report.auto_published += 1
