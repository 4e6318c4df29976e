"""Date recognition: every form on Chinese portals, times, year-less dates, impossible and future dates."""

from datetime import date

import pytest

from crawler.extract.dates import _DATE_RE, _date_matches, date_at_start, date_from_url, find_dates, fold, parse_date

AS_OF = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected", "time"),
    [
        ("2026-11-18", date(2026, 11, 18), None),
        ("2026/11/18", date(2026, 11, 18), None),
        ("2026.11.18", date(2026, 11, 18), None),
        ("2026年11月18日", date(2026, 11, 18), None),
        ("2026年1月8日", date(2026, 1, 8), None),
        ("2026-1-8", date(2026, 1, 8), None),
        ("发布时间：2026-11-18 10:08", date(2026, 11, 18), "10:08"),
        ("2026-11-18 10:08:36", date(2026, 11, 18), "10:08"),
        ("2026-11-18 10∶08", date(2026, 11, 18), "10:08"),
        ("2026-11-18 10：08", date(2026, 11, 18), "10:08"),
        ("２０２６－１１－１８", date(2026, 11, 18), None),
        ("２０２６年１１月１８日　９：０５", date(2026, 11, 18), "09:05"),
        ("[2026-11-18]", date(2026, 11, 18), None),
        ("(2026-11-18)", date(2026, 11, 18), None),
        ("【2026-11-18】", date(2026, 11, 18), None),
        ("2026-11-18&nbsp;10:08", date(2026, 11, 18), "10:08"),
        ("2026-11-18\u00a010:08", date(2026, 11, 18), "10:08"),
        ("2023-11-30  14:52", date(2023, 11, 30), "14:52"),
        ("2026-11-18T10:08", date(2026, 11, 18), "10:08"),
        ("2026-11-18T10:08:36+08:00", date(2026, 11, 18), "10:08"),
        ("2024.09.30 09:24:36 GMT+08:00", date(2024, 9, 30), "09:24"),
        ("2024-10-21 12:51:44_194", date(2024, 10, 21), "12:51"),
        ("2020年02月18日 09:15", date(2020, 2, 18), "09:15"),
        ("1949-10-01", date(1949, 10, 1), None),
    ],
)
def test_forms(text, expected, time):
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.value, parsed.time, parsed.status, parsed.yearless) == (expected, time, "ok", False)


def test_raw_is_the_matched_original_text():
    assert parse_date("发布日期：２０２６－１１－１８ 来源：本站").raw == "２０２６－１１－１８"
    assert parse_date("时间：2026-11-18 10:08 浏览").raw == "2026-11-18 10:08"


def test_time_needs_a_plausible_clock():
    assert parse_date("2026-11-18 25:61").time is None
    assert parse_date("2026-11-18 10").time is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "无日期",
        "联系电话：0311-12345678",
        "电话 010-65123456",
        "索引号：000014348/2020-35147",
        "版本 v1.2.3",
        "版本号 3.10.12",
        "Copyright © 2020 版权所有",
        "2020",
        "1800-01-01",
        "2200-01-01",
        "1-10月德清县固定资产投资",
        "编号 20261118",
        "IP 192.168.10.18",
    ],
)
def test_not_dates(text):
    assert parse_date(text) is None
    assert parse_date(text, AS_OF) is None


@pytest.mark.parametrize("text", ["2026-13-45", "2026-02-30", "2026年2月30日", "2026/04/31"])
def test_impossible_dates_are_recognised_as_invalid(text):
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.value, parsed.status, parsed.raw) == (None, "invalid", text)


def test_future_only_with_as_of():
    assert parse_date("2026-12-01").status == "ok"
    future = parse_date("2026-12-01", AS_OF)
    assert (future.value, future.status) == (date(2026, 12, 1), "future")
    assert parse_date("2026-11-20", AS_OF).status == "ok"


def test_yearless_needs_as_of():
    assert parse_date("11-18") is None
    assert parse_date("[11-18]") is None
    assert parse_date("11月18日") is None


@pytest.mark.parametrize("text", ["11-18", "[11-18]", "11月18日", "１１－１８"])
def test_yearless_resolved_to_latest_year_not_after_as_of(text):
    parsed = parse_date(text, AS_OF)
    assert (parsed.value, parsed.yearless, parsed.status) == (date(2026, 11, 18), True, "ok")


