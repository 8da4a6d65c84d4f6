"""CSV bulk import of officers and credentials: all-or-nothing, partial, line numbers, CLI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from zhifa.app_context import Context
from zhifa.cli.importer import import_app
from zhifa.demo import demo_id_number, demo_uscc, load_demo
from zhifa.kernel.errors import InvalidInput, Violation
from zhifa.ledger.tables import LedgerEntry, LedgerSubject
from zhifa.registry.importer import (
    CREDENTIAL_COLUMNS,
    OFFICER_COLUMNS,
    ImportReport,
    import_credentials,
    import_officers,
)
from zhifa.registry.tables import BodyRow, CredentialRow, OfficerRow
from zhifa.settings import get_settings

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
ACTOR = "test:importer"
OFFICER_HEADER = ",".join(OFFICER_COLUMNS)
CREDENTIAL_HEADER = ",".join(CREDENTIAL_COLUMNS)

MARKET = demo_uscc("11", 1)  # 示例市市场监督管理局
URBAN = demo_uscc("11", 2)  # 示例市城市管理综合行政执法局
DEMO_OFFICER_1 = demo_id_number("990100", date(1982, 4, 12), 1)  # 示例·王建国, 执法人员
DEMO_AUXILIARY = demo_id_number("990100", date(1996, 6, 30), 4)  # 示例·赵小刚, 辅助人员
DEMO_CREDENTIAL = "9901202400001"  # 示例·王建国's


def new_id(n: int) -> str:
    """A fresh, check-valid, fictional ID number (serials above the demo's)."""
    return demo_id_number("990102", date(1990, 1, 1 + n % 28), 300 + n)


def bad_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


@pytest.fixture
def demo(ctx: Context) -> Context:
    load_demo(ctx)
    return ctx


def counts(ctx: Context) -> tuple[int, int, int, int]:
    with ctx.read() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (BodyRow, OfficerRow, CredentialRow, LedgerEntry)
        )


def run_officers(ctx: Context, data: str | bytes, *, partial: bool = False) -> ImportReport:
    with ctx.uow() as uow:
        report = import_officers(uow, ACTOR, data, partial=partial)
        uow.commit()
    return report


def run_credentials(ctx: Context, data: str | bytes, *, partial: bool = False) -> ImportReport:
    with ctx.uow() as uow:
        report = import_credentials(uow, ACTOR, data, partial=partial)
        uow.commit()
    return report


def refusal(ctx: Context, fn: object, data: str | bytes) -> InvalidInput:
    """The InvalidInput an import raises; asserts nothing was written."""
    before = counts(ctx)
    with ctx.uow() as uow, pytest.raises(InvalidInput) as info:
        fn(uow, ACTOR, data)  # type: ignore[operator]
    assert counts(ctx) == before
    return info.value


def where(violations: list[Violation]) -> set[tuple[str, str]]:
    return {(v.location, v.field) for v in violations}


def entry_types(ctx: Context, subject_id: str) -> list[str]:
    with ctx.read() as s:
        return list(
            s.scalars(
                select(LedgerEntry.event_type)
                .join(LedgerSubject, LedgerSubject.idx == LedgerEntry.idx)
                .where(LedgerSubject.subject_id == subject_id)
                .order_by(LedgerEntry.idx)
            )
        )


def officer_names(ctx: Context) -> set[str]:
    with ctx.read() as s:
        return set(s.scalars(select(OfficerRow.name)))


# ---------------------------------------------------------------------------- valid files


