"""年度行政执法数据 (the annual enforcement data report) as plain arithmetic over events.

国办发〔2018〕118号: each body publishes, by 31 January (parameter ``annual_report.deadline``),
the previous year's enforcement data — 行政许可、行政处罚、行政强制、行政征收、行政征用、行政检查.
zhifa counts what it records: 处罚 from the case events, 强制 from ``MeasureImposed`` and the
enforcement steps, remedies, hearings, legal reviews and complaints. Kinds zhifa does not
record yet show zero with the note 本系统尚未登记此类行为 — never an invented figure.

An event counts in the year of its own legal date (``decided_on``, ``imposed_on``…), not of
the instant it was recorded. ``tally`` is pure: events in, figures out.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhifa.catalog.model import PenaltyKind, Tier
from zhifa.kernel.canonical import canonical_json
from zhifa.kernel.events import Event
from zhifa.kernel.money import Money, format_yuan

NOT_RECORDED_ZH = "本系统尚未登记此类行为"
FIGURES_VERSION = 1

# The six kinds the report covers (国办发〔2018〕118号), in the order the document lists them.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("licensing", "行政许可"),
    ("penalty", "行政处罚"),
    ("coercion", "行政强制"),
    ("levy", "行政征收"),
    ("requisition", "行政征用"),
    ("inspection", "行政检查"),
)
RECORDED = frozenset({"penalty", "coercion"})

MEASURE_ZH = {"seal": "查封", "seize": "扣押", "freeze": "冻结"}
REVIEW_ZH = {"approve": "同意", "approve_with_changes": "修改后同意", "reject": "不同意"}
REMEDY_KIND_ZH = {"reconsideration": "行政复议", "litigation": "行政诉讼"}
REMEDY_OUTCOME_ZH = {
    "upheld": "维持",
    "varied": "变更",
    "revoked": "撤销",
    "declared_unlawful": "确认违法",
}
COMPLAINT_ZH = {
    "received": "收到",
    "accepted": "受理",
    "rejected": "不予受理",
    "replied": "已答复",
    "closed": "办结",
}


def penalty_label(kind: str) -> str:
    try:
        return PenaltyKind(kind).label_zh
    except ValueError:
        return kind


def tier_label(tier: str) -> str:
    try:
        return Tier(tier).label_zh
    except ValueError:
        return tier or "未注明"


@dataclass
class Figures:
    """One year's counts for one body (or the sum over a region's bodies)."""

    year: int
    # 行政处罚
    leads: int = 0
    opened: int = 0
    declined: int = 0
    withdrawn: int = 0
    transferred: int = 0
    transferred_judicial: int = 0
    closed: int = 0
    general_decisions: int = 0  # 普通程序 decisions imposing a penalty
    summary_decisions: int = 0  # 简易程序 (当场处罚)
    no_penalty: int = 0  # 不予行政处罚决定
    penalty_kinds: Counter[str] = field(default_factory=Counter)
    tiers: Counter[str] = field(default_factory=Counter)
    fine_fen: int = 0
    confiscation_fen: int = 0
    paid_fen: int = 0
    hearings_requested: int = 0
    hearings_held: int = 0
    reviews: Counter[str] = field(default_factory=Counter)
    collective: int = 0
    deadlines_missed: int = 0
    # 行政强制
    measures: Counter[str] = field(default_factory=Counter)
    measures_extended: int = 0
    measures_released: int = 0
    demands: int = 0  # 催告
    court_applications: int = 0  # 申请人民法院强制执行
    # 行政复议、行政诉讼
    remedies_filed: Counter[str] = field(default_factory=Counter)
    remedies_decided: Counter[str] = field(default_factory=Counter)  # "kind:outcome"
    # 投诉举报
    complaints: Counter[str] = field(default_factory=Counter)

    @property
    def decisions(self) -> int:
        """行政处罚决定 made in the year (both procedures, penalty imposed)."""
        return self.general_decisions + self.summary_decisions

    def category_total(self, key: str) -> int | None:
        """The headline count of one of the six kinds; ``None`` where zhifa records none."""
        if key == "penalty":
            return self.decisions
        if key == "coercion":
            return sum(self.measures.values())
        return None

    def add(self, other: Figures) -> None:
        """Fold another body's figures into these (for a region)."""
        for name, value in vars(other).items():
            if name == "year":
                continue
            mine = getattr(self, name)
            if isinstance(value, Counter):
                mine.update(value)
            else:
                setattr(self, name, mine + value)


def _year_of(d: date | None, year: int) -> bool:
    return d is not None and d.year == year