def test_yearless_at_year_boundary():
    jan = date(2027, 1, 3)
    assert parse_date("12-30", jan).value == date(2026, 12, 30)
    assert parse_date("01-02", jan).value == date(2027, 1, 2)
    assert parse_date("01-04", jan).value == date(2026, 1, 4)
    assert parse_date("12月31日", date(2026, 12, 31)).value == date(2026, 12, 31)


def test_yearless_leap_day_and_impossible():
    assert parse_date("02-29", date(2026, 11, 20)).value == date(2024, 2, 29)
    impossible = parse_date("2月30日", AS_OF)
    assert (impossible.value, impossible.status, impossible.yearless) == (None, "invalid", True)


def test_yearless_does_not_read_ranges_or_full_dates():
    assert parse_date("13-45", AS_OF) is None
    assert parse_date("2026-11-18", AS_OF).yearless is False
    assert parse_date("第3-4节", AS_OF) is None
    assert parse_date("11-18-2026", AS_OF) is None


def test_find_dates_in_order():
    text = "发布时间：2026-11-18 10:08 生成日期：2026年11月19日 更正：2026-02-30 [11-15]"
    found = find_dates(text, AS_OF)
    assert [d.value for d in found] == [date(2026, 11, 18), date(2026, 11, 19), None, date(2026, 11, 15)]
    assert [d.status for d in found] == ["ok", "ok", "invalid", "ok"]
    assert len(find_dates(text)) == 3  # the year-less one needs as_of


def test_date_at_start():
    assert date_at_start("  2026-11-18 来源").value == date(2026, 11, 18)
    assert date_at_start("［2026-11-18］").value == date(2026, 11, 18)
    assert date_at_start("来源 2026-11-18") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://a.gov.cn/zwgk/202611/t20261118_123.html", date(2026, 11, 18)),
        ("http://a.gov.cn/zwgk/202212/t20221212_6566667.shtml", date(2022, 12, 12)),
        ("http://a.gov.cn/art/2026/11/18/art_1621004_30332664.html", date(2026, 11, 18)),
        ("http://a.gov.cn/art/2026/1/8/art_1_2.html", date(2026, 1, 8)),
        ("http://a.gov.cn/news/2026-11/18/c_1.htm", date(2026, 11, 18)),
        ("http://a.gov.cn/news/20261118/a.html", date(2026, 11, 18)),
        ("http://a.gov.cn/xwdt/art/2020/art_14730801a8ae49e99b132c83575b7810.html", None),
        ("http://a.gov.cn/109/171/174/content_1335045.html", None),
        ("http://a.gov.cn/zwgk/202611/t20261345_1.html", None),
        ("http://a.gov.cn/zwgk/202611/", None),
        ("http://a.gov.cn/a.html?d=20261118", None),
        ("", None),
    ],
)
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected


def test_folding_changes_only_its_characters_one_for_one() -> None:
    text = "发布日期：２０２６－１１／１８\u3000１０∶３０【清河】\u00a0a\u2014b\u2212c^\\"
    assert fold(text) == "发布日期:2026-11/18 10:30[清河] a-b-c^\\"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize("text", [
    "2026-11-18", "12026-11-18 2026-11-18", "2026/11/18 10:30 发布", "v1.2026-11-18", "20261118", "11-18",
    "第3期 2026年11月18日 13时44分", "12-25 12-2 1-1", "2026.1.1.1 2026.1.1", "tel 0531-12345678 2026-1-5",
    "2026-11-18 2026-11-19 2026年11月20日", "１２３４年 2026年13月40日", "3月5日 03-05 2026-03-05", "",
])
def test_dates_are_found_where_the_pattern_finds_them(text: str) -> None:
    """Dates are looked for only where a run of digits starts: the same dates as a scan of every character."""
    folded = fold(text)
    assert [(m.start(), m.end(), m.groupdict()) for m in _date_matches(folded)] == \
        [(m.start(), m.end(), m.groupdict()) for m in _DATE_RE.finditer(folded)]
