"""Nothing an editor types can run script, change a date or drop a person
silently (issue 17): a hostile corpus, one file per case, each built for real."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, build, write_report
from test_robustness import BAD, EXPECTED as EARLIER, GOOD

HOSTILE = Path(__file__).parent / "robustness" / "hostile"
HARMLESS = Path(__file__).parent / "robustness" / "harmless"

# case (file or folder) → (file with the problem, line, words of the message)
EXPECTED = {
    "date-month-first.md": (2, "ngày 3 tháng 25 năm 2019 nhưng không có tháng 25; ngày viết"
                               " trước tháng: 25/03/2019"),
    "date-impossible-day-first.md": (2, "ngày 31 tháng 2 năm 2019 nhưng tháng 2 năm 2019"
                                        " không có ngày 31"),
    "date-english.md": (2, "không đọc được ngày 'March 14, 2019' ở khóa 'date'"),
    "event-date-impossible.md": (4, "ở khóa 'event.date': đọc là ngày 31 tháng 4 năm 2026"),
    "key-misspelt.md": (3, "'Atendees' không phải khóa hợp lệ; có phải 'attendees'?"),
    "yaml-missing-dash.md": (7, "khóa 'name' được ghi hai lần trong cùng một mục (dòng 5 và"
                                " dòng 7)"),
    "yaml-anchor.md": (2, "không dùng neo và bí danh YAML"),
    "yaml-deep.md": (4, "YAML lồng quá sâu"),
    "key-underscore-content.md": (3, "'_content' là thuộc tính nội bộ của Pelican"),
    "key-underscore-summary.md": (4, "'_summary' là thuộc tính nội bộ của Pelican"),
    "key-context.md": (3, "'_context' là thuộc tính nội bộ của Pelican"),
    "key-pelican-attribute.md": (3, "'Settings' là thuộc tính nội bộ của Pelican"),
    "url-javascript.md": (3, "'url' 'javascript:alert(1)' phải là đường dẫn trong trang"),
    "url-other-host.md": (3, "'url' 'https://other.example/x/' phải là đường dẫn trong trang"),
    "template-traversal.md": (3, "'template' '../../x' không phải mẫu trang của giao diện;"
                                 " dùng một trong: 'article', 'page'"),
    "save-as-home.md": (3, "tệp 'index.html', trùng với trang chủ"),
    "save-as-search-js.md": (3, "'save_as' 'theme/js/search.js' phải là tệp .html"),
    "save-as-theme-folder.md": (3, "trùng với thư mục tệp của giao diện"),
    "save-as-officials-index.md": (3, "tệp 'can-bo/index.html', trùng với trang hồ sơ"),
    "title-empty-slug.md": (1, "tiêu đề '???' không có chữ cái hay chữ số nào"),
    "title-emoji.md": (1, "tiêu đề '🎉🎉🎉' không có chữ cái hay chữ số nào"),
    "tag-empty-slug.md": (3, "'tags' có '???', không có chữ cái hay chữ số"),
    "category-empty-slug.md": (3, "'category' có '!!!', không có chữ cái hay chữ số"),
    "author-empty-slug.md": (3, "'author' có '***', không có chữ cái hay chữ số"),
    "position-empty-slug.md": (3, "'chair.position' có '???', không có chữ cái hay chữ số"),
    "static-outside.md": (4, "liên kết '{static}/../../../etc/passwd' trỏ ra ngoài thư mục"),
    "name-cyrillic.md": (3, "'Lê Аnh Хuân' lẫn chữ không thuộc bảng chữ tiếng Việt: 'А'"
                            " (U+0410), 'Х' (U+0425)"),
    "name-fullwidth.md": (3, "lẫn chữ không thuộc bảng chữ tiếng Việt: 'Ｌ' (U+FF2C)"),
    "name-greek-in-body.md": (5, "'Lê Αnh Xuân' lẫn chữ không thuộc bảng chữ tiếng Việt"),
    "word-too-long.md": (1, "'title' có một từ dài 100 chữ cái, quá giới hạn 60"),
    "slug-too-long.md": (3, "'slug' dài 319 ký tự, quá giới hạn 120"),
    "title-too-long.md": (1, "'title' dài 449 ký tự, quá giới hạn 300"),
    "name-too-long.md": (3, "'chair' dài 98 ký tự, quá giới hạn 80"),
    "nul-character.md": (6, "có ký tự điều khiển U+0000 ở cột 6"),
    "control-character-title.md": (1, "có ký tự điều khiển U+0007"),
    "zero-width-name.md": (3, "có ký tự vô hình U+200B"),
    "bidi-override.md": (1, "có ký tự vô hình U+202E"),
    "lang-script.md": (3, "không phải mã ngôn ngữ"),
    "status-unknown.md": (3, "'status' là 'publish'; chỉ dùng được: 'published', 'draft',"
                             " 'hidden'"),
    "source-javascript.md": (3, "'source' 'javascript:alert(1)' phải là địa chỉ http://"),
    "registry-alias-bomb": (2, "không dùng neo và bí danh YAML"),
    "registry-photo-other-host": (1, "'photo' '//other.example/x.png' phải là một tệp ảnh"
                                     " trong thư mục bài viết"),
    "registry-date-month-first": (1, "'start' không phải ngày: '10/15/2020' (đọc là ngày 10"
                                     " tháng 15 năm 2020 nhưng không có tháng 15"),
}
SETTINGS = ROOT / "pelicanconf.py"


def test_the_corpus_has_a_file_for_every_case() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(EXPECTED)


def _content_of(case: Path, folder: Path) -> Path:
    """A content folder holding one case (and what it needs to be that case)."""
    if case.is_dir():
        shutil.copytree(case, folder)
        return folder
    folder.mkdir()
    shutil.copy(case, folder)
    if case.parent == BAD:  # the earlier corpus: its registry, and pairs of reports
        shutil.copytree(BAD / "records", folder / "records")
        if case.name.startswith("duplicate-slug-"):
            for twin in BAD.glob("duplicate-slug-*.md"):
                shutil.copy(twin, folder)
    return folder


def _build_case(case: Path, tmp_path: Path) -> list[str]:
    """Build one case for real (the build's own code path); its problem lines."""
    from records.validate import ContentProblems
    from building.sitebuild import build as site_build
    from building.sitebuild import load_settings

    content = _content_of(case, tmp_path / "content")
    output = tmp_path / "output"
    with pytest.raises(ContentProblems) as stopped:
        site_build(load_settings(SETTINGS, content, output))
    assert not output.exists()
    return [str(problem) for problem in stopped.value.problems]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_case_built_for_real_says_where_and_why(tmp_path, name) -> None:
    line, words = EXPECTED[name]
    problems = _build_case(HOSTILE / name, tmp_path)
    where = f"{name}:{line}: " if name.endswith(".md") else f":{line}: "
    assert any(where in p and words in p for p in problems), (where, words, problems)


@pytest.mark.parametrize("name", sorted(EARLIER))
def test_each_earlier_case_built_for_real_still_stops(tmp_path, name) -> None:
    line, words = EARLIER[name]
    problems = _build_case(BAD / name, tmp_path)
    assert any(f"{name}:{line}: " in p and words in p for p in problems), (words, problems)


def _run(*args: str, limit_memory: bool = False) -> tuple[subprocess.CompletedProcess, float]:
    def bounded() -> None:  # 2 GiB of address space: an explosion fails, it cannot swap
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "building.sitebuild", *args, "--settings", str(SETTINGS)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120,
                         preexec_fn=bounded if limit_memory else None)
    return run, time.monotonic() - started


