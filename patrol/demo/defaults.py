"""The bundled demo set: six fictional 清河市 units in the CMS styles, with a known mix of problems.

- qinghe  清河市人民政府 (TRS WCM, government): compliant, a 47-entry column over 3 pages, migration meta.
- fgw     清河市发展和改革委员会 (Hanweb JCMS, department): a 120-record column, a stale 规划计划.
- jyj     清河市教育局 (GBK table CMS, department): odd and impossible dates, a broken link, a future
          date, list/article date mismatch, an article dated only in its byline (its PubDate is the page's
          generation time), one dated only in a meta tag, charset declared by meta, by HTTP header only,
          or not at all, a late annual report, a catalog the home page does not link to.
- liuzhen 清河县柳镇人民政府 (plain ul/li, government): a lagging unit — stale and blank columns, no
          年报 column, year-less home dates, footer without 网站标识码 and 公安备案, no 领导信箱 or search box
          (the 互动回应差 veto); EmpireCMS paging
          (index.html, index_2.html …) and a column root that is a redirect stub (跳转页).
- czj     清河市财政局 (TRS WCM, department): everything fresh, so the demo shows a pass; its home page
          redirects to /index.html and its catalog links columns without the trailing slash (301 adds it);
          its lists read as
          real TRS ones do: the stock `var countPage = N//共多少页` pager with createPageHTML in an external
          script, pinned (置顶) rows with older dates, a year-less (`03-25`) list whose year is in the URL.
- lyj     清河市林业局 (TRS behind a gateway home page, department): everything fresh, but the home page
          reaches the catalog only through a script-written nav, a redirect stub, an image-only entry
          and a 政务公开 landing page (see ``render_gateway``).
"""

from __future__ import annotations

from patrol.demo.spec import ColumnSpec, EntrySpec, SiteSpec

PLACES = ("城东街道", "城西街道", "柳镇", "河口镇", "高新区", "经开区", "清河县", "北湖新区")
ACTIONS = ("召开", "开展", "部署", "推进", "组织", "举办", "完成", "启动")
TOPICS = ("安全生产专项整治工作会议", "优化营商环境专项行动", "秋冬季森林防火工作", "民生实事项目建设",
          "基层治理能力提升培训", "河湖长制巡查", "文明城市创建工作", "重点项目集中开工",
          "农村人居环境整治", "为民办实事调研", "消防安全大检查", "防汛抗旱应急演练")


