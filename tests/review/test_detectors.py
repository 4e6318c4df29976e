"""Personal data and wording found per planted case, nothing on the negative cases, masked evidence only."""

from __future__ import annotations

import random

from review_corpus import WRONG_PAGE, Corpus, credit_code, luhn_card, mobile, valid_id

from review.attachments import read
from review.blocks import Block
from review.personal import find
from review.scan import page_blocks, scan
from review.wording import WordingChecker, Words, load_words

CHECKER = WordingChecker(load_words())


def _kinds(text: str, header: str = "", tabular: bool = False) -> list[str]:
    return [h.kind for h in find(Block(text, "g", header=header, tabular=tabular))]


def test_valid_ids_mobiles_and_cards_are_found_and_masked() -> None:
    rng = random.Random(7)
    an_id, a_mobile, a_card = valid_id(rng), mobile(rng), luhn_card(rng)
    hits = find(Block(f"身份证号{an_id}，手机{a_mobile}，银行卡号{a_card}", "正文"))
    assert [h.kind for h in hits] == ["id", "mobile", "card"]
    assert hits[0].masked == an_id[:6] + "*" * 8 + an_id[-4:]
    assert hits[1].masked == a_mobile[:3] + "****" + a_mobile[-4:]
    assert all(value not in str(hits) for value in (an_id, a_mobile, a_card))


def test_an_id_with_a_wrong_check_digit_or_birth_date_is_not_an_id() -> None:
    good = valid_id(random.Random(3))
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    bad_birth = good[:10] + "13" + good[12:]
    assert _kinds(bad_check) == [] and _kinds(bad_birth) == []


def test_masked_values_and_look_alikes_are_not_personal_data() -> None:
    rng = random.Random(11)
    an_id = valid_id(rng)
    assert _kinds(f"{an_id[:6]}********{an_id[-4:]}", "身份证号", True) == []
    assert _kinds("138****1234", "手机号", True) == []
    assert _kinds(credit_code(rng), "统一社会信用代码", True) == []
    assert _kinds("清政发〔2026〕12号 2026-11-18 09:30:15 时间戳1732000000000") == []
    assert _kinds("金额13800000000元，邮编100101，电话010-64012345，0731-84567890") == []
    assert _kinds(luhn_card(rng)) == []  # a Luhn-valid number without a card label or header is not a card


def test_an_id_stored_as_an_excel_number_is_found_by_header_and_length() -> None:
    assert _kinds("1.10105199001011e+17", "身份证号", True) == ["id"]
    assert _kinds("1.10105199001011e+17", "金额", True) == []


def test_addresses_and_health_columns_count_only_under_their_headers() -> None:
    assert _kinds("清河县城关镇东风村3组12号", "家庭住址", True) == ["address"]
    assert _kinds("清河县城关镇", "家庭住址", True) == []  # no deeper than the town
    assert _kinds("清河县城关镇东风村3组12号", "办公地点", True) == []
    assert _kinds("肢体三级", "残疾类别", True) == ["health"]
    assert _kinds("无", "健康状况", True) == []


def test_every_planted_leak_in_the_corpus_files_is_found_and_none_shown_in_full() -> None:
    corpus = Corpus()
    files = {"名单.xlsx": corpus.xlsx(), "名单.xls": corpus.html_xls(), "公示.docx": corpus.docx(),
             "公示.pdf": corpus.text_pdf()}
    found = {name: scan(read(data).blocks, source=f"附件 {name}", url=name, checker=CHECKER)
             for name, data in files.items()}
    summaries = {name: [c.summary for c in cands] for name, cands in found.items()}
    assert "附件 名单.xlsx 第1张表（低保名单） 20 行含 姓名+身份证号+手机号+银行卡号+详细住址+健康信息（未去标识化）" \
        in summaries["名单.xlsx"]
    assert any("第2张表（补贴） 5 行含 姓名+身份证号" in s for s in summaries["名单.xlsx"])
    assert not any("第3张表" in s for s in summaries["名单.xlsx"])  # the negatives sheet
    assert summaries["名单.xls"] == ["附件 名单.xls 第1张表 3 行含 姓名+身份证号+手机号（未去标识化）"]
    docx = " ".join(summaries["公示.docx"])
    assert "第1个表格 3 行含 姓名+身份证号" in docx and "页眉" in docx and "文本框" in docx
    assert "正文" not in docx  # the masked ID in running text
    assert summaries["公示.pdf"] == ["附件 公示.pdf 第1页 4 行含 身份证号+手机号（未去标识化）"]
    shown = repr(found)
    leaked = [v for v in corpus.planted if v in shown]
    assert leaked == [] and "*" in shown


def test_a_wrong_country_name_in_running_text_is_found_and_in_quotes_is_not() -> None:
    text = WRONG_PAGE.replace("<p>", "").replace("</p>", "\n")
    found = scan(page_blocks(text), source="页面", url="u", checker=CHECKER)
    assert [(c.kind, c.summary) for c in found] == [
        ("wording", "页面 正文 出现“中华人民共合国”，应为“中华人民共和国”（1 处）")]
    assert "【中华人民共合国】" in found[0].sample


def test_wording_normalises_width_and_pdf_spaces_and_honours_a_site_allow_list() -> None:
    assert [h.wrong for h in CHECKER.find(Block("县人民 攻 府 办公室", "g"))] == ["人民攻府"]
    assert CHECKER.find(Block("「攻府」一词系误写", "g")) == []
    words = Words(wrong={"攻府": "政府"}, allow={"某站": ("攻府路",)})
    checker = WordingChecker(words)
    assert checker.find(Block("地址：攻府路1号", "g"), "某站") == []
    assert len(checker.find(Block("地址：攻府路1号", "g"), "别站")) == 1


def test_the_office_list_extends_the_shipped_one(tmp_path) -> None:
    path = tmp_path / "words.toml"
    path.write_text('[wrong]\n"清河市人民政付" = "清河市人民政府"\n[allow]\n"甲站" = ["社会主意识"]\n',
                    encoding="utf-8")
    words = load_words(path)
    assert words.wrong["清河市人民政付"] == "清河市人民政府" and "中华人民共合国" in words.wrong
    assert words.allow["甲站"] == ("社会主意识",)


def test_the_context_of_a_wrong_word_masks_a_number_beside_it() -> None:
    an_id = valid_id(random.Random(5))
    (hit,) = CHECKER.find(Block(f"中华人民共合国公民{an_id}", "g"))
    assert hit.context == f"【中华人民共合国】公民{an_id[:6]}****"  # masked, then cut to 12 characters
