"""The preparer's form over the whole entries (prepare/entries.py; the JSON shape of entries.schema.json):
what it shows, how its fields are named, and the entries its posted values make.

The fields come from the schema, so that a field added to the entries shows in the form with no change
here (a plain text field, labelled with the schema's description, until ``LABELS`` names it):

- the unit, the year and the other single values: a field each (``unit_name``, ``year``, ``operation_funds``);
- a list of rows (income, basic, projects, procurement …): ``{list}-{i}-{field}``, the rows of the
  base version first, then empty rows to add; a row's ``…-remove`` box, or all its fields emptied,
  deletes it; the lists inside a project (its indicators, its 资金来源) are named below it
  (``projects-0-indicators-2-weight``);
- “三公” money and counts (one amount per item): ``three_public-{item}``;
- the narrative's texts: ``texts-{heading}``.

Values are kept as typed (the loader says what is wrong, at its JSON path, and ``field_of`` turns
that path into the form's field); a field the post does not carry leaves the base version's value.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

from ..prepare.entries import FISCAL, OTHER_SPENDING_NAMES, SOURCE_NAMES
from ..prepare.workbook import FUND_NAMES, PROCUREMENT_NAMES, TEXTS, THREE_NAMES, TYPE_NAMES

MAX_ROWS = 500
EXTRA = {"": 3, "projects": 1, "indicators": 3, "funding": 2}  # empty rows offered below the given ones
SCHEMA = json.loads(resources.files("yusuan.prepare").joinpath("entries.schema.json").read_text(encoding="utf-8"))

LABELS = {"key": "项目", "amount": "金额", "function": "功能分类（项）", "economic": "经济分类（款）", "gov_economic": "政府预算经济分类（款）", "fund": "资金",
          "funded": "上年结转安排", "code": "项目编码", "name": "名称", "type": "类型", "overview": "项目概况",
          "basis": "立项依据", "schedule": "实施计划", "goal": "年度绩效目标", "level1": "一级指标",
          "level2": "二级指标", "operator": "性质", "value": "指标值", "unit": "计量单位", "weight": "权重",
          "core": "核心指标", "parent": "主管部门编码", "department": "主管部门名称", "contact": "联系人",
          "phone": "电话", ("projects", "name"): "项目名称", ("indicators", "name"): "三级指标",
          ("performance-indicators", "name"): "三级指标", ("general_prior", "amount"): "上年金额"}
LIST_LABELS = {"income": ("收入", "收入来源"), "carryover": ("上年结转", "资金"), "basic": ("基本支出", None),
               "projects": ("项目支出", None), "general_prior": ("上年一般公共预算支出（按功能分类）", None),
               "procurement": ("政府采购预算", "采购品目"),
               "other_spending": ("上缴上级、经营及对附属单位补助支出", "支出类别")}
OPTIONS = {("income", "key"): SOURCE_NAMES, ("carryover", "key"): {k: FUND_NAMES[k] for k in FISCAL}, "fund": FUND_NAMES, "type": TYPE_NAMES, "funded": {"carryover": "是"},
           ("procurement", "key"): PROCUREMENT_NAMES,
           ("other_spending", "key"): OTHER_SPENDING_NAMES, "core": {"true": "是", "false": "否"},
           "operator": {"≥": "≥", "≤": "≤", "=": "=", "定性": "定性"}}
LONG = ("overview", "basis", "schedule", "goal")  # a paragraph: a text box
KEYED = ("three_public", "three_public_prior")  # one amount per item: a field each
TEXT_KEYS = tuple(k for k, _ in TEXTS)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | select | long
    options: tuple[tuple[str, str], ...] = ()
    blank: str = ""


@dataclass(frozen=True)
class Listed:
    """A list of the entries: its key (the JSON key), its columns and the lists inside each row."""
    key: str
    label: str
    columns: tuple[Column, ...]
    nested: tuple[Listed, ...] = ()
    pairs: bool = False  # a JSON object (name → amount) shown as rows of two columns


def _props(node: dict) -> dict:
    """An object's properties, those of the definition it refers to first."""
    out: dict = {}
    if "$ref" in node:
        out.update(_props(SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]))
    out.update(node.get("properties") or {})
    return out


def _column(lst: str, key: str, prop: dict) -> Column:
    options = OPTIONS.get((lst, key)) or OPTIONS.get(key)
    enum = prop.get("enum") or (SCHEMA["$defs"][prop["$ref"].rsplit("/", 1)[1]].get("enum") if "$ref" in prop else None)
    if options is None and enum:
        options = {str(v): str(v) for v in enum if v != ""}
    label = LABELS.get((lst, key)) or LABELS.get(key) or prop.get("description") or key
    if lst in LIST_LABELS and key == "key" and LIST_LABELS[lst][1]:
        label = LIST_LABELS[lst][1]
    if options:
        blank = {"fund": "（一般公共预算）", "funded": "否", "type": "", "core": ""}.get(key, "")
        return Column(key, label, "select", tuple(options.items()), blank)
    return Column(key, label, "long" if key in LONG else "text")


