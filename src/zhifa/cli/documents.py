"""`zhifa check-document` and `zhifa render-document`: 文书要素检查 and PDF output from a file.

Exit codes of ``check-document``: 0 when nothing is found, 1 when findings are printed, 2 when
the input is not a document (unreadable file, bad JSON, wrong shape; printed by ``run()``).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from zhifa.cli.common import err, out
from zhifa.documents.elements import ElementFinding, check_dossier, check_elements
from zhifa.documents.model import content_digest, from_json
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.errors import InvalidInput, Violation


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def read_document_file(path: Path) -> Any:
    """The JSON in ``path``: a document, a list of documents, or {"dossier": [...]}."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"无法读取文件 {path}：{exc.strerror or exc}", f"cannot read {path}: {exc}"
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path} 不是 UTF-8 编码（第 {exc.start + 1} 个字节）",
            f"{path} is not UTF-8 (byte {exc.start})",
        ) from None
    try:
        return parse_json(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}",
            f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            violations=[Violation("", "JSON 格式错误", exc.msg, f"line {exc.lineno}")],
        ) from None


def dossier_of(data: Any) -> list[Any] | None:
    """The documents of a dossier input, or None when the input is one document."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "dossier" in data and "kind" not in data:
        docs = data["dossier"]
        if not isinstance(docs, list):
            raise InvalidInput("dossier 须为文书的列表", "dossier must be a list")
        return docs
    return None


def check_document(
    file: Annotated[
        Path, typer.Argument(help='文书 JSON 文件；JSON 数组（或 {"dossier": [...]}）按案卷检查')
    ],
    output: Annotated[
        OutputFormat, typer.Option("--format", help="输出格式：text 或 json")
    ] = OutputFormat.TEXT,
    in_progress: Annotated[
        bool, typer.Option("--in-progress", help="案卷尚未结案：不要求结案审批表")
    ] = False,
) -> None:
    """检查文书要素是否齐备、表述是否准确（准则第九条）；有问题时退出码为 1。"""
    data = read_document_file(file)
    docs = dossier_of(data)
    if docs is not None:
        findings = check_dossier(docs, for_archive=not in_progress)
        what = f"案卷（{len(docs)} 份文书）"
    else:
        if not isinstance(data, dict):
            raise InvalidInput("文件内容须为文书（JSON 对象）或文书列表", "not a document")
        findings = check_elements(data)
        what = "文书"
    _print(findings, output, what)
    if findings:
        raise typer.Exit(1)


def _print(findings: list[ElementFinding], output: OutputFormat, what: str) -> None:
    if output is OutputFormat.JSON:
        out.print_json(
            json.dumps({"findings": [f.as_dict() for f in findings]}, ensure_ascii=False)
        )
        return
    if not findings:
        out.print(f"{what}要素齐备，未发现问题。")
        return
    out.print(f"{what}发现 {len(findings)} 个问题：")
    for f in findings:
        out.print(f"  {f.describe_zh()}", markup=False)


def render_document(
    file: Annotated[Path, typer.Argument(help="文书 JSON 文件（单份文书）")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 PDF 文件")],
    verify_url: Annotated[
        str | None,
        typer.Option(
            "--verify-url",
            help="二维码指向的核验地址；缺省为 /verify/document/<内容摘要>",
        ),
    ] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="要素不全时仍输出，每页加“草稿 不得送达”水印")
    ] = False,
) -> None:
    """把文书输出为 PDF（含核验二维码）；要素不全的文书须加 --draft。"""
    from zhifa.documents.pdf import render_pdf

    data = read_document_file(file)
    if not isinstance(data, dict) or dossier_of(data) is not None:
        raise InvalidInput("render-document 只接受单份文书（JSON 对象）", "not one document")
    doc = from_json(data)
    findings = check_elements(doc)
    if findings and not draft:
        for f in findings:
            err.print(f"  {f.describe_zh()}", markup=False)
        raise InvalidInput(
            f"文书有 {len(findings)} 个要素问题，不能输出正式文书",
            f"document has {len(findings)} element finding(s)",
            article=9,
            hint_zh="补正后重新输出，或者加 --draft 输出带水印的草稿",
        )
    url = verify_url or f"/verify/document/{content_digest(doc)}"
    pdf = render_pdf(doc, verify_url=url, draft=draft)
    try:
        output.write_bytes(pdf)
    except OSError as exc:
        raise InvalidInput(
            f"无法写入 {output}：{exc.strerror or exc}", f"cannot write {output}: {exc}"
        ) from None
    out.print(f"已输出 {output}（{len(pdf)} 字节{'，草稿' if draft else ''}）；核验地址：{url}")
