"""The demonstration jurisdiction: 示例市, a fictional city. Every name is invented and marked 示例.

Loading is idempotent: each item has a fixed id and is registered only if absent, so
`zhifa demo` and `zhifa serve --demo` can run any number of times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric, uscc

from zhifa.access.services import create_user
from zhifa.access.tables import UserRow
from zhifa.app_context import Context
from zhifa.cases.synthetic import Cast
from zhifa.catalog.services import publish_catalog
from zhifa.kernel.errors import ConfigurationError
from zhifa.registry import services as registry
from zhifa.registry.tables import BodyDocumentRow, BodyRow, CredentialRow, OfficerRow, PartyRow

ACTOR = "system:demo"


def demo_uscc(prefix: str, serial: int) -> str:
    """A check-valid 统一社会信用代码 in the fictional 990100 region."""
    body = f"{prefix}990100MA{serial:07d}"[:17]
    return body + uscc.calc_check_digit(body)


def demo_id_number(region: str, born: date, serial: int) -> str:
    """A check-valid 身份证号 in the fictional 99xxxx region (no real person has it)."""
    body = f"{region}{born:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")  # it expects a check slot


def _id(kind: str, n: int) -> str:
    # Fixed ids make loading idempotent; the "de30" prefix marks demo rows in any dump.
    return f"de30{kind:0>4}{n:024d}"[:32]


@dataclass(frozen=True)
class DemoBody:
    n: int
    name: str
    region: str
    level: str
    legal_status: str
    fields: tuple[str, ...]
    entrusting: int | None = None
    scope: tuple[str, ...] = ()


BODIES = [
    DemoBody(1, "示例市市场监督管理局", "990100", "city", "statutory", ("market_regulation",)),
    DemoBody(
        2, "示例市城市管理综合行政执法局", "990100", "city", "statutory", ("urban_management",)
    ),
    DemoBody(3, "示例市交通运输局", "990100", "city", "statutory", ("transport",)),
    DemoBody(4, "示例市生态环境局", "990100", "city", "statutory", ("ecology_environment",)),
    DemoBody(
        5, "示例市东城区市场监督管理局", "990102", "county", "statutory", ("market_regulation",)
    ),
    DemoBody(
        6,
        "示例县城关镇综合行政执法队",
        "990121",
        "township",
        "entrusted",
        ("urban_management",),
        entrusting=2,
        scope=("CG-SR-001", "CG-SR-002"),
    ),
]

# (n, name, body n, kind, legal qualification, legal reviewer, birth, credential?)
OFFICERS = [
    (1, "示例·王建国", 1, "officer", False, False, date(1982, 4, 12), True),
    (2, "示例·李晓梅", 1, "officer", False, False, date(1988, 9, 3), True),
    (3, "示例·陈志远", 1, "officer", True, True, date(1979, 1, 21), True),
    (4, "示例·赵小刚", 1, "auxiliary", False, False, date(1996, 6, 30), False),
    (5, "示例·周海涛", 2, "officer", False, False, date(1985, 11, 8), True),
    (6, "示例·吴丽娟", 2, "officer", False, False, date(1990, 2, 14), True),
    (7, "示例·孙立新", 2, "grid_worker", False, False, date(1993, 7, 19), False),
    (8, "示例·郑春华", 2, "officer", True, True, date(1981, 5, 5), True),
    (9, "示例·冯建军", 3, "officer", False, False, date(1984, 3, 27), True),
    (10, "示例·何晓东", 3, "officer", False, False, date(1987, 12, 1), True),
    (11, "示例·许明辉", 3, "temporary", False, False, date(1999, 10, 10), False),
    (12, "示例·刘静怡", 4, "officer", True, True, date(1983, 8, 16), True),
    (13, "示例·马卫东", 4, "officer", False, False, date(1986, 4, 2), True),
    (14, "示例·黄志强", 4, "officer", False, False, date(1980, 9, 9), True),
    (15, "示例·林雅琴", 5, "officer", False, False, date(1991, 1, 29), True),
    (16, "示例·高建华", 5, "officer", False, False, date(1978, 6, 6), True),
    (17, "示例·罗国庆", 6, "officer", False, False, date(1989, 10, 1), True),
    (18, "示例·梁晨", 6, "third_party", False, False, date(1995, 3, 3), False),
]

PARTIES = [
    # (n, kind, name, region)
    (1, "legal_person", "示例市味美餐饮管理有限公司", "990102"),
    (2, "legal_person", "示例市清源化工有限公司", "990121"),
    (3, "legal_person", "示例市快捷客运有限公司", "990103"),
    (4, "individual_business", "示例市东城区老李面馆", "990102"),
    (5, "individual_business", "示例市西城区小张便利店", "990103"),
    (6, "other_organisation", "示例市西城区农贸市场管理处", "990103"),
    (7, "natural_person", "示例·张三", "990102"),
    (8, "natural_person", "示例·李四", "990103"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    name: str
    body: int | None = None
    officer: int | None = None
    party: int | None = None
    region: str | None = None
    totp_secret: str | None = None


# One account per role, with documented passwords (docs/demo.md). Demo mode only:
# ``load_demo`` refuses to run in production mode.
DEMO_USERS = [
    DemoUser("wangjianguo", "Demo-officer-2026", "officer", "示例·王建国", body=1, officer=1),
    DemoUser(
        "chenzhiyuan", "Demo-reviewer-2026", "legal_reviewer", "示例·陈志远", body=1, officer=3
    ),
    DemoUser("head.market", "Demo-head-2026", "body_head", "示例·市场监管局负责人", body=1),
    DemoUser(
        "supervisor.city",
        "Demo-supervisor-2026",
        "supervisor",
        "示例·司法局监督科",
        region="990100",
        totp_secret="V5456EIIUJTGMYZL2WFCW3RWM2LSIJKH",
    ),
    DemoUser(
        "admin",
        "Demo-admin-2026",
        "administrator",
        "示例·系统管理员",
        totp_secret="UPMYFDQJAA4ZAYU5DXMMLZIJNIS3GYJZ",
    ),
    DemoUser("weimei", "Demo-enterprise-2026", "enterprise", "示例·味美公司经办人", party=1),
]


def load_demo(ctx: Context) -> str:
    """Register the demo jurisdiction's missing items; returns a one-line summary in Chinese."""
    if ctx.settings.mode == "production":
        raise ConfigurationError(
            "生产模式下不得载入示例数据（示例账号的密码是公开的）",
            "demo data is refused in production mode",
        )
    added = {"matters": 0, "bodies": 0, "officers": 0, "credentials": 0, "parties": 0, "users": 0}
    body_fields = {b.n: b.fields for b in BODIES}
    body_regions = {b.n: b.region for b in BODIES}
    with ctx.uow() as uow:
        s = uow.session
        added["matters"], _ = publish_catalog(uow, ACTOR)
        for b in BODIES:
            if s.get(BodyRow, _id("body", b.n)) is None:
                registry.register_body(
                    uow,
                    ACTOR,
                    body_id=_id("body", b.n),
                    name=b.name,
                    uscc=demo_uscc("11", b.n),
                    region_code=b.region,
                    level=b.level,
                    legal_status=b.legal_status,
                    fields=b.fields,
                    entrusting_body_id=_id("body", b.entrusting) if b.entrusting else None,
                    entrusted_scope=b.scope,
                )
                added["bodies"] += 1
            doc_id = _id("bdoc", b.n)
            if s.get(BodyDocumentRow, doc_id) is None:
                registry.publish_body_document(
                    uow,
                    ctx.blobs,
                    ACTOR,
                    document_id=doc_id,
                    body_id=_id("body", b.n),
                    title=f"{b.name}行政处罚一般程序流程（示例）",
                    category="flowchart",
                    data=_flowchart(b.name).encode("utf-8"),
                    media_type="text/plain; charset=utf-8",
                )
        for n, name, body_n, kind, qual, reviewer, born, has_cred in OFFICERS:
            oid = _id("offi", n)
            if s.get(OfficerRow, oid) is None:
                registry.register_officer(
                    uow,
                    ACTOR,
                    officer_id=oid,
                    name=name,
                    id_number=demo_id_number(body_regions[body_n], born, n),
                    body_id=_id("body", body_n),
                    kind=kind,
                    legal_qualification=qual,
                    training_hours=40 if kind == "officer" else 8,
                    is_legal_reviewer=reviewer,
                )
                added["officers"] += 1
            number = f"99{body_n:02d}{2024}{n:05d}"
            if has_cred and s.get(CredentialRow, number) is None:
                expired = n == 16
                registry.issue_credential(
                    uow,
                    ACTOR,
                    number=number,
                    officer_id=oid,
                    fields=body_fields[body_n],
                    region_codes=(body_regions[body_n],),
                    valid_from=date(2021, 1, 1) if expired else date(2024, 1, 1),
                    valid_to=date(2025, 12, 31) if expired else date(2029, 12, 31),
                )
                added["credentials"] += 1
                if n == 10:
                    registry.change_credential_status(
                        uow,
                        ACTOR,
                        number,
                        "suspended",
                        reason="示例：因涉嫌违规执法被暂扣，调查期间不得从事执法活动",
                        effective=date(2026, 1, 15),
                    )
        for n, kind, name, region in PARTIES:
            pid = _id("part", n)
            if s.get(PartyRow, pid) is None:
                natural = kind == "natural_person"
                registry.register_party(
                    uow,
                    ACTOR,
                    party_id=pid,
                    kind=kind,
                    name=name,
                    region_code=region,
                    uscc=None if natural else demo_uscc("91", 100 + n),
                    id_number=demo_id_number(region, date(1975 + n, n, 10 + n), 100 + n)
                    if natural
                    else None,
                    phone=f"1380000{n:04d}" if natural else None,
                    address=f"示例市示例路{n}号{n}单元{100 + n}室" if natural else None,
                )
                added["parties"] += 1
        for n, u in enumerate(DEMO_USERS, 1):
            if s.get(UserRow, _id("user", n)) is None:
                create_user(
                    uow,
                    ACTOR,
                    user_id=_id("user", n),
                    username=u.username,
                    password=u.password,
                    role=u.role,
                    name=u.name,
                    body_id=_id("body", u.body) if u.body else None,
                    officer_id=_id("offi", u.officer) if u.officer else None,
                    party_id=_id("part", u.party) if u.party else None,
                    region_code=u.region,
                    totp_secret=u.totp_secret,
                )
                added["users"] += 1
        uow.commit()
    if not any(added.values()):
        return "示例辖区（示例市）已载入，无需重复载入。"
    return (
        "已载入示例辖区（示例市）："
        f"执法事项 {added['matters']} 项，执法主体 {added['bodies']} 个，人员 {added['officers']} 名，"
        f"执法证 {added['credentials']} 张，当事人 {added['parties']} 个，"
        f"示例账号 {added['users']} 个（见 docs/demo.md）。"
    )


