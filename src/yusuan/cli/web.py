"""The commands of the web portal: serve, warm and user add."""
from __future__ import annotations

import click

from .common import DB, main, open_db
from .console import Choice, Group

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
@DB
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 / address to listen on")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口 / port")
def serve(db, host, port):
    """启动门户网站：公开预算页面、审核、用户管理（uvicorn）。Serve the web portal: public budget pages,
    review, administration.

    环境变量 / environment: YUSUAN_SECRET 签名 Cookie 的密钥（未设置时首次启动生成并保存在数据库中 /
    the cookie signing key; when unset, one generated once and kept in the store), YUSUAN_UPLOADS
    上传文件目录 / upload folder, YUSUAN_UPLOAD_HOURS 遗留上传文件的保留小时数（默认 24）/ hours a file
    left in it is kept (24), YUSUAN_MAX_FILE_MB 单个文件上限（默认 50）/ per-file cap (50),
    YUSUAN_MAX_FILES 一次上传的文件数上限（默认 20）/ files per upload (20). 先用 yusuan user add
    创建管理员 / create an admin first."""
    _web_installed()
    from ..web.serve import serve as run
    engine = open_db(db)
    run(engine, db, host, port)


@main.command()
@DB
@click.option("--limit", type=click.IntRange(1), default=None, help="最多生成几个页面 / make at most N pages")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度 / no progress on stderr")
def warm(db, limit, quiet):
    """预先生成尚未保存的公开预算页面（最新年度在前）。Make and keep the budget pages not yet kept.

    访问者不必等待首次生成；入库（yusuan import）或升级 yusuan 之后执行，门户网站运行时也可执行 / so that no
    visitor waits for a first rendering, newest year first; run it after an import or an upgrade of
    yusuan, beside a running server too."""
    _web_installed()
    from ..web.warm import warm as run
    made, dropped, failed = run(open_db(db, existing=True), limit=limit, progress=not quiet)
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
@DB
def user_add(name, role, units, db):
    """新增用户 NAME；密码从标准输入读取（第一行，至少 8 个字符）。Add user NAME; the password is read from
    standard input (its first line, at least 8 characters).

    例 / e.g.: printf '%s\\n' "$PASSWORD" | yusuan user add alice --role reviewer --unit 212"""
    import sys
    _web_installed()
    from ..web.users import UserError, add_user
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        with open_db(db).begin() as conn:
            u = add_user(conn, name, password, role, units)
    except UserError as e:
        click.echo(f"yusuan: {e}", err=True)
        raise SystemExit(2) from None
    click.echo(f"已新增用户 {u.name}（{role}{'，单位 ' + '、'.join(u.units) if u.units else ''}）/ user added")
