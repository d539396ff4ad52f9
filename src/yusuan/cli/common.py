"""What the commands share: the ``main`` group, the options every command spells the same way,
reading files through the sandboxed workers, and finding a stored budget (--db, --unit, --year)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..read.limits import DEFAULT, Limits
from .console import Choice, Group, fail
from .limits import read_files

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "disclosures"


def read_all(files, limits: Limits = DEFAULT):
    """Yield (path, Document) for every readable file; say why for the others. Each file is read
    in a worker process under ``limits`` (limits.py): a reader bug, an abort in native code or
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


def paths_in(paths):
    out = []
    for p in paths:
        p = Path(p)
        out.extend(sorted(x for x in p.iterdir() if x.is_file()) if p.is_dir() else [p])
    return out


def dump_json(data, fh) -> None:
    json.dump(data, fh, ensure_ascii=False, indent=1)
    fh.write("\n")


def format_option(choices, default, help_=None):
    return click.option("--format", "fmt", type=Choice(choices), default=default,
                        show_default=default is not None, help=help_)


OUTPUT = click.option("-o", "--output", type=click.Path(allow_dash=True),
                       help="输出文件（- 为标准输出，默认）；未给 --format 时按扩展名判断格式 / output file "
                            "(- = stdout, the default); its extension gives the format when --format is not given")
FILES = click.argument("files", nargs=-1, required=True, type=click.Path())
DB = click.option("--db", default=None, help="数据库：路径（SQLite）或 URL；默认 $YUSUAN_DB 或 yusuan.db / database path or URL")


def from_store(f):
    """--db, --unit, --year: a stored budget in place of a file (the whole document kept by import)."""
    f = click.option("--year", type=int, default=None, help="与 --unit 一起用：年度，默认最新 / with --unit: the year "
                                                           "(the latest by default)")(f)
    f = click.option("--unit", "stored_unit", default=None,
                     help="不读文件，取库中该单位的预算（单位编码或名称，最新版本）/ instead of a file, the unit's "
                          "stored budget (code or name, latest version)")(f)
    return DB(f)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="yusuan")
def main():
    """yusuan（预算）：读取、检查、生成、存储部门预算和决算公开文件。

    yusuan reads, checks, renders and stores Chinese public-sector budget (预算) and final-accounts
    (决算) disclosures. 先试 / start with: yusuan check 文件 / FILE."""


def open_db(db, *, existing: bool = False):
    """The store, or exit 2 with a message: a database that cannot be opened is the user's setting,
    not a crash. ``existing``: a read-only command, which never creates a database."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    from ..store.engine import open_store, store_url
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


def stored_document(db, unit, year, files):
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
    from ..model.codec import CodecError
    from ..store.documents import load_document, missing_reason
    from ..store.query import budget_refs, latest
    with open_db(db, existing=True).connect() as conn:
        u = one_unit(conn, unit)
        ref = latest(budget_refs(conn, u), year) or latest(budget_refs(conn, u, "final_accounts"), year)
        if ref is None:
            no_budget(unit, year, stored_years(conn, u))
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


def one_unit(conn, text):
    from ..store.query import find_units
    found = find_units(conn, text)
    if not found:
        click.echo(f"yusuan: 库中没有单位“{text}” / no stored unit matches {text!r}", err=True)
        raise SystemExit(2)
    if len(found) > 1:
        names = "；".join(u.label for u in found)
        click.echo(f"yusuan: “{text}”对应多个单位，请用单位编码 / several units match: {names}", err=True)
        raise SystemExit(2)
    return found[0]


def no_budget(unit: str, year: int | None, have) -> None:
    years = "、".join(str(y) for y in have) or "无"
    when = f" {year} 年" if year else ""
    click.echo(f"yusuan: 库中没有“{unit}”{when}的预算（已入库的年度：{years}）/ no stored budget for {unit}"
               f"{' ' + str(year) if year else ''} (stored years: {', '.join(map(str, have)) or 'none'})", err=True)
    raise SystemExit(2)


def stored_years(conn, u) -> list[int]:
    from ..store.query import budget_refs
    return sorted({r.year for r in budget_refs(conn, u) if r.year is not None})
