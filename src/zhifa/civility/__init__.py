"""文明执法用语检查 (《行政执法人员行为准则》第六条): finds insulting, provocative, threatening,
discriminatory and perfunctory language (推诿扯皮 included) in officers' words.

``check_text(text)`` and ``check_transcript(utterances)`` return ``Finding`` values with
character offsets, the category, a Chinese explanation and a 规范用语 suggestion.
"""

from zhifa.civility.checker import Checker, check_text, check_transcript, default_checker
from zhifa.civility.model import ARTICLE, ARTICLE_ZH, Category, Finding, Source, Utterance

__all__ = [
    "ARTICLE",
    "ARTICLE_ZH",
    "Category",
    "Checker",
    "Finding",
    "Source",
    "Utterance",
    "check_text",
    "check_transcript",
    "default_checker",
]
