"""``yusuan check`` and ``yusuan rules`` as a user runs them (DESIGN.md §4, contract).

Text lines are ``file:line: 级别 [CODE] message`` (级别 错误 / 警告 / 提示) and end with a counts line; ``--format json`` is
``{"file", "findings": [{code, severity, message, table, row, column, expected, actual, source}]}``
(a list for several files); ``--format html -o DIR`` writes one standalone page per file with
every error cell marked. Exit codes: 0 no error, 1 errors, 2 a file could not be read.
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "disclosures"


def seed_path(number: str) -> Path:
    return sorted(SEEDS.glob(f"{number}_*.txt"))[0]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "yusuan.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=300)


# a whole-file finding (a missing table, no narrative) has no line: ``file: 错误 [C104] message``
LINE = re.compile(r"^(?P<file>.+?)(:(?P<line>\d+))?: (?P<severity>错误|警告|提示) \[(?P<code>[AXNCKPRE]\d{3})\] "
                  r"(?P<message>.+)$")
SEVERITY = {"错误": "error", "警告": "warning", "提示": "info"}
COUNTS = re.compile(r"^(?P<file>.+): 错误 (?P<error>\d+)，警告 (?P<warning>\d+)，提示 (?P<info>\d+)$")

# A small package whose 一般公共预算支出表 breaks a row identity (A101 error) and carries a tail (A102).
BROKEN = """某单位2024年部门预算

