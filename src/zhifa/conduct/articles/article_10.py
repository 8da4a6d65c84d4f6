"""准则第十条 严守工作纪律: 保守国家秘密、工作秘密、商业秘密，保护个人隐私和个人信息，不得
泄露、非法提供或者使用.

What is refused beforehand lies outside the case model, so it is not declared as a guard
here (a guard's YAML case must be refused by ``zhifa.cases.model.check``): a 公开版 that still
shows an ID number, a phone, a bank account, an e-mail address, a passport number or the
party's own values is refused at publication (``zhifa.disclosure.publication.leaks`` /
``refuse_leak``), and an object outside a user's scope is refused like one that does not
exist (``zhifa.web.auth.require_within``). What those let through, or what only shows over
many requests, is found here: personal data left in a published text, a user who keeps
reaching outside their scope, a user who reads unusually many people's data in a day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from zhifa.access import events as ace
from zhifa.conduct.articles.article_05 import threshold
from zhifa.conduct.engine import Ctx, Hit
from zhifa.conduct.model import RULES, Finding, Subject, SubjectKind, rule
from zhifa.disclosure import events as dev
from zhifa.disclosure.publication import HARD_KINDS
from zhifa.disclosure.redact import redact

ART = 10
CONDUCT = "《行政执法人员行为准则》第十条"
PIPL = "《中华人民共和国个人信息保护法》"
GUIDE_118 = (
    "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的"
    "指导意见》（国办发〔2018〕118号）"
)

_KIND_ZH = {
    "person_name": "自然人姓名",
    "id_number": "身份证号码",
    "phone": "电话号码",
    "address_detail": "详细住址",
    "bank_account": "银行账号",
    "plate": "车牌号码",
    "email": "电子邮箱",
    "passport": "护照号码",
}
# The lines of a 公开版 whose free text the publication redacts (``publication.segments``,
# kind ``text``). Elsewhere — the party's line, amounts, remedies, the body — the text is
# structured and public by construction, and only the kinds that are never lawful in a
# publication (ID number, phone, bank account, e-mail, passport) are looked for.
_FREE_TEXT = ("违法事实", "违法地点", "违反的规定", "处罚依据", "裁量理由")


def _free_text_ranges(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        label, sep, _ = line.partition("：")
        if sep and label in _FREE_TEXT:
            out.append((pos + len(label) + 1, pos + len(line)))
        pos += len(line)
    return out


@rule(
    id="R10.personal_data_published",
    article=ART,
    kind="detector",
    title="公开的处罚决定中留有个人信息",
    basis=f"{CONDUCT}（不得泄露个人隐私和个人信息）；{PIPL}第二十八条；{GUIDE_118}",
    severity="high",
    on=("DecisionPublished",),
    explain="案件{subject}于{published}公开的处罚决定（公开版）中仍有个人信息未作隐名处理：{kinds}。",
    action="立即撤下或者更正该公开版，重新隐名处理后再公开；查明原因，评估泄露影响并依法告知受影响的个人。",
)
def personal_data_published(h: Hit) -> Iterator[Finding]:
    """The published text run through the redactor again (``zhifa.disclosure.redact``): a
    span it finds is personal data left in a publication. The redactor is idempotent on its
    own output (张某、138********、XX号 are not found again), so a text published through
    the current pipeline gives nothing; what is found was left by an older version of the
    redactor, or by a path that skipped it. Only the kinds never lawful in a publication
    are looked for outside the free-text lines (``_FREE_TEXT``): the structured lines carry
    words the redactor misreads as names (电子支付 → 支付). The finding names kinds and
    counts, never the values."""
    e = h.event
    assert isinstance(e, dev.DecisionPublished)
    free = _free_text_ranges(e.text)
    counts: dict[str, int] = {}
    for s in redact(e.text).spans:
        inside = any(a <= s.start and s.end <= b for a, b in free)
        if inside or s.kind in HARD_KINDS:
            counts[s.kind] = counts.get(s.kind, 0) + 1
    if not counts:
        return
    ctx = h.ctx
    yield RULES["R10.personal_data_published"].finding(
        Subject(SubjectKind.CASE, e.case_id, ctx.case(e.case_id).label or e.number),
        [h.index],
        h.on,
        body_id=e.body_id,
        case_id=e.case_id,
        discriminator=e.publication_id,
        published=e.published_on.isoformat(),
        kinds="、".join(f"{_KIND_ZH.get(k, k)}{n}处" for k, n in sorted(counts.items())),
    )


def _users(h: Hit) -> dict[str, dict[str, Any]]:
    """What the access rules know of each account: its body and officer (from the account
    events, read by both rules into one shared memory)."""
    users: dict[str, dict[str, Any]] = h.memory("R10:users")
    e = h.event
    if isinstance(e, ace.UserRegistered):
        users[e.user_id] = {"body": e.body_id, "officer": e.officer_id}
    elif isinstance(e, ace.UserChanged):
        users.setdefault(e.user_id, {"body": None, "officer": None})["body"] = e.body_id
    return users


def _user(ctx: Ctx, user_id: str, known: dict[str, Any] | None) -> tuple[Subject, str | None]:
    """The user as a subject, labelled with the officer's public name when the account is an
    officer's (never a username, which may be personal)."""
    officer = (known or {}).get("officer")
    label = ctx.officer_names.get(officer, "") if officer else ""
    return Subject(SubjectKind.USER, user_id, label), (known or {}).get("body")


