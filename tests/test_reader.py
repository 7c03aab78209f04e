"""Both header styles read into the same metadata; errors name file and line."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG

from conftest import build, write_report
from reading.errors import ContentError
from reading.fields import ROLE_ATTENDEE, ROLE_CHAIR, ROLE_COCHAIR
from reading.reader import PortalReader

NATIVE = """Title: Kỳ họp thứ 7 HĐND thành phố
Date: 2018-12-20 16:00
Author: Lê Thảo
Category: Hoạt động lãnh đạo
Tags: Kỳ họp HĐND, nhiệm kỳ 2016-2021
Slug: ky-hop-thu-7
Event: Kỳ họp thứ 7 HĐND thành phố khóa XI
Event-Kind: Kỳ họp
Event-Date: 2018-12-19 08:00
Event-Place: Hội trường UBND
Event-Organizer: HĐND thành phố
Terms: 2016-2021, 2021–2026
Chair: Trần Thị Thu Hương – Chủ tịch HĐND thành phố
Attendees: Lê Anh Xuân – Tỉnh ủy viên, Phó Bí thư Thành ủy, Chủ tịch UBND thành phố; Đồng chí Phạm Văn Đức – Phó Chủ tịch UBND thành phố
Bodies: đại biểu HĐND; cử tri

Nội dung **kỳ họp**.
"""

YAML = """---
title: Kỳ họp thứ 7 HĐND thành phố
date: 2018-12-20 16:00
author: Lê Thảo
category: Hoạt động lãnh đạo
tags: [Kỳ họp HĐND, nhiệm kỳ 2016-2021]
slug: ky-hop-thu-7
event:
  kind: Kỳ họp
  name: Kỳ họp thứ 7 HĐND thành phố khóa XI
  date: 2018-12-19 08:00
  place: Hội trường UBND
  organizer: HĐND thành phố
terms: [2016-2021, 2021–2026]
chair:
  name: Trần Thị Thu Hương
  position: Chủ tịch HĐND thành phố
attendees:
  - name: Lê Anh Xuân
    position: Tỉnh ủy viên, Phó Bí thư Thành ủy, Chủ tịch UBND thành phố
  - "đồng chí Phạm Văn Đức – Phó Chủ tịch UBND thành phố"
bodies: [đại biểu HĐND, cử tri]
---

