"""How much a run of characters looks like a Chinese personal name (round 4 of the redactor).

A candidate is a surname (single or compound, from the lexicon) followed by one or two given
characters. Its *likelihood* adds up evidence from the characters themselves:

- the surname: one of the most frequent surnames (``surnames_common``) scores higher than
  another listed one; one that is mostly a function word (``surnames_function_words``: 但, 和)
  and an unlisted character score negative;
- each given character: characters common in given names (``given_name_chars`` in the
  lexicon, written for this project from common knowledge of Chinese naming) score positive,
  characters that are frequent in administrative prose but rare in given names
  (``given_name_unlikely_chars``) score negative, any other character is neutral;
- a common word: a candidate that is an ordinary word (成功, 周末, 王府井) is penalised, and
  less so one that begins with one (黄金凤, 方子轩: real names often do). The words are the
  lexicon's ``common_words`` plus words of jieba's dictionary (jieba 0.42.1, ``jieba/dict.txt``,
  MIT licence; a runtime dependency of the project, read from the installed package — nothing
  of it is copied into this repository): every two-character word, and the three-character
  words that begin with a surname character, with a frequency of at least ``JIEBA_MIN_FREQ``
  (``JIEBA_MIN_FREQ_PLACE`` for place names, tag ns: 莫干山, 武夷山) and a part-of-speech
  tag other than a person-name tag (nr, nrfg, nrt) — or, for a
  two-character word with such a tag, a frequency of at least ``JIEBA_MIN_FREQ_NR`` (jieba tags
  many ordinary words as names: 陈述, 明白, 文明 are "nr").

The same words tell the detector when the character before a candidate belongs to a word
with its surname (及时, 主任) and when a "name" with an unlisted surname after a cue word is an
ordinary word (举报人奖励, 姓名 性别). The detector adds the evidence of the context (what stands
before and after the candidate, whether its line holds a person's number) and accepts a
candidate whose total reaches its threshold.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from zhifa.disclosure.redaction_lexicon import Lexicon

JIEBA_MIN_FREQ = 50
JIEBA_MIN_FREQ_NR = 300
JIEBA_MIN_FREQ_PLACE = 5  # place names (tag ns) are never a person's name: a low bar
_NAME_TAGS = frozenset(("nr", "nrfg", "nrt"))

# Weights of the evidence (log-odds-like points; the detector's threshold is in the same unit).
COMMON_SURNAME = 1.0
LISTED_SURNAME = 0.3
COMPOUND_SURNAME = 1.0
UNLISTED_SURNAME = -2.0
FUNCTION_SURNAME = -1.0  # a listed surname that is mostly a function word (但, 和, 由)
GOOD_GIVEN = 1.2
UNLIKELY_GIVEN = -2.5
COMMON_WORD = -3.0  # the candidate is a common word (成功, 南湖)
COMMON_PREFIX = -1.5  # it begins with one (黄金凤, 方子轩)


def _jieba_dict() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.is_file() else None


@cache
def _jieba_short_words() -> tuple[tuple[str, int, str], ...]:
    """(word, frequency, tag) of every two- and three-character word of jieba's dictionary,
    read once for both word lists below. Empty when jieba is not installed."""
    path = _jieba_dict()
    if path is None:
        return ()
    out: list[tuple[str, int, str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line[2:3] != " " and line[3:4] != " ":
                continue
            parts = line.split()
            if len(parts) >= 3 and parts[1].isdigit() and len(parts[0]) in (2, 3):
                out.append((parts[0], int(parts[1]), parts[2]))
    return tuple(out)


@cache
def jieba_common_words(starts: frozenset[str]) -> frozenset[str]:
    """The common words of jieba's dictionary as described in the module docstring (every
    two-character word; three-character words beginning with one of ``starts``). Empty when
    jieba is not installed."""
    out: set[str] = set()
    for word, freq, tag in _jieba_short_words():
        if len(word) == 3 and word[0] not in starts:
            continue
        if tag in _NAME_TAGS:
            if len(word) != 2 or freq < JIEBA_MIN_FREQ_NR:
                continue
        elif freq < (JIEBA_MIN_FREQ_PLACE if tag == "ns" else JIEBA_MIN_FREQ):
            continue
        out.add(word)
    return frozenset(out)


JIEBA_MIN_FREQ_VERB = 200
_VERB_TAGS = frozenset(("v", "vd", "vn", "d", "p", "c"))


@cache
def jieba_verbs() -> frozenset[str]:
    """Two-character verbs, adverbs, prepositions and conjunctions of jieba's dictionary (tags
    v, vd, vn, d, p, c) with a frequency of at least ``JIEBA_MIN_FREQ_VERB`` (搭乘, 更换, 涉嫌,
    常年, 按照): a word that follows a person far more often than it follows a place or a
    thing (round 5). Empty when jieba is not installed."""
    return frozenset(
        word
        for word, freq, tag in _jieba_short_words()
        if len(word) == 2 and tag in _VERB_TAGS and freq >= JIEBA_MIN_FREQ_VERB
    )


class NameModel:
    """The likelihood that a candidate (surname of ``s`` characters + given name) is a name."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        starts = frozenset(lex.surnames_single) | {w[0] for w in lex.surnames_compound}
        self.common_words = lex.common_words | jieba_common_words(starts)
        self.verbs = jieba_verbs()
        self.char_score: dict[str, float] = {}
        for c in lex.given_name_chars:
            self.char_score[c] = GOOD_GIVEN
        for c in lex.given_name_unlikely_chars:
            self.char_score[c] = UNLIKELY_GIVEN

    def surname_score(self, surname: str) -> float:
        if len(surname) == 2:
            return COMPOUND_SURNAME
        if surname in self.lex.surnames_common:
            return COMMON_SURNAME
        if surname in self.lex.surnames_function_words:
            return FUNCTION_SURNAME
        if surname in self.lex.surnames_single:
            return LISTED_SURNAME
        return UNLISTED_SURNAME

    def common_word_penalty(self, cand: str, s: int) -> float:
        """COMMON_WORD when ``cand`` is a common word (成功), COMMON_PREFIX when it begins with
        one longer than its surname (黄金凤), else 0."""
        words = self.common_words
        if cand in words:
            return COMMON_WORD
        if any(cand[:k] in words for k in range(s + 1, len(cand))):
            return COMMON_PREFIX
        return 0.0

    def likelihood(self, cand: str, s: int) -> float:
        score = self.surname_score(cand[:s])
        get = self.char_score.get
        for c in cand[s:]:
            score += get(c, 0.0)
        return score + self.common_word_penalty(cand, s)
