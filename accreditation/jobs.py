"""Slow work (PDFs) in a background queue, RQ on Redis, when REDIS_URL is set; inline when it is not.

A job is a plain function of plain arguments, named by what it makes: asking again while it waits or runs
queues nothing more, and the function itself does nothing when its work is already done, so a job repeated
by accident does no harm.

RQ and Redis (some 8 MB a process) are imported when the queue is first used, not at start: most web workers
serve pages and never ask for a PDF."""
from collections.abc import Callable

from flask import Flask, current_app

QUEUE_NAME = "accreditation"


def init_app(app: Flask) -> None:
    app.extensions["queue"] = None  # made on first use (see queue), when REDIS_URL is set


def queue(app: Flask):
    """The app's RQ queue, or None without REDIS_URL."""
    if app.extensions.get("queue") is None and app.config.get("REDIS_URL"):
        from redis import Redis  # lazy: see the module's docstring
        from rq import Queue

        app.extensions["queue"] = Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))
    return app.extensions.get("queue")


def submit(func: Callable, *args, job_id: str) -> None:
    """Run func(*args) in the background when there is a queue, else now, in this request."""
    found = queue(current_app)
    if found is None:
        func(*args)
        return
    from rq.job import JobStatus  # lazy: see the module's docstring

    existing = found.fetch_job(job_id)
    under_way = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}
    if existing is None or existing.get_status(refresh=True) not in under_way:
        found.enqueue(func, *args, job_id=job_id, result_ttl=60, failure_ttl=24 * 3600)


def in_fresh_context(func: Callable) -> Callable:
    """Each job gets its own app context, so its own database session, like a request."""

    def run(*args):
        with current_app._get_current_object().app_context():
            return func(*args)

    run.__name__, run.__qualname__, run.__module__ = func.__name__, func.__qualname__, func.__module__
    return run


def work(app: Flask, burst: bool = False) -> None:
    """The worker: jobs run in this process (no fork), inside the app."""
    from rq import SimpleWorker  # lazy: see the module's docstring

    with app.app_context():
        found = queue(app)
        SimpleWorker([found], connection=found.connection).work(burst=burst, with_scheduler=False)
