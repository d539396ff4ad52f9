"""The entry workbook (prepare/workbook.py) read back into the JSON shape of entries.schema.json, each
value with its sheet and cell, so that load.entries() checks it and reports a problem at the cell it is in."""
from __future__ import annotations

from decimal import Decimal

from xlsxwriter.utility import xl_rowcol_to_cell

from ..model import Source
from . import final_workbook
from .entries import FINAL, OTHER_SPENDING_NAMES, SOURCE_NAMES, SOURCES, THREE_PUBLIC, Entries
from .load import EntriesError, Places, entries
from .workbook import (BASIC, CLASSES, FINAL_FUND_NAMES, INDICATORS, OTHER, PROCUREMENT_NAMES, PROJECTS,
                       THREE_NAMES, TYPE_NAMES)


def _cell(value) -> str:
    """A cell as text; a number exactly as Excel shows it (15 significant digits, as typed)."""
    if isinstance(value, float):
        text = f"{value:.15g}"
        return text if "e" not in text else str(Decimal(value))
    return "" if value is None else str(value).strip()


def load_workbook(path: str) -> Entries:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(path)
        sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    except Exception as e:  # noqa: BLE001 — whatever the workbook library raises on a broken file
        raise EntriesError(f"录入工作簿无法读取 / cannot read the entry workbook: {e}") from None
    missing = [s for s in ("单位信息", "基本支出", "项目") if s not in sheets]
    if missing:
        raise EntriesError(f"这不是 yusuan 的录入工作簿：缺少工作表 {'、'.join(missing)} / "
                           f"not an entry workbook: no sheet {', '.join(missing)}")
    where: dict[str, tuple[str, int, int]] = {}  # JSON path → (sheet, row, column)

    def rows(sheet: str, first: int = 1):
        for r, row in enumerate(sheets.get(sheet, ())[first:], first):
            cells = [_cell(v) for v in row]
            if any(cells):
                yield r, cells

    def put(path: str, sheet: str, r: int, c: int, value):
        where[path] = (sheet, r, c)
        return value

    data: dict = {"unit": {}, "income": [], "carryover": [], "basic": [], "projects": [], "three_public": [],
                  "three_public_prior": [], "procurement": [], "general_prior": [], "performance": {"indicators": []},
                  "texts": {}}
    names_to_fund = {v: k for k, v in FINAL_FUND_NAMES.items()}
    unit_keys = {"单位编码": "code", "单位名称": "name", "单位类型": "type", "上级部门编码": "parent", "上级部门名称": "department",
                 "联系人": "contact", "联系电话": "phone"}
    for r, (label, value, *_) in rows("单位信息"):
        if label in unit_keys:
            data["unit"][unit_keys[label]] = put(f"/unit/{unit_keys[label]}", "单位信息", r, 1, value or None)
        elif label in ("预算年度", "决算年度"):
            put("/year", "单位信息", r, 1, None)
            data["year"] = int(value) if value.isdigit() else None
        elif label == "金额单位" and value:
            data["amount_unit"] = value
        elif label == "地区" and value:
            data["region"] = put("/region", "单位信息", r, 1, value)
        elif label == final_workbook.KIND_LABEL and value == final_workbook.KIND_WORD:
            data["kind"] = FINAL
    final = data.get("kind") == FINAL
    if final:
        final_workbook.read(rows, put, data)
    source_of = {SOURCE_NAMES[k]: k for k in SOURCES}
    # the balance is said at the income's 合计 (a 决算's: under the header)
    put("/income", "收入", *((1, 2) if final else (len(SOURCES) + 1, 1)), None)
    for r, cells in () if final else rows("收入"):
        key = source_of.get(cells[0])
        for c, into in ((1, "income"), (2, "carryover")):
            if key and c < len(cells) and cells[c]:
                n = len(data[into])
                data[into].append({"key": key, "amount": put(f"/{into}/{n}/amount", "收入", r, c, cells[c])})
    for r, cells in rows("基本支出", 2):
        cells += [""] * 5
        n = len(data["basic"])
        for c, (_, key, _) in enumerate(BASIC[1]):
            put(f"/basic/{n}/{key}", "基本支出", r, c, None)
        data["basic"].append({"function": cells[0], "economic": cells[1],
                              "fund": names_to_fund.get(cells[2], cells[2] or "general_budget"),
                              "funded": "carryover" if cells[3] == "是" else "", "amount": cells[4],
                              "gov_economic": cells[5]})
    other_of = {v: k for k, v in OTHER_SPENDING_NAMES.items()}
    data["other_spending"] = []
    for r, cells in rows(OTHER[0], 2):
        cells += [""] * len(OTHER[1])
        n = len(data["other_spending"])
        for c, (_, key, _) in enumerate(OTHER[1]):
            put(f"/other_spending/{n}/{key}", OTHER[0], r, c, None)
        data["other_spending"].append({"key": other_of.get(cells[0], cells[0]), "function": cells[1],
                                       "fund": names_to_fund.get(cells[2], cells[2]), "amount": cells[3]})
    types = {v: k for k, v in TYPE_NAMES.items()}
    for r, cells in rows("项目", 2):
        cells += [""] * len(PROJECTS[1])
        n = len(data["projects"])
        d = {}
        for c, (_, key, _) in enumerate(PROJECTS[1]):
            put(f"/projects/{n}/{key}", "项目", r, c, None)
            d[key] = cells[c] or None
        d["fund"] = names_to_fund.get(d["fund"] or "", d["fund"] or "general_budget")
        d["type"] = types.get(d["type"] or "", d["type"] or "specific_purpose")
        d["funded"] = "carryover" if d["funded"] == "是" else ""
        d["funding"] = dict(part.rsplit(None, 1) for part in (d["funding"] or "").split("；") if len(part.split()) > 1)
        d["indicators"] = []
        put(f"/projects/{n}/indicators", "项目", r, 1, None)
        data["projects"].append(d)
    for r, cells in rows(CLASSES[0], 2):
        cells += [""] * len(CLASSES[1])
        n = _line_of(data["projects"], cells[0], cells[1])
        if n is None:
            data.setdefault("_unmatched", []).append((CLASSES[0], r, cells[0]))
            continue
        parts = data["projects"][n].setdefault("economic", [])
        at = f"/projects/{n}/economic"
        if not parts:
            put(at, CLASSES[0], r, 4, None)  # the sum of a line's parts is said at its first part's amount
        for c, (_, key, _) in enumerate(CLASSES[1]):
            put(f"{at}/{len(parts)}/{key}", CLASSES[0], r, c, None)
        parts.append({"economic": cells[2], "gov_economic": cells[3], "amount": cells[4]})
    by_name = {d["name"]: (n, d) for n, d in enumerate(data["projects"])}
    for r, cells in rows("绩效指标"):
        cells += [""] * len(INDICATORS[1])
        i = {key: cells[c] for c, (_, key, _) in enumerate(INDICATORS[1]) if key != "project"}
        i["core"] = {"是": True, "否": False}.get(i["core"])
        if cells[0] == "整体":
            into, at = data["performance"]["indicators"], "/performance/indicators"
        elif cells[0] in by_name:
            n, d = by_name[cells[0]]
            into, at = d["indicators"], f"/projects/{n}/indicators"
        else:
            data.setdefault("_unmatched", []).append((INDICATORS[0], r, cells[0]))
            continue
        for c, (_, key, _) in enumerate(INDICATORS[1]):
            put(f"{at}/{len(into)}/{key}", "绩效指标", r, c, None)
        put(f"{at}/{len(into)}", "绩效指标", r, 0, None)
        into.append(i)
    three_of = {v: k for k, v in THREE_NAMES.items()}
    for r, cells in () if final else rows("三公经费"):
        key = three_of.get(cells[0])
        cells += ["", ""]
        for c, into in ((1, "three_public"), (2, "three_public_prior")):
            if key and cells[c] and (into == "three_public" or key in THREE_PUBLIC):
                n = len(data[into])
                data[into].append({"key": key, "amount": put(f"/{into}/{n}/amount", "三公经费", r, c, cells[c])})
    for r, (label, value, *_) in rows("其他"):
        if label == "机关运行经费" and value:
            data["operation_funds"] = put("/operation_funds", "其他", r, 1, value)
        elif label == "单位整体绩效目标":
            data["performance"]["goal"] = value or None
    kinds = {v: k for k, v in PROCUREMENT_NAMES.items()}
    for r, cells in rows("政府采购"):
        cells += ["", "", ""]
        n = len(data["procurement"])
        put(f"/procurement/{n}/key", "政府采购", r, 0, None)
        data["procurement"].append({"key": kinds.get(cells[0], cells[0]), "fund": names_to_fund.get(cells[1], "general_budget"),
                                    "amount": put(f"/procurement/{n}/amount", "政府采购", r, 2, cells[2])})
    for r, cells in rows("上年数"):
        cells += ["", ""]
        n = len(data["general_prior"])
        put(f"/general_prior/{n}/function", "上年数", r, 0, None)
        data["general_prior"].append({"function": cells[0], "amount": put(f"/general_prior/{n}/amount", "上年数", r, 1,
                                                                          cells[1])})
    for r, cells in rows("情况说明"):
        if len(cells) > 2 and cells[2]:
            data["texts"][cells[0]] = put(f"/texts/{cells[0]}", "情况说明", r, 2, cells[2])

    def at(json_path: str) -> Source:
        """A value's cell: its own, else the nearest cell given for what holds it (a project's row)."""
        p = json_path
        while p and p not in where:
            p = p.rsplit("/", 1)[0]
        if not p:
            return Source(path)
        sheet, r, c = where[p]
        return Source(path, line=r + 1, sheet=sheet, cell=xl_rowcol_to_cell(r, c))

    places = Places(path, at)
    for sheet, r, name in data.pop("_unmatched", ()):
        places.findings.append(_unmatched(path, sheet, r, name))
    return entries(data, path, places)


def _line_of(projects: list[dict], name: str, function: str) -> int | None:
    """The project line an economic class is of: the first of that name and 功能分类 whose classes do not
    yet make up its amount (the last of them when all do)."""
    lines = [n for n, d in enumerate(projects) if d.get("name") == name and (d.get("function") or "") == function]

    def full(d: dict) -> bool:
        try:
            return sum((Decimal(c["amount"] or 0) for c in d.get("economic") or ()), Decimal(0)) >= Decimal(
                d.get("amount") or 0)
        except ArithmeticError:  # an amount that is no number: load.entries says so where it is
            return False
    return next((n for n in lines if not full(projects[n])), lines[-1] if lines else None)


def _unmatched(path: str, sheet: str, r: int, name: str):
    from ..report import Finding, Severity
    return Finding("E107", Severity.ERROR, f"{sheet}表第 {r + 1} 行的项目“{name}”在“项目”表中没有", Source(
        path, line=r + 1, sheet=sheet, cell=f"A{r + 1}"))
