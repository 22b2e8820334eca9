"""Throughput and latency of the main pages under gunicorn, against a bare Flask hello-world in the same run.

    python -m bench.pages --database-url postgresql+psycopg://.../bench20k [--connections 8 --duration 10]

Both are served by gunicorn with the same settings and driven by wrk with the same connections and duration
on loopback. Each page's person signs in once through the real sign-in form and opens the page once, as a
browser would; wrk then sends the session cookie that browser holds, with the same User-Agent. Prints each
page's requests per second as a ratio to hello-world, its p50 and p95 latency, and each app worker's resident
memory after the run. Two floor rows follow the pages (bench/floor.py): a signed-in request that does nothing of
its own, and the same drawn in the page frame; they are not main pages, and have no verdict."""
import argparse
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

from accreditation.db import make_engine
from bench import floor
from bench.seed import DOMAIN, PASSWORD
from bench.targets import CSRF, Target, targets

HERE = Path(__file__).resolve().parent
# Sent by the sign-in and by wrk alike: Flask-Login's session protection ties a session to its User-Agent, and a
# session shown with another one is marked not fresh and sent back re-signed on every response.
USER_AGENT = "bench.pages"
RATIO_TARGET, P95_TARGET_MS, RSS_TARGET_MB = 0.20, 50.0, 150.0


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    bad: int  # non-2xx/3xx responses and socket errors


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving `app_spec` until stopped; the same settings for the app and the baseline."""

    def __init__(self, app_spec: str, workers: int, worker_class: str, env: dict[str, str]):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--worker-class", worker_class, "--log-level", "warning", app_spec],
            env={**os.environ, **env}, cwd=HERE.parent,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn for {app_spec} stopped") from None
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn for {app_spec} did not start")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_rss_mb(self) -> list[float]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
        return sizes

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, email: str, path: str) -> str:
    """Through the real sign-in form, then open `path` once, as a browser would (the session then holds its form
    token); returns the Cookie header that browser sends from then on. Refuses a page that is not 200, or that
    would still change the session on every request (wrk keeps no cookies)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    opener.addheaders = [("User-Agent", USER_AGENT)]
    token = CSRF.search(opener.open(f"{base}/sign-in").read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD}).encode()
    try:
        opener.open(f"{base}/sign-in", data=form)
        raise RuntimeError(f"sign-in as {email} did not redirect")
    except urllib.error.HTTPError as response:
        if response.code != 302:
            raise RuntimeError(f"sign-in as {email}: {response.code}") from None
    for visit in ("first", "steady"):
        with opener.open(base + path) as response:
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status}")
            if visit == "steady" and response.headers.get("Set-Cookie"):
                raise RuntimeError(f"{path} sets a cookie on every request")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def drive(url: str, connections: int, duration: int, cookie: str | None = None) -> Load:
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
               "-s", str(HERE / "report.lua"), "-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    figures = dict(pair.split("=") for pair in re.search(r"^BENCH (.*)$", output, re.M).group(1).split())
    n = int(figures["requests"])
    return Load(n / (int(figures["duration_us"]) / 1e6), int(figures["p50_us"]) / 1000, int(figures["p95_us"]) / 1000,
                int(figures["non2xx"]) + int(figures["errors"]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    # Two workers a core, as docs/DEPLOYMENT.md says: a page is Python on the CPU, so threads in one worker would
    # queue on its interpreter lock. sync, not gthread with one thread: a gthread worker accepts connections while
    # busy and keeps them, so wrk's (or a load balancer's) keep-alive connections pile on one or two workers
    # (8 on one: 62 req/s; spread: 188), while a sync worker accepts only when it is free.
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--only", help="the pages to load, by name, comma separated")
    args = parser.parse_args(argv)
    pages: list[Target] = targets(make_engine(args.database_url))
    if args.only:  # names hold ", " ("CSV export, one organisation"): only a comma without a space separates
        pages = [p for p in pages if p.name in re.split(r",(?! )", args.only)]
    floors = [Target(f"floor: {what}", path, f"lead.1@{DOMAIN}")
              for what, path in (("signed in", floor.FLOOR), ("page frame", floor.FRAME))]
    settings = dict(workers=args.workers, worker_class=args.worker_class)
    print(f"gunicorn {args.worker_class}, {args.workers} workers; wrk {args.connections} connections, "
          f"{args.duration} s a page; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)

    hello = Server("bench.hello:app", env={}, **settings)
    try:
        drive(hello.base + "/", args.connections, 2)  # warm up
        baseline_before = drive(hello.base + "/", args.connections, args.duration)
    finally:
        hello.stop()

    with tempfile.TemporaryDirectory() as instance:
        env = {"DATABASE_URL": args.database_url, "SECRET_KEY": secrets.token_hex(32), "ACCREDITATION_INSTANCE": instance}
        app = Server("bench.floor:create_app()", env=env, **settings)  # the app, and its floor pages
        try:
            results = []
            for page in pages + floors:
                cookie = sign_in(app.base, page.email, page.path)
                drive(app.base + page.path, args.connections, 2, cookie)  # warm up every worker
                results.append((page, drive(app.base + page.path, args.connections, args.duration, cookie)))
                print(f"  {page.name}: {results[-1][1].requests_per_second:.1f} req/s", flush=True)
            rss = app.worker_rss_mb()
        finally:
            app.stop()

    hello = Server("bench.hello:app", env={}, **settings)
    try:
        drive(hello.base + "/", args.connections, 2)  # warm up, as before
        baseline_after = drive(hello.base + "/", args.connections, args.duration)
    finally:
        hello.stop()
    # The better of the two: a busy moment during one baseline run must not flatter the app's ratios.
    baseline = max(baseline_before.requests_per_second, baseline_after.requests_per_second)

    print(f"\nhello-world: {baseline_before.requests_per_second:.0f} req/s before, "
          f"{baseline_after.requests_per_second:.0f} after (the ratios use {baseline:.0f}); "
          f"p50 {baseline_before.p50_ms:.1f} ms, p95 {baseline_before.p95_ms:.1f} ms")
    print(f"{'page':<26} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} {'bad':>5}  targets (ratio >= {RATIO_TARGET}, p95 <= {P95_TARGET_MS:.0f} ms)")
    for page, load in results:
        ratio = load.requests_per_second / baseline
        verdict = "ok" if ratio >= RATIO_TARGET and load.p95_ms <= P95_TARGET_MS and not load.bad else "MISSED"
        if page in floors:
            verdict = "(floor)" if not load.bad else "(floor) BAD"
        print(f"{page.name:<26} {load.requests_per_second:>8.1f} {ratio:>6.3f} {load.p50_ms:>8.1f} {load.p95_ms:>8.1f} "
              f"{load.bad:>5}  {verdict}")
    print("app workers' resident memory after the run: " + ", ".join(f"{mb:.0f} MB" for mb in rss)
          + f" (target < {RSS_TARGET_MB:.0f} MB each)")


if __name__ == "__main__":
    main()
