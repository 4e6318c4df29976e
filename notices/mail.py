"""E-mail delivery over SMTP, configured by the ``[mail]`` table; secrets come from environment variables."""

from __future__ import annotations

import mimetypes
import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from core.config import MailConfig

TIMEOUT_S = 30.0


class DeliveryError(Exception):
    """A notice could not be delivered; the message says why, in Chinese, without secrets."""


def build_message(mail: MailConfig, to: Sequence[str], subject: str, text: str, html: str | None,
                  files: Sequence[Path]) -> EmailMessage:
    """A message with a plain-text body, an optional HTML alternative and the files attached."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = mail.sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=mail.sender.rpartition("@")[2] or None)
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for path in files:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def send_message(mail: MailConfig, msg: EmailMessage, env: Mapping[str, str] | None = None) -> None:
    """Send one message; raise :class:`DeliveryError` on any failure."""
    env = os.environ if env is None else env
    user = _secret(env, mail.username_env, "用户名")
    password = _secret(env, mail.password_env, "密码")
    if (user is not None or password is not None) and not mail.security:
        raise DeliveryError(f"邮件服务器 {mail.host}:{mail.port} 的连接未加密（[mail] security 未设置），"
                            "不以明文发送用户名和密码；请设置 security = \"starttls\" 或 \"ssl\"，"
                            "确需明文时请显式设置 security = \"none\"")
    try:
        with _connect(mail) as smtp:
            if user is not None:
                smtp.login(user, password or "")
            refused = smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"邮件服务器 {mail.host}:{mail.port} 拒绝登录（{exc.smtp_code}）；"
                            f"请检查环境变量 {mail.username_env} 与 {mail.password_env}")
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"邮件发送失败（{mail.host}:{mail.port}）：{_describe(exc)}")
    except (OSError, ssl.SSLError) as exc:
        raise DeliveryError(f"无法连接邮件服务器 {mail.host}:{mail.port}（{mail.security or 'none'}）：{exc}")
    if refused:
        raise DeliveryError(f"以下收件人被邮件服务器拒收：{'、'.join(refused)}")


def _connect(mail: MailConfig) -> smtplib.SMTP:
    if mail.security == "ssl":
        return smtplib.SMTP_SSL(mail.host, mail.port, timeout=TIMEOUT_S, context=ssl.create_default_context())
    smtp = smtplib.SMTP(mail.host, mail.port, timeout=TIMEOUT_S)
    if mail.security == "starttls":
        try:
            smtp.starttls(context=ssl.create_default_context())
        except BaseException:
            smtp.close()
            raise
    return smtp


def _secret(env: Mapping[str, str], name: str | None, what: str) -> str | None:
    if name is None:
        return None
    value = env.get(name)
    if value is None:
        raise DeliveryError(f"[mail] 指定的{what}环境变量 {name} 未设置；请先 export {name}=…")
    return value


def _describe(exc: smtplib.SMTPException) -> str:
    code = getattr(exc, "smtp_code", None)
    error = getattr(exc, "smtp_error", b"")
    text = error.decode(errors="replace") if isinstance(error, bytes) else str(error or exc)
    return f"{code} {text}".strip() if code else str(exc)
