"""Click's own messages (usage errors, help headings) in Simplified Chinese.

Click marks its texts for gettext (``from gettext import gettext as _`` in each module); Patrol ships no
``.mo`` catalogue, so :func:`install` points those module-level ``_`` and ``ngettext`` names at the
small catalogue below. Texts not in it stay as click wrote them.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

CATALOGUE: dict[str, str] = {
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Aborted!": "已中止。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "可执行 '{command} {option}' 查看帮助。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的布尔值，可用：{states}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "unknown error": "未知错误",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Value must be an iterable.": "值必须是可迭代的。",
    # plural forms: Chinese has one; both English forms map to it
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是否指 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否指以下之一：{possibilities}？）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合以下任一格式：{formats}。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
}

# Words click formats into the texts above: number types and parameter kinds.
WORDS = {"integer": "整数", "float": "数字", "argument": "参数", "option": "选项", "parameter": "参数"}
_WORD_FIELDS = ("number_type", "param_type")

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


class _Template(str):
    """A translated text whose ``format`` also translates the type words click fills in."""

    def format(self, *args: object, **kwargs: object) -> str:
        for key in _WORD_FIELDS:
            value = kwargs.get(key)
            if isinstance(value, str):
                kwargs[key] = WORDS.get(value, value)
        return str.format(self, *args, **kwargs)


def gettext_zh(message: str) -> str:
    return _Template(CATALOGUE.get(message, message))


def ngettext_zh(singular: str, plural: str, n: int) -> str:
    return gettext_zh(singular if n == 1 else plural)


def _missing_message(original: Callable[[Any], str]) -> Callable[[Any], str]:
    """Click ends "Missing argument 'URL'." with an English full stop outside its texts."""

    def format_message(self: Any) -> str:
        return re.sub(r"^(缺少[^'\"]*['\"][^'\"]*['\"])\.", r"\1。", original(self))

    return format_message


def install() -> None:
    """Make click speak Chinese: replace the gettext functions its modules bound at import."""
    from click.exceptions import MissingParameter

    if not getattr(MissingParameter.format_message, "_zh", False):
        MissingParameter.format_message = _missing_message(MissingParameter.format_message)  # type: ignore
        MissingParameter.format_message._zh = True  # type: ignore[attr-defined]
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext_zh  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext_zh  # type: ignore[attr-defined]
