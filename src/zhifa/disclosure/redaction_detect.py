"""The detector behind ``redact``: finds personal data and the public items that must stay.

Every pattern is compiled once from the lexicon (``data/redaction_lexicon.yaml``). The
detector works on a copy of the text in which full-width digits, letters and spaces are
replaced one for one by their ASCII forms, so offsets stay those of the original text.

Order of work: public items first (统一社会信用代码, officers' credential numbers, document
numbers, legal citations, amounts, organisation names); then numbers with checksums or
context (ID numbers, phones, bank accounts, plates, e-mail, passports); then officers' names
(public) and persons' names (cue words, the words after a name, propagation to every other
mention); last the detailed part of addresses, by whose address it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from stdnum.cn import ric, uscc

from zhifa.disclosure.redaction_lexicon import Lexicon, load_lexicon

# Full-width forms of ASCII digits, letters, punctuation and the ideographic space, mapped one
# character to one character (offsets are kept).
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# … except the full-width punctuation Chinese text uses as such: keep it (the patterns expect it).
for _keep in "（），：；！？":
    _FULLWIDTH.pop(ord(_keep), None)

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
NUMERAL_ZH = "一二三四五六七八九十百零〇两"
DOT = "·•・"
# Province-level codes of GB/T 2260 (first two digits of an ID number), plus 99, the code the
# demonstration jurisdiction uses.
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "99",
    ]
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected item: personal (a ``Kind``) or public (``public:…``)."""

    start: int
    end: int
    kind: str
    surname_len: int = 0  # person names: characters of the surname that stay

    @property
    def public(self) -> bool:
        return self.kind.startswith("public:")


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest word first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        born = date(y, m, d)
    except ValueError:
        return False
    return date(1880, 1, 1) <= born <= date(2099, 12, 31)


def id18_ok(digits: str) -> bool:
    """An 18-character 身份证号 (GB 11643): birth date valid and check character right."""
    if digits[:2] not in PROVINCE_CODES:
        return False
    if not _valid_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])):
        return False
    return str(ric.calc_check_digit(digits)) == digits[17].upper()


def id15_ok(digits: str) -> bool:
    """A 15-digit 身份证号 (before 1999): region prefix and birth date (19yy) valid."""
    if digits[:2] not in PROVINCE_CODES:
        return False
    return _valid_date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))


