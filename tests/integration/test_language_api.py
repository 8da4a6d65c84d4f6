"""POST /api/language/check: staff roles check an officer's words or a transcript before saving
(准则第六条); enterprises and the public may not; bad input is a clear 400."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_access import csrf_of, login

from zhifa.access.model import POLICY, Role
from zhifa.app_context import Context
from zhifa.demo import load_demo
from zhifa.web.app import create_app

URL = "/api/language/check"


@pytest.fixture
def client(ctx: Context) -> Iterator[TestClient]:
    load_demo(ctx)
    with TestClient(create_app(ctx)) as c:
        yield c


def post(client: TestClient, body: object) -> tuple[int, dict[str, object]]:
    r = client.post(URL, json=body, headers={"X-CSRF-Token": csrf_of(client)})
    return r.status_code, r.json()


def test_officer_sees_findings_with_offsets(client: TestClient) -> None:
    login(client, "officer")
    text = "这事不归我们管，你爱找谁找谁。你这店还想不想开了？"
    code, out = post(client, {"text": text})
    assert code == 200, out
    assert out["article"] == 6
    findings = out["findings"]
    assert isinstance(findings, list)
    assert out["count"] == len(findings)
    assert {f["category"] for f in findings} == {"perfunctory", "threatening"}
    for f in findings:
        assert text[f["start"] : f["end"]] == f["text"]
        assert f["suggestion"]
        assert f["explanation"]


def test_civil_text_has_no_findings(client: TestClient) -> None:
    login(client, "officer")
    code, out = post(
        client,
        {"text": "我们不会为难您，逾期不改正的，将依据《食品安全法》第一百二十六条依法处理。"},
    )
    assert code == 200
    assert out["findings"] == []


def test_transcript_checks_only_the_officer(client: TestClient) -> None:
    login(client, "legal_reviewer")
    code, out = post(
        client,
        {
            "transcript": [
                {"speaker": "officer", "text": "请出示营业执照。"},
                {"speaker": "party", "text": "你们这帮土匪，滚！"},
                {
                    "speaker": "执法人员",
                    "text": "您刚才说我们是“土匪”，我们已经记录。急什么，等着吧。",
                },
            ]
        },
    )
    assert code == 200, out
    findings = out["findings"]
    assert isinstance(findings, list)
    assert {f["utterance"] for f in findings} == {2}
    assert {f["text"] for f in findings} == {"急什么", "等着吧"}


@pytest.mark.parametrize(
    "body",
    [
        {"text": "   "},
        {},
        {"text": "你好", "transcript": [{"speaker": "officer", "text": "你好"}]},
        {"transcript": []},
        {"transcript": [{"speaker": "officer", "text": ""}]},
        {"text": 5},
        {"text": "x" * 20_001},
    ],
)
def test_bad_input_is_refused_clearly(client: TestClient, body: object) -> None:
    login(client, "officer")
    code, out = post(client, body)
    assert code in (400, 422), out
    assert "error" in out


@pytest.mark.parametrize("role", ["enterprise"])
def test_roles_outside_the_policy_are_refused(client: TestClient, role: str) -> None:
    login(client, role)
    code, _ = post(client, {"text": "你好"})
    assert code == 403


def test_the_public_is_refused(client: TestClient) -> None:
    r = client.post(URL, json={"text": "你好"})
    assert r.status_code == 401


def test_policy_names_the_staff_roles() -> None:
    allowed = set(POLICY["language.check"])
    assert allowed == {
        Role.OFFICER,
        Role.LEGAL_REVIEWER,
        Role.BODY_HEAD,
        Role.SUPERVISOR,
        Role.ADMINISTRATOR,
    }
