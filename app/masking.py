"""Masking personal information on documents that are posted or handed to others (PIPL)."""
from __future__ import annotations

import re


def mask_id(number: str | None) -> str:
    """110105********002X: the region and the last four stay, the birth date and sequence are hidden."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def mask_phone(phone: str | None) -> str:
    """138****5678; landlines keep the area code and the last four digits."""
    if not phone:
        return ""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) < 8:
        return "*" * len(phone)
    keep = 3 if digits.startswith("1") else (4 if digits.startswith("0") and len(digits) >= 11 else 3)
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]


# Two-character surnames (复姓) common enough to meet in a register; any other name's surname is its first character.
COMPOUND_SURNAMES = frozenset("欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 司徒 尉迟 长孙 宇文 夏侯 公孙 澹台 轩辕 "
                              "端木 独孤 南宫 西门 呼延 万俟 申屠 闻人 钟离 太史 百里 东郭 第五".split())
ORDINALS = "甲乙丙丁戊己庚辛壬癸"
# Organisation names keep their kind (某建材有限公司 → 某有限公司), so a reader still knows who it was.
ORGANISATION_KINDS = ("有限责任公司", "股份有限公司", "有限公司", "公司", "合作社", "村民委员会", "居民委员会", "委员会",
                      "医院", "学校", "工厂", "厂", "店", "中心", "协会")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")
CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
PHONE = re.compile(r"(?<![0-9])(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})(?![0-9])")


def surname(name: str) -> str:
    name = name.strip()
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def pseudonyms(people: list[str], organisations: list[str] = ()) -> dict[str, str]:
    """Each name's stand-in for a published case: 张三 → 张某, 李四 → 李某; two of one surname 张某甲, 张某乙;
    an organisation 某有限公司 (甲, 乙 … where several share a kind)."""
    out: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for name in dict.fromkeys(n.strip() for n in people if n and n.strip()):
        groups.setdefault(surname(name) + "某", []).append(name)
    for name in dict.fromkeys(n.strip() for n in organisations if n and n.strip()):
        kind = next((k for k in ORGANISATION_KINDS if name.endswith(k)), "单位")
        groups.setdefault("某" + kind, []).append(name)
    for stand_in, names in groups.items():
        for i, name in enumerate(names):
            out[name] = stand_in if len(names) == 1 else stand_in + ORDINALS[i % len(ORDINALS)]
    return out


def mask_text(text: str, replacements: dict[str, str], *, places: list[str] = ()) -> str:
    """The text with every name replaced by its stand-in (longest first, so 张三丰 is not read as 张三), every
    place given replaced by 某地, and ID numbers, credit codes and phone numbers left out."""
    for name in sorted(replacements, key=len, reverse=True):
        text = text.replace(name, replacements[name])
    for place in sorted((p.strip() for p in places if p and len(p.strip()) >= 4), key=len, reverse=True):
        text = text.replace(place, "某地")
    text = ID_NUMBER.sub("（身份号码略）", text)
    text = CREDIT_CODE.sub("（代码略）", text)
    return PHONE.sub("（电话略）", text)
