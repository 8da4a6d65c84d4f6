"""The timer sweep: statutory clocks past their due date become ``DeadlineMissed`` entries
(准则第二条: 超期办案、拖延执行), once per clock. ``zhifa tick`` runs it; so does ``serve``."""

from __future__ import annotations

from sqlalchemy import select

from zhifa.app_context import Context
from zhifa.cases import events as ev
from zhifa.cases.model import ENDED, overdue
from zhifa.cases.services import DbEnv, load_state
from zhifa.cases.tables import CaseAlertRow, CaseRow
from zhifa.kernel.clock import legal_date

SYSTEM = "system:timer"


def sweep_all(ctx: Context) -> dict[str, str]:
    """Every timer the law runs: case deadlines, publication tasks (事后公开), the annual
    report (年度报告), then the conduct rules (行为准则). ``zhifa tick`` and ``serve`` call this."""
    from zhifa.conduct.services import run as run_conduct
    from zhifa.disclosure.services import sweep_publications
    from zhifa.reports.services import sweep_annual_reports

    done = {
        "deadlines": f"新发现超期 {sweep(ctx)} 项",
        "publications": sweep_publications(ctx).line(),
        "annual_reports": f"年度数据逾期未公布 {sweep_annual_reports(ctx)} 项",
    }
    # Last: the conduct rules read what the sweeps above have just recorded.
    done["conduct"] = "行为准则" + run_conduct(ctx).line()
    return done


def sweep(ctx: Context, batch: int = 500) -> int:
    """Record every newly overdue clock; returns how many were found."""
    today = legal_date(ctx.clock.now())
    with ctx.read() as s:
        ids = list(
            s.scalars(
                select(CaseRow.id)
                .where(CaseRow.stage.not_in([str(x) for x in ENDED]))
                .order_by(CaseRow.id)
            )
        )
    found = 0
    for i in range(0, len(ids), batch):
        with ctx.uow() as uow:
            s = uow.session
            env = DbEnv(s)
            new: list[ev.CaseEvent] = []
            for case_id in ids[i : i + batch]:
                state = load_state(s, case_id)
                if state is None:
                    continue
                known = {
                    (a.clock, a.due)
                    for a in s.scalars(select(CaseAlertRow).where(CaseAlertRow.case_id == case_id))
                }
                for c in overdue(state, env, today):
                    if c.due is None or (c.key, c.due) in known:
                        continue
                    new.append(
                        ev.DeadlineMissed(
                            actor=SYSTEM,
                            occurred_at=uow.clock.now(),
                            case_id=case_id,
                            body_id=state.body_id,
                            clock=c.key,
                            label=c.label_zh,
                            due=c.due,
                            detected_on=today,
                            basis=c.basis[:300],
                        )
                    )
            if new:
                uow.record(new)
                uow.commit()
                found += len(new)
    return found
