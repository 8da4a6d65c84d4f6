"""The conduct engine: folds recorded events in ledger order, runs each detector on the
events it reads, the timed detectors on the clock and the analyses over the period.

Pure: it takes events with their ledger indices and returns findings; storing them is
``zhifa.conduct.services``. The same code runs incrementally (one new event: ``feed``) and
over a whole ledger (``run``), so a finding is found the same way in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from zhifa.cases import events as cev
from zhifa.cases.model import CaseState, Env, evolve
from zhifa.cases.services import CalendarEnv, calendar_env
from zhifa.catalog.model import Matter
from zhifa.catalog.parameters import NotInForce, Parameter
from zhifa.conduct.events import FindingOpened
from zhifa.conduct.model import RULES, Finding, Rule, RuleKind, Subject, SubjectKind
from zhifa.kernel.clock import legal_date
from zhifa.kernel.errors import DomainError, NotFound
from zhifa.kernel.events import Event
from zhifa.registry import events as rev


@dataclass
class Track:
    """What the engine remembers of one case: its state (the case model's own ``evolve``),
    the ledger index of each kind of step, and the date of its last step."""

    case_id: str
    body_id: str
    state: CaseState | None = None
    marks: dict[str, int] = field(default_factory=dict)
    first: int = -1
    last: int = -1
    last_on: date | None = None
    officers_acted: dict[str, int] = field(default_factory=dict)  # officer → latest index
    memo: dict[str, Any] = field(default_factory=dict)  # per-rule notes

    def mark(self, key: str) -> int | None:
        return self.marks.get(key)

    def marked(self, *keys: str) -> list[int]:
        return [self.marks[k] for k in keys if k in self.marks]


@dataclass
class Hit:
    """One recorded event as a detector sees it."""

    index: int
    event: Event
    on: date  # the legal date (Beijing) the event happened
    engine: Engine
    track: Track | None = None
    before: CaseState | None = None

    @property
    def ctx(self) -> Ctx:
        return self.engine.ctx

    def memory(self, rule_id: str) -> dict[str, Any]:
        return self.engine.memory.setdefault(rule_id, {})


class CatalogEnv(CalendarEnv):
    """The parameters, the calendar and the shipped catalog of matters (事前公示): what the
    rules read outside the events. The catalog on the ledger is published from the same
    files (``zhifa.catalog.services.publish_catalog``)."""

    def __init__(self) -> None:
        base = calendar_env()
        super().__init__(base.params, base.calendar)
        self._matters: dict[str, Matter] | None = None

    def matter(self, code: str) -> Matter:
        if self._matters is None:
            from zhifa.catalog.loader import matter_definitions, matter_from_definition

            self._matters = {d["code"]: matter_from_definition(d) for d in matter_definitions()}
        m = self._matters.get(code)
        if m is None:
            raise NotFound(f"执法事项 {code} 不存在", f"matter {code} not found")
        return m


class Ctx:
    """What rules read outside the events: dated legal parameters, the working-day
    calendar, the catalog, and public labels of bodies and officers (learnt from the
    registry events)."""

    def __init__(self, env: Env | None = None) -> None:
        self.env: Env = env or CatalogEnv()
        self.body_names: dict[str, str] = {}
        self.body_regions: dict[str, str] = {}
        self.officer_names: dict[str, str] = {}
        self.officer_bodies: dict[str, str] = {}
        self.case_numbers: dict[str, str] = {}
        self._params: dict[tuple[str, int], Parameter] = {}

    def param(self, key: str, on: date) -> Parameter:
        # Parameters change on whole dates; caching by year-day is exact only per date.
        k = (key, on.toordinal())
        p = self._params.get(k)
        if p is None:
            p = self._params[k] = self.env.param(key, on)
        return p

    def number(self, key: str, on: date) -> int:
        return self.param(key, on).number()

    def add_working_days(self, start: date, days: int) -> date:
        return self.env.add_working_days(start, days)

    def add_days(self, start: date, days: int) -> date:
        return self.env.add_days(start, days)

    def case(self, case_id: str) -> Subject:
        return Subject(SubjectKind.CASE, case_id, self.case_numbers.get(case_id, ""))

    def body(self, body_id: str) -> Subject:
        return Subject(SubjectKind.BODY, body_id, self.body_names.get(body_id, ""))

    def officer(self, officer_id: str) -> Subject:
        return Subject(SubjectKind.OFFICER, officer_id, self.officer_names.get(officer_id, ""))

    def body_name(self, body_id: str | None) -> str:
        return self.body_names.get(body_id or "", body_id or "")

    def officer_name(self, officer_id: str) -> str:
        return self.officer_names.get(officer_id, officer_id)


def _officers_of(e: Event) -> tuple[str, ...]:
    for name in ("officer_ids", "collected_by"):
        v = getattr(e, name, None)
        if v:
            return tuple(v)
    for name in ("officer_id", "presider_id", "reviewer_id"):
        v = getattr(e, name, None)
        if v:
            return (v,)
    return ()


def _mark_keys(e: Event) -> Iterator[str]:
    yield e.TYPE
    for name in ("measure_id", "preservation_id", "remedy_id", "evidence_id", "document_id"):
        v = getattr(e, name, None)
        if v:
            yield f"{e.TYPE}:{v}"
    if isinstance(e, cev.DocumentIssued | cev.DocumentServed):
        yield f"{e.TYPE}:{getattr(e, 'kind', None) or getattr(e, 'document', '')}"


class Engine:
    """Holds the tracks, the findings found so far, and the rules' memories."""

    def __init__(self, ctx: Ctx | None = None, rules: Iterable[Rule] | None = None) -> None:
        load_rules()
        self.ctx = ctx or Ctx()
        chosen = list(rules) if rules is not None else list(RULES.values())
        self.rules = chosen
        self.by_type: dict[str, list[Rule]] = {}
        self.timed: list[Rule] = []  # per case: fn(track, ctx, as_of)
        self.timed_global: list[Rule] = []  # over the rule's memory: fn(engine, as_of)
        self.analyses: list[Rule] = []
        for r in chosen:
            if r.kind is RuleKind.GUARD or r.fn is None:
                continue
            for t in r.on:
                self.by_type.setdefault(t, []).append(r)
            if r.timed:
                (self.timed_global if r.id in _GLOBAL_TIMED else self.timed).append(r)
            if r.kind is RuleKind.ANALYSIS:
                self.analyses.append(r)
        self.tracks: dict[str, Track] = {}
        self.memory: dict[str, dict[str, Any]] = {}
        self.known: set[str] = set()  # keys of findings already opened (on the ledger)
        self.found: list[Finding] = []
        self.events = 0
        self.last_index = -1
        self.last_on: date | None = None
        self.anomalies: list[tuple[int, str]] = []

    # ------------------------------------------------------------ events

    def feed(self, index: int, e: Event) -> list[Finding]:
        """Take one recorded event; return the findings it newly causes."""
        self.events += 1
        self.last_index = index
        on = legal_date(e.occurred_at)
        self.last_on = on if self.last_on is None or on > self.last_on else self.last_on
        self._learn(e)
        track: Track | None = None
        before: CaseState | None = None
        if isinstance(e, cev.CaseEvent):
            track = self.tracks.get(e.case_id)
            if track is None:
                track = self.tracks[e.case_id] = Track(e.case_id, e.body_id, first=index)
            before = track.state
            try:
                track.state = evolve(before, e)
            except (DomainError, ValueError, KeyError, AssertionError) as exc:
                # A step the case model cannot fold (it would not have passed its guard):
                # kept aside for the 第九条 integrity rules, never silently dropped.
                self.anomalies.append((index, f"{e.TYPE}: {exc}"))
            for k in _mark_keys(e):
                track.marks[k] = index
            track.last = index
            if not isinstance(e, _NOT_ACTIVITY):
                track.last_on = on
                for oid in _officers_of(e):
                    track.officers_acted[oid] = index
            if isinstance(e, cev.CaseOpened | cev.SummaryDecisionIssued):
                self.ctx.case_numbers[e.case_id] = e.number
        rules = self.by_type.get(e.TYPE)
        if not rules:
            return []
        hit = Hit(index, e, on, self, track, before)
        out: list[Finding] = []
        for r in rules:
            assert r.fn is not None
            try:
                got = r.fn(hit)
                if got:
                    out.extend(self._keep(got))
            except NotInForce:
                continue  # the rule's threshold was not in force yet on the event's day
        return out

    def _learn(self, e: Event) -> None:
        """Public labels from the registry's events; the keys of findings already opened."""
        if isinstance(e, rev.BodyRegistered | rev.BodyChanged):
            if e.name:
                self.ctx.body_names[e.body_id] = e.name
            if e.region_code:
                self.ctx.body_regions[e.body_id] = e.region_code
        elif isinstance(e, rev.OfficerRegistered):
            self.ctx.officer_names[e.officer_id] = e.name
            self.ctx.officer_bodies[e.officer_id] = e.body_id
        elif isinstance(e, rev.OfficerChanged):
            self.ctx.officer_bodies[e.officer_id] = e.body_id
        elif isinstance(e, FindingOpened):
            self.known.add(e.key)

    def _keep(self, got: Iterable[Finding]) -> list[Finding]:
        out = []
        for f in got:
            if f.key in self.known:
                continue
            self.known.add(f.key)
            self.found.append(f)
            out.append(f)
        return out

    # ------------------------------------------------------------ the clock

    def sweep(self, as_of: date) -> list[Finding]:
        """Timed detectors over every tracked case, as of a date (deadlines passed)."""
        out: list[Finding] = []
        ctx = self.ctx
        for t in self.tracks.values():
            if t.state is None:
                continue
            for r in self.timed:
                assert r.fn is not None
                try:
                    got = r.fn(t, ctx, as_of)
                    if got:
                        out.extend(self._keep(got))
                except NotInForce:
                    continue
        for r in self.timed_global:
            try:
                out.extend(self._keep(_GLOBAL_TIMED[r.id](self, as_of)))
            except NotInForce:
                continue
        return out

    def analyse(self, as_of: date) -> list[Finding]:
        out: list[Finding] = []
        for r in self.analyses:
            conclude = CONCLUSIONS.get(r.id)
            if conclude is not None:
                try:
                    out.extend(self._keep(conclude(self, as_of)))
                except NotInForce:
                    continue
        return out

    def run(self, entries: Iterable[tuple[int, Event]], as_of: date) -> list[Finding]:
        """A whole ledger (or a file): every event, then the clock and the analyses."""
        out: list[Finding] = []
        for index, e in entries:
            out.extend(self.feed(index, e))
        out.extend(self.sweep(as_of))
        out.extend(self.analyse(as_of))
        return out


# Events that are the system's own observations, not an officer's work on the case: they
# do not count as activity (压案不办 looks at the officers' last step).
_NOT_ACTIVITY = (cev.DeadlineMissed, cev.LanguageFlagged, cev.DossierChecked)

EngineStep = Callable[["Engine", date], Iterable[Finding]]
CONCLUSIONS: dict[str, EngineStep] = {}
_GLOBAL_TIMED: dict[str, EngineStep] = {}


def conclusion(rule_id: str) -> Callable[[EngineStep], EngineStep]:
    """Register the end-of-period step of an analysis: ``fn(engine, as_of) -> findings``."""

    def register(fn: EngineStep) -> EngineStep:
        CONCLUSIONS[rule_id] = fn
        return fn

    return register


def global_timed(rule_id: str) -> Callable[[EngineStep], EngineStep]:
    """Register a timed detector that looks at the engine's memory, not at one case."""

    def register(fn: EngineStep) -> EngineStep:
        _GLOBAL_TIMED[rule_id] = fn
        return fn

    return register


_LOADED = False


def load_rules() -> None:
    """Import every article's module once, which declares its rules."""
    global _LOADED
    if _LOADED:
        return
    import importlib

    for n in range(1, 11):
        importlib.import_module(f"zhifa.conduct.articles.article_{n:02d}")
    _LOADED = True


def day_after(d: date, days: int) -> date:
    return d + timedelta(days=days)


def at_date(t: datetime) -> date:
    return legal_date(t)
