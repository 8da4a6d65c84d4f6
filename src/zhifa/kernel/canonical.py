"""Canonical JSON for everything that is hashed: the RFC 8785 (JCS) subset zhifa uses.

Rules (RFC 8785 §3.2): no insignificant whitespace; object members sorted by the UTF-16
code units of their names; strings as JSON strings with only the mandatory escapes
(UTF-8 output, no \\u escapes for printable non-ASCII); integers in plain decimal.
Floats are refused rather than serialised: every number zhifa hashes is an integer
(money is 分), which makes the RFC's ECMAScript number formatting unnecessary.
Booleans and null as in JSON. The output is UTF-8 bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from zhifa.kernel.errors import InvalidInput


def _utf16_key(item: tuple[str, Any]) -> bytes:
    return item[0].encode("utf-16-be", "surrogatepass")


class _Bad(Exception):
    """Raised deep inside ``_prepare``; each level adds its key, so the path costs nothing
    unless something is wrong."""

    def __init__(self, what: str, value: Any) -> None:
        self.what = what
        self.value = value
        self.parts: list[str] = []


def _prepare(value: Any) -> Any:
    """Validate ``value`` and return it with every object's members in RFC 8785 order."""
    t = type(value)
    if t is str or value is None or t is bool:
        return value
    if t is int:
        if -(2**53) < value < 2**53:
            return value
        raise _Bad("int", value)
    if t is dict or (t is not str and isinstance(value, Mapping)):
        items = list(value.items())
        for k, _ in items:
            if type(k) is not str:
                raise _Bad("key", k)
        # Code-point order equals UTF-16 order unless a key holds a character above U+FFFF.
        if all(k.isascii() for k, _ in items):
            items.sort()
        else:
            items.sort(key=_utf16_key)
        out = {}
        for k, v in items:
            try:
                out[k] = _prepare(v)
            except _Bad as bad:
                bad.parts.append(f".{k}")
                raise
        return out
    if (
        t is list
        or t is tuple
        or (isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)))
    ):
        result = []
        for i, v in enumerate(value):
            try:
                result.append(_prepare(v))
            except _Bad as bad:
                bad.parts.append(f"[{i}]")
                raise
        return result
    raise _Bad("float" if t is float else "type", value)


def _invalid(bad: _Bad) -> InvalidInput:
    path = "$" + "".join(reversed(bad.parts))
    if bad.what == "int":
        return InvalidInput(
            f"{path}：整数超出 JSON 可精确表示的范围",
            f"{path}: integer {bad.value} outside the I-JSON safe range",
        )
    if bad.what == "float":
        return InvalidInput(
            f"{path}：被哈希的数据不得含浮点数（金额用整数“分”）",
            f"{path}: floats are not allowed in canonical JSON",
        )
    if bad.what == "key":
        return InvalidInput(
            f"{path}：对象的键必须是字符串", f"{path}: object key {bad.value!r} is not a string"
        )
    return InvalidInput(
        f"{path}：类型 {type(bad.value).__name__} 不能写入规范化 JSON",
        f"{path}: type {type(bad.value).__name__} is not canonical-JSON serialisable",
    )


# With ensure_ascii=False, the standard encoder writes exactly RFC 8785's string form:
# only '"', '\\' and control characters are escaped (\b \f \n \r \t, else \u00xx in
# lower-case hex), everything else as UTF-8.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of ``value`` (dicts, lists, str, int, bool, None)."""
    try:
        prepared = _prepare(value)
    except _Bad as bad:
        raise _invalid(bad) from None
    return _utf8(_ENCODER.encode(prepared))


def member_order(keys: Iterable[str]) -> tuple[str, ...]:
    """Object member names in RFC 8785 order (as ``_prepare`` sorts them)."""
    names = list(dict.fromkeys(keys))
    if all(k.isascii() for k in names):
        return tuple(sorted(names))
    return tuple(sorted(names, key=lambda k: k.encode("utf-16-be", "surrogatepass")))


_SAFE = 2**53


def prepare_member(value: Any) -> Any:
    """``_prepare(value)`` for one member value, with the common shapes of an event field
    (text, integers, booleans, null, lists of text) answered without the general walk.

    Raises ``_Bad`` exactly when ``_prepare`` would; callers that need the reference error
    message fall back to :func:`canonical_json` on the whole value."""
    t = type(value)
    if t is str or value is None or t is bool:
        return value
    if t is int:
        if -_SAFE < value < _SAFE:
            return value
        raise _Bad("int", value)
    if t is tuple or t is list:
        for v in value:
            if type(v) is not str:
                return _prepare(value)
        return list(value)
    return _prepare(value)


# The C encoder ``_ENCODER.encode`` sets up on every call, made once. Without the circular
# reference check, which a prepared value (a fresh tree of dicts, lists, str, int, bool and
# None) never needs; the output is the same.
_C_ENCODE = (
    json.encoder.c_make_encoder(  # type: ignore[attr-defined]
        None,
        _ENCODER.default,
        json.encoder.encode_basestring,
        None,
        ":",
        ",",
        False,
        False,
        False,
    )
    if json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
    else None
)


def encode_prepared(prepared: Any) -> bytes:
    """``canonical_json`` for a value already in canonical form (the output of ``_prepare``):
    the same bytes, with the encoder set up once."""
    if _C_ENCODE is None:
        return _utf8(_ENCODER.encode(prepared))
    return _utf8("".join(_C_ENCODE(prepared, 0)))


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            "数据中含有无效的 Unicode 字符（孤立代理项）",
            "lone surrogate in canonical JSON input",
        ) from None


def _no_float(text: str) -> Any:
    raise InvalidInput(
        f"JSON 中出现浮点数 {text}，被哈希的数据只允许整数",
        f"float {text} in JSON; only integers are allowed",
    )


_DECODER = json.JSONDecoder(parse_float=_no_float)


def parse_json(data: bytes | str) -> Any:
    """Parse JSON, refusing floats so that a parsed document re-canonicalises to itself."""
    return _DECODER.decode(data.decode("utf-8") if isinstance(data, bytes) else data)
