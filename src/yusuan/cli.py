"""Command line: thin; parses arguments, calls the library, prints.

Exit codes (contract): 0 success; 1 ``check`` found errors; 2 a file could not be read at all
(a clear message on stderr; the other files are still processed).
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from .build import FACT_COLUMNS
from .ingest import UnreadableError, read_file
from .serialize import document_dict, fact_rows

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "disclosures"


def _read_all(files):
    """Yield (path, Document) for every readable file; say why for the others."""
    failed = False
    for f in files:
        try:
            yield f, read_file(f)
        except UnreadableError as e:
            click.echo(f"yusuan: {e}", err=True)
            failed = True
        except Exception as e:  # a reader bug must not stop the batch; it is reported, not hidden
            click.echo(f"yusuan: 读取失败 / failed to read {f}: {type(e).__name__}: {e}", err=True)
            failed = True
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
def read(files, fmt):
    """把公开文件读成结构化文档（JSON）。Read disclosures into structured documents (JSON)."""
    docs = []
    try:
        for _, doc in _read_all(_files(files)):
            docs.append(document_dict(doc))
    finally:
        if docs:
            json.dump(docs[0] if len(docs) == 1 else docs, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
def facts(files, fmt):
    """每个数字一行的长表。Long-format numbers, one row per printed cell."""
    rows = []
    writer = csv.DictWriter(sys.stdout, fieldnames=FACT_COLUMNS, lineterminator="\n") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    try:
        for _, doc in _read_all(_files(files)):
            if writer:
                writer.writerows(fact_rows(doc))
            else:
                rows.extend(fact_rows(doc))
    finally:
        if not writer:
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
def demo(paths):
    """读取示例文件并打印摘要（默认为随附的五个示例）。Read the bundled examples and summarise each."""
    from .summary import summarize
    for _, doc in _read_all(_files(paths or [EXAMPLES])):
        click.echo(summarize(doc))


if __name__ == "__main__":
    main()