def tally(events: Iterable[Event], year: int) -> Figures:
    """Count one year's enforcement from events (any order, any years mixed in).

    ``RemedyDecided`` does not name its kind; it is found from the ``RemedyFiled`` with the
    same ``remedy_id``, which may lie in an earlier year — so pass every remedy event.
    """
    f = Figures(year=year)
    remedy_kinds: dict[str, str] = {}
    decided: list[tuple[str, str]] = []
    for e in events:
        t = e.TYPE
        g = e.__dict__
        if t == "RemedyFiled":
            remedy_kinds[g["remedy_id"]] = g["kind"]
            if _year_of(g["filed_on"], year):
                f.remedies_filed[g["kind"]] += 1
        elif t == "RemedyDecided":
            if _year_of(g["decided_on"], year):
                decided.append((g["remedy_id"], g["outcome"]))
        else:
            _count(f, t, g, year)
    for remedy_id, outcome in decided:
        f.remedies_decided[f"{remedy_kinds.get(remedy_id, 'unknown')}:{outcome}"] += 1
    return f


def _count(f: Figures, t: str, g: Mapping[str, Any], year: int) -> None:
    if t == "LeadRegistered" and _year_of(g["received_on"], year):
        f.leads += 1
    elif t == "CaseOpened" and _year_of(g["opened_on"], year):
        f.opened += 1
    elif t == "CaseDeclined" and _year_of(g["decided_on"], year):
        f.declined += 1
    elif t == "CaseWithdrawn" and _year_of(g["withdrawn_on"], year):
        f.withdrawn += 1
    elif t == "CaseTransferred" and _year_of(g["transferred_on"], year):
        f.transferred += 1
        if g["to_kind"] == "judicial":
            f.transferred_judicial += 1
    elif t == "CaseClosed" and _year_of(g["closed_on"], year):
        f.closed += 1
    elif t in ("DecisionIssued", "SummaryDecisionIssued") and _year_of(g["decided_on"], year):
        kinds = tuple(g["penalty_kinds"])
        if not kinds:
            f.no_penalty += 1
        elif t == "DecisionIssued":
            f.general_decisions += 1
        else:
            f.summary_decisions += 1
        f.penalty_kinds.update(kinds)
        if t == "DecisionIssued":
            f.tiers[g["tier"]] += 1
            f.confiscation_fen += g["confiscation_fen"]
        f.fine_fen += g["fine_fen"]
    elif t == "PaymentReceived" and _year_of(g["paid_on"], year):
        f.paid_fen += g["amount_fen"]
    elif t == "HearingRequested" and _year_of(g["requested_on"], year):
        f.hearings_requested += 1
    elif t == "HearingHeld" and _year_of(g["held_on"], year):
        f.hearings_held += 1
    elif t == "LegalReviewCompleted" and _year_of(g["reviewed_on"], year):
        f.reviews[g["outcome"]] += 1
    elif t == "CollectiveDiscussionHeld" and _year_of(g["held_on"], year):
        f.collective += 1
    elif t == "DeadlineMissed" and _year_of(g["detected_on"], year):
        f.deadlines_missed += 1
    elif t == "MeasureImposed" and _year_of(g["imposed_on"], year):
        f.measures[g["kind"]] += 1
    elif t == "MeasureExtended" and _year_of(g["notified_on"], year):
        f.measures_extended += 1
    elif t == "MeasureReleased" and _year_of(g["released_on"], year):
        f.measures_released += 1
    elif t == "ExecutionDemanded" and _year_of(g["demanded_on"], year):
        f.demands += 1
    elif t == "CourtEnforcementApplied" and _year_of(g["applied_on"], year):
        f.court_applications += 1
    elif t == "ComplaintReceived" and _year_of(g["received_on"], year):
        f.complaints["received"] += 1
    elif t == "ComplaintAccepted" and _year_of(g["accepted_on"], year):
        f.complaints["accepted"] += 1
    elif t == "ComplaintRejected" and _year_of(g["rejected_on"], year):
        f.complaints["rejected"] += 1
    elif t == "ComplaintReplied" and _year_of(g["replied_on"], year):
        f.complaints["replied"] += 1
    elif t == "ComplaintClosed" and _year_of(g["closed_on"], year):
        f.complaints["closed"] += 1


# Every event type ``tally`` reads (the loader selects these from the ledger).
TALLIED_TYPES: tuple[str, ...] = (
    "LeadRegistered",
    "CaseOpened",
    "CaseDeclined",
    "CaseWithdrawn",
    "CaseTransferred",
    "CaseClosed",
    "DecisionIssued",
    "SummaryDecisionIssued",
    "PaymentReceived",
    "HearingRequested",
    "HearingHeld",
    "LegalReviewCompleted",
    "CollectiveDiscussionHeld",
    "DeadlineMissed",
    "MeasureImposed",
    "MeasureExtended",
    "MeasureReleased",
    "ExecutionDemanded",
    "CourtEnforcementApplied",
    "RemedyFiled",
    "RemedyDecided",
    "ComplaintReceived",
    "ComplaintAccepted",
    "ComplaintRejected",
    "ComplaintReplied",
    "ComplaintClosed",
)


# ---------------------------------------------------------------------------- the report document


