"""Command line: thin; parses arguments, calls the library, prints.

Exit codes (contract): 0 success; 1 ``check`` found errors; 2 a file could not be read at all
(a clear message on stderr; the other files are still processed).
"""
from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import click

from .build import FACT_COLUMNS
from .cli_limits import limit_options, read_files
from .ingest import read_file
from .ingest.limits import DEFAULT, Limits
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


@click.group()
@click.version_option(package_name="yusuan")
def main():
    """yusuan（预算）：读取、检查、发布部门预决算公开文件。"""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@limit_options
def read(files, fmt, limits):
    """把公开文件读成结构化文档（JSON）。Read disclosures into structured documents (JSON)."""
    docs = []
    paths = _files(files)
    try:
        for _, doc in _read_all(paths, limits):
            docs.append(document_dict(doc))
    finally:
        if docs:
            json.dump(docs if len(paths) > 1 else docs[0], sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@limit_options
def facts(files, fmt, limits):
    """每个数字一行的长表。Long-format numbers, one row per printed cell."""
    rows = []
    writer = csv.DictWriter(sys.stdout, fieldnames=FACT_COLUMNS, lineterminator="\n") if fmt == "csv" else None
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
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")


def _prefixes(values) -> tuple[str, ...]:
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--select", multiple=True, help="只检查这些代码前缀（可逗号分隔）/ only codes with these prefixes")
@click.option("--ignore", multiple=True, help="忽略这些代码前缀 / skip codes with these prefixes")
@click.option("-o", "--output", type=click.Path(), help="HTML 报告的输出文件或目录 / where to write HTML reports")
@limit_options
def check(files, fmt, select, ignore, output, limits):
    """检查公开文件：表内、表间、说明与表格、完整性、科目、绩效目标。Check disclosures.

    退出码 / exit: 0 无错误 no errors, 1 发现错误 errors found, 2 有文件无法读取 unreadable file."""
    from .report_html import render
    from .rules import check as run
    sel, ign = _prefixes(select), _prefixes(ignore)
    reports, errors = [], False
    paths = _files(files)
    to_dir = output and (len(paths) > 1 or Path(output).is_dir())
    try:
        for path, doc in _read_all(paths, limits):
            report = run(doc, sel, ign)
            errors |= bool(report.errors)
            if fmt == "text":
                click.echo(report.text())
            elif fmt == "json":
                reports.append(report.as_dict())
            else:
                html = render(doc, report)
                if output:
                    target = Path(output) / (Path(path).stem + ".html") if to_dir else Path(output)
                    _write(target, html.encode("utf-8"))
                else:
                    click.echo(html)
    finally:
        if fmt == "json" and reports:  # several files asked for: a list, even if some could not be read
            json.dump(reports if len(paths) > 1 else reports[0], sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
    raise SystemExit(1 if errors else 0)


@main.command()
@click.argument("file", type=click.Path())
@click.option("--to", "fmt", type=click.Choice(["xlsx", "html", "pdf", "md"]), required=True)
@click.option("-o", "--output", type=click.Path(), required=True, help="输出文件 / output file")
@click.option("--template", type=click.Choice(["chongqing", "mof143"]), default=None,
              help="表格顺序：重庆（财政拨款收支总表在前）或 143号文（收支总表在前）；默认与原文件相同")
@click.option("--prior", type=click.Path(), default=None, help="上年的公开文件，用于说明中的增减 / last year's package")
@limit_options
def render(file, fmt, output, template, prior, limits):
    """由数据生成标准公开报表与情况说明初稿。Render the standard package from a disclosure."""
    docs = list(_read_all([Path(file)] + ([Path(prior)] if prior else []), limits))
    doc, last = docs[0][1], (docs[1][1] if prior else None)
    if fmt == "xlsx":
        from .render.xlsx import xlsx
        data = xlsx(doc, template)
    elif fmt == "html":
        from .render.html import html
        data = html(doc, template, last).encode("utf-8")
    elif fmt == "pdf":
        from .render.pdf import pdf
        data = pdf(doc, template, last)
    else:
        from .render.narrative import markdown
        data = markdown(doc, last).encode("utf-8")
    _write(Path(output), data)


def _write(out: Path, data: bytes) -> None:
    """Write an output file (its directory made), or exit 2 with a message; its path goes to stderr."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as e:
        click.echo(f"yusuan: 无法写入 / cannot write {out}: {e.strerror}", err=True)
        raise SystemExit(2) from None
    click.echo(str(out), err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--store", "stored", is_flag=True, help="列出跨文件检查（S 类，check-store）/ the store's cross-document rules")
def rules(fmt, stored):
    """列出全部检查规则及其说明。List every rule with its documentation."""
    if stored:
        from .rules.stored import RULES as listed
    else:
        from .rules import REGISTRY as listed
    if fmt == "json":
        json.dump([{"code": r.code, "severity": r.severity.value, "title": r.title, "what": r.what, "why": r.why,
                    "example": r.example} for r in listed], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    for r in listed:
        click.echo(f"{r.code}  [{r.severity.value}]  {r.title}\n    检查：{r.what}\n    原因：{r.why}\n    例：{r.example}\n")


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--db", default=None, help="数据库：路径（SQLite）或 URL；默认 $YUSUAN_DB 或 yusuan.db / database path or URL")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="CPU 数",
              help="本机并行进程数 / local worker processes")
@click.option("--executor", default="local", show_default=True,
              help="local 或 dask://HOST:PORT（在 Dask 集群上读取和检查）/ local or a Dask scheduler")
@click.option("--to", "to", nargs=2, type=(click.Choice(["parquet"]), click.Path()), default=None,
              help="另外写出按年度、区划分区的 Parquet：--to parquet 目录 / also write Parquet to DIR")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度条 / no progress bar")
@limit_options
def import_(paths, db, jobs, executor, to, quiet, limits):
    """把文件或目录批量读取、检查并存入数据库（已存入的内容跳过）。Import files into the store.

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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@limit_options
def demo(paths, limits):
    """读取示例文件并打印摘要（默认为随附的五个示例）。Read the bundled examples and summarise each."""
    from .summary import summarize
    for _, doc in _read_all(_files(paths or [EXAMPLES]), limits):
        click.echo(summarize(doc))


# --- the store: query, compare, export, cross-document checks -----------------------------------------
def _store(db):
    """The store, or exit 2 with a message: a database that cannot be opened is the user's setting,
    not a crash."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from .store.engine import open_store, store_url
    try:
        return open_store(db)
    except (ArgumentError, DBAPIError, NoSuchModuleError, ImportError) as e:  # ImportError: no driver for that URL
        reason = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
        click.echo(f"yusuan: 无法打开数据库 / cannot open the database {store_url(db)}: {reason}", err=True)
        raise SystemExit(2) from None


_DB = click.option("--db", default=None, help="数据库：路径（SQLite）或 URL；默认 $YUSUAN_DB 或 yusuan.db / database path or URL")


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


def _json(data):
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


@main.command()
@_DB
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def units(db, fmt):
    """库中的单位及其年度、版本和文件数。Stored units with their years, versions and documents."""
    from .store.query import units as listing
    from .store.views import units_dict, units_text
    with _store(db).connect() as conn:
        found = listing(conn)
    if fmt == "json":
        _json(units_dict(found))
    else:
        click.echo(units_text(found))


@main.command()
@click.argument("unit")
@click.option("--year", type=int, default=None, help="年度；默认最新 / year (the latest by default)")
@_DB
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(unit, year, db, fmt):
    """显示一个单位已入库的预算（默认最新版本）。Show a unit's stored budget (latest version).

    UNIT：单位编码或名称（名称可只写一部分）/ a unit code or (part of) its name."""
    from .store.query import budget
    from .store.views import budget_dict, budget_text
    with _store(db).connect() as conn:
        b = budget(conn, _one_unit(conn, unit), year)
    if b is None:
        click.echo(f"yusuan: 库中没有“{unit}”{year or ''}年的预算 / no stored budget for {unit} {year or ''}", err=True)
        raise SystemExit(2)
    if fmt == "json":
        _json(budget_dict(b))
    else:
        click.echo(budget_text(b))


@main.command("compare")
@click.argument("unit", required=False)
@click.option("--years", nargs=2, type=int, default=None, help="同一单位的两个年度 / two years of UNIT")
@click.option("--units", "unit_pair", nargs=2, default=None, help="同一年度的两个单位 / two units (with --year)")
@click.option("--year", type=int, default=None, help="与 --units 一起用；默认两者共有的最新年度 / the year for --units")
@_DB
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
def compare_(unit, years, unit_pair, year, db, fmt):
    """逐表逐行对比：同一单位两个年度，或同一年度两个单位（增减额精确，百分比两位小数、四舍五入）。

    Compare each table's rows: a unit in two years (UNIT --years A B), or two units (--units A B --year Y)."""
    from .compare import CSV_COLUMNS, ROUNDING, compare, rows_for_text
    from .store.query import budget
    from .textgrid import grid
    if bool(unit and years) == bool(unit_pair):
        raise click.UsageError("用法：compare UNIT --years 2025 2026，或 compare --units A B --year 2026")
    with _store(db).connect() as conn:
        if unit_pair:
            us = [_one_unit(conn, x) for x in unit_pair]
            pair = [budget(conn, u, year) for u in us]
            labels = [u.label for u in us]
        else:
            u = _one_unit(conn, unit)
            pair = [budget(conn, u, y) for y in years]
            labels = [str(y) for y in years]
    for b, label in zip(pair, labels):
        if b is None:
            when = "" if years or year is None else f" {year} 年"
            click.echo(f"yusuan: 库中没有 {label}{when}的预算 / no stored budget for {label}", err=True)
            raise SystemExit(2)
    result = compare(pair[0], pair[1], *labels)
    if fmt == "json":
        _json(result.as_dict())
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(csv_row(x.as_dict(*labels)) for x in result.lines)
    else:
        header, body = rows_for_text(result)
        click.echo(grid(header, body, numeric=(4, 5, 6, 7)))
        click.echo(ROUNDING)


@main.command()
@_DB
@click.option("--to", "fmt", type=click.Choice(["csv", "parquet", "fdp"]), required=True)
@click.argument("out", type=click.Path())
@click.option("--latest", is_flag=True, help="每个预算只取最新版本（fdp 总是如此）/ latest versions only")
def export(db, fmt, out, latest):
    """导出库中的数字：CSV、Parquet，或财政数据包（Fiscal Data Package，功能分类对应 COFOG）。

    Export the store: CSV or Parquet (facts columns + version), or a Fiscal Data Package directory."""
    from .export import write_csv, write_fdp, write_parquet
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _store(db).connect() as conn:
        if fmt == "csv":
            n = write_csv(conn, target, latest_only=latest)
        elif fmt == "parquet":
            n = write_parquet(conn, target, latest_only=latest)
        else:
            n = write_fdp(conn, target)
    click.echo(f"{target}：{n} 行 / rows", err=True)


@main.command("check-store")
@_DB
@click.option("--unit", default=None, help="单位编码或名称 / a unit code or name")
@click.option("--year", type=int, default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--select", multiple=True, help="只检查这些代码前缀 / only codes with these prefixes")
@click.option("--ignore", multiple=True, help="忽略这些代码前缀 / skip codes with these prefixes")
def check_store_(db, unit, year, fmt, select, ignore):
    """跨文件检查（S 类）：上年数与已入库的上年预算、部门与所属单位之和。Cross-document checks on the store.

    退出码 / exit: 0 无错误 no errors, 1 发现错误 errors found."""
    from .store.checks import check_store
    with _store(db).connect() as conn:
        results = check_store(conn, unit, year, _prefixes(select), _prefixes(ignore), read=read_file)
    errors = any(r.report.errors for r in results)
    if fmt == "json":
        _json([{**r.report.as_dict(), "unit": r.unit.code, "unit_name": r.unit.name, "year": r.year,
                "narrative_read": r.narrative_read} for r in results])
    else:
        for r in results:
            if r.report.findings:
                click.echo("\n".join(str(f) for f in r.report.findings))
        total = sum(len(r.report.findings) for r in results)
        click.echo(f"已检查 {len(results)} 个预算，发现 {total} 个问题（错误 "
                   f"{sum(r.report.counts['error'] for r in results)}）")
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
