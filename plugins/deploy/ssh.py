"""SSH/rsync target: complete, verified releases behind a ``current`` symlink.

Layout on the server (the web server's document root is ``PATH/current``)::

    PATH/releases/20261125T104512123456Z/   complete releases (folders 0755, files 0644)
    PATH/releases/.incoming-<name>/         an upload under way, never served
    PATH/current -> releases/<name>
    PATH/releases.log                       one line per switch: time, release, why
    PATH/.publish.lock                      held (flock) while a publish runs

A publish takes the lock (a second publish is refused), removes what
interrupted publishes left (incoming folders, releases that never went
live), uploads into an incoming folder (rsync, hard-linking unchanged files
against the live release), checks that it holds every file, renames it to
its release name, switches ``current`` with one rename and logs the switch,
then prunes. A release becomes a rollback candidate only once it is complete
and has been live (it is in the log). Each remote step ignores hang-ups, so a
publish killed mid-step leaves that step done or not begun; every child
process dies with the publish, so no rsync finishes a release on its own.
"""

from __future__ import annotations

import posixpath
import re
import shlex
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, TextIO

from deploy.errors import UNCHANGED, PublishError, child, explain, run
from deploy.files import walk

RELEASE = re.compile(r"^\d{8}T\d{6}(?:\d{1,6})?Z$")
INCOMING = ".incoming-"
LOG = "releases.log"
LOCK = ".publish.lock"


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


@dataclass
class ServerState:
    """What the server holds: the live release, complete releases, upload
    leftovers, and the releases that have been live (from the log)."""

    current: str | None
    releases: list[str]
    incoming: list[str]
    been_live: list[str]  # in the order they went live

    def candidates(self) -> list[str]:
        """Complete releases that have been live, oldest first."""
        live = set(self.been_live) | ({self.current} if self.current else set())
        return [name for name in self.releases if name in live]

    def before(self, name: str | None) -> str | None:
        """The live release before ``name`` (what a rollback goes to)."""
        older = [c for c in self.candidates() if name is not None and c < name]
        return older[-1] if older else None


