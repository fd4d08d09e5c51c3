"""The workbook store of a team server: every workbook in PostgreSQL, for several app servers.

- A workbook is a row holding the YAML text the file store would write (so an export is the same
  bytes from either store), its revision, and what a list of workbooks shows.
- An update applies the small operation to the revision this server read last and saves it in
  one statement that changes the row only if it still has that revision. If another server saved
  since, it locks the row, applies the operation to the data as stored at that moment, validates
  and saves it, all in one transaction: edits of different fields from different servers all
  land, and a stale edit of a field is refused by the operation itself, as in the file store.
- Each save keeps the text it replaces in the history, thinned by time as the file store's is;
  a deleted workbook waits in the trash with its history.
- The schema carries its version; a newer app upgrades an older schema when it starts, under a
  lock that makes servers starting at once take turns.
- The connection URL comes from the environment and is never part of an error or a log line.
- While the database is away, pages show the workbook as last read and every save is refused as
  unavailable, so what a person typed stays in its field; the pool reconnects once it is back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from cxworkbook.edits import Operation
from cxworkbook.errors import SaveFailed, StoreError, WorkbookNotFound
from cxworkbook.ids import is_slug, unique_id
from cxworkbook.model import Workbook
from cxworkbook.store.files import (
    THIN_EVERY,
    next_revision,
    parse_workbook,
    serialise,
    utc_now,
)
from cxworkbook.store.history import Version, versions_to_keep
from cxworkbook.store.kept import (
    Kept,
    KeptDeleted,
    KeptHistory,
    KeptVersion,
    KeptWorkbook,
    refuse_taken,
)
from cxworkbook.store.protocol import Deleted, WorkbookInfo
from cxworkbook.yamlparts import Part

POOL_SIZE = 10  # connections a server holds at most: a save takes one for a few milliseconds
WAIT = 5.0  # seconds a request waits for a connection before the user is told
CONNECT_TIMEOUT = 3  # seconds to reach the database, so that its absence is told soon
# Advisory locks: one for upgrading the schema, one for handing out ids
SCHEMA_LOCK, IDS_LOCK = 7_311_001, 7_311_002

# Each entry upgrades the schema from the version before it; the list's length is the newest.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE workbooks (
            id text PRIMARY KEY,
            revision integer NOT NULL,
            title text NOT NULL,
            organisation text NOT NULL,
            updated timestamptz NOT NULL,
            body text NOT NULL)""",
        """CREATE TABLE history (
            workbook_id text NOT NULL,
            revision integer NOT NULL,
            saved timestamptz NOT NULL,
            body text NOT NULL,
            PRIMARY KEY (workbook_id, revision))""",
        """CREATE TABLE trash (
            key text PRIMARY KEY,
            workbook_id text NOT NULL,
            title text NOT NULL,
            deleted timestamptz NOT NULL,
            body text NOT NULL)""",
    ),
    ("ALTER TABLE workbooks ADD COLUMN facilitator text NOT NULL DEFAULT ''",),
    # A workbook's text compressed with lz4, many times faster than PostgreSQL's own: a save
    # compresses its whole text. Where the server has no lz4 (or is PostgreSQL 13, whose syntax
    # lacks it: hence EXECUTE), its own compression stays.
    (
        """DO $$ BEGIN
            EXECUTE 'ALTER TABLE workbooks ALTER COLUMN body SET COMPRESSION lz4';
            EXECUTE 'ALTER TABLE history ALTER COLUMN body SET COMPRESSION lz4';
            EXECUTE 'ALTER TABLE trash ALTER COLUMN body SET COMPRESSION lz4';
        EXCEPTION WHEN syntax_error OR feature_not_supported OR invalid_parameter_value THEN
            NULL;
        END $$""",
    ),
)


