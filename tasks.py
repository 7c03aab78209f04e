"""Tasks for the portal: ``invoke --list`` shows them.

Thin wrappers: the real work lives in Pelican and the plugins.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "deploy_path": "output",
    "host": "127.0.0.1",
    "port": 8000,
}
PELICAN = f"{sys.executable} -m pelican"


def _pelican(c, *args: str) -> None:
    c.run(" ".join([PELICAN, "content", *args]), pty=False)


@task
def clean(c):
    """Remove the generated site (output/)."""
    shutil.rmtree(ROOT / CONFIG["deploy_path"], ignore_errors=True)


@task
def build(c):
    """Build the site for local preview into output/."""
    _pelican(c, "-s", CONFIG["settings_base"])


@task(clean, build)
def rebuild(c):
    """Remove output/ and build again from scratch."""


@task
def regenerate(c):
    """Rebuild automatically whenever content, theme or plugins change."""
    _pelican(c, "-r", "-s", CONFIG["settings_base"])


@task(help={"port": "port to listen on (default 8000)"})
def serve(c, port=None):
    """Build, then serve output/ at http://127.0.0.1:8000 and rebuild on change."""
    port = port or CONFIG["port"]
    _pelican(c, "--autoreload", "--listen", "--bind", CONFIG["host"],
             "--port", str(port), "-s", CONFIG["settings_base"])


@task
def livereload(c):
    """Alias of serve: rebuild on change while serving on 127.0.0.1:8000."""
    serve(c)


@task
def preview(c):
    """Build with the production settings (publishconf.py)."""
    _pelican(c, "-s", CONFIG["settings_publish"])


@task(help={"k": "only run tests matching this expression"})
def test(c, k=""):
    """Run the whole test suite."""
    c.run(f"{sys.executable} -m pytest" + (f" -k {k!r}" if k else ""), pty=False)
