"""Content review (issue 21): personal data published unmasked, and serious wording errors. Review-only: the
crawl stores candidates for a person (`patrol review`); only those a person confirmed become findings here,
so nothing found automatically changes a score."""

from __future__ import annotations

from collections.abc import Iterator

from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

INDICATOR_PERSONAL = ("《政府信息公开条例》第十五条（涉及个人隐私的政府信息不得公开）；《个人信息保护法》第二十五条、"
                      "第三十四条；《国务院办公厅关于印发政府网站发展指引的通知》（国办发〔2017〕47号）"
                      "信息安全与个人信息保护")
INDICATOR_WORDING = "《政府网站与政务新媒体检查指标》（国办函〔2019〕19号）单项否决：严重表述错误"


@rule(
    "personal-data-exposed",
    title="公开内容含未去标识化的个人信息（经人工核实）",
    indicator=INDICATOR_PERSONAL,
    severity="veto",
    params={},
    doc="""
检查内容：巡查读取信息页面正文及其附件（xls、xlsx、et、doc、docx、wps、pdf），查找未经模糊处理的身份证号（校验码与
出生日期有效）、手机号、银行卡号（Luhn 校验、发卡行前缀并有“卡号”“账号”等上下文）、乡镇/街道以下的详细住址（住址类
表头下）及病种、健康状况、残疾类别等敏感栏目。每张表或每个页面记一条候选，证据只保存脱敏样例（如
`110105********002X`）。候选列在通报的“待核实”部分，由人工用 `patrol review confirm` 确认后才成为本问题并计入评分，
`patrol review dismiss` 排除的误报在文字不变时不再出现。扫描件、乱码 PDF 等无法读取的附件列为“需人工查看”，不视为合格。
依据：《政府信息公开条例》第十五条，《个人信息保护法》，国办关于政府网站个人信息保护的要求（C）；作为否决项为假定（M）。
不合格示例：附件“2026年低保名单.xls”第1张表 132 行含 姓名+身份证号（未去标识化），经人工确认。
合格示例：名单中的身份证号显示为 `110105********002X`，手机号显示为 `138****1234`。
""",
)
def check_personal(ctx: Context) -> Iterator[Finding]:
    for c in ctx.site.confirmed:
        if c["kind"] == "personal-data":
            yield ctx.finding(f"{c['summary']}，已经人工核实", url=c["url"], location=c["location"],
                              sample=c["sample"], candidate=c["id"], reason=c["reason"])


@rule(
    "wording-suspect",
    title="严重表述错误（经人工核实）",
    indicator=INDICATOR_WORDING,
    severity="veto",
    params={},
    doc="""
检查内容：巡查读取信息页面正文及其附件，按词表查找国家、机构名称等的已知错误写法（如“中华人民共合国”“攻府”），
并给出规范表述。文字先做全半角统一，去掉 PDF 提取产生的字间空格；引号（「」“”""）内的短语不报告；各站点可设允许
短语。词表随程序提供，办公室可在 `[review] words = "words.toml"` 指定的文件中增补错误写法、规范表述与各站点允许短语
（领导姓名等名单由办公室维护，不随程序提供）。候选列在通报的“待核实”部分，经人工确认后才成为本问题。
依据：《政府网站与政务新媒体检查指标》（国办函〔2019〕19号）将严重表述错误列为单项否决（C）。
不合格示例：正文“认真贯彻中华人民共合国政府信息公开条例”，经人工确认。
合格示例：“个别网站将国名误写为“中华人民共合国”，现予纠正。”（引号内，不报告）
""",
)
def check_wording(ctx: Context) -> Iterator[Finding]:
    for c in ctx.site.confirmed:
        if c["kind"] == "wording":
            yield ctx.finding(f"{c['summary']}，已经人工核实", url=c["url"], location=c["location"],
                              sample=c["sample"], candidate=c["id"], reason=c["reason"])
