"""Command line: thin; parses arguments, calls the library, prints.

Exit codes (contract): 0 success; 1 ``check`` found errors; 2 a file could not be read at all
(a clear message on stderr; the other files are still processed), or a usage error. The
conventions every command shares (errors in both languages, ``-h``, ``-o``, rule selectors) are
in ``console.py``; each option is one decorator, so that adding one is one line.
"""
from __future__ import annotations

import csv
import json
import os
import time
from collections import Counter
from pathlib import Path

import click

from .catalog.specs import profiles
from .cli_limits import limit_options, read_files
from .console import Choice, Group, check_selectors, fail, output_format, text_output, write_bytes
from .read import read_file
from .read.limits import DEFAULT, Limits
from .ledger import FACT_COLUMNS
from .report import Severity
from .serialize import csv_row, document_dict, fact_rows

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "disclosures"


def _read_all(files, limits: Limits = DEFAULT):
    """Yield (path, Document) for every readable file; say why for the others. Each file is read
    in a worker process under ``limits`` (cli_limits.py): a reader bug, an abort in native code or
    a file past a limit is that file's message, never the command's crash."""
    failed = False
    for f, doc in read_files(files, limits):
        if isinstance(doc, str):
            click.echo(f"yusuan: {doc}", err=True)
            failed = True
        else:
            yield Path(f), doc
    if failed:
        raise SystemExit(2)


def _files(paths):
    out = []
    for p in paths:
        p = Path(p)
        out.extend(sorted(x for x in p.iterdir() if x.is_file()) if p.is_dir() else [p])
    return out


def _dump(data, fh) -> None:
    json.dump(data, fh, ensure_ascii=False, indent=1)
    fh.write("\n")


def _format(choices, default, help_=None):
    return click.option("--format", "fmt", type=Choice(choices), default=default,
                        show_default=default is not None, help=help_)


_OUTPUT = click.option("-o", "--output", type=click.Path(allow_dash=True),
                       help="输出文件（- 为标准输出，默认）；未给 --format 时按扩展名判断格式 / output file "
                            "(- = stdout, the default); its extension gives the format when --format is not given")
_FILES = click.argument("files", nargs=-1, required=True, type=click.Path())
_DB = click.option("--db", default=None, help="数据库：路径（SQLite）或 URL；默认 $YUSUAN_DB 或 yusuan.db / database path or URL")


def _from_store(f):
    """--db, --unit, --year: a stored budget in place of a file (the whole document kept by import)."""
    f = click.option("--year", type=int, default=None, help="与 --unit 一起用：年度，默认最新 / with --unit: the year "
                                                           "(the latest by default)")(f)
    f = click.option("--unit", "stored_unit", default=None,
                     help="不读文件，取库中该单位的预算（单位编码或名称，最新版本）/ instead of a file, the unit's "
                          "stored budget (code or name, latest version)")(f)
    return _DB(f)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="yusuan")
def main():
    """yusuan（预算）：读取、检查、生成、存储部门预算和决算公开文件。

    yusuan reads, checks, renders and stores Chinese public-sector budget (预算) and final-accounts
    (决算) disclosures. 先试 / start with: yusuan check 文件 / FILE."""


# --- files ----------------------------------------------------------------------------------------------
@main.command()
@click.argument("files", nargs=-1, type=click.Path())
@_from_store
@_format(["text", "json", "html"], None, "默认 text，或按 -o 的扩展名 / text unless -o's extension says otherwise")
@click.option("--select", multiple=True, help="只检查这些代码前缀，可逗号分隔（A、X1、K102）/ only codes with these prefixes")
@click.option("--ignore", multiple=True, help="忽略这些代码前缀 / skip codes with these prefixes")
@click.option("--severity", type=Choice([s.value for s in Severity]), default="info", show_default=True,
              help="只列出此级别及更严重的问题（warning：不列尾差提示）/ list findings of this severity or worse")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="认可其中的科目编码和名称（yusuan catalog harvest 生成）/ trust the codes and names of this "
                   "catalog extension (made by yusuan catalog harvest)")
