"""Staff API for 行政执法公示: redact a decision text before it is published (准则第十条).

The text is read with a byte cap before it is parsed, redacted in a worker thread, and never
logged: refusals name the field and the rule, never the content.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from zhifa.access.model import Principal
from zhifa.disclosure.redact import KINDS, MAX_TEXT_CHARS, redact
from zhifa.kernel.errors import InvalidInput, Violation
from zhifa.web.auth import Allow

router = APIRouter(tags=["行政执法公示（工作人员）"])

Redactor = Annotated[Principal, Depends(Allow("disclosure.redact"))]

# JSON may escape each character as \uXXXX (6 bytes, 12 for a surrogate pair): the byte cap
# admits any text within the character limit, and nothing much larger.
MAX_BODY_BYTES = MAX_TEXT_CHARS * 12 + 4096

_REQUEST_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["text"],
                    "properties": {
                        "text": {
                            "type": "string",
                            "maxLength": MAX_TEXT_CHARS,
                            "description": "待脱敏的文书文本",
                        }
                    },
                }
            }
        },
    },
    "responses": {
        "200": {
            "description": "脱敏后的文本与被遮盖的位置（相对原文的字符偏移）",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "redacted": {"type": "string"},
                            "spans": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "start": {"type": "integer"},
                                        "end": {"type": "integer"},
                                        "kind": {"type": "string", "enum": list(KINDS)},
                                    },
                                },
                            },
                        },
                    }
                }
            },
        }
    },
}


def _bad(reason_zh: str, reason_en: str, field: str = "text") -> InvalidInput:
    return InvalidInput(
        f"请求有误：{reason_zh}",
        f"redact request refused: {reason_en}",
        violations=[Violation(field, reason_zh, reason_en, "请求体")],
    )


async def _read_text(request: Request) -> str:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_long()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _too_long()
        chunks.append(chunk)
    raw = b"".join(chunks)
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _bad("请求体不是有效的 UTF-8", "body is not UTF-8", "请求体") from None
    except json.JSONDecodeError as exc:
        raise _bad(
            f"请求体不是有效的 JSON（第 {exc.pos + 1} 个字符附近）", "body is not JSON", "请求体"
        ) from None
    if not isinstance(body, dict):
        raise _bad('请求体应为 JSON 对象 {"text": "…"}', "body is not an object", "请求体")
    text = body.get("text")
    if text is None:
        raise _bad("缺少 text 字段", "text missing")
    if not isinstance(text, str):
        raise _bad("text 应为字符串", "text is not a string")
    return text


def _too_long() -> InvalidInput:
    return InvalidInput(
        f"文本过长：一次最多脱敏 {MAX_TEXT_CHARS} 个字符",
        f"redact request over {MAX_BODY_BYTES} bytes",
        hint_zh="请分段提交。",
        violations=[
            Violation("text", f"超过 {MAX_TEXT_CHARS} 个字符", "too long", "请求体"),
        ],
    )


@router.post(
    "/api/disclosure/redact",
    summary="文书脱敏：遮盖自然人姓名、身份证号、电话、详细住址、银行账号、车牌、邮箱、护照号",
    openapi_extra=_REQUEST_SCHEMA,
)
async def redact_text(request: Request, principal: Redactor) -> dict[str, Any]:
    text = await _read_text(request)
    result = await run_in_threadpool(redact, text)
    return {"redacted": result.redacted, "spans": [s.as_dict() for s in result.spans]}
