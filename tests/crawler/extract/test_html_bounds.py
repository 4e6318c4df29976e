"""A parsed page keeps at most ``MAX_ELEMENTS`` nodes; a page below it is kept whole."""

from __future__ import annotations

from crawler.extract.html import MAX_ELEMENTS, parse_html


def _nodes(root) -> int:
    return sum(1 for _ in root.iter())


def test_a_page_of_too_many_nodes_is_cut_at_the_limit() -> None:
    # 6,004 elements and 9,004 nodes: the comments make it too many
    rows = "".join(f"<li><!-- 第{i}行 --><a href='/a/{i}.html'>条目{i}</a></li>" for i in range(3_000))
    root = parse_html(f"<html><body><ul>{rows}</ul><p id='after'>页脚</p></body></html>")
    assert _nodes(root) == MAX_ELEMENTS + 1  # the node at the limit stays, without its children
    assert root.find(".//p") is None  # what came after the limit is gone


def test_comments_count_toward_the_limit_and_a_page_below_it_is_whole() -> None:
    rows = "".join(f"<li><!-- 第{i}行 --><a href='/a/{i}.html'>条目{i}</a></li>" for i in range(2_600))
    root = parse_html(f"<!-- 页头 --><html><body><ul>{rows}</ul><p id='after'>页脚</p></body></html>")
    assert _nodes(root) == 3 + 3 * 2_600 + 1  # html, body, ul; li, comment, a per row; p
    assert root.find(".//p").text == "页脚"
