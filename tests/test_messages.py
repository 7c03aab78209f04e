"""Editors read Vietnamese: every problem, warning, progress line and summary,
whichever command prints it; and Pelican's own command reports content
problems exactly as ``invoke check`` does (issue: a city can adopt it)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, write_report
from test_robustness import BAD, EXPECTED, GOOD

#: English words that are not also Vietnamese words written without marks
#: (so not "an", "to", "in", "do", "no", "can", "than", "may", "con", "hay")
ENGLISH = frozenset("""
the is are was were be been must should cannot could would will not with from this
that which has have had write add check missing unknown file line and or of for by its
it only see more run read written unchanged error errors warning warnings done
processed failed link leads nowhere same give another looks like if they use allowed
entry each needs hold inside unreadable known into at on then when what why does did
there here all any some none invalid expected found but got while scanning mapping
values seems join separate people name full person date term terms title report
reports page pages keep first given twice lower case letters digits leading stay site
save encoding would upload switch nothing changed deleted release releases earlier
roll back broken internal links search index shards written render compare build
""".split())

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|«[^»]*»")
_PATHS = re.compile(r"\S*[/\\]\S*|\S+\.(?:md|yaml|py|json|html|xml|ics|csv)\b|https?://\S+")


def english_words(line: str) -> list[str]:
    """The English words of a line, outside quotes, paths and URLs."""
    text = _PATHS.sub(" ", _QUOTED.sub(" ", line))
    return [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH]


def assert_vietnamese(lines: list[str]) -> None:
    english = [(line, english_words(line)) for line in lines if len(english_words(line)) >= 2]
    assert english == [], english


def test_the_detector_catches_english_and_passes_vietnamese() -> None:
    assert len(english_words("x.md:3: 'date' has an unreadable date '2019-13-45'; write"
                             " YYYY-MM-DD or YYYY-MM-DD HH:MM")) >= 2
    assert len(english_words("Pages: 3 to render, 2 unchanged")) >= 2
    assert english_words("bai-viet/2019/03/x.md:3: không đọc được ngày '2019-13-45' ở khóa"
                         " 'date'; hãy viết YYYY-MM-DD HH:MM, ví dụ 2019-03-14 15:22") == []


# -- every message the code can print -----------------------------------------------

#: calls whose text reaches editors or whoever publishes
_SAID = {"ContentError", "Problem", "error", "warning", "info", "critical", "PublishError",
         "SettingsError", "SearchIndexError", "WriteError", "print", "write", "Exit", "fail"}


def _text_of(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text_of(v) if not isinstance(v, ast.FormattedValue) else " {} "
                       for v in node.values)
    if isinstance(node, ast.BinOp):
        return _text_of(node.left) + _text_of(node.right)
    return " "


def _messages_in_source() -> list[tuple[str, int, str]]:
    found = []
    files = [*sorted((ROOT / "plugins").rglob("*.py")), ROOT / "tasks.py"]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _SAID:
                text = " ".join(_text_of(arg) for arg in node.args)
                if text.strip():
                    found.append((str(path.relative_to(ROOT)), node.lineno, text))
    return found


def test_no_message_in_the_code_is_english() -> None:
    messages = _messages_in_source()
    assert len(messages) > 80  # the walk found the messages, not nothing
    english = [(where, line, text) for where, line, text in messages
               if len(english_words(text)) >= 2]
    assert english == [], english


def test_task_descriptions_are_vietnamese() -> None:
    listed = subprocess.run([sys.executable, "-m", "invoke", "--list"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    descriptions = [line.split(None, 1)[1] for line in listed.splitlines()[1:]
                    if line.strip() and len(line.split(None, 1)) == 2]
    assert len(descriptions) >= 10
    assert_vietnamese(descriptions)
    assert all(re.search(r"[à-ỹđ]", d) for d in descriptions), descriptions


# -- what the commands print -----------------------------------------------------------

def _sitebuild(*args: str, settings: str = "pelicanconf.py",
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "building.sitebuild", *args, "--settings",
                           str(ROOT / settings)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})})


def _lines(*runs: subprocess.CompletedProcess) -> list[str]:
    return [line for run in runs for line in (run.stdout + run.stderr).splitlines()
            if line.strip()]


def test_every_command_speaks_vietnamese(tmp_path) -> None:
    scaffolds = tmp_path / "moi"
    runs = [_sitebuild("check", "--content", str(BAD)),
            _sitebuild("build", "--content", str(BAD), "--output", str(tmp_path / "o1")),
            _sitebuild("build", "--content", str(GOOD), "--output", str(tmp_path / "o2")),
            _sitebuild("new", "Hội nghị giao ban tháng", "--content", str(scaffolds)),
            _sitebuild("new", "Hội nghị giao ban tháng", "--content", str(scaffolds)),
            _sitebuild("check", "--content", str(scaffolds)),
            _sitebuild("build", "--content", str(SAMPLE), "--output", str(tmp_path / "o3"),
                       settings="publishconf.py", env={"SITEURL": ""}),
            _sitebuild("check", "--content", str(tmp_path / "khong-co"))]
    lines = _lines(*runs)
    assert len(lines) > len(EXPECTED) + 10
    assert_vietnamese(lines)
    problems = [line for line in lines if re.match(r"^\S+:\d+: ", line)]
    assert problems and all(re.search(r"[à-ỹđĐ]", p) for p in problems), problems
    assert "Traceback" not in "\n".join(lines)


def test_no_siteurl_warning_on_preview_check_or_new(tmp_path) -> None:
    runs = [_sitebuild("new", "Bài thử", "--content", str(tmp_path / "c")),
            _sitebuild("check", "--content", str(tmp_path / "c")),
            _sitebuild("build", "--content", str(tmp_path / "c"), "--output",
                       str(tmp_path / "o"))]
    assert [r.returncode for r in runs] == [0, 0, 0], _lines(*runs)
    assert not [line for line in _lines(*runs) if "SITEURL" in line]


# -- Pelican's own command line ------------------------------------------------------

def _problem_lines(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if re.match(r"^\S+\.(md|yaml):\d+: ", line))


def test_pelican_reports_problems_like_invoke_check(tmp_path) -> None:
    checked = _sitebuild("check", "--content", str(BAD))
    pelican = subprocess.run([sys.executable, "-m", "pelican", str(BAD), "-s",
                              str(ROOT / "pelicanconf.py"), "-o", str(tmp_path / "out")],
                             capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "COLUMNS": "60"})  # a narrow terminal
    assert pelican.returncode == 1
    output = pelican.stdout + pelican.stderr
    assert "Traceback" not in output and 'File "' not in output
    expected = _problem_lines(checked.stdout + checked.stderr)
    assert len(expected) == len(EXPECTED)
    assert _problem_lines(output) == expected  # one whole line each, never wrapped
    assert not (tmp_path / "out" / "index.html").exists()
    assert_vietnamese(output.splitlines())


def test_pelican_builds_good_content_without_english_problems(tmp_path) -> None:
    content = tmp_path / "c"
    shutil.copytree(GOOD, content)
    write_report(content, "2020/them.md", "Title: Thêm\nDate: 2020-01-01\n\nx\n")
    pelican = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s",
                              str(ROOT / "pelicanconf.py"), "-o", str(tmp_path / "out")],
                             capture_output=True, text=True, cwd=ROOT)
    assert pelican.returncode == 0, pelican.stdout + pelican.stderr
    warnings = [line for line in (pelican.stdout + pelican.stderr).splitlines()
                if "cảnh báo:" in line]
    assert warnings and all(re.match(r"^\S+\.md:\d+: cảnh báo: ", w) for w in warnings)
    assert (tmp_path / "out" / "index.html").is_file()


@pytest.mark.parametrize("production", [False, True])
def test_unfilled_scaffold_warns_in_check_and_stops_production(tmp_path, production) -> None:
    content = tmp_path / "c"
    made = _sitebuild("new", "Hội nghị chưa điền", "--content", str(content))
    assert made.returncode == 0, made.stderr
    report = next(content.rglob("*.md"))
    report.write_text(report.read_text(encoding="utf-8").replace(
        "status: draft ", "status: published"), encoding="utf-8")
    if production:
        run = _sitebuild("build", "--content", str(content), "--output", str(tmp_path / "o"),
                         settings="publishconf.py", env={"SITEURL": "https://thanhpho.example.vn"})
        assert run.returncode == 1 and not (tmp_path / "o").exists()
        prefix = ""
    else:
        run = _sitebuild("check", "--content", str(content))
        assert run.returncode == 0 and "0 lỗi, 3 cảnh báo." in run.stdout
        prefix = "cảnh báo: "
    said = "\n".join(_lines(run))
    for line, words in ((4, "'author' còn trống"), (10, "'event.kind' còn trống"),
                        (22, "bài còn câu mẫu 'Nội dung bài viết.'")):
        assert f"{report}:{line}: {prefix}{words}" in said, said


def test_production_needs_siteurl_and_says_so(tmp_path) -> None:
    run = _sitebuild("build", "--content", str(SAMPLE), "--output", str(tmp_path / "o"),
                     settings="publishconf.py", env={"SITEURL": ""})
    assert run.returncode == 1 and not (tmp_path / "o").exists()
    assert _lines(run) == [line for line in _lines(run) if "SITEURL" in line]
    assert "SITEURL=https://" in run.stderr