class Detector:
    """Compiled patterns for one lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        units = _alt(lex.address_units)
        anchors = re.escape(lex.address_anchor_chars)
        num = rf"(?:\d+(?:[-—－]\d+)*[A-Za-z]?|[A-Za-z]\d*|[{NUMERAL_ZH}]{{1,5}})"
        token = rf"(?:{num}(?:{units})|\d+(?:[-—－]\d+){{1,3}}(?![\d]))"
        # Inside a detail, place names may sit between numbers (588号西溪花园12幢, 67号附2号).
        inner = rf"[{CJK}]{{1,10}}?"
        tail = rf"(?:[（(]?{inner}[)）]?{token}|{token}|\d+(?![\d{CJK}A-Za-z]))*"
        # A named 村民小组 right after the village (金山村东金组58号) belongs to the detail.
        self.address_re = re.compile(
            rf"[{anchors}]({token}{tail})|村([{CJK}]{{1,4}}?组{token}{tail})"
        )
        self.named_group_re = re.compile(rf"^[{CJK}]{{1,4}}?组(?=[0-9{NUMERAL_ZH}])")
        self.address_num_re = re.compile(
            rf"\d+(?:[-—－]\d+)*[A-Za-z]?(?=[^\d]|$)|[A-Za-z]\d*(?={units}|\d|$)|[{NUMERAL_ZH}]{{1,5}}(?={units})"
        )
        self.address_cue_re = re.compile(
            _alt(lex.address_private_cues + lex.address_subject_cues + lex.address_public_cues)
        )
        self.address_cue_class = (
            dict.fromkeys(lex.address_subject_cues, "subject")
            | dict.fromkeys(lex.address_public_cues, "public")
            | dict.fromkeys(lex.address_private_cues, "private")
        )

        # ---- numbers
        self.id18_re = re.compile(
            r"([1-9](?<![0-9A-Za-z][1-9])\d{5})[ -]?((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
            r"[ -]?(\d{3}[0-9Xx])(?![0-9A-Za-z])"
        )
        self.id15_re = re.compile(
            r"[1-9](?<![0-9A-Za-z][1-9])\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])"
        )
        self.id_cued_re = re.compile(r"\d(?<![0-9A-Za-z]\d)(?:\d{16}[0-9Xx]|\d{14})(?![0-9A-Za-z])")
        self.mobile_re = re.compile(
            r"(?:\+86[ -]?|0086[ -]?|86[ -]?|[（(]\+?86[)）] ?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])"
        )
        self.landline_re = re.compile(
            r"(?:[（(]0\d{2,3}[)）] ?|0(?<![0-9A-Za-z]0)\d{2,3}[ \-－—]?)[2-9]\d{2,3}[ -]?\d{4}"
            r"(?: ?(?:转|-|－|ext\.?|分机) ?\d{1,6})?(?![0-9])"
        )
        self.local_phone_re = re.compile(r"[2-9](?<![0-9A-Za-z\-][2-9])\d{2,3}[ -]?\d{4}(?![0-9])")
        self.bank_re = re.compile(r"\d(?<![0-9A-Za-z]\d)(?:[ -]?\d){11,24}(?![0-9A-Za-z])")
        prov = re.escape(lex.plate_provinces)
        suffix = re.escape(lex.plate_suffixes)
        self.plate_re = re.compile(
            rf"(?:[{prov}][A-Z][{DOT} \-]?(?:[A-Z0-9]{{5,6}}|[A-Z0-9]{{4}}[{suffix}])"
            rf"|使\d{{6}})(?![A-Za-z0-9])"
        )
        self.email_re = re.compile(
            r"[A-Za-z0-9](?<![A-Za-z0-9._%+\-][A-Za-z0-9])[A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
        )
        self.passport_re = re.compile(
            r"[EG](?<![A-Za-z0-9][EG])(?:(?<=E)[A-Z]?\d{7,8}|(?<=G)\d{8})(?![A-Za-z0-9])"
        )
        self.passport_cued_re = re.compile(
            r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]?\d{6,9}(?![A-Za-z0-9])|\d(?<![A-Za-z0-9]\d)\d{7,9}(?![A-Za-z0-9])"
        )
        self.id_cue_re = re.compile(_alt(lex.id_cues))
        self.phone_cue_re = re.compile(_alt(lex.phone_cues))
        self.bank_cue_re = re.compile(_alt(lex.bank_cues))
        self.passport_cue_re = re.compile(_alt(lex.passport_cues))

        # ---- public items
        self.uscc_re = re.compile(
            r"[0-9A-Z](?<![0-9A-Za-z][0-9A-Z])[0-9A-Z]\d{6}[0-9A-Z]{10}(?![0-9A-Za-z])"
        )
        self.public_number_re = re.compile(
            rf"(?:{_alt(lex.public_number_cues)})\s*(?:号码|号)?\s*[:：]?\s*(?:为|是)?\s*"
            r"([A-Za-z0-9][A-Za-z0-9\-]{3,29})(?:[、，,和及]\s*([A-Za-z0-9][A-Za-z0-9\-]{3,29}))*"
        )
        self.doc_number_re = re.compile(
            rf"[〔\[［【(（]\s*(?:19|20)\d{{2}}\s*[〕\]］】)）]\s*[{CJK}0-9]{{0,12}}?第?\s*\d+\s*号"
        )
        self.citation_re = re.compile(
            rf"《[^《》\n]{{1,80}}》(?:第[{NUMERAL_ZH}千0-9]+条)?(?:第[{NUMERAL_ZH}0-9]+款)?"
            rf"(?:第[（(]?[{NUMERAL_ZH}0-9]+[)）]?项)?"
        )
        self.amount_re = re.compile(r"\d(?<![\d,，.]\d)[\d,，]*(?:\.\d+)?\s*(?:万元|元|万)")

        # ---- organisations and names
        self.org_suffix_re = re.compile(_alt(lex.org_suffixes))
        self.org_stop_re = re.compile(_alt(lex.org_left_stop_words))
        self.not_name_lens = tuple(sorted({len(w) for w in lex.not_name_words}))
        self.person_cue_re = re.compile(
            rf"(?:{_alt(lex.person_cues)})(?:姓名)?(?:为|是|系)?\s*[:：]?\s*"
        )
        self.officer_cue_re = re.compile(rf"(?:{_alt(lex.officer_cues)})\s*[:：]?\s*")
        self.person_after_re = re.compile(_alt(lex.person_after_cues))
        self.officer_after = lex.officer_after_cues
        verbs = _alt(lex.person_verbs)
        self.person_verb_re = re.compile(rf"(?:{verbs})|于\d{{4}}年")
        self.narrative_before = frozenset(lex.role_end_chars + "，。；：、\n（(")
        self.narrative_before_words = (
            "询问",
            "委托",
            "雇佣",
            "雇用",
            "聘用",
            "聘请",
            "联系",
            "告知",
        )
        # A letter addressed to a person: a line holding only "蒲建华：".
        self.addressee_re = re.compile(rf"(?m)^([{CJK}{DOT}]{{2,12}})[：:]\s*$")
        self.party_cue_re = re.compile(
            r"(?:当事人|被处罚人|被检查人|被申请人|申请人)\s*(?:名称|姓名)?\s*[:：]?\s*"
        )
        self.org_subject_re = re.compile(_alt(lex.org_subject_cues))
        self.natural_subject_re = re.compile(_alt(lex.natural_subject_cues))

    # ------------------------------------------------------------------ public items

    def public_items(self, t: str) -> list[Finding]:
        out: list[Finding] = []
        for m in self.public_number_re.finditer(t):
            before = t[max(0, m.start() - 2) : m.start()]
            if before.endswith(("身份", "驾驶", "居民")) or t[
                max(0, m.start() - 1) : m.start()
            ] in (
                "份",
                "照",
            ):
                continue
            for g in (1, 2):
                if m.group(g):
                    out.append(Finding(m.start(g), m.end(g), "public:number"))
        for m in self.uscc_re.finditer(t):
            code = m.group()
            cued = "信用代码" in t[max(0, m.start() - 12) : m.start()]
            if cued or (uscc.is_valid(code) and not (code.isdigit() and id18_ok(code))):
                out.append(Finding(m.start(), m.end(), "public:uscc"))
        for m in self.doc_number_re.finditer(t):
            a = m.start()
            while a > 0 and m.start() - a < 16 and is_cjk(t[a - 1]):
                a -= 1
            out.append(Finding(a, m.end(), "public:doc_number"))
        out += [
            Finding(m.start(), m.end(), "public:citation") for m in self.citation_re.finditer(t)
        ]
        out += [Finding(m.start(), m.end(), "public:amount") for m in self.amount_re.finditer(t)]
        return out

    def organisations(self, t: str) -> list[Finding]:
        """Organisation names: a run of Chinese characters ending in an organisation suffix,
        scanned leftwards to a punctuation mark or a stop word."""
        out: list[Finding] = []
        stops = self.lex.org_left_stops
        last_end = -1
        stop_ends = {m.end() for m in self.org_stop_re.finditer(t)}
        for m in self.org_suffix_re.finditer(t):
            end = m.end()
            i = m.start()
            floor = max(0, i - 40)
            while i > floor and is_cjk(t[i - 1]) and t[i - 1] not in stops:
                if i in stop_ends:
                    break
                i -= 1
            if m.start() - i < 2 or i < last_end:
                continue
            out.append(Finding(i, end, "public:org"))
            last_end = end
        return out

    # ------------------------------------------------------------------ numbers

    def _cued(self, cue_re: re.Pattern[str], t: str, start: int, window: int) -> bool:
        ctx = t[max(0, start - window) : start]
        cut = max(ctx.rfind("。"), ctx.rfind("\n"), ctx.rfind("；"))
        return cue_re.search(ctx, cut + 1) is not None

    def numbers(self, t: str) -> list[Finding]:
        out: list[Finding] = []
        for m in self.id18_re.finditer(t):
            digits = m.group(1) + m.group(2) + m.group(3)
            if id18_ok(digits) or self._cued(self.id_cue_re, t, m.start(), 16):
                out.append(Finding(m.start(), m.end(), "id_number"))
        for m in self.id15_re.finditer(t):
            if id15_ok(m.group()) or self._cued(self.id_cue_re, t, m.start(), 16):
                out.append(Finding(m.start(), m.end(), "id_number"))
        for m in self.id_cued_re.finditer(t):
            if self._cued(self.id_cue_re, t, m.start(), 12):
                out.append(Finding(m.start(), m.end(), "id_number"))
        for m in self.bank_re.finditer(t):
            digits = m.group().replace(" ", "").replace("-", "")
            cued = self._cued(self.bank_cue_re, t, m.start(), 24)
            if cued or (16 <= len(digits) <= 19 and digits[0] in "34569" and luhn_ok(digits)):
                out.append(Finding(m.start(), m.end(), "bank_account"))
        for m in self.mobile_re.finditer(t):
            if not _alnum_before(t, m.start(), "+"):
                out.append(Finding(m.start(), m.end(), "phone"))
        for m in self.landline_re.finditer(t):
            out.append(Finding(m.start(), m.end(), "phone"))
        for m in self.local_phone_re.finditer(t):
            if self._cued(self.phone_cue_re, t, m.start(), 10):
                out.append(Finding(m.start(), m.end(), "phone"))
        for m in self.plate_re.finditer(t):
            if sum(c.isdigit() for c in m.group()) >= 2 and not _alnum_before(t, m.start()):
                out.append(Finding(m.start(), m.end(), "plate"))
        for m in self.email_re.finditer(t):
            out.append(Finding(m.start(), m.end(), "email"))
        for m in self.passport_re.finditer(t):
            out.append(Finding(m.start(), m.end(), "passport"))
        for m in self.passport_cued_re.finditer(t):
            if self._cued(self.passport_cue_re, t, m.start(), 14):
                out.append(Finding(m.start(), m.end(), "passport"))
        return out

    # ------------------------------------------------------------------ names

    def parse_name(self, t: str, p: int, *, unknown_surname: bool) -> tuple[int, int] | None:
        """(end, surname length) of a name starting at ``p``, or None."""
        lex = self.lex
        n = len(t)
        if t[p : p + 2] in lex.surnames_compound:
            s = 2
        elif (p < n and t[p] in lex.surnames_single) or (
            unknown_surname and p < n and is_cjk(t[p]) and t[p] not in lex.name_stop_chars
        ):
            s = 1
        else:
            return None
        if s == 1 and t[p] in lex.name_stop_chars and not (p == 0 or t[p - 1] in "：:\n"):
            return None  # 于, 向 … begin a name only where nothing else can follow a colon
        if t[p] in lex.name_never_chars and t[p] not in lex.surnames_single and s == 1:
            return None
        i = p + s
        # A minority name written with a middle dot: 阿卜杜拉·买买提.
        j = i
        while j < n and j - p < 16 and (is_cjk(t[j]) or t[j] in DOT) and t[j] not in "某":
            if t[j] in lex.name_stop_chars and t[j] not in DOT:
                break
            j += 1
        dotted = t[p:j]
        if any(d in dotted[1:-1] for d in DOT) and not any(d in dotted[-1:] for d in DOT):
            return (j, s)
        given = 0
        while i < n and given < 2 and is_cjk(t[i]) and t[i] not in lex.name_stop_chars:
            if given == 1 and t[i] in lex.name_soft_stop_chars:
                break
            if t[i] in lex.name_never_chars:
                if given == 0:
                    return None
                break
            i += 1
            given += 1
        if given == 0:
            return None
        cand = t[p:i]
        if cand.endswith("族") or any(cand[:n] in lex.not_name_words for n in self.not_name_lens):
            return None
        # A rare surname is accepted only where the name is clearly bounded.
        rare = unknown_surname and s == 1 and t[p] not in lex.surnames_single
        if rare and i < n and is_cjk(t[i]) and t[i] not in "男女":
            return None
        return (i, s)

    def _list_after(self, t: str, end: int) -> list[tuple[int, int, int]]:
        """Further names in a list: 张三、李四和王五."""
        found: list[tuple[int, int, int]] = []
        while end < len(t) and t[end] in "、和及与,，" and len(found) < 12:
            nxt = end + 1
            if t[nxt : nxt + 1] in ("（", "("):
                break
            parsed = self.parse_name(t, nxt, unknown_surname=False)
            if parsed is None:
                break
            after = t[parsed[0] : parsed[0] + 1]
            if after and is_cjk(after) and after not in self.lex.name_stop_chars:
                break
            found.append((nxt, parsed[0], parsed[1]))
            end = parsed[0]
        return found

    def officers(self, t: str, blocked: Sequence[Finding]) -> list[Finding]:
        """Officers' names: public under 事前公示 (the officer register and credential numbers)."""
        out: list[Finding] = []
        for m in _overlapping(self.officer_cue_re, t):
            if t[max(0, m.start() - 1) : m.start()] == "被":  # 被询问人, 被检查人: not officers
                continue
            parsed = self.parse_name(t, m.end(), unknown_surname=True)
            if parsed is None:
                continue
            out.append(Finding(m.end(), parsed[0], "public:officer", parsed[1]))
            end = parsed[0]
            # Skip "（执法证号：…）" between listed officers.
            while True:
                if t[end : end + 1] in ("（", "("):
                    close = t.find("）" if t[end] == "（" else ")", end, end + 40)
                    if close < 0:
                        break
                    end = close + 1
                more = self._list_after(t, end)
                if not more:
                    break
                out += [Finding(a, b, "public:officer", s) for a, b, s in more[:1]]
                end = more[0][1]
        for after in self.officer_after:
            k = t.find(after)
            while k >= 0:
                for length in (4, 3, 2):
                    p = k - length
                    if p < 0:
                        continue
                    parsed = self.parse_name(t, p, unknown_surname=False)
                    if parsed and parsed[0] == k:
                        out.append(Finding(p, k, "public:officer", parsed[1]))
                        break
                k = t.find(after, k + 1)
        mask = _mask_of(blocked, len(t))
        return [f for f in out if not any(mask[f.start : f.end])]

    def persons(self, t: str, blocked: Sequence[Finding], officer_names: set[str]) -> list[Finding]:
        out: list[Finding] = []
        mask = _mask_of(blocked, len(t))

        def add(a: int, b: int, s: int) -> None:
            if t[a:b] not in officer_names and not any(mask[a:b]):
                out.append(Finding(a, b, "person_name", s))

        for m in _overlapping(self.person_cue_re, t):
            p = m.end()
            parsed = self.parse_name(t, p, unknown_surname=True)
            if parsed is None:
                continue
            add(p, parsed[0], parsed[1])
            for a, b, s in self._list_after(t, parsed[0]):
                add(a, b, s)
        for m in self.person_after_re.finditer(t):
            k = m.start()
            for length in (4, 3, 2):
                p = k - length
                if p < 0:
                    continue
                # A rare surname only where the name opens a line or follows a colon.
                bounded = p == 0 or t[p - 1] in "\n：:"
                parsed = self.parse_name(t, p, unknown_surname=bounded and length <= 3)
                if parsed and parsed[0] == k:
                    add(p, k, parsed[1])
                    break
        # A name right before a verb (倪国栋在场, 朱小燕未能…), after a job word or a mark.
        for m in self.person_verb_re.finditer(t):
            k = m.start()
            for length in (2, 3, 4):
                a = k - length
                if a < 0:
                    break
                if not (
                    a == 0
                    or t[a - 1] in self.narrative_before
                    or t.endswith(self.narrative_before_words, 0, a)
                ):
                    continue
                parsed = self.parse_name(t, a, unknown_surname=False)
                if parsed and parsed[0] == k and (length < 4 or parsed[1] == 2):
                    add(a, k, parsed[1])
                    break
        for m in self.addressee_re.finditer(t):
            parsed = self.parse_name(t, m.start(1), unknown_surname=True)
            if parsed and parsed[0] == m.end(1):
                add(m.start(1), m.end(1), parsed[1])
        # Every other mention of a name found above is masked too.
        names = {t[f.start : f.end]: f.surname_len for f in out}
        seen = {(f.start, f.end) for f in out}
        for name in sorted(names, key=len, reverse=True):  # 张三丰 before 张三
            k = t.find(name)
            while k >= 0:
                if (k, k + len(name)) not in seen:
                    add(k, k + len(name), names[name])
                    seen.add((k, k + len(name)))
                k = t.find(name, k + len(name))
        return out

    # ------------------------------------------------------------------ subjects & addresses

    def primary_party(self, t: str, orgs: Sequence[Finding], persons: Sequence[Finding]) -> str:
        """Whether the decision's 当事人 is an organisation ("org") or a natural person."""
        m = self.party_cue_re.search(t)
        if m is None:
            return "natural"
        p = m.end()
        for f in orgs:
            if p <= f.end and f.start <= p + 24 and "，" not in t[p : f.start]:
                return "org"
        for f in persons:
            if f.start == p:
                return "natural"
        clause = re.split(r"[，。；,\n]", t[p : p + 60], maxsplit=1)[0].rstrip("）)")
        if self.org_suffix_re.search(clause[-6:] if clause else ""):
            return "org"
        return "natural"

    def subject_events(
        self, t: str, orgs: Sequence[Finding], persons: Sequence[Finding]
    ) -> list[tuple[int, str]]:
        events: list[tuple[int, str]] = []
        events += [(m.start(), "org") for m in self.org_subject_re.finditer(t)]
        events += [(m.start(), "natural") for m in self.natural_subject_re.finditer(t)]
        for m in self.party_cue_re.finditer(t):
            p = m.end()
            if any(f.start <= p + 1 and p <= f.end for f in orgs):
                events.append((m.start(), "org"))
            elif any(f.start == p for f in persons):
                events.append((m.start(), "natural"))
        events.sort()
        return events

    def addresses(
        self,
        t: str,
        blocked: Sequence[Finding],
        events: Sequence[tuple[int, str]],
        primary: str,
    ) -> list[Finding]:
        out: list[Finding] = []
        mask = _mask_of(blocked, len(t))
        for m in self.address_re.finditer(t):
            g = 1 if m.group(1) is not None else 2
            f = Finding(m.start(g), m.end(g), "address_detail")
            if any(mask[f.start : f.end]):
                continue
            if self.address_is_private(t, f.start, f.end, events, primary):
                out.append(f)
        return out

    def address_is_private(
        self, t: str, start: int, end: int, events: Sequence[tuple[int, str]], primary: str
    ) -> bool:
        # The head of the address: back to the last punctuation mark.
        i = start
        floor = max(0, start - 40)
        while i > floor and t[i - 1] not in "，。；：:;,\n、（(":
            i -= 1
        cls = ""
        best = -1
        for m in self.address_cue_re.finditer(t, max(0, i - 14), start):
            # The cue nearest the head decides (住址：… / 家住… / 位于…的住宅).
            if m.start() >= best and m.start() <= i + 6:
                best, cls = m.start(), self.address_cue_class[m.group()]
        # "208号门前": the 门 the pattern took as a unit is the shop's door.
        tail = (
            t[end - 1 : end + 8]
            if t[end - 1] == "门" and t[end : end + 1] in "前口外"
            else t[end : end + 8]
        )
        if tail.startswith(
            ("的住宅", "的住所", "的住处", "的家中", "的居所", "的自建房", "家中", "住宅")
        ):
            return True
        if not cls and tail.startswith(_PUBLIC_PLACE_TAILS):
            return False
        if cls == "private":
            return True
        if cls == "public":
            return False
        # Subject cue or none: whose paragraph is it?
        who = primary
        for pos, kind in events:
            if pos >= start:
                break
            between = t[pos:start]
            if "。" in between or "\n" in between:
                continue
            who = kind
        if cls == "" and who == "org":
            return False
        return who != "org"

    # ------------------------------------------------------------------ all together

    def detect(self, text: str) -> list[Finding]:
        t = text.translate(_FULLWIDTH)
        public = self.public_items(t)
        orgs = self.organisations(t)
        numbers = _resolve(self.numbers(t), public)
        hard = [*public, *numbers]
        officers = self.officers(t, [*hard, *orgs])
        officer_names = {t[f.start : f.end] for f in officers}
        persons = _resolve(self.persons(t, [*hard, *orgs, *officers], officer_names), [])
        primary = self.primary_party(t, orgs, persons)
        events = self.subject_events(t, orgs, persons)
        addresses = self.addresses(t, [*public, *numbers, *persons, *orgs], events, primary)
        return sorted([*numbers, *persons, *addresses], key=lambda f: f.start)