Nội dung **kỳ họp**.
"""


@pytest.fixture
def reader() -> PortalReader:
    return PortalReader({**DEFAULT_CONFIG, "TIMEZONE": "Asia/Ho_Chi_Minh"})


def _read(reader: PortalReader, tmp_path: Path, text: str | bytes, name: str = "r.md"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return reader.read(str(path))


def _comparable(metadata: dict) -> dict:
    out = {k: v for k, v in metadata.items() if k != "source_lines"}
    out["tags"] = [str(t) for t in out["tags"]]
    out["author"] = str(out["author"])
    out["category"] = str(out["category"])
    out["chair"] = [(p.name, p.position, p.role) for p in out["chair"]]
    out["attendees"] = [(p.name, p.position, p.role) for p in out["attendees"]]
    event = out["event"]
    out["event"] = (event.kind, event.name, event.date, event.place, event.organizer)
    return out


def test_both_header_styles_give_the_same_metadata(reader, tmp_path) -> None:
    native_html, native = _read(reader, tmp_path, NATIVE, "a.md")
    yaml_html, yaml_meta = _read(reader, tmp_path, YAML, "b.md")
    assert native_html == yaml_html == "<p>Nội dung <strong>kỳ họp</strong>.</p>"
    assert _comparable(native) == _comparable(yaml_meta)


def test_structured_fields(reader, tmp_path) -> None:
    _, meta = _read(reader, tmp_path, NATIVE)
    assert meta["title"] == "Kỳ họp thứ 7 HĐND thành phố"
    assert meta["date"].isoformat() == "2018-12-20T16:00:00+07:00"
    assert meta["terms"] == ["2016-2021", "2021-2026"]
    assert [(p.name, p.role) for p in meta["chair"]] == [("Trần Thị Thu Hương", ROLE_CHAIR)]
    assert [(p.name, p.position) for p in meta["attendees"]] == [
        ("Lê Anh Xuân", "Tỉnh ủy viên, Phó Bí thư Thành ủy, Chủ tịch UBND thành phố"),
        ("Phạm Văn Đức", "Phó Chủ tịch UBND thành phố"),
    ]
    assert meta["event"].date.isoformat() == "2018-12-19T08:00:00+07:00"
    assert meta["bodies"] == ["đại biểu HĐND", "cử tri"]
    assert meta["source_lines"]["attendees"] == 14


def test_native_names_only_and_one_per_line(reader, tmp_path) -> None:
    text = ("Title: T\nDate: 2020-01-02\nAttendees: Nguyễn Tư Khánh, Lê Anh Xuân\n"
            "Chair: Phạm Văn Đức – Chủ tịch UBND thành phố\n"
            "    Trần Văn Bình – Phó Chủ tịch UBND thành phố\n\nBody\n")
    _, meta = _read(reader, tmp_path, text)
    assert [(p.name, p.position) for p in meta["attendees"]] == [
        ("Nguyễn Tư Khánh", ""), ("Lê Anh Xuân", "")]
    assert [(p.name, p.role) for p in meta["chair"]] == [
        ("Phạm Văn Đức", ROLE_COCHAIR), ("Trần Văn Bình", ROLE_COCHAIR)]


def test_text_is_nfc_and_bom_crlf_are_accepted(reader, tmp_path) -> None:
    nfd = unicodedata.normalize("NFD", NATIVE).replace("\n", "\r\n")
    html, meta = _read(reader, tmp_path, b"\xef\xbb\xbf" + nfd.encode("utf-8"))
    assert meta["title"] == "Kỳ họp thứ 7 HĐND thành phố"
    assert unicodedata.is_normalized("NFC", html)
    assert meta["attendees"][0].name == "Lê Anh Xuân"


def test_body_mentions_are_read_with_roles(reader, tmp_path) -> None:
    text = ("Title: T\nDate: 2020-01-02\n\nĐồng chí Nguyễn Tư Khánh – Phó Bí thư Thường trực"
            " Thành ủy chủ trì hội nghị. Dự hội nghị có đồng chí Lê Anh Xuân – Tỉnh ủy viên,"
            " Phó Bí thư Thành ủy, Chủ tịch UBND thành phố; các đồng chí trong Ban Thường vụ."
            "\n\nPhát biểu tại hội nghị đồng chí Nguyễn Tư Khánh – Phó Bí thư Thường trực"
            " Thành ủy, khẳng định việc rà soát.\n")
    _, meta = _read(reader, tmp_path, text)
    assert [(p.name, p.position, p.role) for p in meta["mentions"]] == [
        ("Nguyễn Tư Khánh", "Phó Bí thư Thường trực Thành ủy", ROLE_CHAIR),
        ("Lê Anh Xuân", "Tỉnh ủy viên, Phó Bí thư Thành ủy, Chủ tịch UBND thành phố",
         ROLE_ATTENDEE),
    ]


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: [unclosed\n---\nBody\n", 2, "YAML không hợp lệ"),
    ("---\ntitle: T\ndate: 2019-13-45\n---\n", 3, "không đọc được ngày"),
    ("---\ntitle: T\n", 1, "chưa đóng"),
    ("Title: T\nDate: 2019-01-01\nTerms: 2020-2015\n\nx", 3, "không phải một nhiệm kỳ"),
    ("Title: T\nTitle: U\n\nx", 2, "được ghi hai lần"),
    ("---\ntitle: T\nattendees: [{name: Lê Anh Xuân, rank: 1}]\n---\n", 3, "khóa lạ"),
    ("---\ntitle: {a: 1}\n---\n", 2, "phải là một dòng chữ"),
    ("Title: T\nAttendees: Xuân – Chủ tịch\n\nx", 2, "không phải họ tên đầy đủ"),
    ("Title: T\nAttendees: Lê Anh Xuân – Chủ tịch, Trần Văn Bình – Phó\n\nx", 2,
     "ngăn cách mỗi người bằng dấu ';'"),
    ("---\ntitle: T\nevent: {kind: Hội nghị, when: x}\n---\n", 3, "khóa lạ 'when'"),
])
def test_bad_headers_name_file_and_line(reader, tmp_path, text, line, words) -> None:
    with pytest.raises(ContentError) as error:
        _read(reader, tmp_path, text)
    assert str(error.value).startswith(f"r.md:{line}: ") or f"/r.md:{line}: " in str(error.value)
    assert words in error.value.message


def test_non_utf8_names_the_line(reader, tmp_path) -> None:
    with pytest.raises(ContentError) as error:
        _read(reader, tmp_path, "Title: T\nDate: 2019-01-01\n\nx".encode() + b"\n\xff\xfe bad\n")
    assert error.value.line == 5 and "UTF-8" in error.value.message


def test_script_in_metadata_is_escaped(tmp_path) -> None:
    evil = "<script>alert(1)</script>"
    write_report(tmp_path / "c", "x.md", f"""---