def test_sample_files_import_in_full_each_row_a_ledger_entry(demo: Context) -> None:
    bodies, officers, creds, entries = counts(demo)
    report = run_officers(demo, (SAMPLES / "officers.csv").read_bytes())
    assert report.imported == report.rows == len(report.created) == 6
    assert report.skipped == []
    assert counts(demo) == (bodies, officers + 6, creds, entries + 6)
    for officer_id in report.created:
        assert entry_types(demo, officer_id) == ["OfficerRegistered"]
    with demo.read() as s:
        reviewer = s.scalars(select(OfficerRow).where(OfficerRow.name == "示例·周文博")).one()
        assert (reviewer.kind, reviewer.is_legal_reviewer, reviewer.legal_qualification) == (
            "officer",
            True,
            True,
        )
        assert reviewer.training_hours == 60
        assert s.get_one(BodyRow, reviewer.body_id).uscc == demo_uscc("11", 3)
        aux = s.scalars(select(OfficerRow).where(OfficerRow.name == "示例·李佳宁")).one()
        assert aux.kind == "auxiliary"

    cred_report = run_credentials(demo, (SAMPLES / "credentials.csv").read_bytes())
    assert cred_report.imported == 5
    assert counts(demo) == (bodies, officers + 6, creds + 5, entries + 11)
    with demo.read() as s:
        holders = [s.get_one(CredentialRow, n).officer_id for n in cred_report.created]
    for officer_id in holders:
        assert entry_types(demo, officer_id) == ["OfficerRegistered", "CredentialIssued"]
    with demo.read() as s:
        row = s.get_one(CredentialRow, "9901202600201")
        holder = s.get_one(OfficerRow, row.officer_id)
        assert holder.name == "示例·张明远"
        assert row.fields == ["market_regulation"]
        assert row.region_codes == ["990102", "990103"]
        assert (row.valid_from, row.valid_to) == (date(2026, 1, 1), date(2030, 12, 31))


def test_rows_instead_of_text(demo: Context) -> None:
    rows = [
        list(OFFICER_COLUMNS),
        ["示例·列表甲", new_id(1), MARKET, "执法人员", "否", "否", "24"],
        ["示例·列表乙", new_id(2), URBAN, "网格员", "否", "否", "8"],
    ]
    with demo.uow() as uow:
        report = import_officers(uow, ACTOR, rows)
        uow.commit()
    assert report.imported == 2
    assert {"示例·列表甲", "示例·列表乙"} <= officer_names(demo)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
def test_with_or_without_bom(demo: Context, encoding: str) -> None:
    text = f"{OFFICER_HEADER}\r\n示例·编码,{new_id(3)},{MARKET},执法人员,否,否,40\r\n"
    report = run_officers(demo, text.encode(encoding))
    assert report.imported == 1
    assert "示例·编码" in officer_names(demo)


def test_bom_in_text_is_ignored(demo: Context) -> None:
    text = f"\ufeff{OFFICER_HEADER}\n示例·文本,{new_id(4)},{MARKET},执法人员,否,否,40\n"
    assert run_officers(demo, text).imported == 1


def test_not_utf8_is_refused_with_a_hint(demo: Context) -> None:
    text = f"{OFFICER_HEADER}\n示例·国标,{new_id(5)},{MARKET},执法人员,否,否,40\n"
    exc = refusal(demo, import_officers, text.encode("gb18030"))
    assert "UTF-8" in exc.message_zh
    assert "CSV UTF-8" in exc.hint_zh


def test_blank_and_trailing_empty_rows_are_ignored(demo: Context) -> None:
    text = f"{OFFICER_HEADER}\n\n示例·空行,{new_id(6)},{MARKET},执法人员,否,否,40\n,,,,,,\n"
    report = run_officers(demo, text)
    assert (report.rows, report.imported) == (1, 1)


# ---------------------------------------------------------------------------- refusals


