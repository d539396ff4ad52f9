"""``yusuan serve``: the portal under uvicorn, one process."""
from __future__ import annotations

import click


def serve(engine, db: str | None, host: str, port: int) -> None:
    import uvicorn

    from .app import Settings, create_app
    app = create_app(Settings.from_env(db), engine=engine)
    click.echo(f"门户网站 / portal: http://{host}:{port}/  (Ctrl-C 停止 / to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)
