"""Build, check and scaffold entry points used by tasks.py.

* :func:`build` writes the site into a fresh folder beside the output and
  swaps it in only when the build succeeded: a failed build leaves the
  previous output untouched.
* :func:`check` validates all content without writing anything.
* :func:`new_report` creates a report file with its header to fill in.

Run ``python -m building.sitebuild --help`` for the command line.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import gc
import logging
import os
import re
import signal
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator
from zoneinfo import ZoneInfo

import vntext

logger = logging.getLogger(__name__)


def load_settings(settings_file: Path, content: Path | None = None,
                  output: Path | None = None, **overrides: Any) -> dict[str, Any]:
    """Pelican settings from ``settings_file`` with optional overrides."""
    from pelican.settings import read_settings

    from records.problems import drop_restated

    drop_restated()
    override = dict(overrides)
    if content is not None:
        override["PATH"] = str(Path(content).resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    return read_settings(str(settings_file), override=override)


def require_siteurl(settings: dict[str, Any]) -> None:
    """A production build (``PORTAL_PRODUCTION``) needs the site's public
    address: feeds, the sitemap and canonical links are absolute."""
    from records.settings import SettingsError

    if settings.get("PORTAL_PRODUCTION") and not re.match(
            r"^https?://[^/\s]+", settings.get("SITEURL") or ""):
        raise SettingsError("bản chính thức cần địa chỉ công khai của trang: đặt biến SITEURL,"
                            " ví dụ SITEURL=https://thanhpho.gov.vn invoke preview")


def build(settings: dict[str, Any]) -> Path:
    """Build into a temporary folder, then replace ``OUTPUT_PATH`` with it.

    The temporary folder starts as a hard-linked copy of the current output,
    so that pages whose inputs did not change need not be rendered again
    (the writer replaces files, never writes into a shared one); a failed
    build removes it and leaves the output as it was.
    """
    from pelican import Pelican, signals

    from building import state as buildstate

    require_siteurl(settings)
    final = Path(settings["OUTPUT_PATH"])
    final.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive(final):
        return _build(settings, final)


def _build(settings: dict[str, Any], final: Path) -> Path:
    from pelican import Pelican, signals

    from building import state as buildstate

    _remove_leftovers(final)
    umask = os.umask(0o022)  # pages a web server (another user) can read, whatever the umask
    thresholds = gc.get_threshold()
    copying: subprocess.Popen | None = None

    def copied(_generators: Any = None) -> None:
        nonlocal copying
        if copying is not None:
            process, copying = copying, None
            if process.wait() != 0:
                raise OSError(f"could not copy {final} to {staging}")
            _refresh_static(staging, settings)

    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-build-", dir=final.parent))
    try:  # from here on, a stop (SIGTERM, Ctrl-C) removes the new folder
        staging.chmod(0o755)  # mkdtemp makes 0700
        # the copy runs while reports are read and resolved; nothing is written
        # into the new folder before every generator has its context
        copying = _start_link_copy(final, staging) if final.is_dir() else None
        signals.all_generators_finalized.connect(copied, weak=False)
        signals.article_generator_finalized.connect(_freeze, weak=False)
        signals.all_generators_finalized.connect(_freeze, weak=False)
        gc.set_threshold(*GC_THRESHOLDS)
        with buildstate.staged(staging, final):
            Pelican({**settings, "OUTPUT_PATH": str(staging),
                      "DELETE_OUTPUT_DIRECTORY": False}).run()
        copied()
    except BaseException:
        if copying is not None:
            copying.kill()
            copying.wait()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        signals.all_generators_finalized.disconnect(copied)
        signals.article_generator_finalized.disconnect(_freeze)
        signals.all_generators_finalized.disconnect(_freeze)
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        os.umask(umask)
    swap(staging, final)
    buildstate.commit(settings, str(final))
    return final


@contextlib.contextmanager
def _exclusive(final: Path) -> Iterator[None]:
    """One build at a time into ``final`` (the live server's background build
    and an editor's ``invoke build``): a lock file beside it, released by the
    system when the process ends, however it ends."""
    with open(final.parent / f".{final.name}.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Đang chờ lần dựng khác vào {final} xong…", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _remove_leftovers(final: Path) -> None:
    """Remove what killed builds left beside ``final`` (their temporary
    folders, old trees not yet deleted): no other build runs now."""
    for leftover in [*final.parent.glob(f".{final.name}-build-*"),
                     *final.parent.glob(f".{final.name}-old-*")]:
        _remove_in_background(leftover)


def _remove_in_background(folder: Path) -> None:
    """Delete ``folder`` in the background (a large tree takes seconds)."""
    subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


#: a build allocates millions of long-lived objects (reports, records, page
#: jobs): collect the young generation less often and rarely the whole heap
GC_THRESHOLDS = (50_000, 20, 100)


def _freeze(_sender: Any = None) -> None:
    """Move everything alive now out of the collector's sight: what a phase of
    the build made (reports, then records) lives until the build ends, and
    scanning it again at every full collection cost seconds at 10 000 reports.
    :func:`build` unfreezes it at the end (a test run builds many sites)."""
    gc.freeze()


def _start_link_copy(source: Path, target: Path) -> subprocess.Popen:
    """Start hard-linking every file of ``source`` into ``target`` (``cp -al``,
    or Python's copy with links where there is no cp)."""
    if shutil.which("cp"):
        return subprocess.Popen(["cp", "-al", f"{source}/.", f"{target}/"])
    code = ("import os, shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2], "
            "copy_function=os.link, dirs_exist_ok=True)")
    return subprocess.Popen([sys.executable, "-c", code, str(source), str(target)])


def _refresh_static(target: Path, settings: dict[str, Any]) -> None:
    """Unlink the copies Pelican would overwrite in place: the theme's static
    files and static content newer than its copy (copied afresh)."""
    shutil.rmtree(target / settings.get("THEME_STATIC_DIR", "theme"), ignore_errors=True)
    content = Path(settings["PATH"])
    for static in settings.get("STATIC_PATHS", []):
        for origin in (content / static).rglob("*"):
            copy = target / origin.relative_to(content)
            if origin.is_file() and copy.is_file() and origin.stat().st_mtime > copy.stat().st_mtime:
                copy.unlink()  # changed: let Pelican copy it to a new file


def swap(new: Path, final: Path) -> None:
    """Put ``new`` in place of ``final`` in one step: the two folders are
    exchanged by one ``renameat2(RENAME_EXCHANGE)``, so a reader finds the
    old page or the new one, never none; the old tree is then renamed
    ``.<final>-old-*`` (a build's temporary folder is never left behind under
    its own name) and deleted in the background. Where the system cannot
    exchange, two renames."""
    if not final.exists():
        os.rename(new, final)
        return
    old = final.with_name(f".{final.name}-old-{time.monotonic_ns()}")
    if _exchange(new, final):
        os.rename(new, old)  # ``new`` now holds the old tree: named as such while it goes
    else:
        os.rename(final, old)
        os.rename(new, final)
    _remove_in_background(old)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(b))


def check(settings: dict[str, Any]) -> list[Any]:
    """Every content problem (errors and warnings), without writing anything."""
    from pelican import Pelican
    from records.generator import RecordsGenerator
    from records.validate import ContentProblems

    try:
        pelican = Pelican({**settings, "SEARCH_INDEX": False})
    except ContentProblems as problems:
        return problems.problems
    context = {**pelican.settings, "generated_content": {}, "static_links": set(),
               "static_content": {}, "localsiteurl": pelican.settings["SITEURL"]}
    generators = [cls(context=context, settings=pelican.settings, path=pelican.path,
                      theme=pelican.theme, output_path=pelican.output_path)
                  for cls in pelican._get_generator_classes()]
    try:
        for generator in generators:
            generator.generate_context()
            if isinstance(generator, RecordsGenerator):
                return generator.problems
    except ContentProblems as problems:
        return problems.problems
    return []


def new_report(title: str, content: Path, category: str, timezone: str,
               now: datetime | None = None) -> Path:
    """Create ``content/YYYY/MM/<slug>.md`` with a header to complete."""
    from reading import scaffold

    title = vntext.collapse(title)
    slug = vntext.slugify(title)
    if not slug:
        raise ValueError(f"tiêu đề {title!r} cần ít nhất một chữ cái hoặc chữ số")
    zone = ZoneInfo(timezone)
    now = (now or datetime.now(zone)).astimezone(zone)
    path = Path(content) / f"{now:%Y}" / f"{now:%m}" / f"{slug}.md"
    if path.exists():
        raise FileExistsError(f"đã có bài {os.path.relpath(path)} cùng tiêu đề trong tháng"
                              " này; hãy chọn tiêu đề khác")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold.render(title, now.isoformat(" ", "minutes"),
                                    now.strftime("%Y-%m-%d"), slug, category),
                    encoding="utf-8")
    return path


