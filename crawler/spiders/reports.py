"""The spider's part for the annual report's contents: the newest 年度报告 listed, read once the walk is done.

Bounded: one report page per site and run, and at most one attachment (PDF/DOCX) of at most
``REPORT_MAX_BYTES``. What is read goes to ``facts["annual_report"]`` (``rules.annual_format`` judges it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from scrapy.http import Response

from crawler.extract.annual_report import UNREADABLE, ReportText, attachment_kind, read_attachment, read_html
from crawler.extract.entry import ListEntry
from crawler.failures import failed_request
from crawler.items import SiteFactItem
from rules.annual import report_year

REPORT_MAX_BYTES = 8 * 1024 * 1024  # an attachment larger than this is not read (unreadable, needs a person)
FACT = "annual_report"


class ReportsSpiderMixin:
    """Mixed into ``PortalSpider`` (through ``IndicatorsSpiderMixin``): uses its ``walks`` and ``_request``."""

    walks: dict[str, Any]

    def note_reports(self, site: str, entries: list[ListEntry]) -> None:
        """Keep the newest annual report among listed entries: the highest year, then the latest date (then the
        address, so that the order lists are read in never decides)."""
        newest: dict[str, tuple[int, date, str, str]] = self.__dict__.setdefault("newest_reports", {})
        for e in entries:
            year = report_year(e.title)
            if year is None:
                continue
            key = (year, e.date or date.min, e.url, e.title)
            if site not in newest or key[:3] > newest[site][:3]:
                newest[site] = key

    def report_requests(self) -> list[Any]:
        """The newest report of each site not read yet (sent when the crawl is idle: every list walked)."""
        newest = self.__dict__.get("newest_reports") or {}
        sent: set[str] = self.__dict__.setdefault("reports_sent", set())
        requests = []
        for site, (year, _, url, title) in newest.items():
            if site in sent:
                continue
            sent.add(site)
            walk = self.walks[site]
            requests.append(self._request(url, self.parse_report, walk.site, self.report_failed,  # type: ignore[attr-defined]
                                          report={"url": url, "list_title": title, "year": year},
                                          download_maxsize=REPORT_MAX_BYTES))
        return requests

    def parse_report(self, response: Response) -> Iterator[Any]:
        """The report page: its text and tables, or its attachment to read next."""
        meta = response.meta["report"]
        if response.status >= 400 or not response.body:  # a broken link: the link rules report it
            return
        kind = attachment_kind(response.url, (response.headers.get(b"Content-Type") or b"").decode("latin-1"))
        if kind:
            yield self._report_item(response.meta["site"], meta, read_attachment(response.body, kind,
                                                                                 meta["list_title"]))
            return
        walk = self.walks[response.meta["site"]]
        page = self._read(response, walk.site)  # type: ignore[attr-defined]
        report, attachment = read_html(page.root, response.url)
        report.title = page.article.title or report.title or meta["list_title"]
        if attachment and not response.meta.get("attachment_of"):
            yield self._request(attachment, self.parse_report, walk.site, self.report_failed,  # type: ignore[attr-defined]
                                report={**meta, "list_title": report.title}, attachment_of=response.url,
                                download_maxsize=REPORT_MAX_BYTES)
            return
        yield self._report_item(walk.site.name, meta, report)

    def report_failed(self, failure: Any) -> Iterator[Any]:
        """An attachment that did not download (too large, refused, no answer): unreadable. A report page that
        did not open is left to the link rules."""
        request = failed_request(failure)
        if not request.meta.get("attachment_of"):
            return
        meta = request.meta["report"]
        problem = f"报告附件未能下载（{failure.value}）"
        yield self._report_item(request.meta["site"], meta,
                                ReportText("html", meta["list_title"], [], False, f"{problem}，{UNREADABLE}"))

    def _report_item(self, site: str, meta: dict[str, Any], report: ReportText) -> SiteFactItem:
        return SiteFactItem(site=site, key=FACT, value={**report.as_json(), "url": meta["url"],
                                                        "year": meta["year"]})
