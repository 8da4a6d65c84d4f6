"""The demonstration jurisdiction publishes its decisions (``publish_demo``).

Called after ``zhifa.demo.load_demo_cases``: every decision in effect gets its publication
task on the day it took effect; most are released within the period, some late (each with
its ``PublicationLate`` finding), the most recent ones wait for a releaser, and one decision
is revoked on 行政复议 after publication and withdrawn with the reason.
Deterministic: the same demo cases give the same publications.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from zhifa.app_context import Context
from zhifa.cases import events as case_ev
from zhifa.cases.model import Stage
from zhifa.cases.services import DbEnv, load_state, record_steps
from zhifa.cases.tables import CaseRow
from zhifa.disclosure.services import (
    SYSTEM,
    due_event,
    publish,
    remedies_after,
    withdraw,
    withdrawal_due_event,
)
from zhifa.disclosure.tables import PublicationRow
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import ConfigurationError
from zhifa.store.uow import UnitOfWork

ACTOR = "system:demo"
LATE_SHARE = 0.15
_BEIJING_10AM = 2  # 10:00 北京时间 is 02:00 UTC
_REMEDY_DAYS = 30


def _at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, _BEIJING_10AM, tzinfo=UTC)


def publish_demo(ctx: Context, *, seed: str = "zhifa-demo") -> str:
    """Publish the demo cases' decisions as their bodies would have; idempotent."""
    today = legal_date(ctx.clock.now())
    rng = random.Random(seed + "|publication")
    with ctx.uow() as uow:
        s = uow.session
        if s.scalar(select(PublicationRow.id).limit(1)) is not None:
            return "示例处罚决定已公开，无需重复公开。"
        env = DbEnv(s)
        states = []
        for case_id in s.scalars(
            select(CaseRow.id).where(CaseRow.decided_on.is_not(None)).order_by(CaseRow.id)
        ):
            state = load_state(s, case_id)
            if state and state.served_on and state.decision_number and not state.revoked:
                states.append(state)
        states.sort(key=lambda st: (st.served_on, st.case_id))
        published = late = waiting = 0
        for state in states:
            assert state.served_on is not None
            due = due_event(s, env, state, actor=SYSTEM, at=_at(state.served_on))
            uow.record([due])
            period = env.param(
                "disclosure.penalty_licensing"
                if due.category == "penalty_licensing"
                else "disclosure.other_decisions",
                state.served_on,
            ).number()
            is_late = rng.random() < LATE_SHARE
            delay = period + rng.randint(1, 6) if is_late else rng.randint(1, period)
            try:
                on = env.add_working_days(state.served_on, delay)
            except ConfigurationError:  # beyond the published holiday calendar
                on = date.max
            if on > today:
                waiting += 1
                continue
            publish(uow, ctx.pii, due.publication_id, actor=ACTOR, at=_at(on))
            published += 1
            late += on > due.due_on
        withdrawn = _revoke_one(uow, env, today)
        # A second one withdrawn late (准则第五条: the supervisor's dashboard finds it).
        withdrawn += _revoke_one(uow, env, today, delay=8)
        uow.commit()
    return (
        f"已公开示例处罚决定 {published} 件（其中逾期公开 {late} 件），"
        f"待公开 {waiting} 件，撤回 {withdrawn} 件。"
    )


def _revoke_one(uow: UnitOfWork, env: DbEnv, today: date, delay: int = 2) -> int:
    """One published decision, revoked on 行政复议 and withdrawn ``delay`` working days later."""
    s = uow.session
    rows = s.scalars(
        select(PublicationRow)
        .join(CaseRow, CaseRow.id == PublicationRow.case_id)
        .where(
            PublicationRow.status == "published",
            PublicationRow.document_kind == "penalty_decision",
            CaseRow.stage == str(Stage.SERVED),
        )
        .order_by(PublicationRow.published_on, PublicationRow.id)
    ).all()
    for row in rows:
        assert row.published_on is not None
        filed = row.published_on + timedelta(days=3)
        decided = filed + timedelta(days=_REMEDY_DAYS)
        try:
            withdraw_on = env.add_working_days(decided, delay)
        except ConfigurationError:
            continue
        if withdraw_on > today:
            continue
        state = load_state(s, row.case_id)
        assert state is not None
        record_steps(
            uow,
            [
                case_ev.RemedyFiled(
                    actor=ACTOR,
                    case_id=row.case_id,
                    body_id=row.body_id,
                    occurred_at=_at(filed),
                    remedy_id=f"R-demo-{delay}",
                    kind="reconsideration",
                    filed_on=filed,
                    organ="示例市人民政府",
                ),
                case_ev.RemedyDecided(
                    actor=ACTOR,
                    case_id=row.case_id,
                    body_id=row.body_id,
                    occurred_at=_at(decided),
                    remedy_id=f"R-demo-{delay}",
                    decided_on=decided,
                    outcome="revoked",
                ),
            ],
            env,
        )
        remedy = remedies_after(s, [row])[row.id]
        uow.record([withdrawal_due_event(env, row, remedy, at=_at(decided))])
        withdraw(
            uow,
            row.id,
            actor=ACTOR,
            reason=(
                f"示例市人民政府于{decided.year}年{decided.month}月{decided.day}日作出行政复议决定，"
                "撤销本行政处罚决定（示例）。"
            ),
            cause="revoked",
            at=_at(withdraw_on),
        )
        return 1
    return 0
