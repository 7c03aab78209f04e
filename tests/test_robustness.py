"""Bad input never breaks the site: every mistake gets `path:line: message`,
every value is escaped, a failed build changes nothing (issue: editors)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, write_report
from linkcheck import check_site

CORPUS = Path(__file__).parent / "robustness"
BAD = CORPUS / "bad"
GOOD = CORPUS / "good"

# file → (line, words of the message)
EXPECTED = {
    "yaml-unclosed-list.md": (2, "YAML không hợp lệ: danh sách mở bằng '[' chưa đóng"),
    "yaml-never-closed.md": (1, "chưa đóng: thêm một dòng '---'"),
    "front-matter-list.md": (2, "phải là các dòng 'khóa: giá trị'"),
    "key-twice.md": (2, "khóa 'title' được ghi hai lần (lần đầu ở dòng 1, rồi dòng 2)"),
    "missing-title.md": (1, "thiếu 'title'"),
    "empty.md": (1, "thiếu 'title'"),
    "missing-date.md": (1, "thiếu 'date'"),
    "date-words.md": (2, "không đọc được ngày 'hôm qua' ở khóa 'date'"),
    "date-impossible-day.md": (2, "không đọc được ngày '2019-02-30'"),
    "date-impossible-time.md": (2, "không đọc được ngày '2019-03-14 25:61'"),
    "event-date-bad.md": (4, "ở khóa 'event.date'"),
    "term-unknown.md": (3, "nhiệm kỳ '2015-2021' chưa có trong danh mục"),
    "term-one-year.md": (3, "'2020', không phải một nhiệm kỳ"),
    "term-reversed.md": (3, "'2020-2015', không phải một nhiệm kỳ"),
    "participant-one-word.md": (3, "'Khánh', không phải họ tên đầy đủ"),
    "participant-digits.md": (3, "'Nguyễn Văn 2', không phải họ tên đầy đủ"),
    "participants-joined.md": (3, "ngăn cách mỗi người bằng dấu ';'"),
    "participant-no-name.md": (4, "cần có tên"),
    "participant-unknown-key.md": (4, "có khóa lạ 'chuc_vu'"),
    "attendees-number.md": (4, "'attendees' phải có dạng"),
    "title-list.md": (2, "'title' phải là một dòng chữ, không phải danh sách"),
    "author-mapping.md": (4, "'author' phải là một dòng chữ, không phải ánh xạ"),
    "terms-mapping.md": (4, "'terms' phải là danh sách hoặc chữ, không phải ánh xạ"),
    "tags-mapping.md": (4, "'tags' phải là danh sách hoặc chữ, không phải ánh xạ"),
    "bodies-mapping.md": (4, "'bodies' phải là danh sách hoặc chữ, không phải ánh xạ"),
    "slug-dotdot.md": (3, "'slug' '../../etc/passwd' chỉ được có"),
    "save-as-outside.md": (3, "'save_as' '../../../tmp/pwned.html' phải là đường dẫn trong trang"),
    "event-id-bad.md": (3, "'event.id' 'Kỳ họp 1' phải là"),
    "event-unknown-key.md": (4, "'event' có khóa lạ 'when'"),
    "duplicate-slug-a.md": (3, "trùng địa chỉ /tin-tuc/2020/05/trung-dia-chi/ với"),
    "duplicate-slug-b.md": (4, "trùng địa chỉ /tin-tuc/2020/05/trung-dia-chi/ với"),
    "link-missing-report.md": (4, "liên kết '{filename}/khong-co-bai-nay.md' không dẫn tới đâu"),
    "link-missing-page.md": (4, "liên kết '/can-bo/khong-co-ai/' không dẫn tới đâu"),
    "link-missing-image.md": (4, "liên kết '{static}/images/khong-co.jpg' không dẫn tới đâu"),
    "non-utf8.md": (5, "không phải văn bản UTF-8"),
}


def _sitebuild(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "building.sitebuild", *args, "--settings",
                           str(ROOT / "pelicanconf.py")], capture_output=True, text=True,
                          cwd=ROOT)


@pytest.fixture(scope="module")
def checked() -> subprocess.CompletedProcess:
    return _sitebuild("check", "--content", str(BAD))


def test_corpus_has_at_least_30_bad_inputs() -> None:
    assert len(EXPECTED) >= 30
    assert sorted(p.name for p in BAD.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_input_gets_a_clear_message(checked, name) -> None:
    line, words = EXPECTED[name]
    prefix = f"tests/robustness/bad/{name}:{line}: "
    lines = [l for l in checked.stdout.splitlines() + checked.stderr.splitlines()
             if l.startswith(prefix)]
    assert any(words in l for l in lines), (prefix, words, lines)


def test_check_exits_non_zero_without_traceback(checked) -> None:
    assert checked.returncode == 1
    output = checked.stdout + checked.stderr
    assert "Traceback" not in output and 'File "' not in output
    assert f"{len(EXPECTED)} lỗi" in checked.stdout


def test_build_fails_the_same_way_and_keeps_the_previous_output(tmp_path) -> None:
    output = tmp_path / "out"
    output.mkdir()
    (output / "index.html").write_text("bản cũ", encoding="utf-8")
    built = _sitebuild("build", "--content", str(BAD), "--output", str(output))
    assert built.returncode == 1
    assert "Traceback" not in built.stdout + built.stderr
    for name, (line, words) in EXPECTED.items():
        assert f"tests/robustness/bad/{name}:{line}: " in built.stderr, name
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text(encoding="utf-8") == "bản cũ"
    assert not list(tmp_path.glob(".out-*"))  # no half-built folder left behind
    assert not Path("/tmp/pwned.html").exists()


def test_registry_errors_name_their_line(tmp_path) -> None:
    content = tmp_path / "c"
    write_report(content, "a.md", "Title: A\nDate: 2020-01-01\n\nx\n")
    write_report(content, "records/terms.yaml", "- {id: 2015-2020}\n- {id: 2020-2025, start: hôm qua}\n")
    result = _sitebuild("check", "--content", str(content))
    assert result.returncode == 1
    assert re.search(r"records/terms\.yaml:2: 'start' không phải ngày", result.stdout + result.stderr)


def test_links_to_archives_pelican_writes_resolve_and_others_do_not(tmp_path) -> None:
    content = tmp_path / "c"
    write_report(content, "a.md", "Title: Có lưu trữ\nDate: 2020-03-14\n\n"
                 "Xem [tháng](/tin-tuc/2020/03/), [năm](/tin-tuc/2020/)"
                 " và [tháng trống](/tin-tuc/1999/01/).\n")
    result = _sitebuild("check", "--content", str(content))
    output = result.stdout + result.stderr
    broken = [l for l in output.splitlines() if "không dẫn tới đâu" in l]
    assert len(broken) == 1 and "'/tin-tuc/1999/01/'" in broken[0], output
    assert broken[0].startswith(f"{content / 'a.md'}:4: "), broken


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    from conftest import build

    content = tmp_path_factory.mktemp("good")
    shutil.copytree(GOOD, content, dirs_exist_ok=True)
    site = build(content, tmp_path_factory.mktemp("good-site"))
    assert not site.errors, site.errors
    return site


def test_bom_crlf_and_nfd_render_like_any_report(good) -> None:
    titles = {a.get_text() for a in good.main("/").select(".article-card__title a")}
    assert {"Có BOM ở đầu tệp", "Xuống dòng kiểu Windows", "Chữ tổ hợp NFD Hoà Thuỷ"} <= titles
    for page in good.html_pages():
        assert unicodedata.is_normalized("NFC", page.read_text(encoding="utf-8"))
    officials = [a.get_text() for a in good.main("/can-bo/").select(".record-list a")]
    assert "Võ Thị Hoà" in officials and "Nguyễn Tư Khánh" in officials
    assert check_site(good.output) == []


def test_near_duplicate_names_warn_naming_both_files() -> None:
    result = _sitebuild("check", "--content", str(GOOD))
    assert result.returncode == 0
    warnings = [l for l in (result.stdout + result.stderr).splitlines() if "cảnh báo:" in l]
    assert any("'Lê Anh Xuan'" in w and "'Lê Anh Xuân'" in w and "trông giống" in w
               and "bom.md" in w and "near-duplicate.md" in w for w in warnings), warnings


def test_script_in_every_field_is_escaped_and_body_html_sanitised(good) -> None:
    from xml.etree import ElementTree

    from bs4 import BeautifulSoup

    for page in good.html_pages():
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<iframe" not in text, page
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (page, tag)
            for attr in ("href", "src"):
                assert not str(tag.get(attr, "")).lower().startswith("javascript:"), (page, tag)
        for script in soup.find_all("script"):
            assert script.get("type") in ("application/ld+json", "module"), (page, script)
    for feed in good.output.rglob("*.xml"):
        for element in ElementTree.parse(feed).iter():  # well-formed: values stay values
            assert not [a for a in element.attrib if a.lower().startswith("on")], feed
    article = next(good.output.glob("tin-tuc/2021/03/tin-*/index.html"))
    html = article.read_text(encoding="utf-8")
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 10
    body = html[html.index('class="article__body"'):]
    assert "<b>đậm</b>" in body and ">liên kết</a>" in body


def test_a_big_file_is_read_and_a_too_big_one_refused(tmp_path) -> None:
    paragraph = ("Đồng chí Nguyễn Tư Khánh – Phó Bí thư Thường trực Thành ủy chủ trì hội nghị,"
                 " đảm bảo tính ổn định, kế thừa và phát triển của thành phố. ") * 8
    body = "\n\n".join([paragraph] * 3250)
    path = write_report(tmp_path / "c", "big.md", f"Title: Bài rất dài\nDate: 2020-01-01\n\n{body}")
    assert 4_800_000 < path.stat().st_size < 5_000_000
    result = _sitebuild("check", "--content", str(tmp_path / "c"))
    assert result.returncode == 0, result.stdout + result.stderr
    path.write_text(path.read_text(encoding="utf-8") + paragraph * 80, encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    result = _sitebuild("check", "--content", str(tmp_path / "c"))
    assert result.returncode == 1
    said = result.stdout + result.stderr
    assert "big.md:1: tệp quá lớn (" in said and "MB, tối đa 5.0 MB" in said
