"""Civility findings as plain values: the five categories of 准则第六条, a finding, an utterance.

《行政执法人员行为准则》第六条 requires civil enforcement: officers must not use insulting,
provocative, threatening, discriminatory or perfunctory language (侮辱性、挑衅性、威胁性、
歧视性、敷衍性语言), nor pass the buck (推诿扯皮, counted here as perfunctory).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

ARTICLE = 6
ARTICLE_ZH = "《行政执法人员行为准则》第六条"


class Category(StrEnum):
    """The five kinds of uncivil language the 准则 names."""

    INSULTING = "insulting"
    PROVOCATIVE = "provocative"
    THREATENING = "threatening"
    DISCRIMINATORY = "discriminatory"
    PERFUNCTORY = "perfunctory"

    @property
    def label_zh(self) -> str:
        return _CATEGORY_ZH[self]


_CATEGORY_ZH = {
    Category.INSULTING: "侮辱性语言",
    Category.PROVOCATIVE: "挑衅性语言",
    Category.THREATENING: "威胁性语言",
    Category.DISCRIMINATORY: "歧视性语言",
    Category.PERFUNCTORY: "敷衍性语言（含推诿扯皮）",
}


class Source(StrEnum):
    """What found a span: a lexicon term, a pattern, or the statistical model on a sentence."""

    LEXICON = "lexicon"
    PATTERN = "pattern"
    MODEL = "model"


@dataclass(frozen=True)
class Finding:
    """One span of uncivil language in an officer's words.

    ``start``/``end`` are character offsets into the text that was checked (for a
    transcript, into utterance ``utterance``'s text), so ``text[start:end] == finding.text``.
    """

    category: Category
    start: int
    end: int
    text: str
    explanation_zh: str
    suggestion_zh: str
    utterance: int | None = None
    source: Source = Source.LEXICON
    rule: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "category": self.category.value,
            "category_zh": self.category.label_zh,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "explanation": self.explanation_zh,
            "suggestion": self.suggestion_zh,
            "source": self.source.value,
            "rule": self.rule,
        }
        if self.utterance is not None:
            out["utterance"] = self.utterance
        return out


# Speakers whose words are the officer's own. Anything else (当事人, 答, 证人 …) is not checked.
OFFICER_SPEAKERS = frozenset(
    {
        "officer",
        "执法人员",
        "执法队员",
        "执法员",
        "执法者",
        "询问人",
        "检查人",
        "调查人",
        "调查人员",
        "办案人员",
        "承办人",
        "记录人",
        "稽查人员",
        "监管人员",
        "工作人员",
        "民警",
        "警察",
        "城管",
        "城管队员",
        "队员",
        "问",
    }
)
PARTY_SPEAKERS = frozenset(
    {
        "party",
        "当事人",
        "被询问人",
        "被检查人",
        "被调查人",
        "答",
        "经营者",
        "负责人",
        "现场负责人",
        "店主",
        "老板",
        "摊主",
        "驾驶员",
        "司机",
        "群众",
        "投诉人",
        "举报人",
        "证人",
        "见证人",
        "旁观者",
        "委托代理人",
        "代理人",
        "家属",
        "村民",
        "业主",
        "商户",
        "路人",
        "witness",
        "other",
    }
)


def is_officer_speaker(speaker: str) -> bool:
    """Whether an utterance's speaker is the officer (``officer``, ``执法人员``, ``问`` …)."""
    name = speaker.strip().lower()
    if name in OFFICER_SPEAKERS:
        return True
    # "执法人员甲", "执法人员（张三）", "询问人李某": a known label followed by a name.
    return any(name.startswith(label) for label in OFFICER_SPEAKERS if len(label) > 1)


@dataclass(frozen=True)
class Utterance:
    """One turn of a transcript (笔录): who spoke and what they said."""

    speaker: str
    text: str

    @property
    def by_officer(self) -> bool:
        return is_officer_speaker(self.speaker)
