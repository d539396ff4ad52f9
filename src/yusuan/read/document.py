"""A disclosure → Document: the format from the content (text, XLSX/XLS, DOCX), then layout,
blocks, tables, projects, narrative, unit, year."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..catalog.specs import reading
from ..catalog.vocabulary import FINAL_KINDS, FORMS, KIND_NAMES, RATES, squash
from ..collector import paused
from ..model import Document, Row, Source, Table, Unit
from ..model.frozen import changed
from ..model.roles import RowRole, role
from . import evidence, final_narrative, forms, narrative
from .errors import UnreadableError
from .limits import DEFAULT, MB, Limits, limit_error, megabytes, read_bytes
from .lines import Line, detect_layout, file_lines, split_lines
from .problems import R003, R004, R009, R010, problem
from .borderless import aligned
from .cover import read_cover
from .items_as_rows import items_as_columns
from .place import build_table
from .segment import ORG_NAME, segment
from .tables import parse_block

if TYPE_CHECKING:
    from .office import Sheets

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(rb"^(\xef\xbb\xbf)?\s*<(!doctype\s+html|html|head|body|table|meta|\?xml)", re.I)
_ORDER = {k: i for i, k in enumerate(reading().order)}  # tables.toml [reading]
_UNIT_FIELD = re.compile(r"(\d{3}(?:\d{3})?)\s*[-－—]\s*([^\s\d][^\s]*)")
_YEAR = re.compile(r"(20\d{2})\s*年")


_UTF16 = (b"\xff\xfe", b"\xfe\xff")  # the byte-order marks of Excel's "Unicode text" export
# what a binary file was meant to be, by its name, when its content is none of the formats we read
_NOT_VALID = {".pdf": ("不是有效的 PDF 文件（开头没有 %PDF）", "not a valid PDF (it does not begin with %PDF)")}
_NOT_VALID.update(dict.fromkeys((".xlsx", ".xlsm", ".xlsb", ".docx"), (
    "不是有效的 Excel/Word 文件（不是 ZIP 压缩包）", "not a valid XLSX/DOCX file (not a ZIP package)")))
_NOT_VALID.update(dict.fromkeys((".xls", ".doc"), (
    "不是有效的 Excel/Word 97-2003 文件（不是 OLE 复合文档）", "not a valid XLS/DOC file (not an OLE compound file)")))


def read_file(path: str | Path, limits: Limits = DEFAULT) -> Document:
    """Any disclosure file → Document. The format is decided by the content, never the name;
    ``limits`` bound what the file may cost (``read/limits.py``)."""
    with paused():  # (collector.py)
        return _read_file(Path(path), limits)


def _read_file(path: Path, limits: Limits) -> Document:
    raw = read_bytes(path, limits)
    if not raw:
        raise UnreadableError(f"文件为空 / empty file: {path}")
    if raw[:1024].lstrip().startswith(b"%PDF"):
        from .pdf import read_pdf
        return read_pdf(raw, str(path), limits)
    if raw[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        from .office import read_zip
        return read_zip(raw, str(path), limits)
    if raw.startswith(_OLE):
        from .office import read_ole
        return read_ole(raw, str(path), limits)
    if len(raw) > limits.text_mb * MB:
        raise limit_error(str(path), "text_mb", limits, megabytes(len(raw)), megabytes(len(raw)))
    if _HTML.match(raw[:512]):  # a web page: its text blocks and <table>s (an .xlsx that is a web page too)
        from .html import read_html
        return read_html(raw, str(path))
    utf16 = raw[:2] in _UTF16
    if b"\x00" in raw[:4096] and not utf16:
        zh, en = _NOT_VALID.get(path.suffix.lower(), ("不是文本文件", "not a text file"))
        raise UnreadableError(f"{zh}，也不是可读取的其他格式 / {en}, nor any other format read here: {path}")
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableError(f"文件编码无法识别 / unknown text encoding: {path}")
    return read_text(text, str(path))


def read_text(text: str, file: str = "<text>") -> Document:
    layout = detect_layout(text)
    if layout is None:
        raise UnreadableError(f"不是可识别的预算公开文件 / not a recognisable budget disclosure: {file}")
    with paused():  # (collector.py)
        return _read_layout(text, layout, file)


def _read_layout(text: str, layout: str, file: str) -> Document:
    """(Its own frame: the lines are freed when it returns, before the collector resumes, which
    would otherwise walk them all once more.)"""
    lines = split_lines(text, layout)
    return read_lines(aligned(lines) if layout == "pdf_text" else lines, layout, file, text)


def read_lines(lines: list[Line], layout: str, file: str, text: str | None = None,
               starts: frozenset[int] = frozenset(), sheets: Sheets | None = None) -> Document:
    """Lines of cells, from any reader, → Document: blocks, tables, projects, narrative, unit, year.

    ``layout`` is how the cells were laid out (``tsv`` and ``cell_lines`` keep empty cells in
    place, ``pdf_text`` drops them); ``text`` is the document as text, for the title and the
    unit's name (the lines joined when not given); ``starts`` the numbers of the lines that
    begin a sheet or a page; ``sheets`` where each line was printed in a workbook or a Word file,
    to make the tables' sources at their cells (``office.py``)."""
    if text is None:
        text = "\n".join(ln.raw or "\t".join(ln.cells) for ln in lines)
    stories, blocks = segment(lines, starts)
    grid = [b for b in blocks if b.kind not in FORMS]
    cover = read_cover(file_lines(text))
    if not grid and not any(b.kind in FORMS for b in blocks) and not _budget_prose(text):
        raise UnreadableError(f"未找到任何预算表，也没有预算、决算的说明文字 / no budget table found, nor a "
                              f"budget narrative: {file}")
    year = cover.year or _year(text, blocks)
    findings: list = []

    parsed = [parse_block(b, layout, file, year) for b in grid]
    # Tables that others lean on are placed first, so their evidence is there on the first try;
    # a table still unsure is placed again once every other table is known.
    built: list = [None] * len(parsed)
    known: dict[str, Table] = {}
    for i in sorted(range(len(parsed)), key=lambda i: _ORDER.get(parsed[i].kind, len(_ORDER))):
        refs, virtual = evidence.for_table(parsed[i], known)
        built[i] = _built(parsed[i], file, refs, virtual, sheets)
        known.setdefault(parsed[i].kind, built[i][0])
    for i, p in enumerate(parsed):
        if any(x.code == R004 for x in built[i][1]):
            refs, virtual = evidence.for_table(p, {**known, **{t.kind: t for t, _ in built if t.kind != p.kind}})
            built[i] = _built(p, file, refs, virtual, sheets)
    tables: list[Table] = []
    odd = _odd_units([t for t, _ in built])
    for p, (t, f), odd_unit in zip(parsed, built, odd):
        tables.append(t)
        findings.extend(f)
        if t.kind == "unknown":
            findings.append(problem(R003, f"无法识别表格类型：{t.title}（原样保留为未识别的表）", t.source,
                                    table="unknown"))
        elif t.recognition:
            findings.append(problem(R009, f"标题“{t.title}”未说明表格类型，按表头和科目编码判断为"
                                           f"{KIND_NAMES.get(t.kind, t.kind)}（把握 {t.recognition[1]}）", t.source,
                                    table=t.kind))
        unit_problem = _implausible_unit(t) or odd_unit
        if unit_problem:
            findings.append(problem(R010, unit_problem, t.source, table=t.kind))

    projects, performance, form_findings = forms.read_forms([b for b in blocks if b.kind in FORMS], layout, file,
                                                            _fiscal_only(tables))
    findings.extend(form_findings)
    tables = [_with_project_codes(t, projects) for t in tables]
    types = {r.code: dict(r.extra)["type"] for t in tables if t.kind == "project_expenditure"
             for r in t.rows if "type" in dict(r.extra)}
    projects = [_with(p, type=p.type or types.get(p.code)) for p in projects]
    kind = _kind(text, tables, cover.kind)
    general = next((t.rows for t in tables if t.kind == "final_general_expenditure"), ())
    refine = partial(final_narrative.refine_section, rows=general) if kind == "final_accounts" else None
    unit = _unit(blocks, tables, projects, performance, text)
    if cover.unit and not (unit.name and ORG_NAME.search(unit.name)):
        unit = Unit(unit.code, cover.unit, unit.parent)  # the cover's, not a table label's
    unit, tables = _table_units(unit, [p.block for p in parsed], tables, projects, performance)
    sections, claims = _narratives(stories, tables, file, year, refine)
    region = Counter(p.code[:6] for p in projects if p.code and len(p.code) == 21).most_common(1)
    return Document(
        file=file, layout=layout, unit=unit, year=year, kind=kind,
        amount_unit=Counter(t.amount_unit for t in tables).most_common(1)[0][0] if tables else "万元",
        tables=tuple(tables), projects=tuple(projects), performance=performance,
        sections=tuple(sections), claims=tuple(claims), findings=tuple(findings),
        region=region[0][0] if region else None,
    )