def _flowchart(body_name: str) -> str:
    steps = [
        "案源登记",
        "立案（或不予立案并说明理由）",
        "调查取证（执法人员不少于两人，出示执法证件）",
        "行政处罚事先告知（告知拟处罚内容及陈述、申辩、听证权利）",
        "陈述申辩、听证（符合条件的）",
        "法制审核（重大执法决定）",
        "集体讨论（情节复杂或重大违法行为）",
        "作出行政处罚决定",
        "送达",
        "执行（罚缴分离）",
        "结案归档",
    ]
    lines = [f"{body_name} 行政处罚一般程序流程（示例文件）", ""]
    lines += [f"{i}. {step}" for i, step in enumerate(steps, 1)]
    lines += ["", "依据：《中华人民共和国行政处罚法》第五章第三节"]
    return "\n".join(lines) + "\n"


# Bodies, the matters their demo cases concern, and who acts (officer numbers as above):
# (body, investigators, legal reviewer / hearing presider or None, matter codes).
_CASE_CASTS = [
    (1, (1, 2), 3, ("MR-AD-59-01", "MR-PRICE-42-01")),
    (2, (5, 6), 8, ("UM-ROADS-42-01",)),
    (4, (13, 14), 12, ("EE-EIA-31-03",)),
]
# Bodies 3 and 5 have no demo cases: each has only one officer whose credential is in
# force today (9903202400010 is suspended, officer 16's credential has expired), so by
# 行政处罚法第四十二条 they cannot investigate a case — which is what the demo shows.
_SHORT = {1: "示市监", 2: "示城管", 3: "示交运", 4: "示环", 5: "示东市监"}
_BODY_REGION = {1: "990102", 2: "990102", 3: "990103", 4: "990121", 5: "990102"}


