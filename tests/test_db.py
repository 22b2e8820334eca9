"""How a request's transaction ends: what a view wrote and did not commit never stays; a read-only one commits."""
from datetime import UTC, datetime

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import sessionmaker

from accreditation.auth.models import SignInAttempt
from accreditation.db import end_request_session, make_engine, track_writes


def _setup(database_url):
    engine = make_engine(database_url)
    sessions = sessionmaker(engine, expire_on_commit=False)
    track_writes(sessions)
    commits = []
    event.listen(engine, "commit", lambda _conn: commits.append(1))
    return engine, sessions, commits


def _attempts(sessions, email) -> int:
    with sessions() as check:
        return check.scalar(select(func.count()).select_from(SignInAttempt).where(SignInAttempt.email == email))


def _attempt(email):
    return SignInAttempt(email=email, address="127.0.0.1", at=datetime.now(UTC), succeeded=False)


def test_a_request_that_only_read_ends_with_commit(database_url):
    engine, sessions, commits = _setup(database_url)
    reading = sessions()
    reading.scalar(select(func.count()).select_from(SignInAttempt))
    end_request_session(reading, failed=False)
    assert commits == [1]
    engine.dispose()


def test_what_a_view_flushed_and_did_not_commit_is_rolled_back(database_url):
    engine, sessions, commits = _setup(database_url)
    for failed, how in ((False, "flush"), (False, "pending"), (True, "committed-then-read")):
        email = f"{how}-{failed}@example.test"
        request = sessions()
        if how == "committed-then-read":  # a failed request after a commit keeps only what was committed
            request.add(_attempt(email))
            request.commit()
            request.add(_attempt(email))
            request.flush()
        else:
            request.add(_attempt(email))
            if how == "flush":
                request.flush()
        end_request_session(request, failed=failed)
        assert _attempts(sessions, email) == (1 if how == "committed-then-read" else 0), how
    with sessions.begin() as tidy:
        tidy.execute(delete(SignInAttempt).where(SignInAttempt.email.like("%@example.test")))
    engine.dispose()


def test_a_connection_dropped_while_it_sat_unused_is_replaced_before_anyone_sees_an_error(database_url, monkeypatch):
    """After a quiet spell in which the database (or a firewall) closed the pool's connections."""
    engine = make_engine(database_url)
    with engine.connect() as first:
        first.scalar(select(func.count()).select_from(SignInAttempt))
        dropped = first.connection.dbapi_connection
    dropped.close()  # as the server ending it would leave it, for this client
    with engine.connect() as busy:  # in constant use: trusted without a ping, so the dropped one fails
        try:
            busy.scalar(select(1))
            trusted = True
        except Exception:
            trusted = False
    assert not trusted
    with engine.connect() as first:
        dropped = first.connection.dbapi_connection
    dropped.close()
    monkeypatch.setattr("accreditation.db.IDLE_BEFORE_PING", -1.0)  # as if it had sat unused for a while
    with engine.connect() as after_quiet:
        assert after_quiet.scalar(select(func.count()).select_from(SignInAttempt)) >= 0
        assert after_quiet.connection.dbapi_connection is not dropped
    engine.dispose()