def _built(p, file: str, refs, virtual, sheets: Sheets | None = None) -> tuple[Table, list]:
    """The table with its values placed, in the layout the rules know (a “三公” table's items as columns)."""
    t, found = build_table(p, file, refs, virtual, sheets)
    return items_as_columns(t, sheets), found


_TEN_MILLION = 10 ** 7


def _implausible_unit(t: Table) -> str | None:
    """单位：万元 over amounts of 元 (the largest ≥ 1,000 亿元), or 单位：元 over amounts of 万元
    (a whole table under 100 元): the 单位 line is probably wrong. Unknown tables are not money."""
    values = [abs(c.value) for r in t.rows for c in r.cells if c.value is not None and c.column not in RATES]
    if t.kind == "unknown" or not values or not any(values):
        return None
    top = max(values)
    if t.amount_unit == "万元" and top >= _TEN_MILLION:
        return f"{t.title}标明单位为万元，而最大的数 {top:,} 万元即 {top / 10000:,} 亿元，不合常理：单位可能应为元"
    if t.amount_unit == "元" and top < 100 and t.kind not in FINAL_KINDS | {"unit_performance"}:
        return f"{t.title}标明单位为元，而最大的数只有 {top} 元，不合常理：单位可能应为万元"
    return None


def _largest(t: Table):
    values = [abs(c.value) for r in t.rows for c in r.cells if c.value is not None and c.column not in RATES]
    return max(values) if values and any(values) and t.kind != "unknown" else None


