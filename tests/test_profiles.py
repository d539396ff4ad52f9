"""Regional profiles are data: a region's table set (titles, order, numbering) added by one file, with no
code change, is recognised by the reader and laid out by the renderer."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.read import read_file
from yusuan.render.html import html
from yusuan.render.layout import layouts
from yusuan.catalog.specs import profile, profiles, spec, table_specs
from yusuan.catalog.vocabulary import KIND_NAMES, kind_of_title

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "disclosures" / "003_125ac91881a2613a.txt"
UNIT = "重庆市大渡口区社会保险事务中心"

TESTLAND = """
# a made-up region: its own title for the 政府性基金 table, its own order and numbering
id = "testland"
name = "测试省"
numbering = "第{n}号表"
order = ["summary", "gov_fund_expenditure", "fiscal_summary", "general_expenditure", "basic_expenditure",
         "three_public", "revenue", "expenditure", "procurement"]

[titles]
gov_fund_expenditure = "土地及专项基金安排表"
summary = "部门收支一览表"
"""


def _cli(*args, profiles_dir=None):
    env = dict(os.environ, YUSUAN_PROFILES=str(profiles_dir)) if profiles_dir else None
    return subprocess.run([sys.executable, "-m", "yusuan.cli", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env)


@pytest.fixture
def testland(tmp_path):
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "testland.toml").write_text(TESTLAND, encoding="utf-8")
    doc = tmp_path / "doc.txt"  # the seed with its 政府性基金 table under the region's own title
    doc.write_text(SEED.read_text(encoding="utf-8").replace(f"{UNIT}政府性基金预算支出表", f"{UNIT}土地及专项基金安排表"),
                   encoding="utf-8")
    return tmp_path / "profiles", doc


def _kinds(done):
    assert done.returncode == 0, done.stderr
    return [(t["title"].replace(UNIT, ""), t["kind"], t.get("recognition")) for t in json.loads(done.stdout)["tables"]]


def test_a_new_regions_titles_are_recognised_from_its_data_file_alone(testland):
    folder, doc = testland
    without = dict((title, (kind, how)) for title, kind, how in _kinds(_cli("read", doc)))
    assert without["土地及专项基金安排表"][0] != "gov_fund_expenditure"  # a guess by content, and a wrong one
    with_it = dict((title, (kind, how)) for title, kind, how in _kinds(_cli("read", doc, profiles_dir=folder)))
    assert with_it["土地及专项基金安排表"] == ("gov_fund_expenditure", None)  # by its title


def test_a_new_regions_order_numbering_and_titles_are_rendered_from_its_data_file_alone(testland, tmp_path):
    folder, doc = testland
    out = tmp_path / "out.html"
    done = _cli("render", doc, "--template", "testland", "-o", out, "-q", profiles_dir=folder)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    headings = re.findall(r"第(\d)号表\s*(?:</[^>]+>\s*<[^>]+>\s*)*" + UNIT + r"([^<]+)<", page)
    assert [(n, title) for n, title in headings][:3] == [
        ("1", "部门收支一览表"), ("2", "土地及专项基金安排表"), ("3", KIND_NAMES["fiscal_summary"])]
    assert _cli("render", doc, "--template", "testland", "-o", out).returncode == 2  # not known without its file


def test_the_bundled_profiles_and_specs():
    assert {p.id for p in profiles()} >= {"national", "chongqing", "henan", "shanghai", "national_final"}
    assert profile("mof143") is profile("national")
    assert profile("chongqing").order[0] == "fiscal_summary" and profile("national").order[0] == "summary"
    assert profile("shanghai").title("general_expenditure") == "部门一般公共预算支出功能分类预算表"
    assert spec("general_expenditure").rows == "functional" and dict(spec("basic_expenditure").dims) == {
        "fund": "general_budget", "purpose": "basic"}
    assert {s.kind for s in table_specs()} == set(KIND_NAMES)
    # a region's own title names its table where the general patterns would not
    assert kind_of_title("2024年预算单位一般公共预算基本支出部门预算经济分类预算表") == "basic_expenditure"
    assert kind_of_title("2023 年政府性基金支出预算表") == "gov_fund_expenditure"


FINAL_FIXTURE = ROOT / "tests" / "fixtures" / "final_2024.txt"
FINALLAND = """
# a made-up 决算 set: its own title for the 一般公共预算 table, its own header for it, no 栏次 row nor
# 行次 column, no 编制单位 line
id = "finalland"
name = "测试省部门决算"
family = "final_accounts"
numbering = "决算{n}表"
order = ["final_general_expenditure", "final_summary"]

[titles]
final_general_expenditure = "财力安排决算明细表"

[layout]
band = "科目"

[heads]
final_general_expenditure = [{ "支出决算" = ["合计 = total", "基本支出 = basic", "项目支出 = project"] },
                             "全年预算数 = full_year_budget", "年初预算数 = initial_budget"]
