"""The 情况说明 draft: numbers from the tables, changes from prior-year figures, to-fill marks, and
the proof that it is consistent: read back by the narrative reader and checked, no N error."""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from conftest import SEED_NUMBERS

from yusuan.read import read_text
from yusuan.read.lines import split_lines
from yusuan.read.narrative import read_narrative
from yusuan.render.narrative import change, draft, markdown, money, narrative_html
from yusuan.report import Severity
from yusuan.rules import check
from yusuan.rules.base import Context
from yusuan.rules.subjects import resolve


def read_back(doc, text: str):
    """The document with its narrative replaced by the draft, as the reader reads it."""
    body = re.sub(r"^#+ ", "", text, flags=re.M)
    sections, claims = read_narrative(split_lines(body, "pdf_text"), doc.file, doc.year)
    return replace(doc, sections=tuple(sections), claims=tuple(claims))


def errors(doc) -> list[str]:
    return [f"{f.code} {f.message}" for f in check(doc, select=["N"]).findings if f.severity is Severity.ERROR]


def altered(doc, kind: str, code: str, column: str, delta: str, year: int | None = None):
    """A copy of ``doc`` with one printed cell moved by ``delta`` (a stand-in for last year's budget)."""
    def cell(c):
        return replace(c, value=c.value + Decimal(delta)) if c.column == column and c.value is not None else c

    tables = tuple(replace(t, rows=tuple(replace(r, cells=tuple(cell(c) for c in r.cells)) if r.code == code else r
                                         for r in t.rows)) if t.kind == kind else t for t in doc.tables)
    return replace(doc, tables=tables, year=year or doc.year)


# --- wording ------------------------------------------------------------------------------------------
def test_money_and_change_wording():
    assert money(Decimal("1524.4")) == "1,524.40"
    assert money(Decimal("8.5")) == "8.50"
    assert change(Decimal("1293.40"), Decimal("1193.21"), "2023年") == "，比2023年增加100.19万元，增长8.40%"
    assert change(Decimal("573.57"), Decimal("577.12"), "2023年") == "，比2023年减少3.55万元，下降0.62%"
    assert change(Decimal("8.00"), Decimal("8.00"), "2023年") == "，与上年持平"
    assert change(Decimal("231.00"), Decimal("0"), "2023年") == "，比2023年增加231.00万元"  # no % of nothing
    assert change(Decimal("1"), None, "2023年") == ""


# --- 003: numbers and its own prior-year columns -----------------------------------------------------------
def test_sections_in_chongqing_order(seed):
    heads = [p.text for p in draft(seed("003")) if p.level == 1]
    assert heads == ["一、部门基本情况", "二、部门收支总体情况", "三、部门预算情况说明", "四、“三公”经费情况说明",
                     "五、其他重要事项的情况说明", "六、专业性名词解释"]
    subs = [p.text for p in draft(seed("003")) if p.level == 2 and p.section.startswith("五")]
    assert subs == ["（一）机关运行经费", "（二）政府采购情况", "（三）绩效目标设置情况", "（四）国有资产占有使用情况"]
    assert [p.text for p in draft(seed("002")) if p.level == 1][0] == "一、单位基本情况"


def test_numbers_come_from_the_tables(seed):
    text = markdown(seed("003"))
    assert text.startswith("# 重庆市大渡口区社会保险事务中心2024年部门预算情况说明\n")
    for part in ("2024年收入预算1,524.40万元。其中：一般公共预算拨款收入1,293.40万元；国有资本经营预算拨款收入231.00万元。",
                 "2024年支出预算1,524.40万元。其中：基本支出719.83万元；项目支出804.57万元。",
                 "社会保障和就业支出1,213.45万元，卫生健康支出34.92万元，住房保障支出45.02万元，国有资本经营预算支出231.00万元",
                 "其中：基本支出719.83万元",  # 一般公共预算 basic (表二)
                 "项目支出573.57万元",  # 一般公共预算 projects (表二), not the 804.57 of the whole budget
                 "国有资本经营预算财政拨款支出231.00万元，其中：项目支出231.00万元",
                 "2024年无使用政府性基金预算拨款安排的支出。",
                 "因公出国（境）费0.00万元", "公务接待费1.00万元", "公务用车运行费7.00万元",
                 "2024年本部门机关运行经费149.50万元",  # = 表三 公用经费
                 "政府采购预算总额5.00万元，其中：政府采购货物预算5.00万元，政府采购工程预算0.00万元，政府采购服务预算0.00万元",
                 "编制了绩效目标的项目3个，金额合计119.56万元；项目支出804.57万元，其中涉及一般公共预算当年财政拨款573.57万元",
                 "本部门共有车辆2辆，其中一般公务用车2辆"):  # vehicles: the document's own narrative knows them
        assert part in text, part