# A save: the version it replaces goes to the history and the row takes the new one, in one
# statement (its parts see the row as it was) and only if the row still has the revision the
# edit was applied to.
SAVE = """
    WITH replaced AS (
        SELECT id, revision, updated, body FROM workbooks
        WHERE id = %(id)s AND revision = %(replaced)s),
    kept AS (
        INSERT INTO history (workbook_id, revision, saved, body)
        SELECT id, revision, updated, body FROM replaced
        ON CONFLICT DO NOTHING)
    UPDATE workbooks SET revision = %(revision)s, title = %(title)s,
        organisation = %(organisation)s, facilitator = %(facilitator)s, updated = %(updated)s,
        body = %(body)s
    WHERE id = %(id)s AND revision = %(replaced)s
    RETURNING revision"""


def _unavailable(exc: Exception) -> StoreError:
    """The database could not be reached: said without the connection's details."""
    return StoreError(f"the database does not answer ({type(exc).__name__})", "unavailable")


def _save_failed(exc: Exception) -> SaveFailed:
    return SaveFailed(f"the database does not answer ({type(exc).__name__})", "unavailable")


class PostgresStore:
    """Workbooks in a PostgreSQL database (see the module's docstring)."""

    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        pool_size: int = POOL_SIZE,
    ) -> None:
        self.clock = clock
        self._url = url  # kept for a connection of its own after an outage; never shown
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            timeout=WAIT,
            # a connection lost with the database is tried again for this long, then afresh at
            # the next request: a database back after an outage is used at once
            reconnect_timeout=WAIT,
            check=ConnectionPool.check_connection,
            open=False,
            name="cxworkbook",
            # a statement of its own commits by itself; several go in a transaction
            kwargs={"connect_timeout": CONNECT_TIMEOUT, "autocommit": True},
        )
        self._cache: dict[str, tuple[int, Workbook]] = {}
        self._written: dict[str, Part] = {}
        self._saves: dict[str, int] = {}
        self._listed: list[WorkbookInfo] | None = None
        self._away = False  # the database did not answer the last time it was asked
        try:
            self._pool.open(wait=True, timeout=WAIT)
        except PoolTimeout as exc:
            raise _unavailable(exc) from None
        self.created = self._upgrade()

    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def _transaction(
        self, error: Callable[[Exception], StoreError]
    ) -> Iterator[psycopg.Connection]:
        """A connection in a transaction, committed when the block ends."""
        with self._statement(error) as connection, connection.transaction():
            yield connection

    @contextmanager
    def _statement(self, error: Callable[[Exception], StoreError]) -> Iterator[psycopg.Connection]:
        """A connection for one statement, which commits by itself; a lost database is `error`,
        the other refusals pass as they are."""
        try:
            with self._connection() as connection:
                yield connection
        except (psycopg.OperationalError, PoolTimeout) as exc:
            self._away = True
            raise error(exc) from None
        self._away = False

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        """A connection of the pool; once the database was found away, one of its own: the
        pool reconnects at its own pace, and a database back after an outage answers at once."""
        if self._away:
            with psycopg.connect(
                self._url, connect_timeout=CONNECT_TIMEOUT, autocommit=True
            ) as own:
                yield own
            return
        with self._pool.connection() as pooled:
            yield pooled

    def _upgrade(self) -> bool:
        """Bring the schema to the newest version; True if it was made just now."""
        with self._transaction(_unavailable) as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            db.execute("CREATE TABLE IF NOT EXISTS cx_schema (version integer NOT NULL)")
            row = db.execute("SELECT version FROM cx_schema").fetchone()
            version = 0 if row is None else row[0]
            if row is None:
                db.execute("INSERT INTO cx_schema VALUES (0)")
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    db.execute(statement)  # type: ignore[call-overload]  # our own constant text
            db.execute("UPDATE cx_schema SET version = %s", (len(MIGRATIONS),))
            return version == 0

    # ---- reading -----------------------------------------------------------------------------
    def _parsed(self, workbook_id: str, revision: int, body: str) -> Workbook:
        workbook = parse_workbook(body.encode("utf-8"), f"{workbook_id}.yaml")
        if workbook.id != workbook_id:  # a copied file moved in: its row's id is its id
            workbook = workbook.model_copy(update={"id": workbook_id})
        self._cache[workbook_id] = (revision, workbook)
        return workbook

    def read(self, workbook_id: str) -> Workbook:
        """One round trip: the text comes only when the revision is not the one parsed already."""
        if not is_slug(workbook_id):
            raise WorkbookNotFound(f"{workbook_id!r} is not a workbook id")
        cached = self._cache.get(workbook_id)
        known = -1 if cached is None else cached[0]
        try:
            with self._statement(_unavailable) as db:
                row = db.execute(
                    "SELECT revision, CASE WHEN revision = %s THEN NULL ELSE body END"
                    " FROM workbooks WHERE id = %s",
                    (known, workbook_id),
                ).fetchone()
        except StoreError:
            if cached is None:
                raise
            return cached[1]  # while the database is away, the page shows what it last read
        if row is None:
            raise WorkbookNotFound(f"there is no workbook {workbook_id!r}")
        if cached is not None and row[1] is None:
            return cached[1]
        return self._parsed(workbook_id, row[0], row[1])

    def list(self) -> list[WorkbookInfo]:
        try:
            with self._statement(_unavailable) as db:
                rows = db.execute(
                    "SELECT id, title, organisation, updated, revision, NULL, facilitator"
                    " FROM workbooks ORDER BY updated DESC, id DESC"
                ).fetchall()
        except StoreError:
            if self._listed is None:
                raise
            return self._listed  # while the database is away, as it was last seen
        self._listed = [WorkbookInfo(*row) for row in rows]
        return self._listed

    # ---- writing -----------------------------------------------------------------------------
    def _text(self, workbook: Workbook) -> str:
        written = serialise(workbook, self._written.get(workbook.id))
        self._written[workbook.id] = written
        return written.text

    def _row(self, workbook: Workbook, text: str | None = None) -> dict[str, Any]:
        """The columns of `workbook`'s row, its text as given or as written now."""
        meta = workbook.meta
        return {
            "id": workbook.id,
            "revision": workbook.revision,
            "title": meta.title,
            "organisation": meta.organisation,
            "facilitator": meta.facilitator,
            "updated": meta.updated,
            "body": self._text(workbook) if text is None else text,
        }

    def _insert(self, db: psycopg.Connection, workbook: Workbook, text: str | None = None) -> None:
        db.execute(
            "INSERT INTO workbooks (id, revision, title, organisation, facilitator, updated, body)"
            " VALUES (%(id)s, %(revision)s, %(title)s, %(organisation)s, %(facilitator)s,"
            " %(updated)s, %(body)s)",
            self._row(workbook, text),
        )

    def update(self, workbook_id: str, operation: Operation) -> Workbook:
        if not is_slug(workbook_id):
            raise WorkbookNotFound(f"{workbook_id!r} is not a workbook id")
        thinning = self._saves.get(workbook_id, 0) % THIN_EVERY == 0  # this save looks at history
        saved = None if thinning else self._saved_in_one_statement(workbook_id, operation)
        if saved is None:
            saved = self._saved_under_lock(workbook_id, operation)
        self._cache[workbook_id] = (saved.revision, saved)
        return saved

    def _saved_in_one_statement(self, workbook_id: str, operation: Operation) -> Workbook | None:
        """The edit applied to the revision this server read last, saved by one statement that
        changes the row only if it still has that revision. None when it has not (another server
        saved since) or the edit is refused or changes nothing here: the edit then goes the long
        way, and is judged on the workbook as stored."""
        cached = self._cache.get(workbook_id)
        if cached is None:
            return None
        revision, current = cached
        try:
            saved = next_revision(current, operation, self.clock)
        except StoreError:
            return None
        if saved is current:
            return None
        with self._statement(_save_failed) as db:
            row = db.execute(SAVE, {**self._row(saved), "replaced": revision}).fetchone()
        if row is None:
            return None
        self._saves[workbook_id] = self._saves.get(workbook_id, 0) + 1
        return saved

    def _saved_under_lock(self, workbook_id: str, operation: Operation) -> Workbook:
        """The edit applied to the workbook as stored, its row locked meanwhile."""
        with self._transaction(_save_failed) as db:
            # the text travels only when this server has not parsed that revision yet
            row = db.execute(
                "SELECT revision FROM workbooks WHERE id = %s FOR UPDATE", (workbook_id,)
            ).fetchone()
            if row is None:
                raise WorkbookNotFound(f"there is no workbook {workbook_id!r}")
            cached = self._cache.get(workbook_id)
            if cached is not None and cached[0] == row[0]:
                current = cached[1]
            else:
                (body,) = db.execute(
                    "SELECT body FROM workbooks WHERE id = %s", (workbook_id,)
                ).fetchone()
                current = self._parsed(workbook_id, row[0], body)
            saved = next_revision(current, operation, self.clock)
            if saved is current:
                return current
            db.execute(SAVE, {**self._row(saved), "replaced": row[0]})
            self._thin_now_and_then(db, workbook_id)
        return saved

    def _thin_now_and_then(self, db: psycopg.Connection, workbook_id: str) -> None:
        saves = self._saves.get(workbook_id, 0) + 1
        self._saves[workbook_id] = saves
        if saves % THIN_EVERY != 1:
            return
        versions = self._versions(db, workbook_id)
        keep = [v.revision for v in versions_to_keep(versions, self.clock())]
        db.execute(
            "DELETE FROM history WHERE workbook_id = %s AND NOT revision = ANY(%s)",
            (workbook_id, keep),
        )

    def _taken(self, db: psycopg.Connection) -> set[str]:
        """Ids a new workbook may not take: those of workbooks, of the trash and of histories."""
        rows = db.execute(
            "SELECT id FROM workbooks UNION SELECT workbook_id FROM trash"
            " UNION SELECT workbook_id FROM history"
        ).fetchall()
        return {row[0] for row in rows}

    def add(self, workbook: Workbook) -> Workbook:
        with self._transaction(_save_failed) as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (IDS_LOCK,))
            added = workbook.model_copy(
                update={"id": unique_id(workbook.id, self._taken(db)), "revision": 1}
            )
            self._insert(db, added)
        return added

    # ---- delete, trash, history --------------------------------------------------------------
    def delete(self, workbook_id: str) -> Deleted:
        now = self.clock()
        key = f"{workbook_id}--{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}"
        with self._transaction(_save_failed) as db:
            row = db.execute(
                "DELETE FROM workbooks WHERE id = %s RETURNING title, body", (workbook_id,)
            ).fetchone()
            if row is None:
                raise WorkbookNotFound(f"there is no workbook {workbook_id!r}")
            db.execute(
                "INSERT INTO trash (key, workbook_id, title, deleted, body)"
                " VALUES (%s, %s, %s, %s, %s)",
                (key, workbook_id, row[0], now, row[1]),
            )
        self._cache.pop(workbook_id, None)
        return Deleted(key=key, id=workbook_id, title=row[0], deleted=now)

    def deleted(self) -> list[Deleted]:
        with self._transaction(_unavailable) as db:
            rows = db.execute(
                "SELECT key, workbook_id, title, deleted FROM trash ORDER BY deleted DESC, key DESC"
            ).fetchall()
        return [
            Deleted(key=key, id=id_, title=title, deleted=when) for key, id_, title, when in rows
        ]

    def restore_deleted(self, key: str) -> Workbook:
        with self._transaction(_save_failed) as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (IDS_LOCK,))
            row = db.execute(
                "DELETE FROM trash WHERE key = %s RETURNING workbook_id, body", (key,)
            ).fetchone()
            if row is None:
                raise WorkbookNotFound(f"{key!r} is not in the trash")
            workbook = parse_workbook(row[1].encode("utf-8"), f"{row[0]}.yaml")
            workbook = workbook.model_copy(update={"id": row[0]})
            if db.execute("SELECT 1 FROM workbooks WHERE id = %s", (row[0],)).fetchone():
                workbook = workbook.model_copy(update={"id": unique_id(row[0], self._taken(db))})
            self._insert(db, workbook)
        return workbook

    def _versions(self, db: psycopg.Connection, workbook_id: str) -> list[Version]:
        rows = db.execute(
            "SELECT revision, saved, octet_length(body) FROM history WHERE workbook_id = %s"
            " ORDER BY revision DESC",
            (workbook_id,),
        ).fetchall()
        return [Version(*row) for row in rows]

    def history(self, workbook_id: str) -> list[Version]:
        with self._transaction(_unavailable) as db:
            return self._versions(db, workbook_id)

    def version(self, workbook_id: str, revision: int) -> Workbook:
        with self._transaction(_unavailable) as db:
            row = db.execute(
                "SELECT body FROM history WHERE workbook_id = %s AND revision = %s",
                (workbook_id, int(revision)),
            ).fetchone()
        if row is None:
            raise StoreError(f"revision {revision}", "not_in_history")
        workbook = parse_workbook(row[0].encode("utf-8"), f"{workbook_id}.yaml")
        return workbook.model_copy(update={"id": workbook_id})

    def restore_version(self, workbook_id: str, revision: int) -> Workbook:
        earlier = self.version(workbook_id, revision).model_dump()

        def bring_back(data: dict[str, Any]) -> None:
            data.clear()
            data.update(earlier)

        return self.update(workbook_id, bring_back)

    # ---- moving to another store ---------------------------------------------------------------
    def kept(self) -> Kept:
        """Everything kept here, as it is (see `migrate`)."""
        with self._transaction(_unavailable) as db:
            workbooks = db.execute("SELECT id, body FROM workbooks ORDER BY id").fetchall()
            versions = db.execute(
                "SELECT workbook_id, revision, saved, body FROM history"
                " ORDER BY workbook_id, revision DESC"
            ).fetchall()
            trash = db.execute(
                "SELECT key, workbook_id, deleted, body FROM trash ORDER BY deleted DESC, key DESC"
            ).fetchall()
        histories: dict[str, list[KeptVersion]] = {}
        for workbook_id, revision, saved, body in versions:
            histories.setdefault(workbook_id, []).append(KeptVersion(revision, saved, body))
        return Kept(
            workbooks=tuple(KeptWorkbook(*row) for row in workbooks),
            histories=tuple(KeptHistory(i, tuple(v)) for i, v in histories.items()),
            trash=tuple(KeptDeleted(*row) for row in trash),
        )

    def keep(self, kept: Kept) -> None:
        """Take `kept` as it is, in one transaction."""
        with self._transaction(_save_failed) as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (IDS_LOCK,))
            taken = self._taken(db)
            keys = db.execute(
                "SELECT key FROM trash WHERE key = ANY(%s)", ([d.key for d in kept.trash],)
            ).fetchall()
            refuse_taken(taken | {row[0] for row in keys}, kept)
            for workbook in kept.workbooks:
                stored = parse_workbook(workbook.text.encode("utf-8"), workbook.id)
                self._insert(db, stored.model_copy(update={"id": workbook.id}), workbook.text)
            for history in kept.histories:
                for v in history.versions:
                    db.execute(
                        "INSERT INTO history (workbook_id, revision, saved, body)"
                        " VALUES (%s, %s, %s, %s)",
                        (history.id, v.revision, v.saved, v.text),
                    )
            for deleted in kept.trash:
                title = parse_workbook(deleted.text.encode("utf-8"), deleted.key).meta.title
                db.execute(
                    "INSERT INTO trash (key, workbook_id, title, deleted, body)"
                    " VALUES (%s, %s, %s, %s, %s)",
                    (deleted.key, deleted.id, title, deleted.deleted, deleted.text),
                )
