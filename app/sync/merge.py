"""Placing a bundle's records into the county database: by uid, by revision, within the station's own rows.

Per record: a higher revision replaces the county's row, an older one is ignored, the same revision with
the same content changes nothing and with different content goes to the conflict list. A tombstone marks
the row deleted and raises its revision, so that an older copy arriving late cannot bring it back. Every
reference is looked up among the rows of the sending station only: a station cannot touch another's rows.
New rows are bulk-loaded (COPY on PostgreSQL, executemany on SQLite), never one ORM object per row.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Table, any_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from app.i18n import _
from app.sync.envelope import BundleRefused
from app.sync.schema import CO_MEDIATORS, JSON_REFS, OWNER, TableSpec, referenced, specs
from db.base import Base, utcnow

CHUNK = 2000
FILE_BATCH = 16 << 20     # bytes of attachments per INSERT: memory stays bounded whatever a bundle holds


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def person_key(secret: bytes, id_number: str) -> str:
    """The keyed hash that recognises one person across stations; useless without the county's secret."""
    return hmac.new(secret, id_number.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()


def _among(session: Session, column, values: list):
    """column IN values; on PostgreSQL as = ANY(array): one parameter instead of thousands to render."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


class Merger:
    def __init__(self, s: Session, *, station_code: str, bundle_id: int, person_secret: bytes,
                 deleted_at: datetime | None = None):
        self.s, self.code, self.bundle_id, self.secret = s, station_code, bundle_id, person_secret
        self.deleted_at = deleted_at or utcnow()
        self.ids: dict[str, dict[str, int]] = {}          # table -> uid -> county id, rows of this station
        self.outcome: Counter[str] = Counter()

    @staticmethod
    def table(name: str) -> Table:
        return Base.metadata.tables[name]

    # -- looking rows up -------------------------------------------------------------------------------
    def _owned_query(self, name: str, uids: list[str]):
        """Rows among uids that belong to this station, following the owner references up to the station."""
        t0 = self.table(name).alias("t0")
        query = select(t0.c.uid, t0.c.id).where(_among(self.s, t0.c.uid, uids))
        if name == "legal_provision":
            # Provisions received before they had an owner (migration 0011) go to the first station that sends
            # them again; from then on they are that station's.
            station = self.table("station")
            return query.where(or_(t0.c.station_id.is_(None), t0.c.station_id.in_(
                select(station.c.id).where(station.c.code == self.code).scalar_subquery())))
        current, table = t0, name
        level = 0
        while table != "station":
            column = OWNER[table]
            parent_name = specs()[table].refs[column]
            level += 1
            parent = self.table(parent_name).alias(f"t{level}")
            query = query.join(parent, parent.c.id == current.c[column])
            current, table = parent, parent_name
        return query.where(current.c.code == self.code)

    def owned(self, name: str, uids: Iterable[str]) -> dict[str, int]:
        known = self.ids.setdefault(name, {})
        missing = sorted({u for u in uids if u not in known})
        for chunk in _chunks(missing):
            known.update((u, i) for u, i in self.s.execute(self._owned_query(name, chunk)))
        return known

    def _existing(self, name: str, uids: list[str]) -> dict[str, tuple[int, int]]:
        t = self.table(name)
        found: dict[str, tuple[int, int]] = {}
        for chunk in _chunks(uids):
            for uid, row_id, revision in self.s.execute(select(t.c.uid, t.c.id, t.c.revision).where(
                    _among(self.s, t.c.uid, chunk))):
                found[uid] = (row_id, revision)
        return found

    # -- one table of a bundle ---------------------------------------------------------------------------
    def merge(self, spec: TableSpec, records: list[dict]) -> None:
        live = [r for r in records if not r.get("_deleted")]
        tombstones = [r["uid"] for r in records if r.get("_deleted")]
        if spec.name == "station":
            self._check_station(live)
        existing = self._existing(spec.name, [r["uid"] for r in live])
        owned = self.owned(spec.name, existing)
        foreign = [u for u in existing if u not in owned]
        if foreign:
            raise BundleRefused(_("The bundle changes a {table} record ({uid}) that belongs to another station; "
                                  "it was refused.").format(table=spec.name, uid=foreign[0]))
        new, newer, same = [], [], []
        for r in live:
            found = existing.get(r["uid"])
            if found is None:
                new.append(r)
            elif int(r["revision"]) > found[1]:
                newer.append((found[0], r))
            elif int(r["revision"]) == found[1]:
                same.append((found[0], r))
            else:
                self.outcome["ignored"] += 1
        self.resolve(spec, [*new, *(r for _i, r in newer), *(r for _i, r in same)])
        self._insert(spec, new)
        self.update(spec, newer)
        changed = [*new, *(r for _i, r in newer), *self._compare(spec, same)]
        if spec.name == "dispute":
            self._co_mediators(changed)
        elif spec.name == "party":
            self._persons(changed)
        self._tombstones(spec, tombstones)

    def _check_station(self, live: list[dict]) -> None:
        for r in live:
            if r.get("code") != self.code:
                raise BundleRefused(_("The bundle of station {code} carries the record of station {other}; it "
                                      "was refused.").format(code=self.code, other=r.get("code")))

    def resolve(self, spec: TableSpec, records: list[dict]) -> None:
        """Learn the county keys of every row the records point to. A reference column or a JSON list must
        name a row the county has; the keys of a JSON dict (officers' opinions) may also be left-over local
        keys, which stay as they are (see _json_refs)."""
        wanted: dict[str, set[str]] = {}
        optional: dict[str, set[str]] = {}
        for r in records:
            for column, target in spec.refs.items():
                if r.get(column):
                    wanted.setdefault(target, set()).add(r[column])
            for (table, column), (target, kind) in JSON_REFS.items():
                if table == spec.name and r.get(column):
                    into = wanted if kind == "list" else optional
                    into.setdefault(target, set()).update(r[column])
            if spec.name == "dispute":
                wanted.setdefault("mediator", set()).update(r.get(CO_MEDIATORS) or [])
        for target, uids in optional.items():
            self.owned(target, uids)
        for target, uids in wanted.items():
            absent = uids - self.owned(target, uids).keys()
            if absent:
                raise BundleRefused(_("A {table} record refers to a {target} record ({uid}) that the county has not "
                                      "received; ask the station for a full export (`export --full`).").format(
                    table=spec.name, target=target, uid=sorted(absent)[0]))

    def row(self, spec: TableSpec, record: dict) -> dict:
        row = spec.to_row(record)
        for column, target in spec.refs.items():
            if row[column] is not None:
                row[column] = self.ids[target][row[column]]
        for column in spec.json_columns:
            if row[column] is not None:
                row[column] = self._json_refs(spec, column, row[column])
        return row

    def _json_refs(self, spec: TableSpec, column: str, value):
        ref = JSON_REFS.get((spec.name, column))
        if ref is None:
            return value
        ids = self.ids.get(ref[0], {})
        if ref[1] == "list":
            return [ids[u] for u in value if u in ids]
        return {str(ids.get(k, k)): v for k, v in value.items()}

    def _insert(self, spec: TableSpec, records: list[dict]) -> None:
        t = self.table(spec.name)
        for chunk in _chunks(records, 10 * CHUNK):
            self._bulk_insert(spec, t, chunk)
            if spec.name in referenced():     # later tables point here: learn the new rows' keys
                for part in _chunks([r["uid"] for r in chunk]):
                    self.ids.setdefault(spec.name, {}).update((u, i) for u, i in self.s.execute(
                        select(t.c.uid, t.c.id).where(_among(self.s, t.c.uid, part))))
        self.outcome["inserted"] += len(records)

    def _bulk_insert(self, spec: TableSpec, t: Table, records: list[dict]) -> None:
        """The plain tool of each database, as a bulk load would use it: COPY on PostgreSQL, executemany on
        the sqlite3 cursor (SQLAlchemy's per-value processing would double the time)."""
        if not records:
            return
        columns = spec.columns
        cursor = self.s.connection().connection.dbapi_connection.cursor()
        if self.s.get_bind().dialect.name == "postgresql":
            with cursor.copy(f"COPY {t.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for record in records:
                    row = self.row(spec, record)
                    copy.write_row([json.dumps(row[c], ensure_ascii=False) if c in spec.json_columns
                                    and row[c] is not None else row[c] for c in columns])
            return
        cursor.executemany(f"INSERT INTO {t.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                           [self._sqlite_values(spec, r) for r in records])

    def _sqlite_values(self, spec: TableSpec, record: dict) -> list:
        """A record as SQLite stores it: dates stay the text they travelled as (app/sync/validate.py checked
        their form), references become keys, JSON becomes text."""
        values = []
        for name in spec.columns:
            value = record.get(name)
            if value is not None:
                if name in spec.refs:
                    value = self.ids[spec.refs[name]][value]
                elif name in spec.json_columns:
                    value = json.dumps(self._json_refs(spec, name, value), ensure_ascii=False)
                elif spec.converters.get(name) is bool:
                    value = bool(value)
            values.append(value)
        return values

    def update(self, spec: TableSpec, pairs: list[tuple[int, dict]]) -> None:
        if not pairs:
            return
        t = self.table(spec.name)
        statement = update(t).where(t.c.id == bindparam("_id")).values(
            {c: bindparam(f"_{c}") for c in spec.columns})
        for chunk in _chunks(pairs):
            self.s.execute(statement, [{"_id": i, **{f"_{k}": v for k, v in self.row(spec, r).items()}}
                                       for i, r in chunk])
        self.outcome["updated"] += len(pairs)

    def _compare(self, spec: TableSpec, pairs: list[tuple[int, dict]]) -> list[dict]:
        """Same revision: unchanged ones are ignored, different ones become conflicts. Returns the unchanged
        records (their co-mediators and persons are still brought up to date)."""
        from db.models import CountyConflict

        t = self.table(spec.name)
        unchanged = []
        for chunk in _chunks(pairs):
            current = {r.id: r._mapping for r in self.s.execute(select(t).where(t.c.id.in_([i for i, _r in chunk])))}
            for row_id, record in chunk:
                incoming = self.row(spec, record)
                if all(incoming[c] == current[row_id][c] for c in spec.columns):
                    unchanged.append(record)
                    self.outcome["ignored"] += 1
                    continue
                already = self.s.scalar(select(CountyConflict.incoming).where(
                    CountyConflict.row_uid == record["uid"], CountyConflict.revision == int(record["revision"]),
                    CountyConflict.resolved_at.is_(None)))
                if already != record:
                    self.s.add(CountyConflict(bundle_id=self.bundle_id, station_code=self.code,
                                              table_name=spec.name, row_uid=record["uid"],
                                              revision=int(record["revision"]), incoming=record, note=""))
                    self.outcome["conflicts"] += 1
        return unchanged

    def _co_mediators(self, records: list[dict]) -> None:
        from db.models import DisputeMediator

        t = DisputeMediator.__table__
        ids, mediators = self.ids["dispute"], self.ids.get("mediator", {})
        for chunk in _chunks(records):
            self.s.execute(delete(t).where(t.c.dispute_id.in_([ids[r["uid"]] for r in chunk])))
            links = [{"dispute_id": ids[r["uid"]], "mediator_id": mediators[m]}
                     for r in chunk for m in dict.fromkeys(r.get(CO_MEDIATORS) or []) if m in mediators]
            if links:
                self.s.execute(insert(t), links)

    def _persons(self, records: list[dict]) -> None:
        from db.models import CountyPerson

        t = CountyPerson.__table__
        for chunk in _chunks(records):
            self.s.execute(delete(t).where(t.c.party_uid.in_([r["uid"] for r in chunk])))
            keyed = [{"party_uid": r["uid"], "person_key": person_key(self.secret, r["id_number"])}
                     for r in chunk if r.get("id_number")]
            if keyed:
                self.s.execute(insert(t), keyed)

    def _tombstones(self, spec: TableSpec, uids: list[str]) -> None:
        if not uids:
            return
        t = self.table(spec.name)
        ids = [i for u, i in self.owned(spec.name, uids).items() if u in set(uids)]
        for chunk in _chunks(ids):
            self.s.execute(update(t).where(t.c.id.in_(chunk)).values(
                deleted_at=func.coalesce(t.c.deleted_at, self.deleted_at), updated_at=t.c.updated_at,
                revision=t.c.revision + 1))
        self.outcome["deleted"] += len(ids)

    def files(self, entries, wanted: set[str]) -> None:
        """The bytes of the attachments whose records were stored, read from the archive one at a time and
        inserted in batches of bounded size (each was checked against its SHA-256 when the archive was read); a
        file the county already has is not stored twice."""
        from db.models import CountyFile

        shas = sorted(sha for sha in wanted if f"attachments/{sha}" in entries)
        have = set()
        for chunk in _chunks(shas):
            have.update(self.s.scalars(select(CountyFile.sha256).where(CountyFile.sha256.in_(chunk))))
        batch, size = [], 0
        for sha in (sha for sha in shas if sha not in have):
            data = entries[f"attachments/{sha}"]     # read from the archive one at a time (see archive.Entries)
            batch.append({"sha256": sha, "data": data})
            size += len(data)
            if size >= FILE_BATCH:
                self.s.execute(insert(CountyFile.__table__), batch)
                batch, size = [], 0
        if batch:
            self.s.execute(insert(CountyFile.__table__), batch)

