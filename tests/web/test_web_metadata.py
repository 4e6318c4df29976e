"""Every table an office user can open has a Chinese title, and every column a Chinese description."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from web.metadata import CODE_LABELS, HIDDEN, TABLES, build_metadata, column_description


def _schema(tmp_path: Path) -> dict[str, list[str]]:
    with Store(tmp_path / "patrol.db") as store:
        return {t: [c.name for c in store.db[t].columns] for t in store.db.table_names()}


def test_every_visible_table_and_column_is_described_in_chinese(tmp_path: Path) -> None:
    schema = _schema(tmp_path)
    tables = build_metadata(schema)["databases"]["patrol"]["tables"]
    visible = {t for t in schema if t not in HIDDEN}
    assert visible <= set(TABLES), f"tables without a Chinese title: {sorted(visible - set(TABLES))}"
    missing = {f"{t}.{c}" for t in visible for c in schema[t] if c not in tables[t]["columns"]}
    assert not missing, f"columns without a Chinese description: {sorted(missing)}"


def test_coded_columns_list_their_codes_and_labels_once() -> None:
    for (table, column), labels in CODE_LABELS.items():
        assert column in TABLES[table][3], f"{table}.{column}"
        description = column_description(table, column)
        assert all(label in description for label in labels.values())
        assert TABLES[table][3][column] not in labels.values()
    assert column_description("findings", "severity") == "类别（单项否决、扣分、预警）"
