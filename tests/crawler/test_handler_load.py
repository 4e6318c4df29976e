"""Scrapy's download handler loads without its stack walk, and its deprecated aliases keep their modules."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import inspect
original = inspect.stack
from crawler.handlerload import load_download_handler
load_download_handler()
from scrapy.core.downloader.contextfactory import AcceptableProtocolsContextFactory, ScrapyClientContextFactory
from scrapy.core.downloader.tls import ScrapyClientTLSOptions
assert inspect.stack is original
print(ScrapyClientContextFactory.__module__, AcceptableProtocolsContextFactory.__module__,
      ScrapyClientTLSOptions.__module__)
"""


def test_aliases_keep_their_modules_and_inspect_is_put_back() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["scrapy.core.downloader.contextfactory", "scrapy.core.downloader.contextfactory",
                                   "scrapy.core.downloader.tls"]


def test_inspect_is_put_back_when_the_import_fails(monkeypatch) -> None:
    import inspect

    from crawler import handlerload

    original = inspect.stack
    monkeypatch.setattr(handlerload, "HANDLER_MODULE", "scrapy.core.downloader.handlers.no_such_handler")
    try:
        handlerload.load_download_handler()
    except ModuleNotFoundError:
        pass
    else:
        raise AssertionError("the missing module must fail to import")
    assert inspect.stack is original
