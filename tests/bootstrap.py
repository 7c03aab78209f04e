"""Set up everything the tests need, then run them: README command 2 and ``.ci/run``.

1. The system tools the tests start for real (Debian's Chromium, OpenSSH's
   server, rsync, git, nginx, npm, Java): on Debian or Ubuntu the missing ones are installed
   with apt-get, directly as root, otherwise through sudo. Where that is not
   possible, one message names what is missing and the command that installs
   it, and no test runs.
2. A virtual environment ``.venv`` with the project and its test extras.
3. The validators from npm (``tests/validators``: axe-core, vnu-jar), as locked.
4. pytest, with any arguments given to this script.

With ``--as-another-city`` (what CI runs), the suite runs once in a copy of
the repository whose ``content/`` holds another province's reports
(``tests/sites/other-city``): it proves that no test depends on the sample
reports a city replaces, at the cost of one run, not two.

Standard library only: it runs before anything is installed.
Usage: ``python3 tests/bootstrap.py [--as-another-city] [pytest arguments]``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"


@dataclass(frozen=True)
class Requirement:
    """A system tool the tests use and the Debian package that provides it."""

    tool: str
    package: str
    path: str = ""  # an absolute path that must exist, else the tool on PATH

    def present(self) -> bool:
        if self.path:
            return os.access(self.path, os.X_OK)
        return shutil.which(self.tool) is not None


def _venv_package() -> str:
    return f"python{sys.version_info.major}.{sys.version_info.minor}-venv"


REQUIREMENTS: list[Requirement] = [
    Requirement("chromium", "chromium", "/usr/bin/chromium"),  # browser tests
    Requirement("sshd", "openssh-server", "/usr/sbin/sshd"),   # publish over SSH
    Requirement("ssh", "openssh-client"),
    Requirement("ssh-keygen", "openssh-client"),
    Requirement("rsync", "rsync"),
    Requirement("git", "git"),                                 # publish to a git branch
    Requirement("nginx", "nginx", "/usr/sbin/nginx"),          # serve what was published
    Requirement("flock", "util-linux"),                        # the server's publish lock
    Requirement("npm", "npm"),                                 # validators (tests/validators)
    Requirement("java", "default-jre-headless"),               # the Nu HTML Checker
]


def missing_tools(requirements: Sequence[Requirement]) -> list[Requirement]:
    """The requirements not satisfied on this machine (and venv, if it cannot be made)."""
    missing = [r for r in requirements if not r.present()]
    try:
        import ensurepip  # noqa: F401  - Debian's python3 lacks it without pythonX.Y-venv
    except ImportError:
        missing.append(Requirement("python3 -m venv", _venv_package()))
    return missing


def _debian_like(os_release: str) -> bool:
    fields = dict(line.split("=", 1) for line in os_release.splitlines() if "=" in line)
    names = f"{fields.get('ID', '')} {fields.get('ID_LIKE', '')}".replace('"', "").split()
    return bool({"debian", "ubuntu"} & set(names))


def _read_os_release() -> str:
    try:
        return Path("/etc/os-release").read_text(encoding="utf-8")
    except OSError:
        return ""


def install_commands(packages: Sequence[str], *, euid: int, sudo: str | None,
                     os_release: str, apt: str | None,
                     interactive: bool) -> list[list[str]] | None:
    """The apt-get commands that install ``packages`` here, or None when this
    machine cannot (not Debian or Ubuntu, or neither root nor sudo)."""
    if not apt or not _debian_like(os_release):
        return None
    if euid == 0:
        prefix: list[str] = []
    elif sudo:
        prefix = [sudo] if interactive else [sudo, "-n"]  # never hang on a password in CI
    else:
        return None
    apt_get = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    return [[*apt_get, "update", "-qq"],
            [*apt_get, "install", "-y", "-qq", "--no-install-recommends", *packages]]


def refusal(missing: Sequence[Requirement], packages: Sequence[str]) -> str:
    """The one message shown when the tools cannot be installed from here."""
    tools = ", ".join(dict.fromkeys(r.tool for r in missing))
    return (f"Không chạy kiểm thử: máy này thiếu {tools}, và không tự cài được (cần Debian"
            f" hoặc Ubuntu, chạy với quyền root hoặc có sudo). Cài bằng lệnh:"
            f" sudo apt-get install -y {' '.join(packages)} — (trên hệ khác: cài các gói"
            " tương ứng) — rồi chạy lại lệnh này.")


def ensure_system_tools(requirements: Sequence[Requirement] = REQUIREMENTS,
                        run: Callable[[list[str]], int] = lambda cmd: subprocess.call(cmd),
                        euid: int | None = None, sudo: str | None = None,
                        os_release: str | None = None) -> str | None:
    """Install what is missing; the refusal message if something still is."""
    missing = missing_tools(requirements)
    if not missing:
        return None
    packages = list(dict.fromkeys(r.package for r in missing))
    commands = install_commands(
        packages, euid=os.geteuid() if euid is None else euid,
        sudo=shutil.which("sudo") if sudo is None else sudo or None,
        os_release=_read_os_release() if os_release is None else os_release,
        apt=shutil.which("apt-get"), interactive=sys.stdin.isatty())
    if commands is None:
        return refusal(missing, packages)
    print(f"Cài các gói hệ thống mà kiểm thử cần: {' '.join(packages)}", flush=True)
    for command in commands:
        if run(command) != 0:
            return refusal(missing, packages)
    still = missing_tools(requirements)
    return refusal(still, packages) if still else None


VALIDATORS = ROOT / "tests" / "validators"


def install_validators(folder: Path = VALIDATORS) -> None:
    """The validators the tests run (axe-core, the Nu HTML Checker), at the
    versions of ``package-lock.json``, from npm, unless they are there
    already. No install scripts: vnu-jar's would fetch a Java runtime (the
    system's runs it)."""
    if not (folder / "node_modules" / ".package-lock.json").is_file():
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                        "--loglevel=error"], cwd=folder, check=True)