def messy_officers() -> str:
    good = new_id(10)
    lines = [
        OFFICER_HEADER,  # 1
        f"示例·正确甲,{good},{MARKET},执法人员,是,否,40",  # 2 good
        f"示例·校验码,{bad_check_digit(new_id(11))},{MARKET},执法人员,否,否,40",  # 3
        f"示例·无主体,{new_id(12)},{demo_uscc('11', 77)},执法人员,否,否,40",  # 4
        f"示例·类别,{new_id(13)},{MARKET},协管员,否,否,40",  # 5
        f"示例·布尔,{new_id(14)},{MARKET},执法人员,Y,否,-3",  # 6: two problems
        f",{new_id(15)},{MARKET},执法人员,否,否,40",  # 7 no name
        f'"示例·两行\n姓名",{new_id(16)},{URBAN},执法人员,否,否,40',  # 8-9: a newline in a name
        f"示例·重复,{good},{MARKET},执法人员,否,否,40",  # 10 same ID as line 2
        f"示例·已在册,{DEMO_OFFICER_1},{MARKET},执法人员,否,否,40",  # 11
        f"示例·学时,{new_id(17)},{MARKET},执法人员,否,否,4.5",  # 12
        f"示例·审核,{new_id(18)},{MARKET},辅助人员,否,是,8",  # 13
        f"示例·正确乙,{new_id(19)},{URBAN},网格员,否,否,8",  # 14 good
    ]
    return "\n".join(lines) + "\n"


def test_every_problem_is_reported_with_its_line_and_column_and_nothing_written(
    demo: Context,
) -> None:
    names_before = officer_names(demo)
    exc = refusal(demo, import_officers, messy_officers())
    assert where(exc.violations) == {
        ("第3行", "身份证号"),
        ("第4行", "所属执法主体统一社会信用代码"),
        ("第5行", "人员类别"),
        ("第6行", "法律职业资格"),
        ("第6行", "培训学时"),
        ("第7行", "姓名"),
        ("第8行", "姓名"),
        ("第10行", "身份证号"),
        ("第11行", "身份证号"),
        ("第12行", "培训学时"),
        ("第13行", "法制审核人员"),
    }
    assert exc.message_zh == "导入文件有 11 处错误，未导入任何记录"
    reasons = {(v.location, v.field): v.reason_zh for v in exc.violations}
    # the model's own messages are reused
    assert "校验码不正确" in reasons["第3行", "身份证号"]
    assert "与第2行重复" in reasons["第10行", "身份证号"]
    assert "示例市市场监督管理局" in reasons["第11行", "身份证号"]
    assert "不能为负数" in reasons["第6行", "培训学时"]
    assert "执法人员" in reasons["第5行", "人员类别"]
    assert officer_names(demo) == names_before


def test_partial_imports_only_the_good_lines(demo: Context) -> None:
    bodies, officers, creds, entries = counts(demo)
    report = run_officers(demo, messy_officers(), partial=True)
    assert report.imported == 2
    assert report.rows == 12  # lines 8-9 are one record
    assert report.skipped_lines == [3, 4, 5, 6, 7, 8, 10, 11, 12, 13]
    assert len(report.skipped) == 11
    assert counts(demo) == (bodies, officers + 2, creds, entries + 2)
    names = officer_names(demo)
    assert {"示例·正确甲", "示例·正确乙"} <= names
    assert not names & {"示例·校验码", "示例·重复", "示例·已在册", "示例·审核"}
    assert "跳过 10 行" in report.summary_zh()


def test_missing_columns_are_one_violation_on_line_1(demo: Context) -> None:
    text = "姓名,身份证号,人员类别\n示例·缺列,990102199001010012,执法人员\n"
    exc = refusal(demo, import_officers, text)
    assert len(exc.violations) == 1
    v = exc.violations[0]
    assert v.location == "第1行"
    assert v.field == "所属执法主体统一社会信用代码、法律职业资格、法制审核人员、培训学时"


def test_header_only_is_refused(demo: Context) -> None:
    exc = refusal(demo, import_officers, OFFICER_HEADER + "\n")
    assert "没有数据行" in exc.message_zh


def test_duplicate_id_number_within_the_file(demo: Context) -> None:
    same = new_id(20)
    text = (
        f"{OFFICER_HEADER}\n"
        f"示例·甲,{same},{MARKET},执法人员,否,否,40\n"
        f"示例·乙,{same.lower()},{URBAN},执法人员,否,否,40\n"
    )
    exc = refusal(demo, import_officers, text)
    assert where(exc.violations) == {("第3行", "身份证号")}
    assert "与第2行重复" in exc.violations[0].reason_zh


