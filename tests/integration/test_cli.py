"""The `zhifa` command as a user runs it: real processes, real databases."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def zhifa(
    *args: str, env: dict[str, str] | None = None, tmp: Path
) -> subprocess.CompletedProcess[str]:
    full_env = (
        {k: v for k, v in os.environ.items() if not k.startswith("ZHIFA_")}
        | {"ZHIFA_DATA_DIR": str(tmp / "data")}
        | (env or {})
    )
    return subprocess.run(
        [sys.executable, "-m", "zhifa.cli.main", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_version(tmp_path: Path) -> None:
    r = zhifa("--version", tmp=tmp_path)
    assert r.returncode == 0
    assert r.stdout.startswith("zhifa ")


def test_demo_twice_then_upgrade(database_url: str, tmp_path: Path) -> None:
    first = zhifa("demo", "--database-url", database_url, tmp=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "已载入示例辖区" in first.stdout
    second = zhifa("demo", "--database-url", database_url, tmp=tmp_path)
    assert second.returncode == 0
    assert "无需重复载入" in second.stdout
    up = zhifa("db", "upgrade", "--database-url", database_url, tmp=tmp_path)
    assert up.returncode == 0


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "格式不正确"),
        ("mysql://root@127.0.0.1/x", "不支持的数据库类型"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "无法连接数据库"),
    ],
)
def test_bad_database_url_is_one_clear_line(url: str, expected: str, tmp_path: Path) -> None:
    r = zhifa("db", "upgrade", env={"ZHIFA_DATABASE_URL": url}, tmp=tmp_path)
    assert r.returncode == 2
    assert expected in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert not (tmp_path / "data" / "zhifa.db").exists()


def test_default_secret_refused_in_production(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.db'}"
    r = zhifa(
        "serve",
        "--port",
        "1",
        env={"ZHIFA_MODE": "production", "ZHIFA_DATABASE_URL": db},
        tmp=tmp_path,
    )
    assert r.returncode == 2
    assert "ZHIFA_SECRET_KEY" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "p.db").exists()


def test_unknown_option_exits_2(tmp_path: Path) -> None:
    r = zhifa("serve", "--no-such-option", tmp=tmp_path)
    assert r.returncode == 2
    assert "--no-such-option" in r.stderr
    assert "Traceback" not in r.stderr
