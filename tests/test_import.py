"""``invoke import`` (issue 20): the reference article's plain text, an RSS
feed and HTML pages (files, and addresses on a real HTTP server started here)
become draft reports; importing again changes nothing; one bad article is
reported while the rest go on; the reviewed reports build into record pages
with the right people, roles and positions."""

from __future__ import annotations

import functools
import http.server
import shutil
import struct
import subprocess
import sys
import threading
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG

from conftest import ROOT
from reading.reader import PortalReader

FIXTURES = Path(__file__).parent / "importing"


def png(width: int = 4, height: int = 3) -> bytes:
    """A real PNG picture (grey), made with the standard library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0,
                                                              0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def served(tmp_path: Path):
    """The fixtures on a real HTTP server at 127.0.0.1: (folder, base address)."""
    folder = tmp_path / "old-portal"
    shutil.copytree(FIXTURES, folder)
    (folder / "anh").mkdir()
    (folder / "anh" / "ky-hop.png").write_bytes(png())
    (folder / "pages" / "anh").mkdir()
    (folder / "pages" / "anh" / "dai-hoi.png").write_bytes(png(6, 2))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    feed = folder / "feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("BASE", base), encoding="utf-8")
    yield folder, base
    server.shutdown()


def run_import(content: Path, *sources: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "importing", *sources, "--content",
                           str(content)], capture_output=True, text=True, cwd=content.parent)


def read(path: Path) -> dict:
    reader = PortalReader({**DEFAULT_CONFIG, "TIMEZONE": "Asia/Ho_Chi_Minh"})
    return reader.read(str(path))


def test_the_reference_article_imports_with_its_facts(tmp_path: Path) -> None:
    content = tmp_path / "content"
    done = run_import(content, str(FIXTURES / "seed-article.txt"))
    assert done.returncode == 0, done.stderr
    files = list(content.rglob("*.md"))
    assert [f.relative_to(content).parts[:2] for f in files] == [("2019", "03")]
    text = files[0].read_text(encoding="utf-8")
    body, meta = read(files[0])
    assert meta["title"] == ("Hội nghị rà soát, bổ sung quy hoạch cán bộ lãnh đạo quản lý"
                             " nhiệm kỳ (2015-2020) – (2020-2025)")
    assert meta["date"].isoformat() == "2019-03-14T15:22:00+07:00"
    assert str(meta["author"]) == "Lê Thảo" and meta["status"] == "draft"
    assert [(p.name, p.position, p.role) for p in meta["chair"]] == [
        ("Nguyễn Tư Khánh", "Phó Bí thư Thường trực Thành ủy", "chủ trì")]
    assert [(p.name, p.position) for p in meta["attendees"]] == [
        ("Lê Anh Xuân", "Tỉnh ủy viên, Phó Bí thư Thành ủy, Chủ tịch UBND thành phố")]
    assert meta["terms"] == ["2015-2020", "2020-2025"]
    assert meta["event"].kind == "Hội nghị"
    assert "<em>Toàn cảnh hội nghị</em>" in body  # the photo's caption
    assert "Lê Thảo" not in body  # the byline went to the header
    assert "# Suy ra từ bài" in text and "#   - Nguyễn Tư Khánh: chủ trì" in text


def test_import_feed_and_pages_then_build_the_records(tmp_path: Path, served, build_site
                                                      ) -> None:
    folder, base = served
    content = tmp_path / "content"
    sources = [str(folder / "feed.xml"), f"{base}/pages/tiep-xuc-cu-tri.html",
               str(folder / "pages" / "dai-hoi-dang-bo-huyen.html"),
               str(folder / "seed-article.txt")]
    done = run_import(content, *sources)
    # the item without a date is reported, in one line, and the rest go on
    assert done.returncode == 1
    failed = [line for line in done.stderr.splitlines() if "không nhập được" in line]
    assert failed == [f"{base}/tin/khong-ngay.html: không nhập được: không tìm thấy ngày đăng"
                      " (dạng 14/03/2019 15:22)"]
    assert "Đã nhập 5 bài mới (bản nháp), 0 bài đã có từ trước, 1 bài lỗi." in done.stdout
    reports = sorted(content.rglob("*.md"))
    assert len(reports) == 5
    before = {path: path.read_bytes() for path in content.rglob("*") if path.is_file()}
    # pictures copied beside the reports, with their captions
    pictures = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.png"))
    assert pictures == ["images/2021/04/dai-hoi.png", "images/2022/09/ky-hop.png"]
    vote = next(p for p in reports if "ky-hop-thu-tam" in p.name)
    text = vote.read_text(encoding="utf-8")
    assert f"source: {base}/tin/ky-hop-thu-tam.html" in text
    assert ('![Quang cảnh kỳ họp thứ Tám. Ảnh: Quốc Việt]({static}/images/2022/09/ky-hop.png'
            ' "Quang cảnh kỳ họp thứ Tám. Ảnh: Quốc Việt")') in text
    assert "date: 2022-09-22 09:40" in text  # GMT 02:40 is 09:40 in Việt Nam
    assert "#   - Tạ Quang Hòa: được bầu" in text
    # again: nothing changes, and it says so
    again = run_import(content, *[s for s in sources if not s.endswith("feed.xml")])
    assert again.returncode == 0, again.stderr
    assert "Không có gì mới: 3 bài đã nhập từ trước, không đổi gì." in again.stdout
    again = run_import(content, *sources)
    assert "Đã nhập 0 bài mới (bản nháp), 5 bài đã có từ trước, 1 bài lỗi." in again.stdout
    assert {path: path.read_bytes() for path in content.rglob("*") if path.is_file()} == before
    # an editor reviews the drafts and publishes them
    for report in reports:
        report.write_text(report.read_text(encoding="utf-8").replace("status: draft\n", ""),
                          encoding="utf-8")
    site = build_site(content)
    assert not site.errors, site.errors

    def official(slug: str) -> str:
        return " ".join(site.main(f"/can-bo/{slug}/").get_text(" ").split())

    assert "Phó Bí thư Tỉnh ủy" in official("vu-thi-thanh-binh")
    assert "Chủ tịch UBND tỉnh" in official("ta-quang-hoa")
    assert "Phó Chủ tịch Thường trực UBND tỉnh" in official("ta-quang-hoa")
    assert "Phó Trưởng đoàn ĐBQH tỉnh" in official("cao-thi-my-linh")
    assert "Phó Bí thư Huyện ủy" in official("ly-thi-ngoc-han")
    assert "Bí thư Huyện ủy" in official("mai-xuan-thuy")
    assert "Phó Chủ tịch UBND tỉnh" in official("pham-thi-thanh-xuan")
    assert "Phó Bí thư Thường trực Thành ủy" in official("nguyen-tu-khanh")
    for trap in ("thanh-tam", "quoc-viet", "hong-nhung", "nguyen-tat-thanh", "le-quy-don",
                 "nguyen-van-ba", "minh-tam", "le-thao"):
        assert not site.file(f"/can-bo/{trap}/").exists(), trap
    events = {path.parent.name: " ".join(site.main(
        "/" + path.parent.relative_to(site.output).as_posix() + "/").get_text(" ").split())
        for path in (site.output / "su-kien").glob("*/*/index.html")
        if path.parent.name[:4].isdigit() and len(path.parent.name) > 10}
    chaired = {name: text for name, text in events.items() if "chủ trì" in text}
    vote_page = next(text for name, text in events.items() if "ky-hop" in name)
    assert "Chủ trì Vũ Thị Thanh Bình – Phó Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh" in vote_page
    assert any("Chủ trì Tạ Quang Hòa – Chủ tịch UBND tỉnh" in t for t in chaired.values())


def test_a_long_import_shows_progress_and_a_bad_source_is_one_line(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Hội nghị số {n}</title><link>https://vi.example/tin/{n}</link>"
        f"<pubDate>Mon, 0{1 + n % 9} Mar 2021 01:00:00 GMT</pubDate><description>&lt;p&gt;"
        f"Sáng nay, đồng chí Lê Văn Tâm - Chủ tịch UBND huyện chủ trì hội nghị số {n}."
        f"&lt;/p&gt;</description></item>" for n in range(40))
    feed = tmp_path / "many.xml"
    feed.write_text(f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                    f"<title>t</title>{items}</channel></rss>", encoding="utf-8")
    content = tmp_path / "content"
    done = run_import(content, str(feed), str(tmp_path / "khong-co.xml"))
    assert done.returncode == 1
    assert "Nhập bài: 40/41 (90%)" in done.stderr or "Nhập bài: 41/41 (100%)" in done.stderr
    assert f"{tmp_path / 'khong-co.xml'}: không nhập được: không có tệp, thư mục hay địa chỉ" \
        in done.stderr
    assert len(list(content.rglob("*.md"))) == 40
    assert "Traceback" not in done.stderr


def test_hostile_html_is_written_as_text(tmp_path: Path) -> None:
    page = tmp_path / "bai.html"
    page.write_text(
        "<html><head><title>Tin</title></head><body><article><h1>Hội nghị [x](javascript:alert(1))"
        "</h1><p>08:57, 28/04/2021</p><p>Sáng 27/4, Ban Thường vụ tổ chức hội nghị. <script>"
        "alert(1)</script>Nội dung có *dấu sao* và <b>chữ đậm</b> cùng [liên kết](javascript:x)"
        " đủ dài để là một đoạn văn của bài viết này.</p><p># Không phải tiêu đề, chỉ là chữ"
        " trong một đoạn văn đủ dài của bài.</p><p>Văn Bảo</p></article></body></html>",
        encoding="utf-8")
    content = tmp_path / "content"
    done = run_import(content, str(page))
    assert done.returncode == 0, done.stderr
    body, meta = read(next(content.rglob("*.md")))
    assert "<script" not in body and "javascript:" not in body.replace(
        "[liên kết](javascript:x)", "")
    assert "<a " not in body and "<h1" not in body
    assert "*dấu sao*" in body and "# Không phải tiêu đề" in body
    assert isinstance(meta["date"], datetime)