NESTED_LABELS = {"indicators": "绩效指标", "economic": "经济分类（部门预算经济分类款，合计等于项目金额）"}


def _listed(key: str, node: dict, label: str) -> Listed:
    columns, nested = [], []
    for k, prop in _props(node).items():
        if prop.get("type") == "array" or k == "funding":
            if k == "funding":
                nested.append(Listed("funding", "资金来源（按表中所列）",
                                     (Column("name", "资金来源"), Column("amount", "金额")), pairs=True))
            else:
                nested.append(_listed(k, prop["items"], NESTED_LABELS.get(k, k)))
        else:
            columns.append(_column(key, k, prop))
    # the item's kind first, its amount after the other short fields, the paragraphs last
    columns.sort(key=lambda c: (c.key != "key", c.kind == "long", c.key == "amount" and c.kind != "long"))
    return Listed(key, label, tuple(columns), tuple(nested))


def _lists() -> tuple[Listed, ...]:
    props = SCHEMA["properties"]
    return tuple(_listed(k, p["items"], LIST_LABELS.get(k, (p.get("description") or k,))[0])
                 for k, p in props.items() if p.get("type") == "array" and k not in KEYED)


LISTS = _lists()
PERFORMANCE = _listed("performance-indicators", SCHEMA["$defs"]["indicator"], "整体绩效指标")
UNIT_FIELDS = tuple(k for k in _props(SCHEMA["properties"]["unit"]) if k != "code")
KEYS = {k: tuple(SCHEMA["properties"][k]["items"]["properties"]["key"]["enum"]) for k in KEYED}


# ---- what the form shows -----------------------------------------------------------------------------------

def _objects(value) -> list[dict]:
    return [x if isinstance(x, dict) else {} for x in value] if isinstance(value, list) else []


def _rows(spec: Listed, items, extra_key: str = "") -> list[dict]:
    """The rows shown for a list: the given ones (each with its inner lists' rows), then empty ones."""
    if spec.pairs:
        given = [{"name": k, "amount": v} for k, v in items.items()] if isinstance(items, dict) else []
    else:
        given = _objects(items)
    rows = []
    for item in given + [{} for _ in range(EXTRA.get(spec.key, EXTRA[""]))]:
        rows.append({"values": {c.key: _shown(item.get(c.key)) for c in spec.columns}, "given": bool(item),
                     "nested": {n.key: _rows(n, item.get(n.key)) for n in spec.nested}})
    return rows


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def view(data: dict) -> dict:
    """What the template needs to show the entries ``data`` in the form."""
    keyed = {k: {str(d.get("key")): _shown(d.get("amount")) for d in _objects(data.get(k))} for k in KEYED}
    texts = data.get("texts") if isinstance(data.get("texts"), dict) else {}
    performance = data.get("performance") if isinstance(data.get("performance"), dict) else {}
    return {"lists": [(spec, _rows(spec, data.get(spec.key))) for spec in LISTS],
            "performance": (PERFORMANCE, _rows(PERFORMANCE, performance.get("indicators"))),
            "performance_goal": _shown(performance.get("goal")),
            "keyed": [(k, "“三公”经费（本年）" if k == "three_public" else "“三公”经费（上年）",
                       [(item, THREE_NAMES.get(item, item), keyed[k].get(item, "")) for item in KEYS[k]])
                      for k in KEYED],
            "texts": [(k, what, _shown(texts.get(k))) for k, what in TEXTS]
            + [(str(k), str(k), _shown(v)) for k, v in texts.items() if k not in TEXT_KEYS],
            "unit_fields": UNIT_FIELDS}


def field_of(path: str, data: dict) -> str:
    """The form's field (or list) that gave the value at JSON ``path`` (a finding's place)."""
    parts = path.strip("/").split("/")
    if parts[0] == "unit" and len(parts) == 2:
        return f"unit_{parts[1]}"
    if parts[0] in KEYED and len(parts) >= 2 and parts[1].isdigit():
        items = _objects(data.get(parts[0]))
        n = int(parts[1])
        return f"{parts[0]}-{items[n].get('key')}" if n < len(items) else parts[0]
    if parts[0] == "projects" and len(parts) >= 4 and parts[2] == "funding" and parts[1].isdigit():
        projects = _objects(data.get("projects"))
        n = int(parts[1])
        funding = projects[n].get("funding") if n < len(projects) else None
        names = list(funding) if isinstance(funding, dict) else []
        return f"projects-{n}-funding-{names.index(parts[3])}-amount" if parts[3] in names else f"projects-{n}-funding"
    return "-".join(parts)