class SSHPublisher:
    """Publishes, lists and rolls back releases over SSH."""

    def __init__(self, target: SSHTarget, out: TextIO = sys.stdout) -> None:
        self.target = target
        self.out = out
        self.path = shlex.quote(target.path)
        self.releases_dir = posixpath.join(target.path, "releases")

    def describe(self) -> str:
        return f"máy chủ {self.where} qua ssh (giữ {self.target.keep} bản để quay lại)"

    # -- remote commands -------------------------------------------------------
    def _ssh_command(self) -> list[str]:
        return ["ssh", "-p", str(self.target.port), "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=20", "-o", "ServerAliveInterval=15",
                *self.target.ssh_options]

    @property
    def where(self) -> str:
        return f"{self.target.destination}:{self.target.path}"

    def remote(self, script: str) -> str:
        """Run a shell script on the server (hang-ups ignored: once begun, it
        ends); return its standard output."""
        result = run([*self._ssh_command(), self.target.destination,
                      f"trap '' HUP; umask 022; set -e; {script}"])
        if result.returncode != 0:
            raise PublishError(f"{explain(result.stderr, self.where)}; {UNCHANGED}")
        return result.stdout

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the server's publish lock for the block: a session that keeps
        ``flock`` on ``PATH/.publish.lock`` open; the server releases it when
        the session ends, however this process ends."""
        script = (f"mkdir -p {self.path}/releases && chmod 755 {self.path} {self.path}/releases"
                  f" && exec 9>>{self.path}/{LOCK} && if flock -n 9; then echo LOCKED;"
                  " exec cat >/dev/null; else echo BUSY; fi")
        session = child([*self._ssh_command(), self.target.destination,
                         f"trap '' HUP; umask 022; {script}"], stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        answer = session.stdout.readline().strip()
        if answer != "LOCKED":
            session.stdin.close()
            error = session.stderr.read()
            session.wait()
            if answer == "BUSY":
                raise PublishError(f"một lần xuất bản khác đang chạy trên {self.where} (khóa"
                                   f" {LOCK}); chờ nó xong rồi thử lại; {UNCHANGED}")
            raise PublishError(f"{explain(error, self.where)}; {UNCHANGED}")
        try:
            yield
        finally:
            session.stdin.close()
            session.wait(timeout=60)

    def state(self) -> ServerState:
        """The live release, the releases, the leftovers and the switch log."""
        listing = self.remote(
            f"cd {self.path} 2>/dev/null || exit 0; readlink current || echo; echo ---;"
            f" ls -1a releases 2>/dev/null || true; echo ---; cat {LOG} 2>/dev/null || true")
        current, names, log = (listing.split("---\n") + ["", ""])[:3]
        current_name = posixpath.basename(current.strip())
        names = names.split()
        return ServerState(
            current=current_name if RELEASE.match(current_name) else None,
            releases=sorted(n for n in names if RELEASE.match(n)),
            incoming=sorted(n for n in names if n.startswith(INCOMING)),
            been_live=[parts[1] for parts in (line.split() for line in log.splitlines())
                       if len(parts) >= 2 and RELEASE.match(parts[1])])

    # -- operations ----------------------------------------------------------------
    def publish(self, site: Path, dry_run: bool = False) -> str:
        """Upload ``site`` as a new release and make it live; return its name."""
        name = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        if dry_run:
            return self._dry_run(site, name)
        files = [path for _, path in walk(Path(site))]
        expected = f"{len(files)} {sum(p.stat().st_size for p in files)}"
        with self.lock():
            state = self.state()
            self._clean(state)
            self._upload(site, name, state.current)
            self._complete(name, expected)
            self.switch(name, "publish")
            self.prune(name, self.state())
        return name

    def _dry_run(self, site: Path, name: str) -> str:
        state = self.state()
        release = posixpath.join(self.releases_dir, name)
        compare = posixpath.join(self.releases_dir, state.current) if state.current else release
        changes = self._rsync(site, compare, dry_run=True)
        self.out.write(f"sẽ tải lên {release} (so với {state.current or 'không có bản nào'}):\n")
        self.out.write(changes or "  không có gì thay đổi\n")
        self.out.write(f"sẽ chuyển {self.target.path}/current → releases/{name}\n")
        stale = self._to_prune(ServerState(name, state.releases + [name], [],
                                           state.been_live + [name]))
        if state.incoming or stale:
            self.out.write("sẽ xóa: " + ", ".join(state.incoming + stale) + "\n")
        return name

    def _clean(self, state: ServerState) -> None:
        """Remove what interrupted publishes left: incoming folders, releases
        that never went live, a half-made link (the lock is held: no other
        publish is writing)."""
        doomed = state.incoming + [n for n in state.releases if n not in state.candidates()]
        if doomed:
            paths = " ".join(shlex.quote(posixpath.join(self.releases_dir, n)) for n in doomed)
            self.remote(f"rm -rf -- {paths}; rm -f {self.path}/.current-new")
            self.out.write(f"đã dọn phần còn lại của lần xuất bản bị dừng: {', '.join(doomed)}\n")

    def _upload(self, site: Path, name: str, live: str | None) -> None:
        incoming = posixpath.join(self.releases_dir, f"{INCOMING}{name}")
        self._rsync(site, incoming, link_dest=f"../{live}" if live else None)

    def _complete(self, name: str, expected: str) -> None:
        """Check the upload holds every file, then give it its release name."""
        incoming = shlex.quote(posixpath.join(self.releases_dir, f"{INCOMING}{name}"))
        release = shlex.quote(posixpath.join(self.releases_dir, name))
        found = self.remote(
            f"got=$(find {incoming} -type f -printf '%s\\n' | awk '{{n++; s+=$1}}"
            f" END {{print n+0, s+0}}'); if [ \"$got\" = {shlex.quote(expected)} ]; then"
            f" mv -T {incoming} {release}; echo OK; else echo \"$got\"; fi").strip()
        if found != "OK":
            raise PublishError(f"bản tải lên {name} thiếu tệp (có {found}, cần {expected} tệp"
                               f" và byte); {UNCHANGED}")

    def switch(self, name: str, why: str) -> None:
        """Point ``current`` at release ``name`` with one atomic rename, and log it."""
        if not RELEASE.match(name):
            raise PublishError(f"{name!r} không phải tên một bản phát hành")
        self.remote(f"cd {self.path} && test -d releases/{name} &&"
                    f" ln -sfn releases/{name} .current-new && mv -Tf .current-new current"
                    f" && echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) {name} {why}\" >> {LOG}")
        self.out.write(f"đang chạy: {self.target.path}/current → releases/{name}\n")

    def rollback(self) -> str:
        """Make the live release before the current one live again."""
        with self.lock():
            state = self.state()
            previous = state.before(state.current)
            if previous is None:
                raise PublishError("không có bản phát hành nào trước đó để quay lại")
            self.switch(previous, "rollback")
        return previous

    def _to_prune(self, state: ServerState) -> list[str]:
        """Releases beyond ``keep`` (never the live one nor the one before it)."""
        kept = set(state.candidates()[-self.target.keep:])
        kept |= {state.current, state.before(state.current)}
        return [name for name in state.releases if name not in kept]

    def prune(self, live: str, state: ServerState) -> None:
        """Delete releases beyond ``keep``, only under releases/."""
        for name in self._to_prune(state):
            if RELEASE.match(name) and name != live:
                self.remote(f"rm -rf -- {shlex.quote(posixpath.join(self.releases_dir, name))}")
                self.out.write(f"đã xóa bản cũ {name}\n")

    def _diagnose(self) -> str:
        """After a failed upload that said nothing clear (rsync may only give
        its exit status): the server's own view, in the words :func:`explain`
        knows — a full disk, or a folder it cannot write."""
        probe = run([*self._ssh_command(), self.target.destination,
                     f"df -Pk {shlex.quote(self.releases_dir)} | awk 'NR==2 {{print $4}}';"
                     f" test -w {shlex.quote(self.releases_dir)} && echo writable"])
        lines = probe.stdout.split()
        if probe.returncode != 0 or not lines:
            return ""
        free = int(lines[0]) if lines[0].isdigit() else -1
        if 0 <= free < 256:  # kB
            return "No space left on device"
        return "" if "writable" in lines else "Permission denied"

    def _rsync(self, site: Path, release: str, link_dest: str | None = None,
               dry_run: bool = False) -> str:
        shell = " ".join(shlex.quote(part) for part in self._ssh_command())
        # -c: compare contents, not times (every build rewrites every file), so
        # unchanged files are hard-linked from the live release, not re-sent;
        # modes are set for a web server running as another user, whatever the
        # build's folder modes
        command = ["rsync", "-rlpc", "--chmod=D755,F644", "--delete", "-e", shell]
        if link_dest:
            command.append(f"--link-dest={link_dest}")
        if dry_run:
            command += ["--dry-run", "--itemize-changes"]
        command += [f"{Path(site)}/", f"{self.target.destination}:{release}/"]
        result = run(command)
        if result.returncode != 0:
            said = f"{result.stderr}\n{result.stdout}\n{self._diagnose()}"
            raise PublishError(f"tải lên {release} thất bại: {explain(said, self.where)}"
                               f"; {UNCHANGED}")
        return result.stdout if dry_run else ""