def test_check_reports_what_the_build_reports(tmp_path) -> None:
    content = tmp_path / "hostile"
    content.mkdir()
    for case in HOSTILE.glob("*.md"):
        shutil.copy(case, content)
    checked, _ = _run("check", "--content", str(content))
    built, _ = _run("build", "--content", str(content), "--output", str(tmp_path / "out"))
    lines = lambda run: sorted(l for l in (run.stdout + run.stderr).splitlines()  # noqa: E731
                               if re.match(r"^\S+\.md:\d+: ", l))
    assert checked.returncode == built.returncode == 1
    assert lines(checked) == lines(built) and len(lines(checked)) == len(list(content.iterdir()))
    assert "Traceback" not in checked.stdout + checked.stderr + built.stdout + built.stderr


@pytest.mark.parametrize("target", ["/etc/passwd", "/etc", ".."])
def test_symlinks_are_refused_fast_with_bounded_memory(tmp_path, target) -> None:
    content = tmp_path / "c"
    write_report(content, "2021/bai.md", "Title: Bài thật\nDate: 2021-05-04 09:00\n\nx\n")
    (content / "2021" / "lien-ket.md").symlink_to(target)
    for command in (("check",), ("build", "--output", str(tmp_path / "out"))):
        run, seconds = _run(*command, "--content", str(content), limit_memory=True)
        assert run.returncode == 1 and seconds < 30, (seconds, run.stderr[-500:])
        said = run.stdout + run.stderr
        assert f"lien-ket.md:1: là liên kết tượng trưng (symlink) tới {target!r}" in said
        assert "Traceback" not in said
    assert not (tmp_path / "out").exists()


