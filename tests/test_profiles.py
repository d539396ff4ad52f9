"""Regional profiles are data: a region's table set (titles, order, numbering) added by one file, with no
code change, is recognised by the reader and laid out by the renderer."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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
