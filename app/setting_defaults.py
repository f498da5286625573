"""The station settings' defaults, apart so that the GUI reads them at start without SQLAlchemy."""
from __future__ import annotations

from collections.abc import Iterator, Mapping


class _Defaults(Mapping[str, str]):
    """The defaults; one of them, mask.documents, is the document registry's, which is imported when that one
    (or the whole mapping) is first read rather than at start-up: the window reads the idle-lock minutes before
    it shows, and the registry takes longer to import than showing the window."""

    def __init__(self, plain: dict[str, str]):
        self._plain = plain

    def _complete(self) -> dict[str, str]:
        if "mask.documents" not in self._plain:
            from app.documents.registry import default_masked

            self._plain["mask.documents"] = default_masked()
        return self._plain

    def __getitem__(self, key: str) -> str:
        try:
            return self._plain[key]
        except KeyError:
            return self._complete()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._complete())

    def __len__(self) -> int:
        return len(self._complete())


DEFAULTS = _Defaults({
    "follow_up_delay_days": "15",
    # Office hours (HH:MM): a new session or hearing is offered at the next hour inside them (app/work_rules.py).
    "office_hours.opens": "08:30",
    "office_hours.closes": "17:30",
    # Days after signing by which a term of an agreement is to be performed, unless the parties agree otherwise.
    "agreement.performance_days": "15",
    # The standard clauses printed on agreements; a station may reword them (Settings), not the code.
    "clause.binding": "本协议经各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章后生效，"
                      "具有法律约束力，当事人应当按照约定履行（《中华人民共和国人民调解法》第三十一条）。",
    "clause.confirmation": "各方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认"
                           "（《中华人民共和国人民调解法》第三十三条）。",
    "clause.copies": "本协议一式{copies}份，当事人各执一份，人民调解委员会留存一份。",
    # Document types printed with ID numbers and phones masked (posted or handed to others): the registry's,
    # "mask.documents", added by _Defaults when first read.
    "clause.oral": "本口头协议自各方当事人达成协议之日起生效，当事人应当按照约定履行"
                   "（《中华人民共和国人民调解法》第三十条、第三十一条）。",
    # "1" after a receipt disagreed with what was sent: the next bundle carries everything again.
    "sync.next_full": "0",
    # The largest file of a bundle, in MiB: 3.9 GiB, below FAT32's 4 GiB limit; a larger bundle is split.
    "sync.volume_mib": "3993",
    # Minutes without keyboard or mouse before the screen locks (0: never); set by the 主任.
    "security.idle_minutes": "10",
    # How many cases `demo` added: a register holding more than these holds real cases, and demo refuses it.
    "demo.cases": "0",
})