title: "Tin {evil}"
date: 2020-05-05 10:00
author: "Lê {evil}"
category: "Mục {evil}"
tags: ["thẻ {evil}"]
event: {{kind: "Hội nghị {evil}", name: "Sự kiện {evil}", organizer: "Ban {evil}", place: "P {evil}"}}
chair: [{{name: Nguyễn Tư Khánh, position: "Chức {evil}"}}]
bodies: ["các ban {evil}"]
---

Nội dung.
""")
    built = build(tmp_path / "c", tmp_path / "out")
    pages = built.html_pages()
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
    text = built.file("/tin-tuc/2020/05/tin-script-alert-1-script/").read_text(encoding="utf-8")
    # title (twice), author, category, tag, event name/kind/organizer/place, position, bodies
    assert text.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 11


@pytest.mark.parametrize("text", ["2019-03-14 15:22", "2019-03-14", "2019-03-14T08:05:09",
                                  " 2020-02-29 23:59:59 ", "2019-02-29 10:00", "2019-13-45",
                                  "2019-03-14 15:22+08:00"])
def test_iso_dates_read_as_pelican_reads_them(reader, tmp_path, text) -> None:
    """ISO dates give what Pelican's own reading gives (its type, the site's
    time zone unless an offset is written), and impossible ones are refused."""
    from pelican.utils import get_date, set_date_tzinfo

    path = write_report(tmp_path, "x.md", f"Title: X\nDate: {text}\n\nNội dung.\n")
    try:
        expected = set_date_tzinfo(get_date(text.strip()), "Asia/Ho_Chi_Minh")
    except ValueError:
        with pytest.raises(ContentError, match="không đọc được ngày"):
            reader.parse(str(path))
        return
    date = reader.parse(str(path))[1]["date"]
    assert (date, date.utcoffset(), type(date)) == (expected, expected.utcoffset(),
                                                    type(expected))


@pytest.mark.parametrize("text, expected", [
    ("05/03/2019", "2019-03-05T00:00:00+07:00"),  # dateutil would say 3 May
    ("5/3/2019 15:22", "2019-03-05T15:22:00+07:00"),
    ("01/12/2026", "2026-12-01T00:00:00+07:00"),
    ("14.03.2019 08:05", "2019-03-14T08:05:00+07:00"),
    ("15:22 14/03/2019", "2019-03-14T15:22:00+07:00"),
    ("14/03/2019 15h22", "2019-03-14T15:22:00+07:00"),
])
def test_dates_are_read_day_first(reader, tmp_path, text, expected) -> None:
    path = write_report(tmp_path, "x.md", f"Title: X\nDate: {text}\n\nNội dung.\n")
    assert reader.parse(str(path))[1]["date"].isoformat() == expected


@pytest.mark.parametrize("text, words", [
    ("31/02/2019", "đọc là ngày 31 tháng 2 năm 2019 nhưng tháng 2 năm 2019 không có ngày 31"),
    ("03/25/2019", "không có tháng 25; ngày viết trước tháng: 25/03/2019"),
    ("March 14, 2019", "không phải một ngày"),
    ("2019/03/14", "không phải một ngày"),
    ("14/03/2019 24:10", "24:10 không phải giờ trong ngày"),
])
def test_month_first_and_impossible_dates_are_refused_in_words(reader, tmp_path, text,
                                                               words) -> None:
    path = write_report(tmp_path, "x.md", f"Title: X\nDate: {text}\n\nNội dung.\n")
    with pytest.raises(ContentError) as error:
        reader.parse(str(path))
    assert error.value.line == 2 and words in error.value.message
    assert "ngày/tháng/năm" in error.value.message