def test_an_editors_lock_link_is_ignored(tmp_path) -> None:
    content = tmp_path / "c"
    write_report(content, "bai.md", "Title: Bài thật\nDate: 2021-05-04 09:00\n\nx\n")
    (content / ".#bai.md").symlink_to("nguoi@may.1234")  # Emacs, while the file is open
    run, _ = _run("check", "--content", str(content))
    assert run.returncode == 0, run.stdout + run.stderr


def test_an_alias_bomb_is_refused_fast_with_bounded_memory(tmp_path) -> None:
    run, seconds = _run("build", "--content", str(HOSTILE / "registry-alias-bomb"), "--output",
                        str(tmp_path / "out"), limit_memory=True)
    assert run.returncode == 1 and seconds < 30
    assert "officials.yaml:2: không dùng neo và bí danh YAML" in run.stdout + run.stderr


# -- what builds, builds harmless ------------------------------------------------------

@pytest.fixture(scope="module")
def harmless(tmp_path_factory):
    site = build(HARMLESS, tmp_path_factory.mktemp("harmless"))
    assert not site.errors, site.errors
    return site


def test_dates_are_day_first_everywhere(harmless) -> None:
    article = harmless.soup("/tin-tuc/2019/03/ngay-viet-truoc-thang/")
    assert article.find("time")["datetime"] == "2019-03-05T10:00:00+07:00"
    event = next(harmless.output.glob("su-kien/2026/*/index.html"))
    assert "01/12/2026" in event.read_text(encoding="utf-8")


def test_old_pipe_links_resolve_and_custom_urls_stay_inside(harmless) -> None:
    body = harmless.main("/tin-tuc/2021/06/lien-ket-kieu-cu/").find(class_="article__body")
    hrefs = [a["href"] for a in body.find_all("a")]
    assert hrefs == ["/gioi-thieu/", "/tin-tuc/2019/03/ngay-viet-truoc-thang/"]
    assert (harmless.output / "gioi-thieu" / "index.html").is_file()