def test_changes_from_the_documents_own_prior_columns(seed):
    text = markdown(seed("003"))
    # 表二 prints a 2023年预算数 column: 1,293.40 − 1,193.21
    assert "一般公共预算财政拨款支出1,293.40万元，比2023年增加100.19万元，增长8.40%。" in text
    assert "社会保障和就业支出1,213.45万元，比2023年增加79.80万元，增长7.04%" in text
    # 表四 prints the 2023 三公 block: equal
    assert "2024年“三公”经费预算8.00万元，与上年持平。" in text
    assert "公务接待费1.00万元，与上年持平" in text


def test_to_fill_marks(seed):
    """What neither the tables nor the source's own words give is marked to fill, never invented."""
    text = markdown(seed("003"))
    for mark in ("【待填写：国有资本经营预算支出的用途】", "【待填写：其他国有资产占有使用情况】",
                 "【待填写：与上年预算相比的增减情况及原因】"):  # 收入/支出 totals: no prior figures
        assert mark in text, mark
    # 000 has no narrative and no 政府采购 table: duties, vehicles and procurement are to fill
    text = markdown(seed("000"))
    for mark in ("【待填写：部门主要职能职责】", "【待填写：内设机构、下属单位及人员编制情况】", "【待填写：主要项目及用途】"):
        assert mark in text, mark
    assert "共有车辆【待填写：数量】辆" in text
    assert "2023年一般公共预算安排购置车辆0辆" in text  # 公务用车购置费 is blank: no car is bought
    assert "【待填写：政府采购预算总额及货物、工程、服务采购预算（本预算未附政府采购预算表）】" in text
    assert "无政府采购" not in text


def test_what_the_source_says_is_taken_from_it(seed):
    """职能职责, 机构设置, a reason that gives no figure, what the spending is for, vehicle counts, the
    政府采购 the narrative states when no table does, the contact the project forms print."""
    text = markdown(seed("003"))
    assert "### （一）职能职责\n\n1.贯彻落实党和国家以及重庆市有关社会保险事业的路线、方针、政策和法律、法规。" in text
    assert "重庆市大渡口区社会保险事务中心内设12个机构科室" in text
    assert "比2023年增加100.19万元，增长8.40%。主要原因是人员增加，相应支出增加。" in text  # the source's words
    assert "项目支出573.57万元，主要用于各项代发补贴（121号文补贴、区属国有企业幼职教生活补贴等）" in text
    assert "部门预算公开联系人：石安梅；联系方式：68950803。" in text
    assert "【待填写：部门主要职能职责】" not in text and "【待填写：联系人】" not in text
    text = markdown(seed("004"))  # “一般执法执勤用车0辆”; 政府采购 72.00 in the narrative, no table
    assert "共有车辆4辆，其中一般公务用车4辆、执勤执法用车0辆。" in text
    assert ("2023年本单位政府采购预算总额72.00万元，其中：政府采购货物预算0.00万元，政府采购工程预算0.00万元，"
            "政府采购服务预算72.00万元。") in text
    # a reason that states figures of its own (“主要原因是市级项目资金增加10.36万元…”) is not copied
    assert "10.36" not in markdown(seed("003"))


def test_empty_procurement_and_carry_over(seed):
    assert "本部门2023年无政府采购预算。" in markdown(seed("001"))  # 4-9 printed empty
    text = markdown(seed("000"))
    # 223 is paid from last year's carry-over: the class is not called 国有资本经营预算支出 (that reads as income)
    assert "国有资本经营预算安排的支出130.00万元" in text
    assert "上年结转国有资本经营预算财政拨款130.00万元；国有资本经营预算财政拨款安排的支出130.00万元" in text
    assert "2023年本部门项目支出均实行了绩效目标管理，共17个项目" in text  # 17 tables = 2,109.89 = all projects


