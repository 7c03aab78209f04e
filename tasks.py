"""Tasks for the portal: ``invoke --list`` shows them.

Thin wrappers around Pelican with the project's settings; the real work lives
in the plugins (plugins/).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "content": ROOT / "content",
    "settings_base": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "output": ROOT / "output",
    "host": "127.0.0.1",
    "port": 8000,
}


def _pelican(c, settings: Path, output: str | None, *args: str) -> None:
    command = [sys.executable, "-m", "pelican", str(CONFIG["content"]),
               "-s", str(settings), "-o", str(output or CONFIG["output"]), *args]
    c.run(" ".join(f"'{part}'" if " " in part else part for part in command), pty=False)


@task(help={"output": "output folder (default output/)"})
def clean(c, output=None):
    """Remove the generated site."""
    shutil.rmtree(output or CONFIG["output"], ignore_errors=True)


@task(help={"output": "output folder (default output/)"})
def build(c, output=None):
    """Build the site for local preview into output/."""
    _pelican(c, CONFIG["settings_base"], output)


@task(help={"output": "output folder (default output/)"})
def rebuild(c, output=None):
    """Remove the output folder and build again from scratch."""
    clean(c, output)
    build(c, output)


@task(help={"output": "output folder (default output/)"})
def regenerate(c, output=None):
    """Rebuild automatically whenever content, theme or settings change."""
    _pelican(c, CONFIG["settings_base"], output, "--autoreload")


@task(help={"port": "port on 127.0.0.1 (default 8000)", "output": "output folder"})
def serve(c, port=None, output=None):
    """Build, then serve at http://127.0.0.1:8000, rebuilding on every change."""
    build(c, output)
    _pelican(c, CONFIG["settings_base"], output, "--autoreload", "--listen",
             "--bind", CONFIG["host"], "--port", str(port or CONFIG["port"]))


@task(help={"port": "port on 127.0.0.1 (default 8000)", "output": "output folder"})
def livereload(c, port=None, output=None):
    """Same as serve: serve and rebuild on change."""
    serve(c, port, output)


@task(help={"output": "output folder (default output/)"})
def preview(c, output=None):
    """Build with the production settings (publishconf.py; SITEURL from env)."""
    _pelican(c, CONFIG["settings_publish"], output)


@task(help={"k": "only run tests matching this expression"})
def test(c, k=""):
    """Run the whole test suite."""
    c.run(f"{sys.executable} -m pytest" + (f" -k '{k}'" if k else ""), pty=False)
