"""PDFs are made once and kept; with a queue (a real Redis server) they are made by the worker."""
import shutil
import socket
import subprocess
import time

import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import func, select

from accreditation import jobs
from accreditation.reports.kept import make_document
from accreditation.reports.models import Document
from tests.reports.test_certificate import decided  # noqa: F401  (a fixture)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throwaway Redis server on loopback, for the test run only."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [shutil.which("redis-server") or "/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", str(port),
         "--save", "", "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL,
    )
    client = Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except Exception:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait()


@pytest.fixture
def queue(app, redis_url, monkeypatch):
    queue = Queue(jobs.QUEUE_NAME, connection=Redis.from_url(redis_url))
    queue.connection.flushdb()
    monkeypatch.setitem(app.extensions, "queue", queue)
    return queue


def stored_files(app):
    return [p for p in (app.extensions["storage"].root).rglob("*") if p.is_file()]


def test_without_a_queue_the_pdf_is_made_in_the_request_once(app, client, sign_in_as, db, decided, people):
    sign_in_as(people["member"])
    before = len(stored_files(app))
    first = client.get(f"/decisions/{decided.id}/certificate.pdf")
    second = client.get(f"/decisions/{decided.id}/certificate.pdf")
    assert first.status_code == second.status_code == 200 and first.data == second.data and first.data.startswith(b"%PDF")
    assert first.headers["Content-Disposition"] == f"attachment; filename=certificate-{decided.id}.pdf"
    assert db.scalar(select(func.count(Document.id))) == 1 and len(stored_files(app)) == before + 1


def test_with_a_queue_the_worker_makes_it_and_asking_twice_queues_it_once(app, client, sign_in_as, db, decided, people, queue):
    sign_in_as(people["member"])
    url = f"/decisions/{decided.id}/certificate.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202 and "Your document is being prepared" in waiting.get_data(as_text=True)
    assert client.get(url).status_code == 202
    assert queue.count == 1
    before = len(stored_files(app))
    jobs.work(app, burst=True)
    ready = client.get(url)
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF")
    with app.app_context():
        make_document("certificate/3", decided.id, "en_GB", 1)  # run again by accident: nothing more is made
    assert len(stored_files(app)) == before + 1
    assert db.scalar(select(Document.size).where(Document.subject_id == decided.id)) == len(ready.data)
