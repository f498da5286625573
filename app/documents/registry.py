"""The registry of document types. Each type is declared once, here: its code, its title as on the national form,
when a case has it, the parts it requires, whether it masks identities, its place in the dossier and its builder.
The print menu, `print --list-docs`, the procedural checks, the agreement's 检查并签署, the dossier and the
settings all read it. Adding a type: write its builder (one file in app/documents/) and add one entry below."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.documents import rules as r
from app.errors import DocumentUnavailable
from app.i18n import N_, _
from app.lifecycle import Status

if TYPE_CHECKING:
    from app.services.case_record import CaseRecord


@dataclass(frozen=True)
class Requirement:
    """A part the document must hold: the words that show it on paper (the golden tests look for them), and
    what the record lacks for it (None: the form itself prints it, whatever was recorded)."""
    marker: str
    lacks: r.Lacks | None = None


@dataclass(frozen=True)
class Slot:
    """The document's place in the dossier: the number in the national contents list (1–13), the parts the
    dossier must hold (a gap, 缺, when absent or only a draft) and, when not every printable one, those it holds."""
    number: int
    required: r.Parts = lambda record: r.NOTHING
    holds: r.Parts | None = None


@dataclass(frozen=True)
class DocType:
    code: str
    title: str                    # as on the national form (documents always print in Chinese)
    description: str              # N_(): what `print --list-docs` and the print menu say of it
    builder: str                  # "module:function" in app/documents/, imported when first used
    parts: r.Parts                # which the case has now: () none, ("",) one, ("1", "2") one per session …
    requires: tuple[Requirement, ...] = ()
    signed: Callable[[CaseRecord, str], bool] | None = None   # recorded as signed (None: nothing to sign here)
    masked: bool = False          # masks ID numbers and phones by default (the station's setting decides)
    dossier: Slot | None = None
    numbered: bool = False        # one per session, hearing or visit: "人民调解记录（第2次）"
    unavailable: str = ""         # N_(): why a case that does not have it cannot print it
    scope: str = "case"           # "station": a document of the station, not of a case (no case has it)

    def label(self, part: str) -> str:
        return f"{self.title}（第{part}次）" if self.numbered and part else self.title

    def build(self, session, dispute_id: int, part: str):
        """The document as its builder makes it, through the one text normaliser (app/cn_text.py)."""
        from app.cn_text import normalise_document

        module, name = self.builder.split(":")
        return normalise_document(getattr(importlib.import_module(f"app.documents.{module}"), name)(
            session, dispute_id, part))


def _mark(*markers: str) -> tuple[Requirement, ...]:
    return tuple(Requirement(m) for m in markers)


SEAL = "（印章）"
PARTY_SIGNS = "（签名、盖章或按指印）"

REGISTRY: tuple[DocType, ...] = (
    DocType("application", "人民调解申请书", N_("the parties' application for mediation"), "forms:application",
            parts=r.once(r.applied), dossier=Slot(1), unavailable=N_(
                "The case did not come by a party's application; its acceptance form records how it came."),
            requires=(Requirement("申请事项", r.text("claims", N_("the applicant's requests (申请事项)"))),
                      Requirement("事实和理由", r.text("facts", N_("the facts of the dispute"))),
                      Requirement("申请人：", r.both_sides), Requirement(PARTY_SIGNS))),
    DocType("acceptance", "人民调解受理登记表", N_("the acceptance register form"), "forms:acceptance",
            parts=r.once(r.accepted), dossier=Slot(1, lambda c: r.NOTHING if r.turned_away(c) else r.ONE),
            unavailable=N_("The case has not been accepted; the acceptance form is made on acceptance."),
            requires=(Requirement("案号"), Requirement("纠纷类型"), Requirement("案件来源"),
                      Requirement("纠纷简要情况", r.text("facts", N_("the facts of the dispute"))),
                      Requirement("主持调解员", r.present(lambda c: c.dispute.presiding_mediator_id,
                                                        N_("the presiding mediator"))),
                      *_mark("受理日期", PARTY_SIGNS, "登记人（签名）", SEAL))),
    DocType("decline-notice", "不予受理告知书", N_("the notice that the case is not accepted, with the reason"),
            "notices:decline_notice", parts=r.once(r.closed_as(Status.DECLINED)),
            dossier=Slot(1, r.once(r.closed_as(Status.DECLINED))),
            unavailable=N_("The case was not declined; this notice is made when a case is declined."),
            requires=(Requirement("决定不予受理", r.text("decline_reason", N_("the reason for declining"))),
                      *_mark("当事人签收", SEAL))),
    DocType("referral", "纠纷移送函", N_("the letter referring the case to another body, with the reason"),
            "notices:referral", parts=r.once(r.closed_as(Status.REFERRED)),
            dossier=Slot(1, r.once(r.closed_as(Status.REFERRED))),
            unavailable=N_("The case was not referred; this letter is made when a case is referred elsewhere."),
            requires=(Requirement("现将该纠纷移送", r.text("referral_target", N_("the body the case is referred to"))),
                      *_mark("纠纷简要情况", "接收人（签名）", SEAL))),
    DocType("rights-notice", "人民调解当事人权利义务告知书", N_("the notice of the parties' rights and duties"),
            "forms:rights_notice", parts=r.once(lambda c: not r.turned_away(c)),
            dossier=Slot(2, lambda c: r.NOTHING if r.turned_away(c) else r.ONE),
            unavailable=N_("The case was not accepted here; its parties are told their rights when a case is "
                           "accepted."),
            requires=_mark("第二十三条", "第二十四条", PARTY_SIGNS)),
    DocType("investigation", "人民调解调查记录", N_("the record of one investigation (--session N)"),
            "records:investigation", parts=r.numbered(lambda c: len(c.investigations)), numbered=True,
            dossier=Slot(5), unavailable=N_("No investigation is recorded in this case."),
            requires=_mark("被调查人", "问：", "调查人（签名）", "记录人（签名）")),
    DocType("evidence-list", "证据材料清单", N_("the list of evidence received"), "records:evidence_list",
            parts=r.once(lambda c: bool(c.evidence)), dossier=Slot(6),
            unavailable=N_("No evidence is recorded in this case; add it on the Evidence tab."),
            requires=_mark("证据名称", "页数", "接收人（签名）")),
    DocType("session-record", "人民调解记录", N_("the record of one session (--session N)"), "forms:session_record",
            parts=r.session_parts, numbered=True, dossier=Slot(7, r.sessions_required),
            unavailable=N_("No session is recorded in this case; record one on the Sessions tab."),
            requires=(Requirement("告知权利义务", r.session_point("rights_told")),
                      Requirement("说明调解原则", r.session_point("principles_explained")),
                      Requirement("当事人陈述", r.session_point("statements")),
                      Requirement("经核实的事实", r.session_point("findings_checked")),
                      Requirement("风险告知", r.session_point("risks_explained")),
                      Requirement("调解结果", r.session_point("outcome")),
                      Requirement("主持调解员（签名）", r.session_point("signatures")))),
    DocType("hearing-notice", "听证通知书", N_("the notice of a hearing (--session N; identities masked)"),
            "hearing:notice", parts=r.numbered(lambda c: len(c.hearings)), numbered=True, masked=True,
            dossier=Slot(7), unavailable=N_("No hearing is planned in this case."),
            requires=_mark("举行", "听证员", "特此通知", SEAL)),
    DocType("hearing-record", "听证记录", N_("the record of a hearing held (--session N)"), "hearing:record",
            parts=r.numbered(lambda c: len(r.held(c))), numbered=True,
            dossier=Slot(7, r.numbered(lambda c: len(r.held(c)))),
            unavailable=N_("No hearing has been held in this case."),
            requires=(Requirement("的意见", r.officers_opinions),
                      *_mark("到场当事人", "主持人（签名）", "记录人（签名）"))),
    DocType("hearing-summary", "听证纪要", N_("the summary of a hearing (--session N; identities masked)"),
            "hearing:summary", parts=r.summarised, numbered=True, masked=True,
            dossier=Slot(7, r.numbered(lambda c: len(r.held(c)))),
            unavailable=N_("No hearing summary is written in this case; write it on the Hearings tab."),
            requires=(Requirement("查明的事实", r.hearing_summary("summary_facts", N_("the facts found"))),
                      Requirement("处理意见", r.hearing_summary("summary_handling", N_("the proposed handling"))),
                      *_mark("争议焦点", SEAL))),
    DocType("agreement", "人民调解协议书", N_("the written settlement agreement"), "agreement:written",
            parts=r.once(r.agreement_in("written")), signed=r.agreement_signed,
            dossier=Slot(8, r.settled_in("written")),
            unavailable=N_("This case has no written agreement yet; write it on the Agreement tab."),
            requires=(Requirement("被申请人", r.both_sides), Requirement("纠纷主要事实", r.agreement_facts),
                      Requirement("争议事项", r.agreement_matters),
                      Requirement("各方当事人的责任", r.agreement_responsibilities),
                      Requirement("调解意见及法律依据", r.agreement_reasoning),
                      Requirement("协议内容", r.agreement_terms),
                      Requirement("履行方式、地点、期限", r.agreement_how),
                      Requirement("一式", r.agreement_copies),
                      *_mark(PARTY_SIGNS, "人民调解员（签名）", "记录人（签名）", SEAL))),
    DocType("oral-agreement", "人民调解口头协议登记表", N_("the registration form of an oral agreement"),
            "agreement:oral", parts=r.once(r.agreement_in("oral")), signed=r.agreement_signed,
            dossier=Slot(8, r.settled_in("oral")),
            unavailable=N_("This case has no oral agreement yet; write it on the Agreement tab."),
            requires=(Requirement("当事人", r.both_sides), Requirement("纠纷简要情况", r.agreement_facts),
                      Requirement("协议内容", r.agreement_terms), *_mark("履行方式、期限", "当事人签名", "登记人"))),
    DocType("termination", "调解终止告知书", N_("the notice that mediation failed or ended, with the other routes"),
            "notices:termination_notice", parts=r.once(r.closed_as(Status.FAILED, Status.ENDED)),
            dossier=Slot(8, r.once(r.closed_as(Status.FAILED, Status.ENDED))),
            unavailable=N_("Mediation of this case has not failed or ended; the termination notice is made then."),
            requires=(Requirement("决定终止调解", r.termination_reason),
                      *_mark("当事人可以依法通过下列途径维护自己的权利", "当事人签收", SEAL))),
    DocType("performance", "履行情况记录", N_("how each term of the agreement was performed"), "records:performance",
            parts=r.once(r.performance_recorded), dossier=Slot(9, holds=r.once(r.performed_terms)),
            unavailable=N_("This case has no signed agreement with terms; performance is recorded against them."),
            requires=_mark("协议内容", "履行情况", "记录人（签名）")),
    DocType("follow-up", "人民调解回访记录", N_("the record of a follow-up visit (--session N)"), "records:follow_up",
            parts=r.numbered(r.visits), numbered=True, dossier=Slot(10),
            unavailable=N_("No follow-up visit is recorded in this case; record the visit on the Follow-up tab "
                           "first."),
            requires=(Requirement("回访对象", r.visit_field("persons_visited", N_("who was visited"))),
                      Requirement("协议履行情况", r.visit_field("performance", N_("how the agreement is performed"))),
                      Requirement("当事人满意度", r.visit_field("satisfaction", N_("the parties' satisfaction"))),
                      *_mark("回访人（签名）", SEAL))),
    DocType("judicial-confirmation", "司法确认申请书", N_("the joint application for judicial confirmation"),
            "confirmation:judicial_confirmation", parts=r.once(r.confirmable),
            dossier=Slot(11, holds=r.confirmation_applied),
            unavailable=N_("Judicial confirmation is applied for on a signed written agreement about a matter a "
                           "court can confirm; this case has none."),
            requires=(Requirement("此致", r.confirmation_filed),
                      *_mark("请求事项", "第三十三条", "法释〔2011〕5号", PARTY_SIGNS))),
    DocType("court-reply", "委派（委托）调解结果告知函",
            N_("the result returned to the court that sent the case to mediation (--session N: which referral)"),
            "court_reply:court_reply", parts=r.numbered(lambda c: len(r.court_referrals(c))), numbered=True,
            dossier=Slot(12), unavailable=N_("The case was not sent by a court; record the court's letter on the "
                                             "Referrals tab first."),
            requires=(Requirement("调解结果", r.court_result), *_mark("法院函号", "此致", SEAL))),
    DocType("cover", "卷宗封面", N_("the dossier's cover"), "dossier:cover", parts=r.always,
            requires=(Requirement("卷名", lambda c, part: dossier_gaps(c)),
                      *_mark("人民调解卷宗", "卷号", "立卷人", "保管期限"))),
    DocType("contents", "卷内目录", N_("the dossier's contents list, with the page of each document"),
            "dossier:contents", parts=r.always,
            requires=(Requirement("文书名称", lambda c, part: dossier_gaps(c)), *_mark("页号", "页数", "封底"))),
    DocType("back-cover", "封底", N_("the dossier's back cover, with the page total"), "dossier:back_cover",
            parts=r.always, requires=(Requirement("本卷共", lambda c, part: dossier_gaps(c)),
                                      *_mark("立卷人", "检查人"))),
    DocType("monthly-report", "人民调解月度工作报告", N_("the station's monthly work report (`report monthly`)"),
            "monthly:monthly", parts=lambda record: (), scope="station",
            unavailable=N_("The monthly report is the station's, not a case's: print it with `mediation-station "
                           "report monthly --month 2026-11` or 文件 → 月度工作报告."),
            requires=_mark("一、纠纷受理情况", "二、纠纷调解情况", "调解成功率", "协议金额", "召开调解会", "回访",
                           "矛盾纠纷排查", "预防纠纷", "三、超期未办结情况", "四、工作小结", "附表", "调委会主任（签名）")),
    DocType("ministry-report", "人民调解工作统计表", N_("the Ministry's statistics report of a period (`stats --ministry`)"),
            "ministry:ministry", parts=lambda record: (), scope="station",
            unavailable=N_("The Ministry's statistics report is the station's, not a case's: print it with "
                           "`mediation-station stats --ministry --period 2026-11 --format pdf --out FILE` or from 文件 → "
                           "统计报表."),
            requires=_mark("填报单位", "统计期间", "一、组织队伍", "二、排查与预防", "三、调解", "四、防止激化", "填报人",
                           "审核人", "填报日期")),
)
TYPES: dict[str, DocType] = {t.code: t for t in REGISTRY}


@dataclass(frozen=True)
class Paper:
    """Material the dossier holds on paper (not printed here): its place, and its pages when they are entered."""
    number: int
    title: str
    required: Callable[[CaseRecord], bool]
    pages: int = 0


def papers(record: CaseRecord) -> list[Paper]:
    """The paper materials of the case's dossier, in the national order (DOMAIN.md)."""
    found = [Paper(3, "当事人身份证明", lambda c: True)]
    if r.agent_named(record):
        found.append(Paper(4, "授权委托书", lambda c: False))
    found += [Paper(6, f"证据材料：{e.name}", lambda c: False, e.pages) for e in record.evidence if e.pages]
    if r.performed_terms(record):
        found.append(Paper(9, "履行凭证", lambda c: False))
    return found