def test_excel_scientific_notation_gets_a_hint(demo: Context) -> None:
    text = f"{OFFICER_HEADER}\n示例·科学,9.90102E+17,{MARKET},执法人员,否,否,40\n"
    exc = refusal(demo, import_officers, text)
    assert "科学计数法" in exc.violations[0].reason_zh


def test_extra_cells_are_a_problem(demo: Context) -> None:
    text = f"{OFFICER_HEADER}\n示例·多列,{new_id(21)},{MARKET},执法人员,否,否,40,多余\n"
    exc = refusal(demo, import_officers, text)
    assert [v.location for v in exc.violations] == ["第2行"]
    assert "多于表头" in exc.violations[0].reason_zh


# ---------------------------------------------------------------------------- credentials


def test_credential_errors_are_all_reported(demo: Context) -> None:
    lines = [
        CREDENTIAL_HEADER,  # 1
        f"9901202600901,{DEMO_OFFICER_1},市场监管,990100,2026-01-01,2030-12-31",  # 2 good
        f"9901202600902,{new_id(30)},市场监管,990100,2026-01-01,2030-12-31",  # 3 nobody
        f"{DEMO_CREDENTIAL},{DEMO_OFFICER_1},市场监管,990100,2026-01-01,2030-12-31",  # 4
        f"9901202600901,{DEMO_OFFICER_1},市场监管,990100,2026-01-01,2030-12-31",  # 5 dup
        f"9901202600905,{DEMO_OFFICER_1},市场监管、烟草专卖,990100,2026-01-01,2030-12-31",  # 6
        f"9901202600906,{DEMO_OFFICER_1},市场监管,990100;990199,2026-01-01,2030-12-31",  # 7
        f"9901202600907,{DEMO_OFFICER_1},市场监管,990100,2026-02-30,2030/12/31",  # 8: two
        f"9901202600908,{DEMO_OFFICER_1},市场监管,990100,2026-01-01,2025-12-31",  # 9
        f"9901202600909,{DEMO_AUXILIARY},市场监管,990100,2026-01-01,2030-12-31",  # 10
        f"9901202600910,{DEMO_OFFICER_1},,990100,2026-01-01,2030-12-31",  # 11
    ]
    exc = refusal(demo, import_credentials, "\n".join(lines))
    assert where(exc.violations) == {
        ("第3行", "身份证号"),
        ("第4行", "执法证号"),
        ("第5行", "执法证号"),
        ("第6行", "执法领域"),
        ("第7行", "执法区域"),
        ("第8行", "有效期起"),
        ("第8行", "有效期止"),
        ("第9行", "有效期止"),
        ("第10行", "身份证号"),
        ("第11行", "执法领域"),
    }
    reasons = {(v.location, v.field): v.reason_zh for v in exc.violations}
    assert "已存在" in reasons["第4行", "执法证号"]
    assert "与第2行重复" in reasons["第5行", "执法证号"]
    assert "烟草专卖" in reasons["第6行", "执法领域"]
    assert "990199" in reasons["第7行", "执法区域"]
    assert "早于" in reasons["第9行", "有效期止"]
    assert "准则》第一条" in reasons["第10行", "身份证号"]
    assert exc.article is None  # not every problem is an article-1 refusal


def test_credential_for_an_auxiliary_is_refused_citing_article_1(demo: Context) -> None:
    text = f"{CREDENTIAL_HEADER}\n9901202600999,{DEMO_AUXILIARY},市场监管,990100,2026-01-01,2030-12-31\n"
    exc = refusal(demo, import_credentials, text)
    assert where(exc.violations) == {("第2行", "身份证号")}
    reason = exc.violations[0].reason_zh
    assert "辅助人员不得持有行政执法证件" in reason
    assert "《行政执法人员行为准则》第一条" in reason
    assert exc.article == 1
    assert exc.article_zh == "《行政执法人员行为准则》第一条"


