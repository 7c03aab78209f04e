"""SSH/rsync target: atomic releases behind a ``current`` symlink.

Layout on the server (the web server's document root is ``PATH/current``)::

    PATH/releases/20261125T104512Z/   one complete upload each
    PATH/current -> releases/20261125T104512Z

A publish uploads into a new release folder (``--link-dest`` against the
live one, so unchanged files become hard links and are not sent again),
then switches ``current`` with one ``rename``; readers see the old release
or the new one, never a mix. Old releases beyond ``keep`` are removed.
"""

from __future__ import annotations

import posixpath
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from .errors import PublishError

RELEASE = re.compile(r"^\d{8}T\d{6}(?:\d{1,6})?Z$")


@dataclass
class SSHTarget:
    """Where and how to reach the server."""

    host: str
    path: str
    user: str = ""
    port: int = 22
    keep: int = 5
    ssh_options: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        path = posixpath.normpath(self.path or "")
        if not path.startswith("/") or path.count("/") < 2 or ".." in self.path.split("/"):
            raise PublishError(f"đường dẫn ssh {self.path!r} phải là thư mục tuyệt đối sâu"
                               " ít nhất hai cấp, ví dụ /srv/www/portal")
        self.path = path
        if self.keep < 2:
            raise PublishError("ssh keep phải ít nhất là 2 (bản đang chạy và một bản để"
                               " quay lại)")

    @property
    def destination(self) -> str:
        return f"{self.user}@{self.host}" if self.user else self.host


class SSHPublisher:
    """Publishes, lists and rolls back releases over SSH."""

    def __init__(self, target: SSHTarget, out: TextIO = sys.stdout) -> None:
        self.target = target
        self.out = out
        self.releases_dir = posixpath.join(target.path, "releases")

    # -- remote commands -------------------------------------------------------
    def _ssh_command(self) -> list[str]:
        return ["ssh", "-p", str(self.target.port), "-o", "BatchMode=yes",
                *self.target.ssh_options]

    def remote(self, script: str) -> str:
        """Run a shell script on the server; return its standard output."""
        result = subprocess.run([*self._ssh_command(), self.target.destination, script],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise PublishError(f"ssh {self.target.destination} thất bại ({result.returncode}):"
                               f" {result.stderr.strip() or result.stdout.strip()}")
        return result.stdout

    def releases(self) -> list[str]:
        """Release names on the server, oldest first."""
        listing = self.remote(f"ls -1 {shlex.quote(self.releases_dir)} 2>/dev/null || true")
        return sorted(name for name in listing.split() if RELEASE.match(name))

    def current(self) -> str | None:
        """The release ``current`` points to, if any."""
        link = posixpath.join(self.target.path, "current")
        target = self.remote(f"readlink {shlex.quote(link)} || true").strip()
        name = posixpath.basename(target)
        return name if RELEASE.match(name) else None

    # -- operations ----------------------------------------------------------------
    def publish(self, site: Path, dry_run: bool = False) -> str:
        """Upload ``site`` as a new release and make it live; return its name."""
        live = self.current()
        name = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        release = posixpath.join(self.releases_dir, name)
        if dry_run:
            compare = posixpath.join(self.releases_dir, live) if live else release
            changes = self._rsync(site, compare, dry_run=True)
            self.out.write(f"sẽ tải lên {release} (so với {live or 'không có bản nào'}):\n")
            self.out.write(changes or "  không có gì thay đổi\n")
            self.out.write(f"sẽ chuyển {self.target.path}/current → releases/{name}\n")
            stale = self._to_prune(self.releases() + [name], name)
            if stale:
                self.out.write("sẽ xóa các bản cũ: " + ", ".join(stale) + "\n")
            return name
        self.remote(f"mkdir -p {shlex.quote(self.releases_dir)}")
        try:
            self._rsync(site, release, link_dest=posixpath.join(self.releases_dir, live)
                        if live else None)
        except BaseException:
            self.remote(f"rm -rf -- {shlex.quote(release)}")
            raise
        self.switch(name)
        self.prune(name)
        return name

    def switch(self, name: str) -> None:
        """Point ``current`` at release ``name`` with one atomic rename."""
        if not RELEASE.match(name):
            raise PublishError(f"{name!r} không phải tên một bản phát hành")
        path = shlex.quote(self.target.path)
        self.remote(f"cd {path} && test -d releases/{name} &&"
                    f" ln -sfn releases/{name} .current-new && mv -Tf .current-new current")
        self.out.write(f"đang chạy: {self.target.path}/current → releases/{name}\n")

    def rollback(self) -> str:
        """Make the release before the live one live again."""
        releases, live = self.releases(), self.current()
        if live not in releases or releases.index(live) == 0:
            raise PublishError("không có bản phát hành nào trước đó để quay lại")
        previous = releases[releases.index(live) - 1]
        self.switch(previous)
        return previous

    def _to_prune(self, releases: list[str], live: str) -> list[str]:
        keep = set(releases[-self.target.keep:]) | {live}
        return [r for r in releases if r not in keep]

    def prune(self, live: str) -> None:
        """Delete releases beyond ``keep`` (never the live one), only under releases/."""
        for name in self._to_prune(self.releases(), live):
            if RELEASE.match(name):
                self.remote(f"rm -rf -- {shlex.quote(posixpath.join(self.releases_dir, name))}")
                self.out.write(f"đã xóa bản cũ {name}\n")

    def _rsync(self, site: Path, release: str, link_dest: str | None = None,
               dry_run: bool = False) -> str:
        shell = " ".join(shlex.quote(part) for part in self._ssh_command())
        # -c: compare contents, not times (every build rewrites every file), so
        # unchanged files are hard-linked from the live release, not re-sent.
        command = ["rsync", "-rlpc", "--delete", "-e", shell]
        if link_dest:
            command.append(f"--link-dest={link_dest}")
        if dry_run:
            command += ["--dry-run", "--itemize-changes"]
        elif self.out.isatty():
            command.append("--info=progress2")
        command += [f"{Path(site)}/", f"{self.target.destination}:{release}/"]
        result = subprocess.run(command, capture_output=dry_run, text=True)
        if result.returncode != 0:
            raise PublishError(f"rsync lên {release} thất bại ({result.returncode}); trang"
                               f" đang chạy không thay đổi. {result.stderr or ''}".strip())
        return result.stdout if dry_run else ""
