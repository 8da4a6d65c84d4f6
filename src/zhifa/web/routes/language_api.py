"""Staff API for 文明执法用语检查 (准则第六条): the officer sees findings before saving.

``POST /api/language/check`` takes either ``{"text": …}`` (the officer's own words;
quotations and labelled speakers' turns excluded) or ``{"transcript": [{"speaker", "text"}]}``
(only the officer's turns are checked). Nothing is stored and the words are never logged:
a transcript holds what parties said.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from zhifa.access.model import Principal
from zhifa.civility import ARTICLE, ARTICLE_ZH, Utterance, check_text, check_transcript
from zhifa.kernel.errors import InvalidInput, Violation
from zhifa.web.auth import Allow

router = APIRouter(tags=["文明执法用语检查（工作人员）"])

Check = Annotated[Principal, Depends(Allow("language.check"))]

MAX_TEXT = 20_000
MAX_TURNS = 2_000


class TurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: str = Field(
        min_length=1,
        max_length=40,
        description="说话人：officer / 执法人员 / 问 为执法人员，其余（party、当事人、答 …）不检查",
    )
    text: str = Field(max_length=MAX_TEXT, description="该段话的文字")


class LanguageCheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(
        default=None, max_length=MAX_TEXT, description="执法人员的话（引号内的转述不算）"
    )
    transcript: list[TurnIn] | None = Field(
        default=None, max_length=MAX_TURNS, description="笔录：按顺序的说话人与文字"
    )


def _invalid(field: str, reason_zh: str, reason_en: str) -> InvalidInput:
    return InvalidInput(
        "文明用语检查的输入有误",
        f"language check: {reason_en}",
        violations=[Violation(field, reason_zh, reason_en)],
    )


@router.post(
    "/api/language/check",
    summary="文明执法用语检查（准则第六条）：侮辱、挑衅、威胁、歧视、敷衍推诿",
)
def check_language(principal: Check, body: LanguageCheckRequest) -> dict[str, Any]:
    if (body.text is None) == (body.transcript is None):
        raise _invalid(
            "text", "请提供 text 或 transcript 其中之一", "give exactly one of text, transcript"
        )
    if body.text is not None:
        if not body.text.strip():
            raise _invalid("text", "文本为空", "text is empty")
        findings = check_text(body.text)
    else:
        turns = body.transcript or []
        if not turns or all(not t.text.strip() for t in turns):
            raise _invalid("transcript", "笔录为空", "transcript is empty")
        findings = check_transcript(Utterance(t.speaker, t.text) for t in turns)
    return {
        "article": ARTICLE,
        "article_zh": ARTICLE_ZH,
        "count": len(findings),
        "findings": [f.as_dict() for f in findings],
    }
