"""The head of the station's audit chain travels in each bundle and stays at the county as a checkpoint;
only the 主任 exports, and a refusal is itself on the trail."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app import audit
from app.access import Actor
from app.errors import PermissionRefused
from app.sync.county_import import import_one
from db.models import AuditEntry, CountyBundle, SentBundle
from tests.conftest import register
from tests.sync.conftest import export, link, open_bundle

HEAD = Actor(1, "王调解", "head", 1)
MEDIATOR = Actor(9, "赵调解", "mediator", 3)


def test_bundle_carries_the_audit_head_to_the_county(db, county_db, tmp_path):
    link(db, county_db, tmp_path)
    register(db)
    with pytest.raises(PermissionRefused, match="主任"):
        export(db, tmp_path / "out", actor=MEDIATOR)
    with db.read() as s:
        before = audit.head(s)
    result = export(db, tmp_path / "out", actor=HEAD)
    manifest = json.loads(open_bundle(county_db, result.path)["manifest.json"])
    assert manifest["audit_head"] == {"seq": before[0], "hash": before[1]}
    with db.read() as s:
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
        sent = s.scalars(select(SentBundle)).one()
        assert audit.verify(s).ok
    assert actions[-2:] == ["refused", "export"]
    assert (sent.audit_seq, sent.audit_hash) == before
    assert import_one(county_db.write, result.path).status == "applied"
    with county_db.read() as s:
        stored = s.scalars(select(CountyBundle)).one()
        county_actions = s.scalars(select(AuditEntry.action)).all()
    assert (stored.audit_seq, stored.audit_hash) == before
    assert "import" in county_actions