@_OUTPUT
@limit_options
def check(files, db, stored_unit, year, fmt, select, ignore, severity, catalogs, output, limits):
    """检查公开文件：表内与表间勾稽、说明与表格、完整性、科目、绩效目标。Check disclosures: arithmetic
    inside and across tables, narrative against tables, completeness, codes, performance targets.

    每行：文件:行: 级别 [代码] 说明。退出码 / exit: 0 无错误 no errors, 1 发现错误 errors found,
    2 有文件无法读取或用法错误 unreadable file or usage error.

    --format html：每个文件一页，标出有问题的单元格；多个文件时 -o 为目录 / one page per file,
    -o a directory for several files.

    --unit（及 --db、--year）：检查库中保存的文档，而不是文件 / check a stored document instead of files."""
    from .catalog.harvest import read_extension
    from .report_html import render
    from .rules import REGISTRY, check as run
    from .rules.base import Context
    extension = read_extension(*catalogs) if catalogs else None
    codes = [r.code for r in REGISTRY]
    sel, ign = check_selectors("--select", select, codes), check_selectors("--ignore", ignore, codes)
    fmt = output_format(output, fmt, {".txt": "text", ".json": "json", ".html": "html", ".htm": "html"}, "text")
    stored = _stored_document(db, stored_unit, year, files)
    paths = [Path(stored.file)] if stored else _files(files)
    pages_dir = fmt == "html" and output not in (None, "-") and (len(paths) > 1 or Path(output).is_dir())
    if pages_dir and Path(output).suffix.lower() in (".html", ".htm"):
        fail(f"{len(paths)} 个文件各有一页报告：-o 应是目录，而不是 {output}",
             f"{len(paths)} files make one page each: -o must name a directory, not {output}")
    threshold = Severity(severity)
    reports, errors = [], False
    with text_output(None if fmt == "html" else output) as out:  # html: one page per file, written below
        try:
            for path, doc in [(paths[0], stored)] if stored else _read_all(paths, limits):
                report = run(doc, sel, ign, Context(doc, extension=extension) if extension else None)
                errors |= bool(report.errors)
                report = report.at_least(threshold)
                if fmt == "text":
                    out.write(report.text() + "\n")
                elif fmt == "json":
                    reports.append(report.as_dict())
                elif pages_dir:
                    write_bytes(str(Path(output) / (Path(path).stem + ".html")), render(doc, report).encode("utf-8"))
                else:
                    write_bytes(output or "-", render(doc, report).encode("utf-8"))
        finally:
            if fmt == "json" and reports:  # several files asked for: a list, even if some could not be read
                _dump(reports if len(paths) > 1 else reports[0], out)
    raise SystemExit(1 if errors else 0)


@main.command()
@_FILES
@_format(["json"], "json")
@_OUTPUT
@limit_options
def read(files, fmt, output, limits):
    """把公开文件读成结构化文档（JSON）。Read disclosures into structured documents (JSON)."""
    docs = []
    paths = _files(files)
    with text_output(output) as out:
        try:
            for _, doc in _read_all(paths, limits):
                docs.append(document_dict(doc))
        finally:
            if docs:
                _dump(docs if len(paths) > 1 else docs[0], out)


@main.command()
@_FILES
@_format(["csv", "json"], None, "默认 csv，或按 -o 的扩展名 / csv unless -o's extension says otherwise")
@_OUTPUT
@limit_options
def facts(files, fmt, output, limits):
    """每个印出的数字一行的长表（CSV 或 JSON）。Long-format numbers: one row per printed cell."""
    fmt = output_format(output, fmt, {".csv": "csv", ".json": "json"}, "csv")
    rows = []
    with text_output(output) as out:
        writer = csv.DictWriter(out, fieldnames=FACT_COLUMNS, lineterminator="\n") if fmt == "csv" else None
        if writer:
            writer.writeheader()
        try:
            for _, doc in _read_all(_files(files), limits):
                if writer:
                    writer.writerows(map(csv_row, fact_rows(doc)))
                else:
                    rows.extend(fact_rows(doc))
        finally:
            if not writer:
                _dump(rows, out)


@main.command()
@_FILES
@_format(["csv", "json"], None, "默认 csv，或按 -o 的扩展名 / csv unless -o's extension says otherwise")
@_OUTPUT
@limit_options
def ledger(files, fmt, output, limits):
    """预算账：每个金额连同它是什么（资金来源、功能分类、经济分类、基本/项目、人员/公用……）和出处（CSV 或 JSON）。The budget
    as a ledger: each amount with what it is (fund, functional and economic code, basic or project …) and
    where it was printed."""
    from .ledger import build_ledger
    from .serialize import LEDGER_COLUMNS, ledger_dict, ledger_rows

    fmt = output_format(output, fmt, {".csv": "csv", ".json": "json"}, "csv")
    paths = _files(files)
    docs = []
    with text_output(output) as out:
        writer = csv.DictWriter(out, fieldnames=LEDGER_COLUMNS, lineterminator="\n") if fmt == "csv" else None
        if writer:
            writer.writeheader()
        try:
            for _, doc in _read_all(paths, limits):
                if writer:
                    writer.writerows(map(csv_row, ledger_rows(build_ledger(doc))))
                else:
                    docs.append(ledger_dict(build_ledger(doc)))
        finally:
            if not writer and docs:
                _dump(docs if len(paths) > 1 else docs[0], out)


BUDGET_PROFILES = [name for p in profiles() if p.family == "budget" for name in (p.id, *p.aliases)]
PROFILES = [name for p in profiles() for name in (p.id, *p.aliases)]  # a 决算 set's too (render)


@main.command()
@click.option("--from", "source", type=click.Path(), default=None,
              help="由已有文件填好：上年的公开文件、今年的草稿（yusuan 能读的任何格式），或录入数据 / fill it from a package or entries")