def demo_casts() -> list[Cast]:
    """Who acts in the demonstration's cases, body by body (``zhifa.cases.synthetic``).

    Fines and citations come from the catalog; a body without a registered head approves
    through a person on its roster (in a real deployment: the head's own account)."""
    from zhifa.catalog.loader import matter_definitions, matter_from_definition

    matters = {d["code"]: matter_from_definition(d) for d in matter_definitions()}
    casts = []
    for body, investigators, reviewer, codes in _CASE_CASTS:
        picked = []
        for code in codes:
            m = matters[code]
            assert m.fine_range is not None
            low, high = m.fine_range.bounds()
            assert low.fen == 0, f"demo matter {code} needs a range from 0"
            penalty = [b for b in m.bases if str(b.role) == "penalty"]
            picked.append((code, high.fen, penalty[0].formatted() if penalty else m.citations[0]))
        head = "user:" + _id("user", 3) if body == 1 else _id("offi", reviewer or investigators[0])
        casts.append(
            Cast(
                body_id=_id("body", body),
                body_short=_SHORT[body],
                investigators=tuple(_id("offi", n) for n in investigators),
                reviewer=_id("offi", reviewer) if reviewer else None,
                presider=_id("offi", reviewer) if reviewer else None,
                head=head,
                region_code=_BODY_REGION[body],
                matters=tuple(picked),
            )
        )
    return casts


