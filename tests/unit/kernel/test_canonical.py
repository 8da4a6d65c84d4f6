import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.kernel.canonical import canonical_json, parse_json
from zhifa.kernel.errors import InvalidInput


def test_sorted_compact_utf8() -> None:
    assert canonical_json({"b": 1, "a": [True, None, "执法"]}) == (
        '{"a":[true,null,"执法"],"b":1}'.encode()
    )


def test_rfc8785_utf16_key_order() -> None:
    # RFC 8785 §3.2.3 sorts by UTF-16 code units: U+1F600 (surrogates D83D…) sorts
    # before U+FB33 although its code point is larger.
    doc = {"\ufb33": 1, "\U0001f600": 2}
    assert canonical_json(doc) == '{"\U0001f600":2,"\ufb33":1}'.encode()


def test_mandatory_escapes_only() -> None:
    assert canonical_json('a"\\\n\x01é') == b'"a\\"\\\\\\n\\u0001\xc3\xa9"'


def test_refuses_floats_and_unsafe_ints() -> None:
    with pytest.raises(InvalidInput, match="floats"):
        canonical_json({"fine": 1.5})
    with pytest.raises(InvalidInput):
        canonical_json(2**60)
    with pytest.raises(InvalidInput):
        parse_json(b'{"a": 1.0}')


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_round_trip_is_stable(value: object) -> None:
    data = canonical_json(value)
    assert canonical_json(parse_json(data)) == data


def test_error_names_the_path() -> None:
    with pytest.raises(InvalidInput) as info:
        canonical_json({"data": {"fines": [1, 2, 3.5]}})
    assert info.value.message_en.startswith("$.data.fines[2]:")
    with pytest.raises(InvalidInput, match="not a string"):
        canonical_json({1: "a"})
    with pytest.raises(InvalidInput, match="not canonical-JSON"):
        canonical_json({"b": b"bytes"})


def test_tuples_and_nested_order() -> None:
    assert canonical_json({"z": (1, {"b": 2, "a": 1}), "é": 0, "a": None}) == (
        '{"a":null,"z":[1,{"a":1,"b":2}],"é":0}'.encode()
    )
