"""interpretation-unlinked end to end: a 政策解读 column of a fixture portal on 127.0.0.1, its interpretations'
links to their 政策文件 and the links back."""

from __future__ import annotations

import indicator_portals as ip
import shaped_portals as sp
from helpers import AS_OF, run_cli


def test_interpretations_without_a_document_or_a_link_back_are_listed() -> None:
    log: list[str] = []
    with sp.serve(ip.indicator_pages(AS_OF, readings=True), log) as base:
        (out,) = run_cli("check", base, "--as-of", AS_OF.isoformat(), "--json").json_lines()
    found = sorted((f["evidence"]["title"], f["evidence"]["links_back"], f["evidence"]["policy"])
                   for f in out["findings"] if f["rule"] == "interpretation-unlinked")
    assert found == [("《清河市广告设置管理规定》解读", False, f"{base}zwgk/zcwj/gd2.html"),
                     ("图解：今年市场监管工作要点", None, None)]
    assert any("/zwgk/zcwj/bf1.html" in line for line in log)  # the linked-back one was read and passes
    messages = [f["message"] for f in out["findings"] if f["rule"] == "interpretation-unlinked"]
    assert "政策文件“清河市广告设置管理规定”未链接其政策解读“《清河市广告设置管理规定》解读”" in messages