某单位一般公共预算财政拨款支出预算表
单位：万元
科目编码|科目名称|小计|基本支出|项目支出
|合计|100.00|70.00|30.00
208|社会保障和就业支出|80.00|50.00|30.00
20801|人力资源和社会保障管理事务|80.00|50.00|30.00
2080101|行政运行|50.00|45.00|
2080199|其他人力资源和社会保障管理事务支出|30.00||30.00
210|卫生健康支出|20.00|20.00|
21011|行政事业单位医疗|20.00|20.00|
2101101|行政单位医疗|20.00|20.00|
""".replace("|", "\t")


@pytest.fixture
def broken(tmp_path) -> Path:
    path = tmp_path / "broken.txt"
    path.write_text(BROKEN, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- text


def test_text_lines_and_counts_line():
    path = seed_path("000")
    r = run("check", str(path), "--format", "text")
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    *body, last = lines
    assert body
    for line in body:
        m = LINE.match(line)
        assert m, line
        assert m["file"] == str(path)
    m = COUNTS.match(last)
    assert m and m["file"] == str(path)
    codes = [LINE.match(line)["code"] for line in body]
    lines = [int(LINE.match(line)["line"] or 0) for line in body]
    assert lines == sorted(lines) and max(lines) > 500  # reading order, down to the project tables
    assert int(m["error"]) + int(m["warning"]) + int(m["info"]) == len(body)
    assert int(m["error"]) == 10
    # seed 000 line 29: 20801 printed “人力资源和社会保险管理事务”
    assert any(line.startswith(f"{path}:29: 错误 [K102] ") for line in body)
    severities = [SEVERITY[LINE.match(line)["severity"]] for line in body]
    assert severities.count("error") == int(m["error"]) and severities.count("info") == int(m["info"])
    assert "C105" in codes and "X103" in codes


def test_text_default_format_is_text(broken):
    r = run("check", str(broken))
    assert r.returncode == 1
    assert f"{broken}:9: 错误 [A101] " in r.stdout
    assert COUNTS.match(r.stdout.splitlines()[-1])


def test_exit_0_for_warnings_only():
    r = run("check", str(seed_path("004")))
    assert r.returncode == 0, r.stdout
    m = COUNTS.match(r.stdout.splitlines()[-1])
    assert (m["error"], m["warning"]) == ("0", "4")
    assert {LINE.match(line)["code"] for line in r.stdout.splitlines()[:-1]} == {"K103", "K104"}
    assert r.stderr == ""


def test_exit_1_when_any_file_has_errors():
    r = run("check", str(seed_path("004")), str(seed_path("003")))
    assert r.returncode == 1
    counts = [COUNTS.match(line) for line in r.stdout.splitlines() if COUNTS.match(line)]
    assert [(m["file"], m["error"]) for m in counts] == [(str(seed_path("004")), "0"), (str(seed_path("003")), "1")]


# --------------------------------------------------------------------------- unreadable files: exit 2 (R001)


def test_missing_file_exits_2_and_the_good_file_is_still_checked(tmp_path):
    missing = tmp_path / "missing.txt"
    r = run("check", str(missing), str(seed_path("004")))
    assert r.returncode == 2
    assert str(missing) in r.stderr and "Traceback" not in r.stderr
    assert COUNTS.match(r.stdout.splitlines()[-1])["file"] == str(seed_path("004"))


def test_non_disclosure_exits_2_even_after_a_file_with_errors(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("会议纪要\n今天讨论了工作安排。\n明天继续。\n后天休息。\n周五汇报。\n", encoding="utf-8")
    r = run("check", str(seed_path("003")), str(junk), "--format", "json")
    assert r.returncode == 2
    assert str(junk) in r.stderr and "Traceback" not in r.stderr
    report = json.loads(r.stdout)  # the readable file is still reported
    report = report[0] if isinstance(report, list) else report
    assert report["file"] == str(seed_path("003"))
    assert [f["code"] for f in report["findings"] if f["severity"] == "error"] == ["X113"]


def test_binary_file_exits_2(tmp_path):
    pdf = tmp_path / "scan.txt"
    pdf.write_bytes(b"%PDF-1.4\n\x00\x01\x02\xff\xfe binary")
    r = run("check", str(pdf))
    assert r.returncode == 2
    assert str(pdf) in r.stderr and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- json


FINDING_KEYS = {"code", "severity", "message", "table", "row", "column", "expected", "actual", "source"}


def test_json_contract_for_one_file():
    path = seed_path("001")
    r = run("check", str(path), "--format", "json")
    assert r.returncode == 1
    report = json.loads(r.stdout)
    assert isinstance(report, dict)
    assert report["file"] == str(path)
    assert report["findings"]
    for f in report["findings"]:
        assert FINDING_KEYS <= set(f), f
        assert f["severity"] in ("error", "warning", "info")
        assert re.fullmatch(r"[AXNCKPRE]\d{3}", f["code"])
        assert f["source"]["file"] == str(path)
        for key in ("expected", "actual"):
            assert f[key] is None or isinstance(f[key], str)
    gap = [f for f in report["findings"] if f["code"] == "X113"]
    assert [(f["severity"], f["table"], f["column"], f["expected"], f["actual"], f["source"]["line"]) for f in gap] == [
        ("error", "project_performance", "total", "3448.02", "3122.05", 572)]
    tails = [f for f in report["findings"] if f["code"] == "X104"]
    assert {(f["severity"], f["row"], f["expected"], f["actual"]) for f in tails} == {
        ("info", "out.current", "4284.88", "4284.87"), ("info", "208", "3649.83", "3649.82")}


def test_json_list_for_several_files():
    r = run("check", str(seed_path("003")), str(seed_path("004")), "--format", "json")
    assert r.returncode == 1
    reports = json.loads(r.stdout)
    assert [x["file"] for x in reports] == [str(seed_path("003")), str(seed_path("004"))]
    assert [sorted({f["code"] for f in x["findings"] if f["severity"] == "error"}) for x in reports] == [["X113"], []]


def test_json_and_text_report_the_same_findings():
    path = seed_path("002")
    text = run("check", str(path)).stdout.splitlines()[:-1]
    data = json.loads(run("check", str(path), "--format", "json").stdout)
    assert [(LINE.match(t)["code"], SEVERITY[LINE.match(t)["severity"]], LINE.match(t)["message"]) for t in text] == \
        [(f["code"], f["severity"], f["message"]) for f in data["findings"]]


# --------------------------------------------------------------------------- select / ignore


def codes_of(*args: str) -> list[str]:
    r = run("check", *args, "--format", "json")
    data = json.loads(r.stdout)
    return sorted({f["code"] for f in data["findings"]})


def test_select_by_prefix():
    path = str(seed_path("000"))
    assert codes_of(path, "--select", "X") == ["X103", "X112"]
    assert codes_of(path, "--select", "A10") == ["A101", "A102", "A104"]
    assert codes_of(path, "--select", "K102") == ["K102"]


def test_select_several_and_comma_separated():
    path = str(seed_path("000"))
    assert codes_of(path, "--select", "C104,K") == ["C104", "K102"]
    assert codes_of(path, "--select", "C104", "--select", "K") == ["C104", "K102"]


def test_ignore_by_prefix():
    path = str(seed_path("000"))
    everything = codes_of(path)
    assert "P103" in everything and "A101" in everything
    assert codes_of(path, "--ignore", "P,A") == [c for c in everything if c[0] not in "PA"]
    assert codes_of(path, "--select", "A", "--ignore", "A10") == []
    assert codes_of(path, "--select", "A1", "--ignore", "A101,A102") == ["A104"]


def test_exit_code_follows_the_selection():
    path = str(seed_path("000"))
    assert run("check", path, "--select", "A").returncode == 0  # only tails
    assert run("check", path, "--select", "X103").returncode == 1
    assert run("check", path, "--ignore", "C,K,X").returncode == 0


# --------------------------------------------------------------------------- html


ERROR_CELL = re.compile(r'<td id="(?P<id>[^"]+)" class="n error" title="(?P<title>[^"]*)">')


def test_html_one_standalone_page_per_file(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    r = run("check", str(seed_path("000")), str(seed_path("004")), "--format", "html", "-o", str(out))
    assert r.returncode == 1
    pages = sorted(p.name for p in out.iterdir())
    assert pages == [seed_path("000").stem + ".html", seed_path("004").stem + ".html"]
    page = (out / pages[0]).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<style>" in page and not re.search(r"<(link|script)\b[^>]*(href|src)=", page)  # standalone
    assert "重庆市綦江区社会保险事务中心" in page
    assert "错误 10" in page


def test_html_marks_the_error_cell(broken, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    r = run("check", str(broken), "--format", "html", "-o", str(out))
    assert r.returncode == 1
    page = (out / "broken.html").read_text(encoding="utf-8")
    cells = {m["id"]: html.unescape(m["title"]) for m in ERROR_CELL.finditer(page)}
    [(cell, title)] = [(k, v) for k, v in cells.items() if "[A101]" in v]
    assert "2080101" in cell and cell.endswith("total")
    assert title.startswith("[A101] ")
    assert f'href="#{cell}"' in page  # the listing links to the cell


def error_findings_with_cells(number: str) -> list[dict]:
    data = json.loads(run("check", str(seed_path(number)), "--format", "json").stdout)
    return [f for f in data["findings"] if f["severity"] == "error" and f["table"] and f["row"] and f["column"]]


@pytest.mark.parametrize("number", ["000", "001"])
def test_html_every_error_with_a_cell_is_marked(number, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    run("check", str(seed_path(number)), "--format", "html", "-o", str(out))
    page = (out / (seed_path(number).stem + ".html")).read_text(encoding="utf-8")
    marked = [html.unescape(m["title"]) for m in ERROR_CELL.finditer(page)]
    wanted = error_findings_with_cells(number)
    assert wanted  # 000: X103 ×3, X112; 001: X103 ×3, X112 ×2, P101 ×2, P108 ×2
    unmarked = [(f["code"], f["table"], f["row"], f["column"]) for f in wanted
                if not any(f"[{f['code']}] {f['message']}" in title for title in marked)]
    assert unmarked == []


# --------------------------------------------------------------------------- rules


def test_rules_lists_every_code():
    from yusuan.rules import REGISTRY
    r = run("rules")
    assert r.returncode == 0, r.stderr
    listed = re.findall(r"^([AXNCKPRE]\d{3})  \[(error|warning|info)\]  (.+)$", r.stdout, re.M)
    assert [(c, s, t) for c, s, t in listed] == [
        (x.code, x.severity.value, x.title + ("（试行）" if x.status == "preview" else "")) for x in REGISTRY]
    assert "检查：" in r.stdout and "原因：" in r.stdout and "例：" in r.stdout


def test_rules_json():
    from yusuan.rules import REGISTRY
    r = run("rules", "--format", "json")
    assert r.returncode == 0, r.stderr
    rules = json.loads(r.stdout)
    assert [x["code"] for x in rules] == [x.code for x in REGISTRY]
    for x in rules:
        assert set(x) >= {"code", "severity", "title", "what", "why", "example"}
        assert all(isinstance(x[k], str) and x[k] for k in ("title", "what", "why", "example")), x["code"]
        assert x["severity"] in ("error", "warning", "info")
    by_code = {x["code"]: x for x in rules}
    assert by_code["X113"]["severity"] == "error" and "325.97" in by_code["X113"]["example"]
    assert by_code["R001"]["severity"] == "error"


def test_json_findings_from_a_workbook_name_sheet_and_cell(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
    from make_office import seed_items, write_xlsx
    book = tmp_path / "003.xlsx"
    write_xlsx(seed_items(seed_path("003")), book)
    out = json.loads(run("check", "--format", "json", "--select", "A,X", str(book)).stdout)
    sources = [f["source"] for f in out["findings"] if f["severity"] == "error"]
    assert sources and all(s["file"] == str(book) and s["sheet"] and re.fullmatch(r"[A-Z]+\d+", s["cell"] or "")
                           for s in sources if s.get("cell"))
    assert any(s.get("cell") for s in sources)


@pytest.mark.parametrize("args", [["check", "--format", "html", "-o", "/proc/yusuan/report.html"],
                                  ["render", "--to", "md", "-o", "/proc/yusuan/draft.md"]])
def test_an_output_that_cannot_be_written_is_a_message(args):
    done = run(args[0], str(seed_path("003")), *args[1:])
    assert done.returncode == 2 and "无法写入" in done.stderr and "Traceback" not in done.stderr
