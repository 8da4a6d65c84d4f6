"""For each article of the 准则: one whole story through ``zhifa import`` (the data standard:
case events through ``zhifa import events``, 涉企检查 through ``zhifa import inspections``),
then ``zhifa findings --format json`` — exactly the expected findings, nothing more.

The stories are ``tests/conduct/scenarios/article_NN.yaml`` (the format of the per-article
rule cases). The database holds the same roster as the case-model tests' ``MemoryEnv``
(bodies, officers, credentials and heads, entered through the registry's services), so a
story means the same thing here as in the rule cases — but every step now passes the real
import: schema checks, guards against the database, encryption, the ledger, projections.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from stdnum.cn import ric
from tests.conduct.runner import build
from tests.unit.cases import factories as f
from typer.testing import CliRunner

from zhifa.app_context import Context
from zhifa.cases.interchange import to_line
from zhifa.cli.main import app
from zhifa.inspections.events import InspectionConducted
from zhifa.inspections.interchange import to_line as inspection_line
from zhifa.settings import get_settings

SCENARIOS = Path(__file__).parents[1] / "conduct" / "scenarios"
FILES = sorted(SCENARIOS.glob("article_*.yaml"))


def _id_number(serial: int) -> str:
    body = f"330106198001{serial:02d}{serial:03d}"[:17]
    return body + ric.calc_check_digit(body + "0")


def _roster(ctx: Context) -> None:
    """The MemoryEnv roster of tests/unit/cases/conftest.py, in the registry."""
    from zhifa.access.services import create_user
    from zhifa.catalog.services import publish_catalog
    from zhifa.registry.services import issue_credential, register_body, register_officer

    mr = ["market_regulation"]
    with ctx.uow() as uow:
        a = "user:setup"
        publish_catalog(uow, a)
        register_body(
            uow,
            a,
            body_id=f.BODY,
            name="杭州市西湖区市场监督管理局",
            uscc="11330106002482080K",
            region_code=f.REGION,
            level="county",
            legal_status="statutory",
            fields=mr,
        )
        register_body(
            uow,
            a,
            body_id=f.OTHER_BODY,
            name="杭州市拱墅区市场监督管理局",
            uscc="11330105002482119F",
            region_code=f.OTHER_REGION,
            level="county",
            legal_status="statutory",
            fields=mr,
        )
        register_body(
            uow,
            a,
            body_id=f.ENTRUSTED_BODY,
            name="杭州市西湖区某街道综合执法队（受委托）",
            uscc="12330106MB0000001D",
            region_code=f.REGION,
            level="township",
            legal_status="entrusted",
            fields=mr,
            entrusting_body_id=f.BODY,
            entrusted_scope=[f.MATTER],
        )
        people = [
            (f.WANG, "王某", f.BODY, "officer", f.REGION, mr, date(2028, 12, 31)),
            (f.LI, "李某", f.BODY, "officer", f.REGION, mr, date(2028, 12, 31)),
            (f.ZHOU, "周某", f.BODY, "officer", f.REGION, mr, date(2028, 12, 31)),
            (f.CHEN, "陈某", f.BODY, "officer", f.REGION, mr, date(2028, 12, 31)),
            (f.SUN, "孙某", f.BODY, "officer", f.REGION, mr, date(2028, 12, 31)),
            (f.ZHAO, "赵某", f.BODY, "officer", f.REGION, mr, date(2025, 12, 31)),
            (f.WU, "吴某", f.BODY, "officer", None, mr, None),
            (f.LIU, "刘某", f.BODY, "auxiliary", None, mr, None),
            (f.XU, "徐某", f.OTHER_BODY, "officer", f.OTHER_REGION, mr, date(2028, 12, 31)),
            (f.XU2, "许某", f.OTHER_BODY, "officer", f.OTHER_REGION, mr, date(2028, 12, 31)),
            (f.MA, "马某", f.BODY, "officer", f.REGION, ["urban_management"], date(2028, 12, 31)),
            (f.HE, "何某", f.ENTRUSTED_BODY, "officer", f.REGION, mr, date(2028, 12, 31)),
            (f.HE2, "贺某", f.ENTRUSTED_BODY, "officer", f.REGION, mr, date(2028, 12, 31)),
        ]
        for n, (oid, name, body, kind, region, fields, to) in enumerate(people, 1):
            register_officer(
                uow,
                a,
                officer_id=oid,
                name=name,
                id_number=_id_number(n),
                body_id=body,
                kind=kind,
                legal_qualification=oid == f.SUN,
                is_legal_reviewer=oid == f.SUN,
            )
            if region is not None and to is not None:
                issue_credential(
                    uow,
                    a,
                    number=f"浙A{region}{n:03d}",
                    officer_id=oid,
                    fields=fields,
                    region_codes=[region],
                    valid_from=date(2024, 1, 1),
                    valid_to=to,
                )
        for uid, body in (
            ("head", f.BODY),
            ("head-gongshu", f.OTHER_BODY),
            ("head-entrusted", f.ENTRUSTED_BODY),
        ):
            create_user(
                uow,
                a,
                user_id=uid,
                username=uid.replace("-", "_"),
                password="Scenario-Passw0rd!",
                role="body_head",
                name=f"{uid} 负责人",
                body_id=body,
            )
        uow.commit()


@pytest.fixture
def roster(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    _roster(ctx)
    monkeypatch.setenv("ZHIFA_MODE", "test")
    monkeypatch.setenv("ZHIFA_DATABASE_URL", ctx.settings.effective_database_url)
    monkeypatch.setenv("ZHIFA_DATA_DIR", str(ctx.settings.data_dir))
    monkeypatch.setenv("COLUMNS", "250")
    get_settings.cache_clear()
    yield ctx
    get_settings.cache_clear()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path, roster: Context, tmp_path: Path) -> None:
    story = yaml.safe_load(path.read_text("utf-8"))
    events = []
    previous = f.moment(date(2026, 3, 2))
    for item in story["events"]:
        e = build(item, previous)
        previous = e.occurred_at
        events.append(e)
    cases = [e for e in events if not isinstance(e, InspectionConducted)]
    inspections = [e for e in events if isinstance(e, InspectionConducted)]
    runner = CliRunner()
    if cases:
        lines = tmp_path / "story.jsonl"
        lines.write_bytes(b"".join(to_line(e) + b"\n" for e in cases))  # type: ignore[arg-type]
        imported = runner.invoke(app, ["import", "events", str(lines)])
        assert imported.exit_code == 0, imported.output
    if inspections:
        lines = tmp_path / "inspections.jsonl"
        lines.write_bytes(b"".join(inspection_line(e) + b"\n" for e in inspections))
        imported = runner.invoke(app, ["import", "inspections", str(lines)])
        assert imported.exit_code == 0, imported.output
        assert f"导入涉企检查记录 {len(inspections)} 条" in imported.output
    found = runner.invoke(app, ["findings", "--format", "json", "--as-of", str(story["as_of"])])
    assert found.exit_code == 0, found.output
    items = json.loads(found.stdout)
    got = sorted((x["rule"], x["subject"]["id"]) for x in items)
    want = sorted((x["rule"], str(x["subject"])) for x in story["expect"])
    assert got == want, f"{path.name}: findings {got}, expected {want}"
    assert {x["article"] for x in items} <= {story["article"]}, "a finding of another article"
    for x in items:
        assert x["status"] == "open"
        assert x["explanation"]
        assert "{" not in x["explanation"]
        assert x["evidence"]
        assert all(isinstance(i, int) for i in x["evidence"])
    # Run again: nothing new (the findings are on the ledger, found once).
    again = runner.invoke(app, ["findings", "--format", "json", "--as-of", str(story["as_of"])])
    assert len(json.loads(again.stdout)) == len(items)
