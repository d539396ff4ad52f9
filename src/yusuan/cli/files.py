"""The commands on files: check, read, facts, ledger, demo, the rule list and catalog harvest."""
from __future__ import annotations

import csv
from pathlib import Path

import click

from ..ledger import FACT_COLUMNS
from ..report import Severity
from ..serialize import csv_row, document_dict, fact_rows
from .common import (FILES, OUTPUT, EXAMPLES, dump_json, format_option, from_store, main, paths_in, read_all,
                     stored_document)
from .console import Choice, Group, check_selectors, fail, output_format, text_output, write_bytes
from .limits import limit_options


@main.command()
@click.argument("files", nargs=-1, type=click.Path())
@from_store
@format_option(["text", "json", "html"], None, "默认 text，或按 -o 的扩展名 / text unless -o's extension says otherwise")
@click.option("--select", multiple=True, help="只检查这些代码前缀，可逗号分隔（A、X1、K102）/ only codes with these prefixes")
@click.option("--ignore", multiple=True, help="忽略这些代码前缀 / skip codes with these prefixes")
@click.option("--severity", type=Choice([s.value for s in Severity]), default="info", show_default=True,
              help="只列出此级别及更严重的问题（warning：不列尾差提示）/ list findings of this severity or worse")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="认可其中的科目编码和名称（yusuan catalog harvest 生成）/ trust the codes and names of this "
                   "catalog extension (made by yusuan catalog harvest)")
@OUTPUT
@limit_options
def check(files, db, stored_unit, year, fmt, select, ignore, severity, catalogs, output, limits):
    """检查公开文件：表内与表间勾稽、说明与表格、完整性、科目、绩效目标。Check disclosures: arithmetic
    inside and across tables, narrative against tables, completeness, codes, performance targets.

    每行：文件:行: 级别 [代码] 说明。退出码 / exit: 0 无错误 no errors, 1 发现错误 errors found,
    2 有文件无法读取或用法错误 unreadable file or usage error.

    --format html：每个文件一页，标出有问题的单元格；多个文件时 -o 为目录 / one page per file,
    -o a directory for several files.

    --unit（及 --db、--year）：检查库中保存的文档，而不是文件 / check a stored document instead of files."""
    from ..catalog.harvest import read_extension
    from ..report_html import render
    from ..rules import REGISTRY, check as run
    from ..rules.base import Context
    extension = read_extension(*catalogs) if catalogs else None
    codes = [r.code for r in REGISTRY]
    sel, ign = check_selectors("--select", select, codes), check_selectors("--ignore", ignore, codes)
    fmt = output_format(output, fmt, {".txt": "text", ".json": "json", ".html": "html", ".htm": "html"}, "text")
    stored = stored_document(db, stored_unit, year, files)
    paths = [Path(stored.file)] if stored else paths_in(files)
    pages_dir = fmt == "html" and output not in (None, "-") and (len(paths) > 1 or Path(output).is_dir())
    if pages_dir and Path(output).suffix.lower() in (".html", ".htm"):
        fail(f"{len(paths)} 个文件各有一页报告：-o 应是目录，而不是 {output}",
             f"{len(paths)} files make one page each: -o must name a directory, not {output}")
    threshold = Severity(severity)
    reports, errors = [], False
    with text_output(None if fmt == "html" else output) as out:  # html: one page per file, written below
        try:
            for path, doc in [(paths[0], stored)] if stored else read_all(paths, limits):
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
                dump_json(reports if len(paths) > 1 else reports[0], out)
    raise SystemExit(1 if errors else 0)


@main.command()
@FILES
@format_option(["json"], "json")
@OUTPUT
@limit_options
def read(files, fmt, output, limits):
    """把公开文件读成结构化文档（JSON）。Read disclosures into structured documents (JSON)."""
    docs = []
    paths = paths_in(files)
    with text_output(output) as out:
        try:
            for _, doc in read_all(paths, limits):
                docs.append(document_dict(doc))
        finally:
            if docs:
                dump_json(docs if len(paths) > 1 else docs[0], out)


@main.command()
@FILES
@format_option(["csv", "json"], None, "默认 csv，或按 -o 的扩展名 / csv unless -o's extension says otherwise")
@OUTPUT
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
            for _, doc in read_all(paths_in(files), limits):
                if writer:
                    writer.writerows(map(csv_row, fact_rows(doc)))
                else:
                    rows.extend(fact_rows(doc))
        finally:
            if not writer:
                dump_json(rows, out)


@main.command()
@FILES
@format_option(["csv", "json"], None, "默认 csv，或按 -o 的扩展名 / csv unless -o's extension says otherwise")
@OUTPUT
@limit_options
def ledger(files, fmt, output, limits):
    """预算账：每个金额连同它是什么（资金来源、功能分类、经济分类、基本/项目、人员/公用……）和出处（CSV 或 JSON）。The budget
    as a ledger: each amount with what it is (fund, functional and economic code, basic or project …) and
    where it was printed."""
    from ..ledger import build_ledger
    from ..serialize import LEDGER_COLUMNS, ledger_dict, ledger_rows

    fmt = output_format(output, fmt, {".csv": "csv", ".json": "json"}, "csv")
    paths = paths_in(files)
    docs = []
    with text_output(output) as out:
        writer = csv.DictWriter(out, fieldnames=LEDGER_COLUMNS, lineterminator="\n") if fmt == "csv" else None
        if writer:
            writer.writeheader()
        try:
            for _, doc in read_all(paths, limits):
                if writer:
                    writer.writerows(map(csv_row, ledger_rows(build_ledger(doc))))
                else:
                    docs.append(ledger_dict(build_ledger(doc)))
        finally:
            if not writer and docs:
                dump_json(docs if len(paths) > 1 else docs[0], out)


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
    from ..catalog.harvest import harvest, write_extension
    docs, unreadable = [], None
    try:
        for _, doc in read_all(paths_in(paths)):
            docs.append(doc)
    except SystemExit as e:
        unreadable = e  # every unreadable file has been said; the others are harvested
    with text_output(output) as out:
        out.write(write_extension(harvest(docs)))
    if unreadable is not None:
        raise unreadable


@main.command()
@format_option(["text", "json"], "text")
@click.option("--store", "stored", is_flag=True, help="列出跨文件检查（S 类，check-store）/ the store's cross-document rules")
@OUTPUT
def rules(fmt, stored, output):
    """列出全部检查规则：代码、级别、标题、检查什么、为什么、例子。List every rule with its documentation."""
    if stored:
        from ..rules.stored import RULES as listed
    else:
        from ..rules import REGISTRY as listed
    with text_output(output) as out:
        if fmt == "json":
            dump_json([{"code": r.code, "severity": r.severity.value, "title": r.title, "what": r.what, "why": r.why,
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
    for _, doc in read_all(paths_in(paths or [EXAMPLES]), limits):
        click.echo(summarize(doc) + "\n")
    click.echo(NEXT)
