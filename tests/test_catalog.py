"""Tests for yusuan.catalog: data integrity, lookups, and coverage of the seed disclosures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yusuan.catalog import Catalog, Classification, Entry, load_catalog, normalize_name
from yusuan.catalog.levels import levels, levels_named, unit_level

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "disclosures"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def seed_lines(prefix: str) -> list[str]:
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix} not available")
    return paths[0].read_text(encoding="utf-8").splitlines()


# --------------------------------------------------------------------------- normalize_name


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  社会保障和就业支出 ", "社会保障和就业支出"),
        ("社会保障\u3000和就业", "社会保障和就业"),
        ("维修(护)费", "维修（护）费"),
        ("一、一般公共服务", "一般公共服务"),
        ("二十四、灾害防治及应急管理", "灾害防治及应急管理"),
        ("（八）社会保障和就业支出", "社会保障和就业支出"),
        ("(八)社会保障和就业支出", "社会保障和就业支出"),
        ("（三十四）抗疫特别国债安排的支出", "抗疫特别国债安排的支出"),
        ("1.行政运行", "行政运行"),
        ("社会保障和就业支出（类）", "社会保障和就业支出"),
        ("行政运行（项）", "行政运行"),
        ("资本性支出（基本建设）", "资本性支出（基本建设）"),  # a real parenthetical stays
        ("因公出国（境）费用", "因公出国（境）费用"),
    ],
)
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


# --------------------------------------------------------------------------- loading and shape


def test_load_catalog_is_cached_and_complete(cat):
    assert load_catalog() is cat
    assert isinstance(cat.functional, Classification)
    assert (cat.functional.name, cat.economic_dept.name, cat.economic_gov.name) == (
        "functional",
        "economic_dept",
        "economic_gov",
    )
    for tree in (cat.functional, cat.economic_dept, cat.economic_gov):
        entries = list(tree)
        assert entries and all(isinstance(e, Entry) for e in entries)
        assert all(e.evidence for e in entries)


def _trees(cat):
    return [
        (cat.functional, "2", {1: 3, 2: 5, 3: 7}),
        (cat.economic_dept, "3", {1: 3, 2: 5}),
        (cat.economic_gov, "5", {1: 3, 2: 5}),
    ]


def test_codes_are_well_formed_and_hierarchical(cat):
    for tree, first_digit, digits in _trees(cat):
        for e in tree:
            assert re.fullmatch(r"\d+", e.code), e
            assert e.code.startswith(first_digit), e
            assert e.level in digits and len(e.code) == digits[e.level], e
            if e.level == 1:
                assert e.parent is None, e
            else:
                assert e.parent is not None and e.parent in tree, e
                assert e.code.startswith(e.parent) and len(e.parent) == digits[e.level - 1], e
                assert tree.by_code(e.parent).level == e.level - 1, e
            assert e.name and normalize_name(e.name) == e.name, e
            assert e.name not in e.aliases, e
            if e.valid_from is not None and e.valid_to is not None:
                assert e.valid_from <= e.valid_to, e


def test_rows_of_one_code_do_not_overlap_in_time(cat):
    for tree, _, _ in _trees(cat):
        rows: dict[str, list[Entry]] = {}
        for e in tree:
            rows.setdefault(e.code, []).append(e)
        for code, group in rows.items():
            assert sum(e.valid_to is None for e in group) == 1, code  # exactly one current name
            for year in range(2000, 2031):
                assert sum(e.valid_in(year) for e in group) <= 1, (code, year)


def test_required_functional_codes_present(cat):
    classes = (
        "201 202 203 204 205 206 207 208 209 210 211 212 213 214 215 216 217 219 220 221 222 223 "
        "224 227 229 230 231 232 233 234"
    ).split()
    for code in classes:
        assert cat.functional.by_code(code).level == 1, code
    for absent in ("218", "225", "226", "228"):
        assert absent not in cat.functional
    required = (
        "20508 2050803 20801 2080101 2080102 2080105 2080106 2080108 2080109 2080110 2080111 2080112 "
        "2080150 2080199 20802 20804 20805 2080501 2080505 2080506 2080508 2080599 20806 2080699 "
        "20807 20808 2080801 20809 2080905 2080999 20810 20811 20816 20819 20820 20821 20824 20825 "
        "20826 20827 20828 20830 20899 2089999 21011 2101101 2101102 2101103 2101199 2100717 21110 "
        "2111001 21301 2130135 22101 22102 2210201 2210202 2210203 22103 22301 2230105 2230199 "
        "22302 22303 22399"
    ).split()
    missing = [c for c in required if c not in cat.functional]
    assert not missing
    # the whole 退役安置 款 as published for 2023 [SRC 11]
    assert [e.code for e in cat.functional.children("20809")] == [
        "2080901", "2080902", "2080903", "2080904", "2080905", "2080999",
    ]


def test_required_economic_codes_present(cat):
    dept = (
        "301 30101 30102 30103 30106 30107 30108 30109 30110 30111 30112 30113 30114 30199 "
        "302 30201 30211 30212 30213 30217 30223 30226 30231 30239 30240 30299 "
        "303 30301 30302 30305 30307 30310 30399 307 30704 309 30913 310 31013 31099 "
        "311 31199 312 31299 313 31303 399 39999"
    ).split()
    gov = (
        "501 50101 50102 50103 50199 502 50201 50205 50206 50207 50208 50209 50299 503 50303 504 "
        "50403 505 50501 50502 506 507 508 509 50901 50905 50999 510 511 51104 512 513 514 599 59999"
    ).split()
    assert not [c for c in dept if c not in cat.economic_dept]
    assert not [c for c in gov if c not in cat.economic_gov]


# --------------------------------------------------------------------------- by_code and years


def test_by_code(cat):
    f = cat.functional
    assert f.by_code("2080109").name == "社会保险经办机构"
    assert f.by_code("2080109").parent == "20801"
    assert f.by_code("208 01 09").code == "2080109"  # Henan's split columns
    assert f.by_code("9999999") is None
    assert "2080109" in f and "9999999" not in f and 2080109 not in f
    assert cat.economic_dept.by_code("30231").name == "公务用车运行维护费"
    assert cat.economic_gov.by_code("50208").name == "公务用车运行维护费"


def test_210_renamed_in_2019(cat):
    f = cat.functional
    assert f.by_code("210").name == "卫生健康支出"
    assert f.by_code("210", 2023).name == "卫生健康支出"
    assert f.by_code("210", 2019).name == "卫生健康支出"
    old = f.by_code("210", 2018)
    assert old.name == "医疗卫生与计划生育支出" and old.valid_to == 2018
    assert f.by_code("210", 2016).name == "医疗卫生与计划生育支出"
    assert f.by_code("210", 2000) is None
    # the stale name still resolves, to the dated row, whatever the year asked for
    for year in (None, 2016, 2023):
        e = f.by_name("医疗卫生与计划生育支出", year=year)
        assert (e.code, e.valid_to) == ("210", 2018), year
    assert f.by_name("卫生健康支出", year=2015).code == "210"


def test_children(cat):
    f = cat.functional
    assert [e.code for e in f.children("21011")] == ["2101101", "2101102", "2101103", "2101199"]
    assert all(e.parent == "208" for e in f.children("208"))
    assert "20801" in {e.code for e in f.children("208")}
    assert f.children("2080101") == ()
    assert [e.code for e in cat.economic_dept.children("313")] == ["31302", "31303"]


# --------------------------------------------------------------------------- by_name


@pytest.mark.parametrize(
    "name, code",
    [
        ("社会保障和就业支出", "208"),
        ("社会保障和就业", "208"),  # Henan drops 支出
        ("（八）社会保障和就业支出", "208"),
        ("一、一般公共服务", "201"),
        ("一般公共服务", "201"),
        ("国有资本经营预算", "223"),
        ("国有资本经营预算支出", "223"),
        ("文化体育旅游与传媒", "207"),
        ("文化旅游体育与传媒", "207"),
        ("资源勘探信息等", "215"),
        ("城乡社区事务", "212"),
        ("城乡社区事务支出", "212"),
        ("农林水事务", "213"),
        ("灾害防治及应急管理", "224"),
        ("金融支出", "217"),
        ("人力资源和社会保险管理事务", "20801"),  # 000's 保险 misprint
        ("其他人力资源和社会保险管理事务支出", "2080199"),
        ("军队转业干部安置", "2080905"),
        ("国有企业退休人员社会化管理补助支出", "2230105"),
    ],
)
def test_functional_by_name_variants(cat, name, code):
    e = cat.functional.by_name(name, year=2023)
    assert e is not None and e.code == code


@pytest.mark.parametrize(
    "name, kwargs, code",
    [
        ("国内差旅费", {}, "30211"),
        ("差旅费", {}, "30211"),
        ("维修(护)费", {}, "30213"),
        ("维修（护）费", {}, "30213"),
        ("生产补贴", {}, "30310"),
        ("个人农业生产补贴", {}, "30310"),
        ("其他对个人和家庭的补助支出", {}, "30399"),
        ("其他对个人和家庭的补助", {}, "30399"),
        ("医疗费", {"parent": "303"}, "30307"),
        ("医疗费", {"parent": "301"}, "30114"),
        ("医疗费补助", {}, "30307"),
        ("对个人和家庭的补助", {}, "303"),
        ("资本性支出", {}, "310"),
        ("资本性支出(基本建设)", {}, "309"),
        ("公务用车购置", {"parent": "310"}, "31013"),
        ("公务用车购置", {"parent": "309"}, "30913"),
    ],
)
def test_economic_dept_by_name_variants(cat, name, kwargs, code):
    e = cat.economic_dept.by_name(name, **kwargs)
    assert e is not None and e.code == code


def test_economic_gov_by_name(cat):
    g = cat.economic_gov
    assert g.by_name("工资奖金津补贴").code == "50101"
    assert g.by_name("其他对个人和家庭补助").code == "50999"
    assert g.by_name("商品和服务支出", parent="505").code == "50502"
    assert g.by_name("公务用车购置") is None  # 50303 and 50403


def test_variants_only_with_matching_context(cat):
    d = cat.economic_dept
    # the alias 医疗费 of 30307 must not leak into 301, nor 医疗费补助 into 301
    assert d.by_name("医疗费", level=2, parent="301").code == "30114"
    assert d.by_name("医疗费补助", parent="301") is None
    assert d.by_name("医疗费", parent="302") is None
    # functional names are not found in the economic trees and vice versa
    assert d.by_name("社会保障和就业支出") is None
    assert cat.functional.by_name("差旅费") is None
    assert cat.functional.by_name("不存在的科目") is None


def test_ambiguous_names_need_level_or_parent(cat):
    f = cat.functional
    assert f.by_name("行政运行") is None  # 2080101, 2080201, 2081101, 2082801 …
    assert f.by_name("行政运行", parent="20801").code == "2080101"
    assert f.by_name("行政运行", parent="20828").code == "2082801"
    assert f.by_name("行政运行", parent="208") is None  # still several under the 类
    assert f.by_name("其他社会保障和就业支出") is None  # 20899 and 2089999
    assert f.by_name("其他社会保障和就业支出", level=2).code == "20899"
    assert f.by_name("其他社会保障和就业支出", level=3).code == "2089999"
    assert f.by_name("其他社会保障和就业", level=3).code == "2089999"
    assert f.by_name("能源节约利用") is None  # 21110 and 2111001
    assert f.by_name("能源节约利用", level=2).code == "21110"
    assert f.by_name("行政运行", level=1) is None
    assert cat.economic_dept.by_name("房屋建筑物购建") is None  # 30901 and 31001


def _chinese_number(text: str) -> int:
    digits = dict(zip("一二三四五六七八九", range(1, 10)))
    if "十" not in text:
        return digits[text]
    tens, _, units = text.partition("十")
    return digits.get(tens, 1) * 10 + (digits[units] if units else 0)


def test_henan_class_rows_resolve(cat):
    """Every class row of 004's 收支预算表 and 财政拨款收支总体情况表; the ordinal is the code's last two digits."""
    ordinal = re.compile(r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）)")
    checked = 0
    for line in seed_lines("004"):
        fields = line.split("\t")
        if len(fields) < 3 or not (m := ordinal.match(fields[2])):
            continue
        label = fields[2]
        if "本年支出" in label or "结转" in label:
            continue
        e = cat.functional.by_name(label, year=2023, level=1)
        assert e is not None, label
        if "医疗卫生与计划生育" in label:  # stale pre-2019 template row
            assert (e.code, e.valid_to) == ("210", 2018)
        else:
            assert e.code == f"2{_chinese_number(m[1] or m[2]):02d}", label
            assert e.valid_in(2023), label
        checked += 1
    assert checked >= 60


# --------------------------------------------------------------------------- seeds: codes and printed names


def test_functional_codes_in_seeds_000_and_004_are_catalogued(cat):
    # row-start codes: "2080101\t行政运行" (000) and Henan's split "208\t01\t09" (004)
    row_code = re.compile(r"^(2\d{2})((?:\t?\d{2}){0,2})\t")
    found = set()
    for prefix in ("000", "004"):
        for line in seed_lines(prefix):
            if m := row_code.match(line):
                found.add(m[1] + m[2].replace("\t", ""))
    assert {"208", "20801", "2080905", "2089999", "2080109", "2080801", "2080501"} <= found
    assert not sorted(c for c in found if c not in cat.functional)


def _printed_pairs(lines: list[str]):
    """(code, printed name) for every classification row of a seed, whatever its layout."""
    patterns = [
        (r"^(\d{3})\t(\d{2})\t(\d{2})\t\t([^\t]+)", lambda m: [(m[1] + m[2] + m[3], m[4])]),
        (r"^(\d{3})\t(\d{2})\t([^\t\d][^\t]*)\t(\d{3})\t(\d{2})\t([^\t]+)",
         lambda m: [(m[1] + m[2], m[3]), (m[4] + m[5], m[6])]),
        (r"^(\d{5})\t([^\t]+)\t(\d{5})\t([^\t]+)", lambda m: [(m[1], m[2]), (m[3], m[4])]),
        (r"^\s*(\d{3}(?:\d{2}){0,2})[\t ]+([\u4e00-\u9fff][^\t ]*)", lambda m: [(m[1], m[2])]),
    ]
    for i, line in enumerate(lines):
        # 002 prints the code alone on a line and the name on the next
        if (m := re.match(r"^\t\s*(\d{3}(?:\d{2}){0,2})$", line)) and i + 1 < len(lines):
            yield m[1], lines[i + 1].strip()
            continue
        for pattern, pairs in patterns:
            if m := re.match(pattern, line):
                yield from pairs(m)
                break


def test_printed_names_in_all_seeds_resolve_to_their_codes(cat):
    trees = {"2": cat.functional, "3": cat.economic_dept, "5": cat.economic_gov}
    seen = set()
    for prefix in ("000", "001", "002", "003", "004"):
        for code, name in _printed_pairs(seed_lines(prefix)):
            tree = trees.get(code[0])
            # skip unit rows (303 新乡市…), narrative ("231 万元，…") and 002's 是/否 weight cells
            if tree is None or len(code) not in (3, 5, 7) or "新乡" in name or re.search("[，。]", name):
                continue
            if len(name) < 2:
                continue
            level = {3: 1, 5: 2, 7: 3}[len(code)]
            e = tree.by_name(name, level=level, parent=code[:-2] if level > 1 else None)
            assert e is not None and e.code == code, (prefix, code, name)
            seen.add((code, normalize_name(name)))
    # the printed variants listed in DOMAIN.md were really exercised
    for pair in [
        ("20801", "人力资源和社会保险管理事务"),
        ("30211", "国内差旅费"),
        ("30213", "维修（护）费"),
        ("30307", "医疗费"),
        ("30307", "医疗费补助"),
        ("30114", "医疗费"),
        ("30310", "生产补贴"),
        ("30399", "其他对个人和家庭的补助支出"),
        ("2080109", "社会保险经办机构"),
        ("50999", "其他对个人和家庭补助"),
        ("2130135", "农业生态资源保护"),
    ]:
        assert pair in seen, pair


# --------------------------------------------------------------------------- 部门 → 政府 mapping


@pytest.mark.parametrize(
    "dept, gov",
    [("30101", "50101"), ("30231", "50208"), ("30217", "50206"), ("30212", "50207"), ("30302", "50905")],
)
def test_mapping_admin(cat, dept, gov):
    assert cat.map_dept_to_gov(dept, "admin") == (gov,)
    assert cat.map_dept_to_gov(dept)[0] == gov  # unknown unit type: admin candidate first


def test_mapping_by_unit_type(cat):
    assert cat.map_dept_to_gov("30101", "institution") == ("50501",)
    assert cat.map_dept_to_gov("30101") == ("50101", "50501")
    assert cat.map_dept_to_gov("30226", "institution") == ("50502",)
    assert cat.map_dept_to_gov("30302", "institution") == ("50905",)  # 303 maps to 509 for every unit
    assert cat.map_dept_to_gov("30399", "admin") == ("50999",)
    assert cat.map_dept_to_gov("99999") == ()
    with pytest.raises(ValueError):
        cat.map_dept_to_gov("30101", "company")


def test_mapping_codes_exist_and_follow_the_unit_type(cat):
    assert cat.mapping
    for dept, gov, unit in cat.mapping:
        assert cat.economic_dept.by_code(dept).level == 2, dept
        assert cat.economic_gov.by_code(gov).level == 2, gov
        assert unit in ("admin", "institution", "any")
        if unit == "admin":
            assert gov[:3] in ("501", "502", "503", "504"), (dept, gov)
        if unit == "institution":
            assert gov[:3] in ("505", "506"), (dept, gov)
    # every 301/302 款 (except Chongqing's local 30223) maps for both kinds of unit
    for e in cat.economic_dept:
        if e.level == 2 and e.code[:3] in ("301", "302") and e.code != "30223":
            assert cat.map_dept_to_gov(e.code, "admin"), e.code
            assert cat.map_dept_to_gov(e.code, "institution"), e.code


def test_mapping_agrees_with_seed_004(cat):
    # 支出经济分类汇总表 of 004: "301\t03\t奖金\t501\t01\t工资奖金津补贴"
    pairs = set()
    for line in seed_lines("004"):
        if m := re.match(r"^(3\d{2})\t(\d{2})\t[^\t]+\t(5\d{2})\t(\d{2})\t", line):
            pairs.add((m[1] + m[2], m[3] + m[4]))
    assert len(pairs) >= 15
    for dept, gov in pairs:
        assert gov in cat.map_dept_to_gov(dept), (dept, gov)


# --------------------------------------------------------------------------- the national tree beyond the seeds


@pytest.mark.parametrize(
    "code, year, name, parent",
    [
        ("2100101", 2024, "行政运行", "21001"),
        ("20502", 2024, "普通教育", "205"),
        ("2050205", 2024, "高等教育", "20502"),
        ("2120101", 2023, "行政运行", "21201"),
        ("20105", 2023, "统计信息事务", "201"),
        ("2010507", 2023, "专项普查活动", "20105"),
        ("2012902", 2024, "一般行政管理事务", "20129"),
        ("2040607", 2024, "公共法律服务", "20406"),
        ("2070308", 2024, "群众体育", "20703"),
        ("2200150", 2024, "事业运行", "22001"),
        ("2013901", 2024, "行政运行", "20139"),
        ("2290804", 2026, "福利彩票销售机构的业务费支出", "22908"),
        ("2013816", 2019, "食品安全监管", "20138"),
        ("2130104", 2018, "事业运行", "21301"),  # 农业农村 runs its 事业运行 at 04, not 50
    ],
)
def test_national_codes(cat, code, year, name, parent):
    e = cat.functional.by_code(code, year)
    assert e is not None, code
    assert (e.name, e.parent, e.level) == (name, parent, {3: 1, 5: 2, 7: 3}[len(code)])


def test_codes_of_the_institutional_reforms_are_dated(cat):
    f = cat.functional
    # 2019: 市场监督管理, 网信; 2024: 社会工作 (a 2023 package cannot have used them)
    assert f.by_code("20138", 2018) is None and f.by_code("20138", 2019).name == "市场监督管理事务"
    assert f.by_code("20137", 2018) is None and f.by_code("20137", 2019).name == "网信事务"
    assert f.by_code("20139", 2023) is None and f.by_code("2013999", 2024).name == "其他社会工作事务支出"
    # renamed 款 keep their older names for the older years
    for code, old, new in [
        ("20701", "文化", "文化和旅游"),
        ("20799", "其他文化体育与传媒支出", "其他文化旅游体育与传媒支出"),
        ("21302", "林业", "林业和草原"),
        ("22001", "国土资源事务", "自然资源事务"),
    ]:
        assert (f.by_code(code, 2018).name, f.by_code(code, 2019).name, f.by_code(code).name) == (old, new, new)
    # a class whose name did not change is known from 2014; 224 only from 2019
    assert f.by_code("201", 2014).name == "一般公共服务支出"
    assert f.by_code("220", 2016).name == "国土海洋气象等支出"
    assert f.by_code("224", 2018) is None


def test_class_and_kuan_counts(cat):
    f = cat.functional
    assert len({e.code for e in f if e.level == 1 and e.valid_in(2024)}) == 30
    kuan = {c: len(f.children(c, 2024)) for c in ("201", "204", "205", "206", "207", "208", "210", "212", "213")}
    assert kuan == {"201": 26, "204": 10, "205": 10, "206": 10, "207": 6, "208": 21, "210": 13, "212": 11, "213": 7}
    assert len(f.children("201", 2023)) == 25  # no 20139 before 2024
    assert [e.code[-2:] for e in f.children("20502")] == ["01", "02", "03", "04", "05", "99"]
    assert len([e for e in f if e.level == 3]) > 700


def test_every_row_has_its_parent_in_each_of_its_years(cat):
    f = cat.functional
    for e in f:
        if e.parent is None:
            continue
        for year in range(max(e.valid_from or 2014, 2014), (e.valid_to or 2026) + 1):
            parent = f.by_code(e.parent, year)
            assert parent is not None and parent.level == e.level - 1, (e.code, e.name, year)


def test_other_items_of_administrative_kuan_are_named_after_them(cat):
    """Where a 款 has the administrative items (01 行政运行 …), its 99 is “其他<款>支出”."""
    f = cat.functional
    odd = {"20136": "其他共产党事务支出", "20828": "其他退役军人事务管理支出"}
    checked = 0
    for year in (2018, 2024):
        for e in f:
            if e.level != 2 or not e.valid_in(year):
                continue
            items = {k.code[-2:]: k.name for k in f.children(e.code, year)}
            if items.get("01") != "行政运行" or "99" not in items:
                continue
            expected = odd.get(e.code, "其他" + e.name.removesuffix("支出") + "支出")
            assert items["99"].removesuffix("支出") == expected.removesuffix("支出"), (e.code, year)
            checked += 1
    assert checked > 80


def test_printed_names_of_the_corpus_are_catalogued(cat):
    """Every functional code–name pair the real packages of examples/corpus print, as harvested
    (the 7 11 02 that 福利院 prints for 210 11 02 is the document's error, K101)."""
    from yusuan.catalog.harvest import harvest
    from yusuan.read import read_file

    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    paths = sorted(p for p in corpus.glob("*") if p.suffix in (".pdf", ".xlsx"))
    if not paths:
        pytest.skip("corpus not available")
    checked = set()
    for path in paths:
        doc = read_file(path)
        for r in harvest([doc]):
            if r["tree"] != "functional" or r["code"].startswith("711"):
                continue
            e = cat.functional.by_code(r["code"], doc.year)
            assert e is not None, (path.name, r["code"], r["name"])
            names = {normalize_name(n) for n in (e.name, *e.aliases)}
            assert normalize_name(r["name"]) in names, (path.name, r["code"], r["name"], e.name)
            checked.add((r["code"], r["name"]))
    assert len(checked) > 60


# --------------------------------------------------------------------------- levels of government
@pytest.mark.parametrize("name, level", [
    ("上海市普陀区人民政府万里街道办事处", ("county", "普陀区", "区级")),
    ("中共上海市普陀区委社会工作部", ("county", "普陀区", "区级")),
    ("上海市普陀区市场监督管理局", ("county", "普陀区", "区级")),  # 市场 begins no division
    ("上海市城市管理行政执法局", ("city", "上海市", "市级")),  # 城市 is no division
    ("新乡市社会保险中心", ("city", "新乡市", "市级")),
    ("河南省财政厅", ("province", "河南省", "省级")),
    ("广西壮族自治区财政厅", ("province", "广西壮族自治区", "自治区级")),
    ("内蒙古自治区鄂尔多斯市伊金霍洛旗财政局", ("county", "伊金霍洛旗", "旗级")),
    ("湖北省恩施土家族苗族自治州财政局", ("city", "恩施土家族苗族自治州", "州级")),
    ("河南省辉县市财政局", ("county", "辉县市", "市级")),  # a county-level city names its own funds 市级
    ("辉县市市场监督管理局", ("county", "辉县市", "市级")),
    ("河南省新乡县市场监督管理局", ("county", "新乡县", "县级")),  # 市场: no city
    ("上海市普陀区市场监督管理局", ("county", "普陀区", "区级")),
    ("河南省郑州市财政局", ("city", "郑州市", "市级")),
    ("平潭综合实验区检验检测认证中心", None),  # a zone: its level varies
    ("上海市浦东新区财政局", None),
    ("某单位", None),
])
def test_a_units_level_by_the_divisions_its_name_begins_with(name, level):
    got = unit_level(name)
    assert (got and (got.level.id, got.division, got.word)) == level


def test_level_words_of_funding_leave_out_money_from_that_level():
    text = "使用市级财政拨款安排的，含市级财政转移支付、自治区级财政补助，由区级预算主管部门编制"
    assert [(n.word, n.level.id, text[n.start:n.end]) for n in levels_named(text, levels().funds)] == [
        ("市级", "city", "市级财政拨款"), ("区级", "county", "区级预算主管部门")]
