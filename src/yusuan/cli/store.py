"""The commands on the store: import, units, show, compare, export and the cross-document checks."""
from __future__ import annotations

import csv
import os
from pathlib import Path

import click

from ..read import read_file
from ..serialize import csv_row
from .common import DB, OUTPUT, dump_json, format_option, main, no_budget, one_unit, open_db, stored_years
from .console import Choice, check_selectors, fail, text_output
from .limits import limit_options

# --- the store: import, query, compare, export, cross-document checks ----------------------------------


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@DB
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
    from ..batch import run
    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        click.echo(f"yusuan: 路径不存在 / no such file or directory: {p}", err=True)
    if missing:
        raise SystemExit(2)
    if executor != "local" and not executor.startswith(("dask://", "tcp://")):
        raise click.BadParameter("应为 local 或 dask://HOST:PORT / expected local or dask://HOST:PORT",
                                 param_hint="--executor")
    engine = open_db(db)
    summary = run(paths, engine, jobs=jobs, executor_spec=executor, progress=not quiet, limits=limits,
                  note=lambda message: click.echo(message, err=True))
    click.echo(summary.text())
    if to:
        from ..store.partitioned import write_parquet
        for name, target in write_parquet(engine, to[1]).items():
            click.echo(f"{name}: {target}", err=True)
    nothing_read = summary.stored and summary.unreadable == summary.stored and not summary.skipped
    raise SystemExit(2 if nothing_read else 0)


@main.command()
@DB
@format_option(["text", "json"], "text")
@OUTPUT
def units(db, fmt, output):
    """库中的单位及其年度、版本和文件数。Stored units with their years, versions and documents."""
    from ..store.query import units as listing
    from ..store.views import units_dict, units_text
    with open_db(db, existing=True).connect() as conn:
        found = listing(conn)
    with text_output(output) as out:
        dump_json(units_dict(found), out) if fmt == "json" else out.write(units_text(found) + "\n")


@main.command()
@click.argument("unit")
@click.option("--year", type=int, default=None, help="年度；默认最新 / year (the latest by default)")
@DB
@format_option(["text", "json"], "text")
@OUTPUT
def show(unit, year, db, fmt, output):
    """显示一个单位已入库的预算（默认最新年度、最新版本）。Show a unit's stored budget (latest version).

    UNIT：单位编码或名称（名称可只写一部分）/ a unit code or (part of) its name."""
    from ..store.query import budget
    from ..store.views import budget_dict, budget_text
    with open_db(db, existing=True).connect() as conn:
        u = one_unit(conn, unit)
        b = budget(conn, u, year)
        if b is None:
            no_budget(unit, year, stored_years(conn, u))
    with text_output(output) as out:
        dump_json(budget_dict(b), out) if fmt == "json" else out.write(budget_text(b) + "\n")


@main.command("compare")
@click.argument("unit", required=False)
@click.option("--years", nargs=2, type=int, default=None, help="同一单位的两个年度 / two years of UNIT")
@click.option("--units", "unit_pair", nargs=2, default=None, help="同一年度的两个单位 / two units (with --year)")
@click.option("--year", type=int, default=None, help="与 --units 一起用；默认两者共有的最新年度 / the year for --units")
@click.option("--force", is_flag=True, help="--units 没有共有年度时，比较各自最新的年度 / compare each unit's latest "
                                            "year when they share none")
@DB
@format_option(["text", "json", "csv"], "text")
@OUTPUT
def compare_(unit, years, unit_pair, year, force, db, fmt, output):
    """逐表逐行对比：同一单位的两个年度，或同一年度的两个单位（增减额精确，百分比两位小数、四舍五入）。
    Compare each table's rows: a unit in two years, or two units in one year.

    compare UNIT --years 2025 2026；compare --units A B [--year 2026]。"""
    from ..compare import CSV_COLUMNS, ROUNDING, compare, rows_for_text
    from ..store.query import budget
    from ..textgrid import grid
    if bool(unit and years) == bool(unit_pair):
        fail("用法：compare UNIT --years 2025 2026，或 compare --units A B --year 2026",
             "usage: compare UNIT --years 2025 2026, or compare --units A B --year 2026")
    with open_db(db, existing=True).connect() as conn:
        if unit_pair:
            us = [one_unit(conn, x) for x in unit_pair]
            have = [stored_years(conn, u) for u in us]
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
                    no_budget(u, y, given)
            labels = [u.label for u in us]
        else:
            u = one_unit(conn, unit)
            pair = [budget(conn, u, y) for y in years]
            for b, y in zip(pair, years):
                if b is None:
                    no_budget(unit, y, stored_years(conn, u))
            labels = [str(y) for y in years]
    result = compare(pair[0], pair[1], *labels)
    with text_output(output) as out:
        if fmt == "json":
            dump_json({**result.as_dict(), "left_year": pair[0].year, "right_year": pair[1].year}, out)
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
@DB
@click.option("--to", "fmt", type=Choice(["csv", "parquet", "fdp"]), required=True)
@click.argument("out", type=click.Path())
@click.option("--latest", is_flag=True, help="每个预算只取最新版本（fdp 总是如此）/ latest versions only")
def export(db, fmt, out, latest):
    """导出库中的数字：CSV、Parquet，或财政数据包（Fiscal Data Package，功能分类对应 COFOG）。Export the
    store's numbers: CSV or Parquet (the facts columns with version, region, sha256), or a Fiscal Data
    Package directory."""
    from ..export import write_csv, write_fdp, write_parquet
    target = Path(out)
    with open_db(db, existing=True).connect() as conn:
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
@DB
@click.option("--unit", default=None, help="单位编码或名称 / a unit code or name")
@click.option("--year", type=int, default=None)
@format_option(["text", "json"], "text")
@click.option("--select", multiple=True, help="只检查这些代码前缀 / only codes with these prefixes")
@click.option("--ignore", multiple=True, help="忽略这些代码前缀 / skip codes with these prefixes")
@OUTPUT
def check_store_(db, unit, year, fmt, select, ignore, output):
    """跨文件检查（S 类）：上年数与已入库的上年预算、部门与所属单位之和。Cross-document checks on the
    store: prior-year figures against the stored prior year, a 部门 against its units.

    退出码 / exit: 0 无错误 no errors, 1 发现错误 errors found."""
    from ..rules.stored import RULES
    from ..store.checks import check_store
    codes = [r.code for r in RULES]
    sel, ign = check_selectors("--select", select, codes), check_selectors("--ignore", ignore, codes)
    with open_db(db, existing=True).connect() as conn:
        results = check_store(conn, unit, year, sel, ign, read=read_file)
    errors = any(r.report.errors for r in results)
    with text_output(output) as out:
        if fmt == "json":
            dump_json([{**r.report.as_dict(), "unit": r.unit.code, "unit_name": r.unit.name, "year": r.year,
                    "narrative_read": r.narrative_read} for r in results], out)
        else:
            for r in results:
                if r.report.findings:
                    out.write("\n".join(str(f) for f in r.report.findings) + "\n")
            total = sum(len(r.report.findings) for r in results)
            out.write(f"已检查 {len(results)} 个预算，发现 {total} 个问题（错误 "
                      f"{sum(r.report.counts['error'] for r in results)}）\n")
    raise SystemExit(1 if errors else 0)