#: loggers whose INFO lines report the phases of a build
PROGRESS = ("reading.readcache", "records.generator", "incremental.writer", "search.index")


class Elapsed(logging.Formatter):
    """Progress lines start with the seconds since the build started."""

    def __init__(self) -> None:
        super().__init__("%(message)s")
        self.started = time.monotonic()

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if record.levelno == logging.INFO:
            return f"[{time.monotonic() - self.started:5.1f} s] {text}"
        return text


def stop(signum: int, frame: Any) -> None:
    """SIGTERM handler: leave as on Ctrl-C, so a build removes its temporary folder."""
    raise KeyboardInterrupt


_AT_FORK = False  # the child handler is registered once per process


def on_sigterm_stop() -> None:
    """Make SIGTERM stop this process like Ctrl-C (:func:`stop`), and not the
    processes it forks: a worker pool ends its workers with SIGTERM, and a
    worker that raised KeyboardInterrupt instead of dying could leave the
    pool (and the build) waiting for ever."""
    global _AT_FORK
    signal.signal(signal.SIGTERM, stop)
    if not _AT_FORK:
        os.register_at_fork(after_in_child=_default_sigterm)
        _AT_FORK = True


def _default_sigterm() -> None:
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the main thread of a process: nothing was inherited there
        pass