def titles(prefix: str, n: int, offset: int = 0, suffix: str = "") -> list[str]:
    """n distinct, stable news titles."""
    out = []
    for i in range(offset, offset + n):
        place = PLACES[i % len(PLACES)]
        action = ACTIONS[(i // len(PLACES)) % len(ACTIONS)]
        topic = TOPICS[(i * 5) % len(TOPICS)]
        out.append(f"{prefix}{place}{action}{topic}{suffix}")
    return out


def series(names: list[str], first_age: int, step: int = 3, **kw) -> list[EntrySpec]:
    """Entries newest first: ages first_age, first_age+step, …"""
    return [EntrySpec(t, first_age + i * step, **kw) for i, t in enumerate(names)]


def docs(unit: str, kind: str, n: int, first_age: int, step: int = 20) -> list[EntrySpec]:
    names = [f"{unit}关于印发{topic.replace('工作会议', '工作')}{kind}的通知" for topic in TOPICS]
    return series((names * (n // len(names) + 1))[:n], first_age, step)


def annual(unit: str, month_day: tuple[int, int], years: int = 3) -> list[EntrySpec]:
    return [EntrySpec(f"{unit}{{year}}年政府信息公开工作年度报告", annual=k, month_day=month_day)
            for k in range(1, years + 1)]


def guide(unit: str, age: int) -> ColumnSpec:
    return ColumnSpec("政府信息公开指南", "zn", "page", "none", page_age=age,
                      body=f"为便于公民、法人和其他组织获取{unit}政府信息，根据《中华人民共和国政府信息公开条例》，"
                           "编制本指南。本指南包括公开的主体和范围、公开方式、依申请公开程序等内容。")


def duty(unit: str, age: int) -> ColumnSpec:
    return ColumnSpec("机构职能", "jgzn", "page", "none", page_age=age,
                      body=f"{unit}主要职责：贯彻执行有关方针政策和法律法规，负责本领域的统筹规划和组织实施。")


def _qinghe() -> SiteSpec:
    unit = "清河市人民政府"
    gfx = docs("清河市人民政府办公室", "实施方案", 12, 35, 25)
    gfx[1] = EntrySpec(gfx[1].title, 60, meta_age=7)  # meta PubDate from a migration
    gfx[2] = EntrySpec(gfx[2].title, 85, decoy=True)
    gfx[3] = EntrySpec(gfx[3].title, 110, regenerated=True)  # PubDate is the page's generation time
    return SiteSpec(
        key="qinghe", name=unit, unit=unit, unit_email="zwgk@qinghe.example.org", kind="government",
        style="trs", domain="www.qinghe.gov.cn", site_id_code="3299000001", icp="苏ICP备05010001号-1",
        police="苏公网安备 32990202000101号",
        columns=(
            guide(unit, 200),
            ColumnSpec("政府信息公开制度", "zd", category="none",
                       entries=series(["清河市政府信息公开工作制度", "清河市政府信息公开保密审查制度",
                                       "清河市政府信息公开申请办理规程"], 400, 300)),
            ColumnSpec("法定主动公开内容", "fdzdgknr", "group", "none", children=(
                duty(unit, 90),
                ColumnSpec("规范性文件", "gfxwj", category="policy", entries=gfx),
                ColumnSpec("规划计划", "ghjh", category="planning", entries=docs(unit, "规划", 6, 100, 40)),
                ColumnSpec("财政预决算", "czyjs", category="budget",
                           entries=series([f"清河市{y}部门预决算公开" for y in
                                           ("市本级", "市发改委", "市教育局", "市财政局", "市水利局",
                                            "市民政局", "市司法局", "市统计局")], 200, 30)),
                ColumnSpec("人事信息", "rsxx", category="personnel",
                           entries=series([f"清河市人民政府关于{n}等同志职务任免的通知" for n in
                                           ("张明", "李强", "王芳", "赵磊", "陈静")], 30, 45)),
                ColumnSpec("通知公告", "tzgg", category="notice",
                           entries=series(titles("关于", 20, 3, "的通知"), 3, 9)),
                ColumnSpec("工作动态", "gzdt", category="dynamic", on_home=True,
                           entries=series(titles("", 47), 1, 2, decoy=False)),
            )),
            ColumnSpec("政府信息公开年报", "nb", category="annual", entries=annual(unit, (3, 20))),
        ),
    )


def _fgw() -> SiteSpec:
    unit = "清河市发展和改革委员会"
    news = series(titles("市发改委", 120), 0, 3)
    news[4] = EntrySpec(news[4].title, 12, meta_age=3, decoy=True)
    return SiteSpec(
        key="fgw", name=unit, unit=unit, unit_email="fgw@qinghe.example.org", kind="department",
        style="hanweb", domain="fgw.qinghe.gov.cn", site_id_code="3299000012", icp="苏ICP备05010012号",
        police="苏公网安备 32990202000112号",
        columns=(
            guide(unit, 150),
            ColumnSpec("政府信息公开制度", "zd", category="none", per_page=15,
                       entries=series(["市发改委政府信息公开工作制度", "市发改委信息发布协调制度"], 300, 200)),
            ColumnSpec("法定主动公开内容", "fdzdgknr", "group", "none", children=(
                duty(unit, 120),
                ColumnSpec("政策文件", "zcwj", category="policy", per_page=15,
                           entries=docs(unit, "实施意见", 25, 20, 15)),
                ColumnSpec("规划计划", "ghjh", category="planning", per_page=15,
                           entries=docs(unit, "发展规划", 4, 400, 90)),
                ColumnSpec("通知公告", "tzgg", category="notice", per_page=15,
                           entries=series(titles("关于", 30, 5, "的通知"), 5, 6)),
                ColumnSpec("部门动态", "bmdt", category="dynamic", per_page=15, on_home=True, entries=news),
                ColumnSpec("财政预决算", "czyjs", category="budget", per_page=15,
                           entries=series([f"{unit}{y}年部门{k}" for y in ("本", "上") for k in ("预算", "决算",
                                                                                            "三公经费")],
                                          250, 60)),
            )),
            ColumnSpec("政府信息公开年报", "nb", category="annual", per_page=15, entries=annual(unit, (1, 20))),
        ),
    )


def _jyj_news() -> list[EntrySpec]:
    names = ["关于表彰王喆等优秀教师的通报", "李堃同学获全省中学生作文大赛一等奖"] + titles("市教育局", 29)
    forms = ("dot", "cn", "fullwidth", "bracket", "iso")
    news = [EntrySpec(t, 1 + i * 3, list_form=forms[i % len(forms)]) for i, t in enumerate(names)]
    news[2] = EntrySpec("市教育局召开秋季学期安全工作会议", 6, status=404)  # broken link
    news[3] = EntrySpec(news[3].title, 9, list_form="none")  # date only on the article page
    news[4] = EntrySpec(news[4].title, 14, list_age=12)  # list and article dates differ
    news[5] = EntrySpec(news[5].title, 17, list_form="none", date_form="byline", regenerated=True)
    news[6] = EntrySpec(news[6].title, 20, list_form="none", date_form="meta")  # date shown nowhere
    news[16] = EntrySpec(news[16].title, 50, list_raw="{Y}-13-45")  # impossible list date
    return news


def _jyj() -> SiteSpec:
    unit = "清河市教育局"
    notices = series(titles("关于", 18, 7, "的通知"), 4, 8)
    notices[0] = EntrySpec("关于举办全市中小学生运动会的预通知", -10)  # a date in the future
    return SiteSpec(
        key="jyj", name=unit, unit=unit, unit_email="jyj@qinghe.example.org", kind="department",
        style="table", encoding="gbk", domain="jyj.qinghe.gov.cn", site_id_code="3299000023",
        icp="苏ICP备05010023号", police="苏公网安备 32990202000123号", catalog_linked=False, validators=False,
        columns=(
            ColumnSpec("教育动态", "jydt", category="dynamic", per_page=15, on_home=True, entries=_jyj_news()),
            guide(unit, 300),
            ColumnSpec("政府信息公开制度", "zd", category="none", per_page=15,
                       entries=series(["市教育局政府信息公开工作制度", "市教育局依申请公开办理制度"], 500, 100)),
            ColumnSpec("法定主动公开内容", "fdzdgknr", "group", "none", children=(
                ColumnSpec("通知公告", "tzgg", category="notice", per_page=15, charset_decl="header",
                           entries=notices),
                ColumnSpec("政策文件", "zcwj", category="policy", per_page=15, charset_decl="none",
                           entries=docs(unit, "办法", 9, 60, 30)),
                ColumnSpec("人事信息", "rsxx", category="personnel", per_page=15,
                           entries=series([f"清河市教育局{y}年公开招聘教师公告" for y in "一二三四五六"], 45, 60)),
                ColumnSpec("财政预决算", "czyjs", category="budget", per_page=15,
                           entries=series(["清河市教育局部门预算", "清河市教育局部门决算",
                                           "清河市教育局三公经费说明", "清河市教育局预算绩效报告",
                                           "清河市教育局政府采购预算"], 230, 90)),
            )),
            ColumnSpec("政府信息公开年报", "nb", category="annual", per_page=15, entries=[
                EntrySpec(f"{unit}{{year}}年政府信息公开工作年度报告", annual=1, month_day=(2, 15)),
                EntrySpec(f"{unit}{{year}}年政府信息公开工作年度报告", annual=2, month_day=(1, 25)),
            ]),
        ),
    )


def _liuzhen() -> SiteSpec:
    unit = "清河县柳镇人民政府"
    work = series(titles("", 26, 11), 25, 6)
    work[5] = EntrySpec("柳镇召开村级集体经济发展座谈会", None, list_form="none")  # no date anywhere
    work[7] = EntrySpec(work[7].title, work[7].age, date_form="byline")
    return SiteSpec(
        key="liuzhen", name=unit, unit=unit, unit_email="liuzhen@qinghe.example.org", kind="government",
        style="plain", domain="lz.qinghe.gov.cn", site_id_code=None, icp="苏ICP备05010045号", police=None,
        home_md_dates=True, citizen=False,  # no 咨询建言 channel: the 互动回应差 veto
        columns=(
            guide(unit, 900),
            ColumnSpec("政府信息公开制度", "zd", category="none", per_page=10,
                       entries=series(["柳镇政府信息公开工作制度"], 800)),
            ColumnSpec("法定主动公开内容", "fdzdgknr", "group", "none", children=(
                duty(unit, 700),
                ColumnSpec("工作动态", "gzdt", category="dynamic", per_page=10, on_home=True, entries=work,
                           pager="empire"),
                ColumnSpec("镇村动态", "zcdt", category="dynamic", per_page=10, stub=True,
                           entries=series(titles("", 12, 30), 40, 9)),
                ColumnSpec("通知公告", "tzgg", category="notice", per_page=10,
                           entries=series(titles("关于", 15, 40, "的通知"), 220, 12)),
                ColumnSpec("公示公告", "gsgg", category="notice", per_page=10,
                           entries=series([f"柳镇{x}公示" for x in ("低保对象", "项目招标", "危房改造", "补贴发放",
                                                                   "五保对象", "用地审批", "征兵", "退役安置")],
                                          250, 20)),
                ColumnSpec("政策文件", "zcwj", category="policy", per_page=10, entries=docs(unit, "办法", 6, 300, 40)),
                ColumnSpec("规划计划", "ghjh", category="planning", per_page=10),
                ColumnSpec("人事信息", "rsxx", category="personnel", per_page=10),
                ColumnSpec("财政预决算", "czyjs", category="budget", per_page=10),
            )),
        ),
    )


def _czj() -> SiteSpec:
    unit = "清河市财政局"
    return SiteSpec(
        key="czj", name=unit, unit=unit, unit_email="czj@qinghe.example.org", kind="department",
        style="trs", domain="czj.qinghe.gov.cn", site_id_code="3299000034", icp="苏ICP备05010034号",
        police="苏公网安备 32990202000134号", home_redirect=True, slashless_links=True,
        columns=(
            guide(unit, 60),
            ColumnSpec("政府信息公开制度", "zd", category="none",
                       entries=series(["市财政局政府信息公开工作制度", "市财政局信息公开保密审查办法"], 100, 300)),
            ColumnSpec("法定主动公开内容", "fdzdgknr", "group", "none", children=(
                duty(unit, 45),
                ColumnSpec("财政动态", "czdt", category="dynamic", on_home=True, per_page=10, pager="countpage",
                           entries=series(titles("市财政局", 25, 17), 1, 2)),
                ColumnSpec("通知公告", "tzgg", category="notice", entries=[
                    EntrySpec("市财政局政府信息公开申请须知", 400, pinned=True),  # 置顶, older than the rest
                    EntrySpec("关于进一步规范财政票据管理的公告", 200, pinned=True),
                    *series(titles("关于", 10, 21, "的通知"), 8, 10)]),
                ColumnSpec("政策文件", "zcwj", category="policy",  # year-less list: the year is in the URL
                           entries=[EntrySpec(e.title, e.age, list_form="md")
                                    for e in docs(unit, "管理办法", 20, 20, 20)]),
                ColumnSpec("财政预决算", "czyjs", category="budget",
                           entries=series([f"清河市{y}预决算公开" for y in ("本级", "国库", "社保基金", "国资",
                                                                      "农业", "教育", "卫健", "交通")], 40, 20)),
                ColumnSpec("人事信息", "rsxx", category="personnel",
                           entries=series([f"市财政局{x}公示" for x in ("任前", "招聘", "录用", "转任")], 70, 60)),
                ColumnSpec("规划计划", "ghjh", category="planning", entries=docs(unit, "工作计划", 3, 120, 60)),
            )),
            ColumnSpec("政府信息公开年报", "nb", category="annual", entries=annual(unit, (1, 15))),
        ),
    )


def _lyj() -> SiteSpec:
    unit = "清河市林业局"
    return SiteSpec(
        key="lyj", name=unit, unit=unit, unit_email="lyj@qinghe.example.org", kind="department",
        style="gateway", domain="lyj.qinghe.gov.cn", site_id_code="3299000045", icp="苏ICP备05010045号-2",
        police="苏公网安备 32990202000145号",
        columns=(
            guide(unit, 120),
            ColumnSpec("政府信息公开制度", "zd", category="none",
                       entries=series(["市林业局政府信息公开工作制度", "市林业局信息发布审核制度"], 200, 150)),
            ColumnSpec("法定主动公开内容", "fdzdgknr", "group", "none", children=(
                duty(unit, 60),
                ColumnSpec("林业动态", "lydt", category="dynamic", on_home=True,
                           entries=series(titles("市林业局", 24, 9), 2, 3)),
                ColumnSpec("通知公告", "tzgg", category="notice",
                           entries=series(titles("关于", 8, 13, "的通知"), 12, 15)),
                ColumnSpec("政策文件", "zcwj", category="policy", entries=docs(unit, "实施细则", 6, 30, 30)),
                ColumnSpec("规划计划", "ghjh", category="planning", entries=docs(unit, "造林绿化规划", 3, 90, 60)),
            )),
            ColumnSpec("政府信息公开年报", "nb", category="annual", entries=annual(unit, (1, 18))),
        ),
    )


DEFAULT_SITES: list[SiteSpec] = [_qinghe(), _fgw(), _jyj(), _liuzhen(), _czj(), _lyj()]
