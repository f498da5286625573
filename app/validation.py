"""Field validators: each returns the normalised value or raises Invalid with a message saying how to fix it."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.i18n import _
from app import clock

FEN = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999999.99")
MAX_COUNT = 10_000_000          # people in one dispute; far below what the database column holds
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")
# The county's station codes: the administrative division code of the committee's place, 6 (county) to 12
# (village) digits, e.g. 330101001. Digits only, so a code can never carry a path into a file name.
_STATION_CODE = re.compile(r"[0-9]{6,12}")
_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)


class Invalid(ValueError):
    """A single field's value is wrong; the message says how to fix it."""


def id_check_char(first17: str) -> str:
    """GB 11643 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number(value: str, *, today: date | None = None) -> str:
    """An 18-character 公民身份号码 with a valid birth date and check digit, upper-case X."""
    text = value.strip().replace(" ", "").upper()
    if len(text) == 15 and text.isdigit():
        raise Invalid(_("15-digit ID numbers are no longer valid; enter the 18-digit number."))
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise Invalid(_("An ID number has 18 characters: 17 digits and a final digit or X."))
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise Invalid(_("Characters 7 to 14 of the ID number are not a real birth date; check them.")) from None
    if born < date(1900, 1, 1) or born > (today or clock.today()):
        raise Invalid(_("The birth date in the ID number is impossible; check characters 7 to 14."))
    if id_check_char(text[:17]) != text[17]:
        raise Invalid(_("The check digit of the ID number does not match; a character is probably mistyped."))
    return text


def birth_date_from_id(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender_from_id(number: str) -> str:
    """'male' or 'female' from the 17th digit (odd = male)."""
    return "male" if int(number[16]) % 2 else "female"


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def credit_code(value: str) -> str:
    """An 18-character 统一社会信用代码 (GB 32100) with a valid check character."""
    text = value.strip().replace(" ", "").upper()
    if len(text) != 18 or any(c not in _USCC_CHARS for c in text):
        raise Invalid(_("A unified social credit code has 18 characters (digits and capital letters, "
                        "without I, O, S, V, Z)."))
    if uscc_check_char(text[:17]) != text[17]:
        raise Invalid(_("The check character of the credit code does not match; a character is probably "
                        "mistyped."))
    return text


def station_code(value: object) -> str:
    """The station code the county gave: 6 to 12 digits (its division code, e.g. 330101001)."""
    text = str(value or "").strip()
    if not _STATION_CODE.fullmatch(text):
        raise Invalid(_("A station code is the 6 to 12 digits the county office gave the committee (e.g. "
                        "330101001): digits only, no letters, spaces or other signs."))
    return text


def phone(value: str) -> str:
    """A mobile (13812345678) or landline (010-12345678, optional extension) number, as typed but trimmed."""
    text = value.strip()
    main = re.sub(r"[\s\-()（）]", "", text.split("转")[0].split("ext")[0])
    if main.startswith("+86"):
        main = main[3:]
    if not (_MOBILE.fullmatch(main) or _LANDLINE.fullmatch(main)):
        raise Invalid(_("Enter an 11-digit mobile number (e.g. 13812345678) or a landline with its area code "
                        "(e.g. 0571-12345678)."))
    return re.sub(r"\s+", "", text)


def parse_date(value: object, *, not_after: date | None = None, not_before: date | None = None) -> date:
    """2026-11-23, 2026/11/23 or 2026年11月23日 (or a date object from a spreadsheet)."""
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    else:
        text = str(value or "").strip()
        for pattern in _DATE_PATTERNS:
            m = pattern.fullmatch(text)
            if m:
                try:
                    result = date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise Invalid(_("{text} is not a real date; check the month and day.").format(
                        text=text)) from None
                break
        else:
            raise Invalid(_("Write the date as 2026-11-23, 2026/11/23 or 2026年11月23日."))
    if not_after is not None and result > not_after:
        raise Invalid(_("The date {date} is in the future; enter the day it actually happened.").format(
            date=result.isoformat()))
    if not_before is not None and result < not_before:
        raise Invalid(_("The date {date} is before {limit}; it cannot be earlier.").format(
            date=result.isoformat(), limit=not_before.isoformat()))
    return result


def amount(value: object) -> Decimal:
    """An amount in yuan, exact to the fen: 12000, 12,000.00, ¥12000元. Floats from spreadsheets are
    taken by their shortest decimal form, never by binary arithmetic."""
    if isinstance(value, bool):
        raise Invalid(_("Enter the amount in yuan as a number, e.g. 12000 or 12000.50."))
    if isinstance(value, float):
        text = repr(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
        text = text.removesuffix("元").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Invalid(_("Enter the amount in yuan as a number, e.g. 12000 or 12000.50.")) from None
    if number.is_nan():
        raise Invalid(_("Enter the amount in yuan as a number, e.g. 12000 or 12000.50."))
    if number < 0:
        raise Invalid(_("The amount cannot be negative; enter 0 if no money is involved."))
    if number > MAX_AMOUNT:      # before rounding: a huge exponent cannot be rounded to the fen
        raise Invalid(_("The amount is too large; check the number of digits."))
    rounded = number.quantize(FEN, rounding=ROUND_HALF_UP)
    if isinstance(value, float):
        if abs(rounded - number) > Decimal("0.000001"):
            raise Invalid(_("The amount has more than two decimals; round it to the fen (0.01 yuan)."))
    elif rounded != number:
        raise Invalid(_("The amount has more than two decimals; round it to the fen (0.01 yuan)."))
    if rounded > MAX_AMOUNT:
        raise Invalid(_("The amount is too large; check the number of digits."))
    return rounded


def to_fen(value: Decimal) -> int:
    return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_fen(fen: int | None) -> Decimal | None:
    return None if fen is None else (Decimal(fen) / 100).quantize(FEN)


def count(value: object, *, minimum: int = 0, maximum: int = MAX_COUNT) -> int:
    if isinstance(value, float) and value.is_integer():      # 3.0 from a spreadsheet cell
        value = int(value)
    text = str(value).strip()
    if not isinstance(value, int) and len(text) > len(str(maximum)) + 1 and text.lstrip("+-").isdigit():
        raise Invalid(_("The number cannot be more than {maximum}.").format(maximum=maximum))
    try:
        number = int(text) if not isinstance(value, int) else value
    except ValueError:
        raise Invalid(_("Enter a whole number, e.g. 3.")) from None
    if number < minimum:
        raise Invalid(_("The number cannot be less than {minimum}.").format(minimum=minimum))
    if number > maximum:
        raise Invalid(_("The number cannot be more than {maximum}.").format(maximum=maximum))
    return number


def required_text(value: str | None, *, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise Invalid(_("This field is required."))
    if len(text) > max_length:
        raise Invalid(_("At most {n} characters; shorten the text.").format(n=max_length))
    return text


def optional_text(value: str | None, *, max_length: int) -> str | None:
    text = (value or "").strip()
    if len(text) > max_length:
        raise Invalid(_("At most {n} characters; shorten the text.").format(n=max_length))
    return text or None


# --- names and the sides of a case (issue 16: validation that means something) ---------------------------------
# A person's name: Chinese characters (any CJK block), or letters for a foreign name, with the middle dot that
# joins the parts of many 少数民族 and foreign names (阿依古丽·买买提). The look-alike dots people type are
# taken as the middle dot.
_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "．": "·", "∙": "·", "⋅": "·"})
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff〇"      # planes 2-3: Ext B to H and on
_PERSON_NAME = re.compile(rf"[{_CJK}A-Za-z]+(?:[· ][{_CJK}A-Za-z]+)*")
# An organisation's name may hold digits and brackets (第三建筑工程公司, 某某(杭州)有限公司), but must hold words.
_ORGANISATION_NAME = re.compile(rf"[{_CJK}A-Za-z0-9·（）()、&＆\-— ]+")
_WORD = re.compile(rf"[{_CJK}A-Za-z]")
_ID_LIKE = re.compile(r"\d{15}|\d{17}[\dXx]")


def party_name(value: str | None, *, organisation: bool = False, max_length: int = 100) -> str:
    """A party's name: a person's (Chinese, letters, · between parts) or an organisation's (digits and
    brackets allowed). Never digits alone, an ID number, or punctuation."""
    text = re.sub(r"\s+", " ", (value or "").translate(_NAME_DOTS)).strip()
    if not text:
        raise Invalid(_("Enter the name as on the ID card or the business licence."))
    if len(text) > max_length:
        raise Invalid(_("At most {n} characters; shorten the text.").format(n=max_length))
    compact = text.replace(" ", "")
    if _ID_LIKE.fullmatch(compact):
        raise Invalid(_("This is an ID number, not a name: put it under ID number and type the name here."))
    if not _WORD.search(text):
        raise Invalid(_("A name is made of characters or letters, not digits or signs; type the name as on "
                        "the ID card."))
    if organisation:
        if not _ORGANISATION_NAME.fullmatch(text):
            raise Invalid(_("An organisation's name holds characters, letters, digits and brackets only; type "
                            "it as on the business licence."))
        return text
    if not _PERSON_NAME.fullmatch(text):
        raise Invalid(_("A person's name holds characters or letters only (a · may join the parts, as in "
                        "阿依古丽·买买提); remove digits and other signs. For a company choose 单位."))
    return text


def person_name(value: str | None, *, max_length: int = 50) -> str:
    """A mediator's, officer's or roster member's name: as a person party's (never digits or an ID number). Left
    empty it is said to be required: "as on the ID card or the business licence" is a party's wording."""
    if not re.sub(r"\s+", "", (value or "").translate(_NAME_DOTS)):
        raise Invalid(_("This field is required."))
    return party_name(value, max_length=max_length)


