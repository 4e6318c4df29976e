"""Deterministic bulk sites for the benchmark: many units, every style, entries generated on demand."""

from __future__ import annotations

import random
import zlib
from collections.abc import Sequence
from typing import overload

from patrol.demo.defaults import ACTIONS, PLACES, TOPICS, annual
from patrol.demo.spec import PAGERS, STYLES, ColumnSpec, EntrySpec, SiteSpec

AREAS = ("清河市", "清河县", "柳河县", "北湖区", "南岭县", "东川市", "西平县", "临江区", "白石县", "青山区")
OFFICES = ("人民政府", "发展和改革局", "教育局", "财政局", "民政局", "司法局", "水利局", "农业农村局",
           "卫生健康委员会", "交通运输局", "生态环境局", "市场监督管理局", "统计局", "应急管理局", "自然资源局",
           "住房和城乡建设局", "文化广电和旅游局", "人力资源和社会保障局", "审计局", "退役军人事务局")
COLUMNS = (("工作动态", "dynamic"), ("通知公告", "notice"), ("政策文件", "policy"), ("人事信息", "personnel"),
           ("规划计划", "planning"), ("财政预决算", "budget"), ("规范性文件", "policy"), ("公示公告", "notice"),
           ("部门动态", "dynamic"), ("政策解读", "policy"), ("行政许可", "none"), ("行政处罚", "none"),
           ("统计信息", "none"), ("应急管理", "none"), ("政府采购", "none"), ("重大建设项目", "none"),
           ("社会救助", "none"), ("公共服务", "none"), ("建议提案办理", "none"), ("权责清单", "none"))
AGES = (0, 1, 2, 3, 5, 8, 12, 20, 35, 60, 120, 200, 400)


class SyntheticEntries(Sequence[EntrySpec]):
    """A column's entries, made on access from (seed, n): nothing is stored."""

    def __init__(self, seed: str, n: int, first_age: int, step: int, list_form: str = "iso") -> None:
        self.base, self.n, self.first_age, self.step = zlib.crc32(seed.encode()), n, first_age, step
        self.list_form = list_form

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, i: int) -> EntrySpec: ...
    @overload
    def __getitem__(self, i: slice) -> list[EntrySpec]: ...

    def __getitem__(self, i: int | slice) -> EntrySpec | list[EntrySpec]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.n))]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        k = self.base + i
        title = f"{PLACES[k % 8]}{ACTIONS[(k // 8) % 8]}{TOPICS[(k * 7) % len(TOPICS)]}（{i + 1}）"
        return EntrySpec(title, self.first_age + i * self.step, list_form=self.list_form)


def _column(seed: str, j: int, entries: int, per_page: int, style: str = "") -> ColumnSpec:
    rng = random.Random(f"{seed}:{j}")
    name, category = COLUMNS[j % len(COLUMNS)]
    if j >= len(COLUMNS):
        name = f"{name}{j // len(COLUMNS) + 1}"
    first = 0 if j == 0 else rng.choice(AGES)
    step = rng.randint(1, 9)
    forms = random.Random(f"{seed}:{j}:forms")  # list forms drawn apart, so the ages above stay put
    pager = forms.choice(PAGERS)  # each style reads only its own pager forms
    # year-less list dates where the entry URL carries the year (TRS t-dates, Hanweb /art/Y/M/D/)
    md = style in ("trs", "hanweb") and forms.random() < 0.3
    return ColumnSpec(name, f"lm{j:03d}", category=category, on_home=(j == 0), per_page=per_page, pager=pager,
                      entries=SyntheticEntries(f"{seed}:{j}", entries, first, step, "md" if md else "iso"))


def make_bulk_sites(n_sites: int, columns_per_site: int, entries_per_column: int, seed: int = 0) -> list[SiteSpec]:
    """``n_sites`` deterministic sites cycling through every style (table ones GBK-encoded).

    Each site has ``columns_per_site`` list columns under 法定主动公开内容 plus a small 年报 column;
    articles are rendered on request from the spec, so a large corpus costs little memory.
    """
    sites = []
    for i in range(n_sites):
        style = STYLES[i % len(STYLES)]
        area, office = AREAS[(i // len(OFFICES)) % len(AREAS)], OFFICES[i % len(OFFICES)]
        name = area + office + (f"（{i // (len(AREAS) * len(OFFICES)) + 1}）" if i >= len(AREAS) * len(OFFICES)
                                else "")
        per_page = 15 if style in ("hanweb", "table") else 20
        cols = tuple(_column(f"{seed}:{i}", j, entries_per_column, per_page, style) for j in range(columns_per_site))
        sites.append(SiteSpec(
            key=f"bulk{i:03d}", name=name, unit=name, unit_email=f"bulk{i:03d}@qinghe.example.org",
            kind="government" if office == "人民政府" else "department", style=style,
            encoding="gbk" if style == "table" else "utf-8", domain=f"s{i:03d}.bench.qinghe.gov.cn",
            validators=style != "table",  # ASP table sites send no ETag / Last-Modified: the hash path
            site_id_code=f"3299{i:06d}", icp=f"苏ICP备0502{i:04d}号", police=f"苏公网安备 3299020202{i:04d}号",
            columns=(
                ColumnSpec("法定主动公开内容", "fdzdgknr", "group", "none", children=cols),
                ColumnSpec("政府信息公开年报", "nb", category="annual", per_page=per_page,
                           entries=annual(name, (3, 20) if office == "人民政府" else (1, 20))),
            ),
        ))
    return sites
