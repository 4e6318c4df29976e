"""The shared --config, --db and --as-of options: defined once, so every command parses and errs alike.

All in-process (click's CliRunner): none of these reaches a crawl.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from helpers import invoke_cli

import patrol.commands
from patrol.cli import cli

AS_OF_COMMANDS = {"run": [], "check": ["http://127.0.0.1:9/"], "page": ["http://127.0.0.1:9/"], "demo": [],
                  "notify": [], "report": []}
CONFIG_COMMANDS = {"run": [], "notify": [], "schedule": [], "probe": [], "report": [], "stats": ["--year", "2026"]}


@pytest.mark.parametrize("command", sorted(AS_OF_COMMANDS))
def test_a_bad_as_of_is_the_same_usage_error_everywhere(command: str, tmp_path: Path) -> None:
    result = invoke_cli(command, *AS_OF_COMMANDS[command], "--as-of", "2026-13-45", cwd=tmp_path)
    assert result.code == 2
    assert "'--as-of' 的值无效：日期格式应为 YYYY-MM-DD，收到 '2026-13-45'" in result.stderr
    assert not list(tmp_path.iterdir())  # refused before any work: no config, database or file written


@pytest.mark.parametrize("command", sorted(CONFIG_COMMANDS))
def test_a_missing_config_is_the_same_usage_error_everywhere(command: str, tmp_path: Path) -> None:
    result = invoke_cli(command, *CONFIG_COMMANDS[command], "--config", "absent.toml", cwd=tmp_path)
    assert result.code == 2
    assert "配置错误：absent.toml: 文件不存在" in result.stderr


@pytest.mark.parametrize("command", ["run", "probe", "report"])
def test_an_unknown_site_is_refused_alike(command: str, tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\n', encoding="utf-8")
    result = invoke_cli(command, "--config", str(config), "--site", "乙", cwd=tmp_path)
    assert result.code == 2 and "配置中没有这些站点：乙" in result.stderr


def test_notify_reads_as_of_as_a_day(tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text('[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\n', encoding="utf-8")
    result = invoke_cli("notify", "--config", str(config), "--as-of", "2026-11-23", "--dry-run", cwd=tmp_path)
    assert result.code == 1 and "未生成通报" in result.stderr  # no inspection yet, but the date parsed


def test_rules_lists_the_catalogue_in_process() -> None:
    rows = json.loads(invoke_cli("rules", "--json").stdout)
    assert {"column-stale", "column-missing"} <= {r["id"] for r in rows}
    table = invoke_cli("rules").stdout
    assert "column-stale" in table and "规则" in table


def test_cli_module_is_the_group_and_one_module_per_command() -> None:
    modules = [m.name for m in pkgutil.iter_modules(patrol.commands.__path__)]
    defined = {}
    for name in modules:
        module = importlib.import_module(f"patrol.commands.{name}")
        own = [c for c in vars(module).values()
               if isinstance(c, click.Command) and c.callback.__module__ == module.__name__]
        subcommands = {id(sub) for c in own if isinstance(c, click.Group) for sub in c.commands.values()}
        commands = [c.name for c in own if id(c) not in subcommands]
        assert commands == [name]  # each module holds one command (with its subcommands) and is named for it
        defined.update({c: name for c in commands})
    registered = {name: cli.get_command(None, name) for name in cli.list_commands(None)}  # type: ignore[arg-type]
    assert set(defined) == set(registered)  # every command comes from a patrol/commands module and is registered
    for command in registered.values():
        assert command is not None
        assert command.callback.__module__ == f"patrol.commands.{command.name}"
        options = {p.name: p for p in command.params if isinstance(p, click.Option)}
        if "as_of" in options:
            assert type(options["as_of"].type).__name__ == "AsOf"


def test_a_command_loads_without_the_others() -> None:
    """Commands are imported when they run: `patrol check` starts without the web view, the notices, the
    scheduler or the distributed worker's modules."""
    code = ("import json, sys; from patrol.cli import cli; cli.get_command(None, 'check'); "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    answer = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(answer.stdout))
    assert "patrol" in loaded
    assert not loaded & {"web", "notices", "scheduler", "datasette", "jinja2", "openpyxl", "docx", "apscheduler",
                         "redis"}
