"""Column classes from the keyword table of rules.md, exclusions, meta and override."""

from __future__ import annotations

import pytest

from rules.categories import classify


@pytest.mark.parametrize(("name", "expected"), [
    ("工作动态", "dynamic"), ("部门动态", "dynamic"), ("本地要闻", "dynamic"), ("图片新闻", "dynamic"),
    ("今日清河", "dynamic"), ("聚焦两会", "dynamic"), ("工作进展", "dynamic"),
    ("专题专栏", "none"), ("扫黑除恶专题", "none"), ("视频新闻", "none"), ("工作动态专栏", "none"),
    ("通知公告", "notice"), ("公示公告", "notice"), ("通告", "notice"),
    ("政策文件", "policy"), ("规范性文件", "policy"), ("政策解读", "policy"), ("政府令", "policy"),
    ("人事信息", "personnel"), ("人事任免", "personnel"), ("任前公示", "personnel"), ("招聘公告", "personnel"),
    ("规划计划", "planning"), ("工作要点", "planning"), ("计划生育", "none"), ("人口和计划生育", "none"),
    ("财政预决算", "budget"), ("部门预算", "budget"), ("三公经费", "budget"),
    ("政府信息公开年报", "annual"), ("政府信息公开工作年度报告", "annual"),
    ("政府信息公开指南", "none"), ("政府信息公开制度", "none"), ("政府信息公开制度文件", "none"),
    ("机构职能", "none"), ("领导信息", "none"), ("法定主动公开内容", "none"), ("统计数据", "none"),
    (" 通知 公告 ", "notice"),
])
def test_name_table(name: str, expected: str) -> None:
    assert classify(name) == expected


def test_meta_is_a_second_signal() -> None:
    assert classify("第一栏", {"ColumnName": "工作动态"}) == "dynamic"
    assert classify("第一栏", {"ColumnType": "通知公告"}) == "notice"
    assert classify("政策文件", {"ColumnName": "工作动态"}) == "policy"  # the name wins
    assert classify("第一栏", {"ColumnName": "其他"}) == "none"


def test_override_is_the_last_word() -> None:
    assert classify("工作动态", {"ColumnName": "工作动态"}, override="none") == "none"
    assert classify("专题专栏", None, "dynamic") == "dynamic"
