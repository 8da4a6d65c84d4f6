"""The curated lexicon and patterns (``data/lexicon.yaml``), compiled for matching.

Terms and pattern triggers go into one Aho-Corasick automaton (pyahocorasick), so a text is
scanned once whatever the size of the lexicon; a pattern's regular expression runs only in
a sentence where one of its triggers occurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import ahocorasick
import yaml

from zhifa.civility.model import Category
from zhifa.kernel.errors import InvalidInput, Violation

LEXICON_FILE = "data/lexicon.yaml"


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: literal terms or a pattern, with what it means and what to say instead."""

    id: str
    category: Category
    explanation_zh: str
    suggestion_zh: str
    terms: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    triggers: tuple[str, ...] = ()
    boundary: bool = False
    target: bool = False
    negatable: bool = True
    lawful_exempt: bool = False
    referral_exempt: bool = False
    confirm: bool = False
    sentence_final: bool = False
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class CategoryInfo:
    label_zh: str
    explanation_zh: str
    suggestion_zh: str


# Automaton payload: (entry index, is_trigger, key length).
Hit = tuple[int, bool, int]


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    categories: Mapping[Category, CategoryInfo]
    person: tuple[str, ...]
    context: tuple[str, ...]
    negator: re.Pattern[str]
    not_negator: re.Pattern[str]
    rhetorical: re.Pattern[str]
    lawful: re.Pattern[str]
    referral: re.Pattern[str]
    person_re: re.Pattern[str]
    automaton: Any  # ahocorasick.Automaton: key -> list[Hit]
    context_automaton: Any

    def scan(self, text: str) -> Iterator[tuple[int, int, list[Hit]]]:
        """Every (start, end, hits) occurrence of a term or trigger in ``text``."""
        for end_index, (length, hits) in self.automaton.iter(text):
            end = end_index + 1
            yield end - length, end, hits

    def context_spans(self, text: str) -> list[tuple[int, int]]:
        return [(e + 1 - n, e + 1) for e, n in self.context_automaton.iter(text)]


def _fail(reason_zh: str, reason_en: str, where: str) -> InvalidInput:
    return InvalidInput(
        "文明用语词表有误",
        "civility lexicon is invalid",
        violations=[Violation("lexicon", reason_zh, reason_en, where)],
    )


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def parse(data: Mapping[str, Any]) -> Lexicon:
    """Build a lexicon from its YAML document; every entry is checked."""
    cats: dict[Category, CategoryInfo] = {}
    for key, info in data["categories"].items():
        cats[Category(key)] = CategoryInfo(
            info["label_zh"], info["explanation_zh"], info["suggestion_zh"]
        )
    if set(cats) != set(Category):
        raise _fail("类别不全", "every category needs an entry", "categories")
    sets: dict[str, list[str]] = {k: list(v) for k, v in data.get("sets", {}).items()}
    group_alt = _alternation(sets.get("group", []))
    entries: list[Entry] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["entries"]):
        where = f"entries[{i}] {raw.get('id', '')}"
        eid = str(raw.get("id", ""))
        if not eid or eid in seen:
            raise _fail("条目缺少编号或编号重复", "missing or duplicate id", where)
        seen.add(eid)
        try:
            category = Category(raw["category"])
        except (KeyError, ValueError):
            raise _fail("类别无效", "unknown category", where) from None
        pattern = None
        triggers: tuple[str, ...] = ()
        if "pattern" in raw:
            source = str(raw["pattern"]).replace("{group}", group_alt)
            try:
                pattern = re.compile(source)
            except re.error as exc:
                raise _fail(f"正则表达式错误：{exc}", f"bad pattern: {exc}", where) from None
            trig = raw.get("triggers")
            triggers = tuple(sets["group"]) if trig == "{group}" else tuple(trig or ())
            if not triggers:
                raise _fail("句式须列出触发词", "a pattern needs triggers", where)
        terms = tuple(str(t) for t in raw.get("terms", ()))
        if not terms and pattern is None:
            raise _fail("条目须有词语或句式", "an entry needs terms or a pattern", where)
        if not raw.get("explanation_zh") or not raw.get("suggestion_zh"):
            raise _fail("条目须有说明和规范用语建议", "explanation and suggestion needed", where)
        entries.append(
            Entry(
                id=eid,
                category=category,
                explanation_zh=str(raw["explanation_zh"]),
                suggestion_zh=str(raw["suggestion_zh"]),
                terms=terms,
                pattern=pattern,
                triggers=triggers,
                boundary=bool(raw.get("boundary", False)),
                target=bool(raw.get("target", False)),
                negatable=bool(raw.get("negatable", True)),
                lawful_exempt=bool(raw.get("lawful_exempt", False)),
                referral_exempt=bool(raw.get("referral_exempt", False)),
                confirm=bool(raw.get("confirm", False)),
                sentence_final=bool(raw.get("sentence_final", False)),
                examples=tuple(str(x) for x in raw.get("examples", ())),
            )
        )

    keys: dict[str, list[Hit]] = {}
    for index, entry in enumerate(entries):
        for term in entry.terms:
            keys.setdefault(term, []).append((index, False, len(term)))
        for trig in entry.triggers:
            keys.setdefault(trig, []).append((index, True, len(trig)))
    automaton = ahocorasick.Automaton()
    for key, hits in keys.items():
        automaton.add_word(key, (len(key), hits))
    automaton.make_automaton()

    context = tuple(str(c) for c in data.get("context", ()))
    context_automaton = ahocorasick.Automaton()
    for word in context:
        context_automaton.add_word(word, len(word))
    context_automaton.make_automaton()

    person = tuple(sets.get("person", ()))
    return Lexicon(
        entries=tuple(entries),
        categories=cats,
        person=person,
        context=context,
        negator=re.compile(_alternation([str(x) for x in data["negators"]])),
        not_negator=re.compile(_alternation([str(x) for x in data["not_negators"]])),
        rhetorical=re.compile("|".join(f"(?:{p})" for p in data["rhetorical"])),
        lawful=re.compile("|".join(f"(?:{p})" for p in data["lawful_markers"])),
        referral=re.compile("|".join(f"(?:{p})" for p in data["referral_markers"])),
        person_re=re.compile(_alternation(list(person))),
        automaton=automaton,
        context_automaton=context_automaton,
    )


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The lexicon shipped with zhifa."""
    text = resources.files("zhifa.civility").joinpath(LEXICON_FILE).read_text("utf-8")
    return parse(yaml.safe_load(text))
