"""The rows of the Ministry's statistics report (人民调解工作统计), in one place: each line's Chinese label as the
bureaus' reports print it (DOMAIN.md), its units and the key of each figure. The PDF, the xlsx, the JSON and the
window all read them from here; a new row is a new Line below (and its figure in ministry_report.compute)."""
from __future__ import annotations

from dataclasses import dataclass

TITLE = "人民调解工作统计表"


@dataclass(frozen=True)
class Figure:
    key: str                 # in MinistryReport.counts, or derived there (rates, 万元)
    unit: str                # 个, 人, 次, 件, %, 万元
    decimals: int = 0


@dataclass(frozen=True)
class Line:
    label: str
    figures: tuple[Figure, ...] = ()      # none: a heading for the lines under it (案件来源, 协议形式)
    parent: str = ""                      # the line it is part of (其中) or stands under


@dataclass(frozen=True)
class Section:
    name: str                # 组织队伍: the JSON key
    title: str               # 一、组织队伍: as printed
    lines: tuple[Line, ...]
    matrix: bool = False     # holds the disputes by type × outcome (before its lines)


def _one(label: str, key: str, unit: str, parent: str = "", decimals: int = 0) -> Line:
    return Line(label, (Figure(key, unit, decimals),), parent)


# committee_kinds codes and the report's names of them
COMMITTEE_KINDS = (("village", "村/嘎查"), ("community", "社区"), ("township", "乡镇/苏木"), ("subdistrict", "街道"),
                   ("enterprise", "企事业单位"), ("professional", "行业性专业性"))
# The report's three sources (案件来源) and the case_sources codes each takes; any other code is a hand-over.
SOURCES = (("initiative", "主动调解", ("initiative",)), ("applied", "申请调解", ("applied",)),
           ("entrusted", "接受委托移送调解", ("police", "court", "government", "petition")))
# The columns of the disputes by type (纠纷类型) and the statistics' measure each one is.
OUTCOMES = (("accepted", "受理"), ("settled", "调解成功"), ("failed", "调解不成"), ("ended", "终止"))
MATRIX_TITLE = "纠纷类型"
TOTAL = "合计"
# risks.ESCALATIONS codes and the report's rows
ESCALATIONS = (("criminal", "防止民间纠纷转化为刑事案件"), ("mass_petition", "防止群体性上访"),
               ("suicide", "防止因民间纠纷引起自杀"), ("group_fight", "制止群体性械斗"))

SECTIONS = (
    Section("组织队伍", "一、组织队伍", (
        _one("调解委员会", "committees", "个"),
        *[_one(label, f"committees:{code}", "个", "调解委员会") for code, label in COMMITTEE_KINDS],
        _one("人民调解员", "mediators", "人"),
        *[_one(label, key, "人", "人民调解员") for key, label in (
            ("full_time", "专职"), ("part_time", "兼职"), ("women", "女性"), ("college_or_above", "大专以上"),
            ("heads", "调委会主任"))],
        _one("信息员/网格员", "informants", "人"))),
    Section("排查与预防", "二、排查与预防", (
        _one("排查次数", "screenings", "次"), _one("排查发现纠纷", "found", "件"), _one("预防纠纷", "prevented", "件"))),
    Section("调解", "三、调解", (
        _one("成功率", "success_rate", "%", decimals=1),
        Line("案件来源"),
        *[Line(label, (Figure(f"source:{key}", "件"), Figure(f"source:{key}:share", "%", 1)), "案件来源")
          for key, label, _codes in SOURCES],
        Line("协议形式"),
        _one("书面", "written", "件", "协议形式"), _one("口头", "oral", "件", "协议形式"),
        _one("协议涉及金额", "agreed_wan", "万元", decimals=2),
        _one("涉及人数", "people", "人"), _one("履行", "performed", "件"), _one("司法确认", "confirmed", "件")),
        matrix=True),
    Section("防止激化", "四、防止激化", tuple(
        Line(label, (Figure(f"escalation:{code}", "件"), Figure(f"escalation:{code}:people", "人")))
        for code, label in ESCALATIONS)),
)


# What the figures leave out, said under the tables (in Chinese, as the report is printed, whatever the window's
# language): the committees without their kind, the mediators neither 专职 nor 兼职.
NOTES = {"committee_kind": "{n}个调委会未填写类别：计入调解委员会总数，未计入各类别（主任在“设置 → 本委员会”中填写）。",
         "employment": "{n}名人民调解员未填写专职或兼职：计入人民调解员总数，未计入专职、兼职（在调解员资料中填写）。"}


def matrix_key(type_code: str, outcome: str) -> str:
    """The count of one dispute type and outcome (受理, 调解成功 …) in MinistryReport.counts."""
    return f"type:{type_code}:{outcome}"


def source_group(code: str) -> str:
    """The report's source (主动调解, 申请调解, 接受委托移送调解) a case_sources code counts under."""
    return next((key for key, _label, codes in SOURCES if code in codes), "entrusted")


def figure(key: str) -> tuple[str, Figure]:
    """The label of the line holding a figure, and the figure (the county's appendix names its columns so)."""
    for section in SECTIONS:
        for line in section.lines:
            for f in line.figures:
                if f.key == key:
                    return line.label, f
    outcome = dict(OUTCOMES).get(key)
    if outcome:
        return outcome, Figure(key, "件")
    raise KeyError(key)