def make_venv() -> Path:
    """``.venv`` with the project (editable) and its test extras; its python."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(python), "-m", "pip", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test]"], check=True)
    return python


OTHER_CITY = ROOT / "tests" / "sites" / "other-city"
_NOT_COPIED = (".venv", ".git", "output", "cache", "__pycache__", ".pytest_cache",
               "*.egg-info", "pagefind", ".output*")


def adopted_copy(folder: Path, content: Path = OTHER_CITY) -> Path:
    """A copy of the repository in ``folder`` whose ``content/`` is ``content``."""
    copy = folder / "portal"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*_NOT_COPIED))
    shutil.rmtree(copy / "content")
    shutil.copytree(content, copy / "content")
    return copy


def main(argv: Sequence[str]) -> int:
    """System tools, venv, then pytest with ``argv``; 2 when the machine lacks tools."""
    message = ensure_system_tools()
    if message:
        print(message, file=sys.stderr)
        return 2
    python = make_venv()
    install_validators()
    if "--as-another-city" not in argv:
        return subprocess.call([str(python), "-m", "pytest", *argv], cwd=ROOT)
    argv = [a for a in argv if a != "--as-another-city"]
    with tempfile.TemporaryDirectory(prefix="portal-another-city-") as folder:
        copy = adopted_copy(Path(folder))
        env = {**os.environ, "PYTHONPATH": str(copy / "plugins")}  # the copy's own code
        print(f"Chạy kiểm thử trong bản sao có content/ của tỉnh khác: {copy}", flush=True)
        checked = subprocess.call([str(python), "-m", "invoke", "check"], cwd=copy, env=env)
        if checked != 0:
            return checked
        return subprocess.call([str(python), "-m", "pytest", *argv], cwd=copy, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
