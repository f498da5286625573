"""The register's search finds a case by an organisation's 法定代表人 and by a party's agent, in a new case and in
a database written before the index held them (re-indexed when the app opens it)."""
from __future__ import annotations

from sqlalchemy import text

from app import search_text
from app.database import open_database
from app.drafts import PartyDraft
from app.services import disputes, register
from app.services.register import RegisterQuery
from tests.conftest import ID_A, TODAY, make_draft

ORGANISATION = PartyDraft(role="respondent", kind="organisation", name="青山物业服务有限公司",
                          credit_code="91350100M000100Y43", legal_representative="赵大海",
                          agent_name="钱律师", agent_phone="13900001111")


def found(session, query: str) -> int:
    return register.count_cases(session, RegisterQuery(search=query))


def test_a_case_is_found_by_its_organisations_representative_and_agent(db):
    draft = make_draft(parties=(PartyDraft(role="applicant", name="张三", id_number=ID_A), ORGANISATION))
    with db.write.begin() as s:
        disputes.register_dispute(s, draft=draft, by=1, today=TODAY)
    with db.read() as s:
        assert found(s, "赵大海") == 1 and found(s, "大海") == 1
        assert found(s, "钱律师") == 1 and found(s, "13900001111") == 1
        assert found(s, "赵小海") == 0


def test_an_older_database_is_reindexed_when_opened(db):
    draft = make_draft(parties=(PartyDraft(role="applicant", name="张三", id_number=ID_A), ORGANISATION))
    with db.write.begin() as s:
        view = disputes.register_dispute(s, draft=draft, by=1, today=TODAY)
    with db.write.begin() as s:     # as 0014 left it: the index without the representative and agent
        key = s.execute(text("SELECT search_key FROM dispute WHERE id = :i"), {"i": view.id}).scalar()
        s.execute(text("DELETE FROM dispute_search"))
        s.execute(text("INSERT INTO dispute_search(rowid, body) VALUES (:k, :b)"), {"k": key, "b": search_text.document(
            [view.title, "张三", ID_A, "青山物业服务有限公司", view.facts])})
        s.execute(text("UPDATE alembic_version SET version_num = '0014'"))
        changes = s.execute(text("SELECT count(*) FROM change_log")).scalar()
        assert found(s, "赵大海") == 0
    db.engine.dispose()
    engine, read, _write = open_database(db.path)
    try:
        with read() as s:
            assert found(s, "赵大海") == 1 and found(s, "钱律师") == 1 and found(s, "张三") == 1
            assert s.execute(text("SELECT search_key FROM dispute WHERE id = :i"), {"i": view.id}).scalar() == key
            # no case was written by the re-index, so none is sent again at the next sync
            assert s.execute(text("SELECT count(*) FROM change_log")).scalar() == changes
    finally:
        engine.dispose()