@click.option("--kind", type=Choice(["budget", "final_accounts"]), default="budget", show_default=True,
              help="预算或决算（目前只有预算）/ budget or final accounts (budget only, for now)")
@click.option("--region", type=Choice(BUDGET_PROFILES), default=None,
              help="地区：写入录入工作簿，prepare 按它生成（默认 national，或 --from 录入数据中的）/ the region the entries are for")
@click.option("-o", "--output", type=click.Path(allow_dash=True), required=True,
              help="录入工作簿（.xlsx），或录入数据（.json）/ the entry workbook (.xlsx) or entries (.json)")
@limit_options
def template(source, kind, region, output, limits):
    """编制用的录入工作簿：单位信息、收入、基本支出、项目、绩效指标、三公经费、其他、情况说明，下拉列表选科目，合计由公式计算。
    The entry workbook a finance officer fills in: Chinese headers with a note on every column, drop-down
    lists of the year's codes, totals as formulas.

    --from 由公开文件填好时，基本支出按功能分类和经济分类两张表拆分成行（两张表都能原样生成），项目按绩效目标表
    分到各功能分类，未列明的项目支出单列，请核对 / --from splits a package's spending into lines that give
    back both printed tables, and spreads its named projects over the classes: check them."""
    from .prepare import EntriesError
    from .prepare.run import template_data
    from .prepare.workbook import template as workbook

    if kind != "budget":
        fail("决算的录入工作簿尚未提供", "no entry workbook for final accounts yet")
    try:
        data = template_data(source, lambda path: next(iter(_read_all([Path(path)], limits)))[1]) if source else {}
    except (EntriesError, OSError, ValueError) as e:
        fail(f"录入数据无法读取：{e}", f"cannot read the entries: {e}")
    data.setdefault("kind", kind)
    if region:
        data["region"] = region
    if output.lower().endswith(".json"):
        with text_output(output) as out:
            _dump(data, out)
    else:
        write_bytes(output, workbook(data))
RENDERED = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md"}
_FORMAT_NAMES = {"xlsx": ("XLSX 工作簿", "the XLSX workbook"), "html": ("HTML 页面", "the HTML page"),
                 "pdf": ("PDF", "the PDF"), "md": ("情况说明初稿（Markdown）", "the narrative draft (Markdown)"),
                 "json": ("JSON 文档", "the JSON document")}


@main.command()
@click.argument("file", required=False, type=click.Path())
@_from_store
@click.option("--to", "fmt", type=Choice(["xlsx", "html", "pdf", "md"]), default=None,
              help="格式；默认按 -o 的扩展名 / the format (by default -o's extension)")
@click.option("-o", "--output", type=click.Path(allow_dash=True), required=True,
              help="输出文件（- 为标准输出）/ output file (- = stdout)")
@click.option("--template", type=Choice(PROFILES), default=None,
              help="地区的表格顺序、编号和标题（catalog/data/profiles/，或环境变量 YUSUAN_PROFILES 所指目录中的文件）："
                   "national（mof143，财预〔2016〕143号，收支总表在前）、chongqing（财政拨款收支总表在前）、henan、shanghai；"
                   "决算：national_final；默认与原文件相同 / the region's table order, numbering and titles")
@click.option("--prior", type=click.Path(), default=None,
              help="同一单位上一年的公开文件，用于说明中的增减 / the same unit's package of the year before")
@click.option("--force", is_flag=True, help="接受其他单位或非上一年的 --prior 文件 / accept a --prior of another unit or year")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度 / no progress on stderr")
@limit_options
def render(file, db, stored_unit, year, fmt, output, template, prior, force, quiet, limits):
    """由公开文件生成标准公开报表（XLSX、HTML、PDF）或情况说明初稿（Markdown）。Render the standard
    package (XLSX, HTML, PDF) or the narrative draft (Markdown) from a disclosure.

    进度和提示写到标准错误；文件有错误时先列出 / progress and warnings go to stderr, errors in
    the package are named first.

    --unit（及 --db、--year）：由库中保存的文档生成，不需原文件 / render a stored document, no file
    needed."""
    fmt = output_format(output, fmt, RENDERED, None, "--to")
    started = time.monotonic()

    def step(text: str) -> None:
        if not quiet:
            click.echo(f"· {text}（{time.monotonic() - started:.1f} 秒 / s）", err=True)

    stored = _stored_document(db, stored_unit, year, [file] if file else [])
    if stored is None:
        step(f"读取 / reading {file}")
    file = file or stored.file
    docs = list(_read_all(([] if stored else [Path(file)]) + ([Path(prior)] if prior else []), limits))
    doc, last = (stored, docs[0][1] if prior else None) if stored else (docs[0][1], docs[1][1] if prior else None)
    if last is not None:
        _prior_fits(doc, last, force)
        step(f"本年 {doc.year or '?'} 年，上年 {last.year or '?'} 年取自 {prior} / this year {doc.year or '?'}, "
             f"prior year {last.year or '?'} from {prior}")
    _warn_errors(file, doc)
    write_bytes(output, _rendered(doc, fmt, template, last, step))
    step("完成 / done")


