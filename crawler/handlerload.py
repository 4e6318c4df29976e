"""Load Scrapy's HTTP download handler without its import-time stack walk.

Scrapy's TLS modules (``scrapy.core.downloader.tls`` and ``.contextfactory``, imported by the HTTP/1.1
handler) define three deprecated aliases, and Scrapy names each alias's module from ``inspect.stack()``.
That call looks up the source file and the module of every frame on the stack, scanning ``sys.modules`` for
each frame of the import machinery: 50-100 ms of CPU in every run and every ``patrol check``, for a
``__module__`` string. While those modules load, ``inspect.stack`` returns the same frames without their
source lines; Scrapy reads only the caller's frame, so the aliases get the same ``__module__``.
"""

from __future__ import annotations

import inspect
import sys
from types import FrameType

HANDLER_MODULE = "scrapy.core.downloader.handlers.http11"


def _frames(context: int = 1) -> list[inspect.FrameInfo]:
    """``inspect.stack()`` without source context: the caller's frame and its outer frames."""
    frames = []
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        frames.append(inspect.FrameInfo(frame, frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name,
                                        None, None))
        frame = frame.f_back
    return frames


def load_download_handler() -> None:
    """Import the HTTP/1.1 download handler (and Scrapy's TLS modules) once, before the crawl needs it."""
    if HANDLER_MODULE in sys.modules:
        return
    original = inspect.stack
    inspect.stack = _frames
    try:
        __import__(HANDLER_MODULE)
    finally:
        inspect.stack = original
