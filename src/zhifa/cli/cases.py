"""`zhifa import FILE.jsonl`, `zhifa export`, `zhifa tick`, `zhifa schemas`: case data in and out."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from zhifa.cli.common import DbUrl, err, open_context, out
from zhifa.kernel.errors import DomainError


def _print_problems(exc: DomainError) -> None:
    for v in exc.violations:
        where = f"{v.location} " if v.location else ""
        err.print(f"  {where}{v.field}：{v.reason_zh}", markup=False)
    err.print(f"[bold red]错误：[/]{exc.message_zh}")
    if exc.message_en:
        err.print(f"[dim]{exc.message_en}[/]")


def import_events_file(file: Path, database_url: str | None) -> None:
    from zhifa.cases.interchange import import_events, parse_all, read_lines

    with file.open("rb") as fh:
        parsed, problems = parse_all(read_lines(fh))
    if problems:
        _print_problems(
            DomainError(
                f"文件有 {len(problems)} 处错误，未导入任何数据",
                f"{len(problems)} bad lines; nothing imported",
                violations=problems,
            )
        )
        raise typer.Exit(2)
    ctx = open_context(database_url)
    try:
        with Progress(
            TextColumn("导入"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
        ) as bar:
            task = bar.add_task("import", total=len(parsed))
            try:
                with ctx.uow() as uow:
                    report = import_events(
                        uow, parsed, cipher=ctx.pii, progress=lambda n: bar.advance(task, n)
                    )
                    uow.commit()
            except DomainError as exc:
                bar.stop()
                _print_problems(exc)
                raise typer.Exit(2) from None
        ctx.checkpointer.flush()
    finally:
        ctx.engine.dispose()
    out.print(
        f"[green]导入 {report.imported} 条事件（{report.cases} 个案件），"
        f"已存在而跳过 {report.skipped} 条。[/]"
    )


def export(
    case: Annotated[str | None, typer.Option("--case", help="只导出该案件")] = None,
    body: Annotated[
        str | None, typer.Option("--body", help="只导出该执法主体（统一社会信用代码或编号）")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="只导出该日期（含）以后发生的事件，YYYY-MM-DD")
    ] = None,
    database_url: DbUrl = None,
) -> None:
    """按数据标准导出案件事件（JSON Lines，写到标准输出）。含个人信息，请妥善保管。"""
    from sqlalchemy import select

    from zhifa.access.events import DataExported
    from zhifa.cases.interchange import export_lines
    from zhifa.kernel.errors import InvalidInput, NotFound
    from zhifa.registry.tables import BodyRow

    try:
        since_day = date.fromisoformat(since) if since else None
    except ValueError:
        raise InvalidInput(f"--since 不是有效日期：{since}", f"bad --since {since!r}") from None
    ctx = open_context(database_url)
    try:
        body_id = None
        with ctx.read() as s:
            if body:
                body_id = s.scalar(
                    select(BodyRow.id).where((BodyRow.uscc == body) | (BodyRow.id == body))
                )
                if body_id is None:
                    raise NotFound(f"执法主体 {body} 不存在", f"body {body} not found")
            n = 0
            stream = sys.stdout.buffer
            for line in export_lines(s, ctx.pii, case_id=case, body_id=body_id, since=since_day):
                stream.write(line + b"\n")
                n += 1
            stream.flush()
        with ctx.uow() as uow:
            uow.record(
                [
                    DataExported(
                        actor="cli:export",
                        occurred_at=uow.clock.now(),
                        user_id="cli",
                        what="case_events",
                        filters={"case": case, "body": body_id, "since": since},
                        rows=n,
                        watermark="cli:export",
                    )
                ]
            )
            uow.commit()
        err.print(f"导出 {n} 条事件。")
    finally:
        ctx.engine.dispose()


def tick(database_url: DbUrl = None) -> None:
    """计时扫描：找出已超过法定期限的案件，记录超期预警（服务运行时也定时执行）。"""
    from zhifa.cases.timers import sweep_all

    ctx = open_context(database_url)
    try:
        found = sweep_all(ctx)
        ctx.checkpointer.flush()
    finally:
        ctx.engine.dispose()
    out.print("；".join(found.values()) + "。")


def schemas(
    directory: Annotated[Path, typer.Argument(help="写入 JSON Schema 的目录")],
) -> None:
    """写出数据标准中每种事件的 JSON Schema。"""
    from zhifa.cases.interchange import EVENT_TYPES, event_schema

    directory.mkdir(parents=True, exist_ok=True)
    for name, cls in sorted(EVENT_TYPES.items()):
        text = json.dumps(event_schema(cls), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (directory / f"{name}.schema.json").write_text(text, encoding="utf-8")
    out.print(f"已写出 {len(EVENT_TYPES)} 个 JSON Schema 到 {directory}")
