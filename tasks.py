"""Tasks for the portal: ``invoke --list`` shows them.

Thin wrappers: the work lives in ``plugins/building/sitebuild.py`` (build into a fresh
folder and swap, check, new report) and in Pelican.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))
from building import sitebuild  # noqa: E402

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "settings_base": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "host": "127.0.0.1",
    "port": 8000,
}


def _folder(c, key: str, given: str | None = None) -> Path:
    """content/ or output/: the flag as given, else ``portal.<key>`` of
    invoke.yaml (or INVOKE_PORTAL_<KEY>) relative to this folder."""
    return Path(given) if given else ROOT / c.config.get("portal", {}).get(key, key)


def _quote(parts: list[str]) -> str:
    return " ".join(f"'{p}'" if " " in p or "'" in p else p for p in parts)


def _sitebuild(c, command: str, settings: Path, output: str | None, *extra: str) -> None:
    c.run(_quote([sys.executable, "-m", "building.sitebuild", command, *extra,
                  "--settings", str(settings), "--content", str(_folder(c, "content")),
                  "--output", str(_folder(c, "output", output))]), pty=False)


@task(help={"output": "thư mục kết quả (mặc định output/)"})
def clean(c, output=None):
    """Xóa trang đã dựng (thư mục output/)."""
    shutil.rmtree(_folder(c, "output", output), ignore_errors=True)


@task(help={"output": "thư mục kết quả (mặc định output/)"})
def build(c, output=None):
    """Kiểm tra nội dung rồi dựng bản xem trước vào output/ (lỗi thì giữ bản cũ)."""
    _sitebuild(c, "build", CONFIG["settings_base"], output)


@task(help={"output": "thư mục kết quả (mặc định output/)"})
def rebuild(c, output=None):
    """Xóa output/ rồi dựng lại từ đầu."""
    clean(c, output)
    build(c, output)


@task(help={"output": "thư mục kết quả (mặc định output/)"})
def preview(c, output=None):
    """Dựng bản chính thức (publishconf.py; địa chỉ trang lấy từ biến SITEURL)."""
    _sitebuild(c, "build", CONFIG["settings_publish"], output)


@task
def check(c):
    """Kiểm tra mọi bài mà không dựng; in từng lỗi dạng tệp:dòng: lời nhắn."""
    _sitebuild(c, "check", CONFIG["settings_base"], None)


@task(help={"title": "tiêu đề bài, đặt trong ngoặc kép"})
def new(c, title):
    """Tạo bài mới trong content/NĂM/THÁNG/ với phần đầu để điền."""
    _sitebuild(c, "new", CONFIG["settings_base"], None, title)


@task(name="import", help={"source": "tệp .txt/.html/.xml (RSS, Atom), thư mục, hoặc địa chỉ"
                                       " http(s); thêm nguồn sau dấu --"})
def import_(c, source):
    """Nhập bài đã đăng ở cổng cũ thành bản nháp trong content/NĂM/THÁNG/ (nhập lại không đổi gì)."""
    more = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "importing", source, *more, "--content",
                              str(_folder(c, "content")), "--timezone",
                              _setting("TIMEZONE", "Asia/Ho_Chi_Minh")])


def _setting(name: str, default: str) -> str:
    """A value of pelicanconf.py (read as text: no import of the settings)."""
    import re

    found = re.search(rf"^{name}\s*=\s*['\"]([^'\"]+)['\"]",
                      CONFIG["settings_base"].read_text(encoding="utf-8"), re.M)
    return found.group(1) if found else default


def _live(c, output: str | None, *args: str) -> None:
    """Become the live server (exec): Ctrl-C or SIGTERM reach it, not a parent."""
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", "building.live", "--settings",
                              str(CONFIG["settings_base"]), "--content",
                              str(_folder(c, "content")), "--output",
                              str(_folder(c, "output", output)), *args])


@task(help={"output": "thư mục kết quả (mặc định output/)"})
def regenerate(c, output=None):
    """Dựng, rồi mỗi lần lưu bài thì cập nhật ngay trang của bài và dựng lại phần còn lại."""
    _live(c, output, "--no-serve")


@task(help={"port": "cổng trên 127.0.0.1 (mặc định 8000)", "output": "thư mục kết quả"})
def serve(c, port=None, output=None):
    """Dựng và mở trang tại http://127.0.0.1:8000; bài vừa lưu hiện ra trong một giây."""
    _live(c, output, "--host", CONFIG["host"], "--port", str(port or CONFIG["port"]))


@task(help={"port": "cổng trên 127.0.0.1 (mặc định 8000)", "output": "thư mục kết quả"})
def livereload(c, port=None, output=None):
    """Như serve: mở trang và cập nhật mỗi lần lưu."""
    serve(c, port, output)


def _deploy(c, action: str, **kwargs) -> None:
    from deploy import pipeline
    from deploy.errors import PublishError
    from records.settings import SettingsError
    from records.validate import ContentProblems

    config = c.config.get("publish", {})
    config = {key: (dict(value) if hasattr(value, "keys") else value)
              for key, value in dict(config).items()}
    try:
        if action == "publish":
            settings = sitebuild.load_settings(CONFIG["settings_publish"], _folder(c, "content"),
                                               _folder(c, "output", kwargs.pop("output")))
            pipeline.publish(settings, config, **kwargs)
        else:
            pipeline.rollback(config)
    except ContentProblems as problems:
        raise Exit(f"Không xuất bản: {len(problems.problems)} vấn đề trong nội dung (xem trên);"
                   " trang đang chạy không thay đổi.", code=1)
    except (PublishError, SettingsError) as error:
        verb = "Không xuất bản" if action == "publish" else "Không quay lại được"
        raise Exit(f"{verb}: {error}.", code=1)


@task(help={"dry_run": "chỉ liệt kê những gì sẽ tải lên và xóa, không đổi gì",
            "output": "thư mục kết quả (mặc định output/)"})
def publish(c, dry_run=False, output=None):
    """Dựng bản chính thức, kiểm tra nội dung, chỉ mục tìm kiếm và liên kết, rồi đưa lên mạng."""
    _deploy(c, "publish", dry_run=dry_run, output=output)


@task
def rollback(c):
    """Quay lại bản đã xuất bản trước đó (ssh, git)."""
    _deploy(c, "rollback")


@task(help={"k": "chỉ chạy các kiểm thử khớp biểu thức này"})
def test(c, k=""):
    """Chạy toàn bộ kiểm thử."""
    c.run(_quote([sys.executable, "-m", "pytest", *(["-k", k] if k else [])]), pty=False)
