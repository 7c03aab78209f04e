"""Editors' workflow: scaffold a report, preview drafts, publish only what is ready."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pelican.settings import DEFAULT_CONFIG

from conftest import ROOT, build, write_report
from reading.reader import PortalReader
from building.sitebuild import new_report

ZONE = "Asia/Ho_Chi_Minh"
NOW = datetime(2026, 11, 25, 17, 40, tzinfo=ZoneInfo(ZONE))


def test_new_report_has_a_header_to_complete(tmp_path) -> None:
    path = new_report("Đại hội Đảng bộ phường Đông Hòa", tmp_path, "Tin tức - Sự kiện", ZONE, NOW)
    assert path == tmp_path / "2026" / "11" / "dai-hoi-dang-bo-phuong-dong-hoa.md"
    _, meta = PortalReader({**DEFAULT_CONFIG, "TIMEZONE": "Asia/Ho_Chi_Minh"}).read(str(path))
    assert meta["title"] == "Đại hội Đảng bộ phường Đông Hòa"
    assert meta["date"].isoformat() == "2026-11-25T17:40:00+07:00"
    assert meta["slug"] == "dai-hoi-dang-bo-phuong-dong-hoa"
    assert meta["status"] == "draft"
    assert meta["terms"] == [] and meta["attendees"] == [] and meta["chair"] == []
    assert meta["event"].kind == "" and meta["event"].date.date().isoformat() == "2026-11-25"
    with pytest.raises(FileExistsError):
        new_report("Đại hội Đảng bộ phường Đông Hòa", tmp_path, "Tin tức - Sự kiện", ZONE, NOW)


def test_new_report_from_the_command_line_passes_check(tmp_path) -> None:
    content = tmp_path / "bai-viet"
    content.mkdir()
    run = lambda *a: subprocess.run([sys.executable, "-m", "building.sitebuild", *a, "--settings",
                                     str(ROOT / "pelicanconf.py"), "--content", str(content)],
                                    capture_output=True, text=True, cwd=tmp_path)
    made = run("new", "Hội nghị \"đặc biệt\": tổng kết năm")
    assert made.returncode == 0, made.stderr
    files = list(content.rglob("*.md"))
    assert len(files) == 1 and files[0].name == "hoi-nghi-dac-biet-tong-ket-nam.md"
    checked = run("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 lỗi" in checked.stdout


@pytest.fixture(scope="module")
def statuses(tmp_path_factory):
    content = tmp_path_factory.mktemp("statuses")
    report = ("Title: {title}\nDate: {date}\nStatus: {status}\nChair: {chair} – Bí thư\n\n"
              "Nội dung {title}.\n")
    write_report(content, "published.md", report.format(
        title="Bài đã duyệt", date="2021-01-01 09:00", status="published", chair="Lê Anh Xuân"))
    write_report(content, "draft.md", report.format(
        title="Bài còn nháp", date="2021-02-01 09:00", status="draft", chair="Trần Văn Nháp"))
    write_report(content, "future.md", report.format(
        title="Bài hẹn giờ", date="2099-01-01 09:00", status="published", chair="Phạm Văn Sau"))
    sites = {}
    for name in ("pelicanconf.py", "publishconf.py"):
        sites[name] = build(content, tmp_path_factory.mktemp(name.split(".")[0]), name,
                            SITEURL="")
    return sites


def _all_text(site) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.html_pages())


def test_preview_shows_drafts_and_future_reports(statuses) -> None:
    preview = statuses["pelicanconf.py"]
    draft = preview.soup("/ban-nhap/bai-con-nhap/")
    assert "Bản nháp" in draft.find(class_="notice").get_text()
    titles = [a.get_text() for a in preview.main("/").select(".article-card__title a")]
    assert "Bài hẹn giờ" in titles and "Bài đã duyệt" in titles


def test_production_never_shows_drafts_or_future_reports(statuses) -> None:
    production = statuses["publishconf.py"]
    text = _all_text(production)
    assert "Bài đã duyệt" in text
    for hidden in ("Bài còn nháp", "Bài hẹn giờ", "Trần Văn Nháp", "Phạm Văn Sau"):
        assert hidden not in text, hidden
    assert not (production.output / "ban-nhap").exists()
    feeds = "\n".join(p.read_text(encoding="utf-8") for p in production.output.rglob("*.xml"))
    assert "Bài đã duyệt" in feeds and "Bài còn nháp" not in feeds and "Bài hẹn giờ" not in feeds
    shards = list((production.output / "pagefind").glob("*/pagefind-entry.json"))
    assert shards and not (production.output / "pagefind" / "2099").exists()