def proper_name(value: str | None, *, max_length: int = 100) -> str:
    """The name of a committee, a county, a team or a case-number prefix: required, and words, not digits or
    signs alone (a newcomer's station named 12345 printed as 12345（印章） on every agreement)."""
    text = required_text(value, max_length=max_length)
    if not _WORD.search(text):
        raise Invalid(_("A name is made of characters or letters, not digits or signs alone; type the full name."))
    return text


# The case number adds 调字 after the short name, "(2026)青人调字第12号" (app/services/transitions.py): a short name
# written with it would print "(2026)青人调字调字第12号" on every document.
NUMBER_WORDS = ("调字", "调")


def case_prefix(value: str | None, *, max_length: int = 16) -> str:
    """The short name in the station's case numbers (青人 in "(2026)青人调字第12号"): a proper name, without the
    调字 the number adds itself."""
    text = proper_name(value, max_length=max_length)
    for words in NUMBER_WORDS:
        if text.endswith(words) and len(text) > len(words):
            short = text[:-len(words)]
            raise Invalid(_("Write the short name only, e.g. {short}: the case number adds 调字 itself, so {text} "
                            "would print as (2026){text}调字第12号.").format(short=short, text=text))
    return text


def sides_problem(roles: list[str], reason: str | None) -> str | None:
    """A case has an applicant and a respondent, or a stated reason why not (e.g. the committee mediates a
    group dispute on its own initiative). Returns what to fix, or None."""
    if not roles:
        return _("Fill in the parties: at least one 申请人 with a name (and normally a 被申请人).")
    if "applicant" in roles and "respondent" in roles:
        return None
    if (reason or "").strip():
        return None
    missing = _("a respondent") if "applicant" in roles else _("an applicant")
    return _("A case needs an applicant and a respondent. Add {missing}, or, if there is none (e.g. 主动调解 of "
             "a group), write why under 'Why only one side'.").format(missing=missing)


def id_facts(value: str, *, today: date | None = None) -> tuple[date, str] | None:
    """(birth date, 'male'/'female') from a complete, valid 18-character ID number, else None."""
    try:
        number = id_number(value, today=today)
    except Invalid:
        return None
    return birth_date_from_id(number), gender_from_id(number)
