"""The command line's conventions (console.py): what ruff and datasette users expect.

Severity on every line and a threshold; unknown selectors refused; ``-o`` for every format with
``-`` for standard output and the format from the extension; read-only commands that never create
a database; ``-h``; click's own errors in Chinese and English with "did you mean"; the grouped
command list; render's progress, its warning for a package with errors, and ``--prior`` / ``compare``
refusing mismatched budgets unless asked.
"""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import seed_path
from storedb import edited, engine_for, store_files
from yusuan.cli import main

LINE = re.compile(r"^(?P<file>.+?)(:(?P<line>\d+))?: (?P<severity>错误|警告|提示) \[(?P<code>[A-Z]\d{3})\] .+$")


def cli(*args: str):
    """Run yusuan in-process; stdout and stderr apart, as a shell sees them."""
    return CliRunner(mix_stderr=False).invoke(main, [str(a) for a in args], catch_exceptions=False)


def bilingual(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and bool(re.search(r"[A-Za-z]{4,}", text))


# --------------------------------------------------------------------------- severity


def test_severity_threshold_leaves_out_the_rounding_notes():
    everything = cli("check", seed_path("003"))
    assert everything.exit_code == 1
    severities = [LINE.match(x)["severity"] for x in everything.stdout.splitlines()[:-1]]
    assert (severities.count("错误"), severities.count("警告"), severities.count("提示")) == (1, 1, 18)
    r = cli("check", seed_path("003"), "--severity", "warning")
    assert r.exit_code == 1
    *body, counts = r.stdout.splitlines()
    assert [(LINE.match(x)["severity"], LINE.match(x)["code"]) for x in body] == [("错误", "X113"), ("警告", "P105")]
    assert counts.endswith("错误 1，警告 1，提示 0")
    errors_only = cli("check", seed_path("003"), "--severity", "error", "--format", "json")
    assert [f["code"] for f in json.loads(errors_only.stdout)["findings"]] == ["X113"]


# --------------------------------------------------------------------------- selectors


@pytest.mark.parametrize("option, value, closest", [("--select", "Z999", None), ("--select", "k", "K"),
                                                    ("--ignore", "X1133", "X113"), ("--select", "A,N1O1", "N101")])
def test_unknown_selectors_are_refused_with_the_closest_code(option, value, closest):
    r = cli("check", seed_path("003"), option, value)
    assert r.exit_code == 2 and r.stdout == ""
    assert bilingual(r.stderr) and "yusuan rules" in r.stderr
    bad = value.split(",")[-1]
    assert f"{option} {bad}" in r.stderr
    if closest:
        assert f"是否要用 {closest}？" in r.stderr and f"did you mean {closest}?" in r.stderr


def test_check_store_selectors_are_the_store_rules(tmp_path):
    db = tmp_path / "s.db"
    engine_for(f"sqlite:///{db}").dispose()
    assert cli("check-store", "--db", db, "--select", "S1").exit_code == 0
    r = cli("check-store", "--db", db, "--select", "S1O1")
    assert r.exit_code == 2 and "S101" in r.stderr


# --------------------------------------------------------------------------- -o


def test_text_and_json_go_to_the_output_file(tmp_path):
    out = tmp_path / "findings" / "003.txt"
    r = cli("check", seed_path("003"), "-o", out)
    assert r.exit_code == 1 and r.stdout == "" and str(out) in r.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 21 and LINE.match(lines[0]) and lines[-1].endswith("错误 1，警告 1，提示 18")
    as_json = tmp_path / "003.json"  # the format from the extension
    assert cli("check", seed_path("003"), "-o", as_json).exit_code == 1
    assert json.loads(as_json.read_text(encoding="utf-8"))["counts"] == {"error": 1, "warning": 1, "info": 18}
    facts = tmp_path / "facts.json"
    assert cli("facts", seed_path("003"), "-o", facts).exit_code == 0
    assert {x["table"] for x in json.loads(facts.read_text(encoding="utf-8"))} >= {"fiscal_summary", "procurement"}
    doc = tmp_path / "003.read.json"
    assert cli("read", seed_path("003"), "-o", doc).exit_code == 0
    assert json.loads(doc.read_text(encoding="utf-8"))["year"] == 2024


def test_html_report_to_a_file_or_standard_output(tmp_path):
    page = tmp_path / "003.html"
    r = cli("check", seed_path("003"), "-o", page)
    assert r.exit_code == 1 and page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    r = cli("check", seed_path("003"), "--format", "html", "-o", "-")
    assert r.stdout.startswith("<!DOCTYPE html>") and "X113" in r.stdout


def test_several_html_reports_need_a_directory(tmp_path):
    target = tmp_path / "x.html"
    r = cli("check", seed_path("003"), seed_path("004"), "--format", "html", "-o", target)
    assert r.exit_code == 2 and not target.exists()
    assert "-o" in r.stderr and bilingual(r.stderr)
    pages = tmp_path / "pages"
    assert cli("check", seed_path("003"), seed_path("004"), "--format", "html", "-o", pages).exit_code == 1
    assert sorted(p.name for p in pages.iterdir()) == [seed_path("003").stem + ".html", seed_path("004").stem + ".html"]


def test_a_format_that_contradicts_the_extension_is_refused(tmp_path):
    r = cli("check", seed_path("003"), "--format", "json", "-o", tmp_path / "r.html")
    assert r.exit_code == 2 and not (tmp_path / "r.html").exists() and ".html" in r.stderr
    r = cli("render", seed_path("003"), "--to", "pdf", "-o", tmp_path / "out.xlsx")
    assert r.exit_code == 2 and not (tmp_path / "out.xlsx").exists() and bilingual(r.stderr)
    r = cli("render", seed_path("003"), "-o", tmp_path / "out.bin")
    assert r.exit_code == 2 and "--to" in r.stderr


def test_render_takes_the_format_from_the_extension_and_dash_is_stdout(tmp_path):
    out = tmp_path / "book.xlsx"
    r = cli("render", seed_path("003"), "-o", out, "-q")
    assert r.exit_code == 0 and out.read_bytes()[:2] == b"PK" and r.stderr.splitlines()[-1] == str(out)
    r = cli("render", seed_path("003"), "--to", "md", "-o", "-", "-q")
    assert r.exit_code == 0 and r.stdout.startswith("# ") and "2024" in r.stdout
    assert not (tmp_path / "-").exists()


def test_render_says_what_it_does():
    r = cli("render", seed_path("003"), "--to", "html", "-o", "-")
    steps = [x for x in r.stderr.splitlines() if x.startswith("· ")]
    assert [s.split(" / ")[0] for s in steps] == ["· 读取", "· 生成HTML 页面", "· 完成"]
    assert all(re.search(r"（\d+\.\d 秒 / s）$", s) for s in steps)


# --------------------------------------------------------------------------- render: errors and --prior


def test_render_names_the_errors_of_the_package(tmp_path):
    r = cli("render", seed_path("002"), "-o", tmp_path / "002.md", "-q")
    assert r.exit_code == 0
    first, *named = r.stderr.splitlines()
    assert first.startswith("yusuan: 注意：") and "X120" in first and "warning" in first
    assert any("[X120]" in x for x in named)
    assert cli("render", seed_path("004"), "-o", tmp_path / "004.md", "-q").stderr.strip() == str(tmp_path / "004.md")


@pytest.fixture(scope="module")
def years_003(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("years")
    return {2023: edited("003", tmp, "003_2023.txt", ("2024", "2023")),
            2021: edited("003", tmp, "003_2021.txt", ("2024", "2021"))}


def test_prior_of_another_unit_or_year_is_refused_unless_forced(tmp_path, years_003):
    out = tmp_path / "draft.md"
    r = cli("render", seed_path("003"), "-o", out, "--prior", seed_path("000"))
    assert r.exit_code == 2 and not out.exists()
    assert "另一个单位" in r.stderr and "212002" in r.stderr and "--force" in r.stderr and bilingual(r.stderr)
    r = cli("render", seed_path("003"), "-o", out, "--prior", years_003[2021])
    assert r.exit_code == 2 and "2021 年" in r.stderr and "应为 2023 年" in r.stderr
    r = cli("render", seed_path("003"), "-o", out, "--prior", years_003[2021], "--force", "-q")
    assert r.exit_code == 0 and out.exists()


def test_prior_of_the_year_before_is_taken_and_the_years_said(tmp_path, years_003):
    r = cli("render", seed_path("003"), "-o", tmp_path / "draft.md", "--prior", years_003[2023])
    assert r.exit_code == 0, r.stderr
    assert f"本年 2024 年，上年 2023 年取自 {years_003[2023]}" in r.stderr


# --------------------------------------------------------------------------- the store: read-only, compare


@pytest.mark.parametrize("args", [["units"], ["show", "124"], ["compare", "124", "--years", "2023", "2024"],
                                  ["export", "--to", "csv", "{tmp}/out.csv"], ["check-store"]])
def test_read_only_commands_never_create_a_database(args, tmp_path):
    db = tmp_path / "typo.db"
    r = cli(*[a.format(tmp=tmp_path) for a in args], "--db", db)
    assert r.exit_code == 2 and not db.exists()
    assert "没有这个数据库" in r.stderr and "no such database" in r.stderr and str(db) in r.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("store")
    db = tmp / "store.db"
    engine = engine_for(f"sqlite:///{db}")
    store_files(engine, [seed_path("000"), seed_path("003"), edited("003", tmp, "003_2023.txt", ("2024", "2023"))])
    engine.dispose()
    return db


def test_compare_units_without_a_common_year_is_refused_unless_forced(store):
    r = cli("compare", "--units", "212002", "124", "--db", store)
    assert r.exit_code == 0, r.stderr  # 2023 is the year both have
    assert r.stdout.splitlines()[0] == ("比较 / comparing: 212002-重庆市綦江区社会保险事务中心（2023 年）→ "
                                        "124-重庆市大渡口区社会保险事务中心（2023 年）")
    r = cli("compare", "--units", "212002", "124", "--db", store, "--year", "2024")
    assert r.exit_code == 2 and "2024" in r.stderr and "已入库的年度：2023" in r.stderr


def test_compare_units_with_no_common_year(tmp_path):
    db = tmp_path / "s.db"
    engine = engine_for(f"sqlite:///{db}")
    store_files(engine, [seed_path("000"), seed_path("003")])  # 2023 and 2024
    engine.dispose()
    r = cli("compare", "--units", "212002", "124", "--db", db)
    assert r.exit_code == 2 and r.stdout == ""
    assert "没有共同的年度" in r.stderr and "2023" in r.stderr and "2024" in r.stderr and "--force" in r.stderr
    r = cli("compare", "--units", "212002", "124", "--db", db, "--force", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert (data["left_year"], data["right_year"]) == (2023, 2024)


def test_show_a_missing_year_names_the_stored_ones(store):
    r = cli("show", "124", "--year", "2022", "--db", store)
    assert r.exit_code == 2
    assert "库中没有“124” 2022 年的预算（已入库的年度：2023、2024）" in r.stderr


# --------------------------------------------------------------------------- help and click's own errors


def test_dash_h_and_the_grouped_command_list():
    r = cli("-h")
    assert r.exit_code == 0
    text = r.stdout
    files, store = text.index("文件：读取、检查、生成"), text.index("数据库：入库、查询、比较、导出")
    assert files < store
    listed = re.findall(r"^  (\S+)\s", text[files:], re.M)
    assert listed == ["check", "read", "facts", "ledger", "render", "template", "prepare", "rules", "catalog", "demo",
                      "import", "units", "show", "compare", "export", "check-store", "serve", "warm", "user"]
    flat = re.sub(r"\s+", "", text)  # whole summaries, wrapped but never cut
    assert re.sub(r"\s+", "", "逐表逐行对比：同一单位的两个年度，或同一年度的两个单位（增减额精确，百分比两位小数、四舍五入）。"
                  "Compare each table's rows: a unit in two years, or two units in one year.") in flat
    assert not re.search(r"\.\.\.$", text[files:], re.M)
    sub = cli("check", "-h")
    assert sub.exit_code == 0 and "--severity" in sub.stdout and "用法 / Usage:" in sub.stdout


@pytest.mark.parametrize("args, words", [
    (["chek", "x.txt"], ["没有命令 chek", "是否要用 check？", "no such command 'chek'", "did you mean check?"]),
    (["check", "x.txt", "--fromat", "json"], ["没有选项 --fromat", "是否要用 --format？", "Did you mean --format?"]),
    (["check", "x.txt", "--format", "htm"], ["--format 的值无效", "是否要用 html？", "did you mean html?"]),
    (["check"], ["缺少参数 FILES", "Missing argument"]),
    (["compare", "--years", "2023"], ["选项 --years 用法不对", "requires 2 arguments"]),
    (["show", "124", "--year", "last"], ["--year 的值无效", "is not a valid integer"]),
])
def test_click_errors_in_chinese_and_english(args, words):
    r = cli(*args)
    assert r.exit_code == 2 and r.stdout == ""
    for w in words:
        assert w in r.stderr, (w, r.stderr)
    assert "错误 / Error:" in r.stderr and "查看帮助 / Try" in r.stderr and "-h' for help" in r.stderr
