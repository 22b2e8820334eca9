"""Slow work (PDFs) in a background queue, RQ on Redis, when REDIS_URL is set; inline when it is not.

A job is a plain function of plain arguments, named by what it makes: asking again while it waits or runs
queues nothing more, and the function itself does nothing when its work is already done, so a job repeated
by accident does no harm."""
from collections.abc import Callable

from flask import Flask, current_app
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import JobStatus

QUEUE_NAME = "accreditation"
UNDER_WAY = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions["queue"] = Queue(QUEUE_NAME, connection=Redis.from_url(url)) if url else None


def submit(func: Callable, *args, job_id: str) -> None:
    """Run func(*args) in the background when there is a queue, else now, in this request."""
    queue: Queue | None = current_app.extensions.get("queue")
    if queue is None:
        func(*args)
        return
    existing = queue.fetch_job(job_id)
    if existing is None or existing.get_status(refresh=True) not in UNDER_WAY:
        queue.enqueue(func, *args, job_id=job_id, result_ttl=60, failure_ttl=24 * 3600)


def in_fresh_context(func: Callable) -> Callable:
    """Each job gets its own app context, so its own database session, like a request."""

    def run(*args):
        with current_app._get_current_object().app_context():
            return func(*args)

    run.__name__, run.__qualname__, run.__module__ = func.__name__, func.__qualname__, func.__module__
    return run


def work(app: Flask, burst: bool = False) -> None:
    """The worker: jobs run in this process (no fork), inside the app."""
    with app.app_context():
        queue = app.extensions["queue"]
        SimpleWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=False)
