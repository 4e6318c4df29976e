"""content-item-missing per site kind: 第二十条 for governments and (the applicable items) departments, 第二十一条
for city and county governments only."""

from __future__ import annotations

from dataclasses import replace

from indicators_fixtures import ITEMS, cataloged
from rules_fixtures import AS_OF

from rules.content import ARTICLE_20, ARTICLE_21, city_or_county
from rules.engine import evaluate


def _absent(site) -> list[str]:
    found = [f for f in evaluate(site, AS_OF).findings if f.rule == "content-item-missing"]
    return [i["item"] for f in found for i in f.evidence["items"]]


def test_a_county_government_owes_both_articles_a_town_only_article_twenty() -> None:
    site = cataloged(*ITEMS)  # the four items, and 人事信息 (公务员招考)
    carried = ("规范性文件", "机构职能", "规划计划", "财政预决算", "公务员招考")
    county = replace(site, kind="government", title="清河县人民政府")
    assert _absent(county) == [i for i in ARTICLE_20 if i not in carried] + ARTICLE_21
    town = replace(site, kind="government", title="清河县柳镇人民政府")
    assert _absent(town) == [i for i in ARTICLE_20 if i not in carried]
    assert _absent(site) == []  # a department: the four items it carries


def test_city_or_county_by_name() -> None:
    assert city_or_county("清河市人民政府") and city_or_county("清河县人民政府门户网站")
    assert not city_or_county("清河省人民政府") and not city_or_county("清河县柳镇人民政府")
    assert not city_or_county("清河市人民政府办公室") and not city_or_county(None)


def test_no_verdict_without_a_catalog() -> None:
    assert _absent(replace(cataloged(), catalog=None)) == []
    assert _absent(replace(cataloged(), catalog={"url": None, "source": "home"})) == []