def test_inconsistent_tables_are_not_quoted(seed):
    text = markdown(seed("002"))  # 表一 is the 2025 table: its carry-over and SOE 177.60 are not used
    assert "177.60" not in text and "67.40" not in text
    assert "国有资本经营预算财政拨款支出211.99万元" in text
    assert "2026年本单位政府采购预算总额8.50万元" in text


# --- the proof: read back and checked ---------------------------------------------------------------------
@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_draft_read_back_has_no_narrative_error(seed, number):
    doc = read_back(seed(number), markdown(seed(number)))
    assert errors(doc) == []
    ctx = Context(doc)
    money_claims = [c for c in doc.claims if c.unit == "万元"]
    checked = [c for c in money_claims if (got := resolve(ctx, c)) is not None and got[1]]
    assert len(checked) >= 10, [c.subject for c in money_claims]  # the check is not vacuous
    assert {c.section for c in checked} >= {"（一）收入预算", "（二）支出预算", "四、“三公”经费情况说明"}


@pytest.mark.parametrize("number", ("000", "001"))
def test_draft_with_the_seed_tables_as_one_document(seed, seed_file, number):
    """The draft followed by the seed's tables reads as one disclosure, and checks clean."""
    body = re.sub(r"^#+ ", "", markdown(seed(number)), flags=re.M)
    doc = read_text(body + "\n" + seed_file(number).read_text(encoding="utf-8"), str(seed_file(number)))
    assert len(doc.tables) == len(seed(number).tables)
    assert len(doc.sections) >= 15 and doc.claims
    assert errors(doc) == []


def test_a_wrong_draft_is_caught(seed):
    """The read-back check has teeth: one altered number gives N101."""
    text = markdown(seed("003")).replace("机关运行经费149.50万元", "机关运行经费194.50万元")
    assert any(e.startswith("N101") for e in errors(read_back(seed("003"), text)))


# --- a prior Document ----------------------------------------------------------------------------------
def test_prior_document_of_itself_is_level(seed):
    doc = seed("003")
    text = markdown(doc, prior=doc)
    assert "2024年收入预算1,524.40万元，与上年持平。" in text
    assert "一般公共预算拨款收入1,293.40万元，与上年持平" in text
    assert "机关运行经费149.50万元，与上年持平" in text
    assert "2024年无使用政府性基金预算拨款安排的支出，与上年保持一致。" in text
    # the document's own 2023 column still rules what it prints
    assert "比2023年增加100.19万元，增长8.40%" in text
    assert errors(read_back(doc, text)) == []


def test_prior_document_with_other_numbers(seed):
    doc = seed("003")
    prior = altered(doc, "summary", "in.total", "total", "-100.00", year=2023)
    prior = altered(prior, "basic_expenditure", "total", "public", "10.50")
    prior = altered(prior, "general_expenditure", "total", "project", "3.55")
    text = markdown(doc, prior=prior)
    assert "2024年收入预算1,524.40万元，比2023年增加100.00万元，增长7.02%。" in text
    assert "机关运行经费149.50万元，比2023年减少10.50万元，下降6.56%" in text
    assert "【待填写：增减变化的主要原因】" in text
    assert errors(read_back(doc, text)) == []  # the percentages (N103) are checked on the text itself


def test_prior_split_used_when_it_adds_up(seed):
    """Without a prior-year column, 基本/项目 changes come from the prior Document's 表二."""
    doc = seed("001")
    prior = altered(altered(doc, "general_expenditure", "208", "project", "-100.00", year=2022),
                    "general_expenditure", "208", "total", "-100.00")
    text = markdown(doc, prior=prior)
    assert "项目支出3,448.02万元，比2022年增加100.00万元，增长2.99%" in text
    assert "基本支出836.86万元，与上年持平" in text
    assert errors(read_back(doc, text)) == []


def test_narrative_html_fragment(seed):
    fragment = narrative_html(seed("003"))
    assert fragment.startswith('<section class="narrative" id="narrative">')
    assert fragment.rstrip().endswith("</section>")
    assert '<mark class="todo">【待填写：国有资本经营预算支出的用途】</mark>' in fragment
    assert '<h3 id="narrative-4">四、“三公”经费情况说明</h3>' in fragment
    assert "比2023年增加100.19万元，增长8.40%" in fragment