def problems_by_field(findings, data: dict) -> dict[str, list[str]]:
    """The findings given at JSON paths, by the form's field: shown next to it."""
    out: dict[str, list[str]] = {}
    for f in findings:
        at = f.get("place") or ""
        if at.startswith("/"):
            out.setdefault(field_of(at, data), []).append(f"{f['code']} {f['message']}")
    return out


# ---- the entries a post makes --------------------------------------------------------------------------------

def _value(column: Column, text: str):
    if column.key == "core":
        return {"true": True, "false": False}.get(text)
    return text or None


def _read_rows(text: dict, prefix: str, spec: Listed, old, present: set[str]):
    """The rows of one list as posted over the base version's ``old`` rows."""
    old_rows = ([{"name": k, "amount": v} for k, v in old.items()] if isinstance(old, dict) else []) \
        if spec.pairs else _objects(old)
    indexes = sorted({int(m.group(1)) for k in present
                      if (m := re.fullmatch(re.escape(prefix) + r"-(\d+)", k)) and int(m.group(1)) < MAX_ROWS})
    rows = []
    for i in indexes:
        at = f"{prefix}-{i}"
        if text.get(f"{at}-remove"):
            continue
        base = old_rows[i] if i < len(old_rows) else {}
        row = dict(base)
        typed = False
        for c in spec.columns:
            name = f"{at}-{c.key}"
            if name in text and text[name] != _shown(row.get(c.key)):  # changed (as shown: "" stays "")
                v = _value(c, text[name])
                if v is None:
                    row.pop(c.key, None)
                else:
                    row[c.key] = v
                    typed = True
            elif row.get(c.key) not in (None, ""):
                typed = True  # kept from the base version, as it was or not carried by this post
        for n in spec.nested:
            if f"{at}-{n.key}" in present:
                row[n.key] = _read_rows(text, f"{at}-{n.key}", n, base.get(n.key), present)
            if row.get(n.key):
                typed = True
        if typed:
            rows.append(row)
    if spec.pairs:
        return {str(r.get("name", "")): r.get("amount", "") for r in rows}
    return rows


def _prefixes(names) -> set[str]:
    """Every leading part of the posted names (``projects-0-indicators-1``, ``projects-0``, …)."""
    out = set()
    for name in names:
        parts = name.split("-")
        out.update("-".join(parts[:n]) for n in range(1, len(parts)))
    return out


def form_entries(form, code: str, base: dict | None, skeleton: dict) -> dict:
    """The form's values over the base version's entries: the entries' JSON shape, values as typed
    (prepare.load.entries says what is wrong, and where)."""
    data = json.loads(json.dumps(base)) if isinstance(base, dict) else dict(skeleton)
    text = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    present = _prefixes(text)
    if "year" in text:
        year = text["year"]
        data["year"] = int(year) if year.isdigit() else (year or None)
    if "amount_unit" in text:
        data["amount_unit"] = text["amount_unit"] or "万元"
    if "region" in text:
        if text["region"]:
            data["region"] = text["region"]
        else:
            data.pop("region", None)  # the layout of the whole country
    unit = data.get("unit") if isinstance(data.get("unit"), dict) else {}
    unit.update({k: text.get(f"unit_{k}") or None for k in UNIT_FIELDS if f"unit_{k}" in text})
    unit["code"] = code
    data["unit"] = unit
    for spec in LISTS:
        if spec.key in present:
            data[spec.key] = _read_rows(text, spec.key, spec, data.get(spec.key), present)
    for key in KEYED:
        given = {str(d.get("key")): d for d in _objects(data.get(key))}
        for item in KEYS[key]:
            if f"{key}-{item}" in text:
                if text[f"{key}-{item}"]:
                    given[item] = {**given.get(item, {}), "key": item, "amount": text[f"{key}-{item}"]}
                else:
                    given.pop(item, None)
        data[key] = [given[k] for k in KEYS[key] if k in given] + [d for k, d in given.items() if k not in KEYS[key]]
    if "operation_funds" in text:
        if text["operation_funds"]:
            data["operation_funds"] = text["operation_funds"]
        else:
            data.pop("operation_funds", None)
    performance = data.get("performance") if isinstance(data.get("performance"), dict) else {}
    if "performance-goal" in text:
        performance["goal"] = text["performance-goal"] or None
    if "performance-indicators" in present:
        performance["indicators"] = _read_rows(text, "performance-indicators", PERFORMANCE,
                                               performance.get("indicators"), present)
    if performance:
        data["performance"] = performance
    texts = data.get("texts") if isinstance(data.get("texts"), dict) else {}
    for k in [*TEXT_KEYS, *texts]:
        if f"texts-{k}" in text:
            if text[f"texts-{k}"]:
                texts[k] = text[f"texts-{k}"]
            else:
                texts.pop(k, None)
    data["texts"] = texts
    return data