def _rendered(doc, fmt: str, template: str | None, last, step) -> bytes:
    zh, en = _FORMAT_NAMES[fmt]
    step(f"生成{zh} / rendering {en}")
    if fmt == "xlsx":
        from .render.xlsx import xlsx
        return xlsx(doc, template, last)
    if fmt == "html":
        from .render.html import html
        return html(doc, template, last).encode("utf-8")
    if fmt == "pdf":
        from .render.pdf import pdf
        return pdf(doc, template, last, step=step)
    if fmt == "json":
        from .serialize import document_dict
        return (json.dumps(document_dict(doc), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    from .render.narrative import markdown
    return markdown(doc, last).encode("utf-8")


@main.command()
@click.argument("entries", type=click.Path())
@click.option("--to", "fmt", type=Choice(["xlsx", "pdf", "html", "md", "json"]), default=None,
              help="格式；默认按 -o 的扩展名 / the format (by default -o's extension)")
@click.option("-o", "--output", type=click.Path(allow_dash=True), required=True,
              help="输出文件（- 为标准输出）/ output file (- = stdout)")
@click.option("--region", type=Choice(BUDGET_PROFILES), default=None,
              help="地区的标准表格、顺序、编号和标题；默认为录入数据中的地区（national）/ the region's standard tables, "
                   "order, numbering and titles (by default the entries' own)")
@click.option("--prior", type=click.Path(), default=None,
              help="上一年的录入数据（.json）或公开文件，用于说明中的增减 / last year's entries or package, for the changes")
@click.option("--force", is_flag=True, help="录入数据有错误时仍然生成 / write the package even with errors")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度 / no progress on stderr")
def prepare(entries, fmt, output, region, prior, force, quiet):
    """编制：由单位的录入数据（JSON）生成整套公开文件：各张标准表、绩效目标表和情况说明，并检查。Prepare the
    whole package from a unit's entries (JSON): every standard table, the performance tables and the
    narrative, checked.

    录入数据的问题（E 类规则）和生成后的文件按公开文件检查出的错误会列出位置；有错误时不生成文件、退出码 1，
    除非加 --force / problems in the entries (family E) and errors in the package as it will be
    published are listed with their places; with errors nothing is written and the exit code is 1,
    unless --force."""
    from .prepare import EntriesError
    from .prepare.run import prepare as run

    fmt = output_format(output, fmt, {**RENDERED, ".json": "json"}, None, "--to")
    started = time.monotonic()

    def step(text: str) -> None:
        if not quiet:
            click.echo(f"· {text}（{time.monotonic() - started:.1f} 秒 / s）", err=True)

    step(f"读取录入数据 / reading the entries {entries}")
    try:
        done = run(entries, region, prior)
    except (EntriesError, OSError) as e:
        fail(f"录入数据无法读取：{e}", f"cannot read the entries: {e}")
    for f in done.report.findings:
        if f.severity is not Severity.INFO:
            click.echo(str(f), err=True)
    errors = len(done.errors)
    if errors and not force:
        click.echo(f"yusuan: {errors} 个错误，未生成文件（改正后重试，或加 --force）/ {errors} errors: nothing written "
                   "(correct them, or add --force)", err=True)
        raise SystemExit(1)
    write_bytes(output, _rendered(done.doc, fmt, done.region, done.prior, step))
    step("完成 / done")


def _unit_label(doc) -> str:
    return " ".join(x for x in (doc.unit.code, doc.unit.name) if x) or "?"


def _prior_fits(doc, last, force: bool) -> None:
    """Exit 2 unless ``last`` is the same unit's package of the year before (or ``--force``): its
    numbers would be written into the draft as last year's."""
    a, b = doc.unit, last.unit
    problems = []
    if (a.code and b.code and a.code != b.code) or (not (a.code and b.code) and a.name and b.name and a.name != b.name):
        problems.append((f"--prior 是另一个单位的文件（{_unit_label(last)}，本文件 {_unit_label(doc)}）",
                         f"--prior is another unit's package ({_unit_label(last)}, this one {_unit_label(doc)})"))
    if doc.year is not None and last.year is not None and last.year != doc.year - 1:
        problems.append((f"--prior 是 {last.year} 年的文件，本文件是 {doc.year} 年的（应为 {doc.year - 1} 年）",
                         f"--prior is of {last.year}, this package of {doc.year} (expected {doc.year - 1})"))
    if problems and not force:
        fail("；".join(zh for zh, _ in problems) + "。确要使用，加 --force",
             "; ".join(en for _, en in problems) + ". Add --force to use it anyway")


def _warn_errors(file, doc) -> None:
    """A package with errors renders as printed: say so (stderr) and name them."""
    from .rules import check as run
    errors = run(doc).errors
    if not errors:
        return
    codes = "，".join(f"{c}×{n}" if n > 1 else c for c, n in sorted(Counter(f.code for f in errors).items()))
    click.echo(f"yusuan: 注意：{file} 有 {len(errors)} 个错误（{codes}），生成的报表照原文印出这些数字 / "
               f"warning: the package has {len(errors)} errors, rendered as printed:", err=True)
    shown = 10
    for f in errors[:shown]:
        click.echo(f"  {f}", err=True)
    if len(errors) > shown:
        click.echo(f"  …（其余 {len(errors) - shown} 个：yusuan check {file} / the rest: yusuan check {file}）", err=True)


@main.group(cls=Group)
def catalog():
    """科目表扩展：收集文件中印出的科目编码和名称。Catalog extensions: the codes and names packages print."""


@catalog.command("harvest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(allow_dash=True), required=True,
              help="输出的 CSV（- 为标准输出）/ the CSV to write (- = stdout)")
def harvest_(paths, output):
    """收集公开文件中印出的科目编码和名称（含次数和首次出现处），写成 check --catalog 可用的科目表扩展。
    Collect the code–name pairs a set of packages print (with counts and where first seen) into a catalog
    extension that check --catalog trusts.

    目录中的文件逐个读取；无法读取的文件给出说明，其余照常收集，退出码 2 / a folder's files are read one
    by one; unreadable files are said, the others harvested, exit 2."""
    from .catalog.harvest import harvest, write_extension
    docs, unreadable = [], None
    try:
        for _, doc in _read_all(_files(paths)):
            docs.append(doc)
    except SystemExit as e:
        unreadable = e  # every unreadable file has been said; the others are harvested
    with text_output(output) as out:
        out.write(write_extension(harvest(docs)))
    if unreadable is not None:
        raise unreadable


@main.command()
@_format(["text", "json"], "text")
@click.option("--store", "stored", is_flag=True, help="列出跨文件检查（S 类，check-store）/ the store's cross-document rules")
@_OUTPUT
def rules(fmt, stored, output):
    """列出全部检查规则：代码、级别、标题、检查什么、为什么、例子。List every rule with its documentation."""
    if stored:
        from .rules.stored import RULES as listed
    else:
        from .rules import REGISTRY as listed
    with text_output(output) as out:
        if fmt == "json":
            _dump([{"code": r.code, "severity": r.severity.value, "title": r.title, "what": r.what, "why": r.why,
                    "example": r.example, "status": r.status} for r in listed], out)
            return
        for r in listed:
            preview = "（试行）" if r.status == "preview" else ""
            out.write(f"{r.code}  [{r.severity.value}]  {r.title}{preview}\n    检查：{r.what}\n    原因：{r.why}\n"
                      f"    例：{r.example}\n\n")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@limit_options
def demo(paths, limits):
    """读取示例文件并打印摘要（默认为随附的五个示例）。Read the bundled examples and summarise each."""
    from .summary import NEXT, summarize
    for _, doc in _read_all(_files(paths or [EXAMPLES]), limits):
        click.echo(summarize(doc) + "\n")
    click.echo(NEXT)


# --- the store: import, query, compare, export, cross-document checks ----------------------------------


def _store(db, *, existing: bool = False):
    """The store, or exit 2 with a message: a database that cannot be opened is the user's setting,
    not a crash. ``existing``: a read-only command, which never creates a database."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from .store.engine import open_store, store_url
    url = store_url(db)
    try:
        parsed = make_url(url)
        path = parsed.database if parsed.get_backend_name() == "sqlite" else None
        if existing and path and path != ":memory:" and not Path(path).is_file():
            click.echo(f"yusuan: 没有这个数据库 / no such database: {path}（先用 yusuan import 入库，或用 --db 指定 / "
                       "import files first with yusuan import, or name one with --db）", err=True)
            raise SystemExit(2)
        return open_store(db)
    except (ArgumentError, DBAPIError, NoSuchModuleError, ImportError) as e:  # ImportError: no driver for that URL
        reason = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
        click.echo(f"yusuan: 无法打开数据库 / cannot open the database {url}: {reason}", err=True)
        raise SystemExit(2) from None


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_DB
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="CPU 数",
              help="本机并行进程数 / local worker processes")
@click.option("--executor", default="local", show_default=True,
              help="local 或 dask://HOST:PORT（在 Dask 集群上读取和检查）/ local or a Dask scheduler")
@click.option("--to", "to", nargs=2, type=(Choice(["parquet"]), click.Path()), default=None,
              help="另外写出按年度、区划分区的 Parquet：--to parquet 目录 / also write Parquet to DIR")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度条 / no progress bar")
@limit_options
def import_(paths, db, jobs, executor, to, quiet, limits):
    """把文件或目录批量读取、检查并存入数据库（已存入的内容跳过）。Import files and directories into the
    store: read, check and store each (contents already stored are skipped).

    退出码 / exit: 0 批次完成（无法读取的文件记为 R001 问题）batch ran, unreadable files are R001
    findings; 2 路径不存在，或没有一个文件能读取 a path is missing, or no file could be read."""
    from .batch import run
    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        click.echo(f"yusuan: 路径不存在 / no such file or directory: {p}", err=True)
    if missing:
        raise SystemExit(2)
    if executor != "local" and not executor.startswith(("dask://", "tcp://")):
        raise click.BadParameter("应为 local 或 dask://HOST:PORT / expected local or dask://HOST:PORT",
                                 param_hint="--executor")
    engine = _store(db)
    summary = run(paths, engine, jobs=jobs, executor_spec=executor, progress=not quiet, limits=limits,
                  note=lambda message: click.echo(message, err=True))
    click.echo(summary.text())
    if to:
        from .store.partitioned import write_parquet
        for name, target in write_parquet(engine, to[1]).items():
            click.echo(f"{name}: {target}", err=True)
    nothing_read = summary.stored and summary.unreadable == summary.stored and not summary.skipped
    raise SystemExit(2 if nothing_read else 0)


def _stored_document(db, unit, year, files):
    """The document of ``--unit``'s stored budget (``--year``, else the latest; a budget before a
    决算 of the same year), or None when files are given instead; exit 2 when neither or both are
    given, or when the store has no whole document for it."""
    if not unit and not files:  # as click says a missing argument, naming --unit too in the help
        ctx = click.get_current_context()
        param = next(p for p in ctx.command.params if p.name in ("files", "file"))
        raise click.MissingParameter(ctx=ctx, param=param, param_hint=param.name.upper())
    if unit and files:
        fail("请给出文件，或用 --unit（及 --db、--year）指定库中的预算，二者选一",
             "give files or a stored budget (--unit, with --db and --year), not both")
    if not unit:
        return None
    from .model.codec import CodecError
    from .store.documents import load_document, missing_reason
    from .store.query import budget_refs, latest
    with _store(db, existing=True).connect() as conn:
        u = _one_unit(conn, unit)
        ref = latest(budget_refs(conn, u), year) or latest(budget_refs(conn, u, "final_accounts"), year)
        if ref is None:
            _no_budget(unit, year, _years(conn, u))
        try:
            doc = load_document(conn, ref.id)
        except CodecError as e:
            click.echo(f"yusuan: 库中保存的文档无法由此版本读取，请重新导入原文件 {ref.path} / the stored document "
                       f"cannot be loaded by this yusuan, import its file again: {e}", err=True)
            raise SystemExit(2) from None
        if doc is None:
            zh, en = missing_reason(conn, ref.id)
            click.echo(f"yusuan: {zh} / {en}", err=True)
            raise SystemExit(2)
    return doc


def _one_unit(conn, text):
    from .store.query import find_units
    found = find_units(conn, text)
    if not found:
        click.echo(f"yusuan: 库中没有单位“{text}” / no stored unit matches {text!r}", err=True)
        raise SystemExit(2)
    if len(found) > 1:
        names = "；".join(u.label for u in found)
        click.echo(f"yusuan: “{text}”对应多个单位，请用单位编码 / several units match: {names}", err=True)
        raise SystemExit(2)
    return found[0]


@main.command()
@_DB
@_format(["text", "json"], "text")
@_OUTPUT
def units(db, fmt, output):
    """库中的单位及其年度、版本和文件数。Stored units with their years, versions and documents."""
    from .store.query import units as listing
    from .store.views import units_dict, units_text
    with _store(db, existing=True).connect() as conn:
        found = listing(conn)
    with text_output(output) as out:
        _dump(units_dict(found), out) if fmt == "json" else out.write(units_text(found) + "\n")


def _no_budget(unit: str, year: int | None, have) -> None:
    years = "、".join(str(y) for y in have) or "无"
    when = f" {year} 年" if year else ""
    click.echo(f"yusuan: 库中没有“{unit}”{when}的预算（已入库的年度：{years}）/ no stored budget for {unit}"
               f"{' ' + str(year) if year else ''} (stored years: {', '.join(map(str, have)) or 'none'})", err=True)
    raise SystemExit(2)


def _years(conn, u) -> list[int]:
    from .store.query import budget_refs
    return sorted({r.year for r in budget_refs(conn, u) if r.year is not None})


@main.command()
@click.argument("unit")
@click.option("--year", type=int, default=None, help="年度；默认最新 / year (the latest by default)")
@_DB
@_format(["text", "json"], "text")
@_OUTPUT
def show(unit, year, db, fmt, output):
    """显示一个单位已入库的预算（默认最新年度、最新版本）。Show a unit's stored budget (latest version).

    UNIT：单位编码或名称（名称可只写一部分）/ a unit code or (part of) its name."""
    from .store.query import budget
    from .store.views import budget_dict, budget_text
    with _store(db, existing=True).connect() as conn:
        u = _one_unit(conn, unit)
        b = budget(conn, u, year)
        if b is None:
            _no_budget(unit, year, _years(conn, u))
    with text_output(output) as out:
        _dump(budget_dict(b), out) if fmt == "json" else out.write(budget_text(b) + "\n")


@main.command("compare")
@click.argument("unit", required=False)
@click.option("--years", nargs=2, type=int, default=None, help="同一单位的两个年度 / two years of UNIT")
@click.option("--units", "unit_pair", nargs=2, default=None, help="同一年度的两个单位 / two units (with --year)")
@click.option("--year", type=int, default=None, help="与 --units 一起用；默认两者共有的最新年度 / the year for --units")
@click.option("--force", is_flag=True, help="--units 没有共有年度时，比较各自最新的年度 / compare each unit's latest "
                                            "year when they share none")
@_DB
@_format(["text", "json", "csv"], "text")
@_OUTPUT
def compare_(unit, years, unit_pair, year, force, db, fmt, output):
    """逐表逐行对比：同一单位的两个年度，或同一年度的两个单位（增减额精确，百分比两位小数、四舍五入）。
    Compare each table's rows: a unit in two years, or two units in one year.

    compare UNIT --years 2025 2026；compare --units A B [--year 2026]。"""
    from .compare import CSV_COLUMNS, ROUNDING, compare, rows_for_text
    from .store.query import budget
    from .textgrid import grid
    if bool(unit and years) == bool(unit_pair):
        fail("用法：compare UNIT --years 2025 2026，或 compare --units A B --year 2026",
             "usage: compare UNIT --years 2025 2026, or compare --units A B --year 2026")
    with _store(db, existing=True).connect() as conn:
        if unit_pair:
            us = [_one_unit(conn, x) for x in unit_pair]
            have = [_years(conn, u) for u in us]
            if year is None:
                common = sorted(set(have[0]) & set(have[1]))
                if not common and not force:
                    fail(f"两个单位没有共同的年度（{us[0].label}：{'、'.join(map(str, have[0])) or '无'}；"
                         f"{us[1].label}：{'、'.join(map(str, have[1])) or '无'}）。用 --force 比较各自最新的年度",
                         f"the two units share no year ({have[0]} and {have[1]}); --force compares each one's latest")
                year = common[-1] if common else None
            pair = [budget(conn, u, year) for u in us]
            for b, u, given, y in zip(pair, unit_pair, have, (year, year)):
                if b is None:
                    _no_budget(u, y, given)
            labels = [u.label for u in us]
        else:
            u = _one_unit(conn, unit)
            pair = [budget(conn, u, y) for y in years]
            for b, y in zip(pair, years):
                if b is None:
                    _no_budget(unit, y, _years(conn, u))
            labels = [str(y) for y in years]
    result = compare(pair[0], pair[1], *labels)
    with text_output(output) as out:
        if fmt == "json":
            _dump({**result.as_dict(), "left_year": pair[0].year, "right_year": pair[1].year}, out)
        elif fmt == "csv":
            w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(csv_row(x.as_dict(*labels)) for x in result.lines)
        else:
            out.write(f"比较 / comparing: {labels[0]}（{pair[0].year} 年）→ {labels[1]}（{pair[1].year} 年）\n"
                      if unit_pair else f"比较 / comparing: {pair[0].unit.label} {years[0]} 年 → {years[1]} 年\n")
            header, body = rows_for_text(result)
            out.write(grid(header, body, numeric=(4, 5, 6, 7)) + "\n" + ROUNDING + "\n")


@main.command()
@_DB
@click.option("--to", "fmt", type=Choice(["csv", "parquet", "fdp"]), required=True)
@click.argument("out", type=click.Path())
@click.option("--latest", is_flag=True, help="每个预算只取最新版本（fdp 总是如此）/ latest versions only")
def export(db, fmt, out, latest):
    """导出库中的数字：CSV、Parquet，或财政数据包（Fiscal Data Package，功能分类对应 COFOG）。Export the
    store's numbers: CSV or Parquet (the facts columns with version, region, sha256), or a Fiscal Data
    Package directory."""
    from .export import write_csv, write_fdp, write_parquet
    target = Path(out)
    with _store(db, existing=True).connect() as conn:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "csv":
                n = write_csv(conn, target, latest_only=latest)
            elif fmt == "parquet":
                n = write_parquet(conn, target, latest_only=latest)
            else:
                n = write_fdp(conn, target)
        except OSError as e:
            click.echo(f"yusuan: 无法写入 / cannot write {target}: {e.strerror or e}", err=True)
            raise SystemExit(2) from None
    click.echo(f"{target}：{n} 行 / rows", err=True)


@main.command("check-store")
@_DB
@click.option("--unit", default=None, help="单位编码或名称 / a unit code or name")
@click.option("--year", type=int, default=None)
@_format(["text", "json"], "text")
@click.option("--select", multiple=True, help="只检查这些代码前缀 / only codes with these prefixes")
@click.option("--ignore", multiple=True, help="忽略这些代码前缀 / skip codes with these prefixes")
@_OUTPUT
def check_store_(db, unit, year, fmt, select, ignore, output):
    """跨文件检查（S 类）：上年数与已入库的上年预算、部门与所属单位之和。Cross-document checks on the
    store: prior-year figures against the stored prior year, a 部门 against its units.

    退出码 / exit: 0 无错误 no errors, 1 发现错误 errors found."""
    from .rules.stored import RULES
    from .store.checks import check_store
    codes = [r.code for r in RULES]
    sel, ign = check_selectors("--select", select, codes), check_selectors("--ignore", ignore, codes)
    with _store(db, existing=True).connect() as conn:
        results = check_store(conn, unit, year, sel, ign, read=read_file)
    errors = any(r.report.errors for r in results)
    with text_output(output) as out:
        if fmt == "json":
            _dump([{**r.report.as_dict(), "unit": r.unit.code, "unit_name": r.unit.name, "year": r.year,
                    "narrative_read": r.narrative_read} for r in results], out)
        else:
            for r in results:
                if r.report.findings:
                    out.write("\n".join(str(f) for f in r.report.findings) + "\n")
            total = sum(len(r.report.findings) for r in results)
            out.write(f"已检查 {len(results)} 个预算，发现 {total} 个问题（错误 "
                      f"{sum(r.report.counts['error'] for r in results)}）\n")
    raise SystemExit(1 if errors else 0)


# --- the web portal ---------------------------------------------------------------------------------------
def _web_installed() -> None:
    """The portal's libraries are the ``web`` extra: say so instead of a traceback when they are missing."""
    import importlib.util
    missing = [m for m in ("fastapi", "uvicorn", "argon2", "itsdangerous", "multipart", "jinja2")
               if importlib.util.find_spec(m) is None]
    if missing:
        click.echo(f"yusuan: 门户网站需要安装 yusuan[web]（缺少 {', '.join(missing)}）/ the portal needs "
                   f"pip install 'yusuan[web]' (missing {', '.join(missing)})", err=True)
        raise SystemExit(2)


@main.command()
@_DB
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 / address to listen on")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口 / port")
def serve(db, host, port):
    """启动门户网站：公开预算页面、审核、用户管理（uvicorn）。Serve the web portal: public budget pages,
    review, administration.

    环境变量 / environment: YUSUAN_SECRET 签名 Cookie 的密钥（未设置时每次启动新生成，重启后需重新登录 /
    the cookie signing key; a new one each start when unset), YUSUAN_UPLOADS 上传文件目录 / upload folder,
    YUSUAN_MAX_FILE_MB 单个文件上限（默认 50）/ per-file cap (50), YUSUAN_MAX_FILES 一次上传的文件数上限
    （默认 20）/ files per upload (20). 先用 yusuan user add 创建管理员 / create an admin first."""
    _web_installed()
    from .web.serve import serve as run
    engine = _store(db)
    run(engine, db, host, port)


