"""CPU per request of the assurance pages and the register's CSV, in this process, through the Flask test client.

    python -m bench.cpu --database-url postgresql+psycopg://.../bench20k [--repeat 30] [--only register]

Each page is loaded once, then `repeat` times "cold" (the kept renderings of the figures, and kept CSV files,
dropped before every request, so each one reads and renders its figures) and `repeat` times "kept" (as an app
server serves them once a first reader has made them). CPU is time.process_time(): this process only, so the
database server's own work is not in it (the time waiting for it is in the wall-clock figure). Signed in through
the real form."""
import argparse
import statistics
import time
from dataclasses import dataclass

from sqlalchemy import select

from accreditation import create_app
from accreditation.organisation.models import Directorate, Organisation
from bench.seed import DOMAIN
from bench.targets import sign_in


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    email: str


def pages(app) -> list[Page]:
    """The levels of the assurance view, for the first organisation and its first directorate."""
    with app.app_context():
        from accreditation import db

        session = db.session()
        organisation = session.scalar(select(Organisation.id).order_by(Organisation.id))
        directorate = session.scalar(select(Directorate.id).where(Directorate.organisation_id == organisation)
                                     .order_by(Directorate.id))
    board, qa = f"board@{DOMAIN}", f"qa@{DOMAIN}"
    return [
        Page("register", "/assurance/", board),
        Page("register, one organisation", f"/assurance/?organisation={organisation}", board),
        Page("register, one directorate", f"/assurance/?organisation={organisation}&directorate={directorate}", board),
        Page("register as QA", "/assurance/", qa),
        Page("heat map", "/assurance/heat-map", board),
        Page("heat map, one organisation", f"/assurance/heat-map?organisation={organisation}", board),
        Page("heat map, one directorate", f"/assurance/heat-map?organisation={organisation}&directorate={directorate}", board),
        Page("actions list", "/actions/", qa),
        Page("actions list, one organisation", f"/actions/?organisation={organisation}", qa),
        Page("CSV export", "/assurance/register.csv", board),
        Page("CSV export, one organisation", f"/assurance/register.csv?organisation={organisation}", board),
    ]


def _forget(app) -> None:
    for store in ("assurance_figures", "assurance_exports"):
        if (kept := app.extensions.get(store)) is not None:
            kept.clear()


def measure(app, page: Page, repeat: int) -> dict:
    client = app.test_client()
    sign_in(client, page.email)
    first = client.get(page.path)
    assert first.status_code == 200, (page.path, first.status_code)
    size = len(first.data)
    result = {"name": page.name, "kib": size / 1024}
    for mode in ("cold", "kept"):
        cpu, wall = [], []
        for _ in range(repeat):
            if mode == "cold":
                _forget(app)
            started_cpu, started = time.process_time(), time.perf_counter()
            response = client.get(page.path)
            response.get_data()
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
            assert response.status_code == 200
        result[mode] = (statistics.mean(cpu) * 1000, statistics.median(wall) * 1000)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", action="append", help="a page's name (repeatable)")
    args = parser.parse_args(argv)
    app = create_app({"DATABASE_URL": args.database_url})
    print(f"{'page':<32} {'KiB':>7} {'cold CPU':>9} {'cold wall':>10} {'kept CPU':>9} {'kept wall':>10}")
    for page in pages(app):
        if args.only and page.name not in args.only:
            continue
        r = measure(app, page, args.repeat)
        print(f"{r['name']:<32} {r['kib']:>7.0f} {r['cold'][0]:>6.1f} ms {r['cold'][1]:>7.1f} ms "
              f"{r['kept'][0]:>6.1f} ms {r['kept'][1]:>7.1f} ms", flush=True)
    app.extensions["db"].engine.dispose()


if __name__ == "__main__":
    main()
