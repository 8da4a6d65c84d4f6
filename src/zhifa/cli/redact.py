"""`zhifa redact [FILE|-] [--jsonl]`: mask personal information in decision texts (准则第十条).

Plain mode prints the redacted text. ``--jsonl`` reads lines ``{"id": …, "text": …}`` and
writes lines ``{"id": …, "redacted": …, "spans": [{"start", "end", "kind"}]}`` with
character offsets into the original text. A bad line (not UTF-8, not JSON, no text) is
reported with its line number; the other lines are still processed, and the command exits 2.
The texts themselves are never logged or echoed in error messages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from zhifa.kernel.errors import InvalidInput, Violation

Source = Annotated[str, typer.Argument(help="输入文件；“-”或省略表示标准输入", show_default=False)]


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"无法读取输入文件：{source}",
            f"cannot read {source}: {exc.strerror or exc}",
            violations=[Violation("FILE", "文件不存在或不可读", "missing or unreadable", source)],
        ) from None


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{where}不是有效的 UTF-8 文本（第 {exc.start + 1} 个字节处）",
            f"{where}: not UTF-8 at byte {exc.start + 1}",
            violations=[
                Violation("编码", f"第 {exc.start + 1} 个字节不是有效的 UTF-8", "not UTF-8", where)
            ],
        ) from None


def _chunks(text: str, limit: int) -> list[str]:
    """Whole lines, at most ``limit`` characters each (a longer single line is cut)."""
    if len(text) <= limit:
        return [text]
    out: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            if current:
                out.append(current)
                current = ""
            out.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            out.append(current)
            current = ""
        current += line
    if current:
        out.append(current)
    return out


def _jsonl(data: bytes, stdout: Any) -> list[Violation]:
    from zhifa.disclosure.redact import MAX_TEXT_CHARS, redact

    problems: list[Violation] = []
    for n, raw in enumerate(data.split(b"\n"), start=1):
        where = f"第 {n} 行"
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Violation(
                    "编码",
                    f"第 {exc.start + 1} 个字节不是有效的 UTF-8",
                    f"line {n}: not UTF-8 at byte {exc.start + 1}",
                    where,
                )
            )
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                Violation(
                    "JSON",
                    f"不是有效的 JSON（第 {exc.colno} 列附近）",
                    f"line {n}: bad JSON at column {exc.colno}: {exc.msg}",
                    where,
                )
            )
            continue
        if not isinstance(record, dict):
            problems.append(Violation("JSON", "应为 JSON 对象", f"line {n}: not an object", where))
            continue
        text = record.get("text")
        if not isinstance(text, str):
            reason = "缺少 text 字段" if text is None else "text 字段应为字符串"
            problems.append(
                Violation("text", reason, f"line {n}: text missing or not a string", where)
            )
            continue
        if len(text) > MAX_TEXT_CHARS:
            problems.append(
                Violation(
                    "text",
                    f"文本过长（{len(text)} 个字符，上限 {MAX_TEXT_CHARS}）",
                    f"line {n}: text over {MAX_TEXT_CHARS} characters",
                    where,
                )
            )
            continue
        result = redact(text)
        out = {
            "id": record.get("id"),
            "redacted": result.redacted,
            "spans": [s.as_dict() for s in result.spans],
        }
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return problems


def redact_command(
    source: Source = "-",
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='逐行读取 {"id": …, "text": …}，逐行输出脱敏结果与位置')
    ] = False,
) -> None:
    """对行政执法决定文书进行个人信息脱敏（姓名、身份证号、电话、详细住址、银行账号、车牌、邮箱、护照号）。"""
    from zhifa.disclosure.redact import MAX_TEXT_CHARS, redact

    data = _read(source)
    where = "标准输入" if source == "-" else source
    stdout: TextIO = sys.stdout
    if jsonl:
        problems = _jsonl(data, stdout)
        stdout.flush()
        if problems:
            raise InvalidInput(
                f"{len(problems)} 行输入有误，已跳过；其余各行已处理",
                f"{len(problems)} bad input line(s) skipped",
                violations=problems,
            )
        return
    text = _decode(data, where)
    for chunk in _chunks(text, MAX_TEXT_CHARS):
        stdout.write(redact(chunk).redacted)
    stdout.flush()
