"""`zhifa`: the one console script. Errors print one clear line and exit 2, never a traceback."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from pydantic import ValidationError

from zhifa import __version__
from zhifa.cli import cases as cases_cli
from zhifa.cli.bench import bench_app
from zhifa.cli.civility import check_language
from zhifa.cli.common import DbUrl, err, open_context, out
from zhifa.cli.conduct import findings, rules
from zhifa.cli.documents import check_document, render_document
from zhifa.cli.importer import import_app
from zhifa.cli.ledger import ledger_app, verify
from zhifa.cli.redact import redact_command
from zhifa.kernel.errors import DomainError

app = typer.Typer(
    name="zhifa",
    help="zhifa 行政执法监督信息系统",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="数据库迁移 (database migrations)", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(ledger_app, name="ledger")
app.add_typer(bench_app, name="bench")
app.add_typer(import_app, name="import")
app.command("check-language")(check_language)
app.command("verify")(verify)
app.command("check-document")(check_document)
app.command("render-document")(render_document)
app.command("redact")(redact_command)
app.command("export")(cases_cli.export)
app.command("tick")(cases_cli.tick)
app.command("schemas")(cases_cli.schemas)
app.command("findings")(findings)
app.command("rules")(rules)


def _version(value: bool) -> None:
    if value:
        out.print(f"zhifa {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本并退出"),
    ] = False,
) -> None:
    """zhifa: 行政执法公示、执法全过程记录、重大执法决定法制审核与执法监督。"""


@db_app.command("upgrade")
def db_upgrade(database_url: DbUrl = None) -> None:
    """应用全部数据库迁移（并在首次运行时创建账本）。"""
    ctx = open_context(database_url)
    out.print(f"数据库已升级到最新版本：{ctx.engine.url.render_as_string(hide_password=True)}")


@db_app.command("check")
def db_check(database_url: DbUrl = None) -> None:
    """检查模型与迁移是否一致（alembic check）。"""
    from zhifa.store.migrate import check

    ctx = open_context(database_url)
    check(ctx.engine)
    out.print("模型与迁移一致。")


@app.command()
def demo(database_url: DbUrl = None) -> None:
    """载入示例辖区（虚构的示例市）后退出；重复运行不会重复载入。"""
    from zhifa.conduct.demo import load_demo_misconduct
    from zhifa.conduct.services import run as run_conduct
    from zhifa.demo import load_demo, load_demo_cases

    ctx = open_context(database_url)
    summary = load_demo(ctx)
    cases = load_demo_cases(ctx)
    misconduct = load_demo_misconduct(ctx)
    found = run_conduct(ctx)
    ctx.checkpointer.flush()
    out.print(summary)
    out.print(cases)
    out.print(misconduct)
    out.print(f"行为准则规则已运行：{found.line()}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="监听地址")] = None,
    port: Annotated[int | None, typer.Option(help="监听端口")] = None,
    demo_data: Annotated[bool, typer.Option("--demo", help="启动前载入示例辖区")] = False,
    database_url: DbUrl = None,
) -> None:
    """启动服务（启动前自动应用数据库迁移）。"""
    import uvicorn

    from zhifa.web.app import create_app

    ctx = open_context(database_url)
    if demo_data:
        from zhifa.conduct.demo import load_demo_misconduct
        from zhifa.conduct.services import run as run_conduct
        from zhifa.demo import load_demo, load_demo_cases

        out.print(load_demo(ctx))
        out.print(load_demo_cases(ctx))
        out.print(load_demo_misconduct(ctx))
        out.print(f"行为准则规则已运行：{run_conduct(ctx).line()}")
        ctx.checkpointer.flush()
    bind_host = host or ctx.settings.host
    bind_port = port or ctx.settings.port
    out.print(f"zhifa 已启动：http://{bind_host}:{bind_port}/")
    uvicorn.run(create_app(ctx), host=bind_host, port=bind_port, log_level="info")


def run() -> None:
    """Console-script entry: domain and configuration errors become one line and exit 2."""
    try:
        app()
    except DomainError as exc:
        err.print(f"[bold red]错误：[/]{exc.message_zh}")
        if exc.hint_zh:
            err.print(f"提示：{exc.hint_zh}")
        for v in exc.violations:
            where = f"{v.location} " if v.location else ""
            err.print(f"  {where}{v.field}：{v.reason_zh}")
        if exc.message_en:
            err.print(f"[dim]{exc.message_en}[/]")
        sys.exit(2)
    except ValidationError as exc:
        for e in exc.errors():
            name = "ZHIFA_" + "_".join(str(p) for p in e["loc"]).upper()
            msg = str(e["msg"]).removeprefix("Value error, ")
            err.print(f"[bold red]配置错误：[/]{name}：{msg}")
        sys.exit(2)


if __name__ == "__main__":
    run()
