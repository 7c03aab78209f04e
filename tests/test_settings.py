"""Settings are declared once per plugin (name, default, type, help), checked,
and documented in the README (issue: declared seams)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pelican.settings import DEFAULT_CONFIG

from conftest import ROOT, write_report

#: a setting read from settings (or the context, which holds them) in the code
_USED = re.compile(r"""(?:settings|context)(?:\[|\.get\(|\s*,\s*)\s*["']([A-Z][A-Z0-9_]{2,})["']""")


def _used_in_code() -> set[str]:
    names = set()
    for path in (ROOT / "plugins").rglob("*.py"):
        names.update(_USED.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_setting_the_code_reads_is_declared_and_documented() -> None:
    import settingstable

    declared = {s.name for table in settingstable.tables().values() for s in table}
    used = _used_in_code()
    assert len(used) > 40
    pelican_own = set(DEFAULT_CONFIG) | {"TIMEZONE", "DEFAULT_DATE", "FEED_DOMAIN"}  # Pelican's
    assert sorted(used - declared - pelican_own) == []
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settingstable.readme_table() in readme
    assert len(declared & used) > 30


@pytest.mark.parametrize("setting, value, words", [
    ("RECORDS_MAX_NAME_CHARS", '"80"', "RECORDS_MAX_NAME_CHARS phải là một số nguyên, không phải '80'"),
    ("WRITER_JOBS", "True", "WRITER_JOBS phải là một số nguyên hoặc None, không phải True"),
    ("SEARCH_INDEX", '"có"', "SEARCH_INDEX phải là True hoặc False"),
])
def test_a_setting_of_the_wrong_type_names_pelicanconf(tmp_path, setting, value, words) -> None:
    content = tmp_path / "c"
    write_report(content, "a.md", "Title: A\nDate: 2021-01-01\n\nx\n")
    settings = tmp_path / "site_settings.py"  # a site's own, over the portal's
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                        f"from pelicanconf import *\nPATH = {str(content)!r}\n"
                        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
                        f"{setting} = {value}\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "building.sitebuild", "build", "--settings", str(settings),
                          "--content", str(content), "--output", str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1
    said = run.stdout + run.stderr
    assert f"pelicanconf.py: {words}" in said and "Traceback" not in said


def test_records_build_with_pelicans_own_writer(tmp_path) -> None:
    """Without the portal writer, Pelican's writer writes every page: the
    records plugin needs nothing of ours, and gives the same pages."""
    from conftest import SAMPLE, build

    ours = build(SAMPLE, tmp_path / "ours", SEARCH_INDEX=False)
    pelicans = build(SAMPLE, tmp_path / "pelicans", SEARCH_INDEX=False,
                     PLUGINS=["records", "search", "sitemap"])
    assert pelicans.errors == []
    pages = lambda site: {p.relative_to(site.output).as_posix(): p.read_bytes()  # noqa: E731
                          for p in site.output.rglob("*") if p.is_file()
                          and p.suffix in (".html", ".ics", ".csv", ".json")}
    assert pages(pelicans) == pages(ours) and len(pages(ours)) > 100


def test_a_plugin_order_that_cannot_work_is_refused(tmp_path) -> None:
    from conftest import SAMPLE, build
    from settingstable import SettingsError

    with pytest.raises(SettingsError, match="PLUGINS phải có 'incremental' trước 'search'"):
        build(SAMPLE, tmp_path / "out", PLUGINS=["records", "search", "incremental", "sitemap"])
