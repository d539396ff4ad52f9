"""The commands that make packages: template (the entry workbook), prepare (编制) and render."""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import click

from ..catalog.specs import profiles
from ..report import Severity
from .common import dump_json, from_store, main, read_all, stored_document
from .console import Choice, fail, output_format, text_output, write_bytes
from .limits import limit_options

BUDGET_PROFILES = [name for p in profiles() if p.family == "budget" for name in (p.id, *p.aliases)]
PROFILES = [name for p in profiles() for name in (p.id, *p.aliases)]  # a 决算 set's too (render)


@main.command()
@click.option("--from", "source", type=click.Path(), default=None,
              help="由已有文件填好：上年的公开文件、今年的草稿（yusuan 能读的任何格式），或录入数据 / fill it from a package or entries")
@click.option("--kind", type=Choice(["budget", "final_accounts"]), default="budget", show_default=True,
              help="预算或决算（--from 决算公开文件时为决算）/ budget or final accounts (a 决算 --from file: final accounts)")
@click.option("--region", type=Choice(PROFILES), default=None,
              help="地区：写入录入工作簿，prepare 按它生成（默认 national，决算为 national_final，或 --from 录入数据中的）"
                   "/ the region the entries are for")
@click.option("-o", "--output", type=click.Path(allow_dash=True), required=True,
              help="录入工作簿（.xlsx），或录入数据（.json）/ the entry workbook (.xlsx) or entries (.json)")
@limit_options
def template(source, kind, region, output, limits):
    """编制用的录入工作簿：单位信息、收入、基本支出、项目、绩效指标、三公经费、其他、情况说明，下拉列表选科目，合计由公式计算。
    The entry workbook a finance officer fills in: Chinese headers with a note on every column, drop-down
    lists of the year's codes, totals as formulas.

    --from 由公开文件填好时，基本支出按功能分类和经济分类两张表拆分成行（两张表都能原样生成），项目按绩效目标表
    分到各功能分类，未列明的项目支出单列，请核对 / --from splits a package's spending into lines that give
    back both printed tables, and spreads its named projects over the classes: check them.

    --kind final_accounts：决算的录入工作簿（收入按功能分类和来源、结转结余、基本支出和项目的决算数、预算数、三公经费）；
    由决算公开文件填好时，生成的九张决算表与原表相同 / the 决算 entry workbook; filled from a 决算 package, it
    gives back its nine tables."""
    from ..prepare import EntriesError
    from ..prepare.run import template_data
    from ..prepare.workbook import template as workbook

    try:
        data = template_data(source, lambda path: next(iter(read_all([Path(path)], limits)))[1], kind) if source else {}
    except (EntriesError, OSError, ValueError) as e:
        fail(f"录入数据无法读取：{e}", f"cannot read the entries: {e}")
    for said in data.get("findings", ()):  # the package's rounding tails the entries cannot print (E110)
        click.echo(said, err=True)
    data.setdefault("kind", kind)
    if region:
        data["region"] = region
    if output.lower().endswith(".json"):
        with text_output(output) as out:
            dump_json(data, out)
    else:
        write_bytes(output, workbook(data))
RENDERED = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md"}
_FORMAT_NAMES = {"xlsx": ("XLSX 工作簿", "the XLSX workbook"), "html": ("HTML 页面", "the HTML page"),
                 "pdf": ("PDF", "the PDF"), "md": ("情况说明初稿（Markdown）", "the narrative draft (Markdown)"),
                 "json": ("JSON 文档", "the JSON document")}


@main.command()
@click.argument("file", required=False, type=click.Path())
@from_store
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

    stored = stored_document(db, stored_unit, year, [file] if file else [])
    if stored is None:
        step(f"读取 / reading {file}")
    file = file or stored.file
    docs = list(read_all(([] if stored else [Path(file)]) + ([Path(prior)] if prior else []), limits))
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
        from ..render.xlsx import xlsx
        return xlsx(doc, template, last)
    if fmt == "html":
        from ..render.html import html
        return html(doc, template, last).encode("utf-8")
    if fmt == "pdf":
        from ..render.pdf import pdf
        return pdf(doc, template, last, step=step)
    if fmt == "json":
        from ..serialize import document_dict
        return (json.dumps(document_dict(doc), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    from ..render.narrative import markdown
    return markdown(doc, last).encode("utf-8")


@main.command()
@click.argument("entries", type=click.Path())
@click.option("--to", "fmt", type=Choice(["xlsx", "pdf", "html", "md", "json"]), default=None,
              help="格式；默认按 -o 的扩展名 / the format (by default -o's extension)")
@click.option("-o", "--output", type=click.Path(allow_dash=True), required=True,
              help="输出文件（- 为标准输出）/ output file (- = stdout)")
@click.option("--region", type=Choice(PROFILES), default=None,
              help="地区的标准表格、顺序、编号和标题；默认为录入数据中的地区（national，决算为 national_final）/ the region's standard tables, "
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
    from ..prepare import EntriesError
    from ..prepare.run import prepare as run

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
    from ..rules import check as run
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