"""


def test_a_made_up_final_profile_gives_a_table_its_own_title_and_header_from_its_data_file_alone(tmp_path, monkeypatch):
    (tmp_path / "finalland.toml").write_text(FINALLAND, encoding="utf-8")
    doc_file = tmp_path / "final.txt"
    doc_file.write_text(FINAL_FIXTURE.read_text(encoding="utf-8").replace(
        "\n一般公共预算财政拨款支出决算表\n", "\n财力安排决算明细表\n"), encoding="utf-8")
    kind_of_title.cache_clear()
    assert read_file(doc_file).table("final_general_expenditure") is None  # not known without the file
    monkeypatch.setenv("YUSUAN_PROFILES", str(tmp_path))
    kind_of_title.cache_clear()
    doc = read_file(doc_file)
    t = doc.table("final_general_expenditure")
    assert t is not None and t.row("total").value("total") == Decimal("492.99")

    own = layouts(doc, "finalland")
    unit = "示范县就业服务中心"  # its titles name the unit, as a budget's do: it prints no 编制单位 line
    assert [(x.number, x.kind, x.title, x.preparer) for x in own[:2]] == [
        ("决算1表", "final_general_expenditure", f"{unit}财力安排决算明细表", None),
        ("决算2表", "final_summary", f"{unit}收入支出决算总表", None)]
    g = own[0]
    cells = {(h.row, h.col): (h.text, h.rowspan, h.colspan) for h in g.header}
    assert cells == {(0, 0): ("科目", 1, 2), (1, 0): ("科目编码", 1, 1), (1, 1): ("科目名称", 1, 1),
                     (0, 2): ("支出决算", 1, 3), (1, 2): ("合计", 1, 1), (1, 3): ("基本支出", 1, 1),
                     (1, 4): ("项目支出", 1, 1), (0, 5): ("全年预算数", 2, 1), (0, 6): ("年初预算数", 2, 1),
                     (0, 7): ("完成全年预算（%）", 2, 1)}  # no 栏次 row; the rate, not in the tree, last as printed
    assert g.body[0].cells == ("", "合计", Decimal("492.99"), Decimal("406.79"), Decimal("86.20"), Decimal("499.34"),
                               Decimal("473.00"), Decimal("98.73"))
    assert "财力安排决算明细表" in html(doc, "finalland")
    out = tmp_path / "out.html"  # and from the command line, the file in YUSUAN_PROFILES
    done = _cli("render", doc_file, "--template", "finalland", "-o", out, "-q", profiles_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "决算1表" in page and "财力安排决算明细表" in page and "支出决算" in page

    national = next(x for x in layouts(doc) if x.kind == "final_general_expenditure")  # the national template's
    assert (national.number, national.title) == ("公开05表", "一般公共预算财政拨款支出决算表")
    assert [h.text for h in national.header if h.row == 0][:3] == ["科目编码", "科目名称", "年初预算数"]
    assert any(h.text == "栏次" for h in national.header)
    kind_of_title.cache_clear()


def test_the_columns_spec_is_data():
    from yusuan.catalog.specs import columns

    c = columns()
    general = c.templates["general_expenditure"]
    assert [n.name for n in general] == ["total", "basic", "project", "change", "change_rate"]
    basic = general[1]
    assert basic.subtotal and [n.name for n in basic.children] == ["personnel", "public"]
    assert [n.name for n in basic.children[0].children] == ["wages", "family_subsidy"]
    assert c.variants["revenue"][0] == "本年收入" and c.variants["revenue"][1][1].name == "current"
    assert c.count_units["vehicle_stock"] == "辆" and c.rates == {"rate", "change_rate"}

    def leaves(nodes):
        return [m for n in nodes for m in [n.name, *leaves(n.children)]]
    named = {name.split(".")[-1] for nodes in c.templates.values() for name in leaves(nodes)}
    assert named <= set(c.names)  # every column a template reads has its name


def test_the_tables_a_region_requires_come_from_its_profile_alone(tmp_path, monkeypatch):
    from dataclasses import replace
    from yusuan.rules import check
    doc = replace(read_file(SEED), region="350128")  # the seed as if from 福建 (区划 35), which has no profile

    def c108():
        return [(f.table, f.message) for f in check(doc).findings if f.code == "C108"]

    assert c108() == []
    (tmp_path / "fujian.toml").write_text(
        'id = "fujian"\nname = "福建省"\nrequires = ["procurement", "project_expenditure"]\n', encoding="utf-8")
    monkeypatch.setenv("YUSUAN_PROFILES", str(tmp_path))
    assert c108() == [("project_expenditure", "缺少项目支出预算表（福建省公开表格之一）")]  # it prints its 采购 table
