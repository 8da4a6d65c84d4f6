"""`zhifa import …`: bulk import of officers and credentials from CSV files."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from zhifa.cli.common import DbUrl, err, open_context, out
from zhifa.kernel.errors import DomainError, Violation

if TYPE_CHECKING:
    from zhifa.registry.importer import CsvInput, ImportReport


class _ImportGroup(TyperGroup):
    """``zhifa import FILE.jsonl`` is ``zhifa import events FILE.jsonl`` (the data standard)."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:  # typer vendors its click
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["events", *args]
        return super().resolve_command(ctx, args)


import_app = typer.Typer(
    cls=_ImportGroup,
    help="批量导入：案件事件（JSON Lines，数据标准）或登记数据（CSV，UTF-8 编码）",
    no_args_is_help=True,
)

CsvFile = Annotated[
    Path,
    typer.Argument(
        help="CSV 文件（UTF-8，可带 BOM；首行为中文表头）",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
]
Partial = Annotated[
    bool,
    typer.Option(
        "--partial", help="只导入无误的行，跳过有错误的行（缺省：有任何错误则全部不导入）"
    ),
]


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name in this environment (e.g. a bare container)
        return "cli:import"


def _problem_table(title: str, problems: list[Violation]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("行", no_wrap=True)
    table.add_column("字段", no_wrap=True)
    table.add_column("原因", overflow="fold")
    for v in problems:
        table.add_row(v.location or "—", v.field or "—", v.reason_zh)
    return table


def _run(
    file: Path,
    partial: bool,
    database_url: str | None,
    importer: Callable[..., ImportReport],
) -> None:
    data: CsvInput = file.read_bytes()
    ctx = open_context(database_url)
    try:
        try:
            with ctx.uow() as uow:
                report = importer(uow, _actor(), data, partial=partial)
                uow.commit()
        except DomainError as exc:
            _print_refusal(err, exc)
            raise typer.Exit(2) from None
        ctx.checkpointer.flush()
    finally:
        ctx.engine.dispose()
    if report.skipped:
        out.print(_problem_table("跳过的行（未导入）", report.skipped))
    out.print(("[yellow]" if report.skipped else "[green]") + report.summary_zh() + "[/]")


def _print_refusal(console: Console, exc: DomainError) -> None:
    if exc.violations:
        console.print(_problem_table("导入文件中的错误", exc.violations))
    console.print(f"[bold red]错误：[/]{exc.message_zh}")
    if exc.hint_zh:
        console.print(f"提示：{exc.hint_zh}")
    if exc.violations:
        console.print("只导入无误的行：加 --partial 重新运行。")


@import_app.command("officers")
def officers(file: CsvFile, partial: Partial = False, database_url: DbUrl = None) -> None:
    """导入执法人员。表头：姓名,身份证号,所属执法主体统一社会信用代码,人员类别,法律职业资格,法制审核人员,培训学时"""
    from zhifa.registry.importer import import_officers

    _run(file, partial, database_url, import_officers)


@import_app.command("credentials")
def credentials(file: CsvFile, partial: Partial = False, database_url: DbUrl = None) -> None:
    """导入执法证（持证人须已登记）。表头：执法证号,身份证号,执法领域,执法区域,有效期起,有效期止"""
    from zhifa.registry.importer import import_credentials

    _run(file, partial, database_url, import_credentials)


@import_app.command("events")
def events(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSON Lines 文件（数据标准，docs/data-standard.md）", exists=True, dir_okay=False
        ),
    ],
    database_url: DbUrl = None,
) -> None:
    """导入案件事件：先检查全部行，再按执法规则逐条校验；有任何问题则全部不导入。"""
    from zhifa.cli.cases import import_events_file

    import_events_file(file, database_url)


@import_app.command("inspections")
def inspections(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSON Lines 文件：InspectionConducted 事件（数据标准）",
            exists=True,
            dir_okay=False,
        ),
    ],
    database_url: DbUrl = None,
) -> None:
    """导入涉企检查记录：先检查全部行，再核验检查人员；有任何问题则全部不导入。"""
    from zhifa.cases.interchange import read_lines
    from zhifa.inspections.interchange import import_lines

    ctx = open_context(database_url)
    try:
        with ctx.uow() as uow, file.open("rb") as fh:
            try:
                imported, skipped = import_lines(uow, read_lines(fh))
            except DomainError as exc:
                _print_refusal(err, exc)
                raise typer.Exit(2) from None
            uow.commit()
        ctx.checkpointer.flush()
    finally:
        ctx.engine.dispose()
    out.print(f"[green]导入涉企检查记录 {imported} 条，已存在而跳过 {skipped} 条。[/]")
