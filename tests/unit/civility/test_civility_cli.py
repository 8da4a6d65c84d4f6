"""`zhifa check-language`: exit codes, formats, JSONL batches and bad input (through the real
console entry, so errors are printed and mapped to exit 2 exactly as users see them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CMD = [sys.executable, "-m", "zhifa.cli.main", "check-language"]


def run(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *args], input=stdin, capture_output=True, timeout=120, check=False)


def test_civil_text_exits_0() -> None:
    r = run(["-"], "您好，请出示营业执照，谢谢配合。".encode())
    assert r.returncode == 0, r.stderr.decode()
    assert "未发现" in r.stdout.decode()


def test_uncivil_text_exits_1_with_json_offsets(tmp_path: Path) -> None:
    text = "这事不归我们管，你爱找谁找谁。"
    f = tmp_path / "words.txt"
    f.write_text(text, encoding="utf-8")
    r = run([str(f), "--format", "json"])
    assert r.returncode == 1, r.stderr.decode()
    out = json.loads(r.stdout)
    assert out["count"] == len(out["findings"]) >= 1
    for finding in out["findings"]:
        assert finding["category"] == "perfunctory"
        assert text[finding["start"] : finding["end"]] == finding["text"]
        assert finding["suggestion"]


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        (b"", "\u6587\u672c\u4e3a\u7a7a"),
        (b" \n\t", "\u6587\u672c\u4e3a\u7a7a"),
        (b"ok\n\xff\xfe bad", "UTF-8"),
    ],
)
def test_bad_input_exits_2_with_a_clear_error(stdin: bytes, needle: str) -> None:
    r = run([], stdin)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert needle in err
    assert "Traceback" not in err


def test_non_utf8_error_names_the_line() -> None:
    r = run(["-"], "第一行\n第二行".encode() + b"\n\xff")
    assert r.returncode == 2
    assert "第3行" in r.stderr.decode()


def test_missing_file_exits_2(tmp_path: Path) -> None:
    r = run([str(tmp_path / "nope.txt")])
    assert r.returncode == 2
    assert "无法读取文件" in r.stderr.decode()


def test_jsonl_processes_good_lines_and_names_bad_ones() -> None:
    lines = [
        json.dumps({"id": "a", "text": "你试试看！"}, ensure_ascii=False).encode(),
        b'{"id": "b"}',
        b"not json",
        json.dumps({"id": "c", "text": "您好，请坐。"}, ensure_ascii=False).encode(),
        b'{"id": "d", "text": 5}',
        b'{"id": "e", "text": "\xff"}',
        b"",
        json.dumps({"id": 7, "text": "急什么，等着吧"}, ensure_ascii=False).encode(),
    ]
    r = run(["--jsonl"], b"\n".join(lines) + b"\n")
    assert r.returncode == 2
    rows = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [row["id"] for row in rows] == ["a", "c", 7]
    assert rows[0]["findings"][0]["category"] == "threatening"
    assert rows[1]["findings"] == []
    assert {f["text"] for f in rows[2]["findings"]} == {"急什么", "等着吧"}
    for row in rows:
        for f in row["findings"]:
            assert set(f) >= {"category", "start", "end", "text", "suggestion"}
    err = r.stderr.decode()
    for n in (2, 3, 5, 6):
        assert f"第{n}行" in err
    assert "第8行" not in err


def test_jsonl_exit_codes_without_errors() -> None:
    ok = json.dumps({"id": 1, "text": "您好"}, ensure_ascii=False).encode()
    bad = json.dumps({"id": 2, "text": "你算老几"}, ensure_ascii=False).encode()
    assert run(["--jsonl"], ok + b"\n").returncode == 0
    assert run(["--jsonl"], ok + b"\n" + bad + b"\n").returncode == 1


def test_evaluate_reports_the_held_out_figures() -> None:
    r = subprocess.run(
        [*CMD, "--evaluate", "--format", "json"], capture_output=True, timeout=300, check=False
    )
    assert r.returncode == 0, r.stderr.decode()
    splits = {s["split"]: s for s in json.loads(r.stdout)}
    assert set(splits) == {"dev", "heldout"}
    for s in splits.values():
        assert 0.0 <= s["precision"] <= 1.0
        assert 0.0 <= s["recall"] <= 1.0
        assert s["texts"] == s["uncivil"] + s["civil"]
