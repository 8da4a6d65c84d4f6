"""`zhifa check-document` / `zhifa render-document`: exit codes 0 / 1 / 2 and Chinese output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from zhifa.cli.main import run

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples" / "documents"


def zhifa(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["zhifa", *args])
    monkeypatch.setenv("COLUMNS", "400")
    try:
        run()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_complete_document_exits_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert zhifa(monkeypatch, "check-document", str(SAMPLES / "penalty_decision.json")) == 0
    assert "要素齐备" in capsys.readouterr().out


def test_dossier_file_is_checked_as_a_dossier(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert zhifa(monkeypatch, "check-document", str(SAMPLES / "dossier.json")) == 0
    assert "案卷（13 份文书）" in capsys.readouterr().out


def test_findings_exit_1_with_path_and_article(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads((SAMPLES / "penalty_decision.json").read_text("utf-8"))
    del data["party"]["address"]
    data["remedy"]["reconsideration_days"] = 15
    f = tmp_path / "doc.json"
    f.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert zhifa(monkeypatch, "check-document", str(f)) == 1
    out = capsys.readouterr().out
    assert "发现 2 个问题" in out
    assert "party.address：缺少当事人地址" in out
    assert "第五十九条第一款第（一）项" in out
    assert "remedy.reconsideration_days" in out
    assert zhifa(monkeypatch, "check-document", str(f), "--format", "json") == 1
    body = json.loads(capsys.readouterr().out)
    assert {x["path"] for x in body["findings"]} == {"party.address", "remedy.reconsideration_days"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"kind": "penalty_decision",', "不是有效的 JSON：第 1 行"),
        (b"\xff\xfe{}", "不是 UTF-8"),
        (b'{"kind": "memo"}', "未知的文书种类"),
        (b'{"kind": "penalty_decision", "total_fen": 12.5}', "浮点数"),
        (b'"text"', "须为文书"),
    ],
)
def test_bad_input_exits_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: bytes,
    expected: str,
) -> None:
    f = tmp_path / "bad.json"
    f.write_bytes(content)
    assert zhifa(monkeypatch, "check-document", str(f)) == 2
    captured = capsys.readouterr()
    assert expected in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_missing_file_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert zhifa(monkeypatch, "check-document", str(tmp_path / "none.json")) == 2
    assert "无法读取文件" in capsys.readouterr().err


def test_render_document_writes_a_pdf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    code = zhifa(
        monkeypatch,
        "render-document",
        str(SAMPLES / "seizure_decision.json"),
        "-o",
        str(target),
        "--verify-url",
        "https://zhifa.example.invalid/verify/document/x1",
    )
    assert code == 0
    assert target.read_bytes().startswith(b"%PDF-")


def test_render_refuses_an_incomplete_document_unless_draft(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads((SAMPLES / "prior_notice.json").read_text("utf-8"))
    data["facts"] = None
    f = tmp_path / "doc.json"
    f.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    target = tmp_path / "out.pdf"
    assert zhifa(monkeypatch, "render-document", str(f), "-o", str(target)) == 2
    assert "不能输出正式文书" in capsys.readouterr().err
    assert not target.exists()
    assert zhifa(monkeypatch, "render-document", str(f), "-o", str(target), "--draft") == 0
    assert target.exists()