def test_csv_cells_never_start_a_formula_and_json_keeps_the_text(harmless) -> None:
    tables = list((harmless.output / "du-lieu").glob("*.csv"))
    assert len(tables) == 6
    found = []
    for table in tables:
        rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
        for cell in (c for row in rows[1:] for c in row):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (table.name, cell)
            if cell.startswith("'"):
                found.append(cell)
    assert {"'=cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0",
            "'-2+3+cmd|' /C calc'!A0", "'+Phó Chủ tịch UBND thành phố"} <= set(found)
    popolo = json.loads((harmless.output / "du-lieu" / "popolo.json").read_text("utf-8"))
    assert "=cmd|' /C calc'!A0" in {event["name"] for event in popolo["events"]}


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    site = build(GOOD, tmp_path_factory.mktemp("good"))
    assert not site.errors, site.errors
    return site


@pytest.mark.parametrize("which", ["harmless", "good"])
def test_no_script_runs_on_any_page(request, browser, which) -> None:
    """Every page of the built sites, in Chromium: no dialog opens, no script
    but the site's own runs (payloads call alert())."""
    from browser import serve

    site = request.getfixturevalue(which)
    pages = site.html_pages()
    assert len(pages) > 20
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(site.output) as url:
        for page in pages:
            tab.goto(f"{url}/{page.relative_to(site.output).as_posix()}")
            # handlers that wait for a hover or focus cannot exist: no on… attribute
            # survives (test_robustness checks every page's attributes)
    context.close()
    assert dialogs == []


# -- the schema --------------------------------------------------------------------

def test_the_readme_documents_every_key_of_the_schema() -> None:
    from reading import schema

    assert schema.readme_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_scaffold_uses_only_and_names_all_schema_keys(tmp_path) -> None:
    from reading import schema
    from building.sitebuild import new_report

    text = new_report("Bài mới", tmp_path, "Tin tức - Sự kiện", "Asia/Ho_Chi_Minh").read_text(encoding="utf-8")
    header = text.split("---")[1]
    written = set(re.findall(r"^(\w[\w-]*):", header, re.MULTILINE))
    listed = set(re.search(r"# khóa khác dùng được: (.*)", header).group(1).split(", "))
    assert written <= set(schema.BY_NAME) and written | listed == {
        k.name for k in schema.KEYS if not k.name.startswith("event-")}


def test_a_site_declares_its_own_plain_text_keys(tmp_path) -> None:
    content = tmp_path / "c"
    write_report(content, "bai.md", "Title: Bài có nguồn ảnh\nDate: 2021-05-04 09:00\n"
                 "Nguon_anh: Báo Thành phố\n\nx\n")
    from records.validate import ContentProblems

    with pytest.raises(ContentProblems, match="'Nguon_anh' không phải khóa hợp lệ"):
        build(content, tmp_path / "o1")
    accepted = build(content, tmp_path / "o2", RECORDS_EXTRA_KEYS={"nguon_anh": "nguồn ảnh"})
    assert accepted.errors == []
    run = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", str(SETTINGS),
                          "-o", str(tmp_path / "o3"), "-e", 'RECORDS_EXTRA_KEYS={"_x": "?"}'],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1 and "RECORDS_EXTRA_KEYS có khóa '_x' không dùng được" in (
        run.stdout + run.stderr)
    assert os.path.exists(tmp_path / "o2" / "index.html")


def test_officials_whose_names_look_alike_get_a_warning_naming_both(tmp_path) -> None:
    content = tmp_path / "c"
    write_report(content, "a.md", "Title: Họp A\nDate: 2021-05-04 09:00\n"
                 "Chair: Trần Văn Minh – Bí thư\n\nx\n")
    write_report(content, "b.md", "Title: Họp B\nDate: 2021-05-05 09:00\n"
                 "Chair: Trần Văn Rninh – Bí thư\n\nx\n")  # r + n looks like m
    run, _ = _run("check", "--content", str(content))
    assert run.returncode == 0
    assert re.search(r"b\.md:3: cảnh báo: cán bộ 'Trần Văn Rninh' trông giống 'Trần Văn Minh'"
                     r" \(.*a\.md:3\)", run.stdout + run.stderr), run.stdout + run.stderr
