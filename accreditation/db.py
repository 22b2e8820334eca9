"""Database plumbing: the declarative base, engines, one session per app context, and a query counter."""
import enum
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import Flask, current_app, g
from sqlalchemy import DateTime, Engine, Enum, MetaData, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in Python, whatever the database keeps (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use aware UTC datetimes")
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


def enum_column(enum_cls: type[enum.Enum], column: str | None = None) -> Enum:
    """Store an enum by its value as text with a check constraint: portable across SQLite and PostgreSQL.

    The constraint is named after the enum; a second column of the same enum in one table names its own.
    """
    return Enum(
        enum_cls,
        name=column or enum_cls.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


IDLE_BEFORE_PING = 10.0  # seconds a pooled connection may sit unused and still be trusted without a ping


def ping_after_idle(engine: Engine) -> None:
    """Check a pooled connection before use only if it has sat unused a while: a database restart or a
    firewall's idle timeout drops connections that wait, not those in constant use. A ping on every checkout
    (pool_pre_ping) cost each request a round trip; a connection that fails its ping is replaced, unseen."""

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy):
        if time.monotonic() - record.info.get("idle_since", time.monotonic()) <= IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as gone:
            raise DisconnectionError(str(gone)) from gone  # the pool makes a new connection and tries again


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        engine = create_engine(url)
        ping_after_idle(engine)
        return engine
    engine = create_engine(url, connect_args={"timeout": 15})
    ping_after_idle(engine)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, open transactions, so SAVEPOINT and transactional DDL work.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


@dataclass
class Database:
    engine: Engine
    sessionmaker: sessionmaker


def _mark_written(session: Session, *_args) -> None:
    session.info["wrote"] = True


def _mark_written_by_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["wrote"] = True


def _mark_clean(session: Session, *_args) -> None:
    session.info["wrote"] = False


def track_writes(sessions: sessionmaker) -> None:
    """Mark a session's transaction once it writes (a flush or a DML statement), until it ends."""
    event.listen(sessions, "after_flush", _mark_written)
    event.listen(sessions, "do_orm_execute", _mark_written_by_statement)
    for ended in ("after_commit", "after_rollback"):
        event.listen(sessions, ended, _mark_clean)


def end_request_session(db_session: Session, failed: bool) -> None:
    """A request's transaction that only read ends with COMMIT: psycopg forgets its prepared statements on
    every ROLLBACK, so PostgreSQL would plan each page's queries afresh. Anything written and not committed
    by the view, or a request that failed, is rolled back as before."""
    untouched = not (db_session.new or db_session.dirty or db_session.deleted)
    if not failed and untouched and not db_session.info.get("wrote") and db_session.in_transaction():
        db_session.commit()
    db_session.close()


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    sessions = sessionmaker(engine, expire_on_commit=False)
    track_writes(sessions)
    app.extensions["db"] = Database(engine, sessions)

    @app.teardown_appcontext
    def _close_session(exc):
        db_session = g.pop("db_session", None)
        if db_session is not None:
            end_request_session(db_session, failed=exc is not None)


def session() -> Session:
    """The session of the current app context: one unit of work per request or command."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db"].sessionmaker()
    return g.db_session


@dataclass
class QueryCount:
    statements: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries(engine: Engine) -> Iterator[QueryCount]:
    """Count the SQL statements sent while the block runs, so pages can be held to a fixed number."""
    counted = QueryCount()

    def _before(_conn, _cursor, statement, _params, _context, _executemany):
        counted.statements.append(statement)

    event.listen(engine, "before_cursor_execute", _before)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", _before)
