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
from collections.abc import Mapping, Sequence
from typing import Any

from zhifa.kernel.errors import InvalidInput

# JSON's mandatory escapes, as RFC 8785 §3.2.2.2 specifies them.
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}


def _string(s: str) -> str:
    out = ['"']
    for ch in s:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _utf16_key(name: str) -> bytes:
    return name.encode("utf-16-be", "surrogatepass")


def _encode(value: Any, path: str, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        if abs(value) > 2**53 - 1:
            raise InvalidInput(
                f"{path}：整数超出 JSON 可精确表示的范围",
                f"{path}: integer {value} outside the I-JSON safe range",
            )
        out.append(str(value))
    elif isinstance(value, float):
        raise InvalidInput(
            f"{path}：被哈希的数据不得含浮点数（金额用整数“分”）",
            f"{path}: floats are not allowed in canonical JSON",
        )
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise InvalidInput(
                    f"{path}：对象的键必须是字符串",
                    f"{path}: object key {key!r} is not a string",
                )
        out.append("{")
        first = True
        for key in sorted(value, key=_utf16_key):
            if not first:
                out.append(",")
            first = False
            out.append(_string(key))
            out.append(":")
            _encode(value[key], f"{path}.{key}", out)
        out.append("}")
    elif isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, f"{path}[{i}]", out)
        out.append("]")
    else:
        raise InvalidInput(
            f"{path}：类型 {type(value).__name__} 不能写入规范化 JSON",
            f"{path}: type {type(value).__name__} is not canonical-JSON serialisable",
        )


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of ``value`` (dicts, lists, str, int, bool, None)."""
    out: list[str] = []
    _encode(value, "$", out)
    return "".join(out).encode("utf-8")


def parse_json(data: bytes | str) -> Any:
    """Parse JSON, refusing floats so that a parsed document re-canonicalises to itself."""

    def _no_float(text: str) -> Any:
        raise InvalidInput(
            f"JSON 中出现浮点数 {text}，被哈希的数据只允许整数",
            f"float {text} in JSON; only integers are allowed",
        )

    return json.loads(data, parse_float=_no_float)
