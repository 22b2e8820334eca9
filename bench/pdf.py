"""PDF rendering: the accreditation report against a one-page ReportLab baseline made in the same run, and the
board assurance report for every team in the database; time and peak memory of each.

    python -m bench.pdf --database-url postgresql+psycopg://.../bench20k

Each document is measured in its own process, so its peak resident memory (ru_maxrss) is its own; the Python
heap peak of the rendering itself (tracemalloc) is shown beside it. Times are the median of --repeat runs
after one warm-up run, and include reading the data from the database as the app does. Each run of a
document alternates with a run of the baseline in the same process, and its ratio is to that baseline, so
a busy machine slows both alike."""
import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date

from flask import g
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import func, select

from accreditation import create_app, db
from accreditation.assurance.board_report import render_board_report
from accreditation.assurance.views import board_report_of
from accreditation.i18n import html_lang
from accreditation.organisation.models import Team
from accreditation.organisation.scope import Scope
from accreditation.panels.models import AgendaItem, Decision
from accreditation.reports import documents
from accreditation.reports.report import render_report
from accreditation.review.models import Review
from accreditation.selfassessment.models import Cycle, SelfAssessment

REPORT_RATIO_TARGET, BOARD_SECONDS_TARGET = 10.0, 3.0


def baseline() -> bytes:
    """One A4 page: a title and a few paragraphs in ReportLab's own styles."""
    out = io.BytesIO()
    styles = getSampleStyleSheet()
    story = [Paragraph("Baseline", styles["Title"])] + [
        Paragraph("A paragraph of body text, long enough to wrap over two lines on an A4 page so that the line "
                  "breaking is exercised the way real text exercises it.", styles["BodyText"]) for _ in range(8)
    ]
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def accreditation_report() -> bytes:
    """Team 1's newest decision, read and rendered as the report view does."""
    session = db.session()
    if "decision_id" not in g:  # looked up once, outside the timing: the app is given it in the address
        g.decision_id = session.scalar(
            select(Decision.id).join(AgendaItem, Decision.item_id == AgendaItem.id).join(Review).join(SelfAssessment)
            .join(Cycle).where(Cycle.team_id == 1).order_by(Decision.id.desc()).limit(1)
        )
    return render_report(documents.load(session, documents.item_of(session, g.decision_id)), html_lang())


def board_report() -> bytes:
    """Every team, as the board report view makes it for the whole programme (by organisation when there are
    several)."""
    session, on = db.session(), date.today()
    return render_board_report(board_report_of(session, on, Scope.load(session, None, None, strict=True)))


MAKERS = {"baseline": baseline, "accreditation report": accreditation_report, "board report": board_report}


def end_run() -> None:
    """Each run reads afresh, and ends as a request that only read ends (with COMMIT, which keeps psycopg's
    prepared statements: a ROLLBACK would have PostgreSQL plan every query of every run afresh, which the app
    does not)."""
    db.end_request_session(db.session(), failed=False)


def timed(make) -> float:
    started = time.perf_counter()
    make()
    seconds = time.perf_counter() - started
    end_run()
    return seconds


def measure(database_url: str, name: str, repeat: int) -> dict:
    """In this process: warm up, time `repeat` runs each beside a baseline run, then one traced run for the
    heap peak."""
    app = create_app({"DATABASE_URL": database_url})
    with app.test_request_context("/"):
        teams = db.session().scalar(select(func.count(Team.id)))
        made = MAKERS[name]()
        baseline()
        end_run()
        times, baselines = [], []
        for _ in range(repeat):
            times.append(timed(MAKERS[name]))
            baselines.append(timed(baseline))
        tracemalloc.start()
        MAKERS[name]()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    pages = made.count(b"/Type /Page\n") or made.count(b"/Type /Page")
    return {"name": name, "seconds": statistics.median(times), "baseline_seconds": statistics.median(baselines),
            "bytes": len(made), "pages": pages, "teams": teams, "heap_peak_mb": peak / 2**20,
            "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--one", choices=MAKERS, help=argparse.SUPPRESS)  # a child process's measurement
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.database_url, args.one, args.repeat)))
        return
    results = {}
    for name in MAKERS:
        repeat = max(1, args.repeat // 10) if name == "board report" else args.repeat  # 5 to 9 s each
        output = subprocess.run([sys.executable, "-m", "bench.pdf", "--database-url", args.database_url, "--one", name,
                                 "--repeat", str(repeat)], capture_output=True, text=True, check=True).stdout
        results[name] = json.loads(output.strip().splitlines()[-1])
    print(f"{'document':<22} {'time':>9} {'baseline':>9} {'x baseline':>10} {'pages':>6} {'KiB':>7} {'heap peak':>10} {'RSS peak':>9}")
    for name, r in results.items():
        print(f"{name:<22} {r['seconds'] * 1000:>6.1f} ms {r['baseline_seconds'] * 1000:>6.1f} ms "
              f"{r['seconds'] / r['baseline_seconds']:>10.1f} {r['pages']:>6} {r['bytes'] / 1024:>7.0f} "
              f"{r['heap_peak_mb']:>7.1f} MB {r['rss_peak_mb']:>6.0f} MB")
    report = results["accreditation report"]
    ratio, board = report["seconds"] / report["baseline_seconds"], results["board report"]["seconds"]
    print(f"accreditation report {ratio:.1f} x baseline (target <= {REPORT_RATIO_TARGET:.0f}): "
          f"{'ok' if ratio <= REPORT_RATIO_TARGET else 'MISSED'}")
    print(f"board report for {results['board report']['teams']} teams {board:.2f} s (target < {BOARD_SECONDS_TARGET:.0f} s): "
          f"{'ok' if board < BOARD_SECONDS_TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