_ACCOUNT = ("UserRegistered", "UserChanged")


def _today(h: Hit, rule_id: str) -> dict[str, Any]:
    """The rule's counts for the event's day, by user. Days more than a day older than the
    newest seen are dropped (their findings are made), so the memory stays small over years;
    a day's count is exact as long as its events arrive within a day of each other."""
    mem = h.memory(rule_id)
    day = h.on.isoformat()
    if day not in mem:
        for old in [d for d in mem if date.fromisoformat(d) < h.on - timedelta(days=1)]:
            del mem[old]
        mem[day] = {}
    counts: dict[str, Any] = mem[day]
    return counts


@rule(
    id="R10.scope_probing",
    article=ART,
    kind="detector",
    title="同一用户一日内多次越权查询",
    basis=f"{CONDUCT}；{PIPL}第五十一条（防止未经授权的访问）；《行政执法人员行为准则》第八条",
    severity="medium",
    params=("conduct.scope_denials.daily",),
    on=(*_ACCOUNT, "AccessDenied"),
    explain="用户{subject}于{day}有{count}次访问因超出本人职责范围（非本机关、非本辖区的数据）被系统拒绝（阈值{limit}次）。",
    action="核实该用户的查询目的；无正当理由反复查询职责范围以外数据的，批评教育或者依规处理，必要时调整其账号权限。",
)
def scope_probing(h: Hit) -> Iterator[Finding]:
    """More refusals for ``scope`` in one day than ``conduct.scope_denials.daily``, by one
    user. One refusal is the system working (a link followed, a mistyped id); many in a day
    is someone looking for what is not theirs. Refusals for other reasons (not signed in,
    role, CSRF, an expired session) say nothing about intent and are not counted. One
    finding per user and day, opened when the count passes the threshold; the evidence is
    that day's refusals so far."""
    users = _users(h)
    e = h.event
    if not isinstance(e, ace.AccessDenied) or e.reason != "scope" or not e.user_id:
        return
    limit = threshold(h.ctx, "conduct.scope_denials.daily", h.on)
    if limit is None:
        return
    seen: list[int] = _today(h, "R10.scope_probing").setdefault(e.user_id, [])
    seen.append(h.index)
    if len(seen) <= limit:
        return
    subject, body = _user(h.ctx, e.user_id, users.get(e.user_id))
    yield RULES["R10.scope_probing"].finding(
        subject,
        seen,
        h.on,
        body_id=body,
        discriminator=h.on.isoformat(),
        day=h.on.isoformat(),
        count=len(seen),
        limit=limit,
    )


@rule(
    id="R10.personal_reads_excess",
    article=ART,
    kind="detector",
    title="同一用户一日内查看大量个人信息",
    basis=f"{CONDUCT}；{PIPL}第十条、第五十一条（个人信息处理的最小必要和访问控制）",
    severity="medium",
    params=("conduct.personal_reads.daily",),
    on=(*_ACCOUNT, "PersonalDataRead"),
    explain="用户{subject}于{day}查看了{count}人的明文个人信息（阈值{limit}人）。",
    action="核实该用户当日查看个人信息的目的与所办事项是否相符；无正当理由的，依规处理，并检查是否存在导出、外传。",
)
def personal_reads_excess(h: Hit) -> Iterator[Finding]:
    """A user who saw the clear personal data of more people in one day than
    ``conduct.personal_reads.daily`` (people, not values: reading one party's name, phone
    and address is one person). One finding per user and day, opened when the count passes
    the threshold; the evidence is the reads of the people counted so far (the first read
    of each)."""
    users = _users(h)
    e = h.event
    if not isinstance(e, ace.PersonalDataRead):
        return
    limit = threshold(h.ctx, "conduct.personal_reads.daily", h.on)
    if limit is None:
        return
    people: dict[str, int] = _today(h, "R10.personal_reads_excess").setdefault(e.user_id, {})
    if e.subject_id in people:
        return
    people[e.subject_id] = h.index
    if len(people) <= limit:
        return
    subject, body = _user(h.ctx, e.user_id, users.get(e.user_id))
    yield RULES["R10.personal_reads_excess"].finding(
        subject,
        people.values(),
        h.on,
        body_id=body,
        discriminator=h.on.isoformat(),
        day=h.on.isoformat(),
        count=len(people),
        limit=limit,
    )
