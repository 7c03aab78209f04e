"""Releases on a real server: readable by a web server running as another
user, and a lifecycle that survives killed publishes (issue: real failures).

Every publish here goes over SSH (Debian's sshd on 127.0.0.1); the
published site is served by Debian's nginx."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, write_report
from deploy.errors import PublishError
from deploy.ssh import SSHPublisher, SSHTarget
from linkcheck import check_site
from servers import nginx, sshd, stalling_proxy
from test_publish import SITEURL, builds  # noqa: F401 - the two production builds


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with sshd(tmp_path_factory.mktemp("sshd")) as running:
        yield running


@pytest.fixture(scope="module")
def www():
    """A folder any user may traverse (pytest's own are 0700), as /srv/www is."""
    folder = Path(tempfile.mkdtemp(prefix="portal-www-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _publisher(server, live: Path, **extra) -> SSHPublisher:
    options = extra.pop("ssh_options", [])
    return SSHPublisher(SSHTarget(host="127.0.0.1", user=server.user, port=server.port,
                                  path=str(live), ssh_options=server.options + options,
                                  **extra), io.StringIO())


def test_releases_are_world_readable_and_nginx_serves_every_file(server, builds, www,
                                                                 tmp_path) -> None:
    # the build as a umask of 077 and mkdtemp would leave it: 0700 folders, 0600 files
    private = tmp_path / "private"
    shutil.copytree(builds["A"], private)
    for path in [private, *private.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    live = www / "portal"
    _publisher(server, live).publish(private)
    release = live / os.readlink(live / "current")
    for path in [live, live / "releases", release, *release.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))
    files = [p for p in (live / "current").rglob("*") if p.is_file()]
    assert len(files) > 100
    with nginx(live / "current", tmp_path / "nginx") as url:
        for path in files:
            key = path.relative_to(live / "current").as_posix()
            with urllib.request.urlopen(f"{url}/{key}", timeout=10) as reply:
                assert reply.status == 200, key
                assert reply.read() == path.read_bytes(), key


def test_a_second_publish_is_refused_while_one_runs(server, builds, www) -> None:
    live = www / "locked"
    first = _publisher(server, live)
    first.publish(builds["A"])
    with first.lock():
        with pytest.raises(PublishError, match="một lần xuất bản khác đang chạy"):
            _publisher(server, live).publish(builds["B"])
    _publisher(server, live).publish(builds["B"])  # the lock went with its session


# -- killed publishes ----------------------------------------------------------------

@pytest.fixture(scope="module")
def content_c(tmp_path_factory) -> Path:
    """Content for release C: the sample plus a report and 2 MB of new bytes
    (so that its upload takes many packets)."""
    content = tmp_path_factory.mktemp("content-c")
    shutil.copytree(SAMPLE, content, dirs_exist_ok=True)
    write_report(content, "2025/03/c.md", "Title: Bài của bản C\nDate: 2025-03-03 08:00\n"
                 "Chair: Nguyễn Tư Khánh – Bí thư Thành ủy\n\nNội dung C.\n")
    (content / "images" / "du-lieu-lon.bin").write_bytes(os.urandom(2_000_000))
    return content


def _state(live: Path) -> tuple[str, list[str], list[str]]:
    """(current release, releases that have been live, every entry of releases/)."""
    current = os.path.basename(os.readlink(live / "current"))
    log = (live / "releases.log").read_text().split()
    been_live = [w for w in log if w[:8].isdigit() and w.endswith("Z") and "T" in w and ":" not in w]
    return current, been_live, sorted(p.name for p in (live / "releases").iterdir())


def _assert_sound(live: Path) -> str:
    """``current`` is a complete release that has been live, with no broken link."""
    current, been_live, _ = _state(live)
    assert current in been_live, (current, been_live)
    assert (live / "current" / "pagefind" / "shards.json").is_file()
    assert check_site(live / "current", SITEURL) == []
    return current


def _processes_naming(text: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in command and "pytest" not in command:
            found.append(command)
    return found


@pytest.fixture(scope="module")
def published_ab(server, builds, www) -> tuple[Path, str, str]:
    """A server folder where A, then B, were published (copied for each case)."""
    folder = www / "published-ab"
    publisher = _publisher(server, folder, keep=3)
    return folder, publisher.publish(builds["A"]), publisher.publish(builds["B"])


# (name, connection that stalls, bytes sent before it stalls): the publish runs
# 1 lock, 2 state, 3 rsync, 4 check and rename, 5 switch and log, 6 state, 7 prune
POINTS = [("before-upload", 2, 0), ("during-upload", 3, 300_000),
          ("after-upload", 4, 0), ("before-switch", 5, 0), ("after-switch", 6, 0)]


@pytest.mark.parametrize("how", ["group", "invoke-only"])
@pytest.mark.parametrize("point, connection, after", POINTS)
def test_a_killed_publish_never_poisons_rollback(server, builds, www, content_c, tmp_path,
                                                 published_ab, point, connection, after,
                                                 how) -> None:
    live = www / f"kill-{point}-{how}"
    template, a, b = published_ab
    subprocess.run(["cp", "-a", str(template), str(live)], check=True)  # keeps hard links
    direct = _publisher(server, live, keep=3)
    options, stalled = stalling_proxy(tmp_path, server.port, connection, after)
    config = tmp_path / "publish.yaml"
    config.write_text(json.dumps({"publish": {"target": "ssh", "ssh": {
        "host": "127.0.0.1", "user": server.user, "port": server.port, "path": str(live),
        "keep": 3, "ssh_options": server.options + options}}}))
    env = {**os.environ, "INVOKE_PORTAL_CONTENT": str(content_c), "SITEURL": SITEURL}
    publish = subprocess.Popen(
        [sys.executable, "-m", "invoke", "-f", str(config), "publish", "--output",
         str(www / "build-c")], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not stalled.exists() and publish.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stalled.exists(), f"never reached step {connection} (exit {publish.poll()})"
    if how == "group":
        os.killpg(publish.pid, signal.SIGKILL)
    else:
        os.kill(publish.pid, signal.SIGKILL)  # its rsync and ssh must not go on alone
    publish.wait()
    deadline = time.monotonic() + 10  # its children end with it (SIGTERM from the kernel)
    while _processes_naming(str(live)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_naming(str(live)) == []
    went_live = _assert_sound(live)
    assert went_live == b or point == "after-switch"
    _, been_live, entries = _state(live)
    time.sleep(0.5)
    assert _state(live)[2] == entries  # nothing finishes an upload behind our back

    d = direct.publish(builds["A"])  # cleans what the killed publish left
    assert _assert_sound(live) == d
    _, been_live, entries = _state(live)
    assert [e for e in entries if not e.startswith("2")] == []  # no incoming folder
    assert set(entries) <= set(been_live)  # no release that never went live
    expected = [r for r in (a, b, went_live) if r in been_live]
    for back in reversed(sorted(set(expected))[-2:]):  # roll back, then back again
        assert direct.rollback() == back
        assert _assert_sound(live) == back
