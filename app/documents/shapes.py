"""The plain data of each printable document: frozen dataclasses built by the builders of app/documents/ and
rendered by printing/ (which sees nothing else of the application)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentHeader:
    doc_type: str          # e.g. "agreement"; see app/documents/registry.py
    title: str             # 人民调解协议书
    committee: str         # 城关镇人民调解委员会
    case_no: str
    code: str = ""         # verification code printed on every page (set when the document is issued)
    version: int = 1
    part: str = ""         # which one, for documents made once per session, hearing, visit: "1", "2", …
    draft: bool = False    # the record is not complete and signed: 草稿 on every page, no code, not registered

    @property
    def key(self) -> str:
        """Which document this is within a dossier (drafts have no code to tell them apart)."""
        return f"{self.doc_type}:{self.part}:{self.code}"


@dataclass(frozen=True)
class PartyLine:
    role: str              # 申请人 / 被申请人 / 第三人
    name: str
    kind: str              # person / organisation
    gender: str = ""
    ethnicity: str = ""
    birth: str = ""        # 1949年12月31日
    occupation: str = ""
    address: str = ""
    phone: str = ""
    id_number: str = ""    # or the unified social credit code of an organisation
    legal_representative: str = ""
    agent: str = ""


@dataclass(frozen=True)
class TermLine:
    number: int
    text: str              # 李四赔偿张三维修费，金额人民币3,500.50元（大写：……）。 with, where several are
                           # liable, whether jointly (连带) or each for a share (按份), and the shares
    method: str
    place: str
    due: str               # 2026年12月10日前
    obligors: str = ""     # 李四、王五: who performs, by name
    obligees: str = ""     # 张三: who receives, by name


@dataclass(frozen=True)
class Citation:
    law: str
    article: str
    gist: str              # the station's explanation (printed as such, never as the statute's words)
    text: str = ""         # the article verbatim, from the catalogue (printed in quotation marks)
    source: str = ""       # the text's source, and the date it is in force from (ISO)
    version: str = ""


@dataclass(frozen=True)
class Signer:
    """One signature line of a party (or of someone else asked to sign): a person signs or puts a fingerprint;
    an organisation puts its seal, and its legal representative or person in charge signs."""
    label: str                   # 申请人：张三
    organisation: bool = False
    representative: str = ""     # 法定代表人/负责人's name, printed before the line


@dataclass(frozen=True)
class AgreementDoc:
    """人民调解协议书 (written) or 口头协议登记表 (oral)."""
    header: DocumentHeader
    oral: bool
    parties: tuple[PartyLine, ...]
    facts: str
    matters: str
    responsibilities: str
    findings: str
    citations: tuple[Citation, ...]
    fairness: str
    terms: tuple[TermLine, ...]
    clauses: tuple[str, ...]          # the station's standard clauses (binding effect, confirmation, copies)
    signers: tuple[Signer, ...]       # each party's signature line
    mediator: str
    record_keeper: str
    date: str                         # 2026年11月23日 (signed, or today for a draft)


@dataclass(frozen=True)
class FormDoc:
    """The shape of most national forms: a ruled label/value table, then text, signature lines, seal, date."""
    header: DocumentHeader
    rows: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()     # "记录人（签名）" lines
    date: str = ""
    seal: bool = False                   # the committee's seal area
    parties: tuple[PartyLine, ...] = ()  # ruled table of the parties' details, after the rows
    table: tuple[tuple[str, ...], ...] = ()   # a ruled list after the paragraphs, its header row first
    party_signatures: tuple[Signer | str, ...] = ()   # "申请人：张三": 签名、盖章或按指印 with a fingerprint box


@dataclass(frozen=True)
class DossierEntry:
    number: int                      # place in the national order
    title: str
    required: bool
    document: object | None = None   # an AgreementDoc or FormDoc; None when missing or kept on paper
    note: str = ""                   # 缺 (missing) / 纸质材料附后 (on paper) / 草稿 (a draft) / …
    pages: int = 0                   # of paper material, as entered when it was added

    @property
    def gap(self) -> bool:
        """A required document that is missing, or present only as a draft."""
        return self.required and (self.note == "缺" or (self.document is not None and self.document.header.draft))


@dataclass(frozen=True)
class DossierDoc:
    """卷宗: cover, contents with the page each document starts on, the documents, back cover."""
    header: DocumentHeader
    cover: tuple[tuple[str, str], ...]
    entries: tuple[DossierEntry, ...]
    filed_by: str
    date: str
    section: str = ""    # "" the whole dossier; "cover", "contents" or "back-cover" printed on their own
    frame: tuple[DocumentHeader, ...] = ()   # the cover's, the contents' and the back cover's, each with its code

    def section_header(self, section: str) -> DocumentHeader:
        """The header (and so the code) printed on the pages of the cover, contents or back cover."""
        return next((h for h in self.frame if h.doc_type == section), self.header)

    @property
    def missing_required(self) -> list[str]:
        """Titles of the required documents the dossier lacks or holds only as drafts (its gaps)."""
        return [e.title for e in self.entries if e.gap]


@dataclass(frozen=True)
class TableBlock:
    """A ruled table of a report: its heading (may be ""), its rows with the header row first, each column's
    share of the text width, and the columns holding figures (right-aligned). A label that begins with an
    ideographic space (U+3000) is a part of the line above it (其中), printed indented."""
    heading: str
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    figures: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReportDoc:
    """A statistics report on paper (人民调解工作统计表): who reports and for when, the ruled tables, notes, the
    lines the people who fill it in and check it sign, and appended tables (附表) from a new page."""
    header: DocumentHeader
    heading: tuple[tuple[str, str], ...]      # (label, text): 填报单位, 统计期间
    blocks: tuple[TableBlock, ...]
    signatures: tuple[str, ...] = ()          # 填报人, 审核人: a line each to sign
    date: tuple[str, str] = ("", "")          # ("填报日期", "2026年11月23日")
    notes: tuple[str, ...] = ()
    appendix: tuple[TableBlock, ...] = ()
