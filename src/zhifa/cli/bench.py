"""`zhifa bench …`: measured speed and memory, printed as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from zhifa.cli.common import err

bench_app = typer.Typer(help="性能基准（输出 JSON）", no_args_is_help=True)


@bench_app.command("ledger")
def ledger(
    entries: Annotated[int, typer.Option("--entries", min=1, help="写入的记录数")] = 100_000,
    batch: Annotated[int, typer.Option("--batch", min=1, help="每个事务提交的记录数")] = 1000,
    proofs: Annotated[int, typer.Option("--proofs", min=1, help="从存储生成的包含性证明数")] = 1000,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="基准用数据库（缺省为临时 SQLite 文件）")
    ] = None,
    algorithm: Annotated[
        Literal["sha256", "sm3"], typer.Option("--algorithm", help="sha256 或 sm3")
    ] = "sha256",
) -> None:
    """账本：持久化批量追加、建树（对比裸 hashlib）、存储中的包含性证明、验证吞吐；同跑 pymerkle。"""
    from zhifa.bench.ledger import run

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("追加记录", total=entries)
        report = run(
            entries,
            batch=batch,
            proofs=proofs,
            database_url=database_url,
            algorithm=algorithm,
            progress=lambda _stage, done, _total: bar.update(task, completed=done),
        )
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@bench_app.command("api")
def api(
    seconds: Annotated[int, typer.Option("--seconds", min=1, help="每轮压测时长（秒）")] = 10,
    connections: Annotated[int, typer.Option("--connections", min=1, help="并发连接数")] = 32,
    workers: Annotated[int, typer.Option("--workers", min=1, help="服务进程数")] = 2,
) -> None:
    """亮证核验接口：本机回环压测 GET /api/public/credentials/{number}，对比无框架 ASGI 上限。"""
    from zhifa.bench.api import run

    typer.echo(json.dumps(run(seconds, connections, workers), ensure_ascii=False, indent=2))


@bench_app.command("import")
def import_(
    events: Annotated[int, typer.Option("--events", min=1, help="导入的事件数")] = 1_000_000,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="复用（或保存）生成的 JSONL 文件；缺省为临时文件"),
    ] = None,
) -> None:
    """数据标准导入：解析、校验、执法规则、加密、账本、投影，单事务；对比裸 SQLite 写入与 eventsourcing 库。"""
    from zhifa.bench.importing import run

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(
                    "生成文件" if stage == "generate" else "导入", total=total
                )
            if stage == "import":
                bar.advance(tasks[stage], done)
            else:
                bar.update(tasks[stage], completed=done)

        report = run(events, progress=progress, keep=file)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@bench_app.command("redact")
def redact_bench(
    seconds: Annotated[
        float, typer.Option("--seconds", min=0.5, help="每项测速的时长（秒）")
    ] = 5.0,
) -> None:
    """文书脱敏：各语料的分类召回率与公开信息误遮盖率；单核测速，对比单正则上限与 jionlp。"""
    from zhifa.bench.redact import run

    with err.status("脱敏基准运行中…") as status:
        report = run(seconds, progress=lambda stage: status.update(stage))
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@bench_app.command("language")
def language(
    texts: Annotated[int, typer.Option("--texts", min=100, help="约 100 字的文本条数")] = 5000,
    repeats: Annotated[int, typer.Option("--repeats", min=1, help="每项重复次数（取最快）")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 而不是表格")] = False,
) -> None:
    """文明用语检查：单核每秒检查的约 100 字文本数；同跑 pyahocorasick 扫描上限与 jieba 分词。"""
    from rich.table import Table

    from zhifa.bench.language import run

    with err.status("准备中……") as status:
        report = run(texts, repeats, progress=lambda label: status.update(f"测量：{label}"))
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    table = Table(
        title=f"文明用语检查基准：{report['texts']} 条、平均 {report['mean_chars']} 字，单核（{report['core']}），取 {report['repeats']} 次最快"
    )
    for col, justify in (
        ("项目", "left"),
        ("条/秒", "right"),
        ("微秒/条", "right"),
        ("相对本检查器", "right"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for row in report["rows"]:
        table.add_row(
            row["label"],
            f"{row['texts_per_s']:,}",
            f"{row['us_per_text']}",
            f"{row['relative_to_ours']}×",
        )
    from rich.console import Console

    Console(width=120, highlight=False).print(table)
    typer.echo(
        f"目标：≥ {report['target_texts_per_s']:,} 条/秒；检出不文明用语的文本 {report['flagged_texts']} 条。"
    )


@bench_app.command("decisions")
def decisions(
    rows: Annotated[int, typer.Option("--rows", min=100, help="公开的执法决定条数")] = 10_000,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="每个检索重复次数")] = 20,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="基准用数据库（缺省为临时 SQLite 文件）")
    ] = None,
) -> None:
    """执法决定全文检索：FTS5 trigram / pg_trgm 对比无索引 LIKE 与内存子串扫描（裸上限）。"""
    from zhifa.bench.disclosure_search import run

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("写入执法决定", total=rows)
        report = run(
            rows,
            repeat=repeat,
            database_url=database_url,
            progress=lambda done, _total: bar.update(task, completed=done),
        )
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@bench_app.command("conduct")
def conduct(
    events: Annotated[
        int, typer.Option("--events", min=1000, help="合成的一个省一年的事件数")
    ] = 10_000_000,
    incremental: Annotated[
        int, typer.Option("--incremental", min=100, help="逐条增量计算的新事件数")
    ] = 20_000,
) -> None:
    """行为准则规则引擎：一个合成的省级年度数据上的全部发现规则和分析，及逐条增量计算延迟；对比原始上限与 DuckDB。"""
    from zhifa.bench.conduct import run

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("生成并运行", total=events)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, completed=min(done, total))

        report = run(events, progress=progress, incremental=incremental)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
