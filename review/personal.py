"""Personal data detectors: 身份证号 (checksum and birth date), mobiles, bank cards (Luhn, issuer prefix and
context), addresses below 乡镇/街道 under a 住址 header, sensitive columns (病种, 健康状况, 残疾类别).

Every value is masked here: a :class:`Hit` carries only the masked form. Masked values on the page
(``110105********002X``), 统一社会信用代码, 文号, timestamps, amounts, postcodes and landlines are not hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from review.blocks import Block, normalise
from review.masking import mask


def _is_mobile(value: str) -> bool:
    """A valid mainland mobile number (phonenumbers' tables; imported on first use, as every command imports
    the store and few read pages)."""
    import phonenumbers

    number = phonenumbers.parse(value, "CN")
    return phonenumbers.is_valid_number(number) and \
        phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE


KIND_LABELS = {"id": "身份证号", "mobile": "手机号", "card": "银行卡号", "address": "详细住址", "health": "健康信息"}

_ID = re.compile(r"(?<![0-9A-Za-z*])(\d{17}[\dXx])(?![0-9A-Za-z*])")
_MOBILE = re.compile(r"(?<![\d*\-])(1[3-9]\d{9})(?![\d*])")
_CARD = re.compile(r"(?<![\d*])(\d{4}(?: ?\d{4}){2,3}(?: ?\d{1,3})?)(?![\d*])")
_MONEY_AFTER = re.compile(r"^\s*(?:元|万|亿|\.\d)")
_ID_HEADER = re.compile(r"身份证|证件号|公民身份")
_MOBILE_HEADER = re.compile(r"手机|电话|联系方式")
_CARD_HEADER = re.compile(r"卡号|银行|账号|帐号|开户|社保卡|一卡通")
_ADDRESS_HEADER = re.compile(r"住址|家庭地址|居住地|户籍地|现住|通讯地址|详细地址")
_BELOW_TOWN = re.compile(r"村|组|号|室|栋|幢|单元|弄|巷|小区|社区|屯")
_HEALTH_HEADER = re.compile(r"病种|疾病|病情|健康状况|残疾类别|残疾等级|残疾类型|诊断")
_NONE = {"", "无", "/", "-", "—", "否", "健康", "良好", "正常"}
_CARD_PREFIX = ("62", "4", "5", "35", "37", "60", "9")
_CARD_CONTEXT = re.compile(r"卡号|银行卡|账号|帐号|开户|社保卡")
_ID_CONTEXT = re.compile(r"身份证|证件号")


@dataclass(frozen=True)
class Hit:
    """A personal value found: its kind, the masked value, where, and how sure (``high`` with context)."""

    kind: str
    masked: str
    group: str
    where: str
    row: int | None
    confidence: str


def find(block: Block) -> list[Hit]:
    """Every personal value in one block, masked."""
    text = normalise(block.text)
    header = normalise(block.header)
    hits: list[Hit] = []

    def hit(kind: str, value: str, sure: bool) -> None:
        hits.append(Hit(kind, mask(value, kind), block.group, block.where, block.row, "high" if sure else "medium"))

    ids: list[tuple[int, int]] = []
    for m in _ID.finditer(text):
        value = m.group(1).upper()
        if _is_id(value):
            ids.append(m.span(1))
            hit("id", value, bool(_ID_HEADER.search(header) or _ID_CONTEXT.search(text[:m.start()][-12:])))
    if not ids and _ID_HEADER.search(header):
        stored = _excel_number(text)
        if stored:  # an ID stored as an Excel number: its last digits are lost, its length and header remain
            hit("id", stored, True)
    for m in _MOBILE.finditer(text):
        if _inside(m.span(1), ids) or _MONEY_AFTER.match(text[m.end():]):
            continue
        value = m.group(1)
        if _is_mobile(value):
            hit("mobile", value, bool(_MOBILE_HEADER.search(header)) or "手机" in text[:m.start()][-8:])
    for m in _CARD.finditer(text):
        value = m.group(1).replace(" ", "")
        if not 16 <= len(value) <= 19 or _inside(m.span(1), ids) or not value.startswith(_CARD_PREFIX):
            continue
        context = _CARD_HEADER.search(header) or _CARD_CONTEXT.search(text[:m.start()][-12:])
        if context and _luhn(value) and not _is_id(value[:18]):
            hit("card", value, True)
    if not block.tabular:
        return hits
    if _ADDRESS_HEADER.search(header) and len(text) >= 6 and _BELOW_TOWN.search(text) and not _masked(text):
        hit("address", text.strip(), True)
    if _HEALTH_HEADER.search(header) and text.strip() not in _NONE and not _masked(text):
        hit("health", text.strip(), True)
    return hits


def _is_id(value: str) -> bool:
    """A checksum that holds and a birth date that exists and is past (the place code is not checked: a
    county renamed or merged since keeps its people's numbers)."""
    from stdnum.cn import ric  # on first use: python-stdnum loads its tables when imported

    try:
        if value[-1] != ric.calc_check_digit(value):
            return False
        born = ric.get_birth_date(value)
    except Exception:  # a date that does not exist
        return False
    return born.year >= 1900 and born <= date.today()


def _excel_number(text: str) -> str | None:
    """The digits of an 18-digit ID an Excel sheet stored as a number (``1.10105199001011e+17``), else None."""
    t = text.strip()
    try:
        number = float(t) if re.fullmatch(r"\d+(?:\.\d+)?(?:[eE]\+?\d+)?", t) else None
    except ValueError:
        return None
    if number is None or not 1e17 <= number < 1e18:
        return None
    return f"{int(number):d}"


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _masked(text: str) -> bool:
    return any(c in text for c in "*＊×※")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0
