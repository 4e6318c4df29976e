"""Chat-robot delivery: 钉钉 (DingTalk) and 企业微信 (WeCom) markdown messages over HTTP POST.

The kind comes from a ``dingtalk:`` or ``wecom:`` prefix on the configured URL, else from the host;
an unknown host gets both field sets (``text`` for DingTalk, ``content`` for WeCom).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from core.secrets import mask_url
from notices.mail import DeliveryError

TIMEOUT_S = 15.0
_HOSTS = {"oapi.dingtalk.com": "dingtalk", "qyapi.weixin.qq.com": "wecom"}


def robot(url: str) -> tuple[str, str]:
    """``(kind, url)``: kind is dingtalk, wecom or generic; the URL has its prefix removed."""
    for kind in ("dingtalk", "wecom"):
        if url.startswith(kind + ":") and not url.startswith(kind + "://"):
            return kind, url[len(kind) + 1:]
    return _HOSTS.get(urlsplit(url).hostname or "", "generic"), url


def payload(kind: str, title: str, text: str) -> dict:
    """The JSON body each robot expects for a markdown message."""
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text, "content": text}}


def target_label(url: str) -> str:
    """How a webhook is named in the notices log: host and path plus a short hash, never its token."""
    kind, real = robot(url)
    return f"{kind}:{mask_url(real, digest_of=url)}"


def post(url: str, title: str, text: str) -> None:
    """Send one markdown message; raise :class:`DeliveryError` when the robot does not accept it."""
    kind, real = robot(url)
    body = json.dumps(payload(kind, title, text), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(real, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    label = target_label(url)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            answer = response.read()
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"机器人 {label} 返回 HTTP {exc.code}")
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"无法连接机器人 {label}：{getattr(exc, 'reason', exc)}")
    _check_answer(answer, label)


def _check_answer(answer: bytes, label: str) -> None:
    try:
        data = json.loads(answer.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return  # a robot that answers 200 without JSON accepted the message
    if isinstance(data, dict) and data.get("errcode", 0) != 0:
        raise DeliveryError(f"机器人 {label} 拒绝消息：errcode={data.get('errcode')} {data.get('errmsg', '')}")
