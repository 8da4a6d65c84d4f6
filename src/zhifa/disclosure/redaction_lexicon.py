"""The redactor's word lists, read once from ``data/redaction_lexicon.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from zhifa.kernel.errors import InvalidInput, Violation

LEXICON_PATH = Path(__file__).parent / "data" / "redaction_lexicon.yaml"


@dataclass(frozen=True)
class Lexicon:
    """Every list the detector compiles: surnames, cues, organisation endings, address units."""

    surnames_single: frozenset[str]
    surnames_compound: frozenset[str]
    person_cues: tuple[str, ...]
    person_after_cues: tuple[str, ...]
    officer_cues: tuple[str, ...]
    officer_after_cues: tuple[str, ...]
    role_end_chars: str
    person_verbs: tuple[str, ...]
    name_stop_chars: frozenset[str]
    name_soft_stop_chars: frozenset[str]
    name_never_chars: frozenset[str]
    not_name_words: frozenset[str]
    org_suffixes: tuple[str, ...]
    org_left_stops: frozenset[str]
    org_left_stop_words: tuple[str, ...]
    address_private_cues: tuple[str, ...]
    address_subject_cues: tuple[str, ...]
    address_public_cues: tuple[str, ...]
    address_anchor_chars: str
    address_units: tuple[str, ...]
    org_subject_cues: tuple[str, ...]
    natural_subject_cues: tuple[str, ...]
    id_cues: tuple[str, ...]
    phone_cues: tuple[str, ...]
    bank_cues: tuple[str, ...]
    passport_cues: tuple[str, ...]
    public_number_cues: tuple[str, ...]
    plate_provinces: str
    plate_suffixes: str
    # Round 4: the name-likelihood score (redaction_names.py) and the context around a name.
    surnames_common: frozenset[str] = frozenset()
    surnames_function_words: frozenset[str] = frozenset()
    given_name_chars: frozenset[str] = frozenset()
    given_name_unlikely_chars: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    name_left_words: tuple[str, ...] = ()
    name_right_words: tuple[str, ...] = ()
    name_right_weak_words: tuple[str, ...] = ()
    name_titles: tuple[str, ...] = ()
    officer_label_cues: tuple[str, ...] = ()
    officer_label_morphemes: tuple[str, ...] = ()
    official_titles: tuple[str, ...] = ()
    place_end_chars: frozenset[str] = frozenset()
    minority_name_parts: tuple[str, ...] = ()
    latin_not_names: frozenset[str] = frozenset()


def _chars(raw: Any) -> str:
    return "".join(str(raw).split()) if raw is not None else ""


def _words(raw: Any, key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w for w in raw):
        raise InvalidInput(
            "脱敏词表格式有误",
            f"redaction lexicon: {key} must be a list of non-empty strings",
            violations=[Violation(key, "应为非空字符串列表", "must be a list of strings", key)],
        )
    # Longest first, so that a regex alternation prefers 法定代表人 over 代表人.
    return tuple(sorted(set(raw), key=lambda w: (-len(w), w)))


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a lexicon from the YAML mapping (exposed for tests)."""
    word_keys = [
        "person_cues",
        "person_after_cues",
        "officer_cues",
        "officer_after_cues",
        "org_suffixes",
        "org_left_stop_words",
        "address_private_cues",
        "address_subject_cues",
        "address_public_cues",
        "address_units",
        "org_subject_cues",
        "natural_subject_cues",
        "id_cues",
        "phone_cues",
        "bank_cues",
        "passport_cues",
        "public_number_cues",
    ]
    missing = [k for k in [*word_keys, "surnames_single", "plate_provinces"] if k not in data]
    if missing:
        raise InvalidInput(
            "脱敏词表缺少必需的条目",
            f"redaction lexicon lacks {missing}",
            violations=[Violation(k, "缺少该条目", "missing", str(LEXICON_PATH)) for k in missing],
        )
    words = {k: _words(data[k], k) for k in word_keys}
    left_stops = set(_chars(data.get("org_left_stops"))) | {" ", "\t", "\r", "\n"}
    stop_chars = set(_chars(data.get("name_stop_chars"))) | {" ", "\t", "\r", "\n"}
    return Lexicon(
        surnames_single=frozenset(_chars(data["surnames_single"])),
        surnames_compound=frozenset(_words(data.get("surnames_compound", []), "surnames_compound")),
        name_stop_chars=frozenset(stop_chars),
        role_end_chars=_chars(data.get("role_end_chars")),
        person_verbs=_words(data.get("person_verbs", ["称"]), "person_verbs"),
        name_soft_stop_chars=frozenset(_chars(data.get("name_soft_stop_chars"))),
        name_never_chars=frozenset(_chars(data.get("name_never_chars"))),
        not_name_words=frozenset(_words(data.get("not_name_words", []), "not_name_words")),
        org_left_stops=frozenset(left_stops),
        address_anchor_chars=_chars(data.get("address_anchor_chars")),
        plate_provinces=_chars(data["plate_provinces"]),
        plate_suffixes=_chars(data.get("plate_suffixes")),
        person_cues=words["person_cues"],
        person_after_cues=words["person_after_cues"],
        officer_cues=words["officer_cues"],
        officer_after_cues=words["officer_after_cues"],
        org_suffixes=words["org_suffixes"],
        org_left_stop_words=words["org_left_stop_words"],
        address_private_cues=words["address_private_cues"],
        address_subject_cues=words["address_subject_cues"],
        address_public_cues=words["address_public_cues"],
        address_units=words["address_units"],
        org_subject_cues=words["org_subject_cues"],
        natural_subject_cues=words["natural_subject_cues"],
        id_cues=words["id_cues"],
        phone_cues=words["phone_cues"],
        bank_cues=words["bank_cues"],
        passport_cues=words["passport_cues"],
        public_number_cues=words["public_number_cues"],
        surnames_common=frozenset(_chars(data.get("surnames_common"))),
        surnames_function_words=frozenset(_chars(data.get("surnames_function_words"))),
        given_name_chars=frozenset(_chars(data.get("given_name_chars"))),
        given_name_unlikely_chars=frozenset(_chars(data.get("given_name_unlikely_chars"))),
        common_words=frozenset(_words(data.get("common_words", ["黄金"]), "common_words")),
        name_left_words=_words(data.get("name_left_words", ["向"]), "name_left_words"),
        name_right_words=_words(data.get("name_right_words", ["称"]), "name_right_words"),
        name_right_weak_words=_words(
            data.get("name_right_weak_words", ["的"]), "name_right_weak_words"
        ),
        name_titles=_words(data.get("name_titles", ["先生"]), "name_titles"),
        officer_label_cues=_words(data.get("officer_label_cues", ["审批"]), "officer_label_cues"),
        officer_label_morphemes=_words(
            data.get("officer_label_morphemes", ["执法"]), "officer_label_morphemes"
        ),
        official_titles=_words(data.get("official_titles", ["局长"]), "official_titles"),
        place_end_chars=frozenset(_chars(data.get("place_end_chars"))),
        minority_name_parts=_words(
            data.get("minority_name_parts", ["扎西"]), "minority_name_parts"
        ),
        latin_not_names=frozenset(_words(data.get("latin_not_names", ["LTD"]), "latin_not_names")),
    )


@cache
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """The shipped lexicon (cached for the process)."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise InvalidInput("脱敏词表格式有误", f"{path}: not a mapping")
    return parse_lexicon(data)