@main.command()
@_DB
@click.option("--limit", type=click.IntRange(1), default=None, help="最多生成几个页面 / make at most N pages")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度 / no progress on stderr")
def warm(db, limit, quiet):
    """预先生成尚未保存的公开预算页面（最新年度在前）。Make and keep the budget pages not yet kept.

    访问者不必等待首次生成；入库（yusuan import）或升级 yusuan 之后执行，门户网站运行时也可执行 / so that no
    visitor waits for a first rendering, newest year first; run it after an import or an upgrade of
    yusuan, beside a running server too."""
    _web_installed()
    from .web.warm import warm as run
    made, dropped, failed = run(_store(db, existing=True), limit=limit, progress=not quiet)
    click.echo(f"已生成 {made} 个页面，删除 {dropped} 条过期记录 / {made} pages made, {dropped} stale rows dropped"
               + (f"；{failed} 个失败 / {failed} failed" if failed else ""), err=True)
    raise SystemExit(1 if failed else 0)


@main.group(cls=Group)
def user():
    """门户网站的用户：新增（密码从标准输入读取）。Portal users: add one (password from stdin)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=Choice(["admin", "reviewer", "preparer"]), required=True,
              help="角色 / role: admin 管理员, reviewer 审核人员, preparer 编制人员")
@click.option("--unit", "units", multiple=True, metavar="CODE",
              help="管理的单位（或部门）编码，可重复；审核人员不给则审核全部单位 / a unit (or 部门) code this user "
                   "manages, repeatable; a reviewer without any reviews every unit")
@_DB
def user_add(name, role, units, db):
    """新增用户 NAME；密码从标准输入读取（第一行，至少 8 个字符）。Add user NAME; the password is read from
    standard input (its first line, at least 8 characters).

    例 / e.g.: printf '%s\\n' "$PASSWORD" | yusuan user add alice --role reviewer --unit 212"""
    import sys
    _web_installed()
    from .web.users import UserError, add_user
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        with _store(db).begin() as conn:
            u = add_user(conn, name, password, role, units)
    except UserError as e:
        click.echo(f"yusuan: {e}", err=True)
        raise SystemExit(2) from None
    click.echo(f"已新增用户 {u.name}（{role}{'，单位 ' + '、'.join(u.units) if u.units else ''}）/ user added")


if __name__ == "__main__":
    main()