def _odd_units(tables: list[Table]) -> list[str | None]:
    """For each table: whether its 单位 differs from the other tables' while its amounts are of the
    same size as theirs (within a factor of 100, where 元 and 万元 differ by 10,000). Each table is
    measured once, so a package of many tables costs no more than its tables."""
    if len({x.amount_unit for x in tables}) < 2:  # the usual case, without measuring anything
        return [None] * len(tables)
    largest = [_largest(x) for x in tables]
    units = Counter(x.amount_unit for x, top in zip(tables, largest) if top is not None)
    if len(units) < 2:
        return [None] * len(tables)
    usual = units.most_common(1)[0][0]
    sizes = sorted(top for x, top in zip(tables, largest) if x.amount_unit == usual and top is not None)
    middle = sizes[len(sizes) // 2]
    return [f"{t.title}标明单位为{t.amount_unit}，其他表为{usual}，而数值大小与其他表相同（最大 {top:,}）：单位可能印错"
            if top is not None and t.amount_unit != usual and middle / 100 <= top <= middle * 100 else None
            for t, top in zip(tables, largest)]


_OTHER_INCOME = ("in.special_account", "in.business", "in.operating", "in.superior_subsidy", "in.subordinate",
                 "in.other", "in.business_fund")


def _fiscal_only(tables: list[Table]) -> bool:
    """True when the 收支总表 prints income from 财政拨款 and nothing from any other source."""
    summary = next((t for t in tables if t.kind == "summary"), None)
    if summary is None or not any(r.code == "in.general_budget" and r.cells for r in summary.rows):
        return False
    return not any(r.code in _OTHER_INCOME and r.cells for r in summary.rows)


def _with_project_codes(t: Table, projects) -> Table:
    """项目支出预算表 rows are named, not coded: they take the code of the project of that name."""
    if t.kind != "project_expenditure":
        return t
    codes = {squash(p.name): p.code for p in projects if p.code}
    rows = tuple(replace(r, code=codes[squash(r.name)]) if r.code is None and squash(r.name) in codes else r
                 for r in t.rows)
    return replace(t, rows=rows)


_PROSE = re.compile(r"(预算|决算).{0,400}?\d[\d,.]*\s*(万元|亿元|元)", re.S)


def _budget_prose(text: str) -> bool:
    """A package published as prose only (a 预算说明 page, a 决算批复 notice): it speaks of a budget
    or final accounts and states amounts."""
    return bool(_PROSE.search(text[:20000]))


def _kind(text: str, tables: list[Table], said: str | None = None) -> str:
    kinds = [t.kind for t in tables if t.kind != "unknown"]
    if kinds and sum(k in FINAL_KINDS for k in kinds) * 2 > len(kinds):  # mostly 决算 tables
        return "final_accounts"
    if not kinds and said:
        return said
    head = squash(text[:3000])
    return "final_accounts" if "决算" in head and "预算" not in head[:200] else "budget"


_HEADER_YEAR = re.compile(r"(20\d{2})年(?:预算数|基本支出)")


def _year(text: str, blocks) -> int | None:
    """The budget year: the document's own title, else the years its table titles print."""
    for line in file_lines(text)[:12]:
        if ("预算" in line or "决算" in line) and _YEAR.search(line):
            return int(_YEAR.search(line).group(1))
    years = Counter(int(m) for b in blocks for m in _YEAR.findall(b.title))
    years.update([int(m) for b in blocks for page in b.pages[:1] for ln in page[:8]  # one update: each costs
                  for m in _HEADER_YEAR.findall(squash(ln.text))])
    return years.most_common(1)[0][0] if years else None


_KIND_WORD = re.compile(r"(部门|单位)?(财政拨款|一般公共|收支|政府性|国有资本|收入|支出|项目支出|政府采购|“三公”|三公)")


def _title_label(title: str) -> str | None:
    """The unit a table's title begins with (重庆市XX局（本级）财政拨款收支总表), when it names one."""
    t = squash(title)
    m = _KIND_WORD.search(t)
    name = re.sub(r"20\d{2}年度?$", "", t[:m.start()]) if m else ""
    return name if len(name) > 2 and ORG_NAME.search(name) else None


def with_sources(doc: Document, at: Callable[[Source], Source], row: Callable[[Row], Row] | None,
                 finding: Callable | None = None) -> Document:
    """The document with every Source moved (a reader's line → a page, or a sheet and cell): tables'
    rows through ``row`` (with their cells; None: the tables' sources are already where they belong),
    findings through ``finding`` (called after the rows), every other source through ``at``."""
    def indicators(xs):
        return tuple(_with(i, source=at(i.source)) for i in xs)

    tables = doc.tables if row is None else \
        tuple(replace(t, source=at(t.source), rows=tuple(row(r) for r in t.rows)) for t in doc.tables)
    perf = doc.performance
    return replace(
        doc, tables=tables,
        projects=tuple(_with(p, source=at(p.source), places=tuple((k, at(s)) for k, s in p.places),
                             indicators=indicators(p.indicators)) for p in doc.projects),
        performance=perf and _with(perf, source=at(perf.source), indicators=indicators(perf.indicators)),
        sections=tuple(_with(s, source=at(s.source)) for s in doc.sections),
        claims=tuple(_with(c, source=at(c.source)) for c in doc.claims),
        findings=tuple(finding(f) if finding else _with(f, source=at(f.source)) for f in doc.findings),
    )


def _with(record, **changes):
    """dataclasses.replace for a record whose __dict__ holds its fields only (a project, indicator,
    section, claim, finding: no index kept beside them), without re-running __init__ through
    keyword arguments: every source of a document is moved, hundreds of records."""
    cls = record.__class__
    if not cls.__dataclass_fields__.keys() >= changes.keys():
        raise TypeError(f"{cls.__name__} has no field {sorted(changes)}")
    return changed(record, changes)


def _narratives(stories, tables: list[Table], file: str, year: int | None, refine):
    """The package's sections and claims, then each unit's (its own narrative after its set heading)
    with that unit as their owner: the unit its tables carry, else one of the heading's name."""
    units = {squash(t.unit.name or ""): t.unit for t in tables if t.unit is not None}
    sections: list = []
    claims: list = []
    for label, story in stories:
        read_sections, read_claims = narrative.read_narrative(story, file, year, refine)
        owner = None if label is None else units.get(squash(label)) or Unit(None, label, None)
        sections.extend(_with(x, owner=owner) if owner else x for x in read_sections)
        claims.extend(_with(x, owner=owner) if owner else x for x in read_claims)
    return sections, claims


def _split_label(label: str) -> tuple[str | None, str]:
    m = _UNIT_FIELD.fullmatch(label)
    return (m.group(1), m.group(2)) if m else (None, label)


def _table_units(unit: Unit, blocks, tables: list[Table], projects, performance) -> tuple[Unit, list[Table]]:
    """Each table's unit: its own 编制单位/单位名称 line, else its title's prefix, else the set heading
    above it. A table of another unit than the package's gets that unit; the package's keep None.
    When the tables name several units, the package is the first table's (the 部门's 汇总 set
    comes first), whatever a project form's 申报单位 says."""
    labels = [b.label or _title_label(b.title) or b.heading for b in blocks]
    names = list(dict.fromkeys(_split_label(x)[1] for x in labels if x))
    if len(names) < 2:
        return unit, tables
    fields = [performance.unit_field] if performance and performance.unit_field else []
    known = {}  # name → code, from code-name labels, forms and unit rows
    for text in labels + fields + [p.unit for p in projects if p.unit]:
        code, name = _split_label(squash(text or ""))
        if code:
            known.setdefault(name, code)
    for t in tables:
        for r in t.rows:
            if role(r) is RowRole.UNIT:
                known.setdefault(squash(r.name), r.code[5:])
    code, name = _split_label(labels[0]) if labels[0] else (None, squash(unit.name or ""))
    if name == squash(unit.name or ""):
        package = unit
    else:
        code = code or known.get(name)
        package = Unit(code, name, code[:3] if code and len(code) == 6 else None)
    out = []
    for t, label in zip(tables, labels):
        c, n = _split_label(label) if label else (None, name)
        if n == name:
            out.append(t)
            continue
        c = c or known.get(n)
        parent = c[:3] if c and len(c) == 6 else package.code if package.code and len(package.code) == 3 else None
        out.append(replace(t, unit=Unit(c, n, parent)))
    return package, out


def _unit(blocks, tables, projects, performance, text) -> Unit:
    code = name = None
    for value in ([performance.unit_field] if performance and performance.unit_field else []) + \
                 [p.unit for p in projects if p.unit]:
        m = _UNIT_FIELD.search(value or "")
        if m:
            code, name = m.group(1), m.group(2)
            break
    if name is None:
        m = re.search(r"(?:单位名称|编制单位|部门名称)[:：][ \t\u3000]*(?!(?:金额)?单位[:：])([^\s：:]+)", text)
        if m:  # not an empty field followed by its table's 单位：元
            name = m.group(1)
    if name is None:
        for t in tables:  # a title that begins with the unit's name (重庆市XX局2024年财政拨款收支总表)
            kind_word = re.search(r"(部门|单位)?(财政拨款|一般公共|收支|政府性|收入|支出)", t.title)
            if kind_word and kind_word.start() > 2:
                name = re.sub(r"\s*20\d{2}\s*年.*$", "", t.title[:kind_word.start()]).strip()
                if ORG_NAME.search(name):
                    break
                name = None
    if code is None and name:  # Henan: the unit's own row in the 收入预算表
        for t in tables:
            for r in t.rows:
                if role(r) is RowRole.UNIT and squash(r.name) == squash(name):
                    code = r.code[5:]
    parent = code[:3] if code and len(code) == 6 else None
    return Unit(code, name, parent)
