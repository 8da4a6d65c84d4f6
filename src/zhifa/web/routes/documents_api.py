"""Staff API for 文书要素检查 (准则第九条): check a document before it is issued, or a 案卷.

The body is read with a byte cap and parsed with floats refused (money is integer 分); the
check runs in a worker thread. A document holds the party's personal data: nothing of it is
logged, and findings name paths and provisions, not values.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from zhifa.access.model import Principal
from zhifa.documents.elements import check_dossier, check_elements
from zhifa.documents.model import DocumentKind
from zhifa.kernel.canonical import parse_json
from zhifa.kernel.errors import InvalidInput, Violation
from zhifa.web.auth import Allow

router = APIRouter(tags=["执法文书（工作人员）"])

Checker = Annotated[Principal, Depends(Allow("document.check"))]

MAX_BODY_BYTES = 4 * 1024 * 1024

_FINDING_SCHEMA = {
    "type": "object",
    "properties": {
        "path": {
            "type": "string",
            "description": "字段路径，如 party.name、penalties[0].amount_fen",
        },
        "message": {"type": "string", "description": "问题说明（中文）"},
        "basis": {"type": "string", "description": "所依据的法律条文"},
        "rule": {"type": "string"},
        "document": {"type": ["integer", "null"], "description": "在案卷中的序号（从 0 起）"},
        "document_kind": {"type": "string"},
        "document_number": {"type": "string"},
        "article": {"type": "integer", "description": "《行政执法人员行为准则》条序（第九条）"},
    },
}

_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["kind"],
                            "properties": {
                                "kind": {"type": "string", "enum": [k.value for k in DocumentKind]}
                            },
                            "description": "一份文书（见 docs/documents.md）",
                        },
                        {
                            "type": "object",
                            "required": ["dossier"],
                            "properties": {
                                "dossier": {"type": "array", "items": {"type": "object"}},
                                "for_archive": {"type": "boolean", "default": True},
                            },
                            "description": "一个案卷（文书列表）",
                        },
                    ]
                }
            }
        },
    },
    "responses": {
        "200": {
            "description": "检查结果：findings 为空表示要素齐备",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "ok": {"type": "boolean"},
                            "count": {"type": "integer"},
                            "findings": {"type": "array", "items": _FINDING_SCHEMA},
                        },
                    }
                }
            },
        }
    },
}


def _bad(reason_zh: str, reason_en: str) -> InvalidInput:
    return InvalidInput(
        f"请求有误：{reason_zh}",
        f"document check refused: {reason_en}",
        violations=[Violation("", reason_zh, reason_en, "请求体")],
    )


async def _payload(request: Request) -> Any:
    size = 0
    chunks: list[bytes] = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _bad(f"请求体超过 {MAX_BODY_BYTES // 1024 // 1024} MB", "body too large")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        raise _bad('请求体为空：须为一份文书或 {"dossier": [...]}', "empty body")
    try:
        return parse_json(raw)
    except UnicodeDecodeError:
        raise _bad("请求体不是 UTF-8 编码", "body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise _bad(
            f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）", f"invalid JSON: {exc.msg}"
        ) from None


def _check(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict) and "dossier" in data and "kind" not in data:
        docs = data["dossier"]
        if not isinstance(docs, list):
            raise _bad("dossier 须为文书的列表", "dossier is not a list")
        for_archive = data.get("for_archive", True)
        if not isinstance(for_archive, bool):
            raise _bad("for_archive 须为 true 或 false", "for_archive is not a boolean")
        findings = check_dossier(docs, for_archive=for_archive)
    elif isinstance(data, dict):
        findings = check_elements(data)
    else:
        raise _bad('须为一份文书（JSON 对象）或 {"dossier": [...]}', "not an object")
    return [f.as_dict() for f in findings]


@router.post(
    "/api/documents/check",
    summary="检查文书要素（准则第九条）",
    openapi_extra=_OPENAPI,
)
async def check_documents(request: Request, principal: Checker) -> dict[str, Any]:
    """一份文书或一个案卷的要素检查：缺少的要素、不准确的表述，各附所依据的条文。"""
    data = await _payload(request)
    findings = await run_in_threadpool(_check, data)
    return {"ok": not findings, "count": len(findings), "findings": findings}