# Words right after an address that make it business premises or a public place, not a home.
_PUBLIC_PLACE_TAILS = (
    "的经营场所",
    "的店铺",
    "的门店",
    "的厂房",
    "的仓库",
    "的经营",
    "经营",
    "店内",
    "店铺",
    "店门",
    "门前",
    "门口",
    "门店",
    "商铺",
    "摊位",
    "附近",
    "对面",
    "旁",
    "路口",
    "的生产",
    "的办公",
    "的工地",
    "工地",
)

# Higher wins when two personal findings overlap.
_PRIORITY = {
    "id_number": 9,
    "passport": 8,
    "bank_account": 7,
    "phone": 6,
    "email": 5,
    "plate": 4,
    "address_detail": 3,
    "person_name": 2,
}


def _overlapping(pattern: re.Pattern[str], t: str) -> Iterable[re.Match[str]]:
    """Every match, including those starting inside an earlier one (诱导游客: 导游 and 游客)."""
    pos = 0
    while (m := pattern.search(t, pos)) is not None:
        yield m
        pos = m.start() + 1


_ONES = b"\x01" * 4096


def _alnum_before(t: str, i: int, extra: str = "") -> bool:
    """Whether the character before ``i`` is an ASCII letter or digit (or one of ``extra``)."""
    if i == 0:
        return False
    c = t[i - 1]
    return c.isascii() and (c.isalnum() or c in extra)


def _mask_of(found: Iterable[Finding], n: int) -> bytearray:
    """One byte per character of the text: 1 where a finding covers it."""
    mask = bytearray(n)
    for f in found:
        mask[f.start : f.end] = _ONES[: f.end - f.start]
    return mask


def _overlaps_any(f: Finding, others: Sequence[Finding]) -> bool:
    return any(o.start < f.end and f.start < o.end for o in others)


def _resolve(found: list[Finding], public: Sequence[Finding]) -> list[Finding]:
    """Drop findings overlapping a public item; among overlapping findings keep the longest,
    then the higher-priority kind."""
    n = max((f.end for f in found), default=0)
    blocked = _mask_of(public, n)
    ranked = sorted(
        (f for f in found if not any(blocked[f.start : f.end])),
        key=lambda f: (-(f.end - f.start), -_PRIORITY.get(f.kind, 0), f.start),
    )
    kept: list[Finding] = []
    taken = bytearray(n)
    for f in ranked:
        if not any(taken[f.start : f.end]):
            kept.append(f)
            taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    return sorted(kept, key=lambda f: f.start)


@cache
def default_detector() -> Detector:
    return Detector(load_lexicon())
