"""The [review] table: off by default, its caps checked, the office's word list read from the config's folder."""

from __future__ import annotations

import pytest

from core.config import ConfigError, ReviewSettings, load_config

_SITE = '[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\nunit = "甲单位"\n'


def test_review_is_off_by_default_and_words_are_read_beside_the_config(tmp_path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text(_SITE, encoding="utf-8")
    assert load_config(path).review == ReviewSettings()
    path.write_text('[review]\nenabled = true\nwords = "words.toml"\nmax_files = 5\n' + _SITE, encoding="utf-8")
    review = load_config(path).review
    assert review.enabled and review.max_files == 5 and review.words == str(tmp_path / "words.toml")


def test_bad_review_settings_are_named(tmp_path) -> None:
    path = tmp_path / "sites.toml"
    path.write_text('[review]\nmax_files = 0\nenabeld = true\n' + _SITE, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "review.max_files" in str(error.value) and "enabeld" in str(error.value)
