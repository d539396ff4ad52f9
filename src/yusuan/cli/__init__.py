"""Command line: thin; parses arguments, calls the library, prints.

Exit codes (contract): 0 success; 1 ``check`` found errors; 2 a file could not be read at all
(a clear message on stderr; the other files are still processed), or a usage error. The
conventions every command shares (errors in both languages, ``-h``, ``-o``, rule selectors) are
in ``console.py``; each option is one decorator, so that adding one is one line. The commands are
grouped by what they work on: files.py, publish.py (template, prepare, render), store.py, web.py;
each registers itself on ``main`` (common.py).
"""
from . import files, publish, store, web  # each registers its commands on main
from .common import main

__all__ = ["main", "files", "publish", "store", "web"]
