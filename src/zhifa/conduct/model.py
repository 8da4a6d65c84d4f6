"""The 准则 as code: what a conduct rule declares, what a finding says, and how a finding
moves from 待处理 to 已整改 or 已驳回.

A rule is a small declared unit (``@rule``): its id (``R3.fine_out_of_range``), the article
of the 《行政执法人员行为准则》 it enforces, the statute behind it, its kind, the legal
parameters it reads (dated, with citations, in ``catalog/data/legal_parameters.yaml``), and a
Chinese explanation and recommended action with ``{placeholders}`` filled from the facts it
found. Three kinds (ARCHITECTURE.md, "Rules as code"):

* ``guard`` — refuses the step before it happens; the code is the case model's guard
  (``zhifa.cases.model.check``), named here so supervisors see it among the rules;
* ``detector`` — runs on each recorded event (or on the clock) and opens findings;
* ``analysis`` — runs over a period and finds patterns no single case shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from zhifa.kernel.errors import IllegalTransition, InvalidInput, Violation


class RuleKind(StrEnum):
    GUARD = "guard"
    DETECTOR = "detector"
    ANALYSIS = "analysis"

    @property
    def label_zh(self) -> str:
        return {"guard": "事前拦截", "detector": "事中事后发现", "analysis": "统计分析"}[self.value]


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label_zh(self) -> str:
        return {"high": "严重", "medium": "较重", "low": "一般"}[self.value]

    @property
    def rank(self) -> int:
        return {"high": 0, "medium": 1, "low": 2}[self.value]


class SubjectKind(StrEnum):
    CASE = "case"
    OFFICER = "officer"
    BODY = "body"
    INSPECTION = "inspection"
    USER = "user"
    COMPLAINT = "complaint"
    LEDGER = "ledger"

    @property
    def label_zh(self) -> str:
        return _SUBJECT_ZH[self.value]


_SUBJECT_ZH = {
    "case": "案件",
    "officer": "执法人员",
    "body": "执法主体",
    "inspection": "行政检查",
    "user": "系统用户",
    "complaint": "投诉举报",
    "ledger": "执法记录账本",
}


@dataclass(frozen=True)
class Subject:
    """Who or what a finding is about. ``label`` is a public name (a case number, an
    officer's published name, a body's name), never personal data of a party."""

    kind: SubjectKind
    id: str
    label: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"kind": str(self.kind), "id": self.id, "label": self.label}


@dataclass(frozen=True)
class Finding:
    """What a rule found: the article it breaks, about whom, the ledger entries that prove
    it, and what should be done — in Chinese, for the people who read it."""

    rule: str
    article: int
    severity: Severity
    subject: Subject
    evidence: tuple[int, ...]
    explanation: str
    action: str
    found_on: date
    body_id: str | None = None
    case_id: str | None = None
    # Two findings of one rule on one subject differ by this (a measure id, a month…).
    discriminator: str = ""

    @property
    def key(self) -> str:
        return f"{self.rule}|{self.subject.kind}:{self.subject.id}|{self.discriminator}"

    @property
    def id(self) -> str:
        """Stable: the same finding found twice (a rerun, an import twice) is one finding."""
        return "F" + hashlib.sha256(self.key.encode()).hexdigest()[:23]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "article": self.article,
            "severity": str(self.severity),
            "subject": self.subject.as_dict(),
            "evidence": list(self.evidence),
            "explanation": self.explanation,
            "action": self.action,
            "found_on": self.found_on.isoformat(),
            "body_id": self.body_id,
            "case_id": self.case_id,
        }


@dataclass(frozen=True)
class Rule:
    """One conduct rule as declared; ``fn`` is its check (``None`` for a guard, whose code
    is ``guard_ref`` in the case model)."""

    id: str
    article: int
    kind: RuleKind
    title: str
    basis: str
    severity: Severity
    explain: str
    action: str
    params: tuple[str, ...] = ()
    on: tuple[str, ...] = ()  # event types a detector reads as they are recorded
    timed: bool = False  # a detector that also runs on the clock (deadlines)
    guard_ref: str = ""
    fn: Callable[..., Iterable[Finding]] | None = field(default=None, compare=False)
    doc: str = ""

    def finding(
        self,
        subject: Subject,
        evidence: Iterable[int],
        found_on: date,
        *,
        body_id: str | None = None,
        case_id: str | None = None,
        discriminator: str = "",
        severity: Severity | None = None,
        **facts: Any,
    ) -> Finding:
        """A finding of this rule, its explanation and action filled from ``facts``."""
        values = {"subject": subject.label or subject.id, **facts}
        return Finding(
            rule=self.id,
            article=self.article,
            severity=severity or self.severity,
            subject=subject,
            evidence=tuple(sorted(set(evidence))),
            explanation=self.explain.format_map(values),
            action=self.action.format_map(values),
            found_on=found_on,
            body_id=body_id,
            case_id=case_id,
            discriminator=discriminator,
        )


RULES: dict[str, Rule] = {}


def rule(
    *,
    id: str,
    article: int,
    kind: RuleKind | str,
    title: str,
    basis: str,
    severity: Severity | str,
    explain: str,
    action: str,
    params: tuple[str, ...] = (),
    on: tuple[str, ...] = (),
    timed: bool = False,
    guard_ref: str = "",
) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Iterable[Finding]]]:
    """Declare a conduct rule (see the module docstring)."""

    def register(fn: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        declare(
            Rule(
                id=id,
                article=article,
                kind=RuleKind(kind),
                title=title,
                basis=basis,
                severity=Severity(severity),
                explain=explain,
                action=action,
                params=params,
                on=on,
                timed=timed,
                guard_ref=guard_ref,
                fn=fn,
                doc=(fn.__doc__ or "").strip(),
            )
        )
        return fn

    return register


def guard(
    *,
    id: str,
    article: int,
    title: str,
    basis: str,
    guard_ref: str,
    explain: str,
    action: str,
    severity: Severity | str = Severity.HIGH,
    params: tuple[str, ...] = (),
) -> Rule:
    """Declare a guard: the step is refused before it happens by ``guard_ref`` (a function of
    the case model or the registry); ``explain`` says what the refusal prevents."""
    return declare(
        Rule(
            id=id,
            article=article,
            kind=RuleKind.GUARD,
            title=title,
            basis=basis,
            severity=Severity(severity),
            explain=explain,
            action=action,
            params=params,
            guard_ref=guard_ref,
        )
    )


def declare(r: Rule) -> Rule:
    if not r.id.startswith(f"R{r.article}."):
        raise ValueError(f"rule {r.id}: its id must start with R{r.article}.")
    if not 1 <= r.article <= 10:
        raise ValueError(f"rule {r.id}: article must be 1–10")
    if not r.basis:
        raise ValueError(f"rule {r.id}: every rule names the statute behind it")
    if r.id in RULES and RULES[r.id] != r:
        raise ValueError(f"rule {r.id} declared twice")
    RULES[r.id] = r
    return r


# ------------------------------------------------------------------ lifecycle


class Status(StrEnum):
    """待处理 → 已督办 → 整改中 → 已整改, or 已驳回 (with reasons) from any open status."""

    OPEN = "open"
    ORDERED = "ordered"
    RECTIFYING = "rectifying"
    RECTIFIED = "rectified"
    DISMISSED = "dismissed"

    @property
    def label_zh(self) -> str:
        return _STATUS_ZH[self.value]

    @property
    def is_open(self) -> bool:
        return self not in (Status.RECTIFIED, Status.DISMISSED)


_STATUS_ZH = {
    "open": "待处理",
    "ordered": "已督办",
    "rectifying": "整改中",
    "rectified": "已整改",
    "dismissed": "已驳回",
}

# Who moves a finding where: a supervisor orders (督办) or dismisses with reasons; the
# responsible body starts rectifying and reports it done; the supervisor may send a
# reported rectification back (整改中) if it is not enough.
TRANSITIONS: Mapping[Status, Mapping[Status, str]] = {
    Status.OPEN: {Status.ORDERED: "supervisor", Status.DISMISSED: "supervisor"},
    Status.ORDERED: {Status.RECTIFYING: "body", Status.DISMISSED: "supervisor"},
    Status.RECTIFYING: {Status.RECTIFIED: "body", Status.DISMISSED: "supervisor"},
    Status.RECTIFIED: {Status.RECTIFYING: "supervisor"},
    Status.DISMISSED: {},
}

_BASIS = "《行政执法监督条例》；《行政执法人员行为准则》"


def transition(
    current: Status,
    target: Status,
    *,
    role: str,
    reason: str,
    due_on: date | None,
    today: date,
) -> None:
    """Refuse a move the lifecycle does not allow (pure; the service records the event)."""
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise IllegalTransition(
            f"发现事项处于“{current.label_zh}”，不能改为“{target.label_zh}”",
            f"finding is {current}; cannot move to {target}",
            basis=_BASIS,
            hint_zh="可选："
            + ("、".join(s.label_zh for s in allowed) if allowed else "（已办结，不能再变更）"),
        )
    if allowed[target] != role:
        who = "执法监督机构" if allowed[target] == "supervisor" else "被督办的执法主体"
        raise IllegalTransition(
            f"“{target.label_zh}”只能由{who}办理",
            f"only the {allowed[target]} may move a finding to {target}",
            basis=_BASIS,
        )
    problems: list[Violation] = []
    if len(reason.strip()) < 4:
        problems.append(
            Violation(
                "reason", "请写明理由或整改情况（至少4个字）", "reason is required (≥ 4 chars)"
            )
        )
    if target is Status.ORDERED:
        if due_on is None:
            problems.append(Violation("due_on", "督办须写明整改期限", "an order needs a due date"))
        elif due_on <= today:
            problems.append(
                Violation("due_on", "整改期限须晚于今天", "due date must be after today")
            )
    if problems:
        raise InvalidInput("办理意见不完整", "transition input invalid", violations=problems)
