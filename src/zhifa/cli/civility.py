"""`zhifa check-language`: 文明执法用语检查 (准则第六条) of a text, a JSONL batch, or the corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table

from zhifa.cli.common import err, out
from zhifa.kernel.errors import InvalidInput, Violation

FILE_HELP = "要检查的文本文件（UTF-8）；省略或 - 为标准输入"


def _read(file: str | None) -> bytes:
    if file is None or file == "-":
        return typer.get_binary_stream("stdin").read()
    path = Path(file)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"无法读取文件：{file}",
            f"cannot read {file}: {exc.strerror}",
            violations=[
                Violation("file", "文件不存在或无法读取", "file missing or unreadable", file)
            ],
        ) from None


def _decode(data: bytes, where: str) -> str:
    """Strict UTF-8 (a leading BOM is dropped); the error names the line and byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        loc = f"{where}第{line}行" if where else f"第{line}行"
        raise InvalidInput(
            "输入不是有效的 UTF-8 文本",
            f"input is not valid UTF-8: byte {exc.start} (line {line})",
            hint_zh="请将文件另存为 UTF-8 编码后再检查。",
            violations=[
                Violation(
                    "text",
                    f"第{exc.start + 1}个字节起不是 UTF-8 编码",
                    f"invalid UTF-8 at byte offset {exc.start}",
                    loc,
                )
            ],
        ) from None


def _empty(where: str) -> InvalidInput:
    return InvalidInput(
        "没有可检查的文本",
        "empty text",
        violations=[Violation("text", "文本为空", "text is empty", where)],
    )


def _finding_json(f: Any) -> dict[str, Any]:
    return {
        "category": f.category.value,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "suggestion": f.suggestion_zh,
        "explanation": f.explanation_zh,
    }


def _jsonl_line(raw: bytes, n: int) -> tuple[Any, str]:
    """(id, text) of one JSONL line, or InvalidInput naming the line."""
    where = f"第{n}行"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "输入行不是有效的 UTF-8 文本",
            f"line {n}: invalid UTF-8 at byte {exc.start}",
            violations=[Violation("line", "含有非 UTF-8 字节", "invalid UTF-8 bytes", where)],
        ) from None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            "输入行不是有效的 JSON",
            f"line {n}: not JSON ({exc.msg})",
            violations=[Violation("line", f"不是有效的 JSON（{exc.msg}）", "not JSON", where)],
        ) from None
    if not isinstance(row, dict) or "text" not in row:
        raise InvalidInput(
            "输入行缺少 text 字段",
            f"line {n}: no 'text' field",
            violations=[Violation("text", "缺少 text 字段", "missing 'text'", where)],
        )
    text = row["text"]
    if not isinstance(text, str):
        raise InvalidInput(
            "text 字段应为字符串",
            f"line {n}: 'text' is not a string",
            violations=[Violation("text", "text 应为字符串", "'text' must be a string", where)],
        )
    if not text.strip():
        raise _empty(where)
    return row.get("id"), text


def _print_error(exc: InvalidInput) -> None:
    err.print(f"[bold red]错误：[/]{exc.message_zh}")
    for v in exc.violations:
        where = f"{v.location} " if v.location else ""
        err.print(f"  {where}{v.field}：{v.reason_zh}")
    if exc.message_en:
        err.print(f"[dim]{exc.message_en}[/]")


def _run_jsonl(data: bytes) -> int:
    from zhifa.civility import check_text

    errors = found = 0
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for n, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            continue
        try:
            ident, text = _jsonl_line(raw, n)
        except InvalidInput as exc:
            errors += 1
            _print_error(exc)
            continue
        findings = check_text(text)
        found += bool(findings)
        line = {"id": ident, "findings": [_finding_json(f) for f in findings]}
        typer.echo(json.dumps(line, ensure_ascii=False))
    if errors:
        err.print(
            f"{errors} 行输入有误，其余各行已检查。 ({errors} bad input line(s); the others were checked)"
        )
        return 2
    return 1 if found else 0


def _run_text(data: bytes, fmt: str, where: str) -> int:
    from zhifa.civility import ARTICLE_ZH, check_text

    text = _decode(data, where)
    if not text.strip():
        raise _empty(where or "标准输入")
    findings = check_text(text)
    if fmt == "json":
        typer.echo(
            json.dumps(
                {"findings": [_finding_json(f) for f in findings], "count": len(findings)},
                ensure_ascii=False,
                indent=2,
            )
        )
    elif not findings:
        out.print("未发现不文明用语。")
    else:
        for i, f in enumerate(findings, start=1):
            out.print(
                f"第{i}处 [bold]{f.category.label_zh}[/]  字符 {f.start}–{f.end}  「{f.text}」",
                markup=True,
                highlight=False,
            )
            out.print(f"  说明：{f.explanation_zh}", markup=False)
            out.print(f"  建议：{f.suggestion_zh}", markup=False)
        out.print(f"共发现 {len(findings)} 处不文明用语（{ARTICLE_ZH}）。")
    return 1 if findings else 0


def _run_evaluate(fmt: str) -> int:
    from zhifa.civility.evaluate import evaluate

    results = [evaluate("dev"), evaluate("heldout")]
    if fmt == "json":
        typer.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
        return 0
    table = Table(title="文明用语检查：留出集评测（未参与训练）")
    for col in (
        "数据",
        "条数",
        "不文明",
        "文明",
        "精确率",
        "召回率",
        "F1",
        "类别正确",
        "文明被误报",
        "仅模型F1",
    ):
        table.add_column(col, justify="right")
    names = {"dev": "dev（语料 1/5，按哈希）", "heldout": "heldout（另写、异风格）"}
    for r in results:
        table.add_row(
            names[r.split],
            str(r.n),
            str(r.n_uncivil),
            str(r.n_civil),
            f"{r.precision:.3f}",
            f"{r.recall:.3f}",
            f"{r.f1:.3f}",
            f"{r.category_accuracy:.1%}",
            f"{r.civil_flagged:.1%}",
            f"{r.model_only_f1:.3f}",
        )
    Console(width=132, highlight=False).print(table)
    return 0


def check_language(
    file: Annotated[str | None, typer.Argument(help=FILE_HELP, show_default=False)] = None,
    fmt: Annotated[
        Literal["text", "json"], typer.Option("--format", help="输出格式：text 或 json")
    ] = "text",
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl", help='每行一个 {"id": …, "text": …}，逐行输出检查结果（JSON Lines）'
        ),
    ] = False,
    evaluate: Annotated[
        bool, typer.Option("--evaluate", help="在留出集上评测检查器（精确率、召回率、F1）")
    ] = False,
) -> None:
    """文明执法用语检查（准则第六条）：侮辱、挑衅、威胁、歧视、敷衍推诿。

    退出码：0 未发现，1 发现不文明用语，2 输入有误。
    """
    if evaluate:
        raise typer.Exit(_run_evaluate(fmt))
    data = _read(file)
    where = "" if file in (None, "-") else str(file)
    code = _run_jsonl(data) if jsonl else _run_text(data, fmt, where)
    raise typer.Exit(code)
