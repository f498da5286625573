"""The case's 历程 says every value as the forms show it: labels for codes, Chinese dates, local times."""
from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from app.attachments import AttachmentStore
from app.services import evidence, sessions
from app.services.case_history import case_history
from db.models import AgreementTerm, Party
from tests.conftest import full_case_record

RAW = re.compile(r"\b(male|female|person|organisation|applicant|respondent|documentary|physical|pending|partly|"
                 r"performed|planned|recorded|held|written|oral|satisfied)\b|\d{4}-\d{2}-\d{2}T")


def test_changes_of_parties_terms_sessions_and_evidence_read_in_words(db):
    d = full_case_record(db)
    store = AttachmentStore.beside(db.path)
    with db.write.begin() as s:
        party = s.scalars(select(Party).where(Party.dispute_id == d, Party.name == "张三")).one()
        was_female = party.gender == "female"
        party.gender, party.birth_date = ("male" if was_female else "female"), date(1980, 5, 6)
        term = s.scalars(select(AgreementTerm).order_by(AgreementTerm.id.desc())).first()
        term.performance, term.performed_on = "partly", date(2026, 11, 23)
        sessions.plan_session(s, dispute_id=d, planned_at=datetime(2026, 11, 25, 14, 30), place="村委会")
        item = evidence.list_evidence(s, dispute_id=d)[0]
        evidence.update_evidence(s, evidence_id=item.id, name=item.name, source="现场", kind="physical", pages=0,
                                 provided_by="李四", received_on=date(2026, 11, 22), store=store)
        inv = evidence.list_investigations(s, dispute_id=d)[0]
        evidence.update_investigation(s, investigation_id=inv.id, held_at=datetime(2026, 11, 21, 15, 0),
                                      place=inv.place, person_questioned="李四", questions=list(inv.questions),
                                      now=datetime(2026, 11, 23, 10))
    with db.read() as s:
        lines = case_history(s, dispute_id=d)
    details = [x for line in lines for x in line.details]
    assert any(x.startswith("性别：") and x.endswith("“男”" if was_female else "“女”") for x in details)
    assert any(x.startswith("出生日期") and "1980年5月6日" in x for x in details)
    assert any(x.startswith("履行情况") and "部分履行" in x for x in details)
    assert any(x.startswith("类别") and "“书证” → “物证”" in x for x in details)
    assert "时间：“2026年11月21日 10:00” → “2026年11月21日 15:00”" in details      # the investigation's
    assert not [x for x in details if RAW.search(x)]
