"""SMTP never sends a login in clear unless told to (issue 19): with ``[mail] security`` not set, a configured
username and password are refused before any connection; ``security = "none"`` set explicitly allows it.
The server is a real socket on 127.0.0.1 that offers AUTH over plain text and records every byte."""

from __future__ import annotations

import base64
import socket
import threading
from dataclasses import replace

import pytest

from core.config import MailConfig
from notices.mail import DeliveryError, build_message, send_message

ENV = {"PATROL_TEST_USER": "gkb", "PATROL_TEST_PASS": "pl41n-s3cret"}


class PlainSmtp:
    """A minimal SMTP server offering AUTH PLAIN without TLS; ``received`` is every byte sent to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.received = b""
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.sendall(b"220 mail.qinghe.example ESMTP\r\n")
                for line in conn.makefile("rb"):
                    self.received += line
                    word = line[:4].upper()
                    if word == b"EHLO":
                        conn.sendall(b"250-mail.qinghe.example\r\n250 AUTH PLAIN LOGIN\r\n")
                    elif word == b"AUTH":
                        conn.sendall(b"235 ok\r\n")
                    elif word == b"DATA":
                        conn.sendall(b"354 go\r\n")
                    elif word == b"QUIT":
                        conn.sendall(b"221 bye\r\n")
                        break
                    elif line == b".\r\n" or word in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                        conn.sendall(b"250 ok\r\n")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def server():
    s = PlainSmtp()
    yield s
    s.close()


def _mail(port: int, **fields: str) -> MailConfig:
    return replace(MailConfig(host="127.0.0.1", port=port, sender="gkb@qinghe.example",
                              username_env="PATROL_TEST_USER", password_env="PATROL_TEST_PASS"), **fields)


def _secret_sent(received: bytes) -> bool:
    plain = base64.b64encode(b"\0gkb\0pl41n-s3cret")
    return plain in received or b"pl41n-s3cret" in received


def test_a_login_without_tls_is_refused_when_security_is_not_set(server: PlainSmtp) -> None:
    mail = _mail(server.port)
    with pytest.raises(DeliveryError, match="不以明文发送用户名和密码"):
        send_message(mail, build_message(mail, ["gk@jyj.qinghe.example"], "通报", "正文", None, []), ENV)
    assert server.connections == 0 and not _secret_sent(server.received)


def test_security_none_set_explicitly_allows_it(server: PlainSmtp) -> None:
    mail = _mail(server.port, security="none")
    send_message(mail, build_message(mail, ["gk@jyj.qinghe.example"], "通报", "正文", None, []), ENV)
    assert _secret_sent(server.received)  # the office asked for it: the attack above was real


def test_mail_without_a_login_still_goes_in_clear(server: PlainSmtp) -> None:
    mail = replace(_mail(server.port), username_env=None, password_env=None)
    send_message(mail, build_message(mail, ["gk@jyj.qinghe.example"], "通报", "正文", None, []), ENV)
    assert b"TO:<gk@jyj.qinghe.example>" in server.received and not _secret_sent(server.received)