def main(argv: list[str] | None = None) -> int:
    """Command line: ``build``, ``check`` and ``new``; problems, never tracebacks.

    Problems are printed (``path:line: message``) by the records plugin's
    logger as they are found; this prints the verdict.
    """
    parser = argparse.ArgumentParser(prog="python -m building.sitebuild",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["build", "check", "new"])
    parser.add_argument("title", nargs="?", help="tiêu đề bài mới (new)")
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--content", type=Path)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--cache", type=Path,
                        help="thư mục bộ nhớ đệm (mặc định: CACHE_PATH của tệp cấu hình)")
    args = parser.parse_args(argv)
    log_progress()
    from records.problems import stopped
    from records.settings import SettingsError
    from records.validate import ERROR, ContentProblems

    on_sigterm_stop()
    if args.content is not None and not args.content.is_dir():
        if args.command != "new":
            print(f"Không có thư mục bài viết {args.content}: tạo bài đầu tiên bằng"
                  ' invoke new "Tiêu đề bài viết"', file=sys.stderr)
            return 1
        args.content.mkdir(parents=True)
    settings = load_settings(args.settings, args.content, args.output,
                             **({"CACHE_PATH": str(args.cache.resolve())} if args.cache else {}))
    if args.command == "new":
        if not args.title:
            parser.error('new cần một tiêu đề: invoke new "Tiêu đề bài viết"')
        try:
            path = new_report(args.title, Path(settings["PATH"]), settings["DEFAULT_CATEGORY"],
                              settings["TIMEZONE"])
        except (FileExistsError, ValueError) as error:
            print(error, file=sys.stderr)
            return 1
        print(f"Đã tạo {os.path.relpath(path)} — điền thông tin rồi đổi status thành published.")
        return 0
    if args.command == "check":
        settings["RECORDS_MAX_WARNINGS"] = sys.maxsize
        problems = check(settings)
        errors = sum(p.severity == ERROR for p in problems)
        print(f"{errors} lỗi, {len(problems) - errors} cảnh báo.")
        return 1 if errors else 0
    kept = f"Không có trang nào được ghi; {settings['OUTPUT_PATH']} giữ nguyên như trước."
    started = time.monotonic()
    try:
        build(settings)
    except KeyboardInterrupt:
        print(f"Đã dừng; {kept}", file=sys.stderr)
        return 130
    except ContentProblems as problems:
        print(f"{stopped(problems)} {kept}", file=sys.stderr)
        return 1
    except SettingsError as error:
        print(f"Không dựng: {error}. {kept}", file=sys.stderr)
        return 1
    print(f"Đã dựng xong vào {settings['OUTPUT_PATH']} sau {time.monotonic() - started:.1f} giây.",
          flush=True)
    return 0


def log_progress() -> None:
    """Problems plain, progress lines with seconds, Pelican's own summary off
    (the build prints its own, in Vietnamese)."""
    from pelican.log import console

    handler = logging.StreamHandler()
    handler.setFormatter(Elapsed())
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    for phase in PROGRESS:  # counts and phases, not a line per file
        logging.getLogger(phase).setLevel(logging.INFO)
    console.quiet = True  # "Done: Processed …", printed by Pelican.run


def exit_now(code: int) -> None:
    """Leave without tearing down the build's objects one by one (a second
    or more at 10 000 reports): everything is written and flushed."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
