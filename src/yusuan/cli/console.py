"""The command line's conventions, apart from what each command does.

- click's own errors in Chinese and English, with "did you mean" for a mistyped command, option or
  choice (exit 2, as click exits for usage errors);
- ``-h`` beside ``--help``; the command list grouped (working on files, working on the store), each
  with its whole summary;
- outputs: ``-o FILE`` for every format, ``-`` for standard output, the format taken from the
  extension when not given and refused when the two disagree;
- rule selectors checked against the codes that exist (exit 2 with the closest one).
"""
from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, Sequence

import click

SECTIONS = (
    ("文件：读取、检查、生成 / Files: read, check, render", ("check", "read", "facts", "ledger", "render", "template",
                                                          "prepare", "rules", "catalog", "demo")),
    ("数据库：入库、查询、比较、导出 / Store: import, query, compare, export",
     ("import", "units", "show", "compare", "export", "check-store")),
    ("门户网站 / Web portal", ("serve", "warm", "user")),
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PARAM = {"argument": "参数", "option": "选项", "parameter": "参数"}


def fail(zh: str, en: str) -> None:
    """A usage error in both languages (exit 2)."""
    raise click.UsageError(f"{zh} / {en}")


def _distance(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The choice nearest to a mistyped word, case aside (the first of equals), or None when none is
    within half the word's length."""
    if not choices:
        return None
    best = min(choices, key=lambda c: _distance(word.upper(), c.upper()))
    return best if _distance(word.upper(), best.upper()) <= max(1, len(word) // 2) else None


def _suggest(word: str, choices: Sequence[str]) -> tuple[str, str]:
    near = closest(word, choices)
    return ("", "") if near is None else (f"；是否要用 {near}？", f"; did you mean {near}?")


class Choice(click.Choice):
    """click.Choice whose refusal names the closest choice, in both languages."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            zh, en = _suggest(str(value), list(self.choices))
            listed = "、".join(self.choices)
            self.fail(f"“{value}”不是 {listed} 之一{zh} / {value!r} is not one of "
                      f"{', '.join(map(repr, self.choices))}{en}", param, ctx)


def bilingual(e: click.ClickException) -> str:
    """click's message for ``e``, with the same said in Chinese before it (ours are already both)."""
    if isinstance(e, click.NoSuchOption):
        zh = f"没有选项 {e.option_name}" + (f"；是否要用 {'、'.join(sorted(e.possibilities))}？" if e.possibilities else "")
        return f"{zh} / {e.format_message()}"
    en = e.format_message()
    if isinstance(e, click.BadParameter):
        param = e.param
        hint = e.param_hint or (param.get_error_hint(e.ctx) if param is not None and e.ctx is not None else "")
        hint = hint.replace("'", "")
        if isinstance(e, click.MissingParameter):
            kind = e.param_type or (param.param_type_name if param is not None else "parameter")
            return f"缺少{_PARAM.get(kind, '参数')} {hint} / {en}"
        if _CJK.search(e.message):  # ours: "zh / en" in the message itself
            zh_part, _, en_part = e.message.partition(" / ")
            return f"{hint} 的值无效：{zh_part} / Invalid value for {hint}: {en_part}"
        return f"{hint} 的值无效 / {en}"
    if _CJK.search(en):
        return en
    if isinstance(e, click.BadOptionUsage):
        return f"选项 {e.option_name} 用法不对 / {en}"
    if isinstance(e, click.FileError):
        return f"无法打开文件 {e.ui_filename} / {en}"
    return f"用法不对 / {en}"


class _Translated(click.UsageError):
    """A click error shown in both languages, with the usage line and where to find help."""

    def __init__(self, original: click.ClickException):
        super().__init__(bilingual(original), getattr(original, "ctx", None))
        self.exit_code = original.exit_code

    def show(self, file: IO | None = None) -> None:
        file = file or sys.stderr
        if self.ctx is not None:
            path, opt = self.ctx.command_path, self.ctx.help_option_names[0]
            click.echo(f"{self.ctx.get_usage()}\n用 '{path} {opt}' 查看帮助 / Try '{path} {opt}' for help.\n",
                       file=file)
        click.echo(f"错误 / Error: {self.message}", file=file)


class _Bilingual:
    """Usage and option headings in both languages (for commands and the group alike)."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:  # the parser raises some without the context: the usage line needs it
            if e.ctx is None:
                e.ctx, e.cmd = ctx, ctx.command
            raise

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="用法 / Usage: ")

    def format_options(self, ctx, formatter):
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section("选项 / Options"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class Command(_Bilingual, click.Command):
    pass


def summary(cmd: click.Command) -> str:
    """A command's whole first paragraph (click would cut it at 45 characters)."""
    first = (cmd.help or "").split("\n\n")[0]
    return " ".join(line.strip() for line in first.splitlines() if line.strip())


class Group(_Bilingual, click.Group):
    """yusuan's command group: the conventions above for every command."""

    command_class = Command

    def list_commands(self, ctx) -> list[str]:
        return list(self.commands)  # the order they are defined in, not alphabetical

    def format_commands(self, ctx, formatter) -> None:
        listed = set()
        for title, names in SECTIONS:
            rows = [(n, summary(self.commands[n])) for n in names if n in self.commands]
            listed.update(names)
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
        rest = [(n, summary(c)) for n, c in self.commands.items() if n not in listed and not c.hidden]
        if rest:
            with formatter.section("其他 / Other"):
                formatter.write_dl(rest)

    def resolve_command(self, ctx, args):
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            zh, en = _suggest(name, list(self.commands))
            ctx.fail(f"没有命令 {name}{zh} / no such command {name!r}{en}")
        return super().resolve_command(ctx, args)

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as e:
            raise _Translated(e) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.UsageError, click.FileError) as e:
            raise _Translated(e) from None


# --- rule selectors -------------------------------------------------------------------------------------
def prefixes(values: Sequence[str]) -> tuple[str, ...]:
    """``--select A,X1 --select K`` → ("A", "X1", "K")."""
    return tuple(p.strip() for v in values for p in v.split(",") if p.strip())


def check_selectors(option: str, values: Sequence[str], codes: Sequence[str]) -> tuple[str, ...]:
    """The prefixes, each matching some code; else exit 2 naming the closest code or family. A typo in
    CI must not turn a failing package green by selecting nothing."""
    chosen = prefixes(values)
    for p in chosen:
        if not any(c.startswith(p) for c in codes):
            families = sorted({c[0] for c in codes})
            zh, en = _suggest(p, [*families, *codes])
            fail(f"{option} {p}：没有以此开头的规则代码{zh}（yusuan rules 列出全部代码）",
                 f"{option} {p}: no rule code starts with it{en} (yusuan rules lists them)")
    return chosen


# --- outputs --------------------------------------------------------------------------------------------
def output_format(output: str | None, given: str | None, by_suffix: dict[str, str], default: str | None,
                  option: str = "--format") -> str:
    """The format: as given, else ``-o``'s extension, else ``default``; a given format that the
    extension contradicts (``--to pdf -o out.xlsx``) is refused."""
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    inferred = by_suffix.get(suffix)
    if given and inferred and given != inferred:
        fail(f"{option} {given} 与输出文件的扩展名 {suffix} 不符", f"{option} {given} does not match the output's "
             f"extension {suffix}")
    fmt = given or inferred or default
    if fmt is None:
        known = "、".join(sorted(by_suffix))
        fail(f"请用 {option} 指定格式，或给输出文件 {known} 之一的扩展名",
             f"give {option}, or an output file ending in one of {', '.join(sorted(by_suffix))}")
    return fmt


def _cannot_write(target: Path, e: OSError) -> None:
    click.echo(f"yusuan: 无法写入 / cannot write {target}: {e.strerror or e}", err=True)
    raise SystemExit(2) from None


@contextmanager
def text_output(output: str | None) -> Iterator[IO[str]]:
    """Where a command's text goes: standard output (no ``-o``, or ``-o -``), else the file, its
    directory made; the file's path is said on stderr once written (also after an exit 2 on the
    way: what could be read is still written)."""
    if output in (None, "-"):
        yield sys.stdout
        return
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fh = open(target, "w", encoding="utf-8", newline="")
    except OSError as e:
        _cannot_write(target, e)
    try:
        yield fh
    finally:
        fh.close()
        click.echo(str(target), err=True)


def write_bytes(output: str, data: bytes) -> None:
    """Write one output (``-``: standard output), its directory made, or exit 2 with a message."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as e:
        _cannot_write(target, e)
    click.echo(str(target), err=True)