def test_credentials_partial(demo: Context) -> None:
    text = (
        f"{CREDENTIAL_HEADER}\n"
        f"9901202600801,{DEMO_OFFICER_1},市场监管,990100,2026-01-01,2030-12-31\n"
        f"9901202600802,{DEMO_AUXILIARY},市场监管,990100,2026-01-01,2030-12-31\n"
    )
    report = run_credentials(demo, text, partial=True)
    assert report.created == ["9901202600801"]
    assert report.skipped_lines == [3]
    with demo.read() as s:
        assert s.get(CredentialRow, "9901202600802") is None


def test_credentials_find_officers_imported_earlier(demo: Context) -> None:
    person = new_id(40)
    run_officers(demo, f"{OFFICER_HEADER}\n示例·新人,{person},{URBAN},执法人员,否,否,40\n")
    report = run_credentials(
        demo, f"{CREDENTIAL_HEADER}\n9902202600401,{person},城市管理,990100,2026-01-01,2030-12-31\n"
    )
    assert report.imported == 1
    with demo.read() as s:
        holder = s.get_one(OfficerRow, s.get_one(CredentialRow, "9902202600401").officer_id)
        assert holder.name == "示例·新人"


# ---------------------------------------------------------------------------- CLI


@pytest.fixture
def cli_env(demo: Context, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The CLI reads settings from the environment: point it at the test's database."""
    env = {
        "ZHIFA_MODE": "test",
        "ZHIFA_DATABASE_URL": demo.settings.effective_database_url,
        "ZHIFA_DATA_DIR": str(demo.settings.data_dir),
        "COLUMNS": "250",
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()
    yield env
    get_settings.cache_clear()


def test_cli_imports_a_valid_file(demo: Context, cli_env: dict[str, str]) -> None:
    before = counts(demo)
    result = CliRunner().invoke(import_app, ["officers", str(SAMPLES / "officers.csv")])
    assert result.exit_code == 0, result.output
    assert "已导入人员 6 名" in result.stdout
    assert counts(demo)[1] == before[1] + 6
    result = CliRunner().invoke(import_app, ["credentials", str(SAMPLES / "credentials.csv")])
    assert result.exit_code == 0, result.output
    assert "已导入执法证 5 张" in result.stdout


def test_cli_rejects_a_bad_file_with_exit_2_and_a_table(
    demo: Context, cli_env: dict[str, str], tmp_path: Path
) -> None:
    file = tmp_path / "messy.csv"
    file.write_text(messy_officers(), encoding="utf-8-sig")
    before = counts(demo)
    result = CliRunner().invoke(import_app, ["officers", str(file)])
    assert result.exit_code == 2
    assert "导入文件有 11 处错误，未导入任何记录" in result.stderr
    for cell in ("第3行", "第13行", "所属执法主体统一社会信用代码", "法制审核人员", "原因"):
        assert cell in result.stderr
    assert "--partial" in result.stderr
    assert counts(demo) == before


def test_cli_partial_prints_the_skipped_lines_and_exits_0(
    demo: Context, cli_env: dict[str, str], tmp_path: Path
) -> None:
    file = tmp_path / "messy.csv"
    file.write_text(messy_officers(), encoding="utf-8")
    before = counts(demo)
    result = CliRunner().invoke(import_app, ["officers", str(file), "--partial"])
    assert result.exit_code == 0, result.output
    assert "跳过的行" in result.stdout
    assert "第12行" in result.stdout
    assert "已导入人员 2 名" in result.stdout
    assert "跳过 10 行" in result.stdout
    assert counts(demo)[1] == before[1] + 2


def test_cli_missing_file_exits_2(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = CliRunner().invoke(import_app, ["credentials", str(tmp_path / "none.csv")])
    assert result.exit_code == 2
