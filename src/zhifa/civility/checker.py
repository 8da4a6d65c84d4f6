"""The civility checker: lexicon and patterns find spans, rules read their context, and the
statistical model confirms ambiguous hits and rescues sentences no entry covers.

For each candidate span the checker asks, in order: is it the officer's own, unquoted
words (speakers, quotation, reported speech)? Is it ordinary vocabulary (垃圾分类)? Is it a
whole word (畜生 in 牲畜生产 is not)? Does it address a person, when the entry needs one? Is
it negated (我们不会为难您)? Is a lawful consequence stated with its basis (依据《…》第…条)?
Does the officer refer the person to the right department or contact route? For ambiguous
wording, does the model agree? Sentences with no candidate at all go to the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from zhifa.civility import classifier, lexicon, segment
from zhifa.civility.classifier import Model, features
from zhifa.civility.lexicon import Entry, Lexicon
from zhifa.civility.model import Category, Finding, Source, Utterance
from zhifa.civility.text import Layout, layout, trim

_NEGATION_WINDOW = 8
_WORD_WINDOW = 5
_FINAL_TAIL = frozenset('了吧啊呀嘛！!。？?…~～ \t\r\n”’」』"')
_MIN_MODEL_CHARS = 3


_CJK = re.compile("[\u4e00-\u9fff]")


def _cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


class Checker:
    """A lexicon plus a model; ``check_text`` and ``check_transcript`` are its two doors."""

    def __init__(self, lex: Lexicon, model: Model | None) -> None:
        self.lex = lex
        self.model = model

    # ------------------------------------------------------------------ public

    def check_text(self, text: str) -> list[Finding]:
        """Findings in a text taken as the officer's words; quoted and reported speech, and
        the words of non-officer speakers in a labelled transcript (当事人： 答：), excluded."""
        return self._check(text, labels=True, utterance=None)

    def check_transcript(self, utterances: Iterable[Utterance]) -> list[Finding]:
        """Findings in the officer's utterances of a transcript; offsets are into each
        utterance's text and ``utterance`` is its index."""
        out: list[Finding] = []
        for i, u in enumerate(utterances):
            if u.by_officer:
                out.extend(self._check(u.text, labels=False, utterance=i))
        return out

    # ------------------------------------------------------------------ the work

    def _check(self, text: str, *, labels: bool, utterance: int | None) -> list[Finding]:
        if not text or text.isspace():
            return []
        lay = layout(text, labels=labels)
        if not any(lay.visible):
            return []
        lex = self.lex
        candidates: list[tuple[int, int, int, Source]] = []
        tried: set[tuple[int, int]] = set()
        for start, end, hits in lex.scan(text):
            for index, is_trigger, _ in hits:
                if not is_trigger:
                    candidates.append((start, end, index, Source.LEXICON))
                    continue
                s, e = lay.sentence_of(start)
                if (index, s) in tried:
                    continue
                tried.add((index, s))
                pattern = lex.entries[index].pattern
                assert pattern is not None
                for m in pattern.finditer(text[s:e]):
                    a, b = trim(text, s + m.start(), s + m.end())
                    if a < b:
                        candidates.append((a, b, index, Source.PATTERN))

        kept: list[tuple[int, int, int, Source]] = []
        touched: set[int] = set()  # sentences whose candidates the rules judged civil
        context: list[tuple[int, int]] | None = None
        referral: bool | None = None
        for start, end, index, source in candidates:
            if not lay.is_visible(start, end):
                continue
            entry = lex.entries[index]
            s, e = lay.sentence_of(start)
            if context is None:
                context = lex.context_spans(text)
            if (
                any(cs <= start and end <= ce for cs, ce in context)
                or (entry.boundary and not self._whole_word(text, start, end, s, e))
                or (entry.target and not self._addresses_person(lay, start, end, s, e))
                or (entry.sentence_final and not self._ends_sentence(text, end, e))
                or (entry.negatable and self._negated(lay, start))
                or (entry.lawful_exempt and lex.lawful.search(text, s, e) is not None)
            ):
                touched.add(s)
                continue
            if entry.referral_exempt:
                if referral is None:
                    referral = lex.referral.search(lay.visible_text(0, len(text))) is not None
                if referral:
                    touched.add(s)
                    continue
            if entry.confirm and not self._confirmed(lay, s, e):
                touched.add(s)
                continue
            kept.append((start, end, index, source))

        findings = [
            self._finding(text, a, b, lex.entries[i], src, utterance)
            for a, b, i, src in _resolve(kept)
        ]
        findings.extend(self._rescue(lay, findings, touched, utterance))
        findings.sort(key=lambda f: (f.start, f.end))
        return findings

    # ------------------------------------------------------------------ rules

    def _whole_word(self, text: str, start: int, end: int, s: int, e: int) -> bool:
        # Segment a few characters either side of the hit, not the whole sentence: the
        # words that could swallow its edges are short, and jieba's cost grows with length.
        a = max(s, start - _WORD_WINDOW)
        b = min(e, end + _WORD_WINDOW)
        cuts = segment.boundaries(text[a:b])
        return (start - a) in cuts and (end - a) in cuts

    def _addresses_person(self, lay: Layout, start: int, end: int, s: int, e: int) -> bool:
        # 其他 ("other") is not 他 ("he").
        before = lay.visible_text(s, start).replace("其他", "其它")
        after = lay.visible_text(end, e).replace("其他", "其它")
        return (
            self.lex.person_re.search(before) is not None
            or self.lex.person_re.search(after) is not None
        )

    @staticmethod
    def _ends_sentence(text: str, end: int, e: int) -> bool:
        return all(c in _FINAL_TAIL for c in text[end:e])

    def _negated(self, lay: Layout, start: int) -> bool:
        text = lay.text
        clause_start, _ = lay.clause_of(start)
        lo = max(clause_start, start - _NEGATION_WINDOW)
        lex = self.lex
        for m in lex.negator.finditer(text, lo, start):
            pos = m.start()
            if any(
                nm.start() <= pos < nm.end()
                for nm in lex.not_negator.finditer(text, max(0, pos - 3), min(len(text), pos + 4))
            ):
                continue
            _, e = lay.sentence_of(start)
            r = lex.rhetorical.search(text, max(clause_start, pos - 2), e)
            if r is not None and r.start() <= pos:
                continue
            return True
        return False

    def _confirmed(self, lay: Layout, s: int, e: int) -> bool:
        if self.model is None:
            return True
        return self.model.uncivil(lay.visible_text(s, e)) >= self.model.confirm_threshold

    # ------------------------------------------------------------------ findings

    def _finding(
        self, text: str, start: int, end: int, entry: Entry, source: Source, utterance: int | None
    ) -> Finding:
        return Finding(
            category=entry.category,
            start=start,
            end=end,
            text=text[start:end],
            explanation_zh=entry.explanation_zh,
            suggestion_zh=entry.suggestion_zh,
            utterance=utterance,
            source=source,
            rule=entry.id,
        )

    def _rescue(
        self, lay: Layout, found: list[Finding], touched: set[int], utterance: int | None
    ) -> list[Finding]:
        """Sentences no entry spoke for, judged by the model; the span is the sentence."""
        model = self.model
        if model is None:
            return []
        text = lay.text
        out: list[Finding] = []
        for s, e in lay.sentences:
            if s in touched or any(f.start < e and s < f.end for f in found):
                continue
            visible = lay.visible_text(s, e)
            if _cjk_count(visible) < _MIN_MODEL_CHARS:
                continue
            feats = features(visible)
            if model.score(feats) < model.threshold:
                continue
            category, _ = model.category_of(feats)
            idx = [i for i in range(s, e) if lay.visible[i]]
            a, b = trim(text, idx[0], idx[-1] + 1)
            if a >= b:
                continue
            info = self.lex.categories[category]
            out.append(
                Finding(
                    category=category,
                    start=a,
                    end=b,
                    text=text[a:b],
                    explanation_zh=f"{info.explanation_zh}（整句经统计模型判断）",
                    suggestion_zh=info.suggestion_zh,
                    utterance=utterance,
                    source=Source.MODEL,
                    rule="model",
                )
            )
        return out


