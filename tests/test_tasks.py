"""README command 1: `invoke serve` builds the reports and serves them on 127.0.0.1
(the tests point the tasks at their own sample site, never at content/)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup

import pytest

from conftest import ROOT, SAMPLE, SEED_URL

INVOKE = [sys.executable, "-m", "invoke"]
ENV = {**os.environ, "INVOKE_PORTAL_CONTENT": str(SAMPLE)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_invoke_build_writes_the_site(tmp_path: Path) -> None:
    subprocess.run([*INVOKE, "build", "--output", str(tmp_path / "out")], cwd=ROOT, env=ENV,
                   check=True, capture_output=True)
    assert (tmp_path / "out" / SEED_URL / "index.html").is_file()


def _serve(tmp_path: Path) -> tuple[subprocess.Popen, int, str]:
    """Start `invoke serve` on a free port; wait for the home page."""
    port = _free_port()
    server = subprocess.Popen(
        [*INVOKE, "serve", "--port", str(port), "--output", str(tmp_path / "out")],
        cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
        # as from a terminal: a suite started in the background (`cmd &`) inherits
        # Ctrl-C ignored, and the server would rightly keep ignoring it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline, html = time.monotonic() + 60, None
    while time.monotonic() < deadline and html is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                html = reply.read().decode("utf-8")
        except OSError:
            time.sleep(0.3)
    if html is None:
        os.killpg(server.pid, signal.SIGKILL)
        pytest.fail("server did not answer within 60 s")
    return server, port, html


def test_invoke_serve_serves_the_reference_report(tmp_path: Path) -> None:
    server, port, html = _serve(tmp_path)
    try:
        links = [a["href"] for a in BeautifulSoup(html, "html.parser").select("main h2 a")]
        assert "/" + SEED_URL in links
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{SEED_URL}", timeout=5) as reply:
            assert "Nguyễn Tư Khánh" in reply.read().decode("utf-8")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=20)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_quietly_and_whole(tmp_path: Path, stop: int) -> None:
    """A signal to the `invoke serve` process alone stops the server: exit 0,
    no traceback, and no process of its group left running."""
    server, _, _ = _serve(tmp_path)
    server.send_signal(stop)
    out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(server.pid, 0)


def test_invoke_new_twice_says_so_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "INVOKE_PORTAL_CONTENT": str(tmp_path / "bai-viet")}
    made = subprocess.run([*INVOKE, "new", "Hội nghị giao ban"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Đã tạo ") and made.stderr == ""
    again = subprocess.run([*INVOKE, "new", "Hội nghị giao ban"], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    assert again.returncode == 1
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1 and "đã có bài" in lines[0] and "hội nghị" not in lines[0].lower()[:3]
    assert "Traceback" not in again.stdout + again.stderr
    assert len(list((tmp_path / "bai-viet").rglob("*.md"))) == 1


def test_sigterm_stops_the_build_but_not_as_ctrl_c_in_its_workers() -> None:
    """Worker pools end their workers with SIGTERM: a worker must die of it,
    not raise KeyboardInterrupt like the build (which could hang the pool)."""
    import multiprocessing
    import signal

    from building import sitebuild

    previous = signal.getsignal(signal.SIGTERM)
    try:
        sitebuild.on_sigterm_stop()
        assert signal.getsignal(signal.SIGTERM) is sitebuild.stop
        with multiprocessing.get_context("fork").Pool(2) as pool:
            handlers = pool.map(signal.getsignal, [signal.SIGTERM] * 4)
        assert handlers == [signal.SIG_DFL] * 4
    finally:
        signal.signal(signal.SIGTERM, previous)
