"""`zhifa findings`: the conduct engine's findings, after a run over the ledger."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import select

from zhifa.cli.common import DbUrl, open_context, out
from zhifa.kernel.errors import InvalidInput, Violation


class Format(StrEnum):
    table = "table"
    json = "json"


def findings(
    article: Annotated[
        int | None, typer.Option(help="只看准则第N条（1–10）", min=1, max=10)
    ] = None,
    body: Annotated[
        str | None, typer.Option(help="只看一个执法主体：其编号或统一社会信用代码")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table 或 json")] = Format.table,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="按该日期运行计时规则与分析（YYYY-MM-DD），默认今天"),
    ] = None,
    no_run: Annotated[
        bool, typer.Option("--no-run", help="只读已记录的发现，不先运行规则")
    ] = False,
    database_url: DbUrl = None,
) -> None:
    """运行行为准则规则并列出发现事项（JSON：id、rule、article、severity、subject、evidence、status、explanation）。"""
    from zhifa.conduct.services import Filters, as_json, list_findings, run
    from zhifa.registry.tables import BodyRow

    day: date | None = None
    if as_of:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise InvalidInput(
                "日期格式应为 YYYY-MM-DD",
                "--as-of must be YYYY-MM-DD",
                violations=[Violation("--as-of", "日期格式应为 YYYY-MM-DD", "bad date", as_of)],
            ) from None
    ctx = open_context(database_url)
    try:
        if not no_run:
            report = run(ctx, day)
            ctx.checkpointer.flush()
            if fmt is Format.table:
                out.print(f"行为准则规则已运行：{report.line()}")
        with ctx.read() as s:
            body_ids: list[str] | None = None
            if body:
                row = s.get(BodyRow, body) or s.scalar(select(BodyRow).where(BodyRow.uscc == body))
                if row is None:
                    raise InvalidInput(
                        f"执法主体 {body} 不存在",
                        f"body {body} not found",
                        violations=[Violation("--body", "没有这个执法主体", "unknown body", body)],
                    )
                body_ids = [row.id]
            _, rows = list_findings(s, Filters(article=article, body_ids=body_ids), limit=1_000_000)
            items = [as_json(r) for r in rows]
    finally:
        ctx.engine.dispose()
    if fmt is Format.json:
        typer.echo(json.dumps(items, ensure_ascii=False, indent=1))
        return
    t = Table(title=f"发现事项 {len(items)} 项")
    for col in ("条", "规则", "严重程度", "对象", "发现日期", "状态", "说明"):
        t.add_column(col)
    from zhifa.conduct.model import Severity, Status

    for i in items:
        t.add_row(
            str(i["article"]),
            i["rule"],
            Severity(i["severity"]).label_zh,
            i["subject"]["label"] or i["subject"]["id"],
            i["found_on"],
            Status(i["status"]).label_zh,
            i["explanation"],
        )
    out.print(t)


def rules(
    fmt: Annotated[str, typer.Option("--format", help="table、markdown 或 json")] = "table",
) -> None:
    """列出全部行为准则规则：编号、条款、类型、名称、法律依据、参数。"""
    from zhifa.conduct.model import RuleKind

    listed = rule_table()
    if fmt == "json":
        typer.echo(json.dumps(listed, ensure_ascii=False, indent=1))
        return
    if fmt == "markdown":
        typer.echo(rules_markdown(listed), nl=False)
        return
    if fmt != "table":
        raise InvalidInput(
            "--format 只能是 table、markdown 或 json",
            "--format must be table, markdown or json",
            violations=[Violation("--format", "不是可选值之一", "unknown format", fmt)],
        )
    t = Table(title=f"行为准则规则 {len(listed)} 条")
    for col in ("条", "编号", "类型", "名称", "依据"):
        t.add_column(col)
    for r in listed:
        t.add_row(
            str(r["article"]),
            str(r["id"]),
            RuleKind(str(r["kind"])).label_zh,
            str(r["title"]),
            str(r["basis"]),
        )
    out.print(t)


def rule_table() -> list[dict[str, object]]:
    from zhifa.conduct.engine import load_rules
    from zhifa.conduct.model import RULES

    load_rules()
    return [
        {
            "id": r.id,
            "article": r.article,
            "kind": str(r.kind),
            "title": r.title,
            "basis": r.basis,
            "severity": str(r.severity),
            "params": list(r.params),
            "reads": list(r.on),
            "timed": r.timed,
            "guard": r.guard_ref,
        }
        for r in sorted(RULES.values(), key=lambda r: (r.article, r.kind != "guard", r.id))
    ]


def rules_markdown(listed: list[dict[str, object]]) -> str:
    """docs/conduct-rules.md: the rule list as a legal reviewer reads it (generated)."""
    from zhifa.conduct.model import RuleKind, Severity

    lines = [
        "# 行为准则规则一览（由 `zhifa rules --format markdown` 生成，请勿手工修改）",
        "",
        "事前拦截：在执法步骤记录之前拒绝违法步骤（案件模型或执法资格的规则）。",
        "事中事后发现：在记录之后、到期之时发现问题，形成发现事项。",
        "统计分析：在一段期间的数据上发现单个案件看不出的规律。",
        "",
    ]
    zh = "一二三四五六七八九十"
    for n in range(1, 11):
        mine = [r for r in listed if r["article"] == n]
        lines += [f"## 第{zh[n - 1]}条（{len(mine)} 条规则）", ""]
        lines += [
            "| 编号 | 类型 | 名称 | 严重程度 | 依据 | 参数 |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for r in mine:
            params = "、".join(f"`{p}`" for p in r["params"]) or "—"  # type: ignore[attr-defined]
            lines.append(
                f"| `{r['id']}` | {RuleKind(str(r['kind'])).label_zh} | {r['title']} | "
                f"{Severity(str(r['severity'])).label_zh} | {r['basis']} | {params} |"
            )
        lines.append("")
    return "\n".join(lines)