def _resolve(kept: list[tuple[int, int, int, Source]]) -> list[tuple[int, int, int, Source]]:
    """Overlapping hits: the longest wins (a pattern over a term on a tie), then the earliest."""
    order = sorted(kept, key=lambda k: (-(k[1] - k[0]), k[3] is not Source.PATTERN, k[0], k[2]))
    chosen: list[tuple[int, int, int, Source]] = []
    for cand in order:
        if all(cand[1] <= c[0] or c[1] <= cand[0] for c in chosen):
            chosen.append(cand)
    return chosen


@lru_cache(maxsize=1)
def default_checker() -> Checker:
    """The checker with the shipped lexicon and model (loaded once per process)."""
    return Checker(lexicon.load(), classifier.load())


def check_text(text: str) -> list[Finding]:
    """Uncivil language (准则第六条) in an officer's text. See ``Checker.check_text``."""
    return default_checker().check_text(text)


def check_transcript(utterances: Iterable[Utterance | Mapping[str, str]]) -> list[Finding]:
    """Uncivil language in the officer's turns of a transcript. Each utterance is an
    ``Utterance`` or a mapping with ``speaker`` and ``text``."""
    turns = [
        u if isinstance(u, Utterance) else Utterance(str(u["speaker"]), str(u["text"]))
        for u in utterances
    ]
    return default_checker().check_transcript(turns)


__all__ = ["Category", "Checker", "Finding", "Utterance", "check_text", "check_transcript"]