def _rows(counter: Mapping[str, int], labels: Mapping[str, str] | None = None) -> list[list[Any]]:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return [[(labels or {}).get(k, k), v] for k, v in items if v]


def _yuan(fen: int) -> str:
    return format_yuan(Money(fen))


def report_document(
    f: Figures,
    *,
    scope: Mapping[str, str],
    bodies: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The report as plain JSON data: what the pages, the PDF and the published record show.

    ``scope`` is ``{"kind": "body"|"region", "id": …, "name": …}``; ``bodies`` (for a region)
    lists each body's headline counts. Every number a chart draws is also in a table here.
    """
    categories = []
    for key, label in CATEGORIES:
        total = f.category_total(key)
        categories.append(
            {
                "key": key,
                "label": label,
                "recorded": key in RECORDED,
                "total": total or 0,
                "note": "" if key in RECORDED else NOT_RECORDED_ZH,
            }
        )
    remedy_outcomes = []
    for key, n in sorted(f.remedies_decided.items()):
        kind, _, outcome = key.partition(":")
        remedy_outcomes.append(
            [REMEDY_KIND_ZH.get(kind, "未注明"), REMEDY_OUTCOME_ZH.get(outcome, outcome), n]
        )
    decided = sum(f.remedies_decided.values())
    corrected = sum(
        n
        for key, n in f.remedies_decided.items()
        if key.partition(":")[2] in ("varied", "revoked", "declared_unlawful")
    )
    penalty_results = [
        ["作出行政处罚决定（普通程序）", f.general_decisions],
        ["当场作出行政处罚决定（简易程序）", f.summary_decisions],
        ["不予行政处罚决定", f.no_penalty],
        ["不予立案", f.declined],
        ["撤销立案", f.withdrawn],
        ["移送其他机关", f.transferred - f.transferred_judicial],
        ["移送司法机关", f.transferred_judicial],
    ]
    return {
        "version": FIGURES_VERSION,
        "year": f.year,
        "scope": dict(scope),
        "categories": categories,
        "penalty": {
            "leads": f.leads,
            "opened": f.opened,
            "closed": f.closed,
            "results": penalty_results,
            "kinds": [[penalty_label(k), n] for k, n in _rows(f.penalty_kinds)],
            "tiers": [[tier_label(k), n] for k, n in _rows(f.tiers)],
            "fine_fen": f.fine_fen,
            "fine": _yuan(f.fine_fen),
            "confiscation_fen": f.confiscation_fen,
            "confiscation": _yuan(f.confiscation_fen),
            "paid_fen": f.paid_fen,
            "paid": _yuan(f.paid_fen),
            "hearings_requested": f.hearings_requested,
            "hearings_held": f.hearings_held,
            "reviews": [[REVIEW_ZH.get(k, k), n] for k, n in _rows(f.reviews)],
            "reviews_total": sum(f.reviews.values()),
            "collective": f.collective,
            "deadlines_missed": f.deadlines_missed,
        },
        "coercion": {
            "measures": [[MEASURE_ZH.get(k, k), f.measures.get(k, 0)] for k in MEASURE_ZH],
            "extended": f.measures_extended,
            "released": f.measures_released,
            "demands": f.demands,
            "court_applications": f.court_applications,
        },
        "remedies": {
            "filed": [
                [REMEDY_KIND_ZH.get(k, k), f.remedies_filed.get(k, 0)] for k in REMEDY_KIND_ZH
            ],
            "decided": decided,
            "outcomes": remedy_outcomes,
            "corrected": corrected,
        },
        "complaints": [[label, f.complaints.get(k, 0)] for k, label in COMPLAINT_ZH.items()],
        "bodies": list(bodies or []),
    }


def digest(document: Mapping[str, Any]) -> str:
    """SHA-256 of the report's canonical JSON: what ``AnnualReportPublished`` records."""
    return hashlib.sha256(canonical_json(dict(document))).hexdigest()


# ---------------------------------------------------------------------------- deadline


def month_day(value: str, year: int) -> date:
    """``"01-31"`` in ``year`` as a date."""
    month, day = (int(p) for p in value.split("-"))
    return date(year, month, day)


@dataclass(frozen=True)
class Due:
    """When the report for ``year`` is due and from when zhifa reminds."""

    year: int
    due: date
    remind_from: date

    def reminding(self, today: date) -> bool:
        return self.remind_from <= today <= self.due

    def late(self, today: date) -> bool:
        return today > self.due


def due_for(year: int, deadline_md: str, remind_md: str) -> Due:
    """The report on ``year`` is due on ``deadline_md`` of the next year; reminders start on
    ``remind_md`` — in the reported year itself when that date falls after the deadline's
    month-day (12-01 → 1 December of ``year``), else in the next year."""
    due = month_day(deadline_md, year + 1)
    remind = month_day(remind_md, year + 1)
    if remind > due:
        remind = month_day(remind_md, year)
    return Due(year=year, due=due, remind_from=remind)
