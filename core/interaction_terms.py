"""Words that name 互动交流 channels and 办事服务 entries, and the states a message (留言) is shown in.

Data, not logic: the crawler uses them to find the pages to read, the rules to judge what was read.
"""

from __future__ import annotations

import re

# An online 咨询建言 channel (国办秘函〔2019〕19号 互动回应差): 领导信箱, 咨询投诉, 网上留言, 民意征集 …
CHANNEL_WORDS = ("领导信箱", "书记信箱", "市长信箱", "县长信箱", "区长信箱", "镇长信箱", "局长信箱", "主任信箱",
                 "厅长信箱", "信箱", "咨询投诉", "网上咨询", "在线咨询", "政务咨询", "我要咨询", "咨询建言",
                 "网上留言", "留言板", "在线留言", "我要留言", "民意征集", "意见征集", "征求意见", "建言献策",
                 "互动交流", "政民互动", "公众参与", "12345")
# Exempt from the unanswered-message veto: 网上信访 and 纪检举报 follow their own procedures.
EXEMPT_WORDS = ("信访", "纪检", "举报", "监察")
# A 办事服务 entry: the portal's service hall or a link to the 政务服务网.
SERVICE_WORDS = ("办事服务", "政务服务", "网上办事", "办事大厅", "网上办事大厅", "便民服务", "我要办", "在线办事",
                 "政务服务网", "一网通办", "办事指南")
_CHANNEL_RE = re.compile("|".join(map(re.escape, CHANNEL_WORDS)))
_EXEMPT_RE = re.compile("|".join(map(re.escape, EXEMPT_WORDS)))
_SERVICE_RE = re.compile("|".join(map(re.escape, SERVICE_WORDS)))

# Shown states of a message, folded to answered | unanswered | pending.
STATES = {"已回复": "answered", "已答复": "answered", "已办结": "answered", "已处理": "answered", "已反馈": "answered",
          "办结": "answered", "已完成": "answered", "未回复": "unanswered", "未答复": "unanswered",
          "待回复": "unanswered", "待答复": "unanswered", "未处理": "unanswered", "待处理": "unanswered",
          "未办结": "pending", "办理中": "pending", "处理中": "pending", "正在办理": "pending", "已受理": "pending",
          "受理中": "pending", "转办中": "pending"}


def channel_kind(text: str) -> str | None:
    """``exempt`` (网上信访, 纪检举报), ``channel`` (a 咨询建言 channel) or None for a name that is neither."""
    name = re.sub(r"\s+", "", text)
    if len(name) > 20:
        return None
    if _EXEMPT_RE.search(name):
        return "exempt"
    return "channel" if _CHANNEL_RE.search(name) else None


def is_service_entry(text: str) -> bool:
    """A link text or column name that names a 办事服务 entry."""
    name = re.sub(r"\s+", "", text)
    return len(name) <= 20 and bool(_SERVICE_RE.search(name))


def fold_state(text: str | None) -> str | None:
    """The shown state of a message folded to ``answered`` / ``unanswered`` / ``pending`` (None: not shown)."""
    if not text:
        return None
    name = re.sub(r"\s+", "", text)
    for word in sorted(STATES, key=len, reverse=True):
        if word in name:
            return STATES[word]
    return None


# The key elements of a 办事指南 (全国政府网站普查评分表, 国办发〔2015〕15号 附件2), each with the labels guides
# write it under; the first label is the element's name.
GUIDE_ELEMENTS: dict[str, tuple[str, ...]] = {
    "事项名称": ("事项名称", "项目名称", "服务事项名称", "事项", "办理事项"),
    "设定依据": ("设定依据", "法律依据", "办理依据", "实施依据", "政策依据", "依据"),
    "申请条件": ("申请条件", "受理条件", "办理条件", "准入条件", "受理标准", "申请人条件"),
    "办理材料": ("办理材料", "申请材料", "申报材料", "提交材料", "所需材料", "材料目录", "申请材料目录"),
    "办理地点": ("办理地点", "受理地点", "办公地点", "办理地址", "受理地址", "窗口地址", "办理窗口"),
    "办理时间": ("办理时间", "受理时间", "办公时间", "工作时间", "窗口办理时间"),
    "联系电话": ("联系电话", "咨询电话", "咨询方式", "联系方式", "咨询途径"),
    "办理流程": ("办理流程", "办事流程", "办理程序", "受理流程", "审批流程", "流程", "办理环节"),
}