def get(code: str) -> DocType:
    if code not in TYPES:
        raise DocumentUnavailable(_("Unknown document type {name}; see `mediation-station print --list-docs`.")
                                  .format(name=code))
    return TYPES[code]


def title(code: str) -> str:
    """The national title of a type (the code itself for a type no longer known, e.g. in an old registry)."""
    return TYPES[code].title if code in TYPES else code


def agreement_type(form: str) -> str:
    """The type of document an agreement of this form ("written" or "oral") is."""
    return "agreement" if form == "written" else "oral-agreement"


def default_masked() -> str:
    """The station setting's default: the types that mask identities, comma-separated."""
    return ",".join(t.code for t in REGISTRY if t.masked)


def lacks(record: CaseRecord, code: str, part: str = "", *, signing: bool = True) -> list[str]:
    """What keeps this document from being issued: each required part the record lacks, then its signing
    (`signing=False`: the parts only, as 检查并签署 asks before signing). Empty: complete (and signed)."""
    kind = TYPES[code]
    found = [m for q in kind.requires if q.lacks for m in q.lacks(record, part)]
    if signing and kind.signed is not None and not kind.signed(record, part):
        found.append(_("the signatures (recorded with 检查并签署)"))
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Printable:
    doc_type: str
    part: str
    label: str        # 人民调解记录（第2次）
    draft: bool       # prints only as a draft until the record is complete and signed


