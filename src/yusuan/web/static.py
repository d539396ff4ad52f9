"""The static files, read once into memory: ``static/`` and the stylesheets of the HTML report and
the rendered package (the same CSS the standalone pages inline). A name not here is a 404; no
request path is ever joined to a directory."""
from __future__ import annotations

from pathlib import Path

from ..render.html import CSS as PACKAGE_CSS
from ..report_html import CSS as REPORT_CSS

_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}


def _load() -> dict[str, tuple[bytes, str]]:
    out = {p.name: (p.read_bytes(), _TYPES[p.suffix]) for p in (Path(__file__).parent / "static").iterdir()
           if p.suffix in _TYPES}
    out["report.css"] = (REPORT_CSS.encode(), _TYPES[".css"])
    out["package.css"] = (PACKAGE_CSS.encode(), _TYPES[".css"])
    return out


STATIC = _load()
