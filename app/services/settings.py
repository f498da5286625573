"""Station settings stored in the database (so every PC of the station and the county see the same)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import StationSetting

DEFAULTS = {
    "follow_up_delay_days": "15",
    # The standard clauses printed on agreements; a station may reword them (Settings), not the code.
    "clause.binding": "本协议经各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章后生效，"
                      "具有法律约束力，当事人应当按照约定履行（《中华人民共和国人民调解法》第三十一条）。",
    "clause.confirmation": "各方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认"
                           "（《中华人民共和国人民调解法》第三十三条）。",
    "clause.copies": "本协议一式{copies}份，当事人各执一份，人民调解委员会留存一份。",
    # Document types printed with ID numbers and phones masked (posted or handed to others).
    "mask.documents": "hearing-notice,hearing-summary",
    "clause.oral": "本口头协议自各方当事人达成协议之日起生效，当事人应当按照约定履行"
                   "（《中华人民共和国人民调解法》第三十条、第三十一条）。",
    # "1" after a receipt disagreed with what was sent: the next bundle carries everything again.
    "sync.next_full": "0",
}


def get(session: Session, key: str) -> str:
    row = session.get(StationSetting, key)
    return row.value if row else DEFAULTS[key]


def put(session: Session, key: str, value: str) -> None:
    row = session.get(StationSetting, key)
    if row is None:
        session.add(StationSetting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def follow_up_delay_days(session: Session) -> int:
    """Days after the last performance deadline when the follow-up visit is due."""
    return int(get(session, "follow_up_delay_days"))