def printable(record: CaseRecord) -> list[Printable]:
    """The documents this case can print now, in the national order (the 文书 tab's list)."""
    return [Printable(t.code, part, t.label(part), bool(lacks(record, t.code, part)))
            for t in REGISTRY for part in t.parts(record)]


@dataclass(frozen=True)
class Place:
    """One line of the dossier before its documents are built: the type and part, or paper."""
    number: int
    title: str
    required: bool
    doc_type: str = ""
    part: str = ""
    pages: int = 0            # paper: as entered


def dossier_places(record: CaseRecord) -> list[Place]:
    """Every line of the case's dossier in the national order: its documents (required ones even when missing)
    and its paper materials."""
    places = []
    for t in REGISTRY:
        if t.dossier is None:
            continue
        required = tuple(t.dossier.required(record))
        held = tuple((t.dossier.holds or t.parts)(record))
        for part in sorted(dict.fromkeys((*held, *required)), key=lambda p: int(p) if p.isdigit() else 0):
            places.append(Place(t.dossier.number, t.label(part), part in required, t.code, part))
    places += [Place(p.number, p.title, p.required(record), pages=p.pages) for p in papers(record)]
    return sorted(places, key=lambda p: p.number)     # stable: documents before paper of the same number


def dossier_gaps(record: CaseRecord) -> list[str]:
    """The dossier's gaps: each required document that is missing, or only a draft (its contents mark 缺)."""
    have = {(t.code, p) for t in REGISTRY for p in t.parts(record)}
    return [_("{title} (missing)").format(title=p.title) if (p.doc_type, p.part) not in have
            else _("{title} (a draft)").format(title=p.title)
            for p in dossier_places(record)
            if p.required and p.doc_type and ((p.doc_type, p.part) not in have or lacks(record, p.doc_type, p.part))]
