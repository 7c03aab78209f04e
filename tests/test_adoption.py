"""A city adopts the portal: its own reports in content/, and README command 2
(tests/bootstrap.py) on a machine that may lack the system tools."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import bootstrap
from conftest import ROOT


def test_ci_runs_the_suite_in_a_copy_holding_another_citys_reports(tmp_path) -> None:
    """What `.ci/run` does (README command 2 with --as-another-city): the whole
    suite runs once in a copy whose content/ holds three reports of another
    province (other officials, years and categories, no registries). Here:
    the copy is that, and the other city's reports pass `invoke check`."""
    copy = bootstrap.adopted_copy(tmp_path)
    reports = sorted(p.relative_to(copy / "content").as_posix()
                     for p in (copy / "content").rglob("*.md"))
    assert reports == sorted(p.relative_to(bootstrap.OTHER_CITY).as_posix()
                             for p in bootstrap.OTHER_CITY.rglob("*.md"))
    assert len(reports) == 3 and not (copy / "content" / "records").exists()
    assert (copy / "tests" / "sites" / "sample").is_dir() and not (copy / ".venv").exists()
    checked = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=copy,
                             capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(copy / "plugins")})
    assert checked.returncode == 0 and "0 lỗi" in checked.stdout, checked.stdout + checked.stderr


# -- README command 2 on machines without the tools -----------------------------------

DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'
UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n'
FEDORA = 'NAME="Fedora Linux"\nID=fedora\n'
ABSENT = [bootstrap.Requirement("chromium", "chromium", "/nonexistent/chromium"),
          bootstrap.Requirement("sshd", "openssh-server", "/nonexistent/sshd"),
          bootstrap.Requirement("rsync-that-is-not-here", "rsync")]


def test_every_tool_the_tests_start_is_required() -> None:
    tools = {r.tool for r in bootstrap.REQUIREMENTS}
    assert {"chromium", "sshd", "ssh", "ssh-keygen", "rsync", "git"} <= tools
    from browser import CHROMIUM
    from servers import SSHD
    paths = {r.path for r in bootstrap.REQUIREMENTS}
    assert CHROMIUM in paths and SSHD in paths


@pytest.mark.parametrize("euid, sudo, os_release, prefix", [
    (0, None, DEBIAN, []),
    (1000, "/usr/bin/sudo", UBUNTU, ["/usr/bin/sudo", "-n"]),
])
def test_installs_as_root_or_through_sudo(euid, sudo, os_release, prefix) -> None:
    ran: list[list[str]] = []
    message = bootstrap.ensure_system_tools(
        ABSENT, run=lambda command: ran.append(command) or 0, euid=euid, sudo=sudo,
        os_release=os_release)
    assert [command[:len(prefix)] for command in ran] == [prefix, prefix]
    assert ran[0][len(prefix):] == ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get",
                                    "update", "-qq"]
    assert ran[1][-3:] == ["chromium", "openssh-server", "rsync"]
    # the fake tools are still absent after the (pretend) install: it says so
    assert message and "chromium" in message and "apt-get install" in message


@pytest.mark.parametrize("euid, sudo, os_release", [
    (1000, "", DEBIAN),          # neither root nor sudo
    (0, None, FEDORA),           # another system
    (1000, "/usr/bin/sudo", ""),  # no /etc/os-release at all
])
def test_stops_before_any_test_with_one_message(monkeypatch, capsys, euid, sudo,
                                                os_release) -> None:
    ran: list[list[str]] = []
    message = bootstrap.ensure_system_tools(
        ABSENT, run=lambda command: ran.append(command) or 0, euid=euid, sudo=sudo,
        os_release=os_release)
    assert ran == []
    assert message is not None and "\n" not in message
    assert "chromium, sshd, rsync-that-is-not-here" in message
    assert "sudo apt-get install -y chromium openssh-server rsync" in message
    # main() prints it and returns 2 without making a venv or running pytest
    monkeypatch.setattr(bootstrap, "ensure_system_tools", lambda: message)
    monkeypatch.setattr(bootstrap, "make_venv", lambda: pytest.fail("made a venv"))
    assert bootstrap.main([]) == 2
    assert capsys.readouterr().err.strip() == message


def test_nothing_to_install_when_every_tool_is_here() -> None:
    present = [bootstrap.Requirement("python", "python3", sys.executable)]
    assert bootstrap.ensure_system_tools(
        present, run=lambda command: pytest.fail(f"ran {command}"), euid=1000, sudo="",
        os_release=FEDORA) is None


def test_ci_runs_readme_command_2_as_another_city() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 tests/bootstrap.py --as-another-city" in ci
    assert "python3 tests/bootstrap.py" in readme and "--as-another-city" in readme