DEMO_CASES_PER_BODY = 80


def load_demo_cases(ctx: Context, per_body: int = DEMO_CASES_PER_BODY) -> str:
    """A year of lawful cases for the demo bodies, up to today, in every state.

    Loaded once: if the demo bodies already have cases, nothing is added (the histories
    are cut at the day of the first load, so a later load would tell a different story).
    """
    from datetime import timedelta

    from sqlalchemy import select

    from zhifa.cases.documents import compose, documents_after, issue_document
    from zhifa.cases.events import CaseEvent
    from zhifa.cases.services import DbEnv, load_state, record_steps
    from zhifa.cases.synthetic import Generator
    from zhifa.cases.tables import CaseRow
    from zhifa.documents.elements import check_elements
    from zhifa.kernel.clock import legal_date

    casts = demo_casts()
    until = legal_date(ctx.clock.now())
    start = until - timedelta(days=365)
    with ctx.uow() as uow:
        s = uow.session
        if s.scalar(
            select(CaseRow.id).where(CaseRow.body_id.in_([c.body_id for c in casts])).limit(1)
        ):
            return "示例案件已载入，无需重复载入。"
        env = DbEnv(s)
        steps: list[CaseEvent] = []
        for cast in casts:
            steps.extend(Generator(env, cast, seed="zhifa-demo").cases(per_body, start, until))
        by_case: dict[str, list[CaseEvent]] = {}
        for step in steps:
            by_case.setdefault(step.case_id, []).append(step)
        documents = 0
        refused: dict[str, int] = {}
        for case_steps in by_case.values():
            # Each document is issued right after the step it records, as an officer would;
            # one the element check would refuse is counted, not issued (准则第九条).
            for step in case_steps:
                record_steps(uow, [step], env)
                state = load_state(s, step.case_id)
                for kind, ref in documents_after(step, state):
                    content = compose(s, ctx.pii, step.case_id, kind, ref)
                    if check_elements(content):
                        refused[kind] = refused.get(kind, 0) + 1
                        continue
                    issue_document(
                        uow,
                        ctx.pii,
                        step.case_id,
                        kind,
                        actor=step.actor,
                        base_url=ctx.settings.public_base_url,
                        at=step.occurred_at,
                        ref=ref,
                    )
                    documents += 1
        if refused:
            # Not expected: every kind is composable from what the demo records.
            raise ConfigurationError(
                f"示例文书未通过要素检查：{refused}", f"demo documents refused: {refused}"
            )
        uow.commit()
    # The bodies publish their decisions (事后公开), some late, one withdrawn after 复议.
    from zhifa.disclosure.demo import publish_demo

    published = publish_demo(ctx)
    return (
        f"已载入示例案件 {len(by_case)} 件（{len(steps)} 条执法记录，文书 {documents} 份，"
        f"{start.isoformat()} 至 {until.isoformat()}）。{published}"
    )
