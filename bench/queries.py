"""SQL statements per main page on two seeded databases of different sizes: the counts must be equal.

    python -m bench.queries --small postgresql+psycopg://.../bench10 --large postgresql+psycopg://.../bench20k

Each page is loaded once to warm caches, then counted on a second load, signed in through the real form. The
assurance figures' kept renderings and CSV files (assurance/kept.py) and the kept blocks of pages (components.py:
the panel item's report and findings) are dropped before that second load, so it counts the statements that make
them; a reader who finds them kept costs two or three fewer.
On SQLite each page counts one statement more than on PostgreSQL: the app sends BEGIN itself there."""
import argparse
import sys
from dataclasses import dataclass

from accreditation import create_app
from accreditation.db import count_queries
from bench.targets import sign_in, targets

LIMIT = 15


@dataclass(frozen=True)
class Counted:
    name: str
    status: int
    queries: int


def count(database_url: str) -> list[Counted]:
    app = create_app({"DATABASE_URL": database_url})
    engine = app.extensions["db"].engine
    results = []
    for target in targets(engine):
        client = app.test_client()
        sign_in(client, target.email)
        client.get(target.path).close()
        for store in ("assurance_figures", "assurance_exports", "components"):
            if (kept := app.extensions.get(store)) is not None:
                kept.clear()
        with count_queries(engine) as counted:
            response = client.get(target.path)
            response.get_data()
            response.close()
        results.append(Counted(target.name, response.status_code, len(counted)))
    engine.dispose()
    return results


def compare(small_url: str, large_url: str) -> list[tuple[Counted, Counted]]:
    return list(zip(count(small_url), count(large_url)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", required=True, help="database URL of the small data set")
    parser.add_argument("--large", required=True, help="database URL of the large data set")
    args = parser.parse_args(argv)
    rows = compare(args.small, args.large)
    ok = all(s.status == l.status == 200 and s.queries == l.queries <= LIMIT for s, l in rows)
    print(f"{'page':<26} {'small':>6} {'large':>6}  status")
    for s, l in rows:
        verdict = "ok" if s.queries == l.queries <= LIMIT else ("GROWS" if s.queries != l.queries else f"> {LIMIT}")
        print(f"{s.name:<26} {s.queries:>6} {l.queries:>6}  {s.status}/{l.status} {verdict}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
