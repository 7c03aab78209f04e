"""Tasks for the portal: ``invoke --list`` shows them.

Thin wrappers: the work lives in ``plugins/sitebuild.py`` (build into a fresh
folder and swap, check, new report) and in Pelican.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import Exit, task

sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))
import sitebuild  # noqa: E402

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "content": ROOT / "content",
    "settings_base": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "output": ROOT / "output",
    "host": "127.0.0.1",
    "port": 8000,
}


def _quote(parts: list[str]) -> str:
    return " ".join(f"'{p}'" if " " in p or "'" in p else p for p in parts)


def _sitebuild(c, command: str, settings: Path, output: str | None, *extra: str) -> None:
    c.run(_quote([sys.executable, "-m", "sitebuild", command, *extra,
                  "--settings", str(settings), "--content", str(CONFIG["content"]),
                  "--output", str(output or CONFIG["output"])]), pty=False)


@task(help={"output": "output folder (default output/)"})
def clean(c, output=None):
    """Remove the generated site."""
    shutil.rmtree(output or CONFIG["output"], ignore_errors=True)


@task(help={"output": "output folder (default output/)"})
def build(c, output=None):
    """Check the content and build the preview site into output/ (kept if it fails)."""
    _sitebuild(c, "build", CONFIG["settings_base"], output)


@task(help={"output": "output folder (default output/)"})
def rebuild(c, output=None):
    """Remove the output folder and build again from scratch."""
    clean(c, output)
    build(c, output)


@task(help={"output": "output folder (default output/)"})
def preview(c, output=None):
    """Build with the production settings (publishconf.py; SITEURL from env)."""
    _sitebuild(c, "build", CONFIG["settings_publish"], output)


@task
def check(c):
    """Validate all content without building; print every problem as path:line."""
    _sitebuild(c, "check", CONFIG["settings_base"], None)


@task(help={"title": "title of the report, in quotes"})
def new(c, title):
    """Create a report under content/YYYY/MM/ with its header to fill in."""
    _sitebuild(c, "new", CONFIG["settings_base"], None, title)


def _live(c, output: str | None, *args: str) -> None:
    c.run(_quote([sys.executable, "-m", "live", "--settings", str(CONFIG["settings_base"]),
                  "--content", str(CONFIG["content"]), "--output",
                  str(output or CONFIG["output"]), *args]), pty=False)


@task(help={"output": "output folder (default output/)"})
def regenerate(c, output=None):
    """Build, then on every save write the report's pages at once and rebuild the rest."""
    _live(c, output, "--no-serve")


@task(help={"port": "port on 127.0.0.1 (default 8000)", "output": "output folder"})
def serve(c, port=None, output=None):
    """Build and serve at http://127.0.0.1:8000; a saved report shows within a second."""
    _live(c, output, "--host", CONFIG["host"], "--port", str(port or CONFIG["port"]))


@task(help={"port": "port on 127.0.0.1 (default 8000)", "output": "output folder"})
def livereload(c, port=None, output=None):
    """Same as serve: serve and update on every save."""
    serve(c, port, output)


def _deploy(c, action: str, **kwargs) -> None:
    from deploy import pipeline
    from deploy.errors import PublishError
    from records.validate import ContentProblems

    config = c.config.get("publish", {})
    config = {key: (dict(value) if hasattr(value, "keys") else value)
              for key, value in dict(config).items()}
    try:
        if action == "publish":
            settings = sitebuild.load_settings(CONFIG["settings_publish"], CONFIG["content"],
                                               kwargs.pop("output") or CONFIG["output"])
            pipeline.publish(settings, config, **kwargs)
        else:
            pipeline.rollback(config)
    except ContentProblems as problems:
        raise Exit(f"Không xuất bản: {len(problems.problems)} vấn đề trong nội dung (xem trên)."
                   " Trang đang chạy không thay đổi.", code=1)
    except PublishError as error:
        raise Exit(f"Không xuất bản: {error}\nTrang đang chạy không thay đổi.", code=1)


@task(help={"dry_run": "only print what would be uploaded and deleted",
            "output": "output folder (default output/)"})
def publish(c, dry_run=False, output=None):
    """Production build, validation, search index, link check, then deploy."""
    _deploy(c, "publish", dry_run=dry_run, output=output)


@task
def rollback(c):
    """Make the previous published release live again (ssh, git)."""
    _deploy(c, "rollback")


@task(help={"k": "only run tests matching this expression"})
def test(c, k=""):
    """Run the whole test suite."""
    c.run(_quote([sys.executable, "-m", "pytest", *(["-k", k] if k else [])]), pty=False)
